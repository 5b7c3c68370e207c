"""``python -m demos.flows``: serve the normalizing flows tab alone."""
from demos.common.launch import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.flows"])
