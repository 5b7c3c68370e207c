"""One validated function per endpoint of the VAE tab (every value checked; ``InvalidInput`` names
the range). Shipped models are loaded through ``checkpoints.load_model`` (cached, frozen, shared);
per-model results that do not depend on the request (posterior means, code usage) are cached.

Images come back as uint8 pixels ``(N, 8, 8)`` (``core.data.digits.to_pixels``) for ``digit_grid``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import torch

from core.data.digits import NUM_TEST, load_split, to_pixels
from core.metrics.classify import classifier_outputs
from core.metrics.intervals import wilson, with_interval
from core.runtime import checkpoints, device
from core.runtime.memo import cached
from core.runtime.validation import MAX_IMAGES, SEED, InvalidInput, Spec, check_choice, check_int, check_seed, number
from core.vae.estimators import GumbelDraws, VarianceCurves, gumbel_draws, variance_curves
from core.vae.quality import code_usage, recorded_with_intervals, sample_stats, to_images, two_stage
from core.vae.recipes import BETAS, CODEBOOK_SIZES, PRIOR_K, prior_name, vae_name, vq_name

PLANE_MODELS = tuple(vae_name(b) for b in BETAS)  # the 2D-latent VAEs (their latent is a plane)
SAMPLE_MODEL = "vae-z16"  # the 16-d latent VAE for samples
RECON_MODELS = PLANE_MODELS + (SAMPLE_MODEL,)  # every VAE
RECON_CHOICES = RECON_MODELS + tuple(vq_name(k) for k in CODEBOOK_SIZES)  # every model that reconstructs
MAX_GRID = 30  # largest manifold grid side
MAX_LATENT = 6.0  # largest |z| a pick accepts
MAX_INTERP = 16  # most interpolation steps
MAX_REPEATS = 5000  # most repeated estimates per sample count in the variance plot
GUMBEL_PROBS = (0.05, 0.15, 0.3, 0.5)  # the categorical of the Gumbel-softmax demo
MIN_TAU, MAX_TAU = 0.05, 10.0  # temperature range
MAX_GUMBEL = 10_000  # most Gumbel-softmax draws
MIN_TEMP, MAX_TEMP = 0.1, 2.0  # code prior sampling temperature range
MAX_SAMPLES = 256  # most samples per request


@dataclass(frozen=True)
class VaeDefaults:
    """What every view of the VAE tab opens with (the sliders' values and the first pictures')."""

    plane: str = PLANE_MODELS[1]  # the 2D-latent VAE shown first (beta = 1)
    z1: float = 0.0  # the picked latent
    z2: float = 0.0
    side: int = 15  # the manifold's grid side
    extent: float = 2.0  # the manifold's half-width in latent units
    index_a: int = 0  # the interpolation's test digits
    index_b: int = 1
    interp_steps: int = 10  # the interpolation's frames
    recon_n: int = 24  # digits reconstructed
    recon_start: int = 0  # the first of them
    n_samples: int = 64  # samples (the VAE's and the two-stage model's)
    scale: float = 1.0  # latent scale of the samples (1: the prior)
    mu: float = 0.0  # the estimators' Gaussian
    sigma: float = 1.0
    repeats: int = 2000  # repeated estimates per sample count
    tau: float = 0.5  # Gumbel-softmax temperature
    draws: int = 2000  # Gumbel-softmax draws
    k: int = 64  # the VQ-VAE's codebook size shown first
    test_index: int = 0  # the VQ view's test digit
    temperature: float = 1.0  # the code prior's sampling temperature
    seed: int = SEED.default  # every view's seed (the seed box's)


DEFAULTS = VaeDefaults()


def index_spec(name: str, default: int) -> Spec:
    """A test digit's index, 0 to ``NUM_TEST - 1``."""
    return Spec(name, 0, NUM_TEST - 1, default)


# The ranges each request checks and its sliders show.
Z1 = number("z1", -MAX_LATENT, MAX_LATENT, DEFAULTS.z1, 0.01)
Z2 = number("z2", -MAX_LATENT, MAX_LATENT, DEFAULTS.z2, 0.01)
GRID_SIDE = Spec("grid side", 2, MAX_GRID, DEFAULTS.side)
EXTENT = number("extent", 0.5, MAX_LATENT, DEFAULTS.extent, 0.1)
INDEX_A, INDEX_B = index_spec("first digit", DEFAULTS.index_a), index_spec("second digit", DEFAULTS.index_b)
INTERP_STEPS = Spec("interpolation steps", 2, MAX_INTERP, DEFAULTS.interp_steps)
RECON_N = Spec("number of digits", 1, MAX_IMAGES, DEFAULTS.recon_n)
RECON_START = index_spec("first test digit", DEFAULTS.recon_start)
N_SAMPLES = Spec("number of samples", 1, MAX_SAMPLES, DEFAULTS.n_samples)
SCALE = number("latent scale", 0.0, 3.0, DEFAULTS.scale, 0.05)
MU = number("mu", -3.0, 3.0, DEFAULTS.mu, 0.1)
SIGMA = number("sigma", 0.1, 3.0, DEFAULTS.sigma, 0.1)
REPEATS = Spec("repeats", 10, MAX_REPEATS, DEFAULTS.repeats, 10)
TAU = number("temperature", MIN_TAU, MAX_TAU, DEFAULTS.tau, 0.05)
DRAWS = Spec("number of draws", 1, MAX_GUMBEL, DEFAULTS.draws)
TEST_INDEX = index_spec("test digit", DEFAULTS.test_index)
TEMPERATURE = number("temperature", MIN_TEMP, MAX_TEMP, DEFAULTS.temperature, 0.05)


def check_model(name, choices=RECON_MODELS) -> str:
    return check_choice("model", name, choices)


@cache
def posterior_means(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Test digits' posterior means ``(360, d)`` and their labels ``(360,)`` under VAE ``name``."""
    split = load_split()
    with torch.no_grad():
        mu, _ = checkpoints.load_model(name).encode(split.x_test.to(device.device()))
    return mu.cpu().numpy(), split.y_test.numpy()


def plane_extent(name: str) -> float:
    """Half-width of the latent square shown for ``name``: the 99th percentile of |mu| plus a margin, at least 3."""
    mu, _ = posterior_means(name)
    return float(max(3.0, np.ceil(np.quantile(np.abs(mu), 0.99) * 1.15 * 2) / 2))


def pixel_to_latent(px, py, size: int, extent: float) -> tuple[float, float]:
    """Pixel ``(px, py)`` (x right, y down, from the top-left) of a ``size``-pixel image of
    ``[-extent, extent]^2`` -> latent ``(z1, z2)`` (``z2`` up)."""
    px, py = check_int("pixel x", px, 0, size - 1), check_int("pixel y", py, 0, size - 1)
    step = 2 * extent / size
    return -extent + (px + 0.5) * step, extent - (py + 0.5) * step


def latent_to_pixel(z1: float, z2: float, size: int, extent: float) -> tuple[float, float]:
    """The inverse of ``pixel_to_latent`` (continuous pixel coordinates)."""
    return (z1 + extent) / (2 * extent) * size - 0.5, (extent - z2) / (2 * extent) * size - 0.5


@torch.no_grad()
def decode_pixels(name: str, z: torch.Tensor) -> np.ndarray:
    """Decoder means of latents ``z`` ``(N, d)`` as uint8 digits ``(N, 8, 8)``."""
    return to_pixels(to_images(checkpoints.load_model(name).decode(z.to(device.device()))))


def pick(name, z1, z2) -> np.ndarray:
    """The digit decoded at latent ``(z1, z2)`` of a 2D-latent VAE: ``(1, 8, 8)`` uint8."""
    name = check_model(name, PLANE_MODELS)
    z1, z2 = Z1.check(z1), Z2.check(z2)
    return decode_pixels(name, torch.tensor([[z1, z2]], dtype=torch.float32))


def manifold(name, side, extent) -> np.ndarray:
    """Kingma & Welling's Figure 4: digits decoded on a ``side x side`` grid over ``[-extent, extent]^2``
    (rows top to bottom = z2 high to low), ``(side^2, 8, 8)``."""
    name = check_model(name, PLANE_MODELS)
    side, extent = GRID_SIDE.check(side), EXTENT.check(extent)
    axis = torch.linspace(-extent, extent, side)
    z1, z2 = torch.meshgrid(axis, axis.flip(0), indexing="xy")
    return decode_pixels(name, torch.stack([z1.flatten(), z2.flatten()], 1))


@dataclass(frozen=True)
class Interpolation:
    latent: np.ndarray  # (steps, 8, 8) decoded along the line between the two posterior means
    pixel: np.ndarray  # (steps, 8, 8) the straight line between the two images in pixel space
    path: np.ndarray  # (steps, d) the latent points


def interpolate(name, index_a, index_b, steps) -> Interpolation:
    """Test digits ``index_a`` -> ``index_b``: decoded along the line between their posterior means
    ``mu_a + t (mu_b - mu_a)``, next to the pixel blend ``x_a + t (x_b - x_a)``."""
    name = check_model(name)
    a, b = INDEX_A.check(index_a), INDEX_B.check(index_b)
    steps = INTERP_STEPS.check(steps)
    t = torch.linspace(0, 1, steps)[:, None]
    mu = torch.from_numpy(posterior_means(name)[0])
    path = mu[a] + t * (mu[b] - mu[a])
    x = load_split().x_test
    blend = x[a] + t[:, :, None, None] * (x[b] - x[a])
    return Interpolation(decode_pixels(name, path), to_pixels(blend), path.numpy())


@dataclass(frozen=True)
class Reconstructions:
    inputs: np.ndarray  # (n, 8, 8)
    outputs: np.ndarray  # (n, 8, 8) decoded posterior means
    labels: np.ndarray  # (n,) true classes
    predicted: np.ndarray  # (n,) the classifier's verdict on the reconstructions
    indices: np.ndarray  # (n,) test indices shown

    @property
    def accuracy(self) -> dict[str, float]:
        """The share of reconstructions the classifier reads as their true class, with its 95% Wilson interval
        (``acc``, ``acc_lo``, ``acc_hi``)."""
        return with_interval("acc", *wilson(int((self.predicted == self.labels).sum()), len(self.labels)))


@torch.no_grad()
def reconstruct(name, n, start) -> Reconstructions:
    """Test digits ``start .. start + n - 1`` (wrapping) and their reconstructions ``decode(mu(x))``."""
    name = check_model(name, RECON_CHOICES)
    n, start = RECON_N.check(n), RECON_START.check(start)
    idx = (torch.arange(n) + start) % NUM_TEST
    split = load_split()
    x = split.x_test[idx]
    out = to_images(checkpoints.load_model(name)(x.to(device.device()))).cpu()
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), out)
    return Reconstructions(to_pixels(x), to_pixels(out), split.y_test[idx].numpy(), probs.argmax(-1).numpy(),
                           idx.numpy())


def beta_rows() -> list[dict]:
    """The recorded test figures of each shipped beta-VAE (``quality.json``, with their 95% intervals where
    recorded), in the order of ``BETAS``."""
    rows = []
    for b in BETAS:
        q = recorded_with_intervals(vae_name(b))
        keys = ("elbo", "recon", "kl", "mse", "recon_accuracy")
        rows.append({"beta": b, **{k: q.get(k, float("nan")) for k in keys},
                     **{k + e: q[k + e] for k in keys for e in ("_lo", "_hi") if k + e in q}})  # 95% intervals
    return rows


@dataclass(frozen=True)
class Samples:
    pixels: np.ndarray  # (n, 8, 8)
    stats: dict  # classifier confidence, classes present, Fréchet distance and its floor
    kl_per_dim: list[float]  # test KL of each latent dimension (nats)


def vae_samples(n, seed, scale) -> Samples:
    """``n`` samples ``decode(s * z)``, ``z ~ N(0, I)`` (``s`` = ``scale``, 1 for the prior) of the 16-d VAE."""
    n, seed, scale = N_SAMPLES.check(n), check_seed(seed), SCALE.check(scale)
    return cached("vae_samples", (n, seed, scale), (SAMPLE_MODEL,), lambda: _samples(n, seed, scale))


def _samples(n: int, seed: int, scale: float) -> Samples:
    model = checkpoints.load_model(SAMPLE_MODEL)
    z = torch.randn((n, model.config.latent_dim), generator=device.generator(seed), device=device.device()) * scale
    with torch.no_grad():
        images = to_images(model.decode(z))
    return Samples(to_pixels(images), sample_stats(images), list(checkpoints.quality(SAMPLE_MODEL).get("kl_per_dim", [])))


def estimator_variance(mu, sigma, repeats, seed) -> VarianceCurves:
    """``core.vae.estimators.variance_curves`` with validated ``mu``, ``sigma``, ``repeats`` and ``seed``."""
    mu, sigma, repeats = MU.check(mu), SIGMA.check(sigma), REPEATS.check(repeats)
    return variance_curves(mu, sigma, repeats, check_seed(seed))


def gumbel(tau, n, seed) -> GumbelDraws:
    """``n`` Gumbel-softmax draws at temperature ``tau`` from ``GUMBEL_PROBS``."""
    tau, n = TAU.check(tau), DRAWS.check(n)
    return gumbel_draws(torch.tensor(GUMBEL_PROBS), tau, n, check_seed(seed))


def check_k(k) -> int:
    k = check_int("codebook size K", k, 1, max(CODEBOOK_SIZES))
    if k not in CODEBOOK_SIZES:
        raise InvalidInput.of("codebook size K", "choice", k, choices=CODEBOOK_SIZES)
    return k


@cache
def usage(k: int) -> np.ndarray:
    """Test-set code usage ``(K,)`` of ``vqvae-k{k}``, sorted by code index."""
    return code_usage(checkpoints.load_model(vq_name(k)), load_split().x_test.to(device.device())).cpu().numpy()


@dataclass(frozen=True)
class CodeView:
    input: np.ndarray  # (1, 8, 8)
    codes: np.ndarray  # (m, m) code indices
    output: np.ndarray  # (1, 8, 8)
    usage: np.ndarray  # (K,) test-set counts
    label: int


@torch.no_grad()
def code_view(k, index) -> CodeView:
    """Test digit ``index`` through ``vqvae-k{k}``: its code map and reconstruction, and the test-set usage."""
    k, index = check_k(k), TEST_INDEX.check(index)
    model = checkpoints.load_model(vq_name(k))
    split = load_split()
    x = split.x_test[index: index + 1].to(device.device())
    codes = model.quantize(model.encode(x))
    return CodeView(to_pixels(x), codes[0].cpu().numpy(), to_pixels(to_images(model.decode_codes(codes))),
                    usage(k), int(split.y_test[index]))


@dataclass(frozen=True)
class TwoStage:
    codes: np.ndarray  # (n, m, m)
    pixels: np.ndarray  # (n, 8, 8)
    stats: dict


def prior_quality() -> dict:
    """The shipped code prior's recorded figures (``core.vae.quality.prior_figures``) and its parameter count."""
    return dict(checkpoints.quality(prior_name()))


def two_stage_request(n, temperature, seed) -> TwoStage:
    """``n`` two-stage samples: code maps from the ``vqvae-k64`` prior at ``temperature``, decoded."""
    n, temperature = N_SAMPLES.check(n), TEMPERATURE.check(temperature)
    seed = check_seed(seed)
    codes, images = two_stage(checkpoints.load_model(vq_name(PRIOR_K)), checkpoints.load_model(prior_name()), n, seed,
                              temperature)
    return TwoStage(codes.cpu().numpy(), to_pixels(images), sample_stats(images))
