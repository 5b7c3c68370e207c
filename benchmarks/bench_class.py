"""The class of forty, and the teacher's "everyone press Sample now".

    python benchmarks/bench_class.py [--students 40] [--seconds 300] [--think 20]
    python benchmarks/bench_class.py --burst [--students 40] [--within 2]
    python benchmarks/bench_class.py --capacity [--seconds 90]

Class: each simulated student opens the page (``GET /``), connects with ``gradio_client`` and presses a main
view's button (``MAIN``: every tab's main sampling endpoint, at its defaults with the student's own seed and
the step count drawn within 20% of its default), then thinks for an exponential time of mean ``--think``
seconds, until ``--seconds`` have passed; every ``LIVE_EVERY``-th student trains live instead
(``LIVE``). Reports errors and drops (no answer: a client ``ReadTimeout`` included), p50/p95 per endpoint
and over the main views, and the app's resident-memory growth after ``--warmup`` seconds.

Burst: ``--students`` identical ``/diffusion_digits`` requests (same settings, same seed) sent within
``--within`` seconds, each from a client made at that moment (a student's press: ``gradio_client`` reads the
app's config and API, then submits): how many answered, within 3 s, latencies from the press, failures.

Capacity: the largest class (a bisection over the number of students, shorter runs) whose main views keep
p95 <= ``TARGET_P95`` seconds with no error or drop.

Clients keep ``gradio_client``'s own HTTP timeout unless ``--client-timeout`` is given (a student's browser
does not wait minutes for a page either). The app runs as its own process (``python app.py``); writes
``benchmarks/results/class.json``, ``class_burst.json`` (``class_burst_ready.json`` with ``--ready``: the
clients made before the burst) or ``class_capacity.json``.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._common import (TIMEOUT, connect, free_port, percentiles, rss, start_server,  # noqa: E402
                                stop_server, write_result)
from benchmarks.bench_load import endpoints  # noqa: E402

MAIN = ("/diffusion_points", "/diffusion_digits", "/gan_digits", "/vae_samples", "/flows_digits", "/rf_points",
        "/rf_digits", "/guidance_points", "/guidance_digits", "/controlnet_generate")  # every tab's main view
LIVE = "/diffusion_train"  # what a live-training student presses, at its defaults
LIVE_EVERY = 10  # one student in this many trains live
BURST = ("/diffusion_digits", ["any", 16, 50, 0.0, 7])  # the teacher's request: same settings, same seed for all
TARGET_P95 = 3.0  # seconds: the class goal for the main views


def _kind(e: Exception) -> str:
    name = type(e).__name__.lower()
    return "drop" if isinstance(e, (TimeoutError, ConnectionError, OSError)) or "timeout" in name else "error"


def _failure(e: Exception) -> str:
    """``drop: ReadTimeout: timed out (GET /config)``: the kind, the exception and the HTTP request it broke."""
    try:
        request = f" ({e.request.method} {e.request.url.path})"  # httpx errors name their request
    except (AttributeError, RuntimeError):
        request = ""
    return f"{_kind(e)}: {type(e).__name__}: {str(e)[:120]}{request}"


def _near_defaults(api: dict, name: str, args: list, seed: int, rng: random.Random) -> list:
    """``args`` with ``seed`` in the seed parameter and every step count drawn within 20% of its default."""
    out = list(args)
    for i, p in enumerate(api[name]["parameters"][:len(out)]):
        pname = str(p.get("parameter_name", "")).lower()
        if pname == "seed":
            out[i] = seed
        elif "steps" in pname and isinstance(out[i], int) and out[i] >= 5:
            out[i] = max(1, round(out[i] * rng.uniform(0.8, 1.2)))
    return out


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.failures: list[str] = []

    def __call__(self, name: str, seconds: float, failure: str | None = None) -> None:
        with self.lock:
            if failure:
                self.failures.append(f"{name} after {seconds:.1f} s: {failure}")
            else:
                self.latency.setdefault(name, []).append(seconds)


def _student(k, url, calls, api, stop, think, client_timeout, record, rng):
    t0 = time.perf_counter()
    try:
        urllib.request.urlopen(url, timeout=client_timeout or 30).read()
        record("GET /", time.perf_counter() - t0)
        client = connect(url, client_timeout)
    except Exception as e:  # noqa: BLE001 - a student who cannot open the page is a drop
        record("GET /", time.perf_counter() - t0, _failure(e))
        return
    names = [LIVE] if k % LIVE_EVERY == LIVE_EVERY - 1 and LIVE in calls else [n for n in MAIN if n in calls]
    presses = 0
    while not stop.is_set():
        name = rng.choice(names)
        args = _near_defaults(api, name, calls[name], 1000 * k + presses, rng)
        presses += 1
        start = time.perf_counter()
        try:
            client.submit(*args, api_name=name).result(timeout=TIMEOUT)
            record(name, time.perf_counter() - start)
        except Exception as e:  # noqa: BLE001 - every failure is counted and named
            record(name, time.perf_counter() - start, _failure(e))
        stop.wait(rng.expovariate(1.0 / think))


def _serve(url: str | None, port: int):
    if url:
        return None, url
    return start_server(port), f"http://127.0.0.1:{port}/"


def run_class(students: int = 40, seconds: float = 300.0, think: float = 20.0, warmup: float = 30.0,
              client_timeout: float | None = None, url: str | None = None, port: int | None = None,
              seed: int = 0) -> dict:
    """The class (module docstring); ``url`` uses a running app (its memory is then not measured)."""
    proc, url = _serve(url, port or free_port())
    try:
        setup = connect(url)
        calls = endpoints(setup)
        api = setup.view_api(return_format="dict", print_info=False)["named_endpoints"]
        record, stop, memory = Recorder(), threading.Event(), []
        t0 = time.perf_counter()

        def watch_memory():
            while not stop.wait(1.0):
                if proc:
                    memory.append((time.perf_counter() - t0, rss(proc.pid)))

        threads = [threading.Thread(target=watch_memory, daemon=True)]
        threads += [threading.Thread(target=_student, args=(k, url, calls, api, stop, think, client_timeout, record,
                                                            random.Random(seed * 1000 + k)), daemon=True)
                    for k in range(students)]
        for th in threads:
            th.start()
            time.sleep(random.Random(seed).uniform(0.0, 0.5))  # students arrive over the first seconds
        time.sleep(max(0.0, seconds - (time.perf_counter() - t0)))
        stop.set()
        for th in threads:
            th.join(TIMEOUT + 5)
        main = [s for n, v in record.latency.items() if n in MAIN for s in v]
        after = [m for t, m in memory if t >= warmup]
        errors = [f for f in record.failures if ": error:" in f]
        drops = [f for f in record.failures if ": drop:" in f]
        return {"students": students, "seconds": seconds, "think_mean_s": think, "cores": os.cpu_count(),
                "client_timeout": client_timeout, "load_before": os.getloadavg(),
                "calls": sum(len(v) for v in record.latency.values()) + len(record.failures),
                "errors": len(errors), "drops": len(drops), "failures": record.failures[:30],
                "main_views": {"calls": len(main), **percentiles(main)},
                "endpoints": {n: {"calls": len(v), **percentiles(v)} for n, v in sorted(record.latency.items())},
                "memory_mb": [(round(t), round(m / 2**20)) for t, m in memory[::10]],
                "memory_growth_after_warmup": round((after[-1] - after[0]) / after[0], 4) if len(after) >= 2 else None}
    finally:
        if proc:
            stop_server(proc)


def run_burst(students: int = 40, within: float = 2.0, client_timeout: float | None = None, url: str | None = None,
              port: int | None = None, ready: bool = False) -> dict:
    """``students`` identical ``BURST`` requests within ``within`` seconds, one ``gradio_client`` each, made at
    the press (or beforehand with ``ready``: students whose page is open; the clients' own start-up work then
    does not share this machine's cores with the server during the burst)."""
    proc, url = _serve(url, port or free_port())
    try:
        name, args = BURST
        connect(url).predict(*args[:-1], args[-1] + 1, api_name=name)  # warm: models loaded, another seed
        record, connected = Recorder(), Recorder()
        clients = [connect(url, client_timeout) for _ in range(students)] if ready else None
        offsets = sorted(random.Random(0).uniform(0.0, within) for _ in range(students))
        t0 = time.perf_counter() + 1.0

        def press(i):  # a student presses: their client connects (GET /config, /info) and submits
            time.sleep(max(0.0, t0 + offsets[i] - time.perf_counter()))
            start = time.perf_counter()
            try:
                client = clients[i] if ready else connect(url, client_timeout)
                connected("connect", time.perf_counter() - start)
                client.submit(*args, api_name=name).result(timeout=TIMEOUT)
                record(name, time.perf_counter() - start)
            except Exception as e:  # noqa: BLE001
                record(name, time.perf_counter() - start, _failure(e))
        threads = [threading.Thread(target=press, args=(i,)) for i in range(students)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(TIMEOUT + 5)
        lat = sorted(record.latency.get(name, []))
        return {"students": students, "within_s": within, "request": f"{name}{tuple(args)}", "cores": os.cpu_count(),
                "clients": "ready before the burst" if ready else "made at each press",
                "client_timeout": client_timeout, "answered": len(lat),
                "answered_within_3s": sum(s <= TARGET_P95 for s in lat), "failed": len(record.failures),
                **percentiles(lat), "connect": percentiles(connected.latency.get("connect", [])),
                "slowest_s": round(lat[-1], 3) if lat else None,
                "latencies_s": [round(s, 2) for s in lat], "failures": record.failures}
    finally:
        if proc:
            stop_server(proc)


def run_capacity(seconds: float = 90.0, think: float = 20.0, most: int = 64,
                 client_timeout: float | None = None) -> dict:
    """The largest class keeping the main views' p95 <= ``TARGET_P95`` s with no error or drop (bisection)."""
    tried: dict[int, dict] = {}

    def holds(n: int) -> bool:
        r = run_class(n, seconds, think, warmup=min(30.0, seconds / 3), client_timeout=client_timeout)
        tried[n] = {"p95_s": r["main_views"].get("p95_s"), "p50_s": r["main_views"].get("p50_s"),
                    "errors": r["errors"], "drops": r["drops"], "calls": r["calls"]}
        print(n, "students:", tried[n], flush=True)
        return r["errors"] == 0 and r["drops"] == 0 and (r["main_views"].get("p95_s") or 1e9) <= TARGET_P95

    lo, hi = 0, most + 1  # lo holds (or is 0), hi fails
    n = 8
    while n < hi and holds(n):
        lo, n = n, min(n * 2, most)
        if lo == most:
            break
    hi = min(hi, n) if lo != most else hi
    while hi - lo > max(1, lo // 8):
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if holds(mid) else (lo, mid)
    return {"target_p95_s": TARGET_P95, "seconds_per_run": seconds, "think_mean_s": think, "cores": os.cpu_count(),
            "capacity_students": lo, "tried": tried}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--think", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=30.0)
    parser.add_argument("--within", type=float, default=2.0)
    parser.add_argument("--client-timeout", type=float, default=None)
    parser.add_argument("--burst", action="store_true")
    parser.add_argument("--capacity", action="store_true")
    parser.add_argument("--ready", action="store_true", help="burst: clients made before the burst")
    args = parser.parse_args()
    if args.burst:
        r = run_burst(args.students, args.within, args.client_timeout, ready=args.ready)
        write_result("class_burst_ready" if args.ready else "class_burst", r)
        print(f"{r['students']} x {r['request']} within {r['within_s']} s: {r['answered']} answered "
              f"({r['answered_within_3s']} within 3 s), {r['failed']} failed; p50 {r.get('p50_s')} s, "
              f"p95 {r.get('p95_s')} s, slowest {r['slowest_s']} s")
        for f in r["failures"][:10]:
            print("FAILURE", f)
        return
    if args.capacity:
        r = run_capacity(args.seconds, args.think, client_timeout=args.client_timeout)
        write_result("class_capacity", r)
        print(f"capacity: {r['capacity_students']} students keep p95 <= {TARGET_P95} s")
        return
    r = run_class(args.students, args.seconds, args.think, args.warmup, args.client_timeout)
    write_result("class", r)
    print(f"{r['students']} students, {r['seconds']} s: {r['calls']} calls, errors {r['errors']}, drops {r['drops']}, "
          f"main views p50 {r['main_views'].get('p50_s')} s p95 {r['main_views'].get('p95_s')} s, "
          f"memory growth after warm-up {r['memory_growth_after_warmup']}")
    print("| endpoint | calls | p50 s | p95 s |\n| --- | --- | --- | --- |")
    for n, row in r["endpoints"].items():
        print(f"| `{n}` | {row['calls']} | {row.get('p50_s')} | {row.get('p95_s')} |")
    for f in r["failures"][:10]:
        print("FAILURE", f)


if __name__ == "__main__":
    main()
