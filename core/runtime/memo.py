"""Identical requests computed once: a bounded LRU of recent results with in-flight coalescing.

When a class presses "Sample" together with the same settings (the teacher's "everyone press Sample now"),
the first request computes and every identical request that arrives meanwhile waits for its result instead of
computing again; later identical requests are answered from the last ``capacity`` results kept.

A key is the endpoint's name, its *validated* settings and the identity of every shipped model it reads
(``checkpoint_identity``: the checkpoint's name and a hash of its files), so a result is shared only between
requests that would compute exactly the same thing. A request that uses a user's live model passes no key
(``key=None``) and always computes: a live model's result is never cached nor served to another user.

Results are shared between callers: treat them as read-only (the request functions' callers only read them).
An exception is not cached: the request that raised it and those that waited on it see it, the next computes.

``GENLAB_MEMO`` sets the number of results kept (0 turns the cache and the coalescing off); read at first use.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")

CAPACITY = 64  # results kept per process (the largest is a few MB: 256 digits with their trajectories)


class _Flight:
    """One computation in progress: its waiters block on ``done`` and read ``value`` or ``error``."""

    def __init__(self):
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class Memo:
    """A bounded LRU of results by key, with identical computations in flight coalesced (module docstring)."""

    def __init__(self, capacity: int = CAPACITY):
        self.capacity = max(0, int(capacity))
        self._results: OrderedDict[Hashable, Any] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = self.joined = 0  # answered from the cache / computed / waited on a computation

    def __len__(self) -> int:
        return len(self._results)

    def get(self, key: Hashable | None, compute: Callable[[], T]) -> T:
        """``compute()``'s result for ``key``: kept, in flight (waited for), or computed now and kept.
        ``key=None`` (or a capacity of 0) always computes and keeps nothing."""
        if key is None or self.capacity == 0:
            return compute()
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                self.hits += 1
                return self._results[key]
            flight = self._flights.get(key)
            owner = flight is None
            if owner:
                flight = self._flights[key] = _Flight()
                self.misses += 1
            else:
                self.joined += 1
        if not owner:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            flight.value = compute()
        except BaseException as e:
            flight.error = e
            raise
        else:
            with self._lock:
                self._results[key] = flight.value
                while len(self._results) > self.capacity:
                    self._results.popitem(last=False)
            return flight.value
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()

    def clear(self) -> None:
        with self._lock:
            self._results.clear()


@lru_cache(maxsize=None)
def checkpoint_identity(name: str) -> tuple[str, str]:
    """``(name, sha256 of the checkpoint folder's files)``: the shipped model's identity in a key (hashed
    once per process)."""
    from core.runtime.checkpoints import path

    h = hashlib.sha256()
    folder = path(name)
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(folder)).encode())
        h.update(f.read_bytes())
    return name, h.hexdigest()


@lru_cache(maxsize=1)
def results() -> Memo:
    """The process's memo of request results (``GENLAB_MEMO`` results, default ``CAPACITY``)."""
    env = os.environ.get("GENLAB_MEMO")
    return Memo(int(env) if env else CAPACITY)


def cached(endpoint: str, settings: tuple | None, models: tuple[str, ...], compute: Callable[[], T]) -> T:
    """``compute()`` computed once for ``(endpoint, settings, identities of models)`` (see ``Memo.get``);
    ``settings=None`` (a live model) always computes. ``settings`` must be the validated values."""
    if settings is None:
        return compute()
    key = (endpoint, settings, tuple(checkpoint_identity(m) for m in models))
    return results().get(key, compute)
