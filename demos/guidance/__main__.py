"""``python -m demos.guidance``: serve the guidance tab alone."""
from app import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.guidance"])
