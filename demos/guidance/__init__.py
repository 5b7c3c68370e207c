"""The guidance tab: ``tab`` (layout and thin handlers), ``plots`` (figures), ``text`` (en, zh-CN)."""
from demos.guidance.tab import build
from demos.guidance.text import STRINGS

__all__ = ["build", "STRINGS"]
