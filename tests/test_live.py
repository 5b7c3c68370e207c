"""The one live-training mechanism: ``core.train.live.LiveRun`` (continue or create by key, the loss curve,
stop reasons, the live model's errors) and ``demos.common.live.LiveView`` (throttled frames, the stop
reason in the page's language), used by all five live views; a page load builds no live run."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from core.runtime.validation import InvalidInput
from core.train.live import FINISHED, PAUSED, REASONS, STEP, TIME_CAP, LiveRun, LiveSession

TABS = ("diffusion", "gan", "vae", "flows", "rectified_flow")  # the five live views


class Counter:
    """A trainer whose update takes ``delay`` seconds and reports loss ``loss``."""

    def __init__(self, delay: float = 0.0, loss: float = 1.0):
        self.iteration = self.updates = 0
        self.delay, self.loss = delay, loss

    def iterate(self):
        if self.delay:
            time.sleep(self.delay)
        self.iteration += 1
        self.updates += 1
        return self.loss

    def snapshot(self):
        return ("snapshot", self.iteration)


class Toy(LiveRun):
    """A live run on data ``name`` whose trainer is a ``Counter``."""

    def __init__(self, target, total: int, seed: int, delay: float = 0.0):
        self.target, self.total, self.seed = target, total, seed
        self.start(Counter(delay), self.key_of(target=target, seed=seed))

    @classmethod
    def check(cls, name, total, seed):
        if int(total) < 1:
            raise InvalidInput("training updates must be at least 1")
        return dict(target=SimpleNamespace(name=name, key="key-" + name), total=int(total), seed=int(seed))

    def preview(self):
        return self.model


# ---- the base class ------------------------------------------------------------------------------------

def test_continue_or_create_by_key_and_updates_left():
    live = Toy.continue_or_create(None, "moons", 10, 0)
    assert isinstance(live, Toy) and live.key == (("seed", 0), ("target", "key-moons"))
    assert Toy.continue_or_create(live, "moons", 20, 0) is live and live.total == 20  # same key: continued
    assert Toy.continue_or_create(live, "moons", 20, 1) is not live  # another seed: a fresh run
    assert Toy.continue_or_create(live, "rings", 20, 0) is not live  # other data: a fresh run
    assert Toy.continue_or_create("not a run", "moons", 20, 0) is not live
    live.session.step(20)
    assert Toy.continue_or_create(live, "moons", 20, 0) is not live  # no updates left: a fresh run
    assert Toy.continue_or_create(live, "moons", 30, 0) is live and live.remaining() == 10
    with pytest.raises(InvalidInput, match="training updates"):
        Toy.continue_or_create(live, "moons", 0, 0)


def test_record_skips_nan_and_snapshots_only_at_frames():
    live = Toy.continue_or_create(None, "moons", 10, 0)
    assert live.model == ("snapshot", 0) and live.steps == live.losses == []
    live.session.step(3)
    live.record(3, float("nan"))
    assert live.model == ("snapshot", 3) and live.steps == []  # the snapshot is taken, the NaN is not a point
    live.session.step(2)
    live.record(5, 0.5, snapshot=False)
    assert live.model == ("snapshot", 3) and live.steps == [5] and live.losses == [0.5]
    live.record(5, 0.25)
    assert live.model == ("snapshot", 5) and live.losses == [0.5, 0.25]


def test_stop_reasons_are_the_sessions():
    assert REASONS == (FINISHED, PAUSED, TIME_CAP, STEP) == ("finished", "paused", "time cap", "step")
    session = LiveSession(Counter(), interval=0.0)
    assert list(session.run(5))[-1].reason == FINISHED
    assert session.step(2).reason == STEP
    assert list(LiveSession(Counter(0.01), max_seconds=0.05).run(10_000))[-1].reason == TIME_CAP


def test_live_model_errors_name_the_data():
    target = SimpleNamespace(name="moons", key="key-moons")
    with pytest.raises(InvalidInput, match="No model has been trained live on 'moons' yet"):
        Toy.live_model(None, target)
    live = Toy.continue_or_create(None, "moons", 10, 0)
    assert Toy.live_model(live, target) == live.model
    with pytest.raises(InvalidInput, match="The live model was trained on 'moons', not 'rings'"):
        Toy.live_model(live, SimpleNamespace(name="rings", key="key-rings"))


def test_the_topics_are_one_class_family_with_distinct_names():
    from core.diffusion.live import LiveDiffusionPoints
    from core.flows.live import LiveDensityFlow
    from core.gan.sandbox import Sandbox
    from core.rectified_flow.live import LiveRectifiedFlow
    from core.vae.live import LiveVAE

    classes = (LiveDiffusionPoints, LiveDensityFlow, LiveRectifiedFlow, LiveVAE, Sandbox)
    assert all(issubclass(c, LiveRun) for c in classes)
    assert len({c.__name__ for c in classes}) == len(classes)


# ---- the view helper -----------------------------------------------------------------------------------

def test_reason_notes_in_both_languages(monkeypatch):
    from demos.common import i18n
    from demos.common.live import reason_note

    assert [reason_note(r) for r in ("", STEP)] == ["", ""]
    english = [reason_note(r) for r in (FINISHED, PAUSED, TIME_CAP)]
    assert english[:2] == ["finished", "paused"] and "time cap" in english[2]
    monkeypatch.setattr(i18n, "request_locale", lambda: "zh-CN")
    chinese = [reason_note(r) for r in (FINISHED, PAUSED, TIME_CAP)]
    assert chinese[:2] == ["已完成", "已暂停"] and all(not c.isascii() for c in chinese)
    with pytest.raises(ValueError, match="unknown stop reason"):
        reason_note("tired")


def test_frames_are_throttled_the_last_one_always_sent(monkeypatch):
    """A trainer far faster than the frame rate: at most one frame per ``frame_every()`` seconds (plus the
    first, at once, and the last), every event's loss still on the curve, and the last frame the final state."""
    from demos.common import live as L

    every = 0.2
    monkeypatch.setattr(L, "frame_every", lambda: every)
    view = L.LiveView("test", lambda live, frame: (time.perf_counter(), frame, live.run.iteration), lambda: ())
    live = Toy.continue_or_create(None, "moons", 10**9, 0)
    live.session = LiveSession(live.run, interval=0.005, max_seconds=1.5)  # an event every 5 ms for 1.5 s
    frames = list(view.train(live))
    first, *streamed = frames
    assert first[1].event is None  # the run on screen at once
    times = [f[0] for f in streamed]
    seconds = times[-1] - first[0]
    assert 3 <= len(streamed) <= seconds / every + 2, (len(streamed), seconds)
    gaps = [b - a for a, b in zip(times, times[1:-1])]  # between frames sent while running (the last one may follow at once)
    assert min(gaps) >= every * 0.95, gaps
    last = streamed[-1]
    assert last[1].event.done and last[1].event.reason == TIME_CAP and last[2] == live.run.iteration
    assert len(live.steps) > 3 * len(streamed)  # the events between frames extend the curve
    assert last[1].rate <= 1 / every + 1


def _handlers():
    """Each live view's train handler with a short run's arguments."""
    from demos.diffusion import tab as diffusion
    from demos.flows import tab as flows
    from demos.gan import tab as gan
    from demos.rectified_flow import tab as rectified_flow
    from demos.vae import tab as vae

    gan_settings = ("nonsaturating", "adam", 1e-3, 1e-3, 1, 10.0, 0.01, 32, 2, 16, 1, 0)
    return {
        "diffusion": (diffusion, lambda: diffusion.train_points(None, "moons", None, 100, 0)),
        "gan": (gan, lambda: gan.train(None, "moons", None, *gan_settings, 20)),
        "vae": (vae, lambda: vae.train_live(None, "moons", None, 1.0, 100, 0)),
        "flows": (flows, lambda: flows.train(None, "moons", None, "realnvp", 2, 100, 0)),
        "rectified_flow": (rectified_flow, lambda: rectified_flow.train_flow(None, "gaussian", "moons", None, None,
                                                                               "independent", 100, 0)),
    }


@pytest.mark.parametrize("tab", TABS)
def test_every_live_view_streams_through_the_helper_and_says_why_in_chinese(monkeypatch, tab):
    """The tab's train handler on a Chinese page: its frames come from ``LiveView.train`` (throttled, as the test
    above checks) and its last status ends with the reason in Chinese, not the English word."""
    from demos.common import i18n
    from demos.common import live as L

    module, train = _handlers()[tab]
    assert isinstance(module.LIVE, L.LiveView)
    used = []
    original = L.LiveView.train

    def spy(self, live, iterations=None):
        used.append(self.api)
        yield from original(self, live, iterations)

    monkeypatch.setattr(L.LiveView, "train", spy)
    monkeypatch.setattr(i18n, "request_locale", lambda: "zh-CN")
    *_, last = list(train())
    assert used == [module.LIVE.api]
    status = [v for v in last if isinstance(v, str)]
    assert len(status) == 1 and status[0].endswith("已完成") and "finished" not in status[0], status


# ---- a page load builds nothing ------------------------------------------------------------------------

def test_building_the_app_and_loading_the_page_builds_no_live_run(monkeypatch):
    """``app.build_app`` (with the five live views' tabs) and the live views' page-load functions: no ``LiveRun`` is made and the process's live
    registry gains no session."""
    from core.runtime.budget import live_registry

    made = []
    start = LiveRun.start

    def counting_start(self, run, key):  # every live run starts its trainer in its constructor
        made.append(type(self).__name__)
        start(self, run, key)

    monkeypatch.setattr(LiveRun, "start", counting_start)
    before = {id(s) for s in live_registry().sessions()}
    import app
    from demos.common.live import LiveView

    demo = app.build_app(tabs=tuple(f"demos.{tab}" for tab in TABS))  # the app with its live views' tabs
    views = {}
    for module, _ in _handlers().values():
        views[module.LIVE.empty] = module.LIVE
    assert len(views) == len(TABS) and all(isinstance(v, LiveView) for v in views.values())
    loaded = 0
    for view in demo.page_loads:  # every view's page-load fill (one load event runs them all)
        if view.fn in views:
            out = view.result("en")
            assert out is not None and len(out) == len(view.outputs)
            loaded += 1
    assert loaded == len(TABS)  # each live view's page load ran
    assert made == []
    assert {id(s) for s in live_registry().sessions()} <= before
    Toy(SimpleNamespace(name="moons", key="moons"), 10, 0)
    assert made == ["Toy"]  # the count sees a live run made
