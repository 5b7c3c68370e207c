"""The GAN tab's endpoints through gradio_client against a launched app."""
from __future__ import annotations

import re

import pytest
from gradio_client.exceptions import AppError

from tests.conftest import plot_json, trace_length

pytestmark = pytest.mark.api

SETTINGS = dict(loss="minimax", optimizer="adam", lr_g=1e-3, lr_d=1e-3, d_steps=1, gp_lambda=0.1, clip=0.01,
                batch_size=64, noise_dim=2, hidden=64, depth=2, seed=0)


def _args(dataset="ring", drawing=None, **changes):
    s = {**SETTINGS, **changes}
    return [dataset, drawing] + [s[k] for k in SETTINGS]


def _iteration(status: str) -> int:
    return int(re.search(r"iteration ([\d,]+)", status).group(1).replace(",", ""))


def test_live_training_streams_and_resumes(client):
    assert _iteration(client.predict(*_args(loss="wgan-gp", d_steps=5), api_name="/gan_reset")[2]) == 0
    job = client.submit(*_args(loss="wgan-gp", d_steps=5), 400, api_name="/gan_train")
    outputs = list(job)
    assert len(outputs) >= 3
    statuses = [o[2] for o in outputs]
    iterations = [_iteration(s) for s in statuses]
    assert iterations == sorted(iterations) and iterations[-1] == 400
    assert "updates/s" in statuses[-1] and "modes" in statuses[-1] and "W1 estimate" in statuses[-1]
    plane, curves = plot_json(outputs[-1][0]), plot_json(outputs[-1][1])
    kinds = [t["type"] for t in plane["data"]]
    assert kinds[0] == "heatmap" and kinds.count("scatter") >= 4  # critic, samples, arrows, heads, data
    assert trace_length(next(t for t in plane["data"] if t.get("name") == "real data")) > 100
    lines = {t["name"]: t for t in curves["data"]}
    assert max(lines["G loss"]["x"]) == 400 and min(lines["G loss"]["x"]) <= 20  # the whole run so far
    assert "sliced W2" in lines and "modes covered (% of 8)" in lines
    # Same settings, same session: the run resumes; a changed learning rate applies mid-run.
    more = list(client.submit(*_args(loss="wgan-gp", d_steps=5, lr_g=5e-4), 100, api_name="/gan_train"))
    assert _iteration(more[-1][2]) == 500
    stepped = client.predict(*_args(loss="wgan-gp", d_steps=5), api_name="/gan_step")
    assert _iteration(stepped[2]) == 501
    fresh = client.predict(*_args(loss="wgan-gp", d_steps=5), api_name="/gan_reset")
    assert _iteration(fresh[2]) == 0
    other = client.predict(*_args(loss="wgan-gp", d_steps=5, seed=1), api_name="/gan_step")
    assert _iteration(other[2]) == 1  # a new seed starts a new run


def test_pause_ends_the_stream_with_a_last_frame(client):
    import time

    client.predict(*_args(), api_name="/gan_reset")
    job = client.submit(*_args(), 20_000, api_name="/gan_train")
    while len(job.outputs()) < 2:
        time.sleep(0.1)
    client.predict(api_name="/gan_pause")  # pauses this session's run
    outputs = list(job)
    last = _iteration(outputs[-1][2])
    assert 0 < last < 20_000  # stopped early, and the last frame shows where
    stepped = client.predict(*_args(), api_name="/gan_step")
    assert _iteration(stepped[2]) == last + 1  # the paused run resumes from that frame


def test_training_can_be_cancelled(client):
    job = client.submit(*_args(), 20_000, api_name="/gan_train")
    for i, _ in enumerate(job):
        if i >= 1:
            break
    job.cancel()
    out = client.predict(*_args(dataset="moons"), api_name="/gan_reset")  # the queue is free again
    assert "modes" not in out[2]  # no modes to count on moons


def test_shipped_run_loads_with_its_settings(client):
    out = client.predict("wgan-gp", "ring", 0, api_name="/gan_load")
    plane, curves, status, dataset, loss, optimizer, lr_g, lr_d, d_steps = out[:9]
    assert "gan-2d-ring-wgan-gp-s0" in status and "modes 8/8" in status
    assert re.search(r"high-quality [\d.]+% \[[\d.]+, [\d.]+\]", status)  # a quality figure with its interval
    assert (dataset, loss, optimizer, d_steps) == ("ring", "wgan-gp", "adam", 5)
    # the run recorded W2 and coverage at its end only: those points carry their values, and a note says why
    fig = plot_json(curves)
    labelled = {t["name"]: t.get("text") for t in fig["data"]}
    assert labelled["modes covered (% of 8)"] == ["100%"] and labelled["sliced W2"][0].startswith("0.")
    assert any("only at its end" in a["text"] for a in fig["layout"]["annotations"])
    assert all(fig["layout"][f"yaxis{s}"]["title"]["text"] for s in ("", "2", "3"))  # every panel's y-axis titled


def test_shipped_tables_fit_a_phone(monkeypatch):
    """The shipped runs' figures in two tables of a label column and two figures (seven columns ran to 1,235 px on a
    390 px phone): the means over the seeds as ``mean [lo, hi]``, and each seed's figures, in both languages."""
    from core.data.mixtures import MIXTURES
    from core.gan.losses import LOSSES
    from core.gan.recipes import SEEDS, shipped_summary
    from demos.common import i18n
    from demos.gan.tab import shipped_tables

    interval = re.compile(r"^-?[\d.]+ \[-?[\d.]+, -?[\d.]+\]$")
    per_seed = re.compile(rf"^[\d.]+( / [\d.]+){{{len(SEEDS) - 1}}}$")
    for locale in ("en", "zh-CN"):
        monkeypatch.setattr(i18n, "request_locale", lambda locale=locale: locale)
        means, seeds = shipped_tables()
        for table in (means, seeds):
            assert table.shape == (len(LOSSES) * len(MIXTURES), 3)  # a label column and two figures
            assert list(table.iloc[:, 0]) == list(means.iloc[:, 0])  # the same runs, in the same order
        assert all(interval.match(v) for v in means.iloc[:, 1:].to_numpy().ravel())
        assert all(per_seed.match(v) for v in seeds.iloc[:, 1:].to_numpy().ravel())
    assert means.iloc[0, 0] == "minimax · ring（8 个模式）" and list(seeds.columns) == ["运行", "覆盖的模式", "高质量 %"]
    ring = {r["loss"]: r for r in shipped_summary("ring")}["wgan-gp"]  # the figures are the recorded ones
    row = means.index[means.iloc[:, 0].str.startswith("wgan-gp · ring")][0]
    assert means.iloc[row, 1] == "{:.1f} [{:.1f}, {:.1f}]".format(*ring["hq_percent_mean"])
    assert means.iloc[row, 2] == "{:.2f} [{:.2f}, {:.2f}]".format(*ring["w2_ratio_mean"])
    assert seeds.iloc[row, 1] == " / ".join(str(m) for m in ring["modes"])


def test_a_fresh_run_starts_from_the_recommended_rates(client):
    """The shipped run shows the rates its schedule started from (the loss's recommended ones): a new run on other
    data or after Reset trains at them; only going on with the shipped run trains at the rates it ended with."""
    from core.gan.train import recommended

    rec = recommended("wgan-gp")
    out = client.predict("wgan-gp", "ring", 0, api_name="/gan_load")
    shown = list(out[4:4 + len(SETTINGS)])  # the settings put into the controls, in the endpoints' order
    assert shown[:4] == ["wgan-gp", rec.optimizer, rec.lr_g, rec.lr_d]
    going_on = client.predict("ring", None, *shown, api_name="/gan_step")[2]
    assert _iteration(going_on) == 6001 and "learning rates 1e-05 / 1e-05 (the shipped run's last: 1%" in going_on
    for dataset, api in [("moons", "/gan_reset"), ("ring", "/gan_reset")]:
        fresh = client.predict(dataset, None, *shown, api_name=api)[2]
        assert _iteration(fresh) == 0 and "learning rates" not in fresh
        stepped = client.predict(dataset, None, *shown, api_name="/gan_step")[2]
        assert _iteration(stepped) == 1 and "learning rates" not in stepped


def test_the_page_opens_with_the_recommended_rates():
    """What the sandbox opens with (the shipped run on screen) puts the loss's recommended rates in the controls."""
    from core.gan.sandbox import Settings
    from core.gan.train import recommended
    from demos.gan.tab import shipped_view

    shown = Settings(*shipped_view()[-len(SETTINGS):])
    rec = recommended(shown.loss)
    assert (shown.optimizer, shown.lr_g, shown.lr_d, shown.d_steps) == (rec.optimizer, rec.lr_g, rec.lr_d, rec.d_steps)


def test_defaults_follow_the_loss(client):
    assert client.predict("wgan", api_name="/gan_defaults")[0] == "rmsprop"
    assert client.predict("wgan-gp", api_name="/gan_defaults")[3] == 5


@pytest.mark.parametrize("changes, iterations, message", [
    (dict(loss="lsgan"), 10, "not in the list of choices"),
    (dict(lr_g=5.0), 10, "maximum value"),
    (dict(d_steps=0), 10, "minimum value 1"),
    (dict(hidden=4), 10, "minimum value 8"),
    (dict(seed=-1), 10, "minimum value 0"),
    (dict(dataset="drawing"), 10, "canvas is empty"),
    (dict(), 10**6, "maximum value 20000"),
    (dict(dataset="mystery"), 10, "not in the list of choices"),
])
def test_training_rejects_bad_input(client, changes, iterations, message):
    dataset = changes.pop("dataset", "ring")
    with pytest.raises(AppError) as err:
        client.predict(*_args(dataset=dataset, **changes), iterations, api_name="/gan_train")
    assert message in str(err.value).lower()


def test_other_endpoints_reject_bad_input_and_server_keeps_serving(client):
    for args, api in [(("wgan-gp", "ring", 7), "/gan_load"), (("lsgan", "ring", 0), "/gan_load"),
                      ((65, 0), "/gan_digits"), ((8, "x"), "/gan_digits"), ((0, 1, 40), "/gan_interpolate"),
                      ((5, 0), "/gan_why_wasserstein"), (("boom",), "/gan_defaults")]:
        with pytest.raises(AppError):
            client.predict(*args, api_name=api)
    image, hist, table = client.predict(8, 0, api_name="/gan_digits")
    assert str(image).endswith(".png")


def test_digits_gallery_and_verdict(client):
    image, hist, table = client.predict(16, 0, api_name="/gan_digits")
    stats = {row[0]: row[1] for row in table["data"]}
    assert stats["mean classifier confidence"] >= 0.8
    assert stats["classes present (of 10)"] == 10
    assert stats["Fréchet / floor"] <= 5.0
    again = client.predict(16, 0, api_name="/gan_digits")[2]
    assert again["data"] == table["data"]  # same seed, same samples


def test_digits_verdict_says_how_many_of_the_samples_scored_are_shown(monkeypatch):
    """The gallery shows the first n of the JUDGED samples scored; the verdict over all of them says so, in both
    languages (it read "256 samples" beside a "32" slider)."""
    import json

    from core.gan.digits import JUDGED
    from demos.common import i18n
    from demos.gan.tab import generate_digits

    for locale, first, second in [("en", f"shown: 16 of the {JUDGED} samples scored", f"all {JUDGED} counted here"),
                                  ("zh-CN", f"显示：评分的 {JUDGED} 个样本中的前 16 个", f"此处统计全部 {JUDGED} 个")]:
        monkeypatch.setattr(i18n, "request_locale", lambda locale=locale: locale)
        hist = generate_digits(16, 0)[1]
        fig = json.loads(hist.plot)
        title = fig["layout"]["title"]["text"].split("<br>")
        assert title[0] == first and title[1].startswith(second)
        assert sum(fig["data"][0]["y"]) == JUDGED  # the bars count every sample scored


def test_interpolation_strip(client):
    image, labels = client.predict(1, 2, 6, api_name="/gan_interpolate")
    assert str(image).endswith(".png")
    assert labels.count("→") == 5


def test_why_wasserstein_streams_one_update_per_distance(client):
    from core.gan.experiment import DISTANCES

    outputs = list(client.submit(20, 0, api_name="/gan_why_wasserstein"))
    assert len(outputs) == len(DISTANCES)


def test_why_wasserstein_keeps_tiny_gradients_on_its_log_axis():
    """The saved figure's minimax-GAN gradients fall to ~1e-8: each is drawn, none rounded to 0 (off a log axis)."""
    import base64
    import json
    from types import SimpleNamespace

    import numpy as np

    from demos.common.results import load_result
    from demos.gan.plots import js_w1_figure

    rows = load_result("gan_js_w1")["rows"]
    fig = json.loads(js_w1_figure([SimpleNamespace(**r) for r in rows]).plot)
    minimax = fig["data"][0]["y"]
    drawn = np.frombuffer(base64.b64decode(minimax["bdata"]), dtype=np.float32)
    assert min(r["grad_js"] for r in rows) < 1e-6 and (drawn > 0).all()
    np.testing.assert_allclose(drawn, [max(r["grad_js"], 1e-12) for r in rows], rtol=1e-6)
    # one panel above the other (side by side, a phone overlapped their axis titles), each with its own legend
    assert fig["layout"]["xaxis"]["domain"] == fig["layout"]["xaxis2"]["domain"] == [0, 1]
    assert {t.get("legend", "legend") for t in fig["data"]} == {"legend", "legend2"}


def test_why_wasserstein_opens_with_w1_estimates_near_the_truth():
    """The saved figure the page opens with (the default settings): every W1 estimate lies within W1_TOLERANCE of the
    true W1 = theta (it read 4.8 at theta = 4, the critic's raw gap), drawn inside that band beside the raw gap."""
    import json
    from types import SimpleNamespace

    import numpy as np

    from core.gan.experiment import W1_TOLERANCE, ExperimentConfig
    from demos.common.results import load_result
    from demos.gan.plots import js_w1_figure
    from demos.gan.tab import saved_js_w1

    saved = load_result("gan_js_w1")
    assert saved["config"] == json.loads(json.dumps(vars(ExperimentConfig())))
    rows = saved["rows"]
    theta = np.array([r["theta"] for r in rows])
    np.testing.assert_allclose([r["w1_estimate"] for r in rows], theta, rtol=W1_TOLERANCE)
    assert max(r["w1_gap"] for r in rows) > (1 + W1_TOLERANCE) * theta.max()  # the raw gap, shown, overshoots
    fig = json.loads(js_w1_figure([SimpleNamespace(**r) for r in rows]).plot)
    traces = {t["name"]: t for t in fig["data"] if t.get("showlegend", True)}
    lines = {k: traces[k]["y"] for k in ("W1 estimate = gap / slope", "critic's raw gap E f(x) − E f(x+θ)")}
    np.testing.assert_allclose(lines["W1 estimate = gap / slope"], [r["w1_estimate"] for r in rows], rtol=1e-4)
    np.testing.assert_allclose(lines["critic's raw gap E f(x) − E f(x+θ)"], [r["w1_gap"] for r in rows], rtol=1e-4)
    band = traces[f"true W1 ± {100 * W1_TOLERANCE:.0f}%"]
    np.testing.assert_allclose(band["y"], theta * (1 + W1_TOLERANCE), rtol=1e-4)
    last = rows[-1]  # the page's line under the figure: the estimate at the largest distance beside the truth
    summary = saved_js_w1()[1]
    assert f"W1 estimate {last['w1_estimate']:.3f}, true W1 {last['theta']:.3f}" in summary
    assert f"raw gap {last['w1_gap']:.3f}" in summary and f"slope {last['slope']:.3f}" in summary
