"""Benchmark results the tabs show: JSON files written by ``benchmarks/*.py`` into ``benchmarks/results``."""
from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"  # where the benchmarks write


def load_result(name: str) -> dict | None:
    """``benchmarks/results/NAME.json`` as a dict, or ``None`` if that benchmark has not been run."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None
