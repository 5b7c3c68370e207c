"""Widgets and event settings shared by the tabs.

- Concurrency: every CPU-heavy event passes ``**CPU_HEAVY``: one shared queue group.
- ``sketchpad``: the one drawing canvas every tab uses (black pen, fixed canvas, RGBA numpy value
  ``{"background", "layers", "composite"}``), read by ``core.data.drawings``.
- ``seed_box``: the seed field every tab uses.
- ``on_page_load``: fill a view when the page opens, so no view is a grid of empty boxes; the result
  is computed once per language (the defaults are seeded, so it is the same for every visitor).
"""
from __future__ import annotations

import threading
from typing import Callable, Sequence

import gradio as gr

from core.runtime.validation import MAX_SEED
from demos.common.i18n import request_locale

# The app's style sheet (``app.launch_options``): gallery captions under the images instead of over their
# bottom, equations scroll inside their box on phones.
CSS = """
.gallery-captions .thumbnail-item { aspect-ratio: auto; display: flex; flex-direction: column; overflow: visible; }
.gallery-captions .thumbnail-item img { aspect-ratio: 1 / 1; object-fit: contain; }
.gallery-captions .caption-label { position: static; max-width: 100%; opacity: 1; border: none; background: none;
  text-align: center; padding: 2px 0; white-space: normal; }
.gallery-captions .grid-container { grid-template-columns: repeat(4, minmax(0, 1fr)); }
.katex-display { overflow-x: auto; overflow-y: hidden; padding-bottom: 2px; }
@media (max-width: 640px) { .katex-display { font-size: 0.8em; } }
"""
CPU_HEAVY = dict(concurrency_id="cpu", concurrency_limit=1)  # shared group of CPU-heavy events


def sketchpad(label, side: int = 256, pen: int = 10, elem_id: str | None = None, **kwargs) -> gr.Sketchpad:
    """A square ``side``-pixel canvas with a black pen of ``pen`` pixels."""
    return gr.Sketchpad(canvas_size=(side, side), fixed_canvas=True, type="numpy", image_mode="RGBA", format="png",
                        brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=pen), label=label,
                        elem_id=elem_id, **kwargs)


def seed_box(label, value: int = 0, **kwargs) -> gr.Number:
    """A whole-number seed, 0 to ``MAX_SEED``."""
    return gr.Number(value=value, precision=0, minimum=0, maximum=MAX_SEED, label=label, **kwargs)


def on_page_load(fn: Callable[[], tuple], outputs: Sequence[gr.components.Component], per_visitor: bool = False,
                 initial=None) -> None:
    """Run ``fn()`` (no inputs, the view's default settings) into ``outputs`` when the page loads, once per
    language (later visitors get the stored result), or for every visitor if ``per_visitor`` (e.g. when
    an output is the visitor's own ``gr.State``). ``initial``: ``fn()``'s result already computed at build
    time (outside a request, so in English): the English page then reuses it instead of computing it again
    while the page opens. Call inside the app's ``gr.Blocks``."""
    from gradio.context import Context

    done: dict[str, tuple] = {} if initial is None else {"en": initial}
    lock = threading.Lock()

    def load():
        if per_visitor:
            return fn()
        locale = request_locale()
        with lock:
            if locale not in done:
                done[locale] = fn()
            return done[locale]

    Context.root_block.load(load, None, list(outputs), api_name=False, show_progress="hidden", queue=True)


def pause_live(state) -> None:
    """The pause button of every live-training view (an event with ``queue=False``): end the running
    training call of the session's ``state`` after its current update. ``state`` is whatever the tab
    keeps in ``gr.State`` with a ``core.train.live.LiveSession`` as ``.session`` (or ``None``)."""
    session = getattr(state, "session", None)
    if session is not None:
        session.pause()
