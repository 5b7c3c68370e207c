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

A ``LiveRun`` is one user's live run of a topic, what its tab keeps in ``gr.State``: the session, the
model's snapshot taken at each frame (what the views sample: never weights that training is changing),
the loss curve, ``continue_or_create`` by a key (the settings that define the run) and the preview.
A topic subclass supplies only its settings check, its trainer and its preview; ``LiveConfig``
holds what every live run shares.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator, Protocol

from core.runtime.budget import live_registry
from core.runtime.validation import InvalidInput

MAX_SECONDS = 60.0  # wall time of one training call; press resume to go on
INTERVAL = 0.2  # seconds of training between two events
# why a call's last event ended it: its updates are done, pause was pressed, the time cap was hit, a "step"
FINISHED, PAUSED, TIME_CAP, STEP = "finished", "paused", "time cap", "step"
REASONS = (FINISHED, PAUSED, TIME_CAP, STEP)


class Trainer(Protocol):
    iteration: int  # iterations done so far
    updates: int  # optimizer updates done so far (a GAN iteration makes several)

    def iterate(self) -> object: ...


@dataclass
class TrainEvent:
    """Progress of a run: ``iteration`` of ``total``, the mean ``loss`` since the last event (NaN if the
    trainer does not report one), optimizer ``updates``, seconds of this call and its update rate, and
    whether this is the call's last event and why (one of ``REASONS``)."""

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
                          True, STEP)

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
                reason = PAUSED if self._pause.is_set() else ""
                if not reason:
                    value = _as_loss(t.iterate())
                    if value == value:
                        loss_sum, loss_n = loss_sum + value, loss_n + 1
                now = time.perf_counter()
                if not reason:
                    reason = FINISHED if t.iteration >= target else TIME_CAP if now - start >= cap else ""
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


@dataclass(frozen=True)
class LiveConfig:
    """What every live run shares; a topic changes a field with ``dataclasses.replace``."""

    step_updates: int = 50  # updates one press of "step" makes
    min_updates: int = 100  # fewest training updates a live run accepts
    max_updates: int = 20_000  # most training updates a live run accepts
    pool: int = 50_000  # real points drawn once per live run
    preview_points: int = 400  # points in the live preview
    interval: float = INTERVAL  # seconds of training between two events


LIVE = LiveConfig()


class LiveRun:
    """One user's live run: ``session`` (a ``LiveSession`` over ``run``), ``model`` (the snapshot taken at
    the last frame), the loss curve ``steps`` / ``losses`` (NaN losses skipped) and ``key``, the settings
    that define the run.

    A subclass defines ``check(*raw) -> dict`` (the validated keyword arguments of its constructor),
    ``key_of(**settings) -> tuple`` (the part of them that defines the run: the rest, ``TAKEN``, a
    continued run takes over), calls ``start(trainer, key)`` in its constructor and defines ``preview()``."""

    config: ClassVar[LiveConfig] = LIVE
    OTHER_DATA: ClassVar[str] = "live_model_other_data"  # the problem key (validation.PROBLEMS) of a data mismatch
    UNTRAINED: ClassVar[str] = "no_live_model"  # the problem key of "nothing trained live yet"
    TAKEN: ClassVar[tuple[str, ...]] = ("total",)  # settings a continued run takes over (not in its key)

    run: Trainer
    target: Any  # the data trained on (``core.data.targets.Target``: ``name`` and ``key``)
    total: int  # updates the run is asked for

    @classmethod
    def check(cls, *raw: Any) -> dict[str, Any]:
        """The validated keyword arguments of ``cls(...)`` from the tab's raw values (``InvalidInput`` if not)."""
        raise NotImplementedError

    @classmethod
    def key_of(cls, **settings: Any) -> tuple:
        """What defines a run with these settings: every setting but ``TAKEN``, data by its key."""
        return tuple((k, getattr(v, "key", v)) for k, v in sorted(settings.items()) if k not in cls.TAKEN)

    @classmethod
    def continue_or_create(cls, live: Any, *raw: Any, **named: Any) -> "LiveRun":
        """``live`` if it is a run of this class with the same key that ``can_continue``, given the new
        ``TAKEN`` settings; else a fresh run. ``raw`` / ``named``: the tab's values, as ``check`` takes them."""
        settings = cls.check(*raw, **named)
        if isinstance(live, cls) and live.key == cls.key_of(**settings) and live.can_continue(settings):
            live.take(settings)
            return live
        return cls(**settings)

    def can_continue(self, settings: dict[str, Any]) -> bool:
        """Whether the run has updates left under ``settings``."""
        return self.run.iteration < settings["total"]

    def take(self, settings: dict[str, Any]) -> None:
        """Take over the ``TAKEN`` settings of a continuing request."""
        for name in self.TAKEN:
            setattr(self, name, settings[name])

    def start(self, run: Trainer, key: tuple) -> None:
        """Begin training ``run``: a new session, an empty loss curve and a first snapshot."""
        self.run, self.key = run, key
        self.session = LiveSession(run, interval=self.config.interval)
        self.steps: list[int] = []  # the loss curve: update index ...
        self.losses: list[float] = []  # ... and mean loss since the previous point
        self.model = self.snapshot()

    def remaining(self) -> int:
        """Updates left to reach ``total``."""
        return max(0, self.total - self.run.iteration)

    def snapshot(self, final: bool = False) -> Any:
        """A copy of the weights that the views read (``final``: the last frame of a call)."""
        return self.run.snapshot()

    def record(self, iteration: int, loss: float, snapshot: bool = True, final: bool = False) -> None:
        """Add a point to the loss curve (NaN skipped) and, if ``snapshot``, take a snapshot (a frame)."""
        if snapshot:
            self.model = self.snapshot(final)
        if loss == loss:  # not NaN
            self.steps.append(iteration)
            self.losses.append(loss)

    def preview(self) -> Any:
        """What the live view draws of the last snapshot (seeded: the same run gives the same picture)."""
        raise NotImplementedError

    def served(self) -> Any:
        """What ``model_for`` hands to a request: the snapshot."""
        return self.model

    def model_for(self, target: Any) -> Any:
        """``served()``, checked to be trained on ``target``'s data."""
        if self.target.key != target.key:
            raise InvalidInput(self.OTHER_DATA, trained=self.target.name, asked=target.name)
        return self.served()

    @classmethod
    def live_model(cls, live: Any, target: Any) -> Any:
        """``live.model_for(target)``, or ``InvalidInput`` when nothing has been trained live yet."""
        if not isinstance(live, cls):
            raise InvalidInput(cls.UNTRAINED, dataset=target.name)
        return live.model_for(target)
