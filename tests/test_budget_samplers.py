"""Every sampling loop keeps the one contract of ``core.sampling.contract``: a request's time budget stops it
within a step, and its callback receives one ``StepRecord`` per step.

The budget test runs each loop on a request that would take well over 5 s: a real (small) network whose every
evaluation also sleeps ``DELAY`` seconds, a stand-in for a bigger network that keeps this test cheap on a shared
CPU and its duration independent of the machine's speed. A tiny run of the same loop measures its time per step,
and the test first checks that the full request would indeed take over ``LONG`` seconds.
"""
from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import torch

from core.diffusion.schedules import points_schedule
from core.nn.mlp2d import TimeMLP
from core.nn.unet_digits import build_digits_unet
from core.rectified_flow.sampling import flow_points, generate_flow_digits, scheduler_sample
from core.runtime import device
from core.runtime.budget import BudgetExceeded, request_budget
from core.sampling import karras, langevin, ode, solvers
from core.sampling.adapters import PointEps
from core.sampling.contract import StepRecord

POINTS_CFG = points_schedule().config
DELAY = 0.01  # seconds each network evaluation sleeps on top of the network itself
BUDGET = 0.3  # the request's time budget
STOPPED_WITHIN = 1.0  # the loop must stop this soon after the request started
LONG = 5.0  # the full request must take longer than this
POINTS = 256  # particles of the 2D runs
STEPS = 1000  # steps of a long run (diffusers' schedulers accept at most their 1000 training steps)


class Slow:
    """A model whose every call sleeps ``DELAY`` seconds first; attributes are the wrapped model's."""

    def __init__(self, inner):
        self.__dict__["inner"] = inner

    def __call__(self, *args, **kwargs):
        time.sleep(DELAY)
        return self.inner(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture(scope="module")
def mlp():
    torch.manual_seed(0)
    return device.place(TimeMLP(hidden=32, depth=2, time_embed_dim=16)).eval()


@pytest.fixture(scope="module")
def unet():
    torch.manual_seed(0)
    return device.place(build_digits_unet(block_out_channels=(8, 16, 16), norm_num_groups=4)).eval()


def _noise(n: int = POINTS) -> torch.Tensor:
    return torch.randn((n, 2), generator=device.generator(0), device=device.device(), dtype=device.dtype())


def _sigma_grid(steps: int) -> torch.Tensor:
    s = karras.VPSigmas(POINTS_CFG)
    return karras.karras_sigmas(steps, s.sigma_min, s.sigma_max)


def loops(mlp, unet) -> dict[str, Callable[[int], object]]:
    """name -> run(steps): every loop a request can reach, on a slowed network."""
    def table_sampler(name):
        return lambda steps: solvers.SAMPLERS[name].run(PointEps(Slow(mlp)), _noise(), steps=steps,
                                                        scheduler_config=POINTS_CFG, generator=device.generator(1))

    def denoiser():
        return karras.Denoiser(PointEps(Slow(mlp)), POINTS_CFG)

    out = {f"SAMPLERS[{name}]": table_sampler(name) for name in solvers.SAMPLERS}
    out["annealed Langevin"] = lambda steps: langevin.sample_annealed_langevin(
        denoiser(), _noise() * 5.0, sigmas=langevin.geometric_sigmas(10, 0.01, 5.0), steps_per_level=max(1, steps // 10),
        step_size=1e-4, generator=device.generator(1))
    out["predictor-corrector"] = lambda steps: langevin.sample_pc(
        denoiser(), _noise(), sigmas=_sigma_grid(steps), corrector_steps=1, generator=device.generator(1))
    out["rectified flow, points"] = lambda steps: flow_points(Slow(mlp), _noise(), steps)
    out["rectified flow, digits"] = lambda steps: generate_flow_digits(Slow(unet), torch.tensor([1, 7]), steps,
                                                                       guidance_scale=2.0, seed=0)
    return out


NAMES = [f"SAMPLERS[{name}]" for name in solvers.SAMPLERS] + [
    "annealed Langevin", "predictor-corrector", "rectified flow, points", "rectified flow, digits"]


def test_every_loop_is_listed(mlp, unet):
    assert list(loops(mlp, unet)) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_budget_stops_every_loop_within_a_second(mlp, unet, name):
    run = loops(mlp, unet)[name]
    tiny = 10
    start = time.perf_counter()
    run(tiny)
    per_step = (time.perf_counter() - start) / tiny
    assert per_step * STEPS > LONG, f"{name}: the full request would take only {per_step * STEPS:.1f} s"
    start = time.perf_counter()
    with request_budget(BUDGET), pytest.raises(BudgetExceeded) as info:
        run(STEPS)
    elapsed = time.perf_counter() - start
    assert BUDGET <= elapsed < STOPPED_WITHIN, f"{name}: stopped after {elapsed:.2f} s"
    assert f"stopped after {BUDGET:g} s, the limit for one request" in str(info.value)


# --- the one record -------------------------------------------------------------------------------------------

def _recorded(run: Callable[[Callable], torch.Tensor]) -> tuple[list, torch.Tensor]:
    records: list = []
    out = run(records.append)
    return records, out


def record_runs(mlp) -> dict[str, Callable[[Callable], torch.Tensor]]:
    """name -> run(callback) -> x_0 for every loop, 4 steps each, on the plain network."""
    noise, gen = _noise(16), lambda: device.generator(1)

    def table_sampler(name):
        return lambda cb: solvers.SAMPLERS[name].run(PointEps(mlp), noise, steps=4, scheduler_config=POINTS_CFG,
                                                     generator=gen(), callback=cb)

    den = lambda: karras.Denoiser(PointEps(mlp), POINTS_CFG)  # noqa: E731
    vel = lambda x, t: mlp(x, 1000 * t)  # noqa: E731
    out = {name: table_sampler(name) for name in solvers.SAMPLERS}
    out["annealed Langevin"] = lambda cb: langevin.sample_annealed_langevin(
        den(), noise, sigmas=langevin.geometric_sigmas(2, 0.1, 1.0), steps_per_level=2, generator=gen(), callback=cb)
    out["ode euler"] = lambda cb: ode.euler(vel, noise, times=ode.uniform_times(4), callback=cb)
    out["ode heun"] = lambda cb: ode.heun(vel, noise, times=ode.uniform_times(4), callback=cb)
    out["rectified flow scheduler"] = lambda cb: scheduler_sample(vel, noise, steps=4, callback=cb)
    return out


def test_every_loop_reports_one_record_type(mlp):
    for name, run in record_runs(mlp).items():
        records, out = _recorded(run)
        assert records and all(type(r) is StepRecord for r in records), name
        assert [r.i for r in records] == list(range(len(records))), name
        assert all(r.x.shape == r.denoised.shape == out.shape for r in records), name
        assert torch.equal(records[-1].x, out), name  # the last record is the result
        if name == "annealed Langevin":  # Langevin steps stay at their level; the ladder jumps between levels
            assert all(r.t == r.t_next for r in records) and records[0].t > records[-1].t, name
        else:  # the level a step reaches is the level the next step starts from, down to the data
            assert all(a.t_next == b.t for a, b in zip(records, records[1:])), name
            assert all(r.t > r.t_next for r in records), name
            assert records[-1].t_next in (0, -1), name
        with pytest.raises(AttributeError):
            records[0].x = out  # frozen
