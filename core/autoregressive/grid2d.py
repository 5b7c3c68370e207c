"""The chain rule in 2D: an autoregressive model over the cells of a K x K grid on the plane.

The 2D toy densities and drawings (``core.data.targets``, ``POINT_DATASETS``) are discretized to a
``K x K`` grid over the plotting window ``[-extent, extent]^2`` of the other 2D tabs (``target.extent``): a
point ``x = (x1, x2)`` falls in cell ``(i1, i2)``, ``i = floor((x + extent) / h)`` with cell width
``h = 2 extent / K`` (a point outside the window is counted in the nearest edge cell). On the cells,

    P(i1, i2) = P(i1) P(i2 | i1)            (order "x1,x2")
    P(i1, i2) = P(i2) P(i1 | i2)            (order "x2,x1")

``GridAR2D`` gives the first coordinate ``K`` free logits and the second ``K`` logits from an embedding of the
first through a small MLP (the conditional network NADE and MADE share weights with, here on two variables;
Larochelle & Murray 2011, Germain et al. 2015). The joint is then an exact ``K x K`` table that sums to 1.

Likelihood convention (nats): a model over cells is turned into a density on the plane, constant on each
cell, ``p(x) = P(cell of x) / h^2``, so ``-log p(x) = -log P(cell) + log(h^2)`` (the log of the cell area
subtracted from the log-probability). That NLL, in nats per point, is comparable with the true density's
NLL (8gaussians, ``core.data.mixtures.EIGHT_GAUSSIANS``); no piecewise-constant density can reach it exactly
(it loses about ``h^2 / (12 sigma^2)`` nats on a Gaussian of std ``sigma``: 0.02 nats at K = 48).

Sampling runs on the one sampler contract (``core.sampling.contract``) through the tab's one autoregressive
loop, ``core.autoregressive.sampling.sample_autoregressive``: one network pass per coordinate, in the model's
order, each step reported as an ``ARStepRecord(i, x, t=i, t_next=i + 1)`` (``GridLogits`` / ``TableLogits``
say how a step's logits are read and a cell drawn).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn

from core.autoregressive.sampling import Conditionals, sample_autoregressive
from core.data.targets import Target
from core.flows.density import HELD_OUT, HELD_OUT_SEED, true_log_prob
from core.metrics.intervals import mean_interval
from core.runtime import device
from core.runtime.validation import Spec
from core.sampling.contract import Callback
from core.sampling.generate import Generated, run_timed
from core.train.loop import TrainConfig, TrainRun

ORDERS = ("x1,x2", "x2,x1")  # which coordinate the chain rule takes first
COORDS = {"x1,x2": (0, 1), "x2,x1": (1, 0)}  # an order as the coordinate indices it visits
DATA_POINTS = 200_000  # points of the target drawn to estimate the data's own joint and conditionals
DATA_SEED = 7  # their seed (never a training seed of the shipped models: those use 0)


@dataclass(frozen=True)
class GridConfig:
    """The 2D autoregressive model's shape."""

    bins: int = 48  # K: cells per side of the grid
    hidden: int = 64  # width of the embedding and the MLP of the conditional p(second | first)
    order: str = "x1,x2"  # the chain rule's order (ORDERS)


GRID = GridConfig()
BINS = Spec("grid side", 8, 96, GRID.bins, 8)  # K a request or a live run may ask for
HIDDEN = Spec("hidden width", 2, 256, GRID.hidden)  # a live model's width (small: the two orders disagree)


class GridAR2D(ModelMixin, ConfigMixin):
    """``P(first) P(second | first)`` over a ``bins x bins`` grid of cells, ``order`` saying which coordinate
    is first (see the module docstring).

    ``first_logits`` ``(K,)`` are the logits of the first coordinate; the second's are
    ``mlp(embed(first))`` ``(B, K)``. Inputs are cell indices, long ``(B, 2)`` as ``(i1, i2)`` whatever the
    order. Build under ``core.runtime.device.seeded`` (the layers initialise from torch's global RNG).
    """

    @register_to_config
    def __init__(self, bins: int = GRID.bins, hidden: int = GRID.hidden, order: str = GRID.order):
        super().__init__()
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}; got {order!r}")
        self.first_logits = nn.Parameter(torch.zeros(bins))
        self.embed = nn.Embedding(bins, hidden)
        self.mlp = nn.Sequential(nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, bins))

    @property
    def coords(self) -> tuple[int, int]:
        """``(first, second)``: the coordinate indices in the model's order."""
        return COORDS[self.config.order]

    def conditional_logits(self, first: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` of the second coordinate given the first's cells ``first`` ``(B,)``."""
        return self.mlp(self.embed(first))

    def step_logits(self, cells: torch.Tensor, i: int) -> torch.Tensor:
        """Logits ``(B, K)`` of the ``i``-th coordinate in the order (0 or 1) given ``cells`` ``(B, 2)`` (only the
        coordinates before it are read): one network pass, what the sampler asks for at step ``i``."""
        if i == 0:
            return self.first_logits.expand(len(cells), -1)
        return self.conditional_logits(cells[:, self.coords[0]])

    def forward(self, cells: torch.Tensor) -> torch.Tensor:
        """``log P(i1, i2)`` ``(B,)`` in nats for cells ``(B, 2)``: the sum of the two conditionals' log-probabilities."""
        a, b = self.coords
        first, second = cells[:, a], cells[:, b]
        lp_first = F.log_softmax(self.first_logits, 0)[first]
        lp_second = -F.cross_entropy(self.conditional_logits(first), second, reduction="none")
        return lp_first + lp_second

    def joint_log_probs(self) -> torch.Tensor:
        """``log P`` of every cell, ``(K, K)`` indexed ``[second, first]`` in the model's order."""
        k = self.config.bins
        lp_first = F.log_softmax(self.first_logits, 0)
        lp_second = F.log_softmax(self.conditional_logits(torch.arange(k, device=lp_first.device)), 1)  # [first, second]
        return (lp_first[:, None] + lp_second).T


# ---- the grid ---------------------------------------------------------------------------------------------

def cell_width(extent: float, bins: int) -> float:
    """``h = 2 extent / K``."""
    return 2.0 * extent / bins


def log_cell_area(extent: float, bins: int) -> float:
    """``log(h^2)``, what turns a cell's log-probability into a log-density: ``log p = log P - log(h^2)``."""
    return 2.0 * math.log(cell_width(extent, bins))


def centres(extent: float, bins: int) -> np.ndarray:
    """The cells' centres on one axis, float32 ``(K,)``."""
    h = cell_width(extent, bins)
    return (-extent + h * (np.arange(bins) + 0.5)).astype(np.float32)


def cell_index(value, extent: float, bins: int):
    """The cell of each coordinate ``value`` (array or tensor of any shape), clamped into ``0..K-1``."""
    h = cell_width(extent, bins)
    if isinstance(value, torch.Tensor):
        return torch.floor((value + extent) / h).long().clamp(0, bins - 1)
    return np.clip(np.floor((np.asarray(value, dtype=np.float64) + extent) / h), 0, bins - 1).astype(np.int64)


def cells_of(points, extent: float, bins: int) -> torch.Tensor:
    """The cells ``(N, 2)`` long (``(i1, i2)``) of points ``(N, 2)``, on the device."""
    return cell_index(torch.as_tensor(np.asarray(points, dtype=np.float32)), extent, bins).to(device.device())


# ---- joints and conditionals ------------------------------------------------------------------------------

@torch.no_grad()
def model_log_joint(model: GridAR2D) -> np.ndarray:
    """The model's ``log P`` of every cell, ``(K, K)`` float64 with ``[j, i]`` the cell ``(x1 in i, x2 in j)``
    (rows are x2, as the other tabs' heatmaps: rows are y), whatever the model's order."""
    log_joint = model.joint_log_probs().double().cpu().numpy()  # [second, first]
    return log_joint if model.coords == (0, 1) else log_joint.T


def model_joint(model: GridAR2D) -> np.ndarray:
    """The model's joint ``(K, K)`` float64, ``joint[j, i] = P(x1 in cell i, x2 in cell j)`` (rows are x2). It
    sums to 1 to float rounding (each conditional is a softmax)."""
    return np.exp(model_log_joint(model))


def given_axis(order: str) -> int:
    """The coordinate (0: x1, 1: x2) that ``order`` conditions on: its first."""
    return COORDS[order][0]


def conditional_of(joint: np.ndarray, index: int, given: int) -> tuple[np.ndarray, float]:
    """From a joint ``(K, K)`` (rows x2, columns x1): the conditional of the other coordinate given coordinate
    ``given`` (0: x1, 1: x2) in cell ``index``, ``(K,)``, and the mass of that cell ``P(given = index)``.
    A cell with no mass has no conditional: all zeros."""
    line = joint[:, index] if given == 0 else joint[index, :]
    mass = float(line.sum())
    return (line / mass if mass > 0 else np.zeros_like(line)), mass


@torch.no_grad()
def model_conditional(model: GridAR2D, index: int, given: int) -> np.ndarray:
    """The model's ``P(other | given coordinate in cell index)`` ``(K,)`` (``given`` 0: x1, 1: x2), summing to 1.
    When ``given`` is the model's first coordinate this is the network's own conditional (its softmax);
    otherwise, the swapped one, it follows from the joint by Bayes' rule, ``P(a | b) = P(a, b) / P(b)``."""
    if given == model.coords[0]:
        cell = torch.tensor([index], device=device.device())
        return F.softmax(model.conditional_logits(cell).double(), 1)[0].cpu().numpy()
    return conditional_of(model_joint(model), index, given)[0]


def data_joint(target: Target, bins: int, n: int = DATA_POINTS, seed: int = DATA_SEED) -> np.ndarray:
    """The data's own joint on the grid: the histogram of ``n`` points of ``target`` over its window, ``(K, K)``
    float64 (rows x2) summing to 1 (the empirical conditionals follow with ``conditional_of``)."""
    idx = cell_index(target.draw(n, seed), target.extent, bins)
    counts = np.bincount(idx[:, 1] * bins + idx[:, 0], minlength=bins * bins).reshape(bins, bins)
    return counts / counts.sum()


# ---- likelihood -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GridLikelihood:
    """Held-out NLL in nats per point as a density on the plane (``-log P(cell) + log h^2``), the true
    density's NLL on the same points where known (``floor``) and 95% t intervals over the points
    (``intervals``: ``{"nll" | "floor" | "gap": (lo, hi)}``; the gap's from the paired differences)."""

    n: int
    nll: float
    floor: float | None
    intervals: dict = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        return None if self.floor is None else self.nll - self.floor

    def as_dict(self) -> dict:
        out = {"n": self.n, "nll": self.nll, "floor": self.floor, "gap": self.gap}
        for k, (lo, hi) in self.intervals.items():
            out.update({f"{k}_lo": lo, f"{k}_hi": hi})
        return out


def table_nll(log_joint: np.ndarray, points, extent: float) -> np.ndarray:
    """Each point's NLL ``(N,)`` in nats under the piecewise-constant density of the cell log-probabilities
    ``log_joint`` ``(K, K)`` (rows x2): ``-log P(cell) + log h^2`` (module docstring)."""
    bins = len(log_joint)
    idx = cell_index(points, extent, bins)
    return -log_joint[idx[:, 1], idx[:, 0]] + log_cell_area(extent, bins)


def point_nll(model: GridAR2D, points, extent: float) -> np.ndarray:
    """Each point's NLL ``(N,)`` in nats under the model's piecewise-constant density (module docstring)."""
    return table_nll(model_log_joint(model), points, extent)


def held_out_points(target: Target, n: int = HELD_OUT) -> np.ndarray:
    """The held-out points every 2D likelihood is measured on (``core.flows.density``'s seed)."""
    return target.reference(n, HELD_OUT_SEED)


def likelihood(model: GridAR2D | np.ndarray, target: Target, points: np.ndarray | None = None) -> GridLikelihood:
    """The NLL of ``model`` (or of its ``model_log_joint``) on ``points`` (default the held-out points) beside the
    true density's, where known."""
    points = held_out_points(target) if points is None else points
    log_joint = model if isinstance(model, np.ndarray) else model_log_joint(model)
    per_point = table_nll(log_joint, points, target.extent)
    true = true_log_prob(target.name, points)
    intervals, floor = {"nll": mean_interval(per_point)[1:]}, None
    if true is not None:
        true_nll = -true.double().numpy()
        floor = float(true_nll.mean())
        intervals.update(floor=mean_interval(true_nll)[1:], gap=mean_interval(per_point - true_nll)[1:])
    return GridLikelihood(len(points), float(per_point.mean()), floor, intervals)


def true_nll(target: Target, points: np.ndarray | None = None) -> float | None:
    """The true density's NLL (nats per point) on ``points`` (default the held-out points), where known."""
    true = true_log_prob(target.name, held_out_points(target) if points is None else points)
    return None if true is None else float(-true.double().mean())


# ---- sampling ---------------------------------------------------------------------------------------------

class GridLogits(Conditionals):
    """``logits(cells, i)`` of a ``GridAR2D``, the sampler's view of it (network passes counted in ``nfe``);
    ``coords`` (= ``ordering``) the coordinates in its order, ``bins`` its K; a cell drawn by ``categorical``."""

    def __init__(self, model: GridAR2D):
        super().__init__()
        self.model = model
        self.coords, self.bins = model.coords, int(model.config.bins)
        self.ordering = list(self.coords)

    def draw(self, logits, temperature, generator):
        return categorical(logits, temperature, generator), F.softmax(logits / temperature, dim=1)

    def forward(self, x: torch.Tensor, t) -> torch.Tensor:
        return self.model.step_logits(x, int(t))


class TableLogits(Conditionals):
    """``logits(cells, i)`` of a joint table ``(K, K)`` (rows x2, as ``data_joint`` gives it) read by the chain
    rule in ``order``: step 0 the first coordinate's log marginal ``log P(first)``, step 1 ``log P(second |
    first)`` in the first's cell (the tabular model: ``K^2 - 1`` free numbers, no network). An empty row's
    conditional (never reached: its first cell has no mass) is uniform. Reads counted in ``nfe``."""

    def __init__(self, joint: np.ndarray, order: str):
        super().__init__()
        self.coords, self.bins = COORDS[order], len(joint)
        self.ordering = list(self.coords)
        table = torch.as_tensor(joint, dtype=torch.float64, device=device.device())
        by_first = table.T if self.coords[0] == 0 else table  # [first, second]
        mass = by_first.sum(1, keepdim=True)
        self.first = mass[:, 0].log()
        self.second = torch.where(mass > 0, by_first / mass.clamp(min=1e-300), 1.0 / self.bins).log()

    def forward(self, x: torch.Tensor, t) -> torch.Tensor:
        return self.first.expand(len(x), -1) if int(t) == 0 else self.second[x[:, self.coords[0]]]

    draw = GridLogits.draw


def categorical(logits: torch.Tensor, temperature: float, generator: torch.Generator | None) -> torch.Tensor:
    """One draw ``(B,)`` from each row of ``softmax(logits / temperature)`` ``(B, K)``, by the inverse CDF: one
    uniform per row from ``generator`` (float64 cumulative sums; several times faster than ``multinomial``)."""
    cdf = F.softmax(logits / temperature, dim=1).double().cumsum(1)
    u = torch.rand((len(cdf), 1), generator=generator, device=cdf.device, dtype=torch.float64) * cdf[:, -1:]
    return torch.searchsorted(cdf, u)[:, 0].clamp_(max=logits.shape[1] - 1)


def sample_points(model: GridAR2D | GridLogits | TableLogits, n: int, extent: float, seed: int,
                  temperature: float = 1.0, callback: Callback | None = None) -> tuple[Generated, torch.Tensor]:
    """``n`` points ``(n, 2)`` on the plane from one seeded generator: cells by ``sample_autoregressive`` (from a model or a
    table's ``TableLogits``), then a uniform position inside each cell (the piecewise-constant density); also
    returns the cells ``(n, 2)``."""
    gen = device.generator(seed)
    adapter = model if isinstance(model, Conditionals) else GridLogits(model)
    start = torch.zeros((n, 2), dtype=torch.long, device=device.device())
    out = run_timed(lambda: sample_autoregressive(adapter, start, temperature=temperature, generator=gen,
                                                  callback=callback), adapter)
    cells = out.x
    u = torch.rand((n, 2), generator=gen, device=device.device(), dtype=torch.float64).cpu()
    points = (-extent + cell_width(extent, adapter.bins) * (cells.double() + u)).float()
    return Generated(points, out.nfe, out.seconds), cells


# ---- building and training --------------------------------------------------------------------------------

def grid_model(cfg: GridConfig, seed: int) -> GridAR2D:
    """A fresh ``GridAR2D`` of shape ``cfg``, initialised from ``seed``, on the device."""
    with device.seeded(seed):
        return GridAR2D(bins=cfg.bins, hidden=cfg.hidden, order=cfg.order).to(device.device())


class GridNLL:
    """The objective of ``core.train.loop.TrainRun``: the mean NLL of a minibatch of cells ``(B, 2)`` in nats per
    point as a density on the plane (``-log P(cell) + log h^2``: the gradient of the cells' NLL, the figure
    comparable with the true density's).

    Computed on the table: with only ``K`` values of the first coordinate, the network runs on the ``K`` cells of
    the first coordinate (``joint_log_probs``) instead of the ``B`` points, and the minibatch enters by its cell
    counts ``C``: ``NLL = log h^2 - sum C * log P / B``, the same number and gradient as ``-mean model(cells)``
    at a cost independent of ``B`` (a live update in about 1 ms)."""

    def __init__(self, extent: float, bins: int):
        self.offset, self.bins = log_cell_area(extent, bins), bins

    def __call__(self, model: GridAR2D, batch: tuple, generator: torch.Generator) -> torch.Tensor:
        cells, k = batch[0], self.bins
        first, second = model.coords
        counts = torch.bincount(cells[:, second] * k + cells[:, first], minlength=k * k).reshape(k, k)
        return self.offset - (counts * model.joint_log_probs()).sum() / len(cells)


def cell_batches(points, extent: float, bins: int):
    """``draw_batch(B, generator)`` for ``TrainRun``: minibatches resampled from the cells of ``points``."""
    pool = cells_of(points, extent, bins).cpu()

    def draw(batch_size: int, generator: torch.Generator) -> tuple:
        return (pool[torch.randint(len(pool), (batch_size,), generator=generator)],)

    return draw


def grid_run(points, extent: float, cfg: GridConfig, train: TrainConfig) -> TrainRun:
    """A fresh ``GridAR2D`` (initialised from ``train.seed``) training by maximum likelihood on the cells of
    ``points`` ``(P, 2)`` over ``[-extent, extent]^2``."""
    run = TrainRun(grid_model(cfg, train.seed), cell_batches(points, extent, cfg.bins), GridNLL(extent, cfg.bins),
                   train)
    for group in run.opt.param_groups:  # AdamW over all tensors at once
        group["foreach"] = True
    return run
