"""``python -m demos.latent_diffusion``: serve the latent diffusion tab alone."""
from demos.common.launch import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.latent_diffusion"])
