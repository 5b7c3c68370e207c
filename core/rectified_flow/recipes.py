"""Recipes of the shipped rectified-flow checkpoints: ``NAME -> train, measure, save``.

- ``rf-digits-1`` / ``rf-digits-2``: the class-conditional digits flow and its reflowed version
  (``core.rectified_flow.digits``); ``rf-digits-2`` needs ``rf-digits-1``.
- ``rf-2d-<source>-<target>-<stage>``: 2D flows from ``source`` (t = 1) to ``target`` (t = 0); stage ``1`` is
  the 1-rectified flow, ``2`` and ``3`` its reflows (each needs the one before), ``ot`` the OT-CFM flow.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Callable

from core.rectified_flow import digits, points
from core.runtime import checkpoints
from core.train.loop import fit


def recipe_digits_1() -> dict:
    cfg = digits.FLOW_DIGITS_CONFIG
    run = digits.new_digits_run(cfg)
    ev = fit(run, "rf-digits-1")
    q = {**digits.digits_flow_figures(run.ema), "train": {**asdict(cfg), "seconds": ev.seconds}}
    checkpoints.save("rf-digits-1", run.ema, None, q)
    return q


def recipe_digits_2() -> dict:
    import time

    cfg, rcfg = digits.REFLOW_DIGITS_CONFIG, digits.REFLOW_DIGITS
    start = time.perf_counter()
    pairs = digits.reflow_pairs(checkpoints.load_model("rf-digits-1"), rcfg)
    pair_seconds = time.perf_counter() - start
    run = digits.reflow_run(checkpoints.load_model("rf-digits-1"), pairs, cfg)
    ev = fit(run, "rf-digits-2")
    q = {**digits.digits_flow_figures(run.ema),
         "train": {**asdict(cfg), "seconds": ev.seconds}, "reflow": {**asdict(rcfg), "seconds": pair_seconds}}
    checkpoints.save("rf-digits-2", run.ema, None, q)
    return q


RECIPES: dict[str, Callable[[], dict]] = {"rf-digits-1": recipe_digits_1, "rf-digits-2": recipe_digits_2}


# 2D: the dataset pairs (source at t = 1, target at t = 0) with shipped 1-, 2-, 3-rectified and OT-CFM flows
PAIRS_2D = (("gaussian", "moons"), ("8gaussians", "moons"))
STAGES_2D = ("1", "2", "3", "ot")  # k-rectified flows (k = 1, 2, 3) and the minibatch-OT flow


def points_name(source: str, target: str, stage: str) -> str:
    return f"rf-2d-{source}-{target}-{stage}"


def recipe_points(source_name: str, target_name: str, stage: str) -> Callable[[], dict]:
    def run() -> dict:
        source, target = points.make_source(source_name), points.make_target(target_name)
        if stage in ("1", "ot"):
            cfg = points.FLOW_POINTS_CONFIG if stage == "1" else points.OT_POINTS_CONFIG
            tr = points.flow_run(target, source, cfg)
        else:
            cfg = points.REFLOW_POINTS_CONFIG
            previous = checkpoints.load_model(points_name(source_name, target_name, str(int(stage) - 1)))
            tr = points.reflow_run(previous, source, cfg)
        ev = fit(tr, points_name(source_name, target_name, stage))
        q = {**points.flow_stats(tr.ema, source, target), "source": source_name, "target": target_name,
             "train": {**asdict(cfg), "seconds": ev.seconds}}
        checkpoints.save(points_name(source_name, target_name, stage), tr.ema, None, q)
        return q

    return run


for _src, _tgt in PAIRS_2D:
    for _stage in STAGES_2D:
        RECIPES[points_name(_src, _tgt, _stage)] = recipe_points(_src, _tgt, _stage)
