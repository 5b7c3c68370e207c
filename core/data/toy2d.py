"""The classic 2D toy densities, with FFJORD's exact definitions.

Grathwohl et al., "FFJORD: Free-form Continuous Dynamics for Scalable Reversible Generative
Models" (ICLR 2019), ``lib/toy_data.py``. Each sampler below draws the same distribution as
FFJORD's ``inf_train_gen`` (same centres, scales and noise); loops are vectorised and every
draw comes from the ``numpy.random.Generator`` passed in, so a seed fixes the sample.
All samplers return float32 arrays of shape ``(n, 2)``.

Three definitions (moons and circles through scikit-learn, and rings) place points at evenly
spaced angles, so two of their samples are stratified alike and sit much closer to each other
than two independent draws from the density do. Metrics therefore compare against
``sample_iid``: ``n`` points drawn at random from a ``IID_POOL_FACTOR * n`` sample of the exact
definition, i.e. independent draws from its density.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

import numpy as np

from core.data.mixtures import FFJORD_CENTRES, FFJORD_SCALE, FFJORD_STD


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(0, 2**31 - 1))


def swissroll(n: int, rng: np.random.Generator) -> np.ndarray:
    import sklearn.datasets  # here: importing core needs no scikit-learn

    data = sklearn.datasets.make_swiss_roll(n_samples=n, noise=1.0, random_state=_seed(rng))[0]
    return data[:, [0, 2]] / 5


def circles(n: int, rng: np.random.Generator) -> np.ndarray:
    import sklearn.datasets  # here: importing core needs no scikit-learn

    data = sklearn.datasets.make_circles(n_samples=n, factor=0.5, noise=0.08, random_state=_seed(rng))[0]
    return data * 3


def moons(n: int, rng: np.random.Generator) -> np.ndarray:
    import sklearn.datasets  # here: importing core needs no scikit-learn

    data = sklearn.datasets.make_moons(n_samples=n, noise=0.1, random_state=_seed(rng))[0]
    return data * 2 + np.array([-1, -0.2])


def eight_gaussians(n: int, rng: np.random.Generator) -> np.ndarray:
    """``core.data.mixtures.EIGHT_GAUSSIANS``, drawn as FFJORD draws it (noise first, then the scale)."""
    points = rng.standard_normal((n, 2)) * FFJORD_STD + FFJORD_CENTRES[rng.integers(0, len(FFJORD_CENTRES), n)]
    return points / FFJORD_SCALE


def pinwheel(n: int, rng: np.random.Generator) -> np.ndarray:
    radial_std, tangential_std, num_classes, rate = 0.3, 0.1, 5, 0.25
    rads = np.linspace(0, 2 * np.pi, num_classes, endpoint=False)
    features = rng.standard_normal((n, 2)) * np.array([radial_std, tangential_std])
    features[:, 0] += 1.0
    labels = np.arange(n) % num_classes
    angles = rads[labels] + rate * np.exp(features[:, 0])
    rotations = np.stack([np.cos(angles), -np.sin(angles), np.sin(angles), np.cos(angles)])
    rotations = np.reshape(rotations.T, (-1, 2, 2))
    return 2 * rng.permutation(np.einsum("ti,tij->tj", features, rotations))


def two_spirals(n: int, rng: np.random.Generator) -> np.ndarray:
    half = n // 2
    t = np.sqrt(rng.random((half, 1))) * 540 * (2 * np.pi) / 360
    d1x = -np.cos(t) * t + rng.random((half, 1)) * 0.5
    d1y = np.sin(t) * t + rng.random((half, 1)) * 0.5
    x = np.vstack((np.hstack((d1x, d1y)), np.hstack((-d1x, -d1y)))) / 3
    x = x + rng.standard_normal(x.shape) * 0.1
    if len(x) < n:  # odd n: FFJORD returns 2*(n//2) points; top up with one more draw
        x = np.vstack([x, two_spirals(2, rng)[:1]])
    return rng.permutation(x)


def checkerboard(n: int, rng: np.random.Generator) -> np.ndarray:
    x1 = rng.random(n) * 4 - 2
    x2_ = rng.random(n) - rng.integers(0, 2, n) * 2
    x2 = x2_ + (np.floor(x1) % 2)
    return np.concatenate([x1[:, None], x2[:, None]], 1) * 2


def rings(n: int, rng: np.random.Generator) -> np.ndarray:
    n4 = n3 = n2 = n // 4
    n1 = n - n4 - n3 - n2
    lin4 = np.linspace(0, 2 * np.pi, n4, endpoint=False)
    lin3 = np.linspace(0, 2 * np.pi, n3, endpoint=False)
    lin2 = np.linspace(0, 2 * np.pi, n2, endpoint=False)
    lin1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    # FFJORD uses linspace4 for the x of the third ring; kept as published.
    xs = np.hstack([np.cos(lin4), np.cos(lin4) * 0.75, np.cos(lin2) * 0.5, np.cos(lin1) * 0.25])
    ys = np.hstack([np.sin(lin4), np.sin(lin3) * 0.75, np.sin(lin2) * 0.5, np.sin(lin1) * 0.25])
    x = np.vstack([xs, ys]).T * 3.0
    x = rng.permutation(x)
    return x + rng.normal(scale=0.08, size=x.shape)


TOY_DATASETS: dict[str, Callable[[int, np.random.Generator], np.ndarray]] = {
    "8gaussians": eight_gaussians,
    "moons": moons,
    "circles": circles,
    "checkerboard": checkerboard,
    "pinwheel": pinwheel,
    "swissroll": swissroll,
    "2spirals": two_spirals,
    "rings": rings,
}


IID_POOL_FACTOR = 64  # pool size, in multiples of n, that sample_iid draws its points from


def sample_iid(name: str, n: int, seed: int | np.random.Generator = 0) -> np.ndarray:
    """``n`` independent draws from the density of toy dataset ``name``; float32 ``(n, 2)``.

    Draws with an integer seed are cached (a fresh copy is returned): a pool of
    ``IID_POOL_FACTOR * n`` points costs 10-40 ms, and the tabs draw the same reference sample
    each time a learner changes a sampler setting at a fixed seed.
    """
    if isinstance(seed, np.random.Generator):
        return _draw_iid(name, int(n), seed)
    return _cached_iid(name, int(n), int(seed)).copy()


@lru_cache(maxsize=64)
def _cached_iid(name: str, n: int, seed: int) -> np.ndarray:
    return _draw_iid(name, n, np.random.default_rng(seed))


def _draw_iid(name: str, n: int, rng: np.random.Generator) -> np.ndarray:
    pool = sample_toy(name, IID_POOL_FACTOR * n, rng)
    return pool[rng.choice(len(pool), n, replace=False)]


def sample_toy(name: str, n: int, seed: int | np.random.Generator = 0) -> np.ndarray:
    """Draw ``n`` points of toy density ``name``; returns float32 ``(n, 2)``."""
    if name not in TOY_DATASETS:
        raise KeyError(f"unknown toy dataset {name!r}; choose from {sorted(TOY_DATASETS)}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return np.asarray(TOY_DATASETS[name](int(n), rng), dtype=np.float32)
