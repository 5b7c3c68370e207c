"""Rectified flow on the 2D sandbox: Gaussian -> data and distribution -> distribution, reflow,
minibatch OT coupling, straightness and transport cost.

Convention (the whole topic): ``x_t = (1 - t) x_0 + t x_1``, ``t = 0`` the target data, ``t = 1`` the
source (``N(0, I)`` or a second 2D distribution), ``v = x_1 - x_0``; samples are ``x_1`` carried from
``t = 1`` to ``t = 0`` by Euler (or Heun) steps of ``dx/dt = v_theta(x, t)``.

Liu et al. 2022 ("Flow straight and fast"):
- the k-rectified flow's pairs ``(z_0, z_1)``: ``z_1`` from the source, ``z_0`` its ODE solution;
  reflow trains the next flow on them (warm-started from the previous weights);
- straightness ``S = int_0^1 E || (z_1 - z_0) - v(z_t, t) ||^2 dt`` along the flow's own trajectory
  (0 for straight paths), with the transport cost ``E || z_1 - z_0 ||^2``.
OT-CFM (Tong et al. 2023) pairs each minibatch by exact OT instead (``coupling="ot"``).
"""
from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import torch

from core.data.pools import Pool
from core.data.targets import POINT_DATASETS, Target, make_target
from core.metrics.sliced_w2 import reference_with_floor, w2_against
from core.nn.mlp2d import TimeMLP
from core.rectified_flow.objective import FlowMatchingObjective, FlowTrainConfig, independent, predict_points
from core.rectified_flow.sampling import PointVelocity, flow_points
from core.runtime import device
from core.runtime.validation import check_choice
from core.sampling.ode import uniform_times
from core.train.loop import TrainRun

GAUSSIAN = "gaussian"  # the source N(0, I)
SOURCES = (GAUSSIAN,) + POINT_DATASETS  # what t = 1 can be: noise, a toy density or a drawing
POOL = 50_000  # points drawn once per run for each side
FLOW_POINTS_CONFIG = FlowTrainConfig(steps=1500, batch_size=512, lr=2e-3, warmup=100, ema_decay=0.995, log_every=100)
# OT-CFM: an exact 256 x 256 assignment per update costs ~25 ms here (512 x 512: ~100 ms, more than the update)
OT_POINTS_CONFIG = replace(FLOW_POINTS_CONFIG, coupling="ot", batch_size=256)
REFLOW_POINTS_CONFIG = replace(FLOW_POINTS_CONFIG, coupling="paired", steps=1000, lr=1e-3, warmup=50)
REFLOW_PAIRS = 10_000  # (z_0, z_1) pairs drawn from the previous flow for a reflow
STAT_STEPS = 100  # Euler steps of the fine ODE solve (reflow pairs, straightness, "N-step" samples)
STAT_POINTS = 2000  # source points per measurement
REFERENCE_SEED = 10_000  # offset of measurement seeds, apart from the training pools'


@dataclass(frozen=True)
class VelocityModelConfig:
    hidden: int = 64  # hidden width of the velocity MLP (the diffusion tab's 2D width)
    depth: int = 4  # residual hidden layers
    time_embed_dim: int = 64  # sinusoidal embedding width of 1000 t


def gaussian_target() -> Target:
    """``N(0, I)`` in 2D as a ``Target`` (the usual source at ``t = 1``)."""
    draw = lambda n, seed: np.random.default_rng(seed).standard_normal((n, 2)).astype(np.float32)  # noqa: E731
    return Target(GAUSSIAN, GAUSSIAN, draw, draw, 4.5)


def make_source(name: Any, drawing: Any = None) -> Target:
    """The source distribution called ``name`` (``gaussian``, a toy density or ``drawing``)."""
    if check_choice("source", name, SOURCES) == GAUSSIAN:
        return gaussian_target()
    return make_target(name, drawing, POINT_DATASETS)


def new_velocity_model(seed: int, model_cfg: VelocityModelConfig = VelocityModelConfig()) -> TimeMLP:
    """A fresh velocity MLP ``v_theta(x_t, 1000 t)``, initialised from ``seed`` (global RNG untouched)."""
    with device.seeded(seed):
        return TimeMLP(dim=2, **asdict(model_cfg))


def flow_run(target: Target, source: Target, cfg: FlowTrainConfig = FLOW_POINTS_CONFIG) -> TrainRun:
    """The 1-rectified flow (``cfg.coupling`` independent or ot) from ``source`` (t = 1) to ``target`` (t = 0)."""
    data = Pool(target.draw(POOL, cfg.seed))
    src = None if source.key == GAUSSIAN else Pool(source.draw(POOL, cfg.seed + 1))
    return TrainRun(new_velocity_model(cfg.seed), independent(data, src), FlowMatchingObjective(
        predict_points, cfg.coupling), cfg)


def draw_pairs(model, source: Target, n: int, seed: int, steps: int = STAT_STEPS) -> tuple[np.ndarray, np.ndarray]:
    """``(z_0, z_1)``: ``n`` source points ``z_1`` and where the flow carries them (``steps`` Euler steps)."""
    z1 = torch.from_numpy(source.draw(n, seed))
    return flow_points(model, z1, steps).x.numpy(), z1.numpy()


def reflow_run(model, source: Target, cfg: FlowTrainConfig = REFLOW_POINTS_CONFIG,
               pairs: int = REFLOW_PAIRS) -> TrainRun:
    """The next rectified flow: ``pairs`` pairs drawn by ``model``, and a copy of it trained on them."""
    z0, z1 = draw_pairs(model, source, pairs, cfg.seed + 2)
    warm = copy.deepcopy(model).train().requires_grad_(True)
    return TrainRun(warm, Pool(z0, None, z1), FlowMatchingObjective(predict_points, "paired"), cfg)


@torch.no_grad()
def straightness(velocity, x1: torch.Tensor, steps: int = STAT_STEPS) -> dict[str, Any]:
    """Straightness ``S = sum_i dt_i E || (z_1 - z_0) - v(z_{t_i}, t_i) ||^2`` along the Euler path of ``steps``
    steps from ``z_1 = x1`` (any shape, batch first), the transport cost ``E || z_1 - z_0 ||^2`` and ``z_0``."""
    times = uniform_times(steps)
    x1 = x1.to(device.device())
    x, vs = x1, []
    for i in range(steps):
        t, t_next = float(times[i]), float(times[i + 1])
        v = velocity(x, torch.tensor(t, dtype=x.dtype))
        vs.append(v)
        x = x + (t_next - t) * v
    chord = (x1 - x).flatten(1)
    dev = [((chord - v.flatten(1)) ** 2).sum(1).mean().item() for v in vs]
    return {"straightness": float(np.sum(dev) / steps), "transport_cost": float((chord ** 2).sum(1).mean()), "z0": x}


def flow_stats(model, source: Target, target: Target, steps: tuple[int, ...] = (1, 2, 4, STAT_STEPS), n: int = STAT_POINTS,
               seed: int = 0) -> dict[str, Any]:
    """Straightness, transport cost and, for each number of Euler steps, SW2 of the samples against fresh
    target draws beside its floor (``core.metrics.sliced_w2``)."""
    x1 = torch.from_numpy(source.reference(n, REFERENCE_SEED + seed))
    st = straightness(PointVelocity(model), x1)
    ref, floor = reference_with_floor(n, target.reference, REFERENCE_SEED + seed)
    out = {"straightness": st["straightness"], "transport_cost": st["transport_cost"]}
    for s in steps:
        out[f"euler{s}"] = w2_against(flow_points(model, x1, s).x, ref, floor)
    return out
