"""Widgets and event settings shared by the tabs.

- Concurrency: every CPU-heavy event passes ``**CPU_HEAVY``: one shared queue group, one slot per core.
- ``sketchpad``: the one drawing canvas every tab uses (black pen, fixed canvas, RGBA numpy value
  ``{"background", "layers", "composite"}``), read by ``core.data.drawings``.
- ``seed_box``: the seed field every tab uses; ``slider`` and ``number_box``: a control read from core's
  ``Spec`` (range, default, step), so a page shows what core accepts.
- ``on_page_load``: fill a view when the page opens, so no view is a grid of empty boxes; the result
  is computed once per language (the defaults are seeded, so it is the same for every visitor);
  ``install_page_load`` fills each view when it first comes into sight (the opened tabs on page load, the
  others when their tab is selected).
- ``LivePause``: a live-training view's pause button and training loop; a pause pressed any time after
  the train click holds, even while the train call still waits in the queue.
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from typing import Callable, Iterator, Sequence

import gradio as gr

from core.runtime.validation import SEED, Spec
from demos.common import gradio_patches
from demos.common.claims import claimed
from demos.common.i18n import request_locale

IMAGE_BUTTONS = ["download", "fullscreen"]  # a picture's corner icons (no share icon: it covered a third digit)
STRIP_BUTTONS: list[str] = []  # none over a one-row strip, where any icon hides whole frames on a phone
NARROW = 200  # a control's narrowest (px) in a row: on a phone each takes a row, its label on one line
WIDE = 240  # the same for long labels: a row wraps a pair at a time, never a label a word a line
# Result tables: long values wrap instead of being cut at the edge, and the table is as tall as its rows (Gradio's
# default 500 px box hid a table's last rows behind its own scroll bar on a phone, where values wrap to 3 lines).
TABLE = dict(interactive=False, wrap=True, max_height=4000)

# The app's style sheet (``app.launch_options``): gallery captions under the images instead of over their
# bottom, a "gallery-fit" gallery (height="auto") as tall as its images, equations scroll inside their box on phones.
CSS = """
.gallery-captions .thumbnail-item { aspect-ratio: auto; display: flex; flex-direction: column; overflow: visible; }
.gallery-captions .thumbnail-item img { aspect-ratio: 1 / 1; object-fit: contain; }
.gallery-captions .caption-label { position: static; max-width: 100%; opacity: 1; border: none; background: none;
  text-align: center; padding: 2px 0; white-space: normal; }
.gallery-captions .grid-container { grid-template-columns: repeat(4, minmax(0, 1fr)); }
.gallery-fit .grid-wrap.fixed-height { min-height: 0; }
.katex-display { overflow-x: auto; overflow-y: hidden; padding-bottom: 2px; }
.image-container > .icon-button-wrapper.top-panel { position: static; width: fit-content; margin: 0 0 4px auto; }
@media (max-width: 640px) { .katex-display { font-size: 0.8em; } }
"""
# A view's first screen: its controls in a left column and its first result in a right one, side by side on a
# desktop (the result starts beside the controls, inside the first screen) and stacked on a phone (a row wraps a
# column that has less than its ``min_width``): ``with gr.Row(**BESIDE): with gr.Column(**CONTROLS_COLUMN): ...``.
BESIDE = dict(equal_height=False, elem_classes=["controls-beside-result"])
CONTROLS_COLUMN = dict(scale=2, min_width=300)  # the left column: a view's controls and its run button
RESULT_COLUMN = dict(scale=3, min_width=340)  # the right column: the view's first result

# The shared group of CPU-heavy events: as many at once as there are cores (at least 2), so a short request
# runs beside a long one instead of waiting for it; each runs under a time budget (``demos.common.serving``).
CPU_HEAVY = dict(concurrency_id="cpu", concurrency_limit=max(2, os.cpu_count() or 1))


def sketchpad(label, side: int = 256, pen: int = 10, elem_id: str | None = None, **kwargs) -> gr.Sketchpad:
    """A square ``side``-pixel canvas with a black pen of ``pen`` pixels, ready to draw on first touch
    (``gradio_patches.brush_ready``), read by ``gradio_patches.read_composite_only`` (only the composite is
    decoded, after its header is checked)."""
    pad = gr.Sketchpad(canvas_size=(side, side), fixed_canvas=True, type="numpy", image_mode="RGBA", format="png",
                       brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=pen), label=label,
                       layers=False, elem_id=elem_id, **kwargs)  # one layer: no untranslated "Layer 1" menu
    return gradio_patches.brush_ready(gradio_patches.read_composite_only(pad))  # the first drag draws


def slider(spec: Spec, label, **kwargs) -> gr.Slider:
    """A slider over ``spec``'s visible range, at its default, moving by its step. The component keeps its
    ``spec`` (``tests/test_defaults.py`` checks the page against core)."""
    lo, hi = spec.visible
    component = gr.Slider(lo, hi, value=spec.default, step=spec.step, label=label, **kwargs)
    component.spec = spec
    return component


def number_box(spec: Spec, label, **kwargs) -> gr.Number:
    """A number field over ``spec``'s range at its default (whole numbers for a whole ``spec``)."""
    lo, hi = spec.visible
    component = gr.Number(spec.default, precision=0 if spec.whole else None, minimum=lo, maximum=hi, label=label,
                          **kwargs)
    component.spec = spec
    return component


UPDATES_STEP = 100  # the training-updates slider's step (the page's choice: core takes any whole count)


def updates_slider(config, default: int, label, **kwargs) -> gr.Slider:
    """A live view's training-updates slider: the range its run checks (``config``, a
    ``core.train.live.LiveConfig``), starting at ``default`` (the topic's live config's ``steps``)."""
    spec = Spec("training updates", config.min_updates, config.max_updates, default, UPDATES_STEP)
    return slider(spec, label, **kwargs)


def seed_box(label, spec: Spec = SEED, **kwargs) -> gr.Number:
    """A whole-number seed, 0 to ``MAX_SEED``, at ``spec``'s default (``core.runtime.validation.SEED``, or a
    request's own seed spec with another default)."""
    return number_box(spec, label, **kwargs)


class PageLoad:
    """One view's page-load fill (``on_page_load``): ``fn()`` into ``outputs``, kept once per language."""

    def __init__(self, fn: Callable[[], tuple], outputs: Sequence[gr.components.Component]):
        self.fn, self.outputs = fn, list(outputs)
        self.done: dict[str, tuple] = {}
        self.lock = threading.Lock()

    def result(self, locale: str) -> tuple:
        """``fn()``'s values for ``outputs`` on a page in ``locale`` (skips where a link's action writes them)."""
        if claimed(self.outputs):
            return tuple(gr.skip() for _ in self.outputs)
        with self.lock:  # visitors arriving together wait for one computation
            if locale not in self.done:
                self.done[locale] = _as_tuple(self.fn(), len(self.outputs))
            return self.done[locale]


def _as_tuple(values, n: int) -> tuple:
    """A view function's return value as one value per output (a lone output's value is returned bare)."""
    return (values,) if n == 1 else tuple(values)


_PAGE_LOADS: dict[int, list[PageLoad]] = {}  # per root Blocks (by id), the views filled when a page opens


def on_page_load(fn: Callable[[], tuple], outputs: Sequence[gr.components.Component]) -> None:
    """Run ``fn()`` (no inputs, the view's default settings) into ``outputs`` when the view first comes into
    sight, once per language (later visitors get the stored result). Nothing is computed while the page is
    built. Call inside the app's ``gr.Blocks``; ``install_page_load`` (once, after every tab) sends
    each view on page load for the tabs the page opens on, on a tab's select for the others. A page opened
    with a link to a view that writes these outputs (``demos.common.share``) leaves them to the link."""
    from gradio.context import Context

    _PAGE_LOADS.setdefault(id(Context.root_block), []).append(PageLoad(fn, outputs))


class _SentViews:
    """Per page (Gradio session), the page-load views already sent to it; the most recent ``sessions`` pages."""

    def __init__(self, sessions: int = 4096) -> None:
        self.lock, self.by_session, self.sessions = threading.Lock(), OrderedDict(), sessions

    def take(self, session: str | None, views: Sequence[int]) -> list[int]:
        """The ``views`` not yet sent to ``session``, now marked sent (all of them without a session)."""
        if session is None:
            return list(views)
        with self.lock:
            done = self.by_session.setdefault(session, set())
            self.by_session.move_to_end(session)
            while len(self.by_session) > self.sessions:
                self.by_session.popitem(last=False)
            new = [i for i in views if i not in done]
            done.update(new)
            return new


def _open_tab(tabs) -> gr.Tab | None:
    """The tab a ``gr.Tabs`` opens on: its ``selected`` one, else its first."""
    kids = [c for c in tabs.children if isinstance(c, gr.Tab)]
    chosen = next((k for k in kids if tabs.selected is not None and str(k.id) == str(tabs.selected)), None)
    return chosen or (kids[0] if kids else None)


def _in_sight(chain, opened: dict) -> bool:
    """Whether every tab of ``chain`` (``(Tabs, Tab)`` pairs) is the one open in its ``gr.Tabs``: ``opened``'s
    choice (by the ``gr.Tabs``' id), else the one it opens on."""
    return all((opened.get(tabs._id) or _open_tab(tabs)) is tab for tabs, tab in chain)


def _below(chain, tab) -> list:
    """The part of ``chain`` inside ``tab`` (``tab`` is on it)."""
    return chain[next(k for k, (_, t) in enumerate(chain) if t is tab) + 1:]


def install_page_load(top_tabs=None, links: Sequence = ()) -> None:
    """Fill each view (``on_page_load``) when it first comes into sight: the page's one load event fills the
    views of the tabs it opens on (its link's tabs, ``?tab=``, or each ``gr.Tabs``' first), and a tab's
    select event fills the views under it that the page has not been sent yet. Call once, inside the app's
    ``gr.Blocks``, after every tab; ``top_tabs``: the app's top-level ``gr.Tabs``; ``links``: its
    ``demos.common.share`` links (a page opened by one opens on its tabs).

    Why: the page takes each event's answer in a pass over its components, so one event per view (57 of
    them) cost a browser about 20 s of CPU, and one answer with every view (1.7 MB of figures) still
    about 5 s before the first plot showed. Views not yet computed in the visitor's language run side by
    side (one per core); a view that fails is logged and left empty, the others still fill."""
    import concurrent.futures
    import contextvars
    import logging

    from gradio.context import Context

    from demos.common.claims import TAB, VIEW, request_params, tab_chain

    root = Context.root_block
    loads = _PAGE_LOADS.pop(id(root), [])
    root.page_loads = loads  # the views filled when they come into sight (tests call them)
    seen: set[int] = set()
    for c in (c for view in loads for c in view.outputs):
        if c._id in seen:
            raise ValueError(f"component {c._id} ({type(c).__name__}) is filled by two page-load views")
        seen.add(c._id)
    if not loads:
        return
    chains = [tab_chain(view.outputs[0]) for view in loads]  # (Tabs, Tab) pairs, outermost first
    by_name = {lk.api_name: lk for lk in links}
    top = {str(tab.id): tab for tab in getattr(top_tabs, "children", []) if isinstance(tab, gr.Tab)}
    sent, workers = _SentViews(), max(2, os.cpu_count() or 1)

    def one(view: PageLoad, locale: str) -> tuple:
        try:
            return view.result(locale)
        except Exception:  # noqa: BLE001 (one view's failure must not leave the whole page empty)
            logging.getLogger("genlab").exception("page load of %s failed", getattr(view.fn, "__qualname__", "?"))
            return tuple(gr.skip() for _ in view.outputs)

    def fill(group: list[int], shown: list[int], request) -> tuple:
        """Values for every output of the views in ``group``: those of ``shown`` not yet sent to this page,
        skips for the rest."""
        locale = request_locale()
        todo = sent.take(getattr(request, "session_hash", None), shown)
        if len(todo) > 1:
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                futures = [pool.submit(contextvars.copy_context().run, one, loads[i], locale) for i in todo]
                values = dict(zip(todo, (f.result() for f in futures)))
        else:
            values = {i: one(loads[i], locale) for i in todo}
        out = tuple(v for i in group for v in values.get(i, [gr.skip()] * len(loads[i].outputs)))
        return out[0] if len(out) == 1 else out  # Gradio takes a lone output's value bare, not as a 1-tuple

    def opened() -> dict[int, gr.Tab]:
        """The tabs the page opens on, by their ``gr.Tabs``: its link's, or ``?tab=``'s (the rest: defaults)."""
        params = request_params()
        lk = by_name.get(params.get(VIEW, ""))
        if lk is not None:
            return {tabs._id: tab for tabs, tab in lk.tabs}
        tab = top.get(params.get(TAB, ""))
        return {top_tabs._id: tab} if tab is not None else {}

    everything = list(range(len(loads)))

    def load(request: gr.Request):
        choice = opened()
        return fill(everything, [i for i in everything if _in_sight(chains[i], choice)], request)

    root.load(load, None, [c for view in loads for c in view.outputs], api_name=False, show_progress="hidden",
              queue=True)
    for tab in dict.fromkeys(tab for chain in chains for _, tab in chain):
        group = [i for i in everything if any(t is tab for _, t in chains[i])]
        shown = [i for i in group if _in_sight(_below(chains[i], tab), {})]  # tabs inside it: as they open

        def select(request: gr.Request, group=group, shown=shown):
            return fill(group, shown, request)

        tab.select(select, None, [c for i in group for c in loads[i].outputs], api_name=False,
                   show_progress="hidden", queue=True)


WARM_LOCALES = ("en", "zh-CN")  # the languages whose views a served app computes ahead of its first visitors


class _WarmRequest:
    """What a view reads of a request while it is computed ahead of any visitor: its language, no link."""

    def __init__(self, locale: str):
        self.headers, self.query_params, self.session_hash = {"accept-language": locale}, {}, None


def warm_page_loads(root, locales: Sequence[str] = WARM_LOCALES) -> threading.Thread | None:
    """Compute every page-load view of ``root`` (``on_page_load``) in ``locales`` in one background thread, once
    the app serves: a visitor's first look at a tab then finds its result stored (``PageLoad.result``) instead of
    waiting for it (a samplers chart took 20 s). The views a tab opens on come first, in page order, English
    before Chinese; a visitor asking for a view being computed waits for that one computation (its lock). Runs one
    view at a time, so it takes one core of the two from visitors while it lasts. ``None`` when there is none."""
    import logging

    from gradio.context import LocalContext

    loads = list(getattr(root, "page_loads", None) or [])
    if not loads or not locales:
        return None
    from demos.common.claims import tab_chain

    first = [_in_sight(tab_chain(view.outputs[0])[1:], {}) for view in loads]  # shown when its top tab opens
    order = [view for _, view in sorted(enumerate(loads), key=lambda iv: (not first[iv[0]], iv[0]))]

    def run():
        start = time.perf_counter()
        for locale in locales:
            for view in order:
                token = LocalContext.request.set(_WarmRequest(locale))
                try:
                    view.result(locale)
                except Exception:  # noqa: BLE001 (a view that fails here fails again, logged, for its visitor)
                    logging.getLogger("genlab").exception("warming %s failed", getattr(view.fn, "__qualname__", "?"))
                finally:
                    LocalContext.request.reset(token)
        print(f"* Every view's first result is ready ({len(loads)} views, {', '.join(locales)}; "
              f"{time.perf_counter() - start:.0f} s)", flush=True)

    thread = threading.Thread(target=run, name="genlab-warm-views", daemon=True)
    thread.start()
    return thread


def pause_live(state) -> None:
    """The pause button of every live-training view (an event with ``queue=False``): end the running
    training call of the session's ``state`` after its current update. ``state`` is whatever the tab
    keeps in ``gr.State`` with a ``core.train.live.LiveSession`` as ``.session`` (or ``None``)."""
    session = getattr(state, "session", None)
    if session is not None:
        session.pause()


def queued_at() -> float:
    """When the event being served was queued (``time.monotonic()``): the moment its train button was
    pressed, or its API call arrived. Outside a queued event (a direct call), now."""
    from gradio.context import LocalContext

    blocks, event_id = LocalContext.blocks.get(None), LocalContext.event_id.get(None)
    queue = getattr(blocks, "_queue", None)
    event = getattr(queue, "event_ids_to_events", {}).get(event_id) if event_id else None
    return float(getattr(event, "enqueue_time", time.monotonic()))


def _visitor() -> str | None:
    """The session (browser tab or API client) of the request being served."""
    from gradio.context import LocalContext

    return getattr(LocalContext.request.get(None), "session_hash", None)


class LivePause:
    """One live-training view's pause, per visitor: ``click`` is the pause button (an event with
    ``queue=False``), ``run`` the training loop of its train handler.

    A pause is recorded with its time; a training call holds every pause pressed after it was queued.
    ``run`` arms the session (``LiveSession.request_run``) and applies such a pause before the first
    update, so a pause pressed while the train call waited in the queue ends it at once, with no
    training; one pressed while it runs (even before the view's state holds the new run) ends it after
    the current update. A pause pressed before the train click does not hold for it."""

    MAX_VISITORS = 4096  # pause times kept (the oldest visitors are forgotten first)

    def __init__(self, name: str):
        self.name = name  # the view, for the log and repr
        self._paused_at: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"LivePause({self.name!r})"

    def click(self, state) -> None:
        """The pause button: record the pause for this visitor and end the running call of ``state``."""
        visitor = _visitor()
        if visitor is not None:
            with self._lock:
                self._paused_at[visitor] = time.monotonic()
                self._paused_at.move_to_end(visitor)
                while len(self._paused_at) > self.MAX_VISITORS:
                    self._paused_at.popitem(last=False)
        pause_live(state)

    def paused_since(self, since: float) -> bool:
        """Whether this visitor pressed pause after ``since`` (``time.monotonic()``)."""
        visitor = _visitor()
        with self._lock:
            return visitor is not None and self._paused_at.get(visitor, -float("inf")) > since

    def run(self, session, iterations: int, **kwargs) -> Iterator:
        """``session.run(iterations, **kwargs)`` (a ``core.train.live.LiveSession``), holding a pause pressed
        since this call was queued."""
        since = queued_at()
        session.request_run()
        if self.paused_since(since):
            session.pause()
        for ev in session.run(iterations, **kwargs):
            yield ev
            if not ev.done and self.paused_since(since):
                session.pause()
