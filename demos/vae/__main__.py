"""``python -m demos.vae``: serve the VAE tab alone."""
from demos.common.launch import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.vae"])
