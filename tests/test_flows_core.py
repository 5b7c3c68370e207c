"""Unit tests of the flows core: every layer's log-determinant against autograd's Jacobian, invertibility in
float32, the true 8gaussians density, dequantized bits/dim, layer view shapes and request validation."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch.autograd.functional import jacobian

from core.data.mixtures import EIGHT_GAUSSIANS
from core.data.toy2d import sample_toy
from core.flows.density import held_out, true_nll
from core.flows.layers import ActNorm, AdditiveCoupling, AffineCoupling, InvertibleLinear, LogitTransform, Scaling
from core.flows.layerview import layer_view
from core.flows.models import KINDS, FlowModel, masks
from core.runtime import device
from core.runtime.validation import InvalidInput


def _perturb(module: torch.nn.Module, seed: int, scale: float = 0.3) -> torch.nn.Module:
    """Move every parameter off its (identity) initialisation, so the layer does something."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.add_(scale * torch.randn(p.shape, generator=gen))
    return module


def _layers(dim: int) -> dict[str, torch.nn.Module]:
    m = masks(dim, 0, 1)[0]
    with device.seeded(0):
        out = {"additive coupling": AdditiveCoupling(m, 16, 2), "affine coupling": AffineCoupling(m, 16, 2),
               "scaling": Scaling(dim), "actnorm": ActNorm(dim), "invertible linear": InvertibleLinear(dim)}
    return {name: _perturb(layer, i) for i, (name, layer) in enumerate(out.items())}


def _points(n: int, dim: int, seed: int = 0) -> torch.Tensor:
    return torch.randn((n, dim), generator=torch.Generator().manual_seed(seed)) * 1.5


@pytest.mark.parametrize("dim", [2, 6])
@pytest.mark.parametrize("name", ["additive coupling", "affine coupling", "scaling", "actnorm", "invertible linear"])
def test_layer_logdet_matches_autograd_jacobian(name, dim):
    layer = _layers(dim)[name]
    if isinstance(layer, ActNorm):
        layer.initialize(_points(256, dim, 1) * 3 + 1)
    x = _points(8, dim)
    with torch.no_grad():
        _, logdet = layer(x)
    for i in range(len(x)):
        jac = jacobian(lambda v: layer(v[None])[0][0], x[i])
        assert abs(float(torch.linalg.slogdet(jac.double())[1]) - float(logdet[i])) < 1e-4, name


@pytest.mark.parametrize("name", ["additive coupling", "affine coupling", "scaling", "actnorm", "invertible linear"])
def test_layer_is_invertible_in_float32(name):
    layer = _layers(2)[name]
    x = _points(2000, 2)
    z, _ = layer(x)
    assert z.dtype == torch.float32
    assert float((layer.inverse(z) - x).abs().max()) < 1e-4
    assert not torch.allclose(z, x)  # the layer is not the identity


def test_logit_transform_logdet_and_inverse():
    layer = LogitTransform(17, 0.05)
    v = torch.rand((6, 4), generator=torch.Generator().manual_seed(0)) * 17
    _, logdet = layer(v)
    for i in range(len(v)):
        jac = jacobian(lambda u: layer(u[None])[0][0], v[i])
        assert abs(float(torch.linalg.slogdet(jac.double())[1]) - float(logdet[i])) < 1e-4
    assert float((layer.inverse(layer(v)[0]) - v).abs().max()) < 1e-4


@pytest.mark.parametrize("kind", KINDS)
def test_model_logdet_and_log_prob_are_exact(kind):
    with device.seeded(1):
        model = _perturb(FlowModel(kind=kind, num_layers=3, hidden=16), 3, 0.1)
    x = _points(6, 2)
    model.data_init(_points(512, 2, 2))
    z, logdet = model(x)
    for i in range(len(x)):
        jac = jacobian(lambda v: model(v[None])[0][0], x[i])
        assert abs(float(torch.linalg.slogdet(jac.double())[1]) - float(logdet[i])) < 1e-4
    expected = -0.5 * (z.pow(2).sum(-1) + 2 * math.log(2 * math.pi)) + logdet
    assert torch.allclose(model.log_prob(x), expected)
    assert float((model.inverse(z) - x).abs().max()) < 1e-4


def test_nice_is_volume_preserving_but_its_scaling():
    with device.seeded(0):
        model = _perturb(FlowModel(kind="nice", num_layers=4, hidden=16), 0, 0.2)
    _, logdet = model(_points(10, 2))
    assert torch.allclose(logdet, model.layers[-1].log_scale.sum().expand(10))


def test_actnorm_is_initialised_from_data():
    with device.seeded(0):
        model = FlowModel(kind="glow", num_layers=2, hidden=16)
    x = _points(1000, 2) * 3 + 5
    model.data_init(x)
    out, _ = model.layers[0](x)
    assert torch.allclose(out.mean(0), torch.zeros(2), atol=1e-4)
    assert torch.allclose(out.std(0), torch.ones(2), atol=1e-3)


def test_eight_gaussians_true_density():
    # integrates to one over a fine grid, and its held-out NLL is about the mixture's entropy
    axis = torch.linspace(-6, 6, 601, dtype=torch.float64)
    gx, gy = torch.meshgrid(axis, axis, indexing="xy")
    p = EIGHT_GAUSSIANS.log_prob(torch.stack([gx.ravel(), gy.ravel()], 1)).exp()
    assert float(p.sum() * (axis[1] - axis[0]) ** 2) == pytest.approx(1.0, abs=1e-3)
    sigma2 = (0.5 / 1.414) ** 2
    entropy = math.log(8) + 1 + math.log(2 * math.pi * sigma2)
    assert true_nll("8gaussians") == pytest.approx(entropy, abs=0.05)
    assert len(held_out("8gaussians")) >= 5000
    # and its samples are likelier under it than shifted ones
    x = sample_toy("8gaussians", 1000, 0)
    assert float(EIGHT_GAUSSIANS.log_prob(x).mean()) > float(EIGHT_GAUSSIANS.log_prob(x + 1).mean()) + 1


def test_layer_view_runs_both_ways():
    with device.seeded(0):
        model = _perturb(FlowModel(kind="glow", num_layers=2, hidden=16), 0, 0.1)
    data = sample_toy("moons", 300, 0)
    model.data_init(torch.from_numpy(data))
    view = layer_view(model, data, 4.5, seed=0)
    assert view.num_layers == 6 and len(view.data) == len(view.latent) == len(view.grid) == 7
    assert np.allclose(view.data[0], data)
    with torch.no_grad():
        z, _ = model(torch.from_numpy(data))
    assert np.allclose(view.data[-1], z.numpy(), atol=1e-5)
    assert np.allclose(view.latent[-1].std(0), 1, atol=0.15)  # Gaussian samples at the latent end


def test_dequantized_bits_per_dim_accounts_for_the_scaling():
    from core.flows.digits import LEVELS, bits_per_dim

    # a flow of only the logit layer at the identity-like couplings: log p(v) must integrate to one over
    # [0, 17)^D, so the bits/dim of uniform levels cannot beat log2(17) by much for an untrained flow
    with device.seeded(0):
        model = FlowModel(kind="realnvp", dim=4, num_layers=2, hidden=8, levels=LEVELS)
    levels = torch.randint(0, LEVELS, (4000, 4), generator=torch.Generator().manual_seed(0)).float()
    bpd = bits_per_dim(model, levels)
    assert bpd > math.log2(LEVELS) - 0.05
    # exp(log p(v)) over [0, 17) integrates to the Gaussian's mass on logit([alpha, 1 - alpha]) (1-D, midpoint rule):
    # the change of variables counts the 1/17 scaling and the logit's derivative
    with device.seeded(0):
        one_d = FlowModel(kind="realnvp", dim=1, num_layers=0, levels=LEVELS, logit_alpha=0.05)
    v = torch.linspace(0, LEVELS, 200_001)[:-1, None] + LEVELS / 400_000
    edge = math.log(0.95 / 0.05)
    assert float(one_d.log_prob(v).exp().mean() * LEVELS) == pytest.approx(math.erf(edge / math.sqrt(2)), abs=1e-4)


def test_requests_validate_their_inputs():
    from core.flows.request import digits_request, evaluate_request, interpolate_request, layers_request

    with pytest.raises(InvalidInput, match="shipped flows are trained on '8gaussians'"):
        evaluate_request("moons", None, "shipped", "realnvp", None)
    with pytest.raises(InvalidInput, match="model must be one of"):
        evaluate_request("8gaussians", None, "shipped", "maf", None)
    with pytest.raises(InvalidInput, match="No flow has been trained live"):
        evaluate_request("8gaussians", None, "live", "realnvp", None)
    with pytest.raises(InvalidInput, match="number of points"):
        layers_request("8gaussians", None, "shipped", "realnvp", 10**6, 0, None)
    with pytest.raises(InvalidInput, match="temperature"):
        digits_request(float("nan"), 4, 0)
    with pytest.raises(InvalidInput, match="second test digit"):
        interpolate_request(0, 10_000, 5)
