"""Unit tests of core.guidance: the models, the guided eps callables, validation, metrics."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from core.diffusion.schedules import points_schedule
from core.guidance import quality
from core.guidance.models import ClassTimeMLP, NoisyDigitClassifier, NoisyPointClassifier
from core.guidance.request import digits_request, field_request, points_request
from core.guidance.sampling import ClassifierGuidedEps, PointClassEps, classifier_grad, signed_scale
from core.guidance.train import RING, NoisyClassifierObjective, labelled_points
from core.runtime import device
from core.runtime.validation import InvalidInput
from core.sampling.guidance import guided


@pytest.fixture(scope="module")
def model():
    with device.seeded(0):
        return ClassTimeMLP(hidden=32, depth=2).eval().requires_grad_(False)


def test_class_mlp_shapes_and_null_default(model):
    x, t = torch.randn(5, 2), torch.tensor(100)
    assert model(x, t, torch.arange(5)).shape == (5, 2)
    assert torch.equal(model(x, t), model(x, t, torch.full((5,), 8)))  # no labels = the null class
    assert not torch.equal(model(x, t, torch.zeros(5, dtype=torch.long)), model(x, t))


def test_cfg_is_one_batched_forward_equal_to_two_passes(model):
    x, labels = torch.randn(7, 2), torch.arange(7) % 8
    eps = PointClassEps(model, labels, 3.0)
    out = eps(x, torch.tensor(300))
    ref = guided(model(x, 300, labels), model(x, 300, torch.full_like(labels, 8)), 3.0)
    assert torch.allclose(out, ref, atol=1e-6) and eps.nfe == 1
    # negative guidance is the same combine at -w; w = 1 is the conditional model alone
    away = PointClassEps(model, labels, signed_scale(2.0, "away"))(x, 300)
    assert torch.allclose(away, guided(model(x, 300, labels), model(x, 300, torch.full_like(labels, 8)), -2.0),
                          atol=1e-6)
    assert torch.allclose(PointClassEps(model, labels, 1.0)(x, 300), model(x, 300, labels))


class _Linear(torch.nn.Module):
    """log p(y | x) = softmax(W x): grad_x log p(y | x) = W_y - sum_k p_k W_k."""

    def __init__(self):
        super().__init__()
        self.W = torch.nn.Parameter(torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), requires_grad=False)

    def forward(self, x, t):
        return x @ self.W.T


def test_classifier_guidance_adds_the_scaled_gradient():
    clf = _Linear()
    x, labels = torch.randn(4, 2), torch.tensor([0, 1, 2, 0])
    p = torch.softmax(x @ clf.W.T, -1)
    expected_grad = clf.W[labels] - p @ clf.W
    assert torch.allclose(classifier_grad(clf, x, 0, labels), expected_grad, atol=1e-6)
    base = lambda x_t, t: torch.zeros_like(x_t)  # noqa: E731
    base.nfe = 0
    a = points_schedule().alphas_cumprod
    out = ClassifierGuidedEps(base, clf, labels, 2.0, a)(x, 500)
    assert torch.allclose(out, -2.0 * (1 - a[500]).sqrt() * expected_grad, atol=1e-6)
    assert not clf.W.requires_grad  # the shared classifier is left untouched


def test_classifiers_shapes():
    with device.seeded(0):
        pc, dc = NoisyPointClassifier(), NoisyDigitClassifier()
    assert pc(torch.randn(3, 2), torch.tensor([1, 2, 3])).shape == (3, 8)
    assert dc(torch.randn(3, 1, 8, 8), torch.tensor(10)).shape == (3, 10)


def test_noisy_classifier_objective_learns():
    with device.seeded(0):
        clf = NoisyPointClassifier(hidden=32, depth=1)
    x, y = labelled_points(RING, 2000, 0)
    batch = (torch.from_numpy(x), torch.from_numpy(y))
    obj = NoisyClassifierObjective(points_schedule())
    opt = torch.optim.Adam(clf.parameters(), lr=1e-2)
    losses = []
    for i in range(60):
        loss = obj(clf, batch, torch.Generator().manual_seed(i))
        opt.zero_grad(), loss.backward(), opt.step()
        losses.append(loss.item())
    assert np.mean(losses[-10:]) < np.mean(losses[:10]) - 0.3


def test_labels_are_nearest_modes():
    x, y = labelled_points(RING, 500, 1)
    d = np.linalg.norm(x[:, None] - RING.centres[None], axis=2)
    assert (d[np.arange(len(y)), y] <= d.min(1) + 1e-6).all() and set(np.unique(y)) == set(range(8))


def test_within_class_diversity():
    f = torch.tensor([[0.0, 0.0], [3.0, 4.0], [10.0, 0.0], [10.0, 0.0]])
    assert quality.within_class_diversity(f, torch.tensor([0, 0, 1, 1])) == pytest.approx((5.0 + 0.0) / 2)


@pytest.mark.parametrize("call, message", [
    (lambda: field_request("dpm", "0", 3, "toward", 10), "method must be one of"),
    (lambda: field_request("cfg", "9", 3, "toward", 10), "class must be one of"),
    (lambda: field_request("cfg", "0", 11, "toward", 10), "guidance scale must be from 0 to 10"),
    (lambda: field_request("cfg", "0", float("nan"), "toward", 10), "guidance scale must be a finite number"),
    (lambda: field_request("cfg", "0", 3, "sideways", 10), "direction must be one of"),
    (lambda: field_request("cfg", "0", 3, "toward", 1000), "noise level t must be from 0 to 999"),
    (lambda: points_request("cfg", "0", 3, "toward", 6000, 30, 0), "number of points must be from 10 to 5000"),
    (lambda: points_request("cfg", "0", 3, "toward", 100, 0, 0), "steps must be from 1 to 200"),
    (lambda: points_request("cfg", "0", 3, "toward", 100, 30, -1), "seed must be from 0"),
    (lambda: digits_request("10", "cfg", 3, "toward", 30, 0), "class must be one of"),
    (lambda: digits_request("3", "cfg", 3, "toward", 30, 0, 65), "number of images must be from 2 to 64"),
    (lambda: digits_request("3", "cfg", "strong", "toward", 30, 0), "guidance scale must be a number"),
])
def test_requests_reject_bad_input(call, message):
    with pytest.raises(InvalidInput, match=message):
        call()


def test_digits_cfg_is_one_batched_forward_of_cond_and_null_rows():
    from core.nn.unet_digits import NULL_CLASS, build_digits_unet, placeholder_states
    from core.sampling.adapters import ClassEps

    with device.seeded(0):
        unet = build_digits_unet().eval().requires_grad_(False)
    x, t = torch.randn(3, 1, 8, 8, generator=torch.Generator().manual_seed(1)), torch.tensor(300)
    labels = torch.tensor([1, 4, 7])
    eps = ClassEps(unet, labels, 3.0)
    with torch.no_grad():
        both = unet(torch.cat([x, x]), t.expand(6), placeholder_states(unet, 6),
                    class_labels=torch.cat([labels, torch.full_like(labels, NULL_CLASS)])).sample
        assert torch.equal(eps(x, t), guided(*both.chunk(2), 3.0))  # the same numbers as one plain forward
        assert torch.equal(eps(x, t), eps(x, t)) and eps.nfe == 3  # the cached inputs are not consumed
        with pytest.raises(ValueError, match="labels are for 3"):
            eps(x[:2], t)
