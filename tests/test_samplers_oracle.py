"""Every sampler of the collection (core.sampling.solvers.SAMPLERS) on data whose eps is known exactly:
a Gaussian N(MU, S^2 I) (reaches the distribution) and a point mass (reaches the point), for 2D points and
for images under the clipped image schedule; the table's NFE bookkeeping against counted evaluations."""
import math

import pytest
import torch

from core.diffusion.schedules import image_schedule, points_schedule
from core.sampling import karras, solvers
from core.sampling.generate import run_seeded

MU = torch.tensor([1.0, -2.0])
S = 0.5
POINTS_CFG = dict(points_schedule().config)
IMAGE_CFG = dict(image_schedule().config)
STEPS = {"heun": 60}  # steps of each sampler in the Gaussian test (default: DEFAULT_STEPS)
DEFAULT_STEPS = 200
POINT_TOL = 0.05  # a sampler that stops at the schedule's smallest level (DEIS: sigma_min = 0.01) keeps that noise
TOL = {"ode": 0.03, "sde": 0.05}  # on the mean and the standard deviation per coordinate, 8000 samples


class Exact:
    """The exact ``eps(x_t, t)`` of data ``N(mu, s^2 I)`` (``s = 0``: a point mass at ``mu``) under a VP
    schedule, at fractional ``t``: in the VE view ``x~ = x_t sqrt(1 + sigma^2)``,
    ``eps = sigma (x~ - mu) / (s^2 + sigma^2)``. Counts evaluations in ``nfe`` like the adapters."""

    def __init__(self, mu: torch.Tensor, s: float, config):
        self.mu, self.s, self.schedule, self.nfe = mu.double(), s, karras.VPSigmas(config), 0

    def __call__(self, x_t, t):
        self.nfe += 1
        sigma = float(self.schedule.t_to_sigma(torch.as_tensor(t, dtype=torch.float64)))
        x = x_t.double() * math.sqrt(1 + sigma * sigma)
        return (sigma * (x - self.mu) / (self.s ** 2 + sigma * sigma)).to(x_t.dtype)


def run(name, eps, shape, steps, config, seed=1):
    s = solvers.SAMPLERS[name]
    return run_seeded(lambda noise, gen: s.run(eps, noise, steps=steps, scheduler_config=config, generator=gen),
                      eps, shape, seed)


@pytest.mark.parametrize("name", list(solvers.SAMPLERS))
def test_reaches_the_gaussian(name):
    steps = STEPS.get(name, DEFAULT_STEPS)
    g = run(name, Exact(MU, S, POINTS_CFG), (8000, 2), steps, POINTS_CFG)
    tol = TOL[solvers.SAMPLERS[name].kind]
    assert torch.allclose(g.x.mean(0), MU, atol=tol), g.x.mean(0)
    assert torch.allclose(g.x.std(0), torch.full((2,), S), atol=tol), g.x.std(0)


@pytest.mark.parametrize("name", list(solvers.SAMPLERS))
def test_reaches_the_point_mass(name):
    g = run(name, Exact(MU, 0.0, POINTS_CFG), (500, 2), 20, POINTS_CFG)
    assert float((g.x - MU).abs().max()) < POINT_TOL


@pytest.mark.parametrize("name", list(solvers.SAMPLERS))
def test_images_reach_a_point_mass_inside_the_clip_range(name):
    target = torch.linspace(-0.9, 0.9, 64).reshape(1, 1, 8, 8)
    g = run(name, Exact(target, 0.0, IMAGE_CFG), (4, 1, 8, 8), 20, IMAGE_CFG)
    assert g.x.shape == (4, 1, 8, 8)
    assert float((g.x - target).abs().max()) < POINT_TOL


@pytest.mark.parametrize("name", list(solvers.SAMPLERS))
@pytest.mark.parametrize("nfe", [1, 2, 5, 10, 11])
def test_nfe_bookkeeping(name, nfe):
    s = solvers.SAMPLERS[name]
    eps = Exact(MU, S, POINTS_CFG)
    g = run(name, eps, (10, 2), s.steps_for(nfe), POINTS_CFG)
    assert g.nfe == s.nfe(s.steps_for(nfe))
    assert g.nfe <= max(nfe, s.nfe(1))


@pytest.mark.parametrize("name", list(solvers.SAMPLERS))
def test_same_seed_same_samples_and_ode_determinism(name):
    a, b, c = (run(name, Exact(MU, S, POINTS_CFG), (50, 2), 8, POINTS_CFG, seed=s).x for s in (3, 3, 4))
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_table_is_consistent():
    assert set(solvers.ODE_SAMPLERS) >= {"ddim", "euler", "heun", "dpmpp_2m", "unipc"}
    assert {"ddpm", "euler_maruyama"} <= {n for n, s in solvers.SAMPLERS.items() if s.kind == "sde"}
    assert {s.source for s in solvers.SAMPLERS.values()} == {"diffusers", "by hand"}
    assert solvers.SAMPLERS["heun"].nfe(5) == 9 and solvers.SAMPLERS["heun"].steps_for(10) == 5


def test_sde_spreads_from_one_start_and_the_ode_does_not():
    noise = torch.randn(1, 2, generator=torch.Generator().manual_seed(2)).repeat(300, 1)
    for name in solvers.SAMPLERS:
        s = solvers.SAMPLERS[name]
        x = s.run(Exact(MU, S, POINTS_CFG), noise, steps=30, scheduler_config=POINTS_CFG,
                  generator=torch.Generator().manual_seed(5))
        spread = float(x.std(0).max())
        assert (spread < 1e-5) if s.kind == "ode" else (spread > 0.2), (name, spread)
