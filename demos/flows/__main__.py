"""``python -m demos.flows``: serve the normalizing flows tab alone."""
from app import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.flows"])
