"""No device mix-ups: every request path runs as if the process device were an accelerator.

On a GPU machine ``core.runtime.device.device()`` is ``cuda``, ``generator(seed)`` makes a CUDA generator and
``place`` moves models there; PyTorch then refuses a CPU tensor drawn from a CUDA generator, an op mixing a
CUDA tensor with a CPU one (a 0-dim CPU tensor aside) and ``.numpy()`` of a CUDA tensor. This machine has
no GPU, so ``Accelerated`` emulates one: the computation runs on the CPU, unchanged, while every tensor
carries the device it would have. ``device()`` answers ``ACCEL`` (the pretend accelerator), a factory or
``.to`` asked for it makes a CPU tensor marked as on it, ``Tensor.device`` of a marked tensor answers
``ACCEL``, ``generator`` makes a CPU generator that says it is on ``ACCEL``, and every op is checked
against the rules above. Each request function of core (the functions behind the endpoints, the tabs' calls, the
live runs' previews) runs once under it, at small valid settings.
"""
from __future__ import annotations

import os
import traceback
import weakref
from pathlib import Path

import pytest
import torch
from torch.overrides import TorchFunctionMode
from torch.utils._pytree import tree_flatten

from core.runtime import checkpoints, device

ACCEL = torch.device("privateuseone")  # the pretend accelerator (not meta: diffusers loads models through meta)
CPU = torch.device("cpu")
ROOT = Path(__file__).resolve().parent.parent
MOVES = {"to", "cpu", "copy_", "__setitem__", "__getitem__",  # ops that may take tensors across devices
         "_has_compatible_shallow_copy_type"}


class AccelGenerator(torch.Generator):
    """What ``device.generator`` returns on an accelerator: a generator on it (here: a CPU one that says so)."""

    @property
    def device(self) -> torch.device:
        return ACCEL


_PLACES: dict[int, tuple] = {}  # id(tensor) -> (weak reference, on the accelerator?)


def on_accel(t: torch.Tensor) -> bool:
    entry = _PLACES.get(id(t))
    return entry is not None and entry[0]() is t and entry[1]


def mark(value, accel: bool) -> None:
    """Mark every tensor in ``value`` as on the accelerator (``accel``) or on the CPU."""
    if len(_PLACES) > 200_000:
        for key in [k for k, (ref, _) in _PLACES.items() if ref() is None]:
            del _PLACES[key]
    for t in tree_flatten(value)[0]:
        if isinstance(t, torch.Tensor):
            _PLACES[id(t)] = (weakref.ref(t), bool(accel))


def is_accel(dev) -> bool | None:
    """True for the pretend accelerator, False for another device, None when no device is named."""
    if dev is None:
        return None
    return torch.device(dev).type == ACCEL.type


def where(t: torch.Tensor) -> str:
    return f"{'accelerator' if on_accel(t) else 'cpu'} {tuple(t.shape)}"


class Accelerated(TorchFunctionMode):
    """Run on the CPU while checking every op as PyTorch checks it on an accelerator (see the module docstring).
    ``problems`` collects one line per refused op."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def refuse(self, func, message: str) -> None:
        frames = [f for f in traceback.extract_stack() if f"{os.sep}core{os.sep}" in f.filename]
        at = f" at {Path(frames[-1].filename).relative_to(ROOT)}:{frames[-1].lineno}" if frames else ""
        self.problems.append(f"{getattr(func, '__name__', func)}{at}: {message}")

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        name = getattr(func, "__name__", "")
        owner = getattr(getattr(func, "__self__", None), "__name__", "")
        if name in ("__get__", "__set__") and owner:  # a tensor attribute: device, data, grad, shape...
            return self.attribute(func, name, owner, args)
        if name == "_parse_to":  # Module.to reading its arguments: the tensors' .to calls follow
            return func(*args, **kwargs)
        if name == "to":
            return self.move(func, args, kwargs)
        if name == "cpu":
            return self.moved(args[0], func(*args, **kwargs), False)
        if name in ("numpy", "__array__") and on_accel(args[0]):
            self.refuse(func, f"cannot convert an accelerator tensor {where(args[0])} to numpy (call .cpu() first)")
        target = None
        if "device" in kwargs:
            target = is_accel(kwargs["device"])
            if target:
                kwargs["device"] = CPU
        tensors = [t for t in tree_flatten((args, kwargs))[0] if isinstance(t, torch.Tensor)]
        if name not in MOVES:
            self.check_mix(func, tensors)
        out = func(*args, **kwargs)
        accel = target if target is not None else any(on_accel(t) for t in tensors)
        if name == "__setitem__":
            return out
        gen = kwargs.get("generator")
        if isinstance(gen, torch.Generator) and isinstance(out, torch.Tensor):
            gen_accel = isinstance(gen, AccelGenerator)
            if gen_accel != accel:
                self.refuse(func, f"a generator on {'the accelerator' if gen_accel else 'the cpu'} drew a tensor "
                                  f"on {'the accelerator' if accel else 'the cpu'} {tuple(out.shape)}")
        if name in ("copy_",) or name.endswith("_") and tensors and out is tensors[0]:
            return out  # in place: the tensor stays where it is
        mark(out, accel)
        return out

    def attribute(self, func, name, owner, args):
        if name == "__set__":
            out = func(*args)
            if owner == "data":  # param.data = moved: the parameter now lives where ``moved`` does
                mark(args[0], on_accel(args[1]))
            return out
        out = func(*args)
        if owner == "device":
            return ACCEL if on_accel(args[0]) else out
        if isinstance(out, torch.Tensor):  # .data, .grad, .T ...: on the tensor's device
            mark(out, on_accel(args[0]))
        return out

    def move(self, func, args, kwargs):
        self_t = args[0]
        rest = list(args[1:])
        if rest and isinstance(rest[0], torch.Tensor):  # x.to(other): other's device and dtype
            accel = on_accel(rest[0])
            return self.moved(self_t, func(self_t, rest[0].dtype, *rest[1:], **kwargs), accel)
        accel = None
        for i, a in enumerate(rest):
            if isinstance(a, (str, torch.device)) and is_accel_like(a):
                accel = is_accel(a)
                rest[i] = CPU
        if "device" in kwargs and kwargs["device"] is not None:
            accel = is_accel(kwargs["device"])
            kwargs["device"] = CPU
        return self.moved(self_t, func(self_t, *rest, **kwargs), on_accel(self_t) if accel is None else accel)

    @staticmethod
    def moved(source: torch.Tensor, out: torch.Tensor, accel: bool) -> torch.Tensor:
        """``out`` of moving ``source`` to the accelerator (``accel``) or the CPU: a copy when it changes device
        (the CPU returned ``source`` itself, which stays where it was)."""
        if out is source and on_accel(source) != accel:
            out = source.clone()
        mark(out, accel)
        return out

    def check_mix(self, func, tensors) -> None:
        full = [t for t in tensors if t.dim() > 0]
        if not full:
            return
        devices = {on_accel(t) for t in full}
        scalars_on_accel = [t for t in tensors if t.dim() == 0 and on_accel(t)]
        if len(devices) > 1 or (scalars_on_accel and devices == {False}):
            self.refuse(func, "tensors on two devices: " + ", ".join(where(t) for t in tensors))


def is_accel_like(value) -> bool:
    try:
        torch.device(value)
    except (RuntimeError, TypeError):
        return False
    return True


class OneDeviceAccelerator:
    """``accelerate.Accelerator`` on one device, the process's (what the training loop asks of it)."""

    process_index = 0

    @property
    def device(self) -> torch.device:
        return device.device()

    def prepare(self, *objs):
        return tuple(o.to(self.device) if isinstance(o, torch.nn.Module) else o for o in objs)

    def backward(self, loss):
        loss.backward()

    def clip_grad_norm_(self, params, max_norm):
        return torch.nn.utils.clip_grad_norm_(params, max_norm)

    def unwrap_model(self, model):
        return model


def clear_model_caches() -> None:
    """Models and tensors cached by earlier tests were made on the CPU: each case loads its own."""
    import functools
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("core.") and module is not None:
            for value in list(vars(module).values()):
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()


@pytest.fixture(scope="module")
def pretend_accelerator():
    """The process device is ``ACCEL`` for this module: ``device()``, ``generator``, the training loop's
    accelerator and every model loaded meanwhile (caches are emptied before and after)."""
    import core.train.loop

    new = torch.nn.Parameter.__dict__["__new__"]

    def parameter(cls, data=None, requires_grad=True):  # a parameter lives where its data does (deepcopy too)
        out = new(cls, data, requires_grad)
        if isinstance(data, torch.Tensor):
            mark(out, on_accel(data))
        return out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(device, "device", lambda: ACCEL)
        mp.setattr(device, "generator", lambda seed: AccelGenerator().manual_seed(int(seed)))
        mp.setattr(core.train.loop, "Accelerator", OneDeviceAccelerator)
        torch.nn.Parameter.__new__ = parameter
        clear_model_caches()
        try:
            yield
        finally:
            torch.nn.Parameter.__new__ = new
            clear_model_caches()
            _PLACES.clear()


def live(make, steps: int = 5):
    """A live run (``make()``) after ``steps`` updates and one recorded point, as the tabs leave it."""
    run = make()
    ev = run.session.step(steps)
    run.record(ev.iteration, ev.loss)
    return run


def extra_cases() -> dict:
    """The request functions ``tests.pinned`` does not pin (small settings: each runs in well under a second)."""
    from core.data.targets import make_target
    from core.diffusion import framework, nfe, sweeps
    from core.diffusion.compare import PointsSettings, compare_digits, compare_points_request
    from core.diffusion.live import LiveDiffusionPoints
    from core.flows.density import GRID, density_grid
    from core.flows.live import LiveDensityFlow
    from core.flows.request import evaluate_request, interpolate_request, layers_request
    from core.gan import digits as gan_digits
    from core.gan.experiment import checked_config, sweep
    from core.gan.recipes import shipped_name
    from core.gan.sandbox import Sandbox
    from core.guidance.request import field_request
    from core.metrics.classify import real_digits_figures
    from core.rectified_flow import digits as rf_digits
    from core.rectified_flow.live import LiveRectifiedFlow
    from core.rectified_flow.points import make_source
    from core.rectified_flow.request import digits_request as rf_digits_request
    from core.rectified_flow.request import points_request as rf_points
    from core.sampling.solvers import SAMPLERS
    from core.vae import request as vae

    def flows_live():
        run = live(lambda: LiveDensityFlow(make_target("moons"), "realnvp", 4, 300, 3))
        return (evaluate_request("moons", None, "live", None, run),
                layers_request("moons", None, "live", None, 100, 3, run),
                density_grid(run.model, run.target.extent, GRID // 2))

    def rectified_flow_live():
        run = live(lambda: LiveRectifiedFlow(make_source("gaussian", None), make_target("moons"), "independent",
                                             300, 3))
        run.reflow()
        run.session.step(2)
        run.record(run.run.iteration, 0.0)
        return run.preview(), rf_points("gaussian", "moons", None, None, "live", run, 2, 50, 3)

    return {
        "score_field": lambda: framework.score_field_request("moons", -1.0, 8, 0),
        **{f"sampler_{k}": lambda k=k: nfe.sampler_points_request("moons", k, 4, 100, 3) for k in SAMPLERS},
        "ddim_sweep": lambda: sweeps.sweep_points("moons", steps=(2,), etas=(0.0,), n=100, seeds=(0,)),
        "diffusion_digits_any": lambda: compare_digits("any", 2, 2, 0.0, 3),
        "diffusion_live": lambda: compare_points_request(
            PointsSettings("moons", "live", steps=2, eta=0.5, n=50, seed=3),
            live=live(lambda: LiveDiffusionPoints(make_target("moons"), 300, 3))),
        "diffusion_real_digits": lambda: real_digits_figures(checkpoints.load_model("digits-classifier")),
        "gan_interpolation": lambda: gan_digits.request_interpolation(1, 2, 3),
        "gan_distances": lambda: next(sweep((0.5,), checked_config(20, 0))),
        "gan_shipped_run": lambda: Sandbox.from_checkpoint(shipped_name("nonsaturating", "ring", 0)).last,
        "guidance_field": lambda: field_request("cfg", 2, 2.0, "toward", 500),
        "flows_layers": lambda: layers_request("8gaussians", None, "shipped", "realnvp", 100, 3, None),
        "flows_evaluate": lambda: evaluate_request("8gaussians", None, "shipped", "glow", None),
        "flows_interpolation": lambda: interpolate_request(0, 1, 3),
        "flows_live": flows_live,
        "rf_digits_any": lambda: rf_digits_request("any", 2, 2, 3),
        "rf_reflow_pairs": lambda: rf_digits.reflow_pairs(checkpoints.load_model("rf-digits-1"),
                                                          rf_digits.ReflowConfig(pairs=20, steps=2, batch=10)),
        "rf_live": rectified_flow_live,
        "vae_plane": lambda: (vae.posterior_means(vae.PLANE_MODELS[0]), vae.pick(vae.PLANE_MODELS[0], 0.5, -0.5),
                              vae.manifold(vae.PLANE_MODELS[0], 3, 2.0)),
        "vae_interpolate": lambda: vae.interpolate(vae.SAMPLE_MODEL, 0, 1, 3),
        "vae_reconstruct": lambda: [vae.reconstruct(name, 2, 0) for name in vae.RECON_CHOICES],
        "vae_estimators": lambda: (vae.estimator_variance(0.5, 1.0, 10, 3), vae.gumbel(0.5, 20, 3)),
        "vae_codes": lambda: vae.code_view(vae.CODEBOOK_SIZES[0], 0),
        "vae_beta_rows": vae.beta_rows,
    }


def cases() -> dict:
    """Every case: the pinned requests and live runs (``tests.pinned``), then ``extra_cases``."""
    from tests import pinned

    return {**pinned.cases(), **extra_cases()}


@pytest.mark.parametrize("name", sorted(cases()))
def test_request_runs_on_the_process_device(pretend_accelerator, name):
    fn = cases()[name]
    mode = Accelerated()
    with mode:
        fn()
    assert not mode.problems, "\n".join(mode.problems[:5])


def test_the_emulation_refuses_what_an_accelerator_refuses(pretend_accelerator):
    """The three mix-ups PyTorch refuses on CUDA are caught here, and their fixed forms pass."""
    def problems(fn) -> list[str]:
        mode = Accelerated()
        with mode:
            fn()
        return mode.problems

    with Accelerated():
        layer = device.place(torch.nn.Linear(2, 2)).requires_grad_(False)
    on_device = {"device": device.device()}
    assert problems(lambda: torch.randn(3, generator=device.generator(0)))  # a CPU tensor from a device generator
    assert problems(lambda: layer(torch.zeros(4, 2)))  # a CPU tensor into a model on the device
    assert problems(lambda: layer(torch.zeros(4, 2, **on_device)).numpy())  # numpy of a device tensor
    assert problems(lambda: torch.zeros(4, 2, **on_device) + torch.zeros(4, 2))
    assert not problems(lambda: torch.randn(3, generator=device.generator(0), **on_device).cpu().numpy())
    assert not problems(lambda: layer(torch.zeros(4, 2).to(device.device())).cpu().numpy())
    assert not problems(lambda: torch.zeros(4, 2, **on_device) * torch.tensor(2.0))  # a 0-dim CPU tensor is fine
