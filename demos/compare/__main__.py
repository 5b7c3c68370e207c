"""``python -m demos.compare``: serve the Compare tab alone."""
from demos.common.launch import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.compare"])
