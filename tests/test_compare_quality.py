"""The digits table recomputed from the weights where it is cheap: the exact and dequantized rows equal the
benchmark's and the checkpoints' own figures, and the shipped VAEs' importance-weighted bounds do not fall as k
grows."""
from __future__ import annotations

import pytest

from core.compare import digits as D
from core.compare.request import load_table
from core.runtime import checkpoints

pytestmark = pytest.mark.quality


def _recorded(model: str) -> dict:
    return next(r for r in load_table()["rows"] if r["model"] == model)


def test_exact_and_dequantized_rows_match_the_table_and_the_checkpoints():
    flow = D.flow_row()
    assert flow["value"] == pytest.approx(checkpoints.quality("flow-digits")["test_bpd"], abs=1e-6)  # one convention
    pixelcnn = D.autoregressive_row("ar-pixelcnn")
    assert pixelcnn["value"] == pytest.approx(checkpoints.quality("ar-pixelcnn")["test"]["order_0"]["bits_per_pixel"],
                                              abs=1e-6)
    for r in (flow, pixelcnn):
        rec = _recorded(r["model"])
        assert (r["value"], r["value_lo"], r["value_hi"]) == pytest.approx(
            (rec["value"], rec["value_lo"], rec["value_hi"]), abs=1e-6)


def test_the_vae_bounds_do_not_fall_from_k_1_to_1000():
    """On 40 test digits: -L_1000 <= -L_1 beyond the noise of the mean (the upper end of L_1000's interval)."""
    cat = D.vae_row(checkpoints.load_model("vae-digits-logistic"), ks=(1, 1000), n=40)["details"]["iwae"]
    z16 = D.bernoulli_vae_row("vae-z16", ks=(1, 1000), n=40)["details"]["iwae"]
    for iwae, key in ((cat, "bits_per_pixel"), (z16, "nats")):
        assert iwae["1000"][key] < iwae["1"][key]  # the bound tightens (-L_k in bits or nats falls)
    assert cat["1000"]["bits_per_pixel"] < 2.43  # better than independent pixels
