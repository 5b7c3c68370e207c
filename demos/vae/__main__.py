"""``python -m demos.vae``: serve the VAE tab alone."""
from app import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.vae"])
