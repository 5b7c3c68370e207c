"""The latent diffusion tab's requests, one validated function per endpoint (the API can send anything).

Every value is checked here against its ``Spec`` or choices (``core.runtime.validation``); a shipped-model
result is computed once per validated settings (``core.runtime.memo.cached``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from core.data.digits import NUM_CLASSES, load_split
from core.latent_diffusion import quality
from core.latent_diffusion.models import FACTORS
from core.latent_diffusion.sampling import decode, encode, generate, img2img, interpolate, signal_to_noise
from core.metrics.classify import classifier_outputs, digits_quality
from core.runtime import checkpoints, device
from core.runtime.memo import cached
from core.runtime.validation import SEED, Spec, check_choice, number
from core.sampling.generate import Generated, generate_digits
from core.sampling.trajectory import trajectory_recorder

MAX_SCALE = 10.0  # largest guidance scale a request accepts
MAX_LD_STEPS = 200  # sampler steps per request
MAX_PIPELINE_STEPS = 100  # steps of the step-by-step view (each step's latent is decoded)
MAX_LD_DIGITS = 64  # digits per request
MAX_FRAMES = 16  # interpolation frames
ANY = "any"  # the class choice of the comparison meaning "class-balanced, 0..9 in turn"
DIGIT_LABELS = tuple(str(c) for c in range(NUM_CLASSES))  # the class choices
COMPARE_LABELS = (ANY,) + DIGIT_LABELS  # the comparison's class choices
FACTOR_CHOICES = tuple(str(f) for f in FACTORS)  # the downsampling factors offered


@dataclass(frozen=True)
class LatentSettings:
    f: str = str(quality.DEFAULT_F)  # downsampling factor of the latent model ("1", "2" or "4")
    label: str = "3"  # the class asked for
    scale: float = quality.QUALITY_SCALE  # guidance scale w (diffusers' guidance_scale)
    steps: int = 50  # DDIM steps
    pipeline_steps: int = 25  # DDIM steps of the step-by-step view
    seed: int = SEED.default  # seed of the initial noise
    n_digits: int = 16  # digits per request (the comparison's, the pipeline's final digits)
    compare_label: str = ANY  # the comparison's class ("any": class-balanced)
    strength: float = 0.6  # SDEdit strength: 0 keeps the drawing, 1 starts from pure noise
    img2img_digits: int = 8  # image-to-image samples per request
    seed_b: int = 1  # the interpolation's second seed
    frames: int = 9  # interpolation frames, both ends included


DEFAULTS = LatentSettings()
SCALE = number("guidance scale", 0.0, MAX_SCALE, DEFAULTS.scale, 0.25)
STEPS = Spec("steps", 1, MAX_LD_STEPS, DEFAULTS.steps)
PIPELINE_STEPS = Spec("steps", 1, MAX_PIPELINE_STEPS, DEFAULTS.pipeline_steps)
N_DIGITS = Spec("number of digits", 2, MAX_LD_DIGITS, DEFAULTS.n_digits)
IMG2IMG_DIGITS = Spec("number of digits", 1, MAX_LD_DIGITS, DEFAULTS.img2img_digits)
STRENGTH = number("strength", 0.0, 1.0, DEFAULTS.strength, 0.05)
FRAMES = Spec("frames", 2, MAX_FRAMES, DEFAULTS.frames)
SECOND_SEED = Spec("second seed", SEED.lo, SEED.hi, DEFAULTS.seed_b)


def _text(value: Any) -> Any:
    """An int choice as its digits (the API may send ``2`` for ``"2"``); anything else as it is."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def check_factor(value: Any) -> int:
    """A shipped downsampling factor, ``"1"``/``"2"``/``"4"`` (ints accepted)."""
    return int(check_choice("downsampling factor", _text(value), FACTOR_CHOICES))


def check_label(value: Any) -> int:
    """A digit class ``"0"``..``"9"`` (ints accepted)."""
    return int(check_choice("class", _text(value), DIGIT_LABELS))


def _models(f: int) -> tuple[str, ...]:
    return (*quality.component_names(f), quality.JUDGE)


def _judged(images: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """The shipped classifier's reading of each image: predicted class ``(N,)`` and its probability ``(N,)``."""
    probs = classifier_outputs(checkpoints.load_model(quality.JUDGE), images)[1]
    top = probs.max(-1)
    return top.indices.numpy(), top.values.numpy()


@dataclass
class Pipeline:
    """One run of the pipeline, step by step, for the first digit, and the final digits.

    ``latents`` ``(S, c, h, w)``: the scaled latent ``z_t`` after each step; ``decoded`` ``(S, 1, 8, 8)``: the
    decoder's image of each ``z_t``; ``predicted`` ``(S, 1, 8, 8)``: the decoder's image of each step's
    ``z0_hat``; ``timesteps`` ``(S,)``; ``noise`` ``(c, h, w)``: ``z_T``."""

    f: int
    label: int
    w: float
    steps: int
    timesteps: np.ndarray
    noise: np.ndarray
    latents: np.ndarray
    decoded: np.ndarray
    predicted: np.ndarray
    generated: Generated
    read_as: np.ndarray
    confidence: np.ndarray
    scale: float
    example: np.ndarray
    example_latent: np.ndarray


def pipeline_request(f: Any, label: Any, scale: Any, steps: Any, seed: Any, n: Any = DEFAULTS.n_digits) -> Pipeline:
    """``n`` digits of class ``label`` from the latent model of factor ``f``, with the first digit's latent and
    its decoding at every step."""
    f, label, w = check_factor(f), check_label(label), SCALE.check(scale)
    steps, seed, n = PIPELINE_STEPS.check(steps), SEED.check(seed), N_DIGITS.check(n)
    return cached("ld_pipeline", (f, label, w, steps, seed, n), _models(f), lambda: _pipeline(f, label, w, steps, seed, n))


def _pipeline(f: int, label: int, w: float, steps: int, seed: int, n: int) -> Pipeline:
    ld = quality.load(f)
    callback, frames = trajectory_recorder(keep=1)
    g, _ = generate(ld, torch.full((n,), label, dtype=torch.long), w, steps, seed, callback=callback)
    z = torch.cat([x for _, x, _ in frames])
    z0 = torch.cat([d for _, _, d in frames])
    noise = torch.randn((n, *ld.latent_shape), generator=device.generator(seed), device=device.device(),
                        dtype=device.dtype())[0].cpu()  # z_T of the first digit: the seed's first draw
    read, conf = _judged(g.x)
    split = load_split()
    x = split.x_test[split.y_test == label][:1]
    return Pipeline(f, label, w, steps, np.array([t for t, _, _ in frames]), noise.numpy(), z.numpy(),
                    decode(ld.vae, z).cpu().numpy(), decode(ld.vae, z0).cpu().numpy(), g, read, conf, ld.scale,
                    x[0, 0].numpy(), encode(ld.vae, x)[0].cpu().numpy())


@dataclass
class PixelLatent:
    """The same request through the pixel-space UNet and the latent model: samples and figures of each.

    ``stats``: ``{"pixel": {...}, "latent": {...}}`` with ``nfe``, ``seconds``, ``ms_per_nfe``, Fréchet with
    its floor, class accuracy and confidence (each with its 95% interval)."""

    pixel: Generated
    latent: Generated
    labels: np.ndarray
    stats: dict[str, dict[str, float]]
    f: int
    speedup: float


def compare_request(label: Any, scale: Any, steps: Any, seed: Any, n: Any = DEFAULTS.n_digits,
                    f: Any = DEFAULTS.f) -> PixelLatent:
    """``n`` digits of class ``label`` (``"any"``: 0..9 in turn) with the same seed, steps and guidance through
    the pixel UNet and the latent model; each run timed, both judged by the shipped classifier."""
    label = check_choice("class", _text(label), COMPARE_LABELS)
    w, steps, seed, n, f = SCALE.check(scale), STEPS.check(steps), SEED.check(seed), N_DIGITS.check(n), check_factor(f)
    labels = quality.balanced_labels(n) if label == ANY else torch.full((n,), int(label), dtype=torch.long)
    return cached("ld_compare", (label, w, steps, seed, n, f), (*_models(f), quality.PIXEL_MODEL),
                  lambda: _compare(labels, w, steps, seed, f))


def _figures(g: Generated, labels: torch.Tensor) -> dict[str, float]:
    return {"nfe": g.nfe, "seconds": g.seconds, "ms_per_nfe": 1000 * g.seconds / max(g.nfe, 1),
            **digits_quality(checkpoints.load_model(quality.JUDGE), g.x, labels)}


def _compare(labels: torch.Tensor, w: float, steps: int, seed: int, f: int) -> PixelLatent:
    unet = checkpoints.load_model(quality.PIXEL_MODEL)
    pixel = generate_digits(unet, checkpoints.scheduler_config(quality.PIXEL_MODEL), labels, steps,
                            guidance_scale=w, seed=seed)
    latent, _ = generate(quality.load(f), labels, w, steps, seed)
    stats = {"pixel": _figures(pixel, labels), "latent": _figures(latent, labels)}
    return PixelLatent(pixel, latent, labels.numpy(), stats, f, pixel.seconds / max(latent.seconds, 1e-9))


@dataclass
class Edit:
    """Image to image: the drawing as an 8x8 digit, its autoencoder reconstruction, and the edited samples with
    the classifier's reading of each."""

    drawing: np.ndarray  # (1, 8, 8) in [-1, 1]
    reconstruction: np.ndarray  # (1, 8, 8): D(E(drawing))
    generated: Generated
    read_as: np.ndarray
    confidence: np.ndarray
    label: int
    strength: float
    steps_run: int
    f: int

    @property
    def change(self) -> float:
        """How far the edits moved from the drawing: the mean ``|x_edit - drawing|`` over every pixel, in [-1, 1]
        units (0 at strength 0 up to the autoencoder's reconstruction error)."""
        return float(np.abs(self.generated.x.cpu().numpy() - self.drawing).mean())


def img2img_request(drawing: Any, label: Any, strength: Any, scale: Any, steps: Any, seed: Any,
                    n: Any = DEFAULTS.img2img_digits, f: Any = DEFAULTS.f) -> Edit:
    """SDEdit of a drawing toward class ``label``: encoded, noised to ``strength``, denoised, decoded."""
    from core.controlnet.drawing import digit_from_drawing

    label, strength, w = check_label(label), STRENGTH.check(strength), SCALE.check(scale)
    steps, seed, n, f = STEPS.check(steps), SEED.check(seed), IMG2IMG_DIGITS.check(n), check_factor(f)
    x = digit_from_drawing(drawing)
    key = (x.numpy().tobytes(), label, strength, w, steps, seed, n, f)
    return cached("ld_img2img", key, _models(f), lambda: _img2img(x, label, strength, w, steps, seed, n, f))


def _img2img(x: torch.Tensor, label: int, strength: float, w: float, steps: int, seed: int, n: int, f: int) -> Edit:
    from core.latent_diffusion.sampling import start_index

    ld = quality.load(f)
    g = img2img(ld, x.expand(n, -1, -1, -1), label, strength, w, steps, seed)
    read, conf = _judged(g.x)
    recon = decode(ld.vae, encode(ld.vae, x)).cpu().numpy()[0]
    return Edit(x.numpy()[0], recon, g, read, conf, label, strength, steps - start_index(steps, strength), f)


@dataclass
class SeedInterpolation:
    """Digits decoded from the slerp of two seeds' latent noise, ``alphas`` ``(K,)`` from 0 to 1."""

    generated: Generated
    alphas: np.ndarray
    read_as: np.ndarray
    confidence: np.ndarray
    label: int
    f: int


def interpolate_request(label: Any, seed: Any, seed_b: Any, frames: Any, scale: Any, steps: Any,
                        f: Any = DEFAULTS.f) -> SeedInterpolation:
    """``frames`` digits of class ``label`` from the spherical interpolation between two seeds' noise."""
    label, seed, seed_b, k = check_label(label), SEED.check(seed), SECOND_SEED.check(seed_b), FRAMES.check(frames)
    w, steps, f = SCALE.check(scale), STEPS.check(steps), check_factor(f)
    return cached("ld_interpolate", (label, seed, seed_b, k, w, steps, f), _models(f),
                  lambda: _interpolate(label, seed, seed_b, k, w, steps, f))


def _interpolate(label: int, seed: int, seed_b: int, k: int, w: float, steps: int, f: int) -> SeedInterpolation:
    g = interpolate(quality.load(f), label, seed, seed_b, k, w, steps)
    read, conf = _judged(g.x)
    return SeedInterpolation(g, np.linspace(0.0, 1.0, k), read, conf, label, f)


@dataclass
class SignalToNoise:
    """``SNR(t)`` ``(T,)`` of the forward process on scaled latents (variance 1), unscaled latents (variance
    ``1 / s^2``) and the pixels, for factor ``f``; ``half`` the t where each falls below 1."""

    t: np.ndarray
    snr: dict[str, np.ndarray]
    half: dict[str, int]
    scale: float
    f: int


def snr_request(f: Any = DEFAULTS.f) -> SignalToNoise:
    """What the scale factor does: the signal-to-noise ratio along the schedule with and without it."""
    from core.guidance.quality import alphas_cumprod

    f = check_factor(f)
    ld = quality.load(f)
    a = alphas_cumprod(ld.scheduler)
    variances = {"scaled": 1.0, "unscaled": 1.0 / ld.scale ** 2, "pixels": float(load_split().x_train.var())}
    snr = {k: signal_to_noise(a, v) for k, v in variances.items()}
    half = {k: int(np.argmax(v < 1.0)) for k, v in snr.items()}
    return SignalToNoise(np.arange(len(a)), snr, half, ld.scale, f)

