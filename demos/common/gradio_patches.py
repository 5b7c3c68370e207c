"""Every change this app makes to Gradio's own code, in one place, and the check that the installed Gradio is
the one they were written against.

Each patch below relies on a Gradio internal (named in its docstring) that may change without notice
between versions; ``check_gradio_version``, called first by ``app.build_app``, refuses to start with any
other Gradio than ``GRADIO_VERSION`` (the version ``requirements.txt`` pins; a test keeps the two equal).
After an upgrade, re-read each internal named here, then change the pin and ``GRADIO_VERSION`` together.

What the patches do lives in ``demos.common.errors`` (the checks and messages) and
``demos.common.serving`` (budgets, the listener watchdog); here is only how it is wired into Gradio.
Every patch is idempotent.

- ``quiet_expected_errors``: Gradio's queue and routes print a ``gr.Error`` (an expected bad input) as one
  log line instead of a traceback.
- ``guard_inputs``: raw request values are checked against their components before Gradio reads them (in
  the request's language), images in a drawing by their header, and a choice of whole numbers is
  advertised as integers.
- ``wrap_handlers``: the one way a handler is wrapped (``guard_app``: every handler reports core's
  ``InvalidInput`` as the user's ``gr.Error``; ``serving.install``: queued handlers run under a budget).
- ``atomic_cache_writes``, ``guard_queue``, ``delete_cache``: output files written once and atomically, a
  session cache that never drops a session with an event pending, Gradio's cache cleaner.
- ``read_composite_only``: a Sketchpad decodes only its composite, after its header is checked.
- ``lazy_session_config``: a new session's per-block configs computed on first use, not all at once inside the
  queue's join on the event loop.
- ``brush_ready``: every drawing canvas opens (and reopens after Clear) with its brush selected.
"""
from __future__ import annotations

import functools
import inspect
import os
import sys
import tempfile
import traceback
import types
from asyncio import Queue as AsyncQueue
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import gradio as gr

from core.runtime import validation
from core.runtime.validation import InvalidInput
from demos.common import errors

GRADIO_VERSION = "6.31.0"  # the Gradio these patches were written against (requirements.txt pins it)


def check_gradio_version(installed: str | None = None) -> None:
    """Raise ``RuntimeError`` at once unless the installed Gradio (``gradio.__version__``) is ``GRADIO_VERSION``."""
    installed = gr.__version__ if installed is None else installed
    if installed != GRADIO_VERSION:
        raise RuntimeError(f"GenLab needs gradio=={GRADIO_VERSION} (pinned in requirements.txt; demos/common/"
                           f"gradio_patches.py patches its internals), but gradio {installed} is installed: "
                           f"pip install gradio=={GRADIO_VERSION}")


# ---- expected errors: one log line ----------------------------------------------------------------------

class _QuietTraceback:
    """Gradio's ``traceback`` module as seen by its queue and routes: ``print_exc()`` logs one line for a
    ``gr.Error`` (an expected bad input) and the full traceback for anything else."""

    def __getattr__(self, name):
        return getattr(traceback, name)

    @staticmethod
    def print_exc(*args, **kwargs):
        error = sys.exc_info()[1]
        if isinstance(error, gr.Error):
            errors.log_expected(str(getattr(error, "message", error)))
            return
        traceback.print_exc(*args, **kwargs)


def quiet_expected_errors() -> None:
    """Make Gradio's queue and routes log a ``gr.Error`` as one line instead of a traceback. Relies on
    ``gradio.queueing`` and ``gradio.routes`` calling ``traceback.print_exc()`` through their module-level
    ``traceback`` name when a handler raises."""
    import gradio.queueing
    import gradio.routes

    for module in (gradio.queueing, gradio.routes):
        if getattr(module, "traceback", None) is traceback:
            module.traceback = _QuietTraceback()


# ---- raw request values ---------------------------------------------------------------------------------

def _guarded_preprocess_data(original):
    """``Blocks.preprocess_data(self, block_fn, inputs, state, explicit_call)``, with each raw input checked
    first (``errors.checked_inputs``) and a component that still fails to read its value named
    (``errors.unreadable``: Gradio's message names the input's index, ``"at index N"``)."""
    @functools.wraps(original)
    async def preprocess_data(self, block_fn, inputs, state, explicit_call=False):
        if not block_fn.preprocess:
            return await original(self, block_fn, inputs, state, explicit_call)
        try:
            inputs = errors.checked_inputs(block_fn, inputs)
            return await original(self, block_fn, inputs, state, explicit_call)
        except InvalidInput as e:
            raise errors.user_error(e) from None
        except gr.Error:
            raise
        except Exception as e:  # noqa: BLE001  a component that could not read its value
            errors.LOG.warning("unreadable input: %s", str(e).splitlines()[0][:200] if str(e) else type(e).__name__)
            raise errors.user_error(errors.unreadable(block_fn, e)) from None
    preprocess_data._genlab_guard = True
    return preprocess_data


def _request_while_preprocessing(original):
    """``Blocks.process_api(self, block_fn, inputs, state, request, ...)`` with ``LocalContext.request`` set to
    the request from the start: Gradio sets it only around the handler's call, so the input checks (run
    during ``preprocess_data``) would not know the request's language and named the input in English."""
    from gradio.context import LocalContext

    signature = inspect.signature(original)

    @functools.wraps(original)
    async def process_api(*args, **kwargs):
        request = signature.bind(*args, **kwargs).arguments.get("request")
        token = LocalContext.request.set(request[0] if isinstance(request, list) and request else request)
        try:
            return await original(*args, **kwargs)
        finally:
            LocalContext.request.reset(token)
    process_api._genlab_guard = True
    return process_api


def _guarded_editor_preprocess(original):
    """``ImageEditor.preprocess(self, payload)``, with every image file of the payload (``payload.background``,
    ``.composite``, ``.layers``: ``FileData`` with a ``.path``) checked from its header before Gradio decodes it."""
    @functools.wraps(original)
    def preprocess(self, payload):
        if payload is not None:
            from core.data.drawings import MAX_SIDE, MAX_UPLOAD_BYTES

            try:
                for part in [payload.background, payload.composite, *(payload.layers or [])]:
                    path = getattr(part, "path", None)
                    if path:
                        validation.check_image_file(path, MAX_SIDE, MAX_UPLOAD_BYTES)
            except InvalidInput as e:  # a gr.Error passes Gradio's preprocessing as it is
                raise errors.user_error(e) from None
        return original(self, payload)
    preprocess._genlab_guard = True
    return preprocess


def _integer_choices_api_info(original):
    """``Dropdown.api_info``/``Radio.api_info``: a choice of whole numbers is advertised as those integers
    (``Literal[0] | Literal[1]``), not as the strings Gradio's ``enum`` schema makes the client show. Relies
    on ``self.choices`` being ``(label, value)`` pairs and on the schema's ``type``/``enum``/``items`` keys."""
    @functools.wraps(original)
    def api_info(self):
        info = original(self)
        values = [v for _, v in getattr(self, "choices", None) or []]
        if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return info
        one_of = {"oneOf": [{"type": "integer", "const": v} for v in values]}
        if isinstance(info.get("items"), dict):
            return {**info, "items": one_of}
        return {**{k: v for k, v in info.items() if k not in ("type", "enum")}, **one_of}
    api_info._genlab_guard = True
    return api_info


def guard_inputs() -> None:
    """Install the wrappers above on ``gradio.blocks.Blocks.preprocess_data`` and ``.process_api``,
    ``gr.ImageEditor.preprocess`` and ``gr.Dropdown.api_info``/``gr.Radio.api_info`` (class attributes: every
    app in the process)."""
    from gradio.blocks import Blocks

    if not getattr(Blocks.preprocess_data, "_genlab_guard", False):
        Blocks.preprocess_data = _guarded_preprocess_data(Blocks.preprocess_data)
    if not getattr(Blocks.process_api, "_genlab_guard", False):
        Blocks.process_api = _request_while_preprocessing(Blocks.process_api)
    if not getattr(gr.ImageEditor.preprocess, "_genlab_guard", False):
        gr.ImageEditor.preprocess = _guarded_editor_preprocess(gr.ImageEditor.preprocess)
    for cls in (gr.Dropdown, gr.Radio):
        if not getattr(cls.api_info, "_genlab_guard", False):
            cls.api_info = _integer_choices_api_info(cls.api_info)


def read_composite_only(pad: gr.Sketchpad) -> gr.Sketchpad:
    """Give ``pad`` (on the instance) a preprocessing that hands the handler ``{"background": None, "layers":
    [], "composite": RGBA array}``, decoded by the one checked parser (``core.data.drawings.load_upload``:
    file size and header size first). Gradio's own preprocessing decodes the background, every layer and the
    composite before any check, so a small PNG declaring 13000x13000 pixels would cost gigabytes. Relies on
    ``ImageEditor.preprocess(payload)`` with ``payload.id`` naming blobs the canvas sent ahead in
    ``pad.blob_storage``, and ``payload.composite`` as bytes or a ``FileData`` with ``.path``. (On the
    instance: a subclass of a Gradio component would make Gradio write a ``.pyi`` stub beside this module.)"""
    from core.data.drawings import load_upload

    def preprocess(self, payload):
        if payload is None:
            return None
        data = payload
        if payload.id is not None:  # the canvas sent its images as blobs ahead of the request
            data = self.blob_storage.pop(payload.id, None)
        composite = getattr(data, "composite", None)
        if composite is None:
            return {"background": None, "layers": [], "composite": None}
        source = composite if isinstance(composite, (bytes, bytearray, memoryview)) else composite.path
        try:
            image = load_upload(source)
        except InvalidInput as e:
            raise errors.user_error(e) from None
        return {"background": None, "layers": [], "composite": image}

    pad.preprocess = types.MethodType(preprocess, pad)
    return pad


# ---- handlers ---------------------------------------------------------------------------------------------

def wrap_handlers(blocks: gr.Blocks, wrapper: Callable[[Callable], Callable],
                  only: Callable[[object], bool] | None = None) -> None:
    """Replace each event handler of ``blocks`` by ``wrapper(handler)`` (for the events ``only(block_fn)``
    accepts, when given). Relies on ``Blocks.fns``: ``{id: BlockFunction}``, whose ``.fn`` Gradio calls
    for each event (and inspects for generators: a wrapper keeps the handler's kind)."""
    for block_fn in blocks.fns.values():
        if block_fn.fn is not None and (only is None or only(block_fn)):
            block_fn.fn = wrapper(block_fn.fn)


def guard_app(blocks: gr.Blocks) -> None:
    """Every endpoint of ``blocks`` reports a bad input by name: raw values checked (``guard_inputs``), and
    every handler wrapped in ``errors.reports_errors``; call once, after the tabs are built."""
    guard_inputs()
    wrap_handlers(blocks, errors.reports_errors)


# ---- output files and the queue ---------------------------------------------------------------------------

def _write_once(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` unless it holds exactly that already; atomically (temp file + rename)."""
    if path.is_file() and path.stat().st_size == len(data):
        return  # the folder is named by the hash of these bytes: same size, same content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def atomic_cache_writes() -> None:
    """Make Gradio's output-file writes immutable-once-written (see ``demos.common.serving``): replaces
    ``gradio.processing_utils.save_pil_to_cache`` and ``save_bytes_to_cache`` (the same signatures, the same
    ``<cache>/<hash of the bytes>/<name>`` layout, built from ``encode_pil_to_bytes``, ``hash_bytes`` and
    ``detect_audio_format``)."""
    from gradio import processing_utils as pu

    if getattr(pu.save_pil_to_cache, "_genlab_atomic", False):
        return

    def save_pil_to_cache(img, cache_dir: str, name: str = "image", format: str = "webp") -> str:
        data = pu.encode_pil_to_bytes(img, format)
        folder = Path(cache_dir) / pu.hash_bytes(data)
        folder.mkdir(exist_ok=True, parents=True)
        path = (folder / f"{name}.{format}").resolve()
        _write_once(path, data)
        return str(path)

    def save_bytes_to_cache(data: bytes, file_name: str, cache_dir: str) -> str:
        folder = Path(cache_dir) / pu.hash_bytes(data)
        folder.mkdir(exist_ok=True, parents=True)
        if not Path(file_name).suffix:
            file_name = file_name + pu.detect_audio_format(data)
        path = (folder / Path(file_name).name).resolve()
        _write_once(path, data)
        return str(path)

    save_pil_to_cache._genlab_atomic = True
    pu.save_pil_to_cache, pu.save_bytes_to_cache = save_pil_to_cache, save_bytes_to_cache


class SessionMessages(OrderedDict):
    """Per-session message queues for Gradio's queue: least recently used first, at most ``max_size``
    sessions, but a session with an event still pending (``queue.pending_event_ids_session``) is never
    dropped, and reading a dropped session's queue gives a new empty one (see ``demos.common.serving``)."""

    def __init__(self, queue, max_size: int = 2000, items=()):
        super().__init__(items)
        self.queue, self.max_size = queue, max_size

    def __setitem__(self, key, value) -> None:
        if key not in self and len(self) >= self.max_size:
            pending = self.queue.pending_event_ids_session
            idle = next((k for k in self if not pending.get(k)), None)
            if idle is not None:
                del self[idle]
        super().__setitem__(key, value)
        self.move_to_end(key)

    def __missing__(self, key):
        messages = AsyncQueue()
        self[key] = messages
        return messages


def guard_queue(demo: gr.Blocks) -> None:
    """Put ``SessionMessages`` in place of the queue's session cache (after ``demo.queue()``). Relies on
    ``demo._queue.pending_messages_per_session`` (an LRU cache with ``max_size`` and ``items()``) and
    ``demo._queue.pending_event_ids_session``."""
    queue = demo._queue
    if not isinstance(queue.pending_messages_per_session, SessionMessages):
        old = queue.pending_messages_per_session
        queue.pending_messages_per_session = SessionMessages(queue, getattr(old, "max_size", 2000), old.items())


class LazyConfigValues(dict):
    """``SessionState.config_values``: a block's config is computed when first read; iterating computes the rest,
    in the block order Gradio's eager dict had (see ``lazy_session_config``)."""

    def __init__(self, blocks_config, ids):
        super().__init__()
        self._blocks_config, self._ids, self._complete = blocks_config, list(ids), False
        self._id_set = set(self._ids)

    def _block_config(self, key):
        return self._blocks_config.config_for_block(key, [], self._blocks_config.blocks[key])

    def __missing__(self, key):
        if self._complete or key not in self._id_set:
            raise KeyError(key)
        value = self[key] = self._block_config(key)
        return value

    def __contains__(self, key) -> bool:
        return super().__contains__(key) or (not self._complete and key in self._id_set)

    def complete(self) -> "LazyConfigValues":
        if not self._complete:
            known = dict(super().items())
            ordered = {k: known.pop(k) if k in known else self._block_config(k) for k in self._ids}
            super().clear()
            super().update({**ordered, **known})
            self._complete = True
        return self

    def __iter__(self):
        return super(LazyConfigValues, self.complete()).__iter__()

    def __len__(self) -> int:
        return super(LazyConfigValues, self.complete()).__len__()

    def keys(self):
        return super(LazyConfigValues, self.complete()).keys()

    def values(self):
        return super(LazyConfigValues, self.complete()).values()

    def items(self):
        return super(LazyConfigValues, self.complete()).items()

    def get(self, key, default=None):
        return self[key] if key in self else default


def lazy_session_config() -> None:
    """A new ``SessionState`` computes its blocks' configs on first use, not at once (``demos.common.serving``
    says why). Relies on ``gradio.state_holder.SessionState.__init__`` (its attributes, rebuilt here as Gradio
    6.31 sets them) and ``BlocksConfig.config_for_block``."""
    from copy import copy

    from gradio.state_holder import SessionState

    if getattr(SessionState, "_genlab_lazy", False):
        return

    def __init__(self, blocks) -> None:  # Gradio's constructor, with config_values lazy
        self.blocks_config = copy(blocks.default_config)
        self.config_values = LazyConfigValues(self.blocks_config, [k for k in self.blocks_config.blocks
                                                                   if k in blocks.blocks])
        self.state_data, self._state_ttl, self.is_closed = {}, {}, False
        self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600  # as Gradio's

    SessionState.__init__, SessionState._genlab_lazy = __init__, True


def delete_cache(demo: gr.Blocks, every: int, older_than: int) -> None:
    """Gradio's cache cleaner: delete output and upload files older than ``older_than`` seconds, every
    ``every`` seconds. Relies on ``Blocks.delete_cache``, which ``launch(delete_cache=...)`` would set."""
    demo.delete_cache = (every, older_than)



# Gradio 6.31's ImageEditor opens on its "image" tool with an overlay saying "select the draw tool to start" (in
# English on every page: no translation of ``image_editor.select_draw_tool`` in zh-CN) that takes the first drag.
# In the page: whenever an editor shows that overlay (``.image-container .empty.wrap``) and has a toolbar
# (``.toolbar-wrap``: its first button is the brush), the brush is pressed; the overlay goes with it.
BRUSH_READY_JS = """() => {
    if (window.genlabBrushReady) return;
    window.genlabBrushReady = true;
    const press = () => document.querySelectorAll('.image-container').forEach(ed => {
        const brush = ed.querySelector('.toolbar-wrap .half-container button');
        if (brush && ed.querySelector(':scope > .empty.wrap')) brush.click();
    });
    new MutationObserver(press).observe(document.body, {childList: true, subtree: true});
    press();
}"""


def brush_ready(pad: gr.ImageEditor) -> gr.ImageEditor:
    """Have every canvas of the page containing ``pad`` start with its brush selected: the first drag draws
    (``BRUSH_READY_JS``, run once when the page loads). Relies on the ImageEditor's DOM in Gradio 6.31 (the
    overlay ``.empty.wrap`` shown while the "image" tool is on; the brush first in ``.toolbar-wrap``) and on
    ``Blocks.load`` accepting a JavaScript-only event. Call inside the app's ``gr.Blocks``."""
    from gradio.context import Context

    root = Context.root_block
    if root is not None and not getattr(root, "_genlab_brush_ready", False):
        root.load(None, None, None, js=BRUSH_READY_JS, api_name=False, queue=False)
        root._genlab_brush_ready = True
    return pad
