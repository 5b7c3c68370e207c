"""The score field, the Langevin/PC request and the SDE-vs-ODE request (core.diffusion.fields, .framework)."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from core.diffusion import fields
from core.diffusion import framework as fw
from core.runtime.validation import InvalidInput
from core.sampling import karras
from tests.test_karras import MU, S, config, oracle

DEFAULTS = dict(dataset="8gaussians", method="langevin", levels=3, steps_per_level=4, log10_step_size=-4, steps=5,
                snr=0.16, corrector_steps=1, predictor="sde", n=200, seed=0)


def _langevin(**kw):
    return fw.langevin_request(**{**DEFAULTS, **kw})


def test_display_arrows_keep_direction_and_stay_inside_a_cell():
    score = np.array([[3.0, 4.0], [0.0, -1e-3], [1e4, 0.0], [0.0, 0.0]])
    arrows = fields.display_arrows(score, cell=0.5)
    lengths = np.linalg.norm(arrows, axis=1)
    assert np.all(lengths <= 0.85 * 0.5 + 1e-12)
    assert lengths[2] > lengths[0] > lengths[1] > 0 and lengths[3] == 0  # monotone in |score|
    np.testing.assert_allclose(arrows[0] / lengths[0], [0.6, 0.8])


def test_oracle_field_is_the_gaussian_score_and_sharpens():
    """On N(MU, S^2) data the field is exactly -(x - MU) / (S^2 + sigma^2) and x0_hat shrinks toward MU."""
    cfg = config()
    denoiser = karras.Denoiser(oracle(karras.VPSigmas(cfg)), cfg)
    norms = []
    for sigma in (3.0, 0.3):
        f = fields.score_field(denoiser, sigma, side=9, extent=3.0)
        assert f.at.shape == (81, 2) and f.arrows.shape == (81, 2)
        expected = -(f.at - MU.numpy()) / (S * S + sigma * sigma)
        np.testing.assert_allclose(f.score, expected, rtol=1e-3, atol=1e-4)
        w = S * S / (S * S + sigma * sigma)
        np.testing.assert_allclose(f.denoised, MU.numpy() + w * (f.at - MU.numpy()), atol=1e-4)
        norms.append(np.linalg.norm(f.score, axis=1).mean())
    assert norms[1] > 5 * norms[0]  # the field sharpens as sigma falls


def test_score_field_request_bounds():
    view = fw.score_field_request("moons", -1.0, 11)
    assert view.field.sigma == pytest.approx(0.1) and view.field.at.shape == (121, 2)
    assert view.real.shape == view.noisy.shape == (1000, 2)
    for args, message in [(("moons", -3, 11), "log10 sigma must be from -2 to 1.5"),
                          (("moons", 0, 99), "grid side must be from 5 to 41"),
                          (("moons", float("nan"), 11), "finite"),
                          (("drawing", 0, 11), "dataset must be one of")]:
        with pytest.raises(InvalidInput, match=message):
            fw.score_field_request(*args)


def test_langevin_request_frames_and_nfe():
    run = _langevin()
    assert run.nfe == 12 and run.x.shape == (200, 2)
    assert [f.step for f in run.frames] == list(range(13))  # the start and every step (few steps)
    assert [f.level for f in run.frames[1:]] == [0] * 4 + [1] * 4 + [2] * 4
    assert run.frames[1].sigma == pytest.approx(fw.LANGEVIN.sigma_max)
    assert run.frames[-1].sigma == pytest.approx(fw.LANGEVIN.sigma_min)
    assert np.allclose(run.frames[-1].x, run.x[:fw.FRAME_POINTS])
    assert {"w2", "floor", "modes"} <= set(run.metrics)
    long = _langevin(levels=20, steps_per_level=50)
    assert len(long.frames) == fw.MAX_FRAMES + 1 and long.frames[-1].step == 1000


def test_pc_request_counts_corrector_evaluations():
    run = _langevin(method="pc", steps=6, corrector_steps=2, predictor="ode")
    assert run.nfe == 6 * 3 and len(run.frames) == 7 and run.frames[-1].sigma == 0


def test_same_seed_same_particles():
    assert np.array_equal(_langevin(seed=3).x, _langevin(seed=3).x)
    assert not np.array_equal(_langevin(seed=3).x, _langevin(seed=4).x)


@pytest.mark.parametrize("kw, message", [
    (dict(method="euler"), "method must be one of"),
    (dict(levels=0), "levels must be from 1 to 30"),
    (dict(steps_per_level=500), "steps per level must be from 1 to 200"),
    (dict(log10_step_size=0.5), "log10 step size must be from -7 to -1"),
    (dict(method="pc", snr=-0.1), "snr must be from 0 to 1"),
    (dict(method="pc", corrector_steps=11), "corrector steps must be from 0 to 10"),
    (dict(method="pc", predictor="heun"), "predictor must be one of"),
    (dict(method="pc", steps=0), "steps must be from 1 to 200"),
    (dict(n=5), "number of points must be from 10 to 5000"),
    (dict(seed=-1), "seed must be from 0"),
    (dict(levels=30, steps_per_level=100), "levels x steps per level must be at most 2000 network evaluations; got 3000"),
    (dict(method="pc", steps=200, corrector_steps=10), "must be at most 2000 network evaluations; got 2200"),
    (dict(dataset="ring"), "dataset must be one of"),
])
def test_langevin_request_rejects_bad_input(kw, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        _langevin(**kw)


def test_langevin_request_validates_only_the_method_it_runs():
    """The form sends every setting of both methods; the one not run is neither checked nor used."""
    other_pc = dict(steps=10**6, snr=-1, corrector_steps=99, predictor="heun")
    assert np.array_equal(_langevin(seed=3, **other_pc).x, _langevin(seed=3).x)
    other_langevin = dict(levels=0, steps_per_level=10**6, log10_step_size=5.0)
    assert np.array_equal(_langevin(method="pc", seed=3, **other_langevin).x, _langevin(method="pc", seed=3).x)
    with pytest.raises(TypeError):
        fw.langevin_request("8gaussians", "langevin", 3, 4)  # settings are keyword-only


def test_sde_ode_request_same_start_and_determinism():
    res = fw.sde_ode_request("8gaussians", 10, 300, 16, 0)
    assert res.nfe == {"sde": 10, "ode": 10}
    assert res.paths["sde"].shape == (fw.PATHS, 11, 2)
    np.testing.assert_array_equal(res.paths["sde"][:, 0], res.paths["ode"][:, 0])  # the same x_T
    assert res.repeated["ode"].shape == (fw.SDE_ODE.starts * 16, 2)
    assert res.spread["ode"] < 1e-4 and res.spread["sde"] > 0.1  # one x_0 per x_T for the ODE; a spread for the SDE
    # the path's last point is the sample itself (VP and VE agree at sigma = 0)
    np.testing.assert_allclose(res.paths["ode"][:, -1], res.x["ode"][:fw.PATHS], atol=1e-5)
    for args, message in [(("8gaussians", 0, 300, 16, 0), "steps must be from 1 to 200"),
                          (("8gaussians", 10, 300, 0, 0), "repeats must be from 1 to 256"),
                          (("8gaussians", 10, 10**5, 4, 0), "number of points must be from 10 to 5000")]:
        with pytest.raises(InvalidInput, match=message):
            fw.sde_ode_request(*args)


def test_framework_never_changes_the_shared_model():
    from core.runtime import checkpoints

    model = checkpoints.load_model("ddpm-2d-8gaussians")
    before = [p.clone() for p in model.parameters()]
    _langevin(method="pc")
    fw.score_field_request("8gaussians", 0.0, 5)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    assert not model.training


def test_errors_are_translated():
    from demos.common.errors import translate_error

    with pytest.raises(InvalidInput) as info:
        _langevin(levels=30, steps_per_level=100)
    assert translate_error(info.value, "zh-CN") == "噪声水平数 × 每个水平的步数最多 2000 次网络调用；收到的是 3000。"
    with pytest.raises(InvalidInput) as info:
        fw.score_field_request("moons", 9, 11)
    assert translate_error(info.value, "zh-CN") == "log₁₀ σ必须在 -2 到 1.5 之间；收到的是 9。"


def test_a_diverged_run_is_reported_not_crashed():
    """eps = 0.1 with sigma_1 / sigma_L = 500 makes the first level's step 25,000: the particles leave every finite
    number. The view still answers (valid JSON, null coordinates) and its table says what happened."""
    import json

    from demos.diffusion.framework_view import run_langevin

    fig, table = run_langevin("8gaussians", "langevin", 10, 10, -1.0, 20, 0.16, 1, "sde", 200, 0)
    json.loads(fig.plot)
    rows = table.set_index("measure")["annealed Langevin"]
    assert rows["sliced W2 [95%]"].startswith("diverged") and rows["ratio W2 / floor"] == "-"


def test_quality_tables_are_long_and_a_ratio_below_one_is_explained():
    """Issues items 4 and 10: the SDE-vs-ODE table is long (a row per measure, a column per sampler: 3 columns
    fit a phone, 8 did not), and a ratio under 1 in it brings the sentence that says what it means; a table
    whose ratios are all 1 or more has none."""
    from demos.diffusion.framework_view import sde_table
    from demos.diffusion.tables import ratio_note

    res = fw.sde_ode_request("8gaussians", 5, 200, 4, 0)
    table = sde_table(res)
    assert list(table.columns) == ["measure", "SDE (Euler-Maruyama)", "ODE (Euler)"]
    assert list(table["measure"]) == ["NFE", "time (ms)", "sliced W2 [95%]", "floor [95%]", "ratio W2 / floor",
                                      "modes covered", "spread of K copies"]
    for ratios, shown in (((1.41, 0.88), True), ((1.41, 1.02), False)):
        for name, ratio in zip(("sde", "ode"), ratios):
            res.metrics[name]["ratio"] = ratio
        note = ratio_note(sde_table(res))
        assert note.visible is shown and ("as close to the data as a second draw" in note.value) is shown
