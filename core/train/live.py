"""Live training for every tab: one session type, one event type.

A ``LiveSession`` keeps a ``Trainer`` (anything with ``iterate()``, ``iteration`` and ``updates``:
``core.train.loop.TrainRun``, ``core.gan.train.GanRun``, ...) between a user's requests:

- ``run(iterations)`` is time-sliced: it yields a ``TrainEvent`` at least every ``interval`` seconds
  of training and a last one (``done=True``) when it reaches ``iterations``, is paused, or hits
  the time cap ``max_seconds`` of one call;
- ``pause()`` (thread-safe, from another request) ends the current ``run`` after its current
  iteration; a pause pressed while that ``run`` is still queued holds too (``request_run``);
- ``step(n)`` advances ``n`` iterations at once; calling ``run`` again resumes where it stopped;
- a consumer that stops iterating cancels: no iteration runs after it stops;
- every session is kept in the process's ``core.runtime.budget.live_registry()``: beyond its capacity
  the least recently used one, and any unused for its idle time, is closed (``close()``: paused, and
  the app drops it from its user's state, freeing its models).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Iterator, Protocol

from core.runtime.budget import live_registry

MAX_SECONDS = 60.0  # wall time of one training call; press resume to go on
INTERVAL = 0.2  # seconds of training between two events


class Trainer(Protocol):
    iteration: int  # iterations done so far
    updates: int  # optimizer updates done so far (a GAN iteration makes several)

    def iterate(self) -> object: ...


@dataclass
class TrainEvent:
    """Progress of a run: ``iteration`` of ``total``, the mean ``loss`` since the last event (NaN if the
    trainer does not report one), optimizer ``updates``, seconds of this call and its update rate, and
    whether this is the call's last event and why (``"finished"``, ``"paused"``, ``"time cap"``)."""

    iteration: int
    total: int
    loss: float
    updates: int
    seconds: float
    updates_per_second: float
    done: bool = False
    reason: str = ""


def _as_loss(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else float("nan")


class LiveSession:
    """A trainer kept between requests, with pause / step / resume and a time cap per call."""

    def __init__(self, trainer: Trainer, interval: float = INTERVAL, max_seconds: float = MAX_SECONDS):
        self.trainer, self.interval, self.max_seconds = trainer, float(interval), float(max_seconds)
        self._pause = threading.Event()
        self._pending = 0  # runs requested and not yet started
        self._lock = threading.Lock()
        self.running = False
        self.closed = False  # closed by the registry (over capacity or idle); using it again reopens it
        live_registry().touch(self)

    def close(self) -> None:
        """End any run after its current iteration and mark the session closed (the registry's eviction)."""
        self.closed = True
        self.pause()

    def _use(self) -> None:
        self.closed = False
        live_registry().touch(self)

    def request_run(self) -> None:
        """Note that a ``run`` was requested (it may wait in the queue): a pause from now on applies to it."""
        with self._lock:
            self._pending += 1

    def pause(self) -> None:
        """End the current (or requested) run after its current iteration."""
        with self._lock:
            if self.running or self._pending:
                self._pause.set()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()

    def step(self, n: int = 1) -> TrainEvent:
        """``n`` iterations now; returns their event."""
        self._use()
        start, updates0, loss = time.perf_counter(), self.trainer.updates, float("nan")
        for _ in range(int(n)):
            loss = _as_loss(self.trainer.iterate())
        sec = time.perf_counter() - start
        t = self.trainer
        return TrainEvent(t.iteration, t.iteration, loss, t.updates, sec, (t.updates - updates0) / max(sec, 1e-9),
                          True, "step")

    def run(self, iterations: int, max_seconds: float | None = None) -> Iterator[TrainEvent]:
        """Up to ``iterations`` more iterations, as events (see the module docstring)."""
        cap = self.max_seconds if max_seconds is None else float(max_seconds)
        t = self.trainer
        self._use()
        with self._lock:
            if self._pending:
                self._pending -= 1  # a pause pressed while this run waited in the queue holds
            else:
                self._pause.clear()  # a direct call nobody could have paused yet
            self.running = True
        try:
            target = t.iteration + int(iterations)
            start = last = time.perf_counter()
            updates0, loss_sum, loss_n = t.updates, 0.0, 0
            while True:
                reason = "paused" if self._pause.is_set() else ""
                if not reason:
                    value = _as_loss(t.iterate())
                    if value == value:
                        loss_sum, loss_n = loss_sum + value, loss_n + 1
                now = time.perf_counter()
                if not reason:
                    reason = ("finished" if t.iteration >= target else "time cap" if now - start >= cap else "")
                if reason or now - last >= self.interval:
                    sec = now - start
                    yield TrainEvent(t.iteration, target, loss_sum / loss_n if loss_n else float("nan"), t.updates,
                                     sec, (t.updates - updates0) / max(sec, 1e-9), bool(reason), reason)
                    loss_sum, loss_n = 0.0, 0
                    last = time.perf_counter()
                    if reason:
                        return
        finally:
            with self._lock:
                self.running = False
                self._pause.clear()
