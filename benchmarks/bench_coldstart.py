"""Cold start next to its floor, in one run: ``python app.py`` in a fresh process to the first HTTP 200 on
``/``, and a fresh process that only imports gradio, torch and diffusers (the floor), alternated over
``--repeats`` rounds; medians and the ratio. Then ``build_app()`` in a fresh process, split per tab (each
tab module's import, and its ``build()``).

    python benchmarks/bench_coldstart.py [--repeats 3]

Writes ``benchmarks/results/coldstart.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._common import free_port, median, start_server, stop_server, write_result  # noqa: E402

FLOOR = "import gradio, torch, diffusers"  # what any GenLab process must import


def import_floor() -> float:
    """Seconds for a fresh interpreter to import ``FLOOR`` and exit."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR], cwd=ROOT, check=True,
                   env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    return time.perf_counter() - t0


def cold_start() -> float:
    """Seconds from ``python app.py`` to the first HTTP 200 on ``/``."""
    t0 = time.perf_counter()
    proc = start_server(free_port(), probe="/")
    seconds = time.perf_counter() - t0
    stop_server(proc)
    return seconds


def build_split() -> dict:
    """In this (fresh) process: import seconds of gradio + torch + diffusers, of ``app``, then ``build_app()``
    with each tab module's import and ``build()`` timed (threads configured first, as ``app.main`` does)."""
    import importlib

    t0 = time.perf_counter()
    import diffusers  # noqa: F401
    import gradio  # noqa: F401
    import torch  # noqa: F401
    floor = time.perf_counter() - t0
    t0 = time.perf_counter()
    import app
    app_import = time.perf_counter() - t0
    from core.runtime.device import configure_threads

    configure_threads()
    tabs = {}
    for name in app.TABS:
        t0 = time.perf_counter()
        module = importlib.import_module(name)
        tabs[name] = {"import_s": round(time.perf_counter() - t0, 3)}

        def timed(build=module.build, name=name):
            t0 = time.perf_counter()
            try:
                return build()
            finally:
                tabs[name]["build_s"] = round(time.perf_counter() - t0, 3)
        module.build = timed
    t0 = time.perf_counter()
    app.build_app()
    total = time.perf_counter() - t0
    return {"floor_import_s": round(floor, 3), "app_import_s": round(app_import, 3),
            "build_app_s": round(total, 3), "tabs": tabs,
            "build_app_outside_tabs_s": round(total - sum(t["build_s"] for t in tabs.values()), 3)}


def run(repeats: int = 3) -> dict:
    floors, colds = [], []
    for i in range(repeats):
        pair = (import_floor, cold_start) if i % 2 == 0 else (cold_start, import_floor)
        for fn in pair:
            (floors if fn is import_floor else colds).append(fn())
    out = subprocess.run([sys.executable, __file__, "--build-split"], cwd=ROOT, check=True, capture_output=True,
                         text=True, env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    split = json.loads(out.stdout.strip().splitlines()[-1])
    ratios = [c / f for c, f in zip(colds, floors)]
    return {"repeats": repeats, "cores": os.cpu_count(), "load_before": os.getloadavg(),
            "import_floor_s": [round(x, 3) for x in floors], "cold_start_s": [round(x, 3) for x in colds],
            "import_floor_median_s": round(median(floors), 3), "cold_start_median_s": round(median(colds), 3),
            "ratio_cold_start_to_floor_median": round(median(ratios), 3), "build_split": split}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--build-split", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.build_split:
        print(json.dumps(build_split()))
        return
    result = run(args.repeats)
    write_result("coldstart", result)
    print(f"import floor ({FLOOR}): median {result['import_floor_median_s']} s; cold start to HTTP 200: median "
          f"{result['cold_start_median_s']} s; ratio (median of pairs) {result['ratio_cold_start_to_floor_median']}")
    s = result["build_split"]
    print(f"in one fresh process: floor import {s['floor_import_s']} s, import app {s['app_import_s']} s, "
          f"build_app {s['build_app_s']} s (outside the tabs {s['build_app_outside_tabs_s']} s)")
    print("| tab | import s | build s |\n| --- | --- | --- |")
    for name, row in s["tabs"].items():
        print(f"| {name} | {row['import_s']} | {row['build_s']} |")


if __name__ == "__main__":
    main()
