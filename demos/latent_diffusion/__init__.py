"""The latent diffusion tab: ``tab`` (layout and thin handlers), ``plots`` (pictures and charts), ``text`` (en, zh-CN)."""
from demos.latent_diffusion.tab import build
from demos.latent_diffusion.text import STRINGS

__all__ = ["STRINGS", "build"]
