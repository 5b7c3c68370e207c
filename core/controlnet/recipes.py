"""Recipes of the shipped ControlNets, one checkpoint per condition type: ``controlnet-stroke``
and ``controlnet-lowres``. ``python -m core.train controlnet-stroke`` retrains one from its seed
on the train split against the shipped ``digits-unet``, measures it on the test split and saves it."""
from __future__ import annotations

from dataclasses import asdict
from typing import Callable

from diffusers import DDPMScheduler

from core.controlnet.conditions import CONDITION_SIDE, CONDITION_TYPES, extract
from core.controlnet.metrics import controlnet_quality
from core.controlnet.sampling import BASE_MODEL, DEFAULTS, checkpoint_name
from core.controlnet.train import CONTROLNET_TRAIN, controlnet_from_unet, controlnet_run
from core.data.digits import load_split
from core.diffusion.objective import DiffusionTrainConfig
from core.runtime import checkpoints, device
from core.train.loop import fit


def recipe_controlnet(condition_type: str, cfg: DiffusionTrainConfig = CONTROLNET_TRAIN) -> Callable[[], dict]:
    def run() -> dict:
        split = load_split()
        unet = checkpoints.load_model(BASE_MODEL)
        sched = DDPMScheduler.from_config(checkpoints.scheduler_config(BASE_MODEL))
        with device.seeded(cfg.seed):
            controlnet = controlnet_from_unet(unet, CONDITION_SIDE[condition_type])
        cond_train = extract(condition_type, split.x_train)
        name = checkpoint_name(condition_type)
        tr = controlnet_run(unet, controlnet, split.x_train, cond_train, split.y_train, sched, cfg)
        ev = fit(tr, name)
        q = controlnet_quality(unet, tr.ema, sched.config, checkpoints.load_model("digits-classifier"),
                               condition_type, split.x_test, split.y_test, DEFAULTS.steps, DEFAULTS.guidance_scale)
        q["train"] = {**asdict(cfg), "seconds": ev.seconds, "base_model": BASE_MODEL, "condition_type": condition_type}
        checkpoints.save(name, tr.ema, sched, q)
        return q

    return run


RECIPES: dict[str, Callable[[], dict]] = {checkpoint_name(c): recipe_controlnet(c) for c in CONDITION_TYPES}
