"""Annealed Langevin dynamics and the predictor-corrector sampler (core.sampling.langevin) on the exact
Gaussian oracle of tests/test_karras.py: data N(MU, S^2 I), whose eps (and so score) is known in closed form."""
import math

import pytest
import torch

from core.sampling import karras, langevin
from tests.test_karras import MU, S, config, oracle


def _denoiser():
    cfg = config()
    return karras.Denoiser(oracle(karras.VPSigmas(cfg)), cfg)


def test_geometric_ladder():
    sigmas = langevin.geometric_sigmas(10, 0.01, 10.0)
    assert len(sigmas) == 10
    assert float(sigmas[0]) == pytest.approx(10.0) and float(sigmas[-1]) == pytest.approx(0.01)
    ratios = sigmas[1:] / sigmas[:-1]
    assert torch.allclose(ratios, ratios[0].expand_as(ratios))  # a constant ratio apart
    assert langevin.geometric_sigmas(1, 0.01, 10.0).tolist() == [0.01]


def test_annealed_langevin_reaches_the_gaussian():
    """L = 10 levels from 5 to 0.1, T = 100 steps each, eps = 0.01: the last level's stationary law is
    N(MU, (S^2 + 0.1^2) I) up to the Euler bias of the step (alpha = 0.01 against a variance of 0.26:
    under 2% in std). 8000 particles: the mean and std are within 0.03 (sampling noise ~0.006)."""
    denoiser = _denoiser()
    gen = torch.Generator().manual_seed(0)
    sigmas = langevin.geometric_sigmas(10, 0.1, 5.0)
    x = torch.randn(8000, 2, generator=gen) * 5.0
    steps = []
    out = langevin.sample_annealed_langevin(denoiser, x, sigmas=sigmas, generator=gen, step_size=0.01,
                                           steps_per_level=100, callback=lambda r: steps.append((r.i, r.t)))
    assert denoiser.nfe == 1000 and len(steps) == 1000
    assert steps[0] == (0, pytest.approx(5.0)) and steps[-1] == (999, pytest.approx(0.1))
    assert torch.allclose(out.mean(0), MU, atol=0.03)
    assert torch.allclose(out.std(0), torch.full((2,), math.sqrt(S * S + 0.01)), atol=0.03)
    # with the final Tweedie step the last level's noise is removed: std sqrt(S^2 + 0.1^2) -> S^2 / sqrt(S^2 + 0.1^2)
    den = langevin.sample_annealed_langevin(denoiser, x, sigmas=sigmas, generator=torch.Generator().manual_seed(0),
                                           step_size=0.01, steps_per_level=100, denoise=True)
    assert torch.allclose(den.std(0), torch.full((2,), S * S / math.sqrt(S * S + 0.01)), atol=0.03)


def test_annealed_langevin_without_annealing_is_stuck_at_a_high_level():
    """A single level at sigma = 5 samples N(MU, (S^2 + 25) I): the ladder is what brings it to the data."""
    denoiser = _denoiser()
    gen = torch.Generator().manual_seed(1)
    out = langevin.sample_annealed_langevin(denoiser, torch.randn(4000, 2, generator=gen) * 5.0,
                                           sigmas=langevin.geometric_sigmas(2, 5.0, 5.0), generator=gen,
                                           step_size=0.05, steps_per_level=200)
    assert float(out.std(0).min()) > 4.0


@pytest.mark.parametrize("predictor, steps, corrector_steps, tol", [("sde", 100, 1, 0.05), ("ode", 100, 1, 0.04),
                                                                    ("sde", 200, 0, 0.05), ("ode", 50, 2, 0.05)])
def test_pc_reaches_the_gaussian(predictor, steps, corrector_steps, tol):
    """From VP noise at sigma_max down a Karras grid: mean and std of 8000 samples within ``tol`` of MU and S."""
    denoiser = _denoiser()
    gen = torch.Generator().manual_seed(2)
    noise = torch.randn(8000, 2, generator=gen)
    sigmas = karras.karras_sigmas(steps, denoiser.schedule.sigma_min, denoiser.schedule.sigma_max)
    x0 = langevin.sample_pc(denoiser, karras.vp_noise_to_ve(noise, denoiser.schedule.sigma_max), sigmas=sigmas,
                            generator=gen, snr=0.16, corrector_steps=corrector_steps, predictor=predictor)
    assert denoiser.nfe == steps * (1 + corrector_steps)  # NFE per step: 1 + corrector steps
    assert torch.allclose(x0.mean(0), MU, atol=tol)
    assert torch.allclose(x0.std(0), torch.full((2,), S), atol=tol)


def test_pc_corrector_repairs_a_wrong_start():
    """Start far from the marginal (all points at the origin, sigma = 2): the corrector's Langevin steps
    pull the spread back to that level's marginal N(MU, (S^2 + 4) I), the predictor alone cannot."""
    denoiser = _denoiser()
    x = torch.zeros(4000, 2, dtype=torch.float32)
    fixed = langevin.langevin_correct(denoiser, x, 2.0, snr=0.3, steps=300, generator=torch.Generator().manual_seed(3))
    assert torch.allclose(fixed.std(0), torch.full((2,), math.sqrt(S * S + 4)), atol=0.15)
    assert torch.allclose(fixed.mean(0), MU, atol=0.15)


def test_pc_rejects_unknown_predictor():
    with pytest.raises(ValueError, match="predictor"):
        langevin.sample_pc(_denoiser(), torch.zeros(2, 2), sigmas=torch.tensor([1.0, 0.0]), predictor="heun")


def test_same_generator_same_samples():
    sigmas = karras.karras_sigmas(10, 0.01, 80.0)
    run = lambda: langevin.sample_pc(_denoiser(), torch.ones(16, 2), sigmas=sigmas,
                                     generator=torch.Generator().manual_seed(5))
    assert torch.equal(run(), run())
