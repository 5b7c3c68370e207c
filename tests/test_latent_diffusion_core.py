"""The latent diffusion model's pieces: shapes per factor, the stored scale factor, SDEdit's two ends, seeds and
the request time budget."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from core.controlnet.drawing import digit_from_drawing, render_example
from core.data.digits import load_split
from core.latent_diffusion import quality
from core.latent_diffusion.models import SHAPES, ClassTokens, build_unet, build_vae
from core.latent_diffusion.recipes import latent_pool
from core.latent_diffusion.request import img2img_request, interpolate_request
from core.latent_diffusion.sampling import decode, encode, generate, slerp, start_index
from core.runtime import budget
from core.runtime.validation import InvalidInput


@pytest.mark.parametrize("f", sorted(SHAPES))
def test_shapes_per_factor(f):
    shape = SHAPES[f]
    vae, unet = build_vae(shape), build_unet(shape)
    x = torch.rand(3, 1, 8, 8) * 2 - 1
    with torch.no_grad():
        z = vae.encode(x).latent_dist.mean
        assert z.shape == (3, shape.channels, 8 // f, 8 // f)
        assert vae.decode(z).sample.shape == x.shape
        states = ClassTokens(dim=shape.cross_dim)(torch.tensor([0, 5, 10]))
        assert states.shape == (3, 4, shape.cross_dim)
        assert unet(z, torch.tensor([10, 500, 999]), states).sample.shape == z.shape


def test_shipped_scale_factor_is_one_over_the_latents_std():
    ld = quality.load(quality.DEFAULT_F)
    split = load_split()
    z, _ = latent_pool(ld.vae, split.x_train, split.y_train, draws=2, seed=1)
    assert ld.scale == pytest.approx(1.0 / float(z.std()), rel=0.05)  # other draws than training's: within 5%
    scaled = encode(ld.vae, split.x_test)
    assert 0.8 < float(scaled.std()) < 1.2  # what the schedule expects
    assert torch.allclose(decode(ld.vae, scaled), decode(ld.vae, scaled * 1.0))


def test_sdedit_strength_zero_returns_the_drawing_and_one_the_class():
    drawing = render_example("3")
    x = digit_from_drawing(drawing)[0].numpy()
    kept = img2img_request(drawing, "7", 0.0, 3.0, 20, 0, 4)
    assert kept.steps_run == 0
    assert np.abs(kept.generated.x.numpy() - x).mean() < 0.12  # the autoencoder's reconstruction of the drawing
    assert np.allclose(kept.generated.x.numpy()[0], kept.reconstruction, atol=1e-5)
    assert (kept.read_as == 3).all()  # still the drawn 3, though the class asked is 7
    fresh = img2img_request(drawing, "7", 1.0, 3.0, 20, 0, 8)
    assert fresh.steps_run == 20 and (fresh.read_as == 7).mean() >= 0.75 and fresh.confidence.mean() > 0.8
    assert np.abs(fresh.generated.x.numpy() - x).mean() > 3 * np.abs(kept.generated.x.numpy() - x).mean()
    assert start_index(20, 0.5) == 10 and start_index(20, 0.0) == 20 and start_index(20, 1.0) == 0


def test_seeds_and_budget():
    ld = quality.load(quality.DEFAULT_F)
    labels = torch.tensor([1, 2])
    a, za = generate(ld, labels, 3.0, 5, seed=4)
    b, zb = generate(ld, labels, 3.0, 5, seed=4)
    c, _ = generate(ld, labels, 3.0, 5, seed=5)
    assert torch.equal(a.x, b.x) and torch.equal(za, zb) and not torch.equal(a.x, c.x)
    assert a.nfe == 5 and za.shape == (2, *ld.latent_shape)
    with budget.request_budget(1e-9), pytest.raises(budget.BudgetExceeded):
        generate(ld, labels, 3.0, 50, seed=0)


def test_slerp_keeps_the_ends_and_the_norm():
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(1, 4, 4, 4, generator=g), torch.randn(1, 4, 4, 4, generator=g)
    assert torch.allclose(slerp(a, b, 0.0), a, atol=1e-5) and torch.allclose(slerp(a, b, 1.0), b, atol=1e-5)
    mid = slerp(a, b, 0.5)
    assert float(mid.norm()) > 0.9 * min(float(a.norm()), float(b.norm()))  # a straight line's midpoint shrinks
    res = interpolate_request("3", 0, 0, 3, 3.0, 5)  # one seed at both ends: every frame the same digit
    assert torch.allclose(res.generated.x[0], res.generated.x[-1], atol=1e-5)


@pytest.mark.parametrize("args, key", [(("9", 0, 1, 3, 3.0, 5, "3"), "downsampling factor"),
                                       (("x", 0, 1, 3, 3.0, 5), "class"), (("3", 0, -1, 3, 3.0, 5), "second seed"),
                                       (("3", 0, 1, 99, 3.0, 5), "frames")])
def test_bad_inputs_name_the_parameter(args, key):
    with pytest.raises(InvalidInput) as err:
        interpolate_request(*args)
    assert err.value.key == key
