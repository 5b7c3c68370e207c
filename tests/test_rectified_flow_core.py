"""Unit tests of the rectified-flow core: ODE solvers, the scheduler loop, the objective and its
couplings, straightness, reflow, the live session and request validation."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from core.rectified_flow.objective import FlowMatchingObjective, independent, ot_match
from core.rectified_flow.points import gaussian_target, make_source, new_velocity_model, straightness
from core.rectified_flow.sampling import flow_scheduler, scheduler_sample
from core.runtime.validation import InvalidInput
from core.sampling.ode import euler, heun, solve, uniform_times


def test_euler_is_exact_on_straight_paths_and_reports_x0_hat():
    x0, x1 = torch.randn(5, 2), torch.randn(5, 2)
    frames = []
    out = euler(lambda x, t: x1 - x0, x1, times=uniform_times(3),
                callback=lambda r: frames.append((r.t_next, r.denoised)))
    assert torch.allclose(out, x0, atol=1e-6)
    assert len(frames) == 3 and frames[-1][0] == 0.0
    assert all(torch.allclose(f[1], x0, atol=1e-5) for f in frames)  # a straight line points at x0 all along


def test_heun_beats_euler_on_a_curved_field():
    # dx/dt = t: x(0) = x(1) - 1/2 exactly; Euler from t = 1 with 2 steps is off, Heun is exact.
    field = lambda x, t: torch.ones_like(x) * t  # noqa: E731
    x1 = torch.zeros(3, 2)
    exact = x1 - 0.5
    assert (euler(field, x1, times=uniform_times(2)) - exact).abs().max() > 0.1
    assert torch.allclose(heun(field, x1, times=uniform_times(2)), exact, atol=1e-6)
    with pytest.raises(ValueError):
        solve(field, x1, method="rk4", times=uniform_times(2))


def test_scheduler_loop_matches_euler_on_its_uniform_grid():
    sched = flow_scheduler(4)
    assert sched.sigmas.tolist() == pytest.approx([1.0, 0.75, 0.5, 0.25, 0.0])
    assert sched.timesteps.tolist() == pytest.approx([1000.0, 750.0, 500.0, 250.0])
    field = lambda x, t: torch.sin(3 * x) + t  # noqa: E731
    x1 = torch.randn(6, 1, 8, 8)
    assert torch.allclose(scheduler_sample(field, x1, steps=4), euler(field, x1, times=uniform_times(4)), atol=1e-5)


def test_ot_match_is_the_optimal_permutation():
    g = torch.Generator().manual_seed(0)
    x0, x1 = torch.randn(6, 2, generator=g), torch.randn(6, 2, generator=g)
    perm = ot_match(x0, x1)
    cost = lambda p: float(((x0 - x1[list(p)]) ** 2).sum())  # noqa: E731
    assert sorted(perm.tolist()) == list(range(6))
    assert cost(perm.tolist()) == pytest.approx(min(cost(p) for p in itertools.permutations(range(6))))


def test_objective_targets_x1_minus_x0():
    x0, x1 = torch.randn(64, 2), torch.randn(64, 2)
    seen = {}

    def predict(model, x_t, t, labels):
        seen["t"], seen["x_t"] = t, x_t
        return x1 - x0  # the oracle of a deterministic coupling

    loss = FlowMatchingObjective(predict, "paired")(None, (x0, None, x1), torch.Generator().manual_seed(0))
    assert float(loss) == 0.0
    t = seen["t"][:, None]
    assert torch.allclose(seen["x_t"], (1 - t) * x0 + t * x1)
    with pytest.raises(ValueError):
        FlowMatchingObjective(predict, "sinkhorn")


def test_independent_draws_source_apart_from_data():
    from core.data.pools import Pool

    draw = independent(Pool(torch.arange(100.0)[:, None]), Pool(torch.arange(100.0)[:, None]))
    x0, labels, x1 = draw(32, torch.Generator().manual_seed(0))
    assert labels is None and not torch.equal(x0, x1)
    assert independent(Pool(torch.zeros(4, 2)))(2, torch.Generator())[2] is None  # Gaussian: drawn by the objective


def test_straightness_is_zero_for_straight_flows_and_positive_for_curved_ones():
    x1 = torch.randn(200, 2)
    st = straightness(lambda x, t: torch.full_like(x, 2.0), x1, steps=10)
    assert st["straightness"] == pytest.approx(0.0, abs=1e-9)
    assert st["transport_cost"] == pytest.approx(8.0, rel=1e-5)
    assert straightness(lambda x, t: torch.full_like(x, float(t)), x1, steps=10)["straightness"] > 0.01


def test_sources_and_models():
    g = gaussian_target()
    assert g.draw(1000, 0).std() == pytest.approx(1.0, abs=0.1)
    assert make_source("moons").name == "moons"
    with pytest.raises(InvalidInput, match="source must be one of"):
        make_source("nowhere")
    a, b = new_velocity_model(3), new_velocity_model(3)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


def test_live_flow_trains_reflows_and_validates():
    from core.rectified_flow.live import LiveRectifiedFlow

    live = LiveRectifiedFlow.continue_or_create(None, "gaussian", "moons", None, None, "independent", 100, 0)
    with pytest.raises(InvalidInput, match="Train the current flow first"):
        live.reflow()
    live.session.step(5)
    live.record(live.run.iteration, 1.0)
    assert [label for label, _ in live.flows()] == ["1-rectified"]
    assert live.preview().shape == (live.config.preview_points, 2)
    live.reflow()
    assert live.stage == 2 and live.run.iteration == 0
    live.session.step(3)
    assert [label for label, _ in live.flows()] == ["1-rectified", "2-rectified"]
    assert LiveRectifiedFlow.continue_or_create(live, "gaussian", "moons", None, None, "independent", 200, 0) is live
    assert LiveRectifiedFlow.continue_or_create(live, "gaussian", "moons", None, None, "ot", 200, 0) is not live
    for bad, match in [(dict(total=10), "training updates"), (dict(coupling="sinkhorn"), "coupling"),
                       (dict(target="drawing"), "canvas is empty")]:
        args = dict(source="gaussian", target="moons", source_drawing=None, target_drawing=None,
                    coupling="independent", total=100, seed=0) | bad
        with pytest.raises(InvalidInput, match=match):
            LiveRectifiedFlow.continue_or_create(None, **args)


@pytest.mark.parametrize("kwargs, match", [
    (dict(steps=0), "Euler steps"), (dict(steps=101), "Euler steps"), (dict(n=5), "number of points"),
    (dict(model="mine"), "model"), (dict(seed=-1), "seed"), (dict(source="8gaussians", target="rings"),
                                                            "No shipped flows"),
    (dict(model="live"), "No flow has been trained live"), (dict(target="drawing"), "canvas is empty"),
])
def test_points_request_rejects_bad_input(kwargs, match):
    from core.rectified_flow.request import points_request

    args = dict(source="gaussian", target="moons", source_drawing=None, target_drawing=None, model="shipped",
                live=None, steps=4, n=100, seed=0) | kwargs
    with pytest.raises(InvalidInput, match=match):
        points_request(**args)


@pytest.mark.parametrize("args, match", [
    (("11", 4, 1, 0), "digit class"), (("any", 0, 1, 0), "number of images"), (("any", 4, 0, 0), "steps"),
    (("any", 4, 51, 0), "steps"),
])
def test_digits_request_rejects_bad_input(args, match):
    from core.rectified_flow.request import digits_request

    with pytest.raises(InvalidInput, match=match):
        digits_request(*args)


def test_points_request_runs_every_shipped_flow_from_the_same_source():
    from core.rectified_flow.request import points_request

    res = points_request("gaussian", "moons", None, None, "shipped", None, 3, 200, 0)
    assert [r.label for r in res.rows] == ["1-rectified", "2-rectified", "3-rectified", "OT-CFM"]
    for r in res.rows:
        assert r.nfe == 3 and r.samples.shape == (200, 2) and r.paths.shape == (64, 4, 2)
        assert np.allclose(r.paths[:, 0], res.x1[:64])
    again = points_request("gaussian", "moons", None, None, "shipped", None, 3, 200, 0)
    assert np.array_equal(again.rows[1].samples, res.rows[1].samples)
