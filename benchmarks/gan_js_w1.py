"""The JS-vs-W1 experiment of the GAN tab at its default settings, saved so the tab opens with it.

    python benchmarks/gan_js_w1.py [--out benchmarks/results/gan_js_w1.json]

Rows: one per distance theta of ``core.gan.experiment.DISTANCES`` (``DistanceResult`` fields).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from core.gan.experiment import DISTANCES, ExperimentConfig, sweep
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "gan_js_w1.json")
    args = parser.parse_args()
    configure_threads()
    cfg = ExperimentConfig()
    rows = [asdict(r) for r in sweep(DISTANCES, cfg)]
    args.out.write_text(json.dumps({"config": asdict(cfg), "rows": rows}, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
