"""Every shipped checkpoint's recipe, gathered from the modules that define them.

Each module in ``RECIPE_MODULES`` exposes ``RECIPES: dict[str, Callable[[], dict]]`` mapping a
checkpoint name to a function that trains it from its seed, saves it under ``checkpoints/NAME``
and returns its measured quality figures.
"""
from __future__ import annotations

import importlib
from typing import Callable

RECIPE_MODULES = (
    "core.metrics.recipes",
    "core.diffusion.recipes",
    "core.controlnet.recipes",
    "core.gan.recipes",
    "core.guidance.recipes",
    "core.flows.recipes",
    "core.rectified_flow.recipes",
    "core.vae.recipes",
    "core.autoregressive.recipes2d",
    "core.autoregressive.recipes",
    "core.latent_diffusion.recipes",
    "core.compare.recipes",
)


def all_recipes() -> dict[str, Callable[[], dict]]:
    recipes: dict[str, Callable[[], dict]] = {}
    for module in RECIPE_MODULES:
        recipes.update(importlib.import_module(module).RECIPES)
    return recipes
