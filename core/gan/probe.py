"""What the sandbox shows of a GAN run: samples, the critic over the plane, the generator's
gradient at its samples, and the metrics (mode coverage, sliced W2 next to its noise floor).

The arrows are ``-grad_x L_G(x)`` at generated points ``x = G(z)``: the direction in which the
next generator update moves each sample (to first order, through the generator's Jacobian).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.data.targets import Target
from core.gan import losses
from core.gan.train import GanRun
from core.metrics.coverage import COVERAGE_SAMPLES, coverage
from core.metrics.sliced_w2 import reference_with_floor, w2_against

SHOW_POINTS = 300  # generated and real points drawn on the plane
ARROWS = 48  # generated points that carry a gradient arrow
GRID = 41  # heatmap resolution per axis (GRID x GRID critic evaluations)


@dataclass
class Snapshot:
    """One frame: ``fake`` / ``real`` ``(n, 2)``; heatmap ``values`` ``(GRID, GRID)`` over ``axis`` (rows are y);
    arrows from ``arrow_at`` ``(k, 2)`` along ``arrow_dir`` ``(k, 2)`` = ``-grad L_G``; metrics or ``None``."""

    iteration: int
    updates: int
    fake: np.ndarray
    real: np.ndarray
    axis: np.ndarray
    values: np.ndarray
    arrow_at: np.ndarray
    arrow_dir: np.ndarray
    coverage: dict | None
    w2: dict | None


class Probe:
    """Fixed inputs for looking at runs on ``target``: display and evaluation noise, real points, grid.

    Fixed noise makes successive frames show the same ``z`` moving. The sliced W2 reference set
    and floor are drawn once (``core.metrics.sliced_w2.reference_with_floor``), so ``w2(samples)`` equals
    ``core.metrics.sliced_w2.w2_with_floor(samples, target.reference, seed)`` at a third of its cost.
    """

    def __init__(self, target: Target, noise_dim: int, seed: int = 0):
        self.target, self.seed = target, seed
        # evaluation noise first, so the measured figures do not depend on how many points are shown
        gen = torch.Generator().manual_seed(10_000 + seed)
        self.z_eval = torch.randn(COVERAGE_SAMPLES, noise_dim, generator=gen)
        self.z_show = torch.randn(SHOW_POINTS, noise_dim, generator=gen)
        self.real = target.draw(SHOW_POINTS, 20_000 + seed)
        self.axis = np.linspace(-target.extent, target.extent, GRID, dtype=np.float32)
        xx, yy = np.meshgrid(self.axis, self.axis)
        self.grid = torch.from_numpy(np.stack([xx.ravel(), yy.ravel()], axis=1))
        self._w2_ref: np.ndarray | None = None
        self._w2_floor = float("nan")

    def w2(self, samples: np.ndarray) -> dict[str, float]:
        """Sliced W2 of ``samples`` to fresh real data, next to the real-vs-real floor."""
        if self._w2_ref is None or len(self._w2_ref) != len(samples):
            self._w2_ref, self._w2_floor = reference_with_floor(len(samples), self.target.reference, self.seed)
        return w2_against(samples, self._w2_ref, self._w2_floor)

    def metrics(self, generator: torch.nn.Module, with_w2: bool = True) -> tuple[dict | None, dict | None]:
        """Coverage (mixtures only) and, if asked, sliced W2, both on the same ``COVERAGE_SAMPLES`` samples."""
        with torch.no_grad():
            x = generator(self.z_eval).numpy()
        cov = coverage(x, self.target.mixture) if self.target.mixture is not None else None
        return cov, (self.w2(x) if with_w2 else None)

    def snapshot(self, run: GanRun, with_w2: bool = True) -> Snapshot:
        g, d, loss = run.generator, run.critic, run.cfg.loss
        was_training = g.training, d.training
        g.eval()
        d.eval()
        with torch.no_grad():
            fake = g(self.z_show)
            values = losses.display_value(loss, d(self.grid)).view(GRID, GRID).numpy()
        x = fake[:ARROWS].clone().requires_grad_(True)
        d.requires_grad_(False)
        (grad,) = torch.autograd.grad(losses.generator_objective(loss, d(x), reduce=False).sum(), x)
        d.requires_grad_(True)
        cov, w2 = self.metrics(g, with_w2)
        g.train(was_training[0])
        d.train(was_training[1])
        return Snapshot(run.iteration, run.updates, fake.numpy(), self.real, self.axis, values,
                        x.detach().numpy(), -grad.numpy(), cov, w2)
