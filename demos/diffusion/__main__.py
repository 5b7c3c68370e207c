"""``python -m demos.diffusion``: serve the DDPM vs DDIM tab alone."""
from demos.common.launch import serve_tabs

if __name__ == "__main__":
    serve_tabs(["demos.diffusion"])
