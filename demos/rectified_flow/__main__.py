"""``python -m demos.rectified_flow``: serve the rectified-flow tab alone."""
from demos.common.launch import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.rectified_flow"])
