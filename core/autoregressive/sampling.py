"""Sampling the chain rule one pixel at a time, on the one sampler contract (``core.sampling.contract``).

``sample_autoregressive(model, x, *, order, temperature, fixed, generator, callback)`` draws the pixels of ``x``
``(B, 64)`` in the model's ordering ``order``: at step ``i`` (``i = fixed .. 63``) the pixel ``d = o(i)`` is
drawn from ``p(x_d | x_o(<i))^(1/T)`` (the conditional's logits divided by the temperature ``T``), by the
inverse CDF of one uniform per image from ``generator``. The first ``fixed`` pixels of the order keep the
values given in ``x`` (completion: conditional generation falls out of the chain rule); the rest of ``x`` is
overwritten. Each step is one network evaluation through a ``ModelAdapter`` (``ARConditional``, NFE counted),
which reuses the model's incremental state (``Autoregressive.begin / next_logits / advance``): 64 steps cost
little more than one pass for FVSBN, NADE and MADE. ``check_budget()`` runs each step, and
``callback(ARStepRecord(i, x, t=i, t_next=i + 1, denoised=None, pixel=d, probs=...))`` after it: a
``StepRecord`` that also carries the pixel and the conditional it was drawn from (``(B, levels)``).

``generate_autoregressive`` is the seeded entry point: samples, every step's conditional ``(N, 64, levels)``
in the order of the steps, their log-probabilities, NFE and wall time.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from core.runtime import device
from core.runtime.budget import check_budget
from core.sampling.adapters import ModelAdapter
from core.sampling.contract import Callback, StepRecord
from core.sampling.generate import run_timed


@dataclass(frozen=True)
class ARStepRecord(StepRecord):
    """A ``StepRecord`` of an autoregressive step: ``t = i`` the position in the order, ``pixel`` the pixel index
    (0..63, raster) it drew and ``probs`` ``(B, levels)`` the (tempered) conditional it drew from."""

    pixel: int = -1  # the raster index of the pixel drawn at this step
    probs: torch.Tensor | None = None  # (B, levels) the distribution the pixel was drawn from


class Conditionals(ModelAdapter):
    """What ``sample_autoregressive`` reads, for any chain rule (the digits models here, the 2D grid's model and
    table in ``core.autoregressive.grid2d``): ``ordering`` the positions of ``x`` in the order they are drawn;
    ``start(x)`` before the first step; ``logits = adapter(x, i)`` ``(B, K)`` of the ``i``-th position given those
    before it (counted in ``nfe``); ``draw(logits, temperature, generator)`` -> (values ``(B,)``, the tempered
    conditional ``(B, K)``); ``advance(x, i)`` after position ``i`` is written. ``start`` and ``advance`` do
    nothing unless the model keeps incremental state."""

    ordering: list[int]

    def start(self, x: torch.Tensor) -> None:
        """Before the first step (``x``: its not yet drawn positions 0)."""

    def advance(self, x: torch.Tensor, i: int) -> None:
        """After the ``i``-th position of the order was written into ``x``."""

    def draw(self, logits: torch.Tensor, temperature: float,
             generator: torch.Generator | None) -> tuple[torch.Tensor, torch.Tensor]:
        """One value per row from ``softmax(logits / temperature)`` (by ``draw``), and that distribution."""
        probs = torch.softmax(logits.float() / temperature, -1)
        return draw(probs, generator), probs


class ARConditional(Conditionals):
    """``logits = adapter(x, i)``: the logits ``(B, levels)`` of the ``i``-th pixel of the order given the ones
    before it, read from the model's incremental state (``begin`` on the first call of a run, ``advance`` after
    each pixel is written); counted in ``nfe``."""

    def __init__(self, model, order: int = 0):
        super().__init__()
        self.model = model
        self.order = model.check_order(order)
        self.ordering = [int(d) for d in model.ordering(self.order)]
        self.state = None

    def start(self, x: torch.Tensor) -> None:
        self.state = self.model.begin(x, self.order)

    def forward(self, x: torch.Tensor, t) -> torch.Tensor:
        return self.model.next_logits(self.state, x, self.ordering[int(t)])

    def advance(self, x: torch.Tensor, i: int) -> None:
        self.model.advance(self.state, x, self.ordering[int(i)])


def draw(probs: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    """One value ``(B,)`` per row of ``probs`` ``(B, K)``, by the inverse CDF of one uniform from ``generator``."""
    u = torch.rand((len(probs), 1), generator=generator, device=probs.device, dtype=probs.dtype)
    return (probs.cumsum(-1) < u).sum(-1).clamp(max=probs.shape[-1] - 1)


@torch.no_grad()
def sample_autoregressive(model, x: torch.Tensor, *, order: int = 0, temperature: float = 1.0, fixed: int = 0,
                          generator: torch.Generator | None = None, callback: Callback | None = None) -> torch.Tensor:
    """``x`` ``(B, n)`` with the positions ``fixed..n-1`` of ordering ``order`` drawn one by one from the
    model's conditionals at ``temperature`` (those before ``fixed`` kept). ``model``: an ``Autoregressive`` model
    or any ``Conditionals`` (its ``ARConditional``, the 2D grid's ``GridLogits`` or ``TableLogits``; then
    ``order`` is the adapter's). The one autoregressive sampling loop of the lab. Returns the new ``x``
    (``long``); each record carries a copy of ``x`` after its step."""
    adapter = model if isinstance(model, Conditionals) else ARConditional(model, order)
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    if not 0 <= int(fixed) <= len(adapter.ordering):
        raise ValueError(f"fixed must be in [0, {len(adapter.ordering)}], got {fixed}")
    x = x.long().clone()
    x[:, adapter.ordering[int(fixed):]] = 0  # not yet drawn: 0, what the incremental state assumes
    adapter.start(x)
    for i in range(int(fixed), len(adapter.ordering)):
        check_budget()
        pixel = adapter.ordering[i]
        x[:, pixel], probs = adapter.draw(adapter(x, i), temperature, generator)
        adapter.advance(x, i)
        if callback is not None:
            callback(ARStepRecord(i, x.clone(), t=i, t_next=i + 1, denoised=None, pixel=pixel, probs=probs))
    return x


@dataclass
class ARSamples:
    """``x`` ``(N, 64)`` samples (CPU, ``long``); ``probs`` ``(N, 64, levels)``: row ``i`` the conditional of the
    ``i``-th step of ``ordering`` ``(64,)`` (uniform rows stand for the ``fixed`` pixels given, never drawn);
    ``log_probs`` ``(N,)``: ``sum_i ln probs[i, x_o(i)]`` over the drawn steps; ``nfe``; ``seconds``."""

    x: torch.Tensor
    probs: torch.Tensor
    ordering: torch.Tensor
    log_probs: torch.Tensor
    nfe: int
    seconds: float


def generate_autoregressive(model, n: int, *, order: int = 0, temperature: float = 1.0, seed: int = 0,
                            prefix: torch.Tensor | None = None, fixed: int = 0,
                            callback: Callback | None = None) -> ARSamples:
    """``n`` samples from one generator seeded from ``seed`` (``prefix`` ``(n, 64)`` gives the ``fixed`` first
    pixels of the order for a completion), with every step's conditional recorded."""
    adapter = ARConditional(model, order)
    start = torch.zeros((n, len(adapter.ordering)), dtype=torch.long, device=device.device())
    if prefix is not None:
        start = prefix.to(start).reshape(start.shape).clone()
    probs = torch.full((n, len(adapter.ordering), model.levels), 1.0 / model.levels, device=start.device)

    def record(rec: ARStepRecord) -> None:
        probs[:, rec.i] = rec.probs
        if callback is not None:
            callback(rec)

    gen = device.generator(seed)
    out = run_timed(lambda: sample_autoregressive(adapter, start, temperature=temperature, fixed=fixed,
                                                  generator=gen, callback=record), adapter)
    ordering = torch.tensor(adapter.ordering)
    chosen = probs.cpu().gather(-1, out.x[:, ordering].unsqueeze(-1)).squeeze(-1)
    log_probs = torch.log(chosen[:, int(fixed):]).sum(-1)
    return ARSamples(out.x, probs.cpu(), ordering, log_probs, out.nfe, out.seconds)
