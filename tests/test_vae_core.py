"""Unit tests of core/vae: gradient estimators, ELBO terms, VQ-VAE pieces, the code prior, validation, live 2D."""
from __future__ import annotations

import math

import pytest
import torch

from core.runtime import device
from core.runtime.validation import InvalidInput
from core.vae import estimators as E
from core.vae.models import MLPVAE, VQVAE, ConvVAE
from core.vae.objective import ElboObjective, bernoulli_nll, gaussian_nll, heldout_terms, kl_per_dim, vq_losses

# --- gradient estimators ---------------------------------------------------------------------------------

def test_estimators_are_unbiased():
    eps = torch.randn((20_000, 4), generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    true = E.true_gradient(0.5)
    assert E.reparam_grad(eps, 0.5, 1.0).mean() == pytest.approx(true, abs=0.05)
    assert E.reinforce_grad(eps, 0.5, 1.0).mean() == pytest.approx(true, abs=0.3)
    assert E.reinforce_grad(eps, 0.5, 1.0, baseline=True).mean() == pytest.approx(true, abs=0.2)


def test_reparameterization_is_autograd_of_the_sampled_objective():
    eps = torch.tensor([[0.3, -1.2, 2.0]], dtype=torch.float64)
    g = E.reparam_grad(eps, 1.0, 0.5)
    z = 1.0 + 0.5 * eps
    assert g.item() == pytest.approx(float((2 * (z - E.TARGET_C)).mean()))


def test_reparameterization_variance_matches_theory_and_beats_reinforce():
    c = E.variance_curves(mu=0.0, sigma=1.0, repeats=4000, seed=0)
    for n, v in zip(c.counts, c.variance["reparameterization"]):
        assert v == pytest.approx(4.0 / n, rel=0.15)  # Var[2(z - c)] / n = 4 sigma^2 / n
    for key in ("reinforce", "reinforce + baseline"):
        assert all(r < s for r, s in zip(c.variance["reparameterization"], c.variance[key]))
    # the leave-one-out baseline helps from n = 2 on
    assert all(b < r for b, r in zip(c.variance["reinforce + baseline"][1:], c.variance["reinforce"][1:]))


@pytest.mark.parametrize("mu, sigma", [(-3.0, 0.1), (3.0, 3.0), (1.9, 1.0)])
def test_reparameterization_wins_across_settings(mu, sigma):
    c = E.variance_curves(mu, sigma, 1000, seed=1)
    assert all(r < s for r, s in zip(c.variance["reparameterization"], c.variance["reinforce"]))


def test_gumbel_softmax_relaxes_and_straight_through_is_exact():
    probs = torch.tensor([0.1, 0.2, 0.3, 0.4])
    cold, hot = E.gumbel_draws(probs, 0.05, 20_000, 0), E.gumbel_draws(probs, 10.0, 2000, 0)
    assert torch.allclose(cold.soft.sum(-1), torch.ones(20_000, dtype=torch.float64))
    assert cold.max_weight > 0.95 and hot.max_weight < 0.3
    # the straight-through forward value is an exact categorical sample: its frequencies match pi
    assert torch.allclose(cold.hard_freq, probs.double(), atol=0.015)
    assert ((cold.hard == 0) | (cold.hard == 1)).all() and (cold.hard.sum(-1) == 1).all()


def test_straight_through_backward_is_the_soft_gradient():
    logits = torch.tensor([0.2, -0.5, 1.0], requires_grad=True)
    g = E.sample_gumbel((1, 3), torch.Generator().manual_seed(0)).float()
    w = torch.tensor([1.0, 2.0, 3.0])
    soft = E.gumbel_softmax(logits, 0.7, g)
    (gs,) = torch.autograd.grad((soft * w).sum(), logits)
    hard = E.straight_through(E.gumbel_softmax(logits, 0.7, g))
    (gh,) = torch.autograd.grad((hard * w).sum(), logits)
    assert torch.allclose(gs, gh)
    assert hard.detach().max() == 1 and hard.detach().sum() == 1


# --- ELBO terms ---------------------------------------------------------------------------------------------

def test_kl_matches_torch_distributions():
    mu, logvar = torch.tensor([[0.5, -1.0]]), torch.tensor([[0.3, -0.7]])
    q = torch.distributions.Normal(mu, (0.5 * logvar).exp())
    ref = torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0))
    assert torch.allclose(kl_per_dim(mu, logvar), ref, atol=1e-6)
    assert kl_per_dim(torch.zeros(1, 3), torch.zeros(1, 3)).abs().max() == 0


def test_likelihoods_in_nats():
    x = torch.tensor([[-1.0, 1.0, 0.0]])
    logits = torch.tensor([[-2.0, 3.0, 0.0]])
    p = torch.sigmoid(logits)
    t = (x + 1) / 2
    manual = -(t * p.log() + (1 - t) * (1 - p).log()).sum(1)
    assert torch.allclose(bernoulli_nll(logits, x), manual, atol=1e-5)
    mean, log_sigma = torch.tensor([[0.1, -0.2, 0.3]]), torch.tensor([0.1, -0.3, 0.0])
    ref = -torch.distributions.Normal(mean, log_sigma.exp()).log_prob(x).sum(1)
    assert torch.allclose(gaussian_nll(mean, log_sigma, x), ref, atol=1e-5)


def elbo_training_lowers_the_loss(model) -> dict:
    """60 updates of ``model`` on the digits lower the negative ELBO; returns the test terms after them."""
    from core.data.digits import load_split
    from core.data.pools import Pool
    from core.train.loop import TrainConfig, TrainRun

    split = load_split()
    run = TrainRun(model, Pool(split.x_train, None), ElboObjective(1.0),
                   TrainConfig(steps=60, batch_size=32, lr=1e-2, warmup=5, ema_decay=0.0))
    first = [run.iterate() for _ in range(10)]
    for _ in range(50):
        run.iterate()
    assert run.mean_loss(10) < sum(first) / 10 - 5
    terms = heldout_terms(run.ema, split.x_test[:50])
    assert terms["elbo"] == pytest.approx(-(terms["recon"] + terms["kl"]), rel=1e-4)
    return terms


def test_elbo_training_lowers_the_loss():
    from core.runtime import device

    with device.seeded(0):
        terms = elbo_training_lowers_the_loss(MLPVAE(latent_dim=2, hidden=32, depth=1))
    assert len(terms["kl_per_dim"]) == 2


# --- VQ-VAE and the prior ------------------------------------------------------------------------------------

def test_quantize_picks_the_nearest_code_and_straight_through_reaches_the_encoder():
    torch.manual_seed(0)
    vq = VQVAE(num_codes=8, code_dim=4, channels=8)
    x = torch.rand(3, 1, 8, 8) * 2 - 1
    z_e = vq.encode(x)
    codes = vq.quantize(z_e)
    flat = z_e.permute(0, 2, 3, 1).reshape(-1, 4)
    brute = torch.cdist(flat, vq.codebook.weight).argmin(1)
    assert torch.equal(codes.flatten(), brute) and codes.shape == (3, 4, 4)
    recon, codebook, commit = vq_losses(vq, x, 0.25)
    assert torch.isclose(codebook, commit)  # same value, different gradients
    (recon + codebook + 0.25 * commit).backward()
    assert vq.encoder[0].weight.grad.abs().sum() > 0  # the decoder's gradient crossed the argmin
    assert vq.codebook.weight.grad.abs().sum() > 0


def test_code_prior_is_causal_and_samples_valid_codes():
    """The VQ-VAE's prior is the autoregressive tab's gated PixelCNN over the grid of codes (a code embedding, a
    categorical over K): position i sees only c_<i, and its sampler (the sampler contract) draws valid codes
    whose log-probability is the sum of the conditionals they were drawn from."""
    from core.autoregressive.models import GatedPixelCNN
    from core.autoregressive.sampling import generate_autoregressive

    with device.seeded(0):
        prior = GatedPixelCNN(levels=10, channels=16, embed=8, dilations=(1, 1), side=4, dropout=0.0).eval()
    a = torch.randint(0, 10, (2, 16))
    b = a.clone()
    b[:, 6:] = (b[:, 6:] + 1) % 10
    with torch.no_grad():
        la, lb = prior(a), prior(b)
    assert torch.allclose(la[:, :7], lb[:, :7], atol=1e-5)  # position i sees only c_<i
    assert not torch.allclose(la[:, 7:], lb[:, 7:], atol=1e-5)
    s1 = generate_autoregressive(prior, 5, seed=3)
    s2 = generate_autoregressive(prior, 5, seed=3)
    assert torch.equal(s1.x, s2.x) and s1.x.shape == (5, 16) and int(s1.x.max()) < 10 and s1.nfe == 16
    with torch.no_grad():
        assert torch.allclose(prior.log_prob(s1.x).double(), s1.log_probs.double(), atol=1e-4)


# --- validation and the plane mapping ---------------------------------------------------------------------

def test_pixel_latent_mapping_round_trips():
    from core.vae.request import latent_to_pixel, pixel_to_latent

    z = pixel_to_latent(0, 0, 480, 3.0)
    assert z[0] < -2.9 and z[1] > 2.9  # the top-left corner is (-extent, +extent)
    for px, py in [(0, 0), (239, 100), (479, 479)]:
        x, y = latent_to_pixel(*pixel_to_latent(px, py, 480, 3.0), 480, 3.0)
        assert (x, y) == pytest.approx((px, py))
    with pytest.raises(InvalidInput, match="pixel x"):
        pixel_to_latent(480, 0, 480, 3.0)


@pytest.mark.parametrize("call, message", [
    (lambda R: R.pick("vae-z16", 0, 0), "model must be one of"),
    (lambda R: R.pick("vae-z2-beta1", 7, 0), "z1 must be from"),
    (lambda R: R.pick("vae-z2-beta1", 0, float("nan")), "z2 must be a finite number"),
    (lambda R: R.manifold("vae-z2-beta1", 100, 2), "grid side must be from 2 to 30"),
    (lambda R: R.interpolate("vae-z2-beta1", 0, 360, 5), "second digit must be from 0 to 359"),
    (lambda R: R.reconstruct("nope", 4, 0), "model must be one of"),
    (lambda R: R.gumbel(0, 10, 0), "temperature must be from 0.05 to 10"),
    (lambda R: R.estimator_variance(0, 0, 100, 0), "sigma must be from 0.1 to 3"),
    (lambda R: R.code_view(32, 0), "codebook size K must be one of 16, 64, 256"),
    (lambda R: R.two_stage_request(10, 5.0, 0), "temperature must be from 0.1 to 2"),
])
def test_requests_reject_bad_input(call, message):
    from core.vae import request as R

    with pytest.raises(InvalidInput, match=message):
        call(R)


def test_live_vae_trains_steps_and_previews():
    from core.vae.live import LiveVAE

    live = LiveVAE.continue_or_create(None, "moons", None, 200, 1.0, 0)
    assert LiveVAE.continue_or_create(live, "moons", None, 300, 1.0, 0) is live
    assert LiveVAE.continue_or_create(live, "moons", None, 300, 2.0, 0) is not live  # another beta: a fresh run
    ev = live.session.step(20)
    live.record(ev.iteration, ev.loss)
    p = live.preview()
    assert live.run.iteration == 20 and math.isfinite(ev.loss)
    assert p.means.shape == p.posterior.shape == (LiveVAE.config.preview_points, 2)
    assert live.preview().means.tolist() == p.means.tolist()  # same seed, same picture
    with pytest.raises(InvalidInput, match="beta must be from"):
        LiveVAE.continue_or_create(None, "moons", None, 200, 0.0, 0)


def test_conv_vae_shapes_round_trip_and_learning(tmp_path):
    from core.data.digits import load_split
    from core.runtime import device

    split = load_split()
    with device.seeded(0):
        model = ConvVAE(latent_dim=2, channels=8, hidden=32)
    mu, logvar = model.encode(split.x_test[:5])
    assert mu.shape == logvar.shape == (5, 2) and model.decode(mu).shape == (5, 1, 8, 8)
    model.save_pretrained(tmp_path)
    again = ConvVAE.from_pretrained(tmp_path)
    assert torch.equal(again(split.x_test[:5]), model(split.x_test[:5]))
    with pytest.raises(ValueError, match="bernoulli"):
        ConvVAE(likelihood="gaussian")
    elbo_training_lowers_the_loss(model)


def test_kl_warmup_raises_the_weight_linearly_to_beta():
    obj = ElboObjective(2.0, kl_warmup=4)
    weights = []
    for _ in range(6):
        weights.append(obj.weight())
        obj.calls += 1
    assert weights == pytest.approx([0.5, 1.0, 1.5, 2.0, 2.0, 2.0])
    assert ElboObjective(2.0).weight() == 2.0
