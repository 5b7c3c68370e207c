"""Digits judged by the shipped classifier: its features (the Fréchet feature space, as Inception
features are for FID), its class probabilities, class accuracy and confidence, and the Fréchet
distance to held-out digits next to its floor, each with a 95% interval.

The Fréchet floor. The classifier trained on the train split, so its features of training digits
sit apart from those of unseen digits (Fréchet 31 between 180 train and 180 test digits, against
17 between two halves of the test split). Comparing generated digits with the test split against a
"train vs test" floor therefore put every model *below* its floor. Here value and floor use only
the 360 test digits, which neither the classifier nor the generators trained on, at one size:
``FRECHET_N`` = 180 digits a side. For each of ``FRECHET_DRAWS`` random halvings ``(A, B)`` of the
test split, the floor is ``FD(A, B)`` (real unseen digits against real unseen digits) and the value
``FD(generated, B)`` (a random ``FRECHET_N`` of the generated digits); figures are the mean over
halvings and the 2.5-97.5 percentiles.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from core.metrics.frechet import frechet_distance
from core.metrics.intervals import normal_range, wilson, with_interval

FRECHET_N = 180  # digits a side in the Fréchet distance and its floor (half the 360 held-out test digits)
FRECHET_DRAWS = 30  # random halvings of the held-out digits behind each Fréchet figure and its floor
HALVING_SEED = 0  # seeds the halvings, so a figure is a deterministic function of the samples


@torch.no_grad()
def classifier_outputs(classifier, images: torch.Tensor, batch: int = 512) -> tuple[torch.Tensor, torch.Tensor]:
    """Features ``(N, k)`` and class probabilities ``(N, 10)`` of images ``(N, 1, 8, 8)`` in [-1, 1]."""
    feats, probs = [], []
    dev = next(classifier.parameters()).device
    for chunk in images.clamp(-1, 1).split(batch):
        f = classifier.features(chunk.to(dev))
        feats.append(f.cpu())
        probs.append(torch.softmax(classifier.head(f), dim=-1).cpu())
    return torch.cat(feats), torch.cat(probs)


def class_accuracy(probs: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of samples whose predicted class equals the class they were generated for."""
    return float((probs.argmax(-1).cpu() == labels.cpu()).float().mean())


def accuracy_figures(probs: torch.Tensor, labels: torch.Tensor) -> dict[str, float]:
    """``class_accuracy`` with its 95% Wilson interval (``class_accuracy_lo/hi``)."""
    hits = float((probs.argmax(-1).cpu() == labels.cpu()).sum())
    return with_interval("class_accuracy", *wilson(hits, len(labels)))


def confidence_figures(probs: torch.Tensor) -> dict[str, float]:
    """Mean top-class probability ``confidence`` with its 95% interval over samples."""
    top = probs.max(-1).values.double().numpy()
    mean = float(top.mean())
    sd = float(top.std(ddof=1)) if len(top) > 1 else 0.0
    lo, hi = normal_range(mean, sd, len(top))
    return with_interval("confidence", mean, max(lo, 0.0), min(hi, 1.0))


def frechet_with_floor(f_gen: torch.Tensor | np.ndarray, f_real: torch.Tensor | np.ndarray, real_labels=None,
                       n: int = FRECHET_N, draws: int = FRECHET_DRAWS, seed: int = HALVING_SEED) -> dict[str, float]:
    """Fréchet distance of generated features to held-out real features, next to its floor, at one size.

    ``f_gen`` ``(N, k)`` with N >= 2; ``f_real`` ``(M, k)`` held-out features the feature network did not
    train on, with their class ``real_labels`` (halvings are then stratified by class: an unbalanced half
    alone adds ~10 to the distance). Size ``m = min(n, N, M // 2)`` a side. For each of ``draws`` random
    halvings ``(A, B)`` of ``f_real``: floor ``FD(A, B)``, value ``FD(G, B)`` with ``G`` a random ``m`` of ``f_gen``. Returns
    ``frechet``, ``frechet_floor`` (means), their ``_lo/_hi`` 2.5-97.5 percentiles, ``frechet_ratio``
    and ``frechet_n`` = m."""
    g, r = np.asarray(torch.as_tensor(f_gen), np.float64), np.asarray(torch.as_tensor(f_real), np.float64)
    m = min(n, len(g), len(r) // 2)
    if m < 2:
        raise ValueError(f"the Fréchet distance needs at least 2 samples a side, got {len(g)} generated")
    rng = np.random.default_rng(seed)
    values, floors = [], []
    groups = [np.arange(len(r))] if real_labels is None else [
        np.flatnonzero(np.asarray(real_labels) == c) for c in np.unique(np.asarray(real_labels))]
    for _ in range(draws):
        perm = _halving(groups, rng)
        a, b = r[perm[:m]], r[perm[m:2 * m]]
        floors.append(frechet_distance(a, b))
        values.append(frechet_distance(g[rng.permutation(len(g))[:m]], b))
    value, floor = float(np.mean(values)), float(np.mean(floors))
    return {**with_interval("frechet", value, *np.percentile(values, [2.5, 97.5])),
            **with_interval("frechet_floor", floor, *np.percentile(floors, [2.5, 97.5])),
            "frechet_ratio": value / floor if floor > 0 else float("inf"), "frechet_n": m}


def _halving(groups: list[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """Indices ordered so that the first and second halves each hold half of every group (then shuffled)."""
    shuffled = [rng.permutation(g) for g in groups]
    first = np.concatenate([g[: len(g) // 2] for g in shuffled])
    second = np.concatenate([g[len(g) // 2:] for g in shuffled])
    return np.concatenate([rng.permutation(first), rng.permutation(second)])


def _test_split() -> torch.Tensor:
    from core.data.digits import load_split

    return load_split().x_test


@lru_cache(maxsize=4)
def _heldout_outputs(classifier) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    from core.data.digits import load_split

    split = load_split()
    f, p = classifier_outputs(classifier, split.x_test)
    return f, p, split.y_test


def heldout_features(classifier) -> tuple[torch.Tensor, torch.Tensor]:
    """The classifier's features of the 360 held-out test digits and their labels (computed once per classifier)."""
    f, _, y = _heldout_outputs(classifier)
    return f, y


def real_digits_figures(classifier) -> dict[str, float]:
    """What real unseen digits score: the classifier's accuracy and confidence on the test split, with
    intervals; the reference the tabs show next to generated digits' accuracy and confidence."""
    _, probs, labels = _heldout_outputs(classifier)
    return {**accuracy_figures(probs, labels), **confidence_figures(probs)}


def digits_quality(classifier, samples: torch.Tensor, labels: torch.Tensor | None = None,
                   real_test: torch.Tensor | None = None) -> dict[str, float]:
    """Fréchet distance of ``samples`` to held-out digits and its floor (``frechet_with_floor``), the
    classifier's confidence and, when ``labels`` are given, the class accuracy; each with its 95% interval.

    ``real_test``: held-out digits (default, or the test split itself: the test split, halved by class)."""
    f_gen, p_gen = classifier_outputs(classifier, samples)
    if real_test is None or real_test is _test_split():
        f_real, y_real = heldout_features(classifier)
    else:
        f_real, y_real = classifier_outputs(classifier, real_test)[0], None
    out = {**frechet_with_floor(f_gen, f_real, y_real), **confidence_figures(p_gen)}
    if labels is not None:
        out.update(accuracy_figures(p_gen, labels))
    return out

