"""Hosting: the README front matter a Hugging Face Space reads, the optional ZeroGPU decorator (with a
stand-in ``spaces`` module), and ``--share`` failing with one clear line while the app keeps serving."""
from __future__ import annotations

import inspect
import re
import subprocess
import sys
import time
import types
import urllib.request

import yaml

from tests.conftest import ROOT, _free_port

SPACE_COLORS = {"red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"}


def _front_matter() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert m, "README.md must start with a YAML front matter block"
    return yaml.safe_load(m.group(1))


def _pinned(package: str) -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package:
            return version.strip()
    raise AssertionError(f"{package} is not pinned in requirements.txt")


def test_readme_front_matter_is_a_valid_gradio_space():
    fm = _front_matter()
    assert fm["sdk"] == "gradio"
    assert str(fm["sdk_version"]) == _pinned("gradio")  # the Space installs the gradio the app is tested with
    assert (ROOT / fm["app_file"]).is_file() and fm["app_file"] == "app.py"
    # a string, as YAML reads 3.10 as the float 3.1; the version this project runs and tests on
    assert isinstance(fm["python_version"], str)
    assert fm["python_version"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    assert fm["colorFrom"] in SPACE_COLORS and fm["colorTo"] in SPACE_COLORS
    assert isinstance(fm["title"], str) and 0 < len(fm["title"]) <= 30
    assert len(fm.get("short_description", "")) <= 60
    assert isinstance(fm.get("pinned", False), bool)


def test_app_binds_where_a_space_asks(monkeypatch):
    """A Space sets GRADIO_SERVER_NAME=0.0.0.0 and GRADIO_SERVER_PORT=7860 and runs ``python app.py``."""
    import app
    from demos.common import launch  # app's serving entry

    seen = {}
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7860")
    monkeypatch.delenv("GENLAB_HOST", raising=False)
    monkeypatch.delenv("GENLAB_PORT", raising=False)
    monkeypatch.setattr(launch, "build_app", lambda tabs: types.SimpleNamespace(block_thread=lambda: None))
    monkeypatch.setattr(launch, "launch_options", lambda tabs: {})
    monkeypatch.setattr(launch, "serve", lambda demo, **kw: seen.update(kw))
    app.main([])
    assert seen == {"host": "0.0.0.0", "port": 7860, "share": False}


class StandInSpaces(types.ModuleType):
    """What ``spaces.GPU`` does that matters here: wrap the function, and record each call and its duration."""

    def __init__(self):
        super().__init__("spaces")
        self.calls: list[tuple[str, int]] = []

    def GPU(self, fn=None, duration=60):
        def wrap(f):
            def on_gpu(*args, **kwargs):
                self.calls.append((f.__name__, duration))
                return f(*args, **kwargs)
            return on_gpu
        return wrap if fn is None else wrap(fn)


def test_gpu_is_a_no_op_without_spaces(monkeypatch):
    from demos.common.gpu import gpu

    monkeypatch.setitem(sys.modules, "spaces", None)  # "import spaces" raises ImportError

    def handler(x):
        return x + 1

    assert gpu(handler) is handler and handler.gpu_heavy
    assert gpu(duration=120)(handler) is handler


def test_handler_runs_through_a_stand_in_spaces_gpu(monkeypatch):
    import numpy as np

    from demos.common.gpu import gpu
    from demos.diffusion import tab

    fake = StandInSpaces()
    monkeypatch.setitem(sys.modules, "spaces", fake)
    plain = inspect.unwrap(tab.sample_digits)  # the handler under @gpu
    on_gpu = gpu(plain, duration=90)
    out = on_gpu("7", 2, 4, 0.0, 0)
    assert fake.calls == [("sample_digits", 90)]
    assert on_gpu.gpu_heavy
    ref = plain("7", 2, 4, 0.0, 0)
    assert np.array_equal(np.asarray(out[0]), np.asarray(ref[0]))  # same seed, same digits on either path


def test_the_heavy_handlers_are_marked_for_the_gpu():
    from demos.controlnet import tab as controlnet
    from demos.diffusion import tab as diffusion
    from demos.flows import tab as flows
    from demos.gan import tab as gan
    from demos.guidance import tab as guidance
    from demos.rectified_flow import tab as rf
    from demos.vae import tab as vae

    heavy = [diffusion.sample_points, diffusion.sample_digits, gan.generate_digits, gan.why_wasserstein,
             vae.sample_vae, flows.sample_digits, rf.sample_points, rf.sample_digits, guidance.sample_points,
             guidance.generate_digits, controlnet.generate]
    for fn in heavy:
        assert getattr(fn, "gpu_heavy", False), fn.__qualname__  # as defined: the app wraps it in reports_errors


def test_share_failure_prints_one_clear_line_and_serves_locally(monkeypatch, capsys):
    import gradio as gr
    import gradio.networking

    import app

    def offline(*args, **kwargs):
        raise OSError("no network")

    monkeypatch.setattr(gradio.networking, "setup_tunnel", offline)
    with gr.Blocks() as demo:
        gr.Markdown("hello")
    app.serve(demo, "127.0.0.1", _free_port(), share=True)
    try:
        printed = capsys.readouterr().out
        assert urllib.request.urlopen(demo.local_url, timeout=10).status == 200  # still serving locally
    finally:
        demo.close()
    lines = [line for line in printed.splitlines() if "share" in line.lower()]
    assert len(lines) == 1 and "No public share link" in lines[0] and demo.local_url in lines[0], printed
    assert "Download this file" not in printed and app.SHARE_FAILED not in printed


def test_share_flag_in_a_real_process():
    """``python app.py --share``: a public link where the tunnel can open, else the one clear line; either way
    the app serves locally."""
    port = _free_port()
    code = f"import app; app.main(['--share', '--port', '{port}'], tabs=())"
    proc = subprocess.Popen([sys.executable, "-u", "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "No public share link" in line or "Running on public URL" in line:
                break
        out = "".join(lines)
        assert "No public share link" in out or "Running on public URL" in out, out
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_each_server_process_keeps_its_cached_files_in_its_own_folder(tmp_path):
    """Two servers on one machine (two instances, or a test's second server) must not share Gradio's cache
    folder: Gradio deletes every file a server wrote when it stops, and names files by their content, so a
    stopping server would delete the other's pictures. Each process gets ``<cache>/genlab-<pid>``, a child
    process its own beside its parent's, and the folder goes when the process exits."""
    probe = ("import json, os; from pathlib import Path; from demos.common import serving; import gradio.utils as gu; "
             "own = serving.private_cache(); assert serving.private_cache() == own; "
             "(own / 'x.png').parent.mkdir(parents=True, exist_ok=True); (own / 'x.png').write_bytes(b'1'); "
             "import subprocess, sys; child = subprocess.run([sys.executable, '-c', "
             "'from demos.common import serving; print(serving.private_cache())'], capture_output=True, text=True, "
             "check=True).stdout.strip(); "
             "print(json.dumps([str(own), gu.get_upload_folder(), child, os.getpid()]))")
    env = {**__import__("os").environ, "GRADIO_TEMP_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("GENLAB_CACHE_BASE", None)
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    import json
    own, gradio_folder, child, pid = json.loads(out.stdout.strip().splitlines()[-1])
    assert own == gradio_folder == str(tmp_path / f"genlab-{pid}")
    assert child.startswith(str(tmp_path / "genlab-")) and child != own
    assert not (tmp_path / f"genlab-{pid}").exists(), "the process's cache folder is removed when it exits"


def test_building_the_page_loads_no_model_and_runs_none(monkeypatch):
    """``build_app()`` (every tab) assembles the page only: no checkpoint is loaded and no network runs while it
    is built (each view's first result comes in the page's one load event, ``demos.common.widgets``), so a
    cold start is the imports plus the page."""
    import torch

    import app
    from core.runtime import checkpoints

    loaded, forwards = [], []
    load_model, call = checkpoints.load_model, torch.nn.Module.__call__
    monkeypatch.setattr(checkpoints, "load_model", lambda name: loaded.append(name) or load_model(name))
    monkeypatch.setattr(torch.nn.Module, "__call__",
                        lambda self, *a, **k: forwards.append(type(self).__name__) or call(self, *a, **k))
    demo = app.build_app()
    assert loaded == [] and forwards == []
    assert len(demo.page_loads) > 40  # the views are there, to be filled when a page opens
    torch.nn.Linear(1, 1)(torch.zeros(1))
    assert forwards == ["Linear"]  # the count sees a network run


def test_a_view_fills_when_its_tab_first_comes_into_sight():
    """``install_page_load``: the page load fills the views of the tabs the page opens on; a tab's select fills
    the views under it (its sub-tabs at their first) once per page; a view is computed once per language."""
    import types

    import gradio as gr

    from demos.common.widgets import install_page_load, on_page_load

    calls = []

    def view(name, value):
        return lambda: calls.append(name) or value

    with gr.Blocks() as demo:
        with gr.Tabs() as top:
            with gr.Tab("A", id="a"):
                a = gr.Number()
                on_page_load(view("a", 1), [a])
            with gr.Tab("B", id="b") as tab_b:
                with gr.Tabs():
                    with gr.Tab("B1", id="b1"):
                        b1 = gr.Number()
                        on_page_load(view("b1", 2), [b1])
                    with gr.Tab("B2", id="b2") as tab_b2:
                        b2 = gr.Number()
                        on_page_load(view("b2", 3), [b2])
        install_page_load(top)
    events = {target: block_fn for block_fn in demo.fns.values() for target in block_fn.targets}
    load = events[(demo._id, "load")]
    select_b, select_b2 = events[(tab_b._id, "select")], events[(tab_b2._id, "select")]
    assert [c._id for c in load.outputs] == [a._id, b1._id, b2._id]
    page, other = types.SimpleNamespace(session_hash="page"), types.SimpleNamespace(session_hash="other")
    skip = gr.skip()

    assert load.fn(page) == (1, skip, skip) and calls == ["a"]  # only the opened tab's view
    assert select_b.fn(page) == (2, skip) and calls == ["a", "b1"]  # B opens on B1
    assert select_b.fn(page) == (skip, skip)  # already on this page: nothing sent again
    assert select_b2.fn(page) == 3 and calls == ["a", "b1", "b2"]  # a lone output's value, bare
    assert load.fn(other) == (1, skip, skip) and calls == ["a", "b1", "b2"]  # another page: kept, not recomputed


def test_a_served_app_computes_every_view_ahead_of_its_first_visitor(monkeypatch):
    """Issue 27 item 8: ``warm_page_loads`` computes each view once per language in the background (the views a
    tab opens on first, English before Chinese, each in its own language); a visitor then gets the stored result,
    nothing is computed again. ``main`` starts it unless ``GENLAB_WARM=0``."""
    import types

    import gradio as gr

    from demos.common.i18n import request_locale
    from demos.common.widgets import install_page_load, on_page_load, warm_page_loads

    calls = []

    def view(name):
        return lambda: calls.append((name, request_locale())) or f"{name}:{request_locale()}"

    with gr.Blocks() as demo:
        with gr.Tabs() as top:
            with gr.Tab("A", id="a"):
                with gr.Tabs():
                    with gr.Tab("A1", id="a1"):
                        a1 = gr.Textbox()
                    with gr.Tab("A2", id="a2"):
                        a2 = gr.Textbox()
                on_page_load(view("a2"), [a2])  # made first, shown second
                on_page_load(view("a1"), [a1])
            with gr.Tab("B", id="b"):
                b = gr.Textbox()
                on_page_load(view("b"), [b])
        install_page_load(top)
    assert calls == []  # building computes nothing
    warm_page_loads(demo).join(timeout=30)
    assert calls == [("a1", "en"), ("b", "en"), ("a2", "en"), ("a1", "zh-CN"), ("b", "zh-CN"), ("a2", "zh-CN")]
    load = next(f for f in demo.fns.values() if (demo._id, "load") in f.targets)
    assert load.fn(types.SimpleNamespace(session_hash="page")) == (gr.skip(), "a1:en", gr.skip())  # A2, A1, B
    assert len(calls) == 6  # the visitor's page got the stored result

    from demos.common import launch, widgets

    started = []
    monkeypatch.setattr(launch, "build_app", lambda tabs: types.SimpleNamespace(block_thread=lambda: None))
    monkeypatch.setattr(launch, "launch_options", lambda tabs: {})
    monkeypatch.setattr(launch, "serve", lambda demo, **kw: None)
    monkeypatch.setattr(widgets, "warm_page_loads", started.append)
    monkeypatch.delenv("GENLAB_WARM", raising=False)
    launch.main([])
    monkeypatch.setenv("GENLAB_WARM", "0")
    launch.main([])
    assert len(started) == 1  # warmed by default, not with GENLAB_WARM=0
