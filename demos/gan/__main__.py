"""``python -m demos.gan``: serve the GAN vs WGAN tab alone."""
from app import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.gan"])
