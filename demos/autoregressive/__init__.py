"""The autoregressive tab: ``tab`` (layout and thin handlers), ``plots`` (figures), ``text`` (en, zh-CN)."""
from demos.autoregressive.tab import build
from demos.autoregressive.text import STRINGS

__all__ = ["build", "STRINGS"]
