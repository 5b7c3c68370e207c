"""Identical requests computed once (``core.runtime.memo``): in-flight coalescing, the LRU bound, errors not
kept, live models bypassed, and the request functions give the same result with the memo as without."""
from __future__ import annotations

import threading
import time

import pytest
import torch

from core.runtime import memo
from core.runtime.memo import Memo


def _wait_for(condition, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)


def test_two_identical_requests_in_flight_compute_once():
    m, calls, release = Memo(4), [], threading.Event()

    def compute():
        calls.append(1)
        assert release.wait(10)
        return object()

    out = [None, None]
    threads = [threading.Thread(target=lambda i=i: out.__setitem__(i, m.get("k", compute))) for i in range(2)]
    threads[0].start()
    _wait_for(lambda: calls)  # the first computes ...
    threads[1].start()
    _wait_for(lambda: m.joined == 1)  # ... and the second waits on it
    release.set()
    for th in threads:
        th.join(10)
    assert len(calls) == 1 and out[0] is out[1] is not None
    assert (m.misses, m.joined, m.hits) == (1, 1, 0)
    assert m.get("k", compute) is out[0] and m.hits == 1 and len(calls) == 1  # kept: answered without computing


def test_the_lru_keeps_the_most_recent_results_only():
    m, calls = Memo(2), []

    def compute(key):
        calls.append(key)
        return key * 10

    for key in (1, 2, 1, 3):  # 1 is used again before 3 arrives: 2 is the least recently used
        assert m.get(key, lambda: compute(key)) == key * 10
    assert len(m) == 2 and calls == [1, 2, 3]
    m.get(1, lambda: compute(1))
    m.get(2, lambda: compute(2))  # evicted: computed again
    assert calls == [1, 2, 3, 2] and len(m) == 2


def test_an_error_is_seen_by_its_waiters_and_not_kept():
    m, release, calls = Memo(4), threading.Event(), []

    def fail():
        calls.append(1)
        assert release.wait(10)
        raise ValueError("boom")

    errors = []

    def call():
        try:
            m.get("k", fail)
        except ValueError as e:
            errors.append(str(e))

    threads = [threading.Thread(target=call) for _ in range(2)]
    threads[0].start()
    _wait_for(lambda: calls)
    threads[1].start()
    _wait_for(lambda: m.joined == 1)
    release.set()
    for th in threads:
        th.join(10)
    assert errors == ["boom", "boom"] and len(calls) == 1 and len(m) == 0
    assert m.get("k", lambda: 5) == 5  # the next request computes


def test_no_key_or_no_capacity_always_computes():
    calls = []
    for m, key in ((Memo(4), None), (Memo(0), "k")):
        for _ in range(2):
            m.get(key, lambda: calls.append(1))
        assert len(m) == 0
    assert len(calls) == 4


def test_checkpoint_identity_names_the_files():
    a, b = memo.checkpoint_identity("digits-unet"), memo.checkpoint_identity("digits-classifier")
    assert a[0] == "digits-unet" and len(a[1]) == 64 and a[1] != b[1]


@pytest.fixture
def fresh(monkeypatch):
    """A fresh process memo for the test (and none of another test's results)."""
    m = Memo()
    monkeypatch.setattr(memo, "results", lambda: m)
    return m


def _uncached(monkeypatch, fn):
    with monkeypatch.context() as mp:
        mp.setattr(memo, "results", lambda: Memo(0))
        return fn()


def test_a_live_model_is_never_cached(fresh):
    """The diffusion tab's live path (``compare_points`` with no ``shipped`` checkpoint) computes every time."""
    from core.data.toy2d import sample_iid
    from core.diffusion.compare import PointsSettings, compare_points, point_model

    model, cfg = point_model("moons")
    settings = PointsSettings(n=100, steps=3, eta=0.0, seed=1)
    runs = [compare_points(model, cfg, lambda n, s: sample_iid("moons", n, s), settings) for _ in range(2)]
    assert runs[0] is not runs[1] and len(fresh) == 0 and fresh.misses == 0
    assert torch.equal(runs[0].ddim.generated.x, runs[1].ddim.generated.x)


def test_a_live_rectified_flow_is_never_cached(fresh, monkeypatch):
    from core.rectified_flow import request as R

    shipped = R.shipped_flows("gaussian", "moons")[:1]

    class Live:  # a live run that has trained: its pair and its flows
        source, target = R.make_source("gaussian", None), R.make_target("moons", None, R.POINT_DATASETS)

        def flows(self):
            return shipped

    monkeypatch.setattr(R, "LiveRectifiedFlow", Live)
    live = Live()
    runs = [R.points_request("gaussian", "moons", None, None, "live", live, 2, 100, 0) for _ in range(2)]
    assert runs[0] is not runs[1] and len(fresh) == 0


def test_identical_requests_share_one_result_equal_to_the_uncached_one(fresh, monkeypatch):
    from core.diffusion.compare import PointsSettings, compare_digits, compare_points_request
    from core.gan.digits import request_digits
    from core.guidance.request import points_request as guided_points
    from core.rectified_flow.request import digits_request as rf_digits
    from core.vae.request import vae_samples

    requests = {
        "diffusion_digits": lambda: compare_digits("3", 4, 3, 0.0, 5),
        "diffusion_points": lambda: compare_points_request(PointsSettings("moons", "shipped", 3, 0.0, 100, 5)),
        "vae_samples": lambda: vae_samples(4, 5, 1.0),
        "gan_digits": lambda: request_digits(4, 5),
        "rf_digits": lambda: rf_digits("any", 4, 1, 5),
        "guidance_points": lambda: guided_points("cfg", 0, 2.0, "toward", 100, 5, 5),
    }
    for name, request in requests.items():
        first, second = request(), request()
        plain = _uncached(monkeypatch, request)
        assert _arrays(first) == _arrays(plain), name  # the memo changes no figure
        if name == "gan_digits":  # a fresh slice of the kept samples, the same figures object
            assert first[1] is second[1], name
        else:
            assert first is second, name
    assert fresh.misses == len(requests) and fresh.hits == len(requests)


def _arrays(value, path="") -> dict:
    """Every tensor, array and number inside ``value`` by its path (sum, shape) for comparison."""
    import dataclasses

    import numpy as np

    out = {}
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fiub":
            out[path] = (value.shape, float(np.asarray(value, dtype=np.float64).sum()))
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if f.name not in ("seconds", "rows"):  # wall time differs between runs (rows hold milliseconds)
                out.update(_arrays(getattr(value, f.name), f"{path}.{f.name}"))
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "seconds":
                out.update(_arrays(v, f"{path}[{k}]"))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            out.update(_arrays(v, f"{path}[{i}]"))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out[path] = value
    return out
