"""The DDPM vs DDIM tab: ``tab`` (layout and thin handlers), ``plots`` (figures), ``text`` (en, zh-CN)."""
from demos.diffusion.tab import build
from demos.diffusion.text import STRINGS

__all__ = ["build", "STRINGS"]
