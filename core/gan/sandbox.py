"""The live 2D sandbox: settings checked in one place, a run with its probe and metric history.

A ``GanFrames`` is a GAN run as the tab shows it: the run, its probe, the metric history and the last
frame; ``GanFrames.shipped(name)`` shows a shipped run without training it (what a page opens with).
A ``Sandbox`` is a ``GanFrames`` that is also a ``core.train.live.LiveRun``, what the GAN tab keeps per
user between button presses: its session trains, pauses, steps and resumes the same run. Settings
that define the experiment (data, architecture, loss, seed: its key) start a new sandbox when changed;
the others (``core.gan.train.LIVE_FIELDS``) are applied to the running one.

Learning rates: the settings a run shows (``GanFrames.settings``) are the rates its schedule started from;
it trains at ``lr_scale`` times them. A fresh run trains at the rates asked (``lr_scale`` 1: the sliders'
rates, which open on the loss's recommended ones); a shipped run, which its recipe decayed to ``lr_final``
of its start, goes on at that fraction of the rates asked, i.e. at the rates it ended with.
"""
from __future__ import annotations

import copy
import time
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from core.data.targets import Target, make_target
from core.gan.losses import LOSSES
from core.gan.models import PointGAN
from core.gan.probe import Probe, Snapshot
from core.gan.train import DEFAULTS, OPTIMIZERS, make_run
from core.gan.train import GanTrainConfig as TrainConfig
from core.runtime import checkpoints, device
from core.runtime.validation import Spec, check_choice, check_seed, number
from core.train.live import LiveRun

MAX_ITERATIONS = 20_000  # iterations per training request
W2_EVERY = 2.0  # seconds between live sliced-W2 measurements
MIN_LR, MAX_LR = 1e-5, 0.1  # learning rates a request may set


@dataclass(frozen=True)
class Arch:
    noise_dim: int = 2  # latent size of the generator
    hidden: int = 128  # width of both MLPs
    depth: int = 3  # hidden layers of both MLPs


@dataclass(frozen=True)
class SandboxDefaults:
    """What the sandbox opens with: the data, the loss (whose ``DEFAULTS`` set the training settings) and the
    iterations of one training request."""

    dataset: str = "ring"  # a dataset of core.data.targets.DATASETS
    loss: str = "wgan-gp"  # its recommended settings fill the sliders
    iterations: int = 3000  # iterations per training request


SANDBOX = SandboxDefaults()
_START, _ARCH = DEFAULTS[SANDBOX.loss], Arch()
SPECS = {  # the numeric settings by field of ``Settings``: the range checked and the default shown
    "lr_g": number("generator learning rate", MIN_LR, MAX_LR, _START.lr_g, 1e-5),
    "lr_d": number("critic learning rate", MIN_LR, MAX_LR, _START.lr_d, 1e-5),
    "d_steps": Spec("D steps per G step", 1, 20, _START.d_steps),
    "gp_lambda": number("gradient-penalty lambda", 0.0, 100.0, _START.gp_lambda, 0.05),
    "clip": number("clipping bound", 1e-4, 1.0, _START.clip, 1e-4),
    "batch_size": Spec("batch size", 8, 1024, _START.batch_size, 8),
    "noise_dim": Spec("noise dimension", 1, 16, _ARCH.noise_dim),
    "hidden": Spec("hidden width", 8, 512, _ARCH.hidden, 8),
    "depth": Spec("depth", 1, 6, _ARCH.depth),
}
ITERATIONS = Spec("iterations", 1, MAX_ITERATIONS, SANDBOX.iterations)  # one training request


@dataclass(frozen=True)
class Settings:
    """Every sandbox setting as the tab's controls and the API send them, in this order (``names()``);
    unchecked until ``check()``."""

    loss: Any  # one of core.gan.losses.LOSSES
    optimizer: Any  # one of core.gan.train.OPTIMIZERS
    lr_g: Any  # generator learning rate, SPECS["lr_g"]
    lr_d: Any  # critic learning rate, SPECS["lr_d"]
    d_steps: Any  # critic updates per generator update
    gp_lambda: Any  # gradient-penalty weight (WGAN-GP)
    clip: Any  # weight-clipping bound (WGAN)
    batch_size: Any  # real and generated points per update
    noise_dim: Any  # latent size of the generator
    hidden: Any  # width of both MLPs
    depth: Any  # hidden layers of both MLPs
    seed: Any  # initialisation, minibatches and latents

    @classmethod
    def names(cls) -> list[str]:
        """The settings' names, in the order of the endpoints' parameters."""
        return [f.name for f in fields(cls)]

    @classmethod
    def of(cls, arch: Arch, cfg: TrainConfig) -> "Settings":
        """The settings of a checked ``Arch`` and ``TrainConfig`` (e.g. a shipped run's)."""
        values = {**asdict(arch), **{k: getattr(cfg, k) for k in cls.names() if hasattr(cfg, k)}}
        return cls(**{k: values[k] for k in cls.names()})

    def values(self) -> list:
        """The settings as the endpoints take them, in order."""
        return [getattr(self, k) for k in self.names()]

    def check(self) -> tuple[Arch, TrainConfig]:
        """Validate every setting (``InvalidInput`` names the range) into an ``Arch`` and a ``TrainConfig``."""
        loss, optimizer = check_choice("loss", self.loss, LOSSES), check_choice("optimizer", self.optimizer, OPTIMIZERS)
        v = {k: spec.check(getattr(self, k)) for k, spec in SPECS.items()}  # in the order of the settings
        cfg = TrainConfig(
            loss=loss, optimizer=optimizer, lr_g=v["lr_g"], lr_d=v["lr_d"], d_steps=v["d_steps"],
            gp_lambda=v["gp_lambda"], clip=v["clip"], batch_size=v["batch_size"], seed=check_seed(self.seed))
        return Arch(v["noise_dim"], v["hidden"], v["depth"]), cfg


@dataclass
class MetricHistory:
    """Metrics at the frames shown: iteration, modes covered, high-quality share, sliced W2 and its floor."""

    iteration: list[int] = field(default_factory=list)
    modes: list[int] = field(default_factory=list)
    hq: list[float] = field(default_factory=list)
    w2_iteration: list[int] = field(default_factory=list)
    w2: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)

    def modes_percent(self, num_modes: int) -> list[float]:
        """The modes covered at each frame as a share of the mixture's ``num_modes``, in %."""
        return [100 * v / num_modes for v in self.modes]


class GanFrames:
    """A run on ``target`` (its ``key`` says which data), with the architecture, loss and seed it was built for,
    as the tab shows it: ``frame()`` snapshots it through the probe into ``last`` and the metric history."""

    def __init__(self, target: Target, arch: Arch, cfg: TrainConfig, model: PointGAN | None = None,
                 lr_scale: float = 1.0):
        self.target, self.arch, self.lr_scale = target, arch, float(lr_scale)
        self.settings = Settings.of(arch, cfg)  # what the controls show: the rates asked, not yet scaled
        cfg = scaled_rates(cfg, self.lr_scale)
        if model is None:
            with device.seeded(cfg.seed):
                model = PointGAN(**asdict(arch))
        self.model = model
        self.run = make_run(model.generator, model.critic, target.pool(cfg.seed), cfg)
        self.probe = Probe(target, arch.noise_dim, cfg.seed)
        self.metrics = MetricHistory()
        self.source = "live"
        self._last_w2 = -float("inf")
        self.last_w2: dict | None = None

    @classmethod
    def shipped(cls, name: str) -> "GanFrames":
        """A copy of the shipped run ``name`` with its settings, its loss history and a frame: a ``Sandbox``
        ready to resume when ``cls`` is one, a view of the shipped run (nothing trains it) otherwise."""
        q = checkpoints.quality(name)
        train = q["train"]
        arch = Arch(train["noise_dim"], train["hidden"], train["depth"])
        cfg = TrainConfig(**{k: train[k] for k in TrainConfig.__dataclass_fields__})  # the recipe's: its start
        # The recipe decayed the learning rates to lr_final of their start: the run goes on at the rates it
        # ended with (at the starting rates, one step took the ring run from 8 modes to 1: measured).
        decay = float(train.get("lr_final", 1.0))
        model = copy.deepcopy(checkpoints.load_model(name)).cpu().requires_grad_(True).train()  # the user's own copy
        dataset = name.split("-")[2]
        box = cls(make_target(dataset), arch, cfg, model, lr_scale=decay)
        box.run.iteration, box.run.updates = q["iterations"], q["updates"]
        for k, v in q["history"].items():
            setattr(box.run.history, k, list(v))
        box.metrics = MetricHistory()
        box.source = name
        box.frame(force_w2=True)
        return box

    def frame(self, force_w2: bool = False) -> Snapshot:
        """Snapshot the run now; sliced W2 is measured at most every ``W2_EVERY`` seconds unless forced."""
        now = time.perf_counter()
        with_w2 = force_w2 or now - self._last_w2 >= W2_EVERY
        snap = self.probe.snapshot(self.run, with_w2=with_w2)
        m = self.metrics
        if snap.coverage is not None:
            if m.iteration and m.iteration[-1] == snap.iteration:
                del m.iteration[-1], m.modes[-1], m.hq[-1]
            m.iteration.append(snap.iteration)
            m.modes.append(snap.coverage["modes"])
            m.hq.append(snap.coverage["hq"])
        if snap.w2 is not None:
            self._last_w2, self.last_w2 = now, snap.w2
            if m.w2_iteration and m.w2_iteration[-1] == snap.iteration:
                del m.w2_iteration[-1], m.w2[-1], m.floor[-1]
            m.w2_iteration.append(snap.iteration)
            m.w2.append(snap.w2["w2"])
            m.floor.append(snap.w2["floor"])
        self.last = snap
        return snap


class Sandbox(GanFrames, LiveRun):
    """One user's live GAN run: ``model`` is the ``PointGAN`` being trained (its snapshot is a frame,
    ``frame()``); ``continue_or_create(box, dataset, drawing, settings)`` continues ``box`` (a ``Sandbox``,
    or a shipped run's ``GanFrames``: its copy is made then) when the settings keep its key, applying the
    others (``TAKEN``) to it."""

    TAKEN = ("cfg",)

    def __init__(self, target: Target, arch: Arch, cfg: TrainConfig, model: PointGAN | None = None,
                 lr_scale: float = 1.0):
        super().__init__(target, arch, cfg, model, lr_scale)
        self.start(self.run, self.key_of(target=target, arch=arch, cfg=cfg))

    @classmethod
    def create(cls, dataset: str, drawing: Any, arch: Arch, cfg: TrainConfig) -> "Sandbox":
        return cls(make_target(dataset, drawing), arch, cfg)

    @classmethod
    def check(cls, dataset: str, drawing: Any, settings: Settings) -> dict[str, Any]:
        """The validated ``settings`` (``InvalidInput`` names the range) and the data."""
        arch, cfg = settings.check()
        return dict(target=make_target(dataset, drawing), arch=arch, cfg=cfg)

    @classmethod
    def key_of(cls, target: Target, arch: Arch, cfg: TrainConfig, **_: Any) -> tuple:
        """Same data, architecture, loss and seed: the same experiment."""
        return target.key, arch, cfg.loss, cfg.seed

    @classmethod
    def continue_or_create(cls, box: Any, *raw: Any, **named: Any) -> "Sandbox":
        if isinstance(box, GanFrames) and not isinstance(box, cls):
            box = cls.from_checkpoint(box.source)  # the user's own copy of the shipped run on screen
        return super().continue_or_create(box, *raw, **named)

    @classmethod
    def from_checkpoint(cls, name: str) -> "Sandbox":
        """A sandbox holding a copy of the shipped run ``name``, its settings and its loss history."""
        return cls.shipped(name)

    def can_continue(self, settings: dict[str, Any]) -> bool:
        """Always: a GAN run has no end (each train request asks for its own iterations)."""
        return True

    def take(self, settings: dict[str, Any]) -> None:
        """Apply the live hyperparameters (``core.gan.train.LIVE_FIELDS``) to the running run, its learning
        rates at ``lr_scale`` of those asked (a shipped run's: the end of its schedule)."""
        self.settings = Settings.of(self.arch, settings["cfg"])
        self.run.reconfigure(scaled_rates(settings["cfg"], self.lr_scale))

    def remaining(self) -> int:
        return MAX_ITERATIONS

    def snapshot(self, final: bool = False) -> PointGAN:
        """A frame (sliced W2 measured if ``final``); the views read the model being trained."""
        self.frame(force_w2=final)
        return self.model

    def preview(self) -> Snapshot:
        return self.last

    def matches(self, dataset: str, drawing: Any, arch: Arch, cfg: TrainConfig) -> bool:
        """Whether settings can continue this run (same data, architecture, loss and seed)."""
        return self.key == self.key_of(make_target(dataset, drawing), arch, cfg)


def scaled_rates(cfg: TrainConfig, scale: float) -> TrainConfig:
    """``cfg`` with both learning rates times ``scale`` (``cfg`` itself at 1)."""
    return cfg if scale == 1.0 else replace(cfg, lr_g=cfg.lr_g * scale, lr_d=cfg.lr_d * scale)


def check_iterations(value: Any) -> int:
    """Iterations one training request may ask for: 1 to ``MAX_ITERATIONS``."""
    return ITERATIONS.check(value)
