"""The layout's promises: topics live in their folders, every shipped checkpoint loads in a fresh
process whatever was imported before, shipped models give the outputs pinned before the re-layout,
no request reseeds the process or changes a shared model, and sessions do not leak into each other."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent
PINNED = json.loads((ROOT / "tests" / "data" / "pinned_outputs.json").read_text())
SHARED = {"runtime", "data", "nn", "metrics", "sampling", "train"}  # core's shared packages


def test_no_topic_module_at_the_core_root():
    root_modules = sorted(p.name for p in (ROOT / "core").glob("*.py"))
    assert root_modules == ["__init__.py"]
    packages = {p.name for p in (ROOT / "core").iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert SHARED <= packages and {"diffusion", "gan", "controlnet"} <= packages
    for topic in packages - SHARED:
        assert (ROOT / "demos" / topic / "__init__.py").is_file(), f"core/{topic} has no demos/{topic}"


# Names defined twice on purpose, each with its reason (keep this short):
SAME_NAME_ALLOWED: dict[str, str] = {}


def core_definitions() -> dict[str, list[str]]:
    """Public class and function names of core -> the modules that define an object of that name."""
    import importlib
    import inspect
    import pkgutil

    import core

    out: dict[str, list[str]] = {}
    for info in pkgutil.walk_packages(core.__path__, "core."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if not name.startswith("_") and (inspect.isclass(obj) or inspect.isfunction(obj)) \
                    and obj.__module__ == module.__name__:
                out.setdefault(name, []).append(module.__name__)
    return out


def test_no_two_core_classes_or_shared_functions_share_a_name():
    """A class name means one class in core, and a function of a shared package (``SHARED``) is not named again
    anywhere in core. Topics may each define the same role under the same name (``request.digits_request``,
    ``recipes.recipe_points``): one function per topic, found by its package."""
    clashes = {}
    for name, modules in core_definitions().items():
        if len(modules) < 2 or name in SAME_NAME_ALLOWED:
            continue
        objects = [getattr(__import__(m, fromlist=[name]), name) for m in modules]
        shared = [m for m in modules if m.split(".")[1] in SHARED]
        if isinstance(objects[0], type) or shared:
            clashes[name] = modules
    assert not clashes, clashes
    assert set(SAME_NAME_ALLOWED) <= set(core_definitions()), "an allowed name no longer exists: drop it"


def test_nothing_under_demos_imports_the_app():
    """``app.py`` sits above demos/: a tab, and ``python -m demos.<topic>``, get the serving entry from
    ``demos.common.launch``; and demos/common's modules do not import each other in a circle."""
    import ast

    imports: dict[str, set[str]] = {}
    for path in sorted((ROOT / "demos").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        assert not any(n == "app" or n.startswith("app.") for n in names), f"{module} imports app"
        imports[module] = names
    common = [m for m in imports if m.startswith("demos.common.")]
    for a in common:
        for b in common:
            if a < b and b in imports[a] and a in imports[b]:
                raise AssertionError(f"{a} and {b} import each other")


def test_every_shipped_checkpoint_loads_in_a_fresh_process():
    """Before any other import of the project: the class registry must not depend on import order."""
    names = sorted(p.name for p in (ROOT / "checkpoints").iterdir() if (p / "config.json").is_file())
    code = ("import sys, json\nfrom core.runtime import checkpoints\n"
            "names = json.loads(sys.argv[1])\n"
            "print(json.dumps({n: type(checkpoints.load_model(n)).__name__ for n in names}))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code, json.dumps(names)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert sorted(loaded) == names and len(names) >= 37
    assert loaded["gan-2d-ring-wgan-gp-s0"] == "PointGAN" and loaded["digits-unet"] == "UNet2DConditionModel"


def _same(name: str, x) -> None:
    a = np.asarray(torch.as_tensor(x).detach().cpu().double()).ravel()
    pin = PINNED[name]
    assert a.size == pin["n"], name
    np.testing.assert_allclose(a[:6], pin["head"], rtol=1e-5, atol=1e-6, err_msg=name)
    assert float(a.sum()) == pytest.approx(pin["sum"], rel=1e-4, abs=1e-4), name
    assert float(np.abs(a).sum()) == pytest.approx(pin["abs"], rel=1e-5), name


def test_shipped_models_give_the_outputs_pinned_before_the_relayout():
    from core.controlnet.drawing import render_example
    from core.controlnet.request import run_request
    from core.data.toy2d import sample_iid
    from core.diffusion.compare import PointsSettings, compare_digits, compare_points, point_model
    from core.gan.digits import generate_gan_digits as gan_sample
    from core.runtime import checkpoints

    model, cfg = point_model("moons")
    c = compare_points(model, cfg, lambda n, s: sample_iid("moons", n, s),
                       PointsSettings(steps=20, eta=0.3, n=500, seed=7))
    _same("points_ddpm", c.ddpm.generated.x)
    _same("points_ddim", c.ddim.generated.x)
    assert c.ddim.metrics["w2"] == pytest.approx(PINNED["points_w2"], rel=1e-5)
    d = compare_digits("3", 8, 10, 0.0, 5)
    _same("digits_ddpm", d.ddpm.generated.x)
    _same("digits_ddim", d.ddim.generated.x)
    _same("gan_digits", gan_sample(checkpoints.load_model("gan-digits"), 8, 3))
    with torch.no_grad():
        z = torch.randn(16, 2, generator=torch.Generator().manual_seed(1))
        _same("gan_ring", checkpoints.load_model("gan-2d-ring-wgan-gp-s0").generator(z))
    r = run_request({"composite": render_example("4")}, "stroke", "4", 1.0, False, 1.5, 10, 2, 3)
    _same("controlnet_stroke", r.generated.x)


def test_training_loops_reproduce_the_runs_pinned_before_the_relayout():
    from core.data.pools import Pool
    from core.data.toy2d import sample_iid
    from core.diffusion.objective import DiffusionTrainConfig, diffusion_run
    from core.diffusion.schedules import points_schedule
    from core.gan.sandbox import Sandbox, Settings
    from core.nn.mlp2d import TimeMLP
    from core.runtime import device
    from core.train.loop import train

    with device.seeded(0):
        tm = TimeMLP(hidden=32, depth=2, time_embed_dim=16)
    run = diffusion_run(tm, Pool(sample_iid("8gaussians", 3000, 0), None), points_schedule(),
                        DiffusionTrainConfig(steps=30, batch_size=64, log_every=10, warmup=5, seed=2))
    losses = [e.loss for e in train(run)]
    np.testing.assert_allclose(losses, PINNED["diffusion_losses"], rtol=1e-5)
    _same("diffusion_ema", torch.cat([p.flatten() for p in run.ema.parameters()]))
    box = Sandbox.continue_or_create(None, "ring", None, Settings(
        loss="wgan-gp", optimizer="adam", lr_g=1e-3, lr_d=1e-3, d_steps=5, gp_lambda=0.1, clip=0.01, batch_size=64,
        noise_dim=2, hidden=32, depth=2, seed=4))
    for _ in box.session.run(40):
        pass
    np.testing.assert_allclose(box.run.history.d_loss, PINNED["gan_d_loss"], rtol=1e-5)
    _same("gan_sandbox_g", torch.cat([p.flatten() for p in box.model.generator.parameters()]))


def _model_fingerprint() -> dict:
    from core.runtime import checkpoints

    out = {}
    for name in ("digits-unet", "digits-classifier", "gan-digits", "controlnet-stroke", "ddpm-2d-moons",
                 "gan-2d-ring-wgan-gp-s0"):
        m = checkpoints.load_model(name)
        out[name] = (m.training, [p.requires_grad for p in m.parameters()],
                     float(sum(p.detach().double().abs().sum() for p in m.parameters())),
                     float(sum(b.double().abs().sum() for b in m.buffers() if b.is_floating_point())))
    return out


def test_requests_neither_reseed_the_process_nor_change_shared_models():
    from core.controlnet.drawing import render_example
    from demos.controlnet import tab as controlnet_tab
    from demos.diffusion import tab as diffusion_tab
    from demos.gan import tab as gan_tab

    before_models = _model_fingerprint()
    torch.manual_seed(1234)
    rng = torch.get_rng_state()
    np_rng = np.random.get_state()[1].copy()
    diffusion_tab.sample_points("moons", None, "shipped", 10, 0.0, 200, 3, None)
    diffusion_tab.sample_digits("5", 4, 5, 0.0, 3)
    live = None
    for out in diffusion_tab.train_points(None, "moons", None, 100, 3):
        live = out[-1]
    diffusion_tab.step_training(live, "moons", None, 200, 3)
    settings = ["wgan-gp", "adam", 1e-3, 1e-3, 1, 0.1, 0.01, 32, 2, 16, 1, 3]
    box = gan_tab.step(None, "ring", None, *settings)[0]
    for out in gan_tab.train(box, "ring", None, *settings, 5):
        pass
    gan_tab.load_shipped("wgan-gp", "ring", 0)
    gan_tab.generate_digits(4, 2)
    gan_tab.interpolate_digits(1, 2, 3)
    controlnet_tab.generate({"composite": render_example("3")}, "stroke", "3", 1.0, False, 1.5, 4, 2, 1)
    assert torch.equal(torch.get_rng_state(), rng), "a request reseeded torch's global RNG"
    assert np.array_equal(np.random.get_state()[1], np_rng), "a request reseeded numpy's global RNG"
    assert _model_fingerprint() == before_models, "a request changed a shared (cached) model"


def test_interleaved_sessions_match_each_run_alone():
    """Two users' live runs, stepped alternately in two threads, end exactly where each ends alone."""
    from core.diffusion.live import LiveDiffusionPoints
    from core.gan.sandbox import Sandbox, Settings

    def gan(seed):
        return Sandbox.continue_or_create(None, "ring", None, Settings(
            loss="minimax", optimizer="adam", lr_g=1e-3, lr_d=1e-3, d_steps=1, gp_lambda=0.1, clip=0.01, batch_size=32,
            noise_dim=2, hidden=16, depth=1, seed=seed))

    def diffusion(seed):
        return LiveDiffusionPoints.continue_or_create(None, "8gaussians", None, 100, seed)

    def state(obj):
        model = obj.model.generator if hasattr(obj.model, "generator") else obj.run.model
        return torch.cat([p.detach().flatten() for p in model.parameters()])

    for make in (gan, diffusion):
        alone = {}
        for seed in (1, 2):
            s = make(seed)
            for _ in range(8):
                s.session.step()
            alone[seed] = state(s)
        a, b = make(1), make(2)
        barrier = threading.Barrier(2)

        def work(s):
            for _ in range(8):
                barrier.wait()
                s.session.step()

        threads = [threading.Thread(target=work, args=(s,)) for s in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert torch.equal(state(a), alone[1]) and torch.equal(state(b), alone[2])
        assert not torch.equal(alone[1], alone[2])


def test_sampling_requests_interleaved_in_threads_match_each_alone():
    from core.diffusion.compare import compare_digits

    alone = {s: compare_digits("7", 4, 8, 0.5, s).ddim.generated.x for s in (1, 2)}
    results = {}

    def work(seed):
        results[seed] = compare_digits("7", 4, 8, 0.5, seed).ddim.generated.x

    threads = [threading.Thread(target=work, args=(s,)) for s in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(torch.equal(results[s], alone[s]) for s in (1, 2))
