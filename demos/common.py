"""Conventions every tab follows: translated text, error reporting, concurrency, image display.

- Text: every label is ``t("key")``; each tab's ``STRINGS`` gives the key in ``"en"`` and
  ``"zh-CN"``, and ``app.py`` merges them into one ``gr.I18n``.
- Errors: handlers are wrapped with ``@reports_errors`` so that core's ``InvalidInput`` becomes a
  ``gr.Error`` naming the valid range, and the server keeps serving.
- Concurrency: every CPU-heavy event passes ``**CPU_HEAVY``: one shared queue group.
- Images: digits are upscaled by nearest neighbour to ``DIGIT_PX`` pixels and sent as PNG.
- Figures redrawn per request or per frame are written as Plotly JSON directly (``plotly_json``):
  plotly.py's validation costs 10-30 ms a figure (``make_subplots`` alone), more than the sampling.
"""
from __future__ import annotations

import base64
import functools
import inspect
import json

import gradio as gr
import numpy as np
from gradio.components.plot import PlotData
from gradio.i18n import I18nData

from core.validation import InvalidInput

CPU_HEAVY = dict(concurrency_id="cpu", concurrency_limit=1)  # shared group of CPU-heavy events
DIGIT_PX = 96  # on-screen size of one 8x8 digit, in pixels
PLOT_HEIGHT = 420  # height of the Plotly figures, in pixels

STRINGS = {
    "en": {
        "app.title": "GenLab — an interactive lab of generative models",
        "app.intro": "Each tab trains and samples real models on this machine. Turn a knob and watch samples, "
                     "trajectories and metrics change.",
    },
    "zh-CN": {
        "app.title": "GenLab — 生成模型交互实验室",
        "app.intro": "每个标签页都在本机上训练并采样真实的模型。调节参数，观察样本、轨迹和指标的变化。",
    },
}


def plotly_json(data: list[dict], layout: dict) -> PlotData:
    """A Plotly figure for ``gr.Plot`` from plain trace and layout dicts, without plotly.py's validation."""
    return PlotData(type="plotly", plot=json.dumps({"data": data, "layout": layout}, allow_nan=False))


def typed_array(values) -> dict:
    """float32 values as a Plotly typed array (base64), as plotly.py sends numpy arrays; NaN stays NaN
    (a break in a line) and the JSON stays about 4 bytes a number."""
    raw = np.ascontiguousarray(values, dtype=np.float32).tobytes()
    return {"dtype": "f4", "bdata": base64.b64encode(raw).decode("ascii")}


def t(key: str) -> I18nData:
    """A translated piece of UI text (looked up in the browser's language)."""
    return I18nData(key)


def reports_errors(fn):
    """Turn ``InvalidInput`` from core into ``gr.Error`` (plain functions and generators alike)."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except InvalidInput as e:
                raise gr.Error(str(e)) from None
        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InvalidInput as e:
            raise gr.Error(str(e)) from None
    return wrapper


def digit_grid(pixels: np.ndarray, cols: int = 8, px: int = DIGIT_PX, gap: int = 4) -> np.ndarray:
    """Tile uint8 digits ``(N, h, w)`` into one crisp RGB image, each digit ``px`` pixels wide, ink dark on white."""
    n, h, w = pixels.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    scale = max(1, px // w)
    tile = np.kron(255 - pixels, np.ones((1, scale, scale), dtype=np.uint8))
    th, tw = tile.shape[1:]
    canvas = np.full((rows * (th + gap) + gap, cols * (tw + gap) + gap), 235, dtype=np.uint8)
    for i in range(n):
        r, c = divmod(i, cols)
        canvas[gap + r * (th + gap): gap + r * (th + gap) + th, gap + c * (tw + gap): gap + c * (tw + gap) + tw] = tile[i]
    return np.repeat(canvas[..., None], 3, axis=2)
