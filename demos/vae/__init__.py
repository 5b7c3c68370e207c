"""The VAE tab: ``tab`` (layout and thin handlers), ``plots`` (figures and images), ``text`` (en, zh-CN)."""
from demos.vae.tab import build
from demos.vae.text import STRINGS

__all__ = ["STRINGS", "build"]
