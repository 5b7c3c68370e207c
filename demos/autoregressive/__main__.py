"""``python -m demos.autoregressive``: serve the autoregressive tab alone."""
from demos.common.launch import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.autoregressive"])
