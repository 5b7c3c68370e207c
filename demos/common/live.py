"""One live-training view for every tab: train / step / pause / reset / export wired once, frames
throttled, the stop reason in the page's language.

A tab makes one ``LiveView(api, draw, empty)`` per live view, where ``draw(live, frame)`` turns its
``core.train.live.LiveRun`` and a ``Frame`` into the view's outputs (the state last or first, as the tab
lays them out) and ``empty()`` is the view before anything is trained (no model built: a page load
shows it). Its handlers stay the tab's own (their parameters are the API's), each one line:

    def train_points(live, dataset, drawing, train_steps, seed):
        yield from LIVE.train(LiveDiffusionPoints.continue_or_create(live, dataset, drawing, train_steps, seed))

``connect`` then wires the buttons to the endpoints ``<api>_train``, ``<api>_pause``, ``<api>_step``,
``<api>_reset`` (and any other, e.g. ``rf_reflow``) and places the export button (``<api>_export``).

Frames: ``train`` sends at most one frame every ``frame_every()`` seconds (``FRAME_EVERY`` stretched by
the machine's load, so a browser sharing a busy machine draws each frame before the next comes) and
always the last one; the events between two frames only extend the loss curve (no snapshot, nothing
sent): the newest state wins, no backlog of stale frames builds up ahead of a pause.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from core.train.live import REASONS, STEP, LiveRun, TrainEvent
from demos.common import share
from demos.common.i18n import tr
from demos.common.widgets import CPU_HEAVY, LivePause, on_page_load

FRAME_EVERY = 0.5  # seconds between two frames of a live run on a quiet machine: the browser stays responsive


def frame_every() -> float:
    """Seconds between two frames now: ``FRAME_EVERY`` stretched by the machine's load per core."""
    return FRAME_EVERY * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def reason_note(reason: str) -> str:
    """Why a call stopped (``core.train.live.REASONS``), in the request's language; "" while running or after
    a step (its frame says so itself)."""
    if reason in ("", STEP):
        return ""
    if reason not in REASONS:
        raise ValueError(f"unknown stop reason {reason!r}; expected one of {REASONS}")
    return tr("common.reason_" + reason.replace(" ", "_"))


@dataclass(frozen=True)
class Frame:
    """What a view draws besides its run: the event shown, why the call stopped, and the frame's place."""

    event: TrainEvent | None = None  # None: the run as it is, before this call trained it
    note: str = ""  # ``reason_note`` of the event: "" while the call runs
    index: int = 0  # frames sent before this one in this call
    rate: float | None = None  # frames sent per second in this call (None outside a train call)


class LiveView:
    """One tab's live view: ``train`` / ``step`` stream its frames, ``pause`` holds its pause (a
    ``demos.common.widgets.LivePause``), ``connect`` wires its buttons and export."""

    def __init__(self, api: str, draw: Callable[[Any, Frame], tuple], empty: Callable[[], tuple]):
        self.api, self.draw, self.empty = api, draw, empty
        self.pause = LivePause(api)

    def __repr__(self) -> str:
        return f"LiveView({self.api!r})"

    def frame(self, live: LiveRun, ev: TrainEvent | None = None, index: int = 0, rate: float | None = None) -> tuple:
        """The view's outputs for ``live`` after ``ev``."""
        return self.draw(live, Frame(ev, reason_note(ev.reason) if ev is not None else "", index, rate))

    def train(self, live: LiveRun, iterations: int | None = None) -> Iterator[tuple]:
        """Train ``live`` for ``iterations`` (default: the updates it has left) on its session, streaming throttled
        frames. The first frame comes at once (the run is then in the visitor's state: pause reaches it from
        the first moment), the last one always."""
        yield self.frame(live)
        start = shown = time.perf_counter()
        frames, every = 0, frame_every()
        for ev in self.pause.run(live.session, live.remaining() if iterations is None else iterations):
            if ev.done or time.perf_counter() - shown >= every:
                live.record(ev.iteration, ev.loss, final=ev.done)
                frames += 1
                yield self.frame(live, ev, frames, frames / max(time.perf_counter() - start, 1e-9))
                shown, every = time.perf_counter(), frame_every()
            else:
                live.record(ev.iteration, ev.loss, snapshot=False)  # the curve keeps every point between frames

    def step(self, live: LiveRun, n: int | None = None) -> tuple:
        """``n`` updates (default: the run's ``config.step_updates``), then one frame."""
        ev = live.session.step(live.config.step_updates if n is None else n)
        live.record(ev.iteration, ev.loss, final=True)
        return self.frame(live, ev)

    def reset(self) -> tuple:
        """The empty view and no run in the state (a running call is cancelled by the event)."""
        return (*self.empty(), None)

    def controls(self, label: Callable[[str], Any]) -> tuple[dict[str, Any], Any]:
        """The train / pause / step / reset buttons in one row and the status line under them (``elem_id``
        ``<api>-train`` ... ``<api>-reset``, ``<api>-train-status``); ``label(name)`` gives each one's text for
        ``name`` in train, pause, step, reset, train_status. Returns (the buttons by name, the status)."""
        import gradio as gr

        with gr.Row():
            buttons = {name: gr.Button(label(name), elem_id=f"{self.api}-{name}", **style)
                       for name, style in (("train", dict(variant="primary")), ("pause", dict(variant="stop")),
                                           ("step", {}), ("reset", {}))}
        status = gr.Textbox(label=label("train_status"), interactive=False, elem_id=f"{self.api}-train-status",
                            lines=2)  # two lines: the status with its rate wraps on a phone
        return buttons, status

    def show_empty_on_load(self, outputs: Sequence[Any]) -> None:
        """The page opens on ``empty()`` in ``outputs`` (once per language: it builds no model)."""
        on_page_load(self.empty, outputs)

    def connect(self, state, outputs: Sequence[Any], buttons: dict[str, Any],
                handlers: dict[str, tuple[Callable, Sequence[Any]]], export: str):
        """Wire ``buttons["pause"]`` to the pause and ``buttons[name]`` to ``handlers[name] = (fn, inputs)`` into
        ``outputs``, each the endpoint ``<api>_<name>``: "train" and every other one in the shared CPU queue,
        "reset" cancelling a running train (at once when it takes no inputs; queued when it builds a run).
        Places the export button of ``state``'s model (``<api>_export``, ``<export>.zip``) here. Returns the
        train event (for other events to cancel)."""
        fn, inputs = handlers["train"]
        # no progress overlay on a live stream: its 10-a-second timer re-laid out the page between frames, and the
        # status line and the frames already show the progress
        train_ev = buttons["train"].click(fn, inputs, outputs, api_name=f"{self.api}_train", show_progress="hidden",
                                          **CPU_HEAVY)
        buttons["pause"].click(self.pause.click, [state], None, api_name=f"{self.api}_pause", queue=False)
        for name, (fn, inputs) in handlers.items():
            if name == "reset":
                queue = CPU_HEAVY if inputs else dict(queue=False)
                buttons[name].click(fn, inputs, outputs, api_name=f"{self.api}_reset", cancels=[train_ev], **queue)
            elif name != "train":
                buttons[name].click(fn, inputs, outputs, api_name=f"{self.api}_{name}", **CPU_HEAVY)
        share.export_button(state, f"{self.api}_export", export)
        return train_ev
