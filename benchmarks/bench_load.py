"""Load benchmark: N concurrent gradio_client users on loopback for a bounded time, mixing every
endpoint at its default settings; then the fairness probe (while one user runs the longest request the
limits allow, another user's ``/diffusion_points`` at defaults).

    python benchmarks/bench_load.py [--users 16] [--seconds 120] [--port 7990]

The app runs as its own process (``python app.py``) so its resident memory is measured alone, every
second. Reports errors (an endpoint answered with an error) and drops (no answer: connection lost or
timed out), both of which must be 0, p50/p95 latency per endpoint, and memory over time; writes
``benchmarks/results/load.json``. ``run()`` is the same as a function (the test suite runs a short one).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._common import TIMEOUT, connect, start_server, stop_server  # noqa: E402
from benchmarks._common import rss as _rss  # noqa: E402
RESULT = ROOT / "benchmarks" / "results" / "load.json"
SKIP = ("_pause", "_reset")  # instant state changes: they run, but are not worth a latency row
NEEDS_STATE = ("/rf_reflow",)  # valid only after the same user trained a flow: not called
NEEDS_MODEL = "_export"  # downloads of the user's own live-trained model: valid only after training, not called
LONGEST = ("/diffusion_points", ["moons", None, "shipped", 1000, 0.0, 20000, 0])  # the largest sampling request
PROBE = "/diffusion_points"


def _drawing():
    """A Sketchpad value for every canvas parameter: the example stroke "7" (``core.controlnet.drawing``)."""
    from gradio_client import handle_file

    from core.controlnet.drawing import EXAMPLE_STROKES, example_files

    path = example_files()[list(EXAMPLE_STROKES).index("7")]
    return {"background": handle_file(path), "layers": [], "composite": handle_file(path)}


def endpoints(client) -> dict[str, list]:
    """Every named endpoint with the default of each parameter (``client.view_api``) and a drawing on each
    canvas, except ``NEEDS_STATE`` and the exports (``NEEDS_MODEL``)."""
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    calls = {}
    for name, info in api.items():
        if name in NEEDS_STATE or name.endswith(NEEDS_MODEL):
            continue
        args = []
        for p in info["parameters"]:
            if p.get("parameter_has_default"):
                args.append(p.get("parameter_default"))
            elif str(p.get("component")).lower() in ("sketchpad", "imageeditor"):
                args.append(_drawing())
            else:
                break
        else:
            calls[name] = args
    return calls


def _user(url, calls, names, stop, offset, record):
    try:
        client = connect(url)
    except Exception as e:  # noqa: BLE001 - a user that cannot connect is a drop
        record("connect", 0.0, f"drop: {type(e).__name__}: {str(e)[:160]}")
        return
    i = offset
    while not stop.is_set():
        name = names[i % len(names)]
        i += 1
        start = time.perf_counter()
        try:
            job = client.submit(*calls[name], api_name=name)
            job.result(timeout=TIMEOUT)
            record(name, time.perf_counter() - start, None)
        except Exception as e:  # noqa: BLE001 - every failure is counted and named
            kind = "drop" if isinstance(e, (TimeoutError, ConnectionError, OSError)) or "timeout" in type(e).__name__.lower() else "error"
            record(name, time.perf_counter() - start, f"{kind}: {type(e).__name__}: {str(e)[:160]}")


def probe_fairness(url: str, calls: dict) -> dict:
    """While one user runs ``LONGEST``, another user's ``PROBE`` at defaults: its latency (s)."""
    long_client, probe_client = connect(url), connect(url)
    probe_client.predict(*calls[PROBE], api_name=PROBE)  # warm
    job = long_client.submit(*LONGEST[1], api_name=LONGEST[0])
    time.sleep(3.0)  # the long request is running
    start = time.perf_counter()
    probe_client.predict(*calls[PROBE], api_name=PROBE)
    probe = time.perf_counter() - start
    long_start = time.perf_counter()
    try:
        job.result(timeout=TIMEOUT)
        outcome = "finished"
    except Exception as e:  # noqa: BLE001
        outcome = str(e)[:120]
    return {"probe_seconds": round(probe, 3), "longest_request": f"{LONGEST[0]}{tuple(LONGEST[1])}",
            "longest_outcome": outcome, "longest_seconds_after_probe": round(time.perf_counter() - long_start, 1)}


def run(users: int = 16, seconds: float = 120.0, port: int = 7990, warmup: float = 20.0, url: str | None = None,
        fairness: bool = True) -> dict:
    """The benchmark (see the module docstring); ``url`` uses a running app instead of starting one (its
    memory is then not measured)."""
    proc = None if url else start_server(port)
    url = url or f"http://127.0.0.1:{port}/"
    try:
        calls = endpoints(connect(url))
        names = sorted(calls)
        lat: dict[str, list[float]] = {n: [] for n in names}
        failures: list[str] = []
        lock = threading.Lock()

        def record(name, sec, failure):
            with lock:
                if failure:
                    failures.append(f"{name}: {failure}")
                else:
                    lat[name].append(sec)

        memory: list[tuple[float, int]] = []
        stop = threading.Event()
        t0 = time.perf_counter()

        def watch_memory():
            while not stop.wait(1.0):
                if proc:
                    memory.append((round(time.perf_counter() - t0, 1), _rss(proc.pid)))

        threads = [threading.Thread(target=watch_memory, daemon=True)]
        threads += [threading.Thread(target=_user, args=(url, calls, names, stop, k * 7, record), daemon=True)
                    for k in range(users)]
        for th in threads:
            th.start()
            time.sleep(0.25)  # users arrive over a few seconds, as a class does
        time.sleep(seconds)
        stop.set()
        for th in threads:
            th.join(TIMEOUT + 5)
        errors = [f for f in failures if ": error:" in f]
        drops = [f for f in failures if ": drop:" in f]
        rows = {n: {"calls": len(v), "p50_s": round(float(np.percentile(v, 50)), 3),
                    "p95_s": round(float(np.percentile(v, 95)), 3)} for n, v in lat.items() if v and not n.endswith(SKIP)}
        after = [m for t, m in memory if t >= warmup]
        growth = (after[-1] - after[0]) / after[0] if len(after) >= 2 else None
        result = {"users": users, "seconds": seconds, "cores": os.cpu_count(), "load_before": os.getloadavg(),
                  "errors": len(errors), "drops": len(drops), "failures": (errors + drops)[:20],
                  "calls": sum(len(v) for v in lat.values()), "endpoints": rows,
                  "memory_mb": [(t, round(m / 2**20)) for t, m in memory[::5]],
                  "memory_growth_after_warmup": None if growth is None else round(growth, 4)}
        if fairness:
            result["fairness"] = probe_fairness(url, calls)
        return result
    finally:
        if proc:
            stop_server(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--port", type=int, default=7990)
    args = parser.parse_args()
    result = run(args.users, args.seconds, args.port)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=1))
    print(f"users {result['users']}, {result['seconds']} s, {result['calls']} calls, errors {result['errors']}, "
          f"drops {result['drops']}, memory growth after warm-up {result['memory_growth_after_warmup']}")
    print("| endpoint | calls | p50 s | p95 s |\n| --- | --- | --- | --- |")
    for name, row in result["endpoints"].items():
        print(f"| `{name}` | {row['calls']} | {row['p50_s']} | {row['p95_s']} |")
    print("fairness:", result.get("fairness"))
    for f in result["failures"]:
        print("FAILURE", f)


if __name__ == "__main__":
    main()
