"""Training: the live training loop (core.train.loop), the recipe registry, the ``python -m core.train``
command line, and imports without side effects."""
from __future__ import annotations

import math
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import core
from core.data.pools import Pool
from core.data.toy2d import TOY_DATASETS, sample_toy
from core.diffusion.objective import DiffusionTrainConfig, diffusion_run, predict_class_unet, train_diffusion
from core.diffusion.recipes import points_run
from core.diffusion.schedules import image_schedule, points_schedule
from core.nn.mlp2d import TimeMLP
from core.nn.unet_digits import NULL_CLASS, build_digits_unet
from core.train.live import TrainEvent
from core.train.loop import train
from core.train.registry import all_recipes

ROOT = Path(__file__).resolve().parent.parent
TINY = DiffusionTrainConfig(steps=300, batch_size=128, lr=3e-3, warmup=20, log_every=25, seed=0)


@pytest.fixture(scope="module")
def pool():
    return sample_toy("8gaussians", 5000, seed=0)


def _tiny_mlp(seed: int = 0) -> TimeMLP:
    torch.manual_seed(seed)
    return TimeMLP(hidden=32, depth=2, time_embed_dim=16)


def _train(cfg, pool, model=None):
    run = diffusion_run(model or _tiny_mlp(), Pool(pool, None), points_schedule(), cfg)
    return run, list(train(run))


def _run(cfg, pool, model=None) -> list[TrainEvent]:
    return _train(cfg, pool, model)[1]


# ---- the training loop -------------------------------------------------------------------------

def test_loop_yields_events_and_learns(pool):
    model = _tiny_mlp()
    init = [p.detach().clone() for p in model.parameters()]
    run, events = _train(TINY, pool, model)
    assert [e.iteration for e in events] == list(range(25, 301, 25))
    assert all(e.total == 300 for e in events)
    assert [e.done for e in events] == [False] * 11 + [True]
    assert all(math.isfinite(e.loss) and e.loss > 0 for e in events)
    assert all(a.seconds <= b.seconds for a, b in zip(events, events[1:]))
    first = sum(e.loss for e in events[:3]) / 3
    last = sum(e.loss for e in events[-3:]) / 3
    assert last < 0.75 * first, [round(e.loss, 3) for e in events]  # eps-MSE starts near 1
    ema = run.ema
    assert isinstance(ema, TimeMLP) and ema is not model and not ema.training
    assert not any(p.requires_grad for p in ema.parameters())
    assert all(not torch.equal(p, q) for p, q in zip(ema.parameters(), init))  # the EMA follows training
    assert all(not torch.equal(p, q) for p, q in zip(model.parameters(), init))
    assert not model.training  # left in eval mode when training finishes


def test_loop_last_event_when_steps_is_not_a_multiple(pool):
    cfg = DiffusionTrainConfig(steps=12, batch_size=16, log_every=5, warmup=2)
    events = _run(cfg, pool)
    assert [(e.iteration, e.done) for e in events] == [(5, False), (10, False), (12, True)]


def test_loop_is_deterministic_given_the_seed(pool):
    cfg = DiffusionTrainConfig(steps=20, batch_size=32, log_every=5, warmup=2, seed=3)
    (ra, a), (rb, b) = _train(cfg, pool, _tiny_mlp(1)), _train(cfg, pool, _tiny_mlp(1))
    assert [e.loss for e in a] == [e.loss for e in b]
    assert all(torch.equal(p, q) for p, q in zip(ra.ema.parameters(), rb.ema.parameters()))
    c = _run(DiffusionTrainConfig(steps=20, batch_size=32, log_every=5, warmup=2, seed=4), pool, _tiny_mlp(1))
    assert [e.loss for e in a] != [e.loss for e in c]


def test_stopping_iteration_cancels(pool):
    calls = []

    def draw(batch_size, gen):
        calls.append(batch_size)
        return Pool(pool, None)(batch_size, gen)

    cfg = DiffusionTrainConfig(steps=100_000, batch_size=8, log_every=5)
    events = train_diffusion(_tiny_mlp(), draw, points_schedule(), cfg)
    first = next(events)
    assert first.iteration == 5 and not first.done and len(calls) == 5
    events.close()
    with pytest.raises(StopIteration):
        next(events)
    assert len(calls) == 5  # no update ran after the consumer stopped


def test_points_run(pool):
    cfg = DiffusionTrainConfig(steps=4, batch_size=16, log_every=2, warmup=1)
    run = points_run(pool, cfg)
    events = list(train(run))
    assert [e.iteration for e in events] == [2, 4] and isinstance(run.ema, TimeMLP)


@pytest.mark.parametrize("p_uncond", [0.0, 0.5])
def test_class_conditional_loop_drops_labels(p_uncond):
    """Classifier-free guidance training: labels become NULL_CLASS with probability p_uncond."""
    seen = []

    def predict(model, x_t, t, labels):
        seen.append(labels.clone())
        return predict_class_unet(model, x_t, t, labels)

    torch.manual_seed(0)
    unet = build_digits_unet(block_out_channels=(8, 8, 8), norm_num_groups=4)
    x = torch.rand(40, 1, 8, 8) * 2 - 1
    y = torch.arange(40) % 10
    cfg = DiffusionTrainConfig(steps=4, batch_size=64, log_every=2, warmup=1, p_uncond=p_uncond,
                               null_class=NULL_CLASS)
    events = list(train_diffusion(unet, Pool(x, y), image_schedule(), cfg, predict=predict))
    assert [e.iteration for e in events] == [2, 4] and all(math.isfinite(e.loss) for e in events)
    labels = torch.cat(seen)
    assert len(labels) == 4 * 64
    share_null = float((labels == NULL_CLASS).float().mean())
    assert share_null == pytest.approx(p_uncond, abs=0.08)
    assert set(labels[labels != NULL_CLASS].tolist()) <= set(range(10))


# ---- registry and command line -----------------------------------------------------------------

EXPECTED = {f"ddpm-2d-{name}" for name in TOY_DATASETS} | {"digits-classifier", "digits-unet"}


def test_registry_lists_every_recipe():
    recipes = all_recipes()
    assert EXPECTED <= set(recipes)
    assert all(callable(fn) for fn in recipes.values())


def _python(args: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GRADIO_ANALYTICS_ENABLED": "False"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_cli_list():
    out = _python(["-m", "core.train", "--list"], cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert EXPECTED <= set(out.stdout.split()), out.stdout


def test_cli_rejects_unknown_names(capsys):
    from core.train.__main__ import main

    with pytest.raises(SystemExit) as exit_info:
        main(["ddpm-2d-nothing"])
    assert exit_info.value.code == 2
    assert "unknown checkpoint" in capsys.readouterr().err


def test_importing_core_has_no_side_effects(tmp_path):
    """Importing every core module trains nothing, launches nothing, prints nothing, writes nothing,
    leaves torch's threads alone and never imports gradio."""
    modules = sorted(m.name for m in pkgutil.walk_packages(core.__path__, "core."))
    assert {"core.train.__main__", "core.diffusion.recipes", "core.sampling.generate", "core.metrics"} <= set(modules)
    code = (
        "import importlib, sys, torch\n"
        "n = torch.get_num_threads()\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "assert 'gradio' not in sys.modules, 'core imported gradio'\n"
        "assert torch.get_num_threads() == n, 'an import changed torch threads'\n"
    )
    out = _python(["-c", code], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "" and out.stderr == "", (out.stdout, out.stderr)
    assert list(tmp_path.iterdir()) == []
