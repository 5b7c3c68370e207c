"""The shipped checkpoints under ``checkpoints/NAME/`` in diffusers' ``save_pretrained`` layout.

``checkpoints/NAME/`` holds ``config.json`` + ``diffusion_pytorch_model.safetensors``, plus
``scheduler/scheduler_config.json`` for diffusion models and ``quality.json`` with the figures
measured when it was trained. Loading never unpickles. Loaded models are placed on the device
once and cached.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import diffusers
from diffusers import DDPMScheduler

from core import device

ROOT = Path(__file__).resolve().parent.parent / "checkpoints"

_CLASSES: dict[str, type] = {}


def register(cls: type) -> type:
    """Make a project model class loadable by its ``_class_name``; usable as a decorator."""
    _CLASSES[cls.__name__] = cls
    return cls


def _model_class(name: str) -> type:
    from core.models.classifier import DigitClassifier
    from core.models.mlp2d import TimeMLP

    for cls in (TimeMLP, DigitClassifier):
        _CLASSES.setdefault(cls.__name__, cls)
    if name in _CLASSES:
        return _CLASSES[name]
    cls = getattr(diffusers, name, None)
    if cls is None:
        raise KeyError(f"no model class named {name!r}")
    return cls


def path(name: str) -> Path:
    return ROOT / name


def exists(name: str) -> bool:
    return (path(name) / "config.json").is_file()


@lru_cache(maxsize=None)
def load_model(name: str):
    """The model saved at ``checkpoints/NAME``, on the device, in eval mode (cached)."""
    folder = path(name)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"no checkpoint {name!r} at {folder}; run: python -m core.train {name}")
    class_name = json.loads((folder / "config.json").read_text())["_class_name"]
    model = _model_class(class_name).from_pretrained(folder, use_safetensors=True)
    return device.place(model)


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
