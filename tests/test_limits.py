"""Resource limits of the served app: drawings are checked before they are decoded, uploads and
request bodies are capped, identical concurrent outputs never collide."""
from __future__ import annotations

import struct
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import gradio as gr
import numpy as np
import pytest
from PIL import Image

from core.data.drawings import MAX_SIDE, as_rgba, load_upload
from core.runtime.validation import InvalidInput

pytestmark = pytest.mark.api

BOMB_SIDE = 13000  # a single-colour PNG of this side is ~0.5 MB on disk and 676 MB as RGBA pixels


def bomb_png(path, side: int = BOMB_SIDE) -> None:
    """A white ``side`` x ``side`` greyscale PNG written row by row (never held in memory whole)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    z, row, parts = zlib.compressobj(9), b"\0" + b"\xff" * side, []
    for _ in range(side):
        parts.append(z.compress(row))
    parts.append(z.flush())
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b""))


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


class PeakRss:
    """The largest resident-memory growth of this process (the app runs in it) while the block runs."""

    def __enter__(self):
        self.base, self.peak, self._stop = _rss(), _rss(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.growth = self.peak - self.base


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("limits") / "bomb.png"
    bomb_png(path)
    return path


def test_parser_reads_the_header_before_decoding(bomb):
    with PeakRss() as mem, pytest.raises(InvalidInput, match=f"too large.*at most {MAX_SIDE} pixels a side"):
        load_upload(bomb)
    assert mem.growth < 50 * 2**20
    with pytest.raises(InvalidInput, match="too large"):
        as_rgba({"composite": bomb.read_bytes(), "layers": [np.zeros((5000, 5000, 4), np.uint8)]})


def test_bomb_drawing_is_refused_without_decoding(client, bomb):
    """A 13000x13000 PNG as the Sketchpad's background, layers and composite: the error names the size limit,
    and the server's memory grows by far less than the 676 MB the pixels would take."""
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    client.predict(None, "stroke", api_name="/controlnet_condition")  # warm the route
    sketch = {"background": handle_file(str(bomb)), "layers": [handle_file(str(bomb))] * 3,
              "composite": handle_file(str(bomb))}
    with PeakRss() as mem, pytest.raises(AppError, match=f"at most {MAX_SIDE} pixels a side"):
        client.predict(sketch, "stroke", api_name="/controlnet_condition")
    assert mem.growth < 150 * 2**20, f"server memory grew {mem.growth / 2**20:.0f} MB"


def test_layers_are_never_decoded(client, tmp_path):
    """Unused layers cost nothing: a valid composite with large layers is read from the composite alone."""
    from gradio_client import handle_file

    from core.controlnet.drawing import render_example

    small, big = tmp_path / "seven.png", tmp_path / "big.png"
    Image.fromarray(render_example("7")).save(small)
    Image.new("RGBA", (MAX_SIDE, MAX_SIDE), (255, 255, 255, 255)).save(big)
    sketch = {"background": handle_file(str(big)), "layers": [handle_file(str(big))] * 4,
              "composite": handle_file(str(small))}
    client.predict(sketch, "stroke", api_name="/controlnet_condition")  # uploads cached, warm
    with PeakRss() as mem:
        assert client.predict(sketch, "stroke", api_name="/controlnet_condition") is not None
    assert mem.growth < 40 * 2**20, f"server memory grew {mem.growth / 2**20:.0f} MB"


# --- per-session memory: live sessions are bounded and freed -------------------------------------------------

class _Session:
    running = False


def test_live_registry_keeps_at_most_capacity_and_closes_idle_sessions():
    from core.runtime.budget import LiveRegistry

    reg, closed = LiveRegistry(capacity=2, idle_seconds=60), []
    reg.add_hook(closed.append)
    a, b, c = _Session(), _Session(), _Session()
    for s in (a, b, c):
        reg.touch(s)
    assert reg.sessions() == [b, c] and closed == [a]
    reg.touch(b)  # b is now the most recently used: c goes next
    assert reg.sweep(time.monotonic() + 61) == 2 and reg.sessions() == [] and closed == [a, c, b]


def test_live_sessions_beyond_capacity_are_freed(client, app_url):
    """Fresh clients each training a live model: beyond the registry's capacity the least recently used
    sessions are closed and dropped from their users' state, so their models are garbage."""
    import gc

    from gradio_client import Client

    from core.runtime.budget import live_registry
    from core.train.live import LiveSession

    reg = live_registry()
    old = reg.capacity
    reg.capacity = 2
    try:
        for _ in range(4):
            Client(app_url, verbose=False).predict("moons", None, 200, 0, api_name="/diffusion_step")
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, LiveSession)]
        assert len(alive) <= 2, f"{len(alive)} live sessions kept"
    finally:
        reg.capacity = old


# --- abandoned jobs stop ---------------------------------------------------------------------------------------

def test_a_job_nobody_listens_to_stops(client, app_url):
    """``POST /gradio_api/call/diffusion_train`` with 20000 updates and no GET: the server (this process)
    stops spending CPU on it within about 2 s."""
    import gc

    import requests

    from core.train.live import LiveSession

    known = {id(o) for o in gc.get_objects() if isinstance(o, LiveSession)}
    r = requests.post(app_url + "gradio_api/call/diffusion_train", json={"data": ["moons", None, 20000, 0]})
    assert r.status_code == 200
    ours = []
    for _ in range(300):  # the job starts (it may wait for a slot first)
        time.sleep(0.2)
        ours = [o for o in gc.get_objects() if isinstance(o, LiveSession) and id(o) not in known]
        if ours:
            break
    assert ours, "the job never started"
    time.sleep(2.5)
    done = ours[0].trainer.iteration
    time.sleep(1.5)
    assert ours[0].trainer.iteration == done and done < 20000, "the abandoned training still runs"


# --- size caps -------------------------------------------------------------------------------------------------

def _raw_post(url: str, path: str, length: int, content_type: str, chunked: bool = False) -> int:
    """Send headers declaring ``length`` bytes (or a chunked body of that size) and return the status."""
    import socket
    from urllib.parse import urlparse

    u = urlparse(url)
    with socket.create_connection((u.hostname, u.port), timeout=30) as s:
        head = f"POST {path} HTTP/1.1\r\nHost: {u.hostname}\r\nContent-Type: {content_type}\r\n"
        head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else f"Content-Length: {length}\r\n\r\n"
        s.sendall(head.encode())
        sent, block = 0, b"0" * 2**20
        try:
            while sent < length:
                s.sendall(f"{len(block):x}\r\n".encode() + block + b"\r\n" if chunked else block)
                sent += len(block)
                s.settimeout(0.0)
                try:
                    if s.recv(1, socket.MSG_PEEK):
                        break  # the server answered before the whole body was sent
                except BlockingIOError:
                    pass
                s.settimeout(30)
            if chunked and sent >= length:
                s.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        s.settimeout(30)
        return int(s.recv(4096).split(b" ", 2)[1])


def test_uploads_and_bodies_are_capped(client, app_url):
    from demos.common.serving import MAX_BODY_BYTES

    assert _raw_post(app_url, "/gradio_api/upload", 300 * 2**20, "multipart/form-data; boundary=x") == 413
    assert _raw_post(app_url, "/gradio_api/call/diffusion_points", 200 * 2**20, "application/json") == 413
    assert _raw_post(app_url, "/gradio_api/call/diffusion_points", MAX_BODY_BYTES + 2**21, "application/json",
                     chunked=True) == 413
    r = client.predict("moons", None, "shipped", 10, 0.0, 100, 0, api_name="/diffusion_points")  # still serving
    assert len(r) == 3


# --- time budgets ----------------------------------------------------------------------------------------------

def test_budget_stops_a_long_loop_with_the_limit_named():
    import torch

    from core.runtime.budget import BudgetExceeded, request_budget
    from core.sampling import ode

    start = time.perf_counter()
    with request_budget(0.3), pytest.raises(BudgetExceeded, match=r"stopped after 0.3 s, the limit for one request"):
        ode.heun(lambda x, t: -x, torch.zeros(1000, 2), times=torch.linspace(0, 1, 10**6))
    assert time.perf_counter() - start < 2


def test_the_largest_request_is_cut_at_its_budget(client, monkeypatch):
    from gradio_client.exceptions import AppError

    monkeypatch.setenv("GENLAB_REQUEST_SECONDS", "1")
    start = time.perf_counter()
    with pytest.raises(AppError, match="limit for one request"):
        client.predict("moons", None, "shipped", 1000, 0.0, 20000, 0, api_name="/diffusion_points")
    assert time.perf_counter() - start < 20  # uncut, this request takes ~37 s on an idle machine


# --- identical concurrent outputs -------------------------------------------------------------------------------

def test_output_files_are_written_once_and_atomically(tmp_path):
    """A reader never sees a partly written output file while identical outputs are saved concurrently."""
    from gradio import processing_utils as pu

    from demos.common.gradio_patches import atomic_cache_writes

    atomic_cache_writes()
    img = Image.fromarray(np.random.default_rng(0).integers(0, 255, (256, 256, 3), dtype=np.uint8))
    path = Path(pu.save_pil_to_cache(img, str(tmp_path), format="png"))
    size, stop, torn = path.stat().st_size, threading.Event(), []

    def write():
        while not stop.is_set():
            pu.save_pil_to_cache(img, str(tmp_path), format="png")

    def read():
        while not stop.is_set():
            if len(path.read_bytes()) != size:
                torn.append(1)

    threads = [threading.Thread(target=write) for _ in range(2)] + [threading.Thread(target=read)]
    for th in threads:
        th.start()
    time.sleep(1.5)
    stop.set()
    for th in threads:
        th.join()
    assert not torn


def test_identical_concurrent_requests_all_succeed(client, app_url):
    from gradio_client import Client

    def call(_):
        c = Client(app_url, verbose=False, httpx_kwargs={"timeout": 120})  # eight clients connect at once
        return [c.predict("7", 4, 10, 0.0, 0, api_name="/diffusion_digits")[0] for _ in range(3)]

    with ThreadPoolExecutor(8) as pool:
        results = [p for r in pool.map(call, range(8)) for p in r]
    first = Path(results[0]).read_bytes()
    assert all(Path(p).read_bytes() == first for p in results)


def test_a_huge_rejected_value_leaves_a_short_log_line(client, caplog):
    """A 2 MB string where a dropdown value belongs: the log line stays short."""
    import logging

    from gradio_client.exceptions import AppError

    with caplog.at_level(logging.WARNING, logger="genlab.errors"), pytest.raises(AppError):
        client.predict("x" * 2_000_000, None, "shipped", 10, 0.0, 100, 0, api_name="/diffusion_points")
    lines = [r.getMessage() for r in caplog.records if r.name == "genlab.errors"]
    assert lines and max(len(line) for line in lines) < 500


def test_examples_folder_is_reused_across_starts():
    import tempfile

    from core.controlnet.drawing import example_files

    example_files.cache_clear()
    example_files()
    before = set(Path(tempfile.gettempdir()).glob("genlab-examples-*"))
    example_files.cache_clear()
    example_files()
    assert set(Path(tempfile.gettempdir()).glob("genlab-examples-*")) == before


def test_session_cache_never_drops_a_session_with_a_pending_event():
    """Gradio's LRU cache of sessions dropped one whose event was queued; the next message to it raised
    KeyError in the queue's processing task and the queue stopped serving everyone."""
    from types import SimpleNamespace

    from gradio.utils import LRUCache

    from demos.common.gradio_patches import SessionMessages, guard_queue

    queue = SimpleNamespace(pending_event_ids_session={"a": {"event-1"}})
    gradio_cache = LRUCache(2)
    for k in "abc":
        gradio_cache[k] = k
    assert "a" not in gradio_cache  # the failure: the pending session is gone
    cache = SessionMessages(queue, 2)
    for k in "abc":
        cache[k] = k
    assert "a" in cache and "b" not in cache and len(cache) == 2
    assert cache["dropped"].empty()  # a late message for a dropped session gets an empty queue, not KeyError

    with gr.Blocks() as demo:
        gr.Button().click(lambda: None, None, None)
    demo.queue()
    guard_queue(demo)
    assert isinstance(demo._queue.pending_messages_per_session, SessionMessages)
