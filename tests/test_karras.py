"""The sigma-space readings and samplers (core.sampling.karras) on an exact Gaussian oracle."""
import math

import pytest
import torch

from core.diffusion.schedules import points_schedule
from core.sampling import karras

MU = torch.tensor([1.0, -2.0])
S = 0.5  # data: N(MU, S^2 I)


def config():
    return dict(points_schedule().config)


def oracle(schedule: karras.VPSigmas):
    """The exact ``eps(x_t, t)`` of Gaussian data under the VP schedule, at fractional ``t``."""

    def eps(x_t, t):
        sigma = float(schedule.t_to_sigma(t))
        x = x_t.double() * math.sqrt(1 + sigma * sigma)
        return (sigma * (x - MU.double()) / (S * S + sigma * sigma)).to(x_t.dtype)

    return eps


def test_readings_agree():
    gen = torch.Generator().manual_seed(0)
    x0, eps = torch.randn(64, 2, generator=gen), torch.randn(64, 2, generator=gen)
    a = torch.tensor(0.3)
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * eps
    assert torch.allclose(karras.eps_to_x0(eps, x_t, a), x0, atol=1e-5)
    assert torch.allclose(karras.x0_to_eps(x0, x_t, a), eps, atol=1e-5)
    assert torch.allclose(karras.eps_to_v(eps, x_t, a), a.sqrt() * eps - (1 - a).sqrt() * x0, atol=1e-5)
    # the score of q(x_t | x0) at x_t is -eps / sqrt(1 - a)
    assert torch.allclose(karras.eps_to_score(eps, a), -(x_t - a.sqrt() * x0) / (1 - a), atol=1e-5)


def test_sigma_table_round_trip():
    sched = karras.VPSigmas(config())
    assert sched.sigma_min == pytest.approx(0.01, rel=1e-2)
    assert sched.sigma_max > 100
    for t in (0.0, 3.5, 250.25, 998.0):
        assert float(sched.sigma_to_t(sched.t_to_sigma(t))) == pytest.approx(t, abs=1e-6)
    assert float(sched.t_to_sigma(500)) == pytest.approx(float(sched.sigmas[500]), rel=1e-9)


def test_karras_grid():
    sigmas = karras.karras_sigmas(10, 0.01, 80.0)
    assert len(sigmas) == 11 and sigmas[-1] == 0
    assert float(sigmas[0]) == pytest.approx(80.0) and float(sigmas[-2]) == pytest.approx(0.01)
    assert bool((sigmas[:-1] > sigmas[1:]).all())


@pytest.mark.parametrize("sampler, steps, tol", [(karras.sample_euler, 100, 0.03),
                                                  (karras.sample_euler_maruyama, 400, 0.05)])
def test_samplers_reach_the_gaussian(sampler, steps, tol):
    cfg = config()
    denoiser = karras.Denoiser(oracle(karras.VPSigmas(cfg)), cfg)
    gen = torch.Generator().manual_seed(1)
    noise = torch.randn(8000, 2, generator=gen)
    sigmas = karras.karras_sigmas(steps, denoiser.schedule.sigma_min, denoiser.schedule.sigma_max)
    x0 = sampler(denoiser, karras.vp_noise_to_ve(noise, denoiser.schedule.sigma_max), sigmas=sigmas, generator=gen)
    assert denoiser.nfe == steps
    assert torch.allclose(x0.mean(0), MU, atol=tol)
    assert torch.allclose(x0.std(0), torch.full((2,), S), atol=tol)


def test_ode_is_deterministic_and_sde_spreads():
    cfg = config()
    denoiser = karras.Denoiser(oracle(karras.VPSigmas(cfg)), cfg)
    noise = torch.randn(1, 2, generator=torch.Generator().manual_seed(2)).repeat(200, 1)
    x_T = karras.vp_noise_to_ve(noise, denoiser.schedule.sigma_max)
    sigmas = karras.karras_sigmas(50, denoiser.schedule.sigma_min, denoiser.schedule.sigma_max)
    ode = karras.sample_euler(denoiser, x_T, sigmas=sigmas)
    sde = karras.sample_euler_maruyama(denoiser, x_T, sigmas=sigmas, generator=torch.Generator().manual_seed(3))
    assert float(ode.std(0).max()) < 1e-5
    assert float(sde.std(0).min()) > 0.3
