"""The shape of the DDIM paper's Table 1 on GenLab's shipped models, saved for the diffusion tab.

    python benchmarks/ddim_table1.py [--dataset moons] [--out benchmarks/results/ddim_table1.json]

Rows: DDIM with eta in {0, 0.5, 1} and DDPM, at 10, 20, 50, 100 and 1000 steps. 2D metric: sliced
W2 of 2000 points, mean over 8 seeds with its 95% t-interval (floor: real samples of 2000 points
against the same reference, 8 draws a seed). Digits: 180 class-balanced samples, seed 0; Fréchet
distance in the classifier's feature space to held-out test digits (floor: held-out vs held-out,
180 a side, 30 stratified halvings; 2.5-97.5 percentiles), class accuracy (Wilson interval) and
confidence. Every figure has ``_lo``/``_hi`` keys beside it.
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
    from core.diffusion.quality import POINT_SEEDS
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="moons")
    parser.add_argument("--digits-n", type=int, default=180, help="digits per configuration")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "ddim_table1.json")
    parser.add_argument("--digits-cache", type=Path, default=None,
                        help="folder to save digits samples in and reuse them from (metrics recomputed, not samples)")
    parser.add_argument("--skip-missing", action="store_true", help="leave out digits rows not in --digits-cache")
    parser.add_argument("--tracks", default="points,digits",
                        help="tracks to recompute; the others are kept from an existing --out file")
    args = parser.parse_args()
    configure_threads()
    start = time.perf_counter()
    log = lambda f, msg: print(f"  {msg}", flush=True)
    tracks = set(args.tracks.split(","))
    out = json.loads(args.out.read_text()) if args.out.is_file() else {}
    if "points" in tracks:
        out["points"] = {"dataset": args.dataset, "n": 2000, "seeds": len(POINT_SEEDS),
                         "rows": sweeps.sweep_points(args.dataset, progress=log),
                         "seconds": time.perf_counter() - start}
    if "digits" in tracks:
        t0 = time.perf_counter()
        out["digits"] = {"n": args.digits_n, "rows": sweeps.sweep_digits(n=args.digits_n, progress=log, cache=args.digits_cache,
                                                           skip_missing=args.skip_missing),
                         "seconds": time.perf_counter() - t0,  # metrics only when the samples came from the cache
                         "samples_from_cache": args.digits_cache is not None}
    out.pop("seconds", None)  # each track records its own time
    points, digits = out["points"]["rows"], out["digits"]["rows"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    print(table(points, digits))
    print(f"wrote {args.out} in {time.perf_counter() - start:.0f} s")


def table(points: list[dict], digits: list[dict]) -> str:
    """The two tracks side by side, each figure with its 95% interval (a row missing on one track shows '-')."""
    key = lambda r: (r["method"], r["eta"], r["steps"])  # noqa: E731
    by_key = {key(d): d for d in digits}
    rng = lambda r, k, f: f"{r[k]:{f}} [{r[k + '_lo']:{f}}, {r[k + '_hi']:{f}}]"  # noqa: E731
    lines = [f"{'method':6} {'eta':>4} {'steps':>5} | {'SW2 [95%]':>24} {'floor [95%]':>24} | "
             f"{'FD [95%]':>19} {'FD floor [95%]':>19} {'class acc [95%]':>20}"]
    for p in points:
        d = by_key.get(key(p))
        right = (f"{rng(d, 'frechet', '5.1f'):>19} {rng(d, 'frechet_floor', '5.1f'):>19} "
                 f"{rng(d, 'class_accuracy', '.3f'):>20}") if d else "-"
        lines.append(f"{p['method']:6} {p['eta']:4.1f} {p['steps']:5d} | {rng(p, 'w2', '.4f'):>24} "
                     f"{rng(p, 'floor', '.4f'):>24} | {right}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
