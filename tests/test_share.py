"""Sharing: link values checked by core's validation, model export that loads back with ``from_pretrained``
(in-process and through the API), and the snippet's endpoint parameters."""
from __future__ import annotations

import zipfile

import gradio as gr
import pytest
import torch

from core.runtime.validation import MAX_SEED, InvalidInput
from demos.common import share


def _link(**components) -> share.Link:
    lk = share.Link("x", lambda **k: None, list(components), list(components.values()), [], [])
    lk.linked = {n: c for n, c in components.items() if isinstance(c, share.LINKABLE)}
    return lk


def test_link_values_go_through_core_validation():
    steps = gr.Slider(1, 1000, value=50, step=1)
    eta = gr.Slider(0.0, 1.0, value=0.0, step=0.05)
    seed = gr.Number(value=0, precision=0, minimum=0, maximum=MAX_SEED)
    dataset = gr.Dropdown(["moons", "circles"], value="moons")
    seeds = gr.Dropdown([0, 1, 2], value=0)
    guess = gr.Checkbox(False)
    assert share.parse_value("steps", steps, "20") == 20 and isinstance(share.parse_value("steps", steps, "20"), int)
    assert share.parse_value("eta", eta, "0.5") == 0.5
    assert share.parse_value("seed", seed, "3") == 3
    assert share.parse_value("dataset", dataset, "circles") == "circles"
    assert share.parse_value("seed", seeds, "2") == 2  # a choice that is a number comes back as that number
    assert share.parse_value("guess", guess, "True") is True
    bad = [("steps", steps, "5000", "from 1 to 1000"), ("steps", steps, "abc", "whole number from 1 to 1000"),
           ("steps", steps, "2.5", "whole number"), ("eta", eta, "nan", "finite number from 0 to 1"),
           ("eta", eta, "inf", "finite"), ("seed", seed, "-1", f"from 0 to {MAX_SEED}"),
           ("dataset", dataset, "mars", "one of 'moons', 'circles'"), ("seed", seeds, "7", "one of '0', '1', '2'"),
           ("guess", guess, "maybe", "one of 'true', 'false'")]
    for name, component, raw, says in bad:
        with pytest.raises(InvalidInput, match=says):
            share.parse_value(name, component, raw)


def test_a_link_with_bad_values_keeps_the_good_ones_and_lists_the_problems():
    lk = _link(steps=gr.Slider(1, 1000, value=50, step=1), seed=gr.Number(value=0, precision=0, minimum=0),
               drawing=gr.Sketchpad(), live=gr.State(None))
    values, problems = share.parse_link(lk, {"view": "x", "steps": "20", "seed": "NaN", "x" * 5000: "1"})
    assert values == {"steps": 20}
    assert len(problems) == 2 and "seed must be a whole number" in problems[0]
    assert "unknown setting" in problems[1] and len(problems[1]) < 200  # an odd key is not echoed whole
    assert list(lk.linked) == ["steps", "seed"]  # a drawing and a state never travel in a link
    assert lk.api_names() == ["steps", "seed", "drawing"]  # a state is not a parameter of the API


def test_python_snippet_names_every_parameter_in_order():
    lk = _link(dataset=gr.Dropdown(["moons"], value="moons"), drawing=gr.Sketchpad(),
               steps=gr.Slider(1, 1000, value=50, step=1), live=gr.State(None))
    lk.api_name = "diffusion_points"
    code = share.snippet(lk, "http://host/", {"steps": 20})
    assert 'client = Client("http://host/")' in code
    assert code.index("dataset='moons'") < code.index("drawing=None") < code.index("steps=20")
    assert 'api_name="/diffusion_points"' in code and "live" not in code
    compile(code, "snippet", "exec")


def test_export_zip_loads_back_with_from_pretrained(tmp_path):
    from core.nn.mlp2d import TimeMLP

    model = TimeMLP()
    path = share.export_model(model, "my-model")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert "my-model/config.json" in names and any(n.endswith(".safetensors") for n in names)
        z.extractall(tmp_path)
    again = share.load_exported(tmp_path / "my-model")
    assert type(again) is TimeMLP
    for (k, a), (k2, b) in zip(model.state_dict().items(), again.state_dict().items()):
        assert k == k2 and torch.equal(a, b)
    assert share.export_model(model, "my-model") != path  # every export is a new file


def _unzip(path, tmp_path, name):
    with zipfile.ZipFile(path) as z:
        z.extractall(tmp_path)
    return share.load_exported(tmp_path / name)


def test_diffusion_live_model_exports_through_the_api(app_url, tmp_path):
    """Train the session's 2D model one step through the API, download it, load it back: the weights are
    the ones the same seeded run gives in this process."""
    from gradio_client import Client

    from core.diffusion.live import LiveDiffusionPoints

    client = Client(app_url, verbose=False)
    with pytest.raises(Exception, match="No model has been trained yet"):
        client.predict(api_name="/diffusion_export")
    client.predict("moons", None, 3000, 0, api_name="/diffusion_step")
    exported = _unzip(client.predict(api_name="/diffusion_export"), tmp_path, "diffusion-2d-live")
    from diffusers import DDPMScheduler

    from core.diffusion.schedules import points_schedule

    scheduler = DDPMScheduler.from_pretrained(tmp_path / "diffusion-2d-live", subfolder="scheduler")
    settings = lambda cfg: {k: v for k, v in dict(cfg).items() if not k.startswith("_")}
    assert settings(scheduler.config) == settings(points_schedule().config)  # the live model's schedule

    live = LiveDiffusionPoints.continue_or_create(None, "moons", None, 3000, 0)
    ev = live.session.step(live.config.step_updates)
    live.record(ev.iteration, ev.loss)
    here = live.model.state_dict()
    assert set(exported.state_dict()) == set(here)
    for k, v in exported.state_dict().items():
        torch.testing.assert_close(v, here[k], rtol=1e-5, atol=1e-6)


def test_gan_sandbox_exports_the_loaded_run(app_url, tmp_path):
    from gradio_client import Client

    from core.gan.recipes import shipped_name
    from core.runtime import checkpoints

    client = Client(app_url, verbose=False)
    client.predict("wgan-gp", "ring", 0, api_name="/gan_load")
    exported = _unzip(client.predict(api_name="/gan_export"), tmp_path, "gan-sandbox-live")
    shipped = checkpoints.load_model(shipped_name("wgan-gp", "ring", 0))
    assert type(exported).__name__ == type(shipped).__name__ == "PointGAN"
    for k, v in shipped.state_dict().items():
        assert torch.equal(exported.state_dict()[k].cpu(), v.cpu())


@pytest.mark.parametrize("step, args, export, name, cls", [
    ("/vae_step", ("moons", None, 1.0, 3000, 0), "/vae_export", "vae-2d-live", "MLPVAE"),
    ("/flows_step", ("moons", None, "realnvp", 4, 2000, 0), "/flows_export", "flows-2d-live", "FlowModel"),
    ("/rf_step", ("gaussian", "moons", None, None, "independent", 1000, 0), "/rf_export", "rf-2d-live", "TimeMLP"),
])
def test_other_live_models_export_and_load_back(app_url, tmp_path, step, args, export, name, cls):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    client.predict(*args, api_name=step)
    model = _unzip(client.predict(api_name=export), tmp_path, name)
    assert type(model).__name__ == cls
    assert all(torch.isfinite(p).all() for p in model.parameters())
