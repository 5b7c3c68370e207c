"""Widgets and event settings shared by the tabs.

- Concurrency: every CPU-heavy event passes ``**CPU_HEAVY``: one shared queue group.
- ``sketchpad``: the one drawing canvas every tab uses (black pen, fixed canvas, RGBA numpy value
  ``{"background", "layers", "composite"}``), read by ``core.data.drawings``.
- ``seed_box``: the seed field every tab uses.
"""
from __future__ import annotations

import gradio as gr

from core.runtime.validation import MAX_SEED

CPU_HEAVY = dict(concurrency_id="cpu", concurrency_limit=1)  # shared group of CPU-heavy events


def sketchpad(label, side: int = 256, pen: int = 10, elem_id: str | None = None, **kwargs) -> gr.Sketchpad:
    """A square ``side``-pixel canvas with a black pen of ``pen`` pixels."""
    return gr.Sketchpad(canvas_size=(side, side), fixed_canvas=True, type="numpy", image_mode="RGBA", format="png",
                        brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=pen), label=label,
                        elem_id=elem_id, **kwargs)


def seed_box(label, value: int = 0, **kwargs) -> gr.Number:
    """A whole-number seed, 0 to ``MAX_SEED``."""
    return gr.Number(value=value, precision=0, minimum=0, maximum=MAX_SEED, label=label, **kwargs)
