"""The rectified-flow tab: ``tab`` (layout and thin handlers), ``plots`` (figures), ``text`` (en, zh-CN)."""
from demos.rectified_flow.tab import build
from demos.rectified_flow.text import STRINGS

__all__ = ["build", "STRINGS"]
