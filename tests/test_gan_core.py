"""Unit tests of core.gan: mixtures and coverage, losses, the training run, the probe, the
JS-vs-W1 experiment, the sandbox settings and the digits helpers."""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import torch

from core.data.mixtures import MIXTURES, grid_5x5, ring_of_8
from core.data.targets import DATASETS, make_target
from core.gan import losses
from core.gan.digits import slerp
from core.gan.experiment import W1_TOLERANCE, ExperimentConfig, measure
from core.gan.models import DigitCritic, DigitGenerator, PointCritic, PointGAN
from core.gan.probe import ARROWS, GRID, SHOW_POINTS, Probe
from core.gan.recipes import LR_FINAL, shipped_name
from core.gan.sandbox import Arch, GanFrames, Sandbox, Settings
from core.gan.train import DEFAULTS, GanRun, GanTrainConfig
from core.metrics.coverage import coverage
from core.metrics.sliced_w2 import w2_with_floor
from core.runtime.validation import InvalidInput
from core.train.live import LiveSession


def test_ring_centres_are_endpoint_false_angles():
    ring = ring_of_8()
    angles = np.arctan2(ring.centres[:, 1], ring.centres[:, 0]) % (2 * np.pi)
    np.testing.assert_allclose(np.sort(angles), np.arange(8) * 2 * np.pi / 8, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(ring.centres, axis=1), 2.0)
    assert ring.sigma == 0.02


def test_grid_is_5x5_with_spacing_2():
    grid = grid_5x5()
    assert grid.centres.shape == (25, 2)
    assert sorted(set(grid.centres[:, 0])) == [-4, -2, 0, 2, 4]
    assert len({tuple(c) for c in grid.centres}) == 25


@pytest.mark.parametrize("name", ["ring", "grid"])
def test_real_samples_cover_every_mode_at_the_chi2_rate(name):
    mix = MIXTURES[name]
    x = mix.sample(20_000, seed=3)
    c = coverage(x, mix)
    assert c["modes"] == c["num_modes"] == len(mix.centres)
    # For an isotropic 2D Gaussian P(|x - mu| <= 3 sigma) = 1 - exp(-9/2) = 0.98889.
    assert c["hq"] == pytest.approx(1 - math.exp(-4.5), abs=0.004)
    assert x.std(axis=0).min() > 1.0  # the points spread over the modes, not one blob


def test_coverage_of_a_collapsed_generator():
    mix = MIXTURES["ring"]
    one_mode = np.repeat(mix.centres[:1], 100, axis=0) + 0.01
    c = coverage(one_mode, mix)
    assert (c["modes"], c["hq"]) == (1, 1.0)
    far = np.full((50, 2), 10.0)
    assert coverage(far, mix)["modes"] == 0 and coverage(far, mix)["hq"] == 0.0
    bad = np.vstack([one_mode[:10], np.full((10, 2), np.nan)])
    assert coverage(bad, mix)["hq"] == pytest.approx(0.5)


def test_losses_match_their_definitions():
    s_real, s_fake = torch.tensor([2.0, -1.0]), torch.tensor([0.5, -3.0])
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    expected = bce(s_real, torch.ones(2)) + bce(s_fake, torch.zeros(2))
    assert losses.critic_objective("minimax", s_real, s_fake) == pytest.approx(float(expected))
    d = torch.sigmoid(s_fake)
    assert float(losses.generator_objective("minimax", s_fake)) == pytest.approx(float(torch.log(1 - d).mean()), 1e-5)
    assert float(losses.generator_objective("nonsaturating", s_fake)) == pytest.approx(float(-torch.log(d).mean()), 1e-5)
    assert float(losses.critic_objective("wgan", s_real, s_fake)) == pytest.approx(float(s_fake.mean() - s_real.mean()))
    assert float(losses.generator_objective("wgan-gp", s_fake)) == pytest.approx(float(-s_fake.mean()))


def test_gradient_penalty_is_zero_for_a_unit_slope_critic_and_positive_otherwise():
    x = torch.randn(64, 2, requires_grad=True)
    w = torch.tensor([0.6, 0.8])
    assert float(losses.gradient_penalty(x @ w, x)) == pytest.approx(0.0, abs=1e-10)
    x2 = torch.randn(64, 2, requires_grad=True)
    assert float(losses.gradient_penalty(x2 @ (3 * w), x2)) == pytest.approx(4.0, rel=1e-5)  # (|3w| - 1)^2


def test_weight_clipping_bounds_every_parameter():
    critic = PointCritic(hidden=16, depth=2)
    losses.clip_weights(critic, 0.01)
    assert max(float(p.detach().abs().max()) for p in critic.parameters()) <= 0.01


def train_live(run, iterations, interval=0.25, max_seconds=1e9):
    """The shared live session's run (``core.train.live``) on a GAN run."""
    return LiveSession(run, interval, max_seconds).run(iterations)


def _run(loss="wgan-gp", seed=0, **changes) -> GanRun:
    torch.manual_seed(seed)
    model = PointGAN(noise_dim=2, hidden=32, depth=2)
    cfg = replace(DEFAULTS[loss], seed=seed, batch_size=32, **changes)
    return GanRun(model.generator, model.critic, make_target("ring").pool(seed, 2000), cfg)


@pytest.mark.parametrize("loss", losses.LOSSES)
def test_a_run_counts_updates_and_logs_history(loss):
    run = _run(loss, log_every=5)
    events = list(train_live(run, 20, interval=0.0))
    assert events[-1].done and events[-1].iteration == 20
    assert run.updates == 20 * (run.cfg.d_steps + 1)
    assert run.history.iteration == [5, 10, 15, 20]
    assert len(run.history.w_estimate) == (4 if losses.is_wasserstein(loss) else 0)
    assert all(np.isfinite(run.history.d_loss)) and all(np.isfinite(run.history.g_loss))
    if loss == "wgan":
        assert max(float(p.detach().abs().max()) for p in run.critic.parameters()) <= run.cfg.clip + 1e-12


def test_runs_are_reproducible_and_resume_where_they_stopped():
    a, b = _run(seed=5), _run(seed=5)
    for _ in train_live(a, 12):
        pass
    for i, _ in enumerate(train_live(b, 12, interval=0.0)):  # stop early: a pause...
        if b.iteration >= 7:
            break
    assert b.iteration == 7
    for _ in train_live(b, 5):  # ...then resume
        pass
    assert b.iteration == 12
    for pa, pb in zip(a.generator.parameters(), b.generator.parameters()):
        torch.testing.assert_close(pa, pb)
    c = _run(seed=6)
    for _ in train_live(c, 12):
        pass
    assert not torch.allclose(next(a.generator.parameters()), next(c.generator.parameters()))


def test_reconfigure_applies_live_fields_only():
    run = _run()
    run.reconfigure(replace(run.cfg, lr_g=1e-4, d_steps=2, optimizer="rmsprop"))
    assert isinstance(run.opt_g, torch.optim.RMSprop) and run.opt_g.param_groups[0]["lr"] == 1e-4
    run.iterate()
    assert run.updates == 3
    with pytest.raises(ValueError):
        run.reconfigure(replace(run.cfg, loss="minimax"))


def test_max_seconds_bounds_a_call():
    run = _run()
    events = list(train_live(run, 10**6, interval=0.05, max_seconds=0.3))
    assert events[-1].done and run.iteration < 10**6


def test_probe_arrows_follow_a_linear_critic():
    run = _run("wgan-gp")
    w = torch.tensor([0.3, -0.4])
    with torch.no_grad():  # make f(x) = w . x: then -grad_x L_G = grad_x f = w everywhere
        for p in run.critic.parameters():
            p.zero_()
        run.critic.net[0].weight[0] = w
        run.critic.net[0].bias.fill_(10.0)  # keep the first unit in LeakyReLU's linear part
        run.critic.net[2].weight[0, 0] = 1.0
        run.critic.net[-1].weight[0, 0] = 1.0
    probe = Probe(make_target("ring"), 2, seed=0)
    snap = probe.snapshot(run, with_w2=False)
    assert snap.values.shape == (GRID, GRID) and snap.fake.shape == (SHOW_POINTS, 2) and len(snap.arrow_at) == ARROWS
    np.testing.assert_allclose(snap.arrow_dir, np.tile(w.numpy(), (len(snap.arrow_dir), 1)), atol=1e-6)
    # the heatmap is f on the grid: rows are y, columns are x
    assert snap.values[0, -1] - snap.values[0, 0] == pytest.approx(0.3 * 2 * 3.0, rel=1e-4)


def test_probe_w2_equals_w2_with_floor():
    target = make_target("grid")
    probe = Probe(target, 2, seed=4)
    x = target.draw(700, 99) * 1.1
    ours = probe.w2(x)
    ref = w2_with_floor(x, target.draw, seed=4)
    for k in ("w2", "floor", "ratio"):
        assert ours[k] == pytest.approx(ref[k], rel=1e-9)


def test_js_gradient_vanishes_while_w1_gradient_stays():
    far = measure(3.0, ExperimentConfig(steps=150))
    near = measure(0.1, ExperimentConfig(steps=150))
    assert far.grad_js < 1e-3 < 0.5 < far.grad_w1 < 2.0  # JS saturates; W1 keeps a slope near 1
    assert near.grad_js > 100 * far.grad_js
    assert far.js_estimate == pytest.approx(math.log(2), abs=0.01)
    assert far.w1_estimate > 5 * near.w1_estimate


@pytest.mark.parametrize("theta", [0.5, 4.0])
def test_critic_estimates_w1_within_its_tolerance(theta):
    """At the default settings (the figure the page opens with) the W1 estimate is theta within W1_TOLERANCE; the
    critic's raw gap overshoots by its slope, 1 + theta / (2 lambda), as the soft gradient penalty predicts."""
    r = measure(theta)
    assert r.w1_estimate == pytest.approx(theta, rel=W1_TOLERANCE)
    assert r.slope == pytest.approx(1 + theta / (2 * ExperimentConfig().gp_lambda), rel=0.02)
    assert r.w1_gap == pytest.approx(r.w1_estimate * r.slope, rel=1e-6)


GOOD = Settings(loss="wgan", optimizer="sgd", lr_g=1e-3, lr_d=2e-3, d_steps=3, gp_lambda=0.5, clip=0.02,
                batch_size=64, noise_dim=4, hidden=32, depth=2, seed=7)


def test_settings_are_checked():
    arch, cfg = GOOD.check()
    assert arch == Arch(4, 32, 2) and cfg.loss == "wgan" and cfg.lr_d == 2e-3 and cfg.seed == 7
    assert Settings.of(arch, cfg) == GOOD and Settings(*GOOD.values()) == GOOD
    for name, bad in [("loss", "lsgan"), ("optimizer", "lbfgs"), ("lr_g", 1.0), ("d_steps", 0), ("batch_size", 4096),
                      ("noise_dim", 0), ("depth", 9), ("seed", -1), ("lr_g", "nan")]:
        with pytest.raises(InvalidInput):
            replace(GOOD, **{name: bad}).check()


def test_sandbox_continues_only_compatible_runs():
    arch, cfg = replace(GOOD, loss="minimax", optimizer="adam", lr_d=1e-3, d_steps=1, gp_lambda=0.1, clip=0.01,
                        batch_size=32, noise_dim=2, hidden=16, depth=1, seed=0).check()
    box = Sandbox.create("moons", None, arch, cfg)
    assert box.last.coverage is None and box.last.w2 is not None  # no modes to count on moons
    assert box.matches("moons", None, arch, replace(cfg, lr_g=5e-4))
    assert not box.matches("moons", None, arch, replace(cfg, seed=1))
    assert not box.matches("ring", None, arch, cfg)
    assert not box.matches("moons", None, Arch(2, 16, 2), cfg)
    with pytest.raises(InvalidInput):
        Sandbox.create("drawing", None, arch, cfg)
    assert set(DATASETS) >= {"ring", "grid", "moons", "drawing"}


def test_continue_or_create_keeps_the_run_and_applies_live_settings():
    settings = Settings("minimax", "adam", 1e-3, 1e-3, 1, 0.1, 0.01, 32, 2, 16, 1, 0)
    box = Sandbox.continue_or_create(None, "moons", None, settings)
    box.run.iterate()
    faster = replace(settings, lr_g=5e-4)  # a live setting: the same run goes on with it
    same = Sandbox.continue_or_create(box, "moons", None, faster)
    assert same is box and box.run.cfg.lr_g == 5e-4 and box.run.iteration == 1
    reseeded = replace(settings, seed=1)  # the seed defines the experiment: a new run
    other = Sandbox.continue_or_create(box, "moons", None, reseeded)
    assert other is not box and other.run.iteration == 0
    assert Sandbox.continue_or_create("not a sandbox", "ring", None, settings).target.name == "ring"
    with pytest.raises(InvalidInput):
        Sandbox.continue_or_create(box, "moons", None, replace(settings, seed=-1))
    with pytest.raises(InvalidInput):
        Sandbox.continue_or_create(box, "banana", None, settings)


def test_shipped_names_are_checked():
    assert shipped_name("wgan-gp", "ring", 0) == "gan-2d-ring-wgan-gp-s0"
    for args in [("lsgan", "ring", 0), ("wgan-gp", "moons", 0), ("wgan-gp", "ring", 3)]:
        with pytest.raises(InvalidInput):
            shipped_name(*args)


def test_drawing_target_follows_the_ink():
    canvas = np.zeros((64, 64, 4), dtype=np.uint8)
    canvas[:, 40:48, 3] = 255  # a vertical bar right of centre
    box = Sandbox.create("drawing", {"composite": canvas}, Arch(2, 16, 1),
                         GanTrainConfig(loss="minimax", d_steps=1, batch_size=32))
    x = box.run.draw_real(1000, torch.Generator().manual_seed(0))[0].numpy()
    assert x[:, 0].min() > 0.9 and x[:, 0].max() < 2.1


def test_models_round_trip_through_save_pretrained(tmp_path):
    g = DigitGenerator(noise_dim=8, channels=8).eval()
    z = torch.randn(4, 8)
    out = g(z)
    assert out.shape == (4, 1, 8, 8) and float(out.detach().abs().max()) <= 1.0
    assert DigitCritic(channels=8)(out).shape == (4,)
    g.save_pretrained(tmp_path / "g", safe_serialization=True)
    g2 = DigitGenerator.from_pretrained(tmp_path / "g", use_safetensors=True).eval()
    torch.testing.assert_close(g2(z), out)
    pair = PointGAN(noise_dim=3, hidden=16, depth=2)
    pair.save_pretrained(tmp_path / "p", safe_serialization=True)
    pair2 = PointGAN.from_pretrained(tmp_path / "p", use_safetensors=True)
    x = torch.randn(5, 2)
    torch.testing.assert_close(pair2.critic(x), pair.critic(x))


def test_slerp_keeps_endpoints_and_gaussian_norms():
    gen = torch.Generator().manual_seed(0)
    a, b = torch.randn(32, generator=gen), torch.randn(32, generator=gen)
    path = slerp(a, b, torch.linspace(0, 1, 9))
    torch.testing.assert_close(path[0], a)
    torch.testing.assert_close(path[-1], b)
    mid = float(path[4].norm())
    assert mid > 0.9 * min(float(a.norm()), float(b.norm()))  # linear interpolation would shrink to ~0.7x


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop", "sgd"])
@pytest.mark.parametrize("loss", losses.LOSSES)
def test_hand_derived_gradients_match_autograd(loss, optimizer):
    """MlpGanRun (no autograd, GP differentiated by hand) follows GanRun's trajectory step for step."""
    import copy

    from core.gan.train import MlpGanRun

    pool = make_target("ring").pool(0, 2000)
    torch.manual_seed(0)
    a_model = PointGAN(noise_dim=3, hidden=16, depth=3).double()
    b_model = copy.deepcopy(a_model)
    cfg = replace(DEFAULTS[loss], optimizer=optimizer, batch_size=16, d_steps=2, gp_lambda=0.7)
    runs = [cls(m.generator, m.critic, lambda n, g: (pool(n, g)[0].double(),), cfg)
            for cls, m in ((GanRun, a_model), (MlpGanRun, b_model))]
    for run in runs:
        run.noise = lambda n, run=run: torch.randn(n, 3, generator=run.rng).double()
        for _ in range(10):
            run.iterate()
    for pa, pb in zip(a_model.parameters(), b_model.parameters()):
        torch.testing.assert_close(pa.detach(), pb.detach(), rtol=1e-6, atol=1e-6)
    assert runs[0].history.d_loss == pytest.approx(runs[1].history.d_loss, rel=1e-7)


def test_fast_path_is_chosen_for_point_mlps_only():
    from core.gan.train import MlpGanRun, make_run

    pair = PointGAN(hidden=8, depth=1)
    pool = make_target("ring").pool(0, 100)
    assert isinstance(make_run(pair.generator, pair.critic, pool, GanTrainConfig()), MlpGanRun)
    g, f = DigitGenerator(noise_dim=4, channels=4), DigitCritic(channels=4)
    run = make_run(g, f, lambda n, gen: (torch.rand(n, 1, 8, 8, generator=gen) * 2 - 1,), GanTrainConfig(batch_size=4))
    assert type(run) is GanRun
    run.iterate()
    assert run.updates == GanTrainConfig().d_steps + 1


def test_a_shipped_run_goes_on_from_what_is_shown():
    """Resuming a shipped run continues it at the learning rates it ended with: it keeps its modes."""
    box = Sandbox.from_checkpoint("gan-2d-ring-wgan-gp-s0")
    assert box.last.coverage["modes"] == 8 and box.run.iteration == 6000
    settings = box.settings  # what the controls show
    same = Sandbox.continue_or_create(box, "ring", None, settings)
    assert same is box
    same.session.step()
    assert same.frame(force_w2=True).coverage["modes"] == 8 and same.run.iteration == 6001
    start = DEFAULTS["wgan-gp"]
    assert (same.run.cfg.lr_g, same.run.cfg.lr_d) == pytest.approx((start.lr_g * LR_FINAL, start.lr_d * LR_FINAL))


def test_only_continuing_the_shipped_run_uses_its_final_rates():
    """The page opens on a shipped run: its controls show the rates its schedule started from (the loss's
    recommended ones), and any fresh run made from them (other data, a drawing, Reset) trains at those;
    only going on with the shipped run itself trains at the rates it ended with (``LR_FINAL`` of them)."""
    shown = GanFrames.shipped("gan-2d-ring-wgan-gp-s0")  # what the page opens with (no live run)
    start = DEFAULTS["wgan-gp"]
    assert (shown.settings.lr_g, shown.settings.lr_d) == (start.lr_g, start.lr_d)
    canvas = np.zeros((64, 64, 4), dtype=np.uint8)
    canvas[20:44, 20:44, 3] = 255
    drawn = {"composite": canvas}
    for box_in, dataset, drawing in [(shown, "moons", None), (shown, "drawing", drawn),  # other data, a drawing
                                     (None, "ring", None)]:  # Reset
        box = Sandbox.continue_or_create(box_in, dataset, drawing, shown.settings)
        assert box.run.iteration == 0 and box.lr_scale == 1.0
        assert (box.run.cfg.lr_g, box.run.cfg.lr_d) == (start.lr_g, start.lr_d)
        again = Sandbox.continue_or_create(box, dataset, drawing, shown.settings)  # Train on it
        assert again is box and (again.run.cfg.lr_g, again.run.cfg.lr_d) == (start.lr_g, start.lr_d)
    going_on = Sandbox.continue_or_create(shown, "ring", None, shown.settings)  # continue the shipped run
    assert going_on.run.iteration == 6000 and going_on.settings == shown.settings
    assert (going_on.run.cfg.lr_g, going_on.run.cfg.lr_d) == pytest.approx((start.lr_g * LR_FINAL,
                                                                           start.lr_d * LR_FINAL))
