"""The normalizing flows tab: ``tab`` (layout and thin handlers), ``plots`` (figures), ``text`` (en, zh-CN)."""
from demos.flows.tab import build
from demos.flows.text import STRINGS

__all__ = ["build", "STRINGS"]
