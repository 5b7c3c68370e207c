"""Bounds on what one server process keeps and does for its users (no gradio here).

- ``LiveRegistry`` / ``LIVE``: every live training session (``core.train.live.LiveSession``) of every
  user, least recently used first. At most ``capacity`` are kept; one unused for ``idle_seconds`` is
  closed. Closing pauses the session and calls the registry's hooks (the app's hook drops the
  session's owner from the user's state, so its models are freed).
- ``request_budget`` / ``check_budget``: a wall-time budget for one request, checked by the shared
  loops (sampling, ODE and training steps), so that no request holds a CPU for more than
  ``MAX_REQUEST_SECONDS`` however large its settings; past it, ``BudgetExceeded`` names the limit.

``GENLAB_MAX_LIVE`` and ``GENLAB_LIVE_IDLE`` override the defaults; they are read when ``LIVE`` is
first used, not at import.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import threading
import time
import weakref
from collections import OrderedDict
from typing import Any, Callable

from core.runtime.validation import InvalidInput

MAX_LIVE = 24  # live training sessions kept by one process (a GAN sandbox at its largest is ~35 MB)
LIVE_IDLE_SECONDS = 600.0  # a live session unused for this long is closed and its models freed
MAX_REQUEST_SECONDS = 30.0  # wall time one request may run before it is stopped with an error naming the limit
MAX_STREAM_SECONDS = 90.0  # the same for a streaming request (a live-training call caps itself sooner)


class LiveRegistry:
    """A process-wide LRU of live sessions (held weakly: a session nobody references simply leaves).

    ``touch(session)`` marks it used now (registering it if new) and closes the least recently used
    sessions beyond ``capacity``, skipping any that is running while an idle one remains;
    ``sweep()`` closes the ones idle for ``idle_seconds``. A closed session gets ``close()`` called and
    is passed to every hook (``add_hook``)."""

    def __init__(self, capacity: int | None = None, idle_seconds: float | None = None):
        self.capacity = int(capacity if capacity is not None else os.environ.get("GENLAB_MAX_LIVE", MAX_LIVE))
        self.idle_seconds = float(idle_seconds if idle_seconds is not None
                                  else os.environ.get("GENLAB_LIVE_IDLE", LIVE_IDLE_SECONDS))
        self._used: OrderedDict[int, tuple[weakref.ref, float]] = OrderedDict()
        self._hooks: list[Callable[[Any], None]] = []
        self._lock = threading.RLock()  # a weakref callback may run while it is held
        self.closed = 0  # sessions closed so far (over capacity or idle)

    def add_hook(self, hook: Callable[[Any], None]) -> None:
        """Call ``hook(session)`` for every session closed from now on (once per hook)."""
        if hook not in self._hooks:
            self._hooks.append(hook)

    def sessions(self) -> list:
        """The sessions kept, least recently used first."""
        with self._lock:
            return [s for s in (ref() for ref, _ in self._used.values()) if s is not None]

    def __len__(self) -> int:
        return len(self.sessions())

    def touch(self, session: Any) -> None:
        now = time.monotonic()
        key = id(session)
        with self._lock:
            self._used[key] = (weakref.ref(session, lambda _, k=key: self._forget(k)), now)
            self._used.move_to_end(key)
            victims = self._over_capacity()
        self._close(victims)

    def sweep(self, now: float | None = None) -> int:
        """Close every session unused for ``idle_seconds``; returns how many were closed."""
        now = time.monotonic() if now is None else now
        with self._lock:
            victims = [(k, ref()) for k, (ref, used) in self._used.items() if now - used >= self.idle_seconds]
            for k, _ in victims:
                del self._used[k]
        victims = [s for _, s in victims if s is not None]
        self._close(victims)
        return len(victims)

    def _forget(self, key: int) -> None:
        with self._lock:
            self._used.pop(key, None)

    def _over_capacity(self) -> list:
        victims = []
        while len(self._used) > self.capacity:
            items = [(k, ref()) for k, (ref, _) in self._used.items()]
            idle = [(k, s) for k, s in items if s is None or not getattr(s, "running", False)]
            k, s = (idle or items)[0]
            del self._used[k]
            if s is not None:
                victims.append(s)
        return victims

    def _close(self, victims: list) -> None:
        for session in victims:
            self.closed += 1
            close = getattr(session, "close", None)
            if close is not None:
                close()
            for hook in list(self._hooks):
                hook(session)


_LIVE: LiveRegistry | None = None
_LIVE_LOCK = threading.Lock()


def live_registry() -> LiveRegistry:
    """The process's ``LiveRegistry`` (created on first use)."""
    global _LIVE
    with _LIVE_LOCK:
        if _LIVE is None:
            _LIVE = LiveRegistry()
        return _LIVE


class BudgetExceeded(InvalidInput):
    """A request ran past its time budget (an ``InvalidInput``: the user is told the limit)."""


_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("genlab_deadline",
                                                                                       default=None)


@contextlib.contextmanager
def request_budget(seconds: float | None = None, deadline: float | None = None):
    """Within the block, ``check_budget()`` raises ``BudgetExceeded`` once ``seconds`` (default
    ``GENLAB_REQUEST_SECONDS`` or ``MAX_REQUEST_SECONDS``) of wall time have passed. Nested budgets keep
    the earlier deadline; ``deadline`` (``time.monotonic()`` time) fixes it, for a generator resumed
    once per item. Threads started with ``contextvars.copy_context().run`` share it."""
    seconds = float(seconds if seconds is not None else os.environ.get("GENLAB_REQUEST_SECONDS", MAX_REQUEST_SECONDS))
    deadline = time.monotonic() + seconds if deadline is None else float(deadline)
    outer = _DEADLINE.get()
    token = _DEADLINE.set(outer if outer is not None and outer[0] <= deadline else (deadline, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_budget() -> None:
    """Raise ``BudgetExceeded`` if the current request's budget is spent (a no-op outside a budget).
    The shared loops call it once per step: sampling steps, ODE steps and training iterations."""
    budget = _DEADLINE.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise BudgetExceeded("budget_exceeded", seconds=f"{budget[1]:g}")
