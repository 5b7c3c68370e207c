"""The shipped checkpoints under ``checkpoints/NAME/`` in diffusers' ``save_pretrained`` layout.

``checkpoints/NAME/`` holds ``config.json`` + ``diffusion_pytorch_model.safetensors``, plus
``scheduler/scheduler_config.json`` for diffusion models and ``quality.json`` with the figures
measured when it was trained. Loading never unpickles. Loaded models are placed on the device
once, frozen (eval mode, no gradients) and cached: every session shares them, so nothing may
change them afterwards (sessions that train take a copy).

A checkpoint's ``config.json`` names its class (``_class_name``); ``MODEL_CLASSES`` maps each of
the project's classes to the module that defines it, so any checkpoint loads in a fresh process,
whatever was imported before. diffusers' own classes (``UNet2DConditionModel``,
``ControlNetModel``) are looked up in diffusers.
"""
from __future__ import annotations

import importlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import diffusers
from diffusers import DDPMScheduler

from core.runtime import device

ROOT = Path(__file__).resolve().parents[2] / "checkpoints"

MODEL_CLASSES: dict[str, str] = {  # class name in config.json -> module defining it (one line per class)
    "TimeMLP": "core.nn.mlp2d",
    "DigitClassifier": "core.nn.classifier",
    "PointGAN": "core.gan.models",
    "PointGenerator": "core.gan.models",
    "PointCritic": "core.gan.models",
    "DigitGenerator": "core.gan.models",
    "DigitCritic": "core.gan.models",
    "ClassTimeMLP": "core.guidance.models",
    "NoisyPointClassifier": "core.guidance.models",
    "NoisyDigitClassifier": "core.guidance.models",
    "FlowModel": "core.flows.models",
    "MLPVAE": "core.vae.models",
    "ConvVAE": "core.vae.models",
    "VQVAE": "core.vae.models",
    "LevelsVAE": "core.compare.models",
    "GridAR2D": "core.autoregressive.grid2d",
    "FVSBN": "core.autoregressive.models",
    "NADE": "core.autoregressive.models",
    "MADE": "core.autoregressive.models",
    "PixelCNN": "core.autoregressive.models",
    "GatedPixelCNN": "core.autoregressive.models",
    "ClassTokens": "core.latent_diffusion.models",
}


def model_class(name: str) -> type:
    """The class called ``name``: one of the project's (``MODEL_CLASSES``) or one of diffusers'."""
    if name in MODEL_CLASSES:
        return getattr(importlib.import_module(MODEL_CLASSES[name]), name)
    cls = getattr(diffusers, name, None)
    if cls is None:
        raise KeyError(f"no model class named {name!r}: add it to core.runtime.checkpoints.MODEL_CLASSES")
    return cls


def path(name: str) -> Path:
    return ROOT / name


def exists(name: str) -> bool:
    return (path(name) / "config.json").is_file()


@lru_cache(maxsize=None)
def load_model(name: str):
    """The model saved at ``checkpoints/NAME``, on the device, in eval mode, frozen and cached (shared:
    never change it; ``copy.deepcopy`` it to train)."""
    folder = path(name)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"no checkpoint {name!r} at {folder}; run: python -m core.train {name}")
    class_name = json.loads((folder / "config.json").read_text())["_class_name"]
    with device.model_loading():  # never while another thread builds a model (see model_loading)
        model = model_class(class_name).from_pretrained(folder, use_safetensors=True)
    return device.place(model).requires_grad_(False)


@lru_cache(maxsize=None)
def scheduler_config(name: str) -> dict[str, Any]:
    """The noise-schedule config saved with diffusion checkpoint ``name``."""
    return dict(DDPMScheduler.from_pretrained(path(name), subfolder="scheduler").config)


def quality(name: str) -> dict[str, Any]:
    """The quality figures recorded when ``name`` was trained (empty if none)."""
    f = path(name) / "quality.json"
    return json.loads(f.read_text()) if f.is_file() else {}


def save(name: str, model, scheduler=None, quality_figures: dict | None = None) -> Path:
    """Save a model (and its scheduler and quality figures) as ``checkpoints/NAME``."""
    folder = path(name)
    model.save_pretrained(folder, safe_serialization=True)
    if scheduler is not None:
        scheduler.save_pretrained(folder / "scheduler")
    if quality_figures is not None:
        (folder / "quality.json").write_text(json.dumps(quality_figures, indent=2, sort_keys=True) + "\n")
    load_model.cache_clear()
    scheduler_config.cache_clear()
    return folder
