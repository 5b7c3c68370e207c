"""The GAN vs WGAN tab: ``tab`` (layout and thin handlers), ``plots`` (figures), ``text`` (en, zh-CN)."""
from demos.gan.tab import build
from demos.gan.text import STRINGS

__all__ = ["build", "STRINGS"]
