"""The autoregressive models and their sampler: the autoregressive property by gradients (MADE under every
ordering, both PixelCNNs), the plain PixelCNN's blind spot and the gated one's absence of it, conditionals that
sum to 1, the exact log-probability of a model's own samples, incremental sampling against the full pass,
completion, the time budget, seeding and the likelihood convention's baselines."""
from __future__ import annotations

import math
import time

import pytest
import torch

from core.autoregressive.models import FVSBN, MADE, NADE, PIXELS, GatedPixelCNN, PixelCNN
from core.autoregressive.sampling import ARStepRecord, generate_autoregressive, sample_autoregressive
from core.metrics import likelihood
from core.runtime import device
from core.runtime.budget import BudgetExceeded, request_budget


def _model(cls, **kw):
    with device.seeded(0):
        m = cls(**kw).eval()
    with torch.no_grad():  # untrained weights away from symmetric values, so every dependence shows
        for p in m.parameters():
            p.add_(0.3 * torch.randn(p.shape, generator=torch.Generator().manual_seed(p.numel())))
    return m


SMALL = {
    "fvsbn": (FVSBN, {}),
    "nade": (NADE, {"hidden": 16}),
    "made17": (MADE, {"levels": 17, "hidden": 96, "num_orders": 4}),
    "made2": (MADE, {"levels": 2, "hidden": 64, "num_orders": 3}),
    "pixelcnn": (PixelCNN, {"channels": 8}),
    "gated": (GatedPixelCNN, {"channels": 8}),
}


@pytest.fixture(scope="module")
def models():
    return {k: _model(cls, **kw) for k, (cls, kw) in SMALL.items()}


def dependence(model, order: int = 0) -> torch.Tensor:
    """``D[d, j]``: whether pixel ``d``'s conditional logits have a non-zero gradient in input pixel ``j``."""
    x = torch.randint(1, model.levels, (1, PIXELS), generator=torch.Generator().manual_seed(1)).float()
    jac = torch.autograd.functional.jacobian(lambda v: model.conditional_logits(v, order)[0].sum(-1), x)
    return jac[:, 0].abs() > 0  # (64, 64)


def before(model, order: int = 0) -> torch.Tensor:
    """``B[d, j]``: pixel ``j`` comes strictly before pixel ``d`` in the ordering."""
    pos = torch.empty(PIXELS, dtype=torch.long)
    pos[model.ordering(order)] = torch.arange(PIXELS)
    return pos[None, :] < pos[:, None]


@pytest.mark.parametrize("name", list(SMALL))
def test_every_conditional_depends_only_on_earlier_pixels(models, name):
    model = models[name]
    for order in range(model.num_orders):
        dep, earlier = dependence(model, order), before(model, order)
        assert not (dep & ~earlier).any(), f"{name} order {order}: an output sees its own or a later pixel"
        assert dep.any()


def test_made_orderings_differ_and_masks_follow_the_connectivity_numbers(models):
    made = models["made17"]
    orders = torch.stack([made.ordering(s) for s in range(made.num_orders)])
    assert len({tuple(o.tolist()) for o in orders}) == made.num_orders
    assert all(sorted(o.tolist()) == list(range(PIXELS)) for o in orders)
    for s in range(made.num_orders):
        m, masks = made.degrees(s), made.masks(s)
        assert m[0][made.ordering(s)].tolist() == list(range(1, PIXELS + 1))
        assert torch.equal(masks[0], (m[1][:, None] >= m[0][None, :]).float())
        assert torch.equal(masks[-1], (m[-1][:, None] > m[-2][None, :]).float())
    with pytest.raises(ValueError, match="order"):
        made.ordering(made.num_orders)


def test_plain_pixelcnn_has_a_blind_spot_and_the_gated_one_none(models):
    blind_plain = before(models["pixelcnn"]) & ~dependence(models["pixelcnn"])
    blind_gated = before(models["gated"]) & ~dependence(models["gated"])
    seen = dependence(models["pixelcnn"])
    d = 4 * 8 + 2  # pixel (4, 2): (3, 5), just above and to the right, is blind, though (2, 5), further, is seen
    assert blind_plain[d, 3 * 8 + 5] and seen[d, 2 * 8 + 5]
    assert not blind_gated.any()


@pytest.mark.parametrize("name", list(SMALL))
def test_conditionals_sum_to_one_and_log_prob_is_their_sum(models, name):
    model = models[name]
    x = torch.randint(0, model.levels, (5, PIXELS), generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        p = torch.softmax(model.conditional_logits(x), -1)
        assert torch.allclose(p.sum(-1), torch.ones(5, PIXELS), atol=1e-5)
        by_hand = torch.log(p.gather(-1, x[..., None])).squeeze(-1).sum(-1)
        assert torch.allclose(model.log_prob(x), by_hand, atol=1e-3)


@pytest.mark.parametrize("name", list(SMALL))
def test_log_prob_of_own_samples_equals_sum_of_sampled_conditionals(models, name):
    model = models[name]
    for order in range(min(model.num_orders, 2)):
        s = generate_autoregressive(model, 6, order=order, seed=3)
        assert s.nfe == PIXELS
        assert torch.allclose(s.probs.sum(-1), torch.ones(6, PIXELS), atol=1e-5)
        with torch.no_grad():
            assert torch.allclose(model.log_prob(s.x, order).double(), s.log_probs.double(), atol=2e-3)
        assert s.x.min() >= 0 and s.x.max() < model.levels


def test_same_seed_same_sample_and_records_follow_the_contract(models):
    model = models["gated"]
    records: list[ARStepRecord] = []
    a = generate_autoregressive(model, 3, seed=5, callback=records.append)
    b = generate_autoregressive(model, 3, seed=5)
    c = generate_autoregressive(model, 3, seed=6)
    assert torch.equal(a.x, b.x) and not torch.equal(a.x, c.x)
    assert [r.i for r in records] == list(range(PIXELS)) == [r.t for r in records]
    assert all(r.t_next == r.i + 1 and r.denoised is None for r in records)
    assert [r.pixel for r in records] == list(range(PIXELS))
    assert records[-1].probs.shape == (3, 17)


def test_temperature_sharpens_the_conditionals(models):
    model = models["made17"]
    cold = generate_autoregressive(model, 4, temperature=0.2, seed=0).probs.max(-1).values.mean()
    warm = generate_autoregressive(model, 4, temperature=1.0, seed=0).probs.max(-1).values.mean()
    assert cold > warm
    with pytest.raises(ValueError, match="temperature"):
        sample_autoregressive(model, torch.zeros(1, PIXELS), temperature=0.0)


@pytest.mark.parametrize("name", ["made17", "gated"])
def test_completion_keeps_the_given_pixels(models, name):
    model = models[name]
    prefix = likelihood.heldout_levels()[:2] if model.levels == 17 else None
    order = model.num_orders - 1
    fixed = 32
    s = generate_autoregressive(model, 2, order=order, seed=0, prefix=prefix, fixed=fixed)
    kept = model.ordering(order)[:fixed]
    assert torch.equal(s.x[:, kept], prefix[:, kept])
    with torch.no_grad():  # the log-probability of the drawn part, given the kept part
        lp = torch.log_softmax(model.conditional_logits(s.x, order), -1).gather(-1, s.x[..., None]).squeeze(-1)
    drawn = model.ordering(order)[fixed:]
    assert torch.allclose(lp[:, drawn].sum(-1).double(), s.log_probs.double(), atol=2e-3)


class _Slow:
    """A model whose every next-pixel evaluation sleeps first (a stand-in for a larger network)."""

    def __init__(self, inner, delay: float):
        self.inner, self.delay = inner, delay

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def next_logits(self, state, x, pixel):
        time.sleep(self.delay)
        return self.inner.next_logits(state, x, pixel)


def test_the_budget_stops_sampling(models):
    slow = _Slow(models["made17"], 0.05)  # 64 steps: 3.2 s in all
    start = time.perf_counter()
    with request_budget(0.3), pytest.raises(BudgetExceeded):
        sample_autoregressive(slow, torch.zeros(2, PIXELS))
    assert time.perf_counter() - start < 1.0


def test_baselines_follow_the_convention():
    b = likelihood.baselines()
    assert b["uniform"]["bits_per_pixel"] == pytest.approx(math.log2(17))
    ind = b["independent"]
    assert 2.3 < ind["bits_per_pixel"] < 2.6 and ind["bits_per_pixel_lo"] < ind["bits_per_pixel"] < ind[
        "bits_per_pixel_hi"]
    assert ind["nats_per_image"] < b["uniform"]["nats_per_image"]
    # a model that puts probability 1/17 on every level scores exactly log2 17
    uniform_lp = torch.full((360,), -64 * math.log(17))
    assert likelihood.bits_per_pixel(uniform_lp)["bits_per_pixel"] == pytest.approx(math.log2(17))
    x = likelihood.heldout_levels()
    assert x.shape == (360, 64) and x.min() == 0 and x.max() == 16


def test_training_draws_dropout_from_its_seed_not_the_global_rng():
    """A run with dropout is the same bit for bit whatever torch's global RNG holds, and leaves that RNG as it
    was: ``ChainRuleNLL`` seeds each update's dropout masks from its own generator (``python -m core.train
    ar-pixelcnn`` reproduces the checkpoint inside ``all`` too)."""
    from core.autoregressive.digits import ChainRuleNLL, ar_run
    from core.train.loop import TrainConfig

    data = torch.randint(0, 17, (64, PIXELS), generator=torch.Generator().manual_seed(0))
    cfg = TrainConfig(steps=3, batch_size=8, warmup=1, ema_decay=0.0, seed=4)

    def trained(global_seed: int) -> list[torch.Tensor]:
        with torch.random.fork_rng():
            torch.manual_seed(global_seed)
            with device.seeded(0):
                run = ar_run(GatedPixelCNN(channels=8, dropout=0.5), data, cfg)
            state = torch.get_rng_state()
            for _ in range(cfg.steps):
                run.iterate()
            assert torch.equal(torch.get_rng_state(), state)
        return [p.detach().clone() for p in run.ema.parameters()]

    assert all(torch.equal(p, q) for p, q in zip(trained(1), trained(2)))
    with device.seeded(0):
        model = GatedPixelCNN(channels=8, dropout=0.5).train()
    batch = (data[:8],)
    losses = [ChainRuleNLL(s)(model, batch, torch.Generator()).item() for s in (1, 1, 2)]
    assert losses[0] == losses[1] != losses[2]  # dropout is on, and its masks follow the seed
