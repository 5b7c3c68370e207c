"""``python -m demos.gan``: serve the GAN vs WGAN tab alone."""
from demos.common.launch import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.gan"])
