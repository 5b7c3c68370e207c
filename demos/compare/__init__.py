"""The Compare tab: ``tab`` (layout and thin handlers), ``plots`` (tables and chart), ``text`` (en, zh-CN)."""
from demos.compare.tab import build
from demos.compare.text import STRINGS

__all__ = ["STRINGS", "build"]
