"""The autoregressive tab's 2D endpoints ("the chain rule in 2D"), one validated function each.

- ``chain_rule_request``: a joint on the ``K x K`` grid as a heatmap, its total probability, the conditional of
  the second coordinate given the first at a chosen value (in the chosen order) beside the data's own
  conditional there, and the held-out NLL beside the true density's (8gaussians), in nats per point;
- ``samples_request``: points sampled by the chain rule (two network passes, or two table reads for the data's
  histogram), on the sampler contract.

The joint comes from one of ``SOURCES``: a shipped model (``ar-2d-8gaussians-x1x2`` / ``-x2x1``, trained on
8gaussians in either order; ``core.autoregressive.recipes2d``), the session's live model
(``core.autoregressive.live.LiveGridAR``: any toy density or a drawing) or the data itself (its histogram on
the grid). A live model trained in the other order shows the asked conditional by Bayes' rule from its joint
(``GridView.derived``). Shipped and data results are shared between identical requests (``memo.cached``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from core.autoregressive.grid2d import (
    BINS,
    GRID,
    ORDERS,
    GridAR2D,
    GridLikelihood,
    TableLogits,
    cell_index,
    centres,
    conditional_of,
    data_joint,
    given_axis,
    likelihood,
    model_conditional,
    model_log_joint,
    sample_points,
    true_nll,
)
from core.autoregressive.live import live_model
from core.data.targets import POINT_DATASETS, Target, make_target
from core.runtime import checkpoints
from core.runtime.memo import cached
from core.runtime.validation import SEED, InvalidInput, Spec, check_choice, check_seed, number

SOURCES = ("shipped", "live", "data")  # where the joint comes from
SHIPPED_DATASET = "8gaussians"  # the dataset the shipped 2D models were trained on
WINDOW = 4.5  # half-width of the plotting window of the toy densities and drawings (core.data.targets)


@dataclass(frozen=True)
class Grid2DDefaults:
    """What the 2D view opens with."""

    dataset: str = SHIPPED_DATASET  # the data shown and conditioned on
    source: str = "shipped"  # SOURCES: the shipped model, the session's "live" one, or the "data"'s histogram
    order: str = GRID.order  # ORDERS: which coordinate comes first
    at: float = 2.0  # the first coordinate's value the conditional is taken at (a column through two modes)
    bins: int = GRID.bins  # cells a side of the data's own grid (a model's grid is its own)
    n_points: int = 2000  # points sampled
    temperature: float = 1.0  # the sampling temperature (softmax of logits / T)
    seed: int = SEED.default  # the samples' seed


DEFAULTS = Grid2DDefaults()
AT = number("conditioning value", -WINDOW, WINDOW, DEFAULTS.at, 0.05)
N_POINTS = Spec("number of points", 100, 20_000, DEFAULTS.n_points, 100)
TEMPERATURE = number("temperature", 0.1, 2.0, DEFAULTS.temperature, 0.05)


def shipped_name(order: str) -> str:
    """The shipped model of ``order``: ``ar-2d-8gaussians-x1x2`` or ``ar-2d-8gaussians-x2x1``."""
    return f"ar-2d-{SHIPPED_DATASET}-{order.replace(',', '')}"


def shipped_model(target: Target, order: str) -> GridAR2D:
    """The shipped model of ``order``; ``InvalidInput`` for data it was not trained on."""
    if target.name != SHIPPED_DATASET:
        raise InvalidInput("ar_2d_shipped_dataset", shipped=SHIPPED_DATASET, dataset=target.name)
    return checkpoints.load_model(shipped_name(order))


@dataclass(frozen=True)
class GridView:
    """What the 2D view draws. Arrays over the grid's ``K`` cells a side (rows of ``joint`` are x2)."""

    dataset: str
    source: str
    order: str
    given: str  # "x1" or "x2": the coordinate conditioned on (the order's first)
    axis: np.ndarray  # (K,) the cells' centres on either axis
    joint: np.ndarray  # (K, K) float64, P(x1 in cell i, x2 in cell j) at [j, i]
    total: float  # the joint's sum (1 up to float rounding)
    at_index: int  # the conditioning cell
    at_value: float  # its centre
    conditional: np.ndarray  # (K,) the source's P(second | first in that cell); sums to 1
    derived: bool  # True when it follows from the joint by Bayes' rule (a live model of the other order)
    data_conditional: np.ndarray  # (K,) the data's own conditional there (all zeros if no data fell in that cell)
    data_mass: float  # the data's share in the conditioning cell's row or column
    likelihood: GridLikelihood | None  # held-out NLL (nats per point) beside the true density's; None for "data"
    floor: float | None  # the true density's held-out NLL where known (8gaussians)


def _data_joint(target: Target, bins: int) -> np.ndarray:
    """The data's joint on the grid, computed once per (data, K) (read-only: shared)."""
    return cached("ar_2d_data_joint", (target.key, bins), (), lambda: data_joint(target, bins))


def chain_rule_request(dataset: Any, drawing: Any, source: Any, order: Any, at: Any, bins: Any = DEFAULTS.bins,
                       live: Any = None) -> GridView:
    """The chain-rule view of ``source`` (module docstring) at the first coordinate's value ``at``; ``bins`` sets
    the grid of the "data" source (a model's grid is its own)."""
    source = check_choice("source", source, SOURCES)
    order = check_choice("order", order, ORDERS)
    at, bins = AT.check(at), BINS.check(bins)
    target = make_target(dataset, drawing, POINT_DATASETS)
    if source == "live":
        return _view(target, source, order, at, live_model(live, target))
    if source == "shipped":
        model = shipped_model(target, order)
        return cached("ar_2d_chain_rule", (target.key, order, at), (shipped_name(order),),
                      lambda: _view(target, source, order, at, model))
    return cached("ar_2d_chain_rule_data", (target.key, order, at, bins), (),
                  lambda: _view(target, source, order, at, None, bins))


def _view(target: Target, source: str, order: str, at: float, model: GridAR2D | None,
          bins: int = DEFAULTS.bins) -> GridView:
    given = given_axis(order)
    bins = model.config.bins if model is not None else bins
    index = int(cell_index(at, target.extent, bins))
    data = _data_joint(target, bins)
    data_cond, data_mass = conditional_of(data, index, given)
    if model is None:
        joint, cond, derived, lik = data, data_cond, False, None
    else:
        log_joint = model_log_joint(model)
        joint, cond = np.exp(log_joint), model_conditional(model, index, given)
        derived, lik = given != model.coords[0], likelihood(log_joint, target)
    axis = centres(target.extent, bins)
    return GridView(target.name, source, order, ("x1", "x2")[given], axis, joint, float(joint.sum()), index,
                    float(axis[index]), cond, derived, data_cond, data_mass, lik, true_nll(target))


@dataclass(frozen=True)
class GridSamples:
    """Points sampled by the chain rule, with the cells they came from."""

    points: np.ndarray  # (n, 2) float32, uniform inside each sampled cell
    cells: np.ndarray  # (n, 2) int64, (i1, i2)
    nfe: int  # network passes (2: one per coordinate; the data's table: 2 reads)
    seconds: float  # wall time of the sampling


def samples_request(dataset: Any, drawing: Any, source: Any, order: Any, n_points: Any, temperature: Any, seed: Any,
                    live: Any = None) -> GridSamples:
    """``n_points`` samples of the shipped model of ``order``, the live model or (``"data"``) the data's own
    histogram on the default ``K = GRID.bins`` grid read as a table by the chain rule in ``order``
    (``TableLogits``), at ``temperature``, from ``seed``."""
    source = check_choice("source", source, SOURCES)
    order = check_choice("order", order, ORDERS)
    n, temperature, seed = N_POINTS.check(n_points), TEMPERATURE.check(temperature), check_seed(seed)
    target = make_target(dataset, drawing, POINT_DATASETS)
    if source == "live":
        return _samples(live_model(live, target), target, n, temperature, seed)
    if source == "data":
        return cached("ar_2d_data_samples", (target.key, order, n, temperature, seed), (),
                      lambda: _samples(TableLogits(_data_joint(target, GRID.bins), order), target, n, temperature,
                                       seed))
    model = shipped_model(target, order)
    return cached("ar_2d_samples", (target.key, order, n, temperature, seed), (shipped_name(order),),
                  lambda: _samples(model, target, n, temperature, seed))


def _samples(model: GridAR2D | TableLogits, target: Target, n: int, temperature: float, seed: int) -> GridSamples:
    out, cells = sample_points(model, n, target.extent, seed, temperature)
    return GridSamples(out.x.numpy(), cells.numpy(), out.nfe, out.seconds)
