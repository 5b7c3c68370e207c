"""The chain rule in 2D (core.autoregressive.grid2d, live, request2d): exact likelihood on a grid, conditionals,
the two orders, NLL against the true density, the sampler contract, live training and validated requests."""
from __future__ import annotations

import time

import numpy as np
import pytest
import torch

from core.autoregressive import grid2d
from core.autoregressive.grid2d import (
    GRID,
    GridConfig,
    GridNLL,
    cells_of,
    conditional_of,
    grid_model,
    grid_run,
    likelihood,
    model_conditional,
    model_joint,
    model_log_joint,
    sample_points,
)
from core.autoregressive.live import LIVE_CONFIG, LiveGridAR
from core.autoregressive.sampling import sample_autoregressive
from core.autoregressive.request2d import (
    AT,
    DEFAULTS,
    N_POINTS,
    TEMPERATURE,
    chain_rule_request,
    samples_request,
    shipped_name,
)
from core.data.targets import make_target
from core.runtime import checkpoints, device
from core.runtime.budget import BudgetExceeded, request_budget
from core.runtime.validation import InvalidInput
from core.sampling.contract import StepRecord
from core.train.loop import TrainConfig

G8 = make_target("8gaussians")


@pytest.fixture(scope="module")
def trained():
    """A model trained briefly on 8gaussians, and its NLL before training."""
    cfg = TrainConfig(steps=1500, batch_size=1024, lr=1e-2, warmup=20, grad_clip=0.0, ema_decay=0.0, seed=0)
    run = grid_run(G8.draw(50_000, 0), G8.extent, GRID, cfg)
    before = likelihood(run.snapshot(), G8)
    for _ in range(cfg.steps):
        run.iterate()
    return run.snapshot(), before


# ---- exact likelihood on the grid ----------------------------------------------------------------------------

@pytest.mark.parametrize("order", grid2d.ORDERS)
@pytest.mark.parametrize("bins", [8, 48, 96])
def test_the_joint_sums_to_one_and_each_conditional_too(order, bins):
    model = grid_model(GridConfig(bins=bins, hidden=16, order=order), seed=3)
    with torch.no_grad():  # a random model: far from uniform logits
        model.first_logits.normal_(0, 3, generator=torch.Generator().manual_seed(1))
    joint = model_joint(model)
    assert joint.shape == (bins, bins) and abs(joint.sum() - 1) < 1e-5
    for given in (0, 1):
        conds = np.stack([model_conditional(model, i, given) for i in range(bins)])
        assert np.abs(conds.sum(1) - 1).max() < 1e-5 and (conds >= 0).all()
        # the network's own conditional and the one Bayes' rule gives from the joint agree
        assert np.abs(conds - np.stack([conditional_of(joint, i, given)[0] for i in range(bins)])).max() < 1e-5


def test_log_prob_is_the_sum_of_the_two_conditionals_and_the_table():
    model = grid_model(GridConfig(bins=16, hidden=8, order="x2,x1"), seed=0)
    cells = cells_of(G8.draw(500, 1), G8.extent, 16)
    with torch.no_grad():
        lp = model(cells).double().numpy()
        first = torch.log_softmax(model.first_logits, 0)[cells[:, 1]]
        second = torch.log_softmax(model.conditional_logits(cells[:, 1]), 1).gather(1, cells[:, :1])[:, 0]
        loss = GridNLL(G8.extent, 16)(model, (cells,), None)
    assert np.allclose(lp, (first + second).numpy(), atol=1e-5)
    assert np.allclose(lp, model_log_joint(model)[cells[:, 1], cells[:, 0]], atol=1e-5)  # rows are x2
    assert abs(float(loss) - (grid2d.log_cell_area(G8.extent, 16) - lp.mean())) < 1e-4


def test_cells_cover_the_window_and_clamp_outside():
    bins, extent = 10, 4.5
    assert grid2d.cell_index(np.array([-4.5, -4.0, 0.0, 4.49, 4.5, 99.0, -99.0]), extent, bins).tolist() == [
        0, 0, 5, 9, 9, 9, 0]
    assert np.allclose(grid2d.centres(extent, bins), np.linspace(-4.05, 4.05, 10))


# ---- likelihood against the true density -------------------------------------------------------------------

def test_training_brings_the_nll_near_the_true_densitys(trained):
    model, before = trained
    after = likelihood(model, G8)
    assert after.floor == pytest.approx(2.836, abs=0.01)  # the true density's held-out NLL, nats
    assert before.nll > after.floor + 1.0  # an untrained model is far from it: the check below can fail
    # a piecewise-constant density loses ~h^2/(12 sigma^2) = 0.023 nats here; measured gap 0.03
    assert after.floor < after.nll < after.floor + 0.1
    lo, hi = after.intervals["gap"]
    assert 0 < lo < after.gap < hi < 0.15


def test_the_shipped_models_figures_recompute_from_their_weights():
    for order in grid2d.ORDERS:
        name = shipped_name(order)
        model, q = checkpoints.load_model(name), checkpoints.quality(name)
        lik = likelihood(model, G8)
        assert lik.nll == pytest.approx(q["held_out"]["nll"], abs=1e-6)
        assert (lik.nll - lik.floor) < 0.05 and abs(model_joint(model).sum() - 1) < 1e-5
        assert model.config.order == order and sum(f.stat().st_size for f in checkpoints.path(name).iterdir()) < 10e6


def test_swapping_the_order_of_well_trained_models_gives_nearly_the_same_joint():
    a, b = (model_joint(checkpoints.load_model(shipped_name(o))) for o in grid2d.ORDERS)
    data = chain_rule_request("8gaussians", None, "data", "x1,x2", 0.0).joint
    tv = 0.5 * np.abs(a - b).sum()
    assert tv < 0.02  # measured 0.006
    assert tv < 0.25 * 0.5 * np.abs(a - data).sum()  # far closer to each other than to a 200k-point histogram


# ---- sampling on the contract --------------------------------------------------------------------------------

def test_sampler_reports_two_steps_in_the_models_order():
    model = grid_model(GridConfig(bins=12, hidden=8, order="x2,x1"), 0)
    records: list[StepRecord] = []
    out, cells = sample_points(model, 64, 4.5, seed=5, callback=records.append)
    assert [(r.i, r.t, r.t_next, r.denoised) for r in records] == [(0, 0, 1, None), (1, 1, 2, None)]
    assert torch.equal(records[0].x[:, 1], cells[:, 1]) and (records[0].x[:, 0] == 0).all()  # x2 first
    assert out.nfe == 2 and out.x.shape == (64, 2) and cells.dtype == torch.long
    h = 9.0 / 12
    assert torch.all((out.x.double() - (-4.5 + h * cells.double())).abs() <= h + 1e-5)  # inside its cell


def test_same_seed_same_sample_other_seed_other_sample(trained):
    model, _ = trained
    a, b, c = (sample_points(model, 500, G8.extent, seed)[0].x for seed in (1, 1, 2))
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert a.device.type == "cpu" and cells_of(a.numpy(), G8.extent, 48).device == device.device()


def test_samples_follow_the_joint(trained):
    model, _ = trained
    _, cells = sample_points(model, 100_000, G8.extent, 0)
    hist = np.bincount((cells[:, 1] * 48 + cells[:, 0]).numpy(), minlength=48 * 48).reshape(48, 48) / 100_000
    assert 0.5 * np.abs(hist - model_joint(model)).sum() < 0.05  # sampling noise alone: ~0.03


def test_budget_stops_the_sampler():
    model = grid_model(GridConfig(bins=8, hidden=4), 0)
    adapter, x = grid2d.GridLogits(model), torch.zeros((4, 2), dtype=torch.long)
    records: list = []
    with request_budget(deadline=time.monotonic() - 1), pytest.raises(BudgetExceeded):
        sample_autoregressive(adapter, x, callback=records.append)
    assert records == [] and adapter.nfe == 0
    with request_budget(0.05), pytest.raises(BudgetExceeded):  # spent during step 0: step 1 never runs
        sample_autoregressive(adapter, x, callback=lambda r: (records.append(r), time.sleep(0.1)))
    assert len(records) == 1 and adapter.nfe == 1


# ---- live training -------------------------------------------------------------------------------------------

def test_live_run_trains_previews_the_joint_and_steps():
    """Its speed (updates a second, frames included) is measured in benchmarks/bench_autoregressive.py."""
    live = LiveGridAR.continue_or_create(None, "8gaussians", None, "x2,x1", 48, 64, 4000, 0)
    first = live.preview()
    for ev in live.session.run(1000, max_seconds=120):
        live.record(ev.iteration, ev.loss, final=ev.done)  # a frame: the snapshot and the preview the tab draws
        live.preview()
    frame = live.preview()
    assert ev.iteration == 1000
    assert frame.joint.shape == (48, 48) and frame.joint.dtype == np.float32 and abs(frame.total - 1) < 1e-5
    assert frame.floor == pytest.approx(2.836, abs=0.01) and frame.nll < first.nll - 1.0
    assert live.losses and live.losses[-1] < live.losses[0]
    n = live.run.iteration
    assert live.session.step(LIVE_CONFIG.log_every).iteration == n + LIVE_CONFIG.log_every
    same = LiveGridAR.continue_or_create(live, "8gaussians", None, "x2,x1", 48, 64, 5000, 0)
    other = LiveGridAR.continue_or_create(live, "8gaussians", None, "x1,x2", 48, 64, 5000, 0)
    assert same is live and same.total == 5000 and other is not live and other.run.iteration == 0


def test_a_live_model_of_the_other_order_shows_the_asked_conditional_by_bayes():
    live = LiveGridAR.continue_or_create(None, "moons", None, "x1,x2", 24, 16, 200, 0)
    live.session.step(200)
    live.record(200, float("nan"))
    own = chain_rule_request("moons", None, "live", "x1,x2", 0.5, live=live)
    swapped = chain_rule_request("moons", None, "live", "x2,x1", 0.5, live=live)
    assert not own.derived and swapped.derived and own.given == "x1" and swapped.given == "x2"
    assert np.allclose(own.joint, swapped.joint) and abs(swapped.conditional.sum() - 1) < 1e-5
    assert own.likelihood is not None and own.floor is None  # moons has no true density here
    with pytest.raises(InvalidInput) as info:
        chain_rule_request("8gaussians", None, "live", "x1,x2", 0.5, live=live)
    assert info.value.key == "live_model_other_data"


# ---- requests ------------------------------------------------------------------------------------------------

def test_the_default_view_of_the_shipped_model():
    view = chain_rule_request(DEFAULTS.dataset, None, DEFAULTS.source, DEFAULTS.order, DEFAULTS.at)
    assert abs(view.total - 1) < 1e-5 and abs(view.conditional.sum() - 1) < 1e-5
    assert abs(view.data_conditional.sum() - 1) < 1e-9 and view.data_mass > 0.02
    assert view.given == "x1" and abs(view.at_value - DEFAULTS.at) <= 9.0 / 48 / 2 and not view.derived
    # the model's conditional at x1 = 2 (two modes, at x2 = -2 and 2) is close to the data's own
    assert 0.5 * np.abs(view.conditional - view.data_conditional).sum() < 0.1
    assert view.likelihood.nll - view.floor < 0.05
    samples = samples_request("8gaussians", None, "shipped", "x2,x1", 1000, 1.0, 0)
    assert samples.nfe == 2 and samples.points.shape == (1000, 2)


def test_the_data_source_shows_the_histogram_of_any_dataset():
    view = chain_rule_request("checkerboard", None, "data", "x2,x1", -1.0, 16)
    assert view.joint.shape == (16, 16) and view.likelihood is None and view.given == "x2"
    assert np.array_equal(view.conditional, view.data_conditional) and abs(view.total - 1) < 1e-9


def test_the_data_source_samples_its_histogram_by_the_chain_rule():
    """``source="data"`` is the same in both views: the chain-rule view shows the data's histogram and the
    samples come from that table (K = GRID.bins), read by the chain rule in either order, at the temperature."""
    joint = chain_rule_request("moons", None, "data", "x1,x2", 0.0, GRID.bins).joint
    n = 20_000
    out = {order: samples_request("moons", None, "data", order, n, 1.0, 3) for order in ("x1,x2", "x2,x1")}
    for s in out.values():
        hist = np.bincount(s.cells[:, 1] * GRID.bins + s.cells[:, 0], minlength=GRID.bins ** 2).reshape(joint.shape) / n
        assert joint[s.cells[:, 1], s.cells[:, 0]].min() > 0  # only cells where the data has mass
        assert 0.5 * np.abs(hist - joint).sum() < 0.1, s  # sampling noise alone: ~0.06 over these cells
        assert s.nfe == 2
    cold = samples_request("moons", None, "data", "x1,x2", n, 0.3, 3)

    def entropy(cells):
        p = np.bincount(cells[:, 1] * GRID.bins + cells[:, 0]) / len(cells)
        return -(p[p > 0] * np.log(p[p > 0])).sum()

    assert entropy(cold.cells) < entropy(out["x1,x2"].cells) - 0.5  # T < 1 sharpens the table's conditionals


@pytest.mark.parametrize("call, key, lo, hi", [
    (lambda: chain_rule_request("8gaussians", None, "shipped", "x1,x2", 4.6), "conditioning value", -4.5, 4.5),
    (lambda: chain_rule_request("8gaussians", None, "data", "x1,x2", 0.0, 97), "grid side", 8, 96),
    (lambda: chain_rule_request("8gaussians", None, "data", "x1,x2", 0.0, 7.5), "grid side", 8, 96),
    (lambda: samples_request("8gaussians", None, "shipped", "x1,x2", 20_001, 1.0, 0), "number of points", 100, 20_000),
    (lambda: samples_request("8gaussians", None, "shipped", "x1,x2", 500, 0.0, 0), "temperature", 0.1, 2.0),
    (lambda: LiveGridAR.check("moons", None, "x1,x2", 48, 1, 1000, 0), "hidden width", 2, 256),
    (lambda: LiveGridAR.check("moons", None, "x1,x2", 48, 64, 10**6, 0), "training updates", 100, 20_000),
])
def test_bad_numbers_name_the_parameter_and_its_range(call, key, lo, hi):
    with pytest.raises(InvalidInput) as info:
        call()
    assert (info.value.key, info.value.lo, info.value.hi) == (key, lo, hi)
    assert key in str(info.value) and f"{lo:g}" in str(info.value) and f"{hi:g}" in str(info.value)


@pytest.mark.parametrize("call, key", [
    (lambda: chain_rule_request("8gaussians", None, "shipped", "x3,x1", 0.0), "order"),
    (lambda: chain_rule_request("8gaussians", None, "trained", "x1,x2", 0.0), "source"),
    (lambda: samples_request("8gaussians", None, "model", "x1,x2", 500, 1.0, 0), "source"),
    (lambda: chain_rule_request("ring", None, "data", "x1,x2", 0.0), "dataset"),
])
def test_bad_choices_name_the_parameter_and_its_choices(call, key):
    with pytest.raises(InvalidInput) as info:
        call()
    assert info.value.key == key and info.value.rule == "choice" and info.value.choices


def test_problems_name_the_data():
    with pytest.raises(InvalidInput) as info:
        chain_rule_request("moons", None, "shipped", "x1,x2", 0.0)
    assert info.value.key == "ar_2d_shipped_dataset" and "'moons'" in str(info.value)
    with pytest.raises(InvalidInput) as info:
        samples_request("moons", None, "live", "x1,x2", 500, 1.0, 0, live=None)
    assert info.value.key == "no_live_model"


def test_specs_hold_their_defaults():
    for spec, value in ((AT, DEFAULTS.at), (N_POINTS, DEFAULTS.n_points), (TEMPERATURE, DEFAULTS.temperature),
                        (grid2d.BINS, GRID.bins), (grid2d.HIDDEN, GRID.hidden)):
        assert spec.default == value and spec.lo <= spec.check(value) <= spec.hi
