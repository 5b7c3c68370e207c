"""The shape of the DDIM paper's Table 1 on GenLab's shipped models, saved for the diffusion tab.

    python benchmarks/ddim_table1.py [--dataset moons] [--out benchmarks/results/ddim_table1.json]

Rows: DDIM with eta in {0, 0.5, 1} and DDPM, at 10, 20, 50, 100 and 1000 steps; 2D metric: sliced
W2 of 2000 points (floor: two real samples); digits metric: Fréchet distance of 200 samples in the
classifier's feature space (floor: train vs test).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from core.diffusion import sweeps
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="moons")
    parser.add_argument("--digits-n", type=int, default=200, help="digits per configuration")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "ddim_table1.json")
    parser.add_argument("--tracks", default="points,digits",
                        help="tracks to recompute; the others are kept from an existing --out file")
    args = parser.parse_args()
    configure_threads()
    start = time.perf_counter()
    log = lambda f, msg: print(f"  {msg}", flush=True)
    tracks = set(args.tracks.split(","))
    out = json.loads(args.out.read_text()) if args.out.is_file() else {}
    if "points" in tracks:
        out["points"] = {"dataset": args.dataset, "n": 2000, "seeds": 3,
                         "rows": sweeps.sweep_points(args.dataset, progress=log),
                         "seconds": time.perf_counter() - start}
    if "digits" in tracks:
        t0 = time.perf_counter()
        out["digits"] = {"n": args.digits_n, "rows": sweeps.sweep_digits(n=args.digits_n, progress=log),
                         "seconds": time.perf_counter() - t0}
    out.pop("seconds", None)  # each track records its own time
    points, digits = out["points"]["rows"], out["digits"]["rows"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    print(f"{'method':6} {'eta':>4} {'steps':>5} {'SW2/floor':>10} {'FD/floor':>9} {'class acc':>9}")
    for p, d in zip(points, digits):
        print(f"{p['method']:6} {p['eta']:4.1f} {p['steps']:5d} {p['ratio']:10.2f} {d['frechet_ratio']:9.2f} "
              f"{d['class_accuracy']:9.3f}")
    print(f"wrote {args.out} in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
