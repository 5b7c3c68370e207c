"""The ControlNet tab: ``tab`` (layout and thin handlers), ``plots`` (figures), ``text`` (en, zh-CN)."""
from demos.controlnet.tab import build
from demos.controlnet.text import STRINGS

__all__ = ["build", "STRINGS"]
