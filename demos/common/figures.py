"""Figures as Plotly JSON for ``gr.Plot``, written directly: plotly.py's validation costs 10-30 ms
a figure (``make_subplots`` alone), more than the sampling behind it."""
from __future__ import annotations

import base64
import json

import numpy as np
from gradio.components.plot import PlotData

PLOT_HEIGHT = 420  # height of the Plotly figures, in pixels


def plotly_json(data: list[dict], layout: dict) -> PlotData:
    """A Plotly figure for ``gr.Plot`` from plain trace and layout dicts, without plotly.py's validation."""
    return PlotData(type="plotly", plot=json.dumps({"data": data, "layout": layout}, allow_nan=False))


def typed_array(values) -> dict:
    """float32 values as a Plotly typed array (base64), as plotly.py sends numpy arrays; NaN stays NaN
    (a break in a line) and the JSON stays about 4 bytes a number."""
    raw = np.ascontiguousarray(values, dtype=np.float32).tobytes()
    return {"dtype": "f4", "bdata": base64.b64encode(raw).decode("ascii")}
