"""Resource limits of the served app: drawings are checked before they are decoded, uploads and
request bodies are capped, identical concurrent outputs never collide."""
from __future__ import annotations

import struct
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

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
    with PeakRss() as mem, pytest.raises(InvalidInput, match=f"13000x13000 pixels.*at most {MAX_SIDE}"):
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
