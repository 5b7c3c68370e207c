"""The comparison's likelihood machinery on distributions whose answer is known in closed form."""
from __future__ import annotations

import math

import numpy as np
import torch

from core.compare.bounds import (
    DiscreteSchedule,
    discretized_gaussian_log_prob,
    iwae_log_likelihood,
    parzen_log_likelihood,
)
from core.compare.ode import (
    VPSchedule,
    exact_divergence,
    hutchinson_divergence,
    ode_log_likelihood,
    power_times,
    rademacher,
    standard_normal_log_prob,
    vp_probability_flow,
)
from core.metrics.intervals import mean_interval
from core.metrics.likelihood import LEVELS, PIXELS, UNIFORM_BITS, dequantize, dequantized_bits_per_pixel


def test_a_density_uniform_on_each_bin_scores_log2_17():
    gen = torch.Generator().manual_seed(0)
    levels = torch.randint(0, LEVELS, (50, PIXELS), generator=gen)
    x = dequantize(levels, torch.rand(levels.shape, generator=gen, dtype=torch.float64))
    assert x.min() >= -1 and x.max() < 1
    assert torch.equal(torch.floor((x + 1) * LEVELS / 2).long(), levels)  # each level lands in its own bin
    log_p = torch.full((50,), -PIXELS * math.log(2), dtype=torch.float64)  # uniform on [-1, 1]^64
    np.testing.assert_allclose(dequantized_bits_per_pixel(log_p), UNIFORM_BITS, rtol=0, atol=1e-12)
    # the same model on the grid k/8 - 1 with bins of 1/8: density 8^64 / 17^64 on [-1 - 1/16, 1 + 1/16]^64
    log_p = torch.full((3,), PIXELS * math.log(8 / 17), dtype=torch.float64)
    np.testing.assert_allclose(dequantized_bits_per_pixel(log_p, 1 / 8), UNIFORM_BITS, atol=1e-12)


def test_the_dequantized_bound_is_above_the_discrete_code_length():
    """A Gaussian density on one pixel: ``-E_u log2 p(x) - log2 w >= -log2 P(bin)`` for every level."""
    width = 2 / LEVELS
    mean, sd = 0.2, 0.3
    edges = -1 + width * torch.arange(LEVELS + 1, dtype=torch.float64)
    cdf = 0.5 * (1 + torch.erf((edges - mean) / (sd * math.sqrt(2))))
    exact_bits = -torch.log2(cdf[1:] - cdf[:-1])
    u = (torch.arange(2000, dtype=torch.float64) + 0.5) / 2000  # midpoint rule over the bin
    x = dequantize(torch.arange(LEVELS)[:, None], u[None, :])
    log_p = -0.5 * ((x - mean) / sd) ** 2 - math.log(sd) - 0.5 * math.log(2 * math.pi)
    bound = -log_p.mean(1) / math.log(2) - math.log2(width)
    assert bool((bound >= exact_bits - 1e-9).all())
    assert float((bound - exact_bits)[8]) < 0.01  # tight where the density is flat over the bin


def _gaussian_data(dim=4):
    mu = torch.tensor([0.5, -0.3, 0.1, 0.8], dtype=torch.float64)[:dim]
    sd = torch.tensor([0.4, 0.7, 1.2, 0.2], dtype=torch.float64)[:dim]
    return mu, sd


def test_the_ode_likelihood_of_a_gaussian_with_its_exact_score_matches_the_closed_form():
    """VP probability flow (the diffusion path) and the straight path (rectified flow), exact velocity fields."""
    mu, sd = _gaussian_data()
    x = mu + sd * torch.randn(6, 4, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    exact = (-0.5 * ((x - mu) / sd) ** 2 - torch.log(sd) - 0.5 * math.log(2 * math.pi)).sum(1)
    vp = VPSchedule()

    def eps(xt, t):  # -sigma(t) * score of N(sqrt(abar) mu, abar sd^2 + 1 - abar)
        a = torch.exp(vp.log_abar(t))
        return vp.sigma(t) * (xt - a.sqrt() * mu) / (a * sd**2 + 1 - a)

    got = ode_log_likelihood(vp_probability_flow(eps, vp), x, times=power_times(200, 1e-5, 1.0),
                             prior_log_prob=standard_normal_log_prob, method="rk4")
    prior_gap = 0.5  # ln N vs the true marginal at t = 1 is tiny (abar(1) = e^-10); bound it loosely first
    assert float((got.log_prob[:, 0] - exact).abs().max()) < 0.01 < prior_gap

    def straight(xt, t):  # x_t = (1 - t) x0 + t x1: d/dt of the Gaussian transport
        var = (1 - t) ** 2 * sd**2 + t**2
        dvar = -2 * (1 - t) * sd**2 + 2 * t
        return -mu + 0.5 * dvar / var * (xt - (1 - t) * mu)

    got = ode_log_likelihood(straight, x, times=power_times(100, 0.0, 1.0, 1.0), prior_log_prob=standard_normal_log_prob,
                             method="heun")
    assert float((got.log_prob[:, 0] - exact).abs().max()) < 0.01


def test_hutchinson_agrees_with_the_exact_divergence_and_its_spread_falls_with_probes():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.Tanh(), torch.nn.Linear(32, 16)).double()

    def drift(x, t):
        return net(x) * (1 + t)

    x = torch.randn(1, 16, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    t = torch.tensor(0.3, dtype=torch.float64)
    f, div = exact_divergence(drift, x, t)
    jac = torch.autograd.functional.jacobian(lambda v: drift(v, t), x)[0, :, 0, :]
    assert torch.allclose(div[0, 0], torch.trace(jac))
    assert torch.allclose(f, drift(x, t))
    gen = torch.Generator().manual_seed(3)
    spreads = []
    for probes in (1, 4, 16):
        # 64 independent estimates, each the mean of `probes` probes
        est = hutchinson_divergence(drift, x.expand(64, 16), t, rademacher((64, probes, 16), gen, x))[1].mean(1)
        _, lo, hi = mean_interval(est.numpy())
        assert lo <= float(div) <= hi
        spreads.append(float(est.std()))
    assert spreads[0] > spreads[1] > spreads[2]
    assert spreads[2] < 0.5 * spreads[0]


def test_the_iwae_bound_of_a_linear_gaussian_vae_approaches_its_exact_marginal():
    """p(z) = N(0, I_2), p(x|z) = N(W z + b, s^2 I_5): p(x) = N(b, W W^T + s^2 I). The encoder is the true
    posterior made too narrow and shifted, so the ELBO is loose and L_k climbs to ln p(x)."""
    gen = torch.Generator().manual_seed(4)
    w = torch.randn(5, 2, generator=gen, dtype=torch.float64)
    b = torch.randn(5, generator=gen, dtype=torch.float64)
    s2 = 0.3
    cov = w @ w.T + s2 * torch.eye(5, dtype=torch.float64)
    x = torch.distributions.MultivariateNormal(b, cov).sample((200,))
    exact = torch.distributions.MultivariateNormal(b, cov).log_prob(x)
    post_cov = torch.linalg.inv(torch.eye(2, dtype=torch.float64) + w.T @ w / s2)
    post_mu = (x - b) @ w / s2 @ post_cov

    def encode(v):
        return post_mu + 0.15, torch.log(torch.diagonal(post_cov) * 0.6).expand(len(v), 2)

    def decoder_log_prob(z, v):
        return (-0.5 * ((v - z @ w.T - b) ** 2 / s2 + math.log(2 * math.pi * s2))).sum(1)

    gaps = [float((exact - iwae_log_likelihood(encode, decoder_log_prob, x, k, gen)).mean()) for k in (1, 10, 100, 1000)]
    assert gaps[0] > gaps[1] > gaps[2] - 0.01 > gaps[3] - 0.02  # a bound that tightens (beyond noise)
    assert gaps[0] > 0.2 and abs(gaps[3]) < 0.02


def test_the_discrete_decoder_sums_to_one_over_the_levels():
    levels = torch.arange(LEVELS, dtype=torch.float64) / 8 - 1
    logp = discretized_gaussian_log_prob(levels, torch.tensor(0.13, dtype=torch.float64),
                                         torch.tensor(math.log(0.2), dtype=torch.float64), 1 / 16)
    assert abs(float(logp.exp().sum()) - 1) < 1e-9
    sched = DiscreteSchedule(torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64))
    assert abs(float(sched.abar[-1]) - math.exp(-10.05)) < 2e-5  # the DDPM schedule's end
    assert abs(float(VPSchedule().log_abar(torch.tensor(1.0, dtype=torch.float64))) + 10.05) < 1e-9  # its limit


def test_the_training_set_as_a_parzen_model_beats_a_broad_one_on_itself():
    gen = torch.Generator().manual_seed(5)
    train = torch.randn(100, 3, generator=gen, dtype=torch.float64)
    assert float(parzen_log_likelihood(train, train, 0.05).mean()) > float(parzen_log_likelihood(train, train, 1.0).mean())


def test_the_discretized_logistic_decoder_sums_to_one_over_the_levels():
    from core.compare.models import discretized_logistic

    k = torch.arange(LEVELS, dtype=torch.float64)
    for mean, log_scale in ((3.2, -1.0), (16.5, 0.5), (-4.0, -3.0), (8.0, -6.0)):
        p = discretized_logistic(k, torch.tensor(mean, dtype=torch.float64), torch.tensor(log_scale, dtype=torch.float64), LEVELS)
        assert abs(float(p.exp().sum()) - 1) < 1e-4
