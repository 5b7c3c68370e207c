"""The Compare tab's endpoints through gradio_client against a launched app: the table holds every digits model
of the lab with a kind, the live row agrees with the table's, and bad inputs are refused naming the problem, in
English and in Chinese."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

from core.compare.request import DEFAULTS as D
from core.compare.request import ODE_BUDGET, load_table
from tests.conftest import plot_json

pytestmark = pytest.mark.api

DIGITS_MODELS = ("ar-fvsbn", "ar-nade", "ar-made", "ar-pixelcnn", "flow-digits", "vae-digits-logistic", "vae-z16",
                 "vae-z2-beta0.25", "vae-z2-beta1", "vae-z2-beta2", "vae-z2-beta4", "digits-unet (VLB)",
                 "digits-unet (ODE)", "rf-digits-1 (ODE)", "rf-digits-2 (ODE)", "gan-digits", "vqvae-k16",
                 "vqvae-k64", "vqvae-k256", "vqvae-k64-prior")  # every digits model of the lab


@pytest.fixture(scope="module")
def zh_client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False, headers={"Accept-Language": "zh-CN,zh;q=0.9"})


def test_the_table_holds_every_digits_model_with_its_kind(client):
    bits, other, none, quality, iwae, ode, ddpm, chart, verdict = client.predict(api_name="/compare_digits")
    shown = {r[0] for t in (bits, other, none) for r in t["data"]}
    assert set(DIGITS_MODELS) <= shown
    for t in (bits, other, none, quality, iwae, ode):
        assert len(t["headers"]) <= 4  # every figure in view on a phone
    kinds = {r[0]: r[2] for r in bits["data"]}
    assert kinds["ar-pixelcnn"] == "exact" and kinds["flow-digits"] == "bound"
    assert kinds["rf-digits-1 (ODE)"] == "estimate" and kinds["digits-unet (VLB)"] == "bound"
    assert kinds["rf-digits-2 (ODE)"].startswith("estimate (")  # a subsample, and the row says so
    values = {r[0]: float(r[1].split(" [")[0]) for r in bits["data"]}
    assert values["uniform"] == pytest.approx(4.087, abs=1e-3)
    assert values["ar-pixelcnn"] < values["independent pixels"] < values["uniform"]
    assert values["Parzen: training set"] < min(v for k, v in values.items() if k.startswith("Parzen: ") and "training" not in k)
    assert "Best likelihood" in verdict and "Best samples" in verdict
    assert len(ddpm["data"]) == 4  # L_T, the sum over t, L_0, the total
    assert len(plot_json(chart)["data"]) >= 8  # one marker per model with a likelihood and samples


def test_the_live_row_agrees_with_the_table(client):
    table, caption = client.predict("ar-pixelcnn", 360, 1, api_name="/compare_row")
    live, recorded = table["data"][0][1], table["data"][0][2]
    assert live == recorded  # exact, from the same weights: the same digits give the same figure
    assert "ar-pixelcnn" in caption
    table, _ = client.predict(D.model, D.digits, D.probes, api_name="/compare_row")
    assert table["data"][1][1] == str(D.digits)


@pytest.mark.parametrize("args, en, zh", [
    (("gan-digits", 60, 1), "must be one of", "必须是以下之一"),
    (("flow-digits", 1000, 1), "must be from 2 to 360", "必须在 2 到 360 之间"),
    (("rf-digits-1", 10, 0), "must be from 1 to 16", "必须在 1 到 16 之间"),
    (("rf-digits-1", 60, 16), f"at most {ODE_BUDGET} digit-probes", f"最多计算 {ODE_BUDGET} 个"),
])
def test_bad_inputs_name_the_problem_in_both_languages(client, zh_client, args, en, zh):
    for c, text in ((client, en), (zh_client, zh)):
        with pytest.raises(AppError, match=text):
            c.predict(*args, api_name="/compare_row")


def test_the_benchmark_table_is_shipped():
    table = load_table()
    assert table is not None and not table["quick"]
