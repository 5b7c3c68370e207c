"""Samplers (core.sampling.scheduler_loop), their adapters (core.sampling.adapters) and the seeded entry points
(core.sampling.generate), including parity of the DDIM sampler with diffusers' DDIMPipeline."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from diffusers import DDIMPipeline, DDIMScheduler, UNet2DModel

from core.diffusion.schedules import image_schedule, points_schedule
from core.nn.mlp2d import TimeMLP
from core.nn.unet_digits import NULL_CLASS, build_digits_unet
from core.runtime import device
from core.sampling.adapters import ClassEps, PointEps
from core.sampling.generate import generate_digits, generate_points
from core.sampling.scheduler_loop import make_scheduler, sample
from core.sampling.trajectory import trajectory_recorder

POINTS_CFG = points_schedule().config
IMAGE_CFG = image_schedule().config


@pytest.fixture(scope="module")
def mlp():
    torch.manual_seed(0)
    return device.place(TimeMLP(hidden=32, depth=2, time_embed_dim=16))


@pytest.fixture(scope="module")
def unet():
    torch.manual_seed(0)
    return device.place(build_digits_unet(block_out_channels=(8, 16, 16), norm_num_groups=4))


class Recorder:
    """An eps model that records its inputs and returns a fixed function of them."""

    def __init__(self, inner=None):
        self.inner = inner
        self.inputs: list[tuple[torch.Tensor, int]] = []

    def __call__(self, x_t, t):
        self.inputs.append((x_t.clone(), int(t)))
        return self.inner(x_t, t) if self.inner is not None else 0.1 * x_t


class PointMass:
    """The exact ``eps`` for data that is a single point ``x0``: ``(x_t - sqrt(ab_t) x0) / sqrt(1 - ab_t)``."""

    def __init__(self, x0: torch.Tensor, config):
        self.x0 = x0
        self.alpha_bar = make_scheduler("ddpm", config).alphas_cumprod

    def __call__(self, x_t, t):
        a = self.alpha_bar[int(t)]
        return (x_t - a.sqrt() * self.x0) / (1 - a).sqrt()


# ---- shapes, seeds, callbacks ------------------------------------------------------------------

@pytest.mark.parametrize("method", ["ddim", "ddpm"])
def test_one_sampler_for_points_and_images(mlp, unet, method):
    gen = torch.Generator().manual_seed(0)
    pts = sample(PointEps(mlp), torch.randn(50, 2, generator=gen), steps=5, scheduler_config=POINTS_CFG,
                 method=method, eta=0.3, generator=gen)
    assert pts.shape == (50, 2) and torch.isfinite(pts).all()
    labels = torch.tensor([0, 1, 2, NULL_CLASS])
    imgs = sample(ClassEps(unet, labels), torch.randn(4, 1, 8, 8, generator=gen), steps=5, scheduler_config=IMAGE_CFG,
                  method=method, eta=0.3, generator=gen)
    assert imgs.shape == (4, 1, 8, 8) and torch.isfinite(imgs).all()


def test_unknown_method(mlp):
    with pytest.raises(ValueError, match="unknown method"):
        sample(PointEps(mlp), torch.zeros(3, 2), steps=2, scheduler_config=POINTS_CFG, method="euler")


@pytest.mark.parametrize("method, eta", [("ddim", 0.0), ("ddim", 0.7), ("ddpm", 0.0)])
def test_generate_points_seeding(mlp, method, eta):
    a, b, c = (generate_points(mlp, POINTS_CFG, 64, 6, method, eta, seed=s) for s in (11, 11, 12))
    assert a.x.shape == (64, 2) and a.x.device.type == "cpu"
    assert torch.equal(a.x, b.x)
    assert not torch.allclose(a.x, c.x)
    assert a.nfe == 6 and a.seconds > 0


@pytest.mark.parametrize("method", ["ddim", "ddpm"])
def test_generate_digits_seeding(unet, method):
    labels = torch.tensor([3, 3, 7, NULL_CLASS])
    a, b, c = (generate_digits(unet, IMAGE_CFG, labels, 4, method, eta=1.0, guidance_scale=2.0, seed=s)
               for s in (5, 5, 6))
    assert a.x.shape == (4, 1, 8, 8)
    assert torch.equal(a.x, b.x)
    assert not torch.allclose(a.x, c.x)


def test_fresh_noise_depends_on_the_seed_only_through_the_generator():
    """DDIM with eta > 0 and DDPM add noise from the generator: same start, other generator, other result."""
    zero = Recorder(lambda x, t: torch.zeros_like(x))
    noise = torch.randn(32, 2, generator=torch.Generator().manual_seed(0))
    for method, eta in [("ddim", 0.0), ("ddim", 1.0), ("ddpm", 0.0)]:
        outs = [sample(zero, noise, steps=4, scheduler_config=POINTS_CFG, method=method, eta=eta,
                       generator=torch.Generator().manual_seed(s)) for s in (1, 2)]
        assert torch.equal(outs[0], outs[1]) == (method == "ddim" and eta == 0.0), (method, eta)


@pytest.mark.parametrize("method", ["ddim", "ddpm"])
def test_callback_once_per_step_with_x_t_and_x0_hat(mlp, method):
    calls = []
    rec = Recorder(PointEps(mlp))
    steps = 7
    gen = torch.Generator().manual_seed(0)
    out = sample(rec, torch.randn(20, 2, generator=gen), steps=steps, scheduler_config=POINTS_CFG, method=method,
                 generator=gen, callback=lambda r: calls.append((r.i, r.t, r.x.clone(), r.denoised.clone(), r.t_next)))
    assert [c[0] for c in calls] == list(range(steps))
    assert [c[4] for c in calls] == [t for _, t in rec.inputs[1:]] + [-1]  # the level x_t reached: the next t
    assert [c[1] for c in calls] == [t for _, t in rec.inputs]  # the step's t, descending
    assert all(isinstance(c[1], int) for c in calls)
    assert calls[0][1] == 999 and all(a[1] > b[1] for a, b in zip(calls, calls[1:]))  # trailing spacing
    for k, (i, t, x_t, x0_hat, _) in enumerate(calls):
        assert x_t.shape == x0_hat.shape == (20, 2)
        if k + 1 < steps:
            assert torch.equal(x_t, rec.inputs[k + 1][0])  # x_t is what the next step denoises
        x_in = rec.inputs[k][0]
        a = make_scheduler(method, POINTS_CFG).alphas_cumprod[t]
        with torch.no_grad():
            eps = mlp(x_in, torch.tensor(t))
        torch.testing.assert_close(x0_hat, (x_in - (1 - a).sqrt() * eps) / a.sqrt(), rtol=1e-4, atol=1e-4)
    assert torch.equal(calls[-1][2], out)


def test_trajectory_recorder(mlp):
    callback, frames = trajectory_recorder(keep=5)
    res = generate_points(mlp, POINTS_CFG, 30, 4, seed=0, callback=callback)
    assert len(frames) == 4
    assert all(x.shape == (5, 2) and x0.shape == (5, 2) for _, x, x0 in frames)
    assert torch.equal(frames[-1][1], res.x[:5])


def test_ddpm_and_ddim_start_from_the_same_noise(mlp):
    starts = {}
    for method in ("ddpm", "ddim"):
        for seed in (3, 4):
            rec = Recorder(mlp)
            generate_points(rec, POINTS_CFG, 40, 5, method, seed=seed)
            starts[method, seed] = rec.inputs[0][0]
    assert torch.equal(starts["ddpm", 3], starts["ddim", 3])
    assert torch.equal(starts["ddpm", 4], starts["ddim", 4])
    assert not torch.allclose(starts["ddim", 3], starts["ddim", 4])
    expected = torch.randn(40, 2, generator=device.generator(3))  # x_T is the generator's first draw
    assert torch.equal(starts["ddim", 3], expected)


# ---- adapters: nfe and guidance ----------------------------------------------------------------

def _batch_sizes(unet):
    sizes = []
    handle = unet.register_forward_pre_hook(lambda mod, args: sizes.append(args[0].shape[0]))
    return sizes, handle


@pytest.mark.parametrize("w, labels, per_forward", [
    (1.0, [1, 2, 3], 3),  # plain conditioning: one forward of B
    (3.0, [1, 2, 3], 6),  # guidance: one batched forward of 2B
    (0.0, [1, NULL_CLASS, 3], 6),
    (3.0, [NULL_CLASS] * 3, 3),  # nothing to guide
])
def test_class_eps_counts_one_forward_per_step(unet, w, labels, per_forward):
    sizes, handle = _batch_sizes(unet)
    try:
        res = generate_digits(unet, IMAGE_CFG, torch.tensor(labels), 5, guidance_scale=w, seed=0)
    finally:
        handle.remove()
    assert res.nfe == 5 and sizes == [per_forward] * 5


def test_point_eps_counts(mlp):
    eps = PointEps(mlp)
    sample(eps, torch.zeros(8, 2), steps=9, scheduler_config=POINTS_CFG)
    assert eps.nfe == 9
    assert generate_points(mlp, POINTS_CFG, 8, 3, method="ddpm").nfe == 3


def test_classifier_free_guidance_combination(unet):
    x = torch.randn(3, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    t = torch.tensor(400)
    labels = torch.tensor([2, 5, 9])
    with torch.no_grad():
        eps_c = ClassEps(unet, labels)(x, t)
        eps_u = ClassEps(unet, torch.full_like(labels, NULL_CLASS))(x, t)
        for w in (0.0, 2.5):
            guided = ClassEps(unet, labels, guidance_scale=w)(x, t)
            torch.testing.assert_close(guided, eps_u + w * (eps_c - eps_u), rtol=1e-4, atol=1e-5)
    assert not torch.allclose(eps_c, eps_u)


# ---- schedules: clipping -----------------------------------------------------------------------

@pytest.mark.parametrize("method", ["ddim", "ddpm"])
def test_points_schedule_does_not_clip(method):
    """Data far outside [-1, 1] survives sampling with the points config and is clipped with the image one."""
    x0 = torch.tensor([[3.0, -3.0], [0.5, 2.5]])
    noise = torch.randn(2, 2, generator=torch.Generator().manual_seed(0))
    for steps in (1, 10):
        out = sample(PointMass(x0, POINTS_CFG), noise, steps=steps, scheduler_config=POINTS_CFG, method=method,
                     generator=torch.Generator().manual_seed(1))
        torch.testing.assert_close(out, x0, rtol=0, atol=1e-3)
    out = sample(PointMass(x0, IMAGE_CFG), noise, steps=10, scheduler_config=IMAGE_CFG, method=method,
                 generator=torch.Generator().manual_seed(1))
    assert out.abs().max() <= 1.0 + 1e-5


def test_ddim_scheduler_from_points_config():
    sched = make_scheduler("ddim", POINTS_CFG)
    assert isinstance(sched, DDIMScheduler) and sched.config.clip_sample is False
    sched.set_timesteps(10)
    t = sched.timesteps[-1]
    a = sched.alphas_cumprod[t]
    x_t = a.sqrt() * torch.tensor([[3.0, 0.0]])  # eps = 0, so x0_hat = 3
    out = sched.step(torch.zeros_like(x_t), t, x_t)
    torch.testing.assert_close(out.pred_original_sample, torch.tensor([[3.0, 0.0]]))
    torch.testing.assert_close(out.prev_sample, torch.tensor([[3.0, 0.0]]))


# ---- parity with diffusers' DDIMPipeline --------------------------------------------------------

@pytest.mark.parametrize("eta", [0.0, 0.5])
def test_ddim_matches_diffusers_pipeline(eta):
    torch.manual_seed(0)
    unet = UNet2DModel(sample_size=8, in_channels=1, out_channels=1, block_out_channels=(16, 32),
                       down_block_types=("DownBlock2D", "DownBlock2D"), up_block_types=("UpBlock2D", "UpBlock2D"),
                       layers_per_block=1, norm_num_groups=8).eval()
    scheduler = DDIMScheduler.from_config({**IMAGE_CFG, "clip_sample": False})  # clipping: see the next test
    pipe = DDIMPipeline(unet=unet, scheduler=scheduler)
    pipe.set_progress_bar_config(disable=True)
    batch, steps, seed = 4, 10, 123

    expected = pipe(batch_size=batch, generator=torch.Generator().manual_seed(seed), eta=eta,
                    num_inference_steps=steps, output_type="np").images
    assert expected.shape == (batch, 8, 8, 1)

    gen = torch.Generator().manual_seed(seed)
    noise = torch.randn((batch, 1, 8, 8), generator=gen, dtype=unet.dtype)  # as DDIMPipeline draws it
    x0 = sample(lambda x_t, t: unet(x_t, t).sample, noise, steps=steps, scheduler_config=scheduler.config,
                method="ddim", eta=eta, generator=gen)
    ours = (x0 / 2 + 0.5).clamp(0, 1).permute(0, 2, 3, 1).numpy()
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-5)
    assert 0.05 < expected.std()  # a non-trivial image, not all clipped to one value
    other = sample(lambda x_t, t: unet(x_t, t).sample, torch.randn((batch, 1, 8, 8)), steps=steps,
                   scheduler_config=scheduler.config, method="ddim", eta=eta)
    assert not np.allclose((other / 2 + 0.5).clamp(0, 1).permute(0, 2, 3, 1).numpy(), expected, atol=1e-3)


def test_clipped_ddim_recomputes_eps_from_the_clipped_x0():
    """With ``clip_sample``, every DDIM step (eta 0) lands at sqrt(a') x0c + sqrt(1 - a') eps' where x0c is the
    clipped x0_hat and eps' the noise it implies (guided-diffusion's ddim_sample), not diffusers' mix of a
    clipped x0_hat with the unclipped eps."""
    cfg = {**IMAGE_CFG, "clip_sample": True}
    sched = DDIMScheduler.from_config({**cfg, "clip_sample": False})
    sched.set_timesteps(5)
    a = sched.alphas_cumprod

    def eps_model(x_t, t):  # predicts x0 far outside [-1, 1]: clipping matters at every step
        return (x_t - a[t].sqrt() * 3.0 * torch.ones_like(x_t)) / (1 - a[t]).sqrt()

    steps = []
    sample(eps_model, torch.randn(2, 1, 8, 8, generator=torch.Generator().manual_seed(0)), steps=5,
           scheduler_config=cfg, method="ddim", callback=lambda r: steps.append((r.t, r.x.clone(), r.denoised.clone())))
    x_t = torch.randn(2, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    for i, (t, x_prev, x0_hat) in enumerate(steps):
        torch.testing.assert_close(x0_hat, torch.ones_like(x0_hat), rtol=1e-4, atol=1e-4)  # clipped to +1
        prev_t = steps[i + 1][0] if i + 1 < len(steps) else -1
        a_prev = a[prev_t] if prev_t >= 0 else torch.tensor(1.0)
        eps_c = (x_t - a[t].sqrt() * x0_hat) / (1 - a[t]).sqrt()
        torch.testing.assert_close(x_prev, a_prev.sqrt() * x0_hat + (1 - a_prev).sqrt() * eps_c, rtol=1e-4, atol=1e-4)
        x_t = x_prev
    torch.testing.assert_close(x_t, torch.ones_like(x_t), rtol=1e-4, atol=1e-4)  # ends at the clipped x0


# ---- side by side: DDPM and DDIM run at once, with sequential results ---------------------------

def test_side_by_side_keeps_order_and_results(mlp):
    jobs = [lambda m=m: generate_points(mlp, POINTS_CFG, 200, 8, m, 0.5, seed=3).x for m in ("ddpm", "ddim")]
    together = device.side_by_side(jobs)
    alone = [job() for job in jobs]
    assert len(together) == 2 and all(torch.equal(a, b) for a, b in zip(together, alone))
    assert not torch.equal(together[0], together[1])


def test_side_by_side_uses_the_cores_left_by_intra_op_threads(monkeypatch):
    import threading

    here = threading.current_thread().name
    monkeypatch.setattr(device.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(device.torch, "get_num_threads", lambda: 1)
    assert device.side_by_side_workers() == 2
    names = device.side_by_side([lambda: threading.current_thread().name] * 2)
    assert all(n.startswith("genlab-job") for n in names)
    monkeypatch.setattr(device.torch, "get_num_threads", lambda: 2)  # both cores already busy inside each op
    assert device.side_by_side_workers() == 1
    assert device.side_by_side([lambda: threading.current_thread().name] * 2) == [here, here]


def test_side_by_side_raises_a_job_error():
    def boom():
        raise ValueError("bad job")

    with pytest.raises(ValueError, match="bad job"):
        device.side_by_side([lambda: 1, boom])
