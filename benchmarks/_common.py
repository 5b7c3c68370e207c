"""What the benchmarks that run the app as its own process share: a free port, the app started as
``python app.py`` and waited for, its resident memory, a ``gradio_client`` with a long read timeout,
medians of timed calls, and the result file ``benchmarks/results/<name>.json``."""
from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TIMEOUT = 180.0  # seconds an answer may take before the call counts as dropped


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss(pid: int) -> int:
    """Resident memory of process ``pid`` in bytes."""
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def start_server(port: int, env: dict | None = None, probe: str = "/gradio_api/info",
                 limit: float = 300.0) -> subprocess.Popen:
    """``python app.py --port port`` as its own process, returned once ``probe`` answers HTTP 200."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT,
                            env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=2).status == 200:
                return proc
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()[-2000:])
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the app did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def connect(url: str, timeout: float | None = TIMEOUT):
    """A gradio_client on ``url`` that waits up to ``timeout`` for each HTTP answer (a loaded server is slow
    to hand out its API description, not absent); ``timeout=None`` keeps gradio_client's own default."""
    from gradio_client import Client

    return Client(url, verbose=False, httpx_kwargs=None if timeout is None else {"timeout": timeout})


def percentiles(values, qs=(50, 95)) -> dict[str, float]:
    """``{"p50_s": ..., "p95_s": ...}`` of ``values`` (seconds), rounded to ms."""
    import numpy as np

    return {f"p{q}_s": round(float(np.percentile(values, q)), 3) for q in qs} if len(values) else {}


def interleaved(fns: dict, runs: int) -> dict[str, list[float]]:
    """Seconds of each of ``fns`` (name -> callable), ``runs`` times each, in alternating order (a b c, c b a,
    ...) after one warm-up call each, so that a load change on a busy machine hits all of them alike."""
    names = list(fns)
    for name in names:
        fns[name]()
    times: dict[str, list[float]] = {n: [] for n in names}
    for i in range(runs):
        for name in names if i % 2 == 0 else names[::-1]:
            t0 = time.perf_counter()
            fns[name]()
            times[name].append(time.perf_counter() - t0)
    return times


def median(values) -> float:
    return statistics.median(values)


def write_result(name: str, result: dict) -> Path:
    """``benchmarks/results/<name>.json``."""
    path = RESULTS / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1))
    return path
