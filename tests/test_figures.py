"""The shared figure helpers: what goes on the wire."""
from __future__ import annotations

import math

from demos.common import figures as F


def test_finite_list_keeps_small_values_for_log_axes_and_breaks_lines_at_non_finite_values():
    out = F.finite_list([1.23456789, 3e-8, -1.234567e-5, float("nan"), math.inf, 0.0, 12345.6789012])
    assert out[0] == 1.234568 and out[6] == 12345.678901  # 6 decimals
    assert out[1] == 3e-8 and out[2] == -1.23457e-5  # not rounded to 0: 6 significant digits
    assert out[3] is None and out[4] is None and out[5] == 0.0


def test_pictures_carry_no_share_icon_and_canvases_no_layer_menu(app_url):
    """In the served config: no picture offers the share icon (it covered a digit, and shares nothing off
    Spaces), one-row strips carry no icon at all, and the drawing canvases have no untranslated layer menu."""
    import requests

    components = requests.get(app_url.rstrip("/") + "/config", timeout=30).json()["components"]
    images = [c["props"] for c in components if c["type"] == "image"]
    pads = [c["props"] for c in components if c["type"] in ("imageeditor", "sketchpad")]
    assert len(images) >= 20 and len(pads) >= 5
    offenders = [p.get("elem_id") for p in images if p.get("buttons") is None or "share" in p["buttons"]]
    assert offenders == []
    strips = {p.get("elem_id"): p.get("buttons") for p in images
              if p.get("elem_id") in ("gan-interp-strip", "flows-strip", "vae-interp")}  # one or two rows of frames
    assert strips == {"gan-interp-strip": [], "flows-strip": [], "vae-interp": []}
    assert all(p["layers"]["disabled"] for p in pads), [p.get("layers") for p in pads]
