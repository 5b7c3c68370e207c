"""How the app protects itself while serving many users (``app.build_app`` and ``app.launch_options``
install it; every piece is idempotent; the pieces that replace Gradio's own code are in
``demos.common.gradio_patches``).

- ``Guard``: an ASGI middleware that refuses request bodies over ``MAX_BODY_BYTES`` (HTTP 413) and
  counts who listens: the event streams (``/call/<name>/<event_id>``, ``/queue/data``) and a
  browser's heartbeat. It starts ``watch`` on the server's event loop with the first request.
- ``watch``: every ``TICK`` seconds, a queued or running event that nobody has listened to for
  ``ORPHAN_SECONDS`` is dropped, exactly as Gradio drops the events of a client that disconnects
  (a generator stops at its next yield); it also closes idle live sessions
  (``core.runtime.budget.live_registry().sweep()``).
- ``drop_live_state``: the live-registry hook that removes a closed session's owner (the value of a
  ``gr.State`` whose ``.session`` it is) from its user's state, so its models are freed.
- ``atomic_cache_writes`` (``gradio_patches``): Gradio writes an output file to a folder named by the hash of its bytes
  with ``write_bytes`` (truncate, then write). Two requests with the same output write the same
  file, and one may serve it while the other has truncated it ("Too little data for declared
  Content-Length"). Here a file whose content already exists is not written again, and a new one
  is written to a temporary name and renamed into place (readers see all of it or none).
- ``SessionMessages`` (``gradio_patches``): Gradio keeps each session's outgoing messages in an LRU cache of 2000 sessions;
  with more anonymous clients than that (each raw API call is a new session) it could drop a session
  whose event was still queued, and the next message to it raised ``KeyError`` inside the queue's
  processing task, after which no queued call ran for anyone. This cache never drops a session with
  an event pending and gives a late message for a dropped session an empty queue instead of failing.
- ``SharedPage``: what every browser and every ``gradio_client`` reads first is slow to answer: Gradio deep-copies
  the whole app config (1.5 MB here) for ``GET /`` and ``GET /config`` in a worker thread (~0.15 s holding the
  GIL), and FastAPI turns the API description of ``GET /gradio_api/info`` (0.3 MB) into JSON with
  ``jsonable_encoder`` on the event loop itself (~0.15 s each, during which no request is answered: py-spy
  showed the loop there 70% of a burst). Forty clients connecting at once took 12 s and more, and gave up
  (``ReadTimeout`` after httpx's 5 s). Each answer depends only on the URL and the headers that name the
  public root, so it is computed once per such key (concurrent identical requests wait for the first) and
  replayed from memory after.
- ``lazy_session_config`` (``gradio_patches``): Gradio builds a ``SessionState`` for every new session (each
  ``gradio_client`` is one) inside the queue's join handler, on the event loop, and its constructor computes
  the config of every block of the app (``config_for_block``: ``inspect.signature`` per component, ~0.3 s
  here). A burst of forty new clients blocked the loop for 10 s and more (py-spy: 96% of the loop's time
  there) and their joins timed out. The per-session config is only read for deep links and updates, so each
  block's entry is now computed on first use, in the same order and from the same blocks as before.
- ``private_cache``: Gradio names an output file by its content and, when a server stops, deletes every
  file that server wrote; two servers on one machine sharing Gradio's cache folder (two instances, or a
  test's second server) delete each other's files while they are still shown. Each process gets its
  own subfolder of the cache, removed when the process exits.
- ``with_budget``: every queued event that takes inputs runs under a ``core.runtime.budget.request_budget``
  (the shared sampling and training loops stop a request that runs past it with an error naming the
  limit); page-load fills, which take no user settings, do not.
"""
from __future__ import annotations

import asyncio
import atexit
import functools
import inspect
import os
import shutil
import tempfile
import time
from collections import Counter, OrderedDict
from pathlib import Path
from urllib.parse import parse_qs

import gradio as gr

from core.data.drawings import MAX_UPLOAD_BYTES
from core.runtime.budget import MAX_STREAM_SECONDS, live_registry, request_budget
from demos.common import gradio_patches

MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 2**20  # largest request body: one image upload and its form fields
MAX_FILE_SIZE = MAX_UPLOAD_BYTES  # Gradio's upload limit (``launch(max_file_size=...)``)
ORPHAN_SECONDS = 0.75  # an event nobody listens to for this long is dropped
TICK = 0.25  # seconds between two checks of the queue
CACHE_SECONDS = 3600  # output and upload files older than this are deleted (``launch(delete_cache=...)``)

LISTENERS: Counter = Counter()  # open event streams and heartbeats, by event id or session hash
_WATCHERS: dict[int, asyncio.Task] = {}  # id(app) -> its watch task


def _listener_key(scope) -> str | None:
    path = scope.get("path", "")
    if "/gradio_api/" not in path or scope.get("method") != "GET":
        return None
    if "/heartbeat/" in path or "/queue/data" in path:
        if "/heartbeat/" in path:
            return path.rstrip("/").rsplit("/", 1)[-1]
        return (parse_qs(scope.get("query_string", b"").decode()).get("session_hash") or [None])[0]
    if "/call/" in path:
        parts = path.rstrip("/").split("/call/", 1)[1].split("/")
        return parts[-1] if len(parts) >= 2 else None
    return None


async def _refuse(send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: request-body limit, listener counts, and the queue watchdog (see the module)."""

    def __init__(self, app, max_body: int = MAX_BODY_BYTES):
        self.app, self.max_body = app, int(max_body)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        gradio_app = scope.get("app")
        if gradio_app is not None and id(gradio_app) not in _WATCHERS:
            _WATCHERS[id(gradio_app)] = asyncio.get_running_loop().create_task(watch(gradio_app))
        message_413 = f"The request body is too large: at most {self.max_body // 2**20} MB."
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return await _refuse(send, 413, message_413)
        received, too_large, refused = 0, False, False

        async def counted_receive():
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    too_large = True
                    raise ValueError("request body too large")
            return message

        async def guarded_send(message):  # a body found too large while read: the app's answer becomes a 413
            nonlocal refused
            if not too_large:
                return await send(message)
            if not refused:
                refused = True
                await _refuse(send, 413, message_413)

        key = _listener_key(scope)
        if key:
            LISTENERS[key] += 1
        try:
            await self.app(scope, counted_receive, guarded_send)
        except ValueError:
            if not too_large:
                raise
            if not refused:
                await _refuse(send, 413, message_413)
        finally:
            if key:
                LISTENERS[key] -= 1
                if LISTENERS[key] <= 0:
                    del LISTENERS[key]


SHARED_PATHS = ("/", "/config", "/gradio_api/info")  # GET answers alike for every visitor (no auth in this app)
ROOT_HEADERS = (b"host", b"x-forwarded-host", b"x-forwarded-proto", b"x-gradio-server")  # what the root URL reads


class SharedPage:
    """ASGI middleware: ``SHARED_PATHS`` computed once per URL and root headers, then served from memory (see
    the module). Only a 200 answer without cookies is kept; an app with authentication is passed through."""

    def __init__(self, app, max_entries: int = 8):
        self.app, self.max_entries = app, max_entries
        self.kept: OrderedDict = OrderedDict()  # key -> (start message, body): at most max_entries (~2 MB each)
        self.locks: dict = {}  # key -> the lock of its first computation, while one runs

    async def __call__(self, scope, receive, send):
        gradio_app = scope.get("app")
        get_blocks = getattr(gradio_app, "get_blocks", None)
        if (scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") not in SHARED_PATHS
                or get_blocks is None or getattr(gradio_app, "auth", None)
                or getattr(gradio_app, "auth_dependency", None)):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        key = (scope["path"], scope.get("query_string", b""), scope.get("scheme"), scope.get("root_path"),
               id(get_blocks().config), *(headers.get(h) for h in ROOT_HEADERS))
        lock = self.locks.setdefault(key, asyncio.Lock())
        async with lock:
            answer = self.kept.get(key)
            if answer is None:
                messages = []

                async def capture(message):
                    messages.append(message)
                await self.app(scope, receive, capture)
                start = next((m for m in messages if m["type"] == "http.response.start"), None)
                body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
                answer = (start, body)
                if start and start["status"] == 200 and all(k != b"set-cookie" for k, _ in start.get("headers", [])):
                    self.kept[key] = answer
                    while len(self.kept) > self.max_entries:
                        self.kept.popitem(last=False)
            else:
                self.kept.move_to_end(key)
        if self.locks.get(key) is lock and not lock.locked():
            del self.locks[key]
        start, body = answer  # sent outside the lock: a slow reader delays nobody else
        if start is not None:
            await send(start)
            await send({"type": "http.response.body", "body": body})


def _events(queue):
    for job in list(queue.active_jobs):
        for event in job or ():
            yield event
    for event_queue in list(queue.event_queue_per_concurrency_id.values()):
        yield from list(event_queue.queue)


async def watch(gradio_app) -> None:
    """Drop events nobody listens to, and close idle live sessions, every ``TICK`` seconds."""
    orphan_since: dict[str, float] = {}
    while True:
        await asyncio.sleep(TICK)
        try:
            blocks = gradio_app.get_blocks()
            queue = blocks._queue
            now = time.monotonic()
            seen = set()
            for event in _events(queue):
                seen.add(event._id)
                if LISTENERS.get(event._id) or LISTENERS.get(event.session_hash) or not event.alive:
                    orphan_since.pop(event._id, None)
                    continue
                if now - orphan_since.setdefault(event._id, now) >= ORPHAN_SECONDS:
                    orphan_since.pop(event._id, None)
                    event.alive = False
                    await queue.clean_events(event_id=event._id)
            for gone in set(orphan_since) - seen:
                orphan_since.pop(gone, None)
            await asyncio.get_running_loop().run_in_executor(None, live_registry().sweep)
        except asyncio.CancelledError:
            raise
        except Exception:  # the watchdog must outlive any odd state of the queue
            pass


def drop_live_state(demo: gr.Blocks):
    """The live-registry hook for ``demo``: remove a closed session's owner from its user's state."""
    def hook(session) -> None:
        holder = getattr(demo, "state_holder", None)
        if holder is None:
            return
        for state in list(holder.session_data.values()):
            for key, value in list(state.state_data.items()):
                if value is session or getattr(value, "session", None) is session:
                    state.state_data.pop(key, None)
    return hook


def with_budget(fn):
    """``fn`` run under the request budget: ``MAX_REQUEST_SECONDS`` for a function, ``MAX_STREAM_SECONDS``
    from its start for a generator (each item computed under the same deadline)."""
    if inspect.isasyncgenfunction(fn) or inspect.iscoroutinefunction(fn) or getattr(fn, "_genlab_budget", False):
        return fn
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            deadline = time.monotonic() + MAX_STREAM_SECONDS
            items = fn(*args, **kwargs)
            while True:
                with request_budget(MAX_STREAM_SECONDS, deadline):
                    try:
                        item = next(items)
                    except StopIteration:
                        return
                yield item
        gen_wrapper._genlab_budget = True
        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with request_budget():
            return fn(*args, **kwargs)
    wrapper._genlab_budget = True
    return wrapper


def private_cache() -> Path:
    """This process's own folder for Gradio's cached files, ``<cache>/genlab-<pid>``, where ``<cache>`` is
    ``GRADIO_TEMP_DIR`` as the process was started with it (or Gradio's default). Sets ``GRADIO_TEMP_DIR``,
    which Gradio reads when a block is built: call it before building the Blocks. Idempotent."""
    base = os.environ.get("GENLAB_CACHE_BASE") or os.environ.get("GRADIO_TEMP_DIR") or str(
        Path(tempfile.gettempdir()) / "gradio")
    own = Path(base) / f"genlab-{os.getpid()}"
    if os.environ.get("GRADIO_TEMP_DIR") != str(own):
        os.environ["GENLAB_CACHE_BASE"] = base  # a child process makes its own folder beside this one
        os.environ["GRADIO_TEMP_DIR"] = str(own)
        atexit.register(shutil.rmtree, own, True)
    return own


def install(demo: gr.Blocks) -> None:
    """Everything above that is set up on the Blocks (after ``demo.queue()``; the Gradio side of each in
    ``demos.common.gradio_patches``): budgets on queued handlers, atomic output files, the queue's session
    cache, sessions' block configs computed on first use, output and upload files deleted after
    ``CACHE_SECONDS``, and the live-registry hook."""
    gradio_patches.atomic_cache_writes()
    gradio_patches.lazy_session_config()
    gradio_patches.guard_queue(demo)
    gradio_patches.delete_cache(demo, CACHE_SECONDS // 4, CACHE_SECONDS)
    gradio_patches.wrap_handlers(demo, with_budget, only=lambda block_fn: block_fn.queue is not False and bool(
        block_fn.inputs))  # queued events with user settings
    live_registry().add_hook(drop_live_state(demo))


def launch_limits() -> dict:
    """``launch()`` arguments that cap what users can send and what stays on disk."""
    from starlette.middleware import Middleware

    return dict(max_file_size=MAX_FILE_SIZE, app_kwargs={"middleware": [Middleware(Guard), Middleware(SharedPage)]})
