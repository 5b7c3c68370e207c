"""Every endpoint names a bad input, and a pause pressed while training is queued holds.

API tests through ``gradio_client`` on the session's app: a core ``InvalidInput`` raised by a handler that
was not decorated (``/gan_defaults(None)``), raw values Gradio itself could not read (a slider given
``"abc"``, ``None`` or a list; a seed given NaN, inf or ``"5"``), unreadable and animated images in a
drawing or an upload, the integer choices of ``/gan_load``'s seed, and a pause pressed while the train
call waits behind another user's run. Unit tests of the checks themselves come first.
"""
from __future__ import annotations

import io
import json
import time

import httpx
import numpy as np
import pytest
from PIL import Image

from core.runtime import validation
from core.runtime.validation import InvalidInput

GENERIC = "upstream Gradio app has raised an exception"


# ---- unit: the checks ----------------------------------------------------------------------------

def _gif(path, frames: int, side: int = 8):
    images = [Image.new("L", (side, side), 255 * (i % 2)) for i in range(frames)]
    images[0].save(path, save_all=True, append_images=images[1:], duration=10, loop=0)
    return path


def test_check_image_file_reads_only_the_header(tmp_path):
    png = tmp_path / "ok.png"
    Image.new("RGBA", (30, 20)).save(png)
    assert validation.check_image_file(png, 64, 2**20) == (30, 20)
    (tmp_path / "junk.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really" * 10)
    with pytest.raises(InvalidInput, match="not an image that can be read: upload a PNG"):
        validation.check_image_file(tmp_path / "junk.png", 64, 2**20)
    with pytest.raises(InvalidInput, match=r"too large \(30x20 pixels\): at most 16 pixels a side"):
        validation.check_image_file(png, 16, 2**20)
    with pytest.raises(InvalidInput, match="too large .*at most 0 MB"):
        validation.check_image_file(png, 64, 10)


def test_animated_images_are_refused_before_decoding(tmp_path):
    from core.data.drawings import load_upload

    many = _gif(tmp_path / "many.gif", 2000, side=4)
    with pytest.raises(InvalidInput, match=r"animated \(more than one frame\): send a single-frame image"):
        validation.check_image_file(many, 64, 2**24)
    with pytest.raises(InvalidInput, match="animated"):
        load_upload(str(many))
    assert load_upload(str(_gif(tmp_path / "one.gif", 1))).shape == (8, 8, 4)


def test_check_value_reads_each_component_kind():
    import gradio as gr

    from demos.common.errors import check_value

    slider = gr.Slider(20, 2000, value=300, step=10)
    assert check_value(slider, 300, "steps") == 300 and check_value(slider, "40", "steps") == 40.0
    for bad in ("abc", None, [3], float("nan"), float("inf"), True, 1e300, -5):
        with pytest.raises(InvalidInput, match=r"^steps must be (a (finite )?number )?from 20 to 2000; got "):
            check_value(slider, bad, "steps")
    seed = gr.Number(0, precision=0, minimum=0, maximum=validation.MAX_SEED)
    assert check_value(seed, "5", "seed") == 5 and check_value(seed, 7, "seed") == 7
    for bad in (float("nan"), float("inf"), "abc", None, 2.5, -1, [1]):
        with pytest.raises(InvalidInput, match=r"^seed must be (a whole number )?from 0 to 2147483647; got "):
            check_value(seed, bad, "seed")
    choice = gr.Dropdown([0, 1, 2], value=0)
    assert [check_value(choice, v, "seed") for v in ("0", 1, " 2", 2.0)] == [0, 1, 2, 2]
    assert all(type(check_value(choice, v, "seed")) is int for v in ("0", 2.0))
    for bad in ("3", None, True, [0], "zero"):
        with pytest.raises(InvalidInput, match=r"^seed must be one of 0, 1, 2; got "):
            check_value(choice, bad, "seed")
    assert check_value(gr.Radio(["a", "b"]), "b", "x") == "b"
    with pytest.raises(InvalidInput, match="^flag must be true or false; got 'yes'"):
        check_value(gr.Checkbox(), "yes", "flag")
    with pytest.raises(InvalidInput, match="^drawing must be a Sketchpad value"):
        check_value(gr.ImageEditor(), {"composite": 5}, "drawing")
    with pytest.raises(InvalidInput, match="^file must be an uploaded file"):
        check_value(gr.File(), "not a file", "file")


def test_new_messages_are_translated(tmp_path):
    """The errors the input checks raise (made by the code that raises them) come out in Chinese."""
    from types import SimpleNamespace

    import gradio as gr

    from demos.common import errors

    raised = []
    for call in [lambda: errors.check_value(gr.Slider(20, 2000), "abc", "steps"),
                 lambda: validation.check_image_file(_gif(tmp_path / "two.gif", 2), 64, 2**20),
                 lambda: errors.check_value(gr.ImageEditor(), 5, "drawing"),
                 lambda: errors.checked_inputs(SimpleNamespace(inputs=[gr.Slider(), gr.Slider()]), [1])]:
        with pytest.raises(InvalidInput) as info:
            call()
        raised.append(info.value)
    raised.append(errors.unreadable(SimpleNamespace(inputs=[gr.ImageEditor(label="sketch")]), ValueError("at index 0")))
    assert str(raised[-1]).startswith("sketch could not be read as an image: send a PNG")
    assert str(raised[-2]) == "This endpoint takes 2 values; got 1."
    for error in raised:
        zh = errors.translate_error(error, "zh-CN")
        assert zh != str(error) and not zh.isascii(), str(error)


def test_live_pause_holds_a_pause_pressed_after_the_call_was_queued(monkeypatch):
    """``LivePause.run``: a pause recorded after the call was queued ends it before its first update; one
    recorded before the call was queued does not."""
    from core.train.live import LiveSession
    from demos.common import widgets

    class Counter:
        iteration = updates = 0

        def iterate(self):
            self.iteration += 1
            self.updates += 1
            return 0.0

    pause = widgets.LivePause("test")
    monkeypatch.setattr(widgets, "_visitor", lambda: "visitor")
    clock = {"queued": 0.0}
    monkeypatch.setattr(widgets, "queued_at", lambda: clock["queued"])
    session = LiveSession(Counter(), interval=0.0)
    clock["queued"] = time.monotonic()
    pause.click(None)  # pressed while the call waits: the session is not even in the view's state yet
    events = list(pause.run(session, 50))
    assert events[-1].reason == "paused" and session.trainer.iteration == 0
    clock["queued"] = time.monotonic() + 1.0  # the next call was queued after that pause
    events = list(pause.run(session, 50))
    assert events[-1].reason == "finished" and session.trainer.iteration == 50


# ---- API ---------------------------------------------------------------------------------------------

def _error(client, *args, api_name: str) -> str:
    with pytest.raises(Exception) as err:
        client.predict(*args, api_name=api_name)
    message = str(err.value)
    assert GENERIC not in message, f"{api_name}{args}: generic error"
    return message


def test_defect6_undecorated_handler_reports_invalid_input(client):
    """``/gan_defaults(None)``: no handler is decorated by hand; the app wraps every one (``guard_app``)."""
    message = _error(client, None, api_name="/gan_defaults")
    assert message.startswith("loss must be one of 'minimax'"), message
    assert "got None" in message


def test_defect9_wrong_types_name_the_parameter_and_range(client):
    for bad in ("abc", None, [3]):
        message = _error(client, bad, 0, api_name="/gan_why_wasserstein")
        assert message.startswith("steps must be a number from 20 to 2000; got "), message
    for bad in ("abc", None, 2.5, -1, 2**40):
        message = _error(client, 4, bad, api_name="/gan_digits")
        assert message.startswith("seed must be "), message
        assert "from 0 to 2147483647" in message, message
    message = _error(client, None, "stroke", "none", "abc", False, 1.5, 30, 4, 0, api_name="/controlnet_generate")
    assert message.startswith("control_scale must be a number from 0 to 2"), message


def test_defect9_seed_as_text_is_read_and_non_finite_seed_named(client, app_url):
    grid, *_ = client.predict(2, "5", api_name="/gan_digits")  # "5" is the seed 5
    again, *_ = client.predict(2, 5, api_name="/gan_digits")
    assert Image.open(grid).tobytes() == Image.open(again).tobytes()
    for literal in ("NaN", "Infinity", "-Infinity"):  # JSON clients cannot send these; raw HTTP can
        message = _raw_call(app_url, "gan_digits", f"[2, {literal}]")
        assert message.startswith("seed must be a whole number from 0 to 2147483647; got "), message


def _raw_call(app_url: str, api_name: str, data_json: str) -> str:
    """POST ``{"data": data_json}`` (written out, so NaN can be sent) and return the error message or ''."""
    base = app_url.rstrip("/") + "/gradio_api/call/" + api_name
    r = httpx.post(base, content='{"data": ' + data_json + "}", headers={"content-type": "application/json"},
                   timeout=30)
    assert r.status_code == 200, r.text[:200]
    event_id = r.json()["event_id"]
    text = httpx.get(f"{base}/{event_id}", timeout=60).text
    for block in text.split("\n\n"):
        if block.startswith("event: error"):
            payload = block.split("data:", 1)[1].strip()
            error = json.loads(payload) if payload and payload != "null" else ""
            return (error.get("error") or error.get("message") or "") if isinstance(error, dict) else str(error)
    return ""


def test_defect9_unreadable_and_animated_drawings_are_named(client, tmp_path):
    from gradio_client import handle_file

    junk = tmp_path / "junk.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    sketch = {"background": None, "layers": [], "composite": handle_file(str(junk))}
    message = _error(client, sketch, "stroke", api_name="/controlnet_condition")
    assert "not an image that can be read: upload a PNG, JPEG, WebP, BMP or GIF" in message, message
    gif = _gif(tmp_path / "frames.gif", 2000, side=4)
    sketch = {"background": None, "layers": [], "composite": handle_file(str(gif))}
    message = _error(client, sketch, "stroke", api_name="/controlnet_condition")
    assert "animated (more than one frame): send a single-frame image" in message, message
    message = _error(client, handle_file(str(gif)), "stroke", api_name="/controlnet_upload")
    assert "animated (more than one frame)" in message, message
    truncated = tmp_path / "truncated.png"
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(buf, "PNG")
    truncated.write_bytes(buf.getvalue()[:300])  # a valid header, then the data stops
    sketch = {"background": None, "layers": [], "composite": handle_file(str(truncated))}
    message = _error(client, sketch, "stroke", api_name="/controlnet_condition")
    assert "could not be read as an image: send a PNG" in message or "not an image that can be read" in message, \
        message
    message = _error(client, {"composite": 5}, "stroke", api_name="/controlnet_condition")
    assert "must be a Sketchpad value" in message, message


def test_defect10_gan_load_seed_schema_and_values_agree(client):
    info = client.view_api(return_format="dict", print_info=False)["named_endpoints"]["/gan_load"]
    seed = next(p for p in info["parameters"] if p["parameter_name"] == "seed")
    assert seed["python_type"]["type"] == "Literal[0] | Literal[1] | Literal[2]", seed
    assert [s["const"] for s in seed["type"]["oneOf"]] == [0, 1, 2]
    as_int = client.predict("wgan-gp", "ring", 0, api_name="/gan_load")
    as_text = client.predict("wgan-gp", "ring", "0", api_name="/gan_load")
    assert as_int[3] == as_text[3]  # the same run's status line
    assert _error(client, "wgan-gp", "ring", "7", api_name="/gan_load").startswith(
        "seed must be one of 0, 1, 2; got '7' (not in the list of choices).")


def test_defect7_pause_pressed_while_train_is_queued_holds(app_url):
    """Another user's long run holds the CPU slot; this user's train call waits in the queue; the pause
    pressed meanwhile ends it at once when it starts, with no update."""
    from gradio_client import Client
    from gradio_client.utils import Status

    from demos.common.widgets import CPU_HEAVY

    slots = CPU_HEAVY["concurrency_limit"]  # the heavy group runs this many at once: keep every slot busy
    busy = [Client(app_url, verbose=False) for _ in range(slots)]
    user = Client(app_url, verbose=False)
    long_runs = [b.submit("moons", None, 20000, k, api_name="/diffusion_train") for k, b in enumerate(busy)]
    try:
        for long_run in long_runs:
            _wait(lambda r=long_run: r.status().code in (Status.PROCESSING, Status.ITERATING), "the long runs start")
        queued = user.submit("moons", None, 3000, 1, api_name="/diffusion_train")
        _wait(lambda: queued.status().code == Status.IN_QUEUE, "the train call waits in the queue")
        user.predict(api_name="/diffusion_pause")
        time.sleep(1.0)
        assert queued.status().code == Status.IN_QUEUE  # still waiting behind the long runs
    finally:
        for b in busy:
            b.predict(api_name="/diffusion_pause")
    released = time.perf_counter()
    status = queued.result(timeout=120)[2]  # (loss figure, samples figure, status)
    waited = time.perf_counter() - released
    assert "0 / 3,000 updates" in status and status.endswith("paused"), status
    assert waited < 15, waited
    for long_run in long_runs:
        long_run.result(timeout=60)


def _wait(condition, what: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting until {what}")


def test_reports_errors_wraps_every_kind_of_handler_once():
    import asyncio

    import gradio as gr

    from demos.common.errors import reports_errors

    def plain():
        raise InvalidInput.of("seed", "range", 5, lo=0, hi=1)

    def gen():
        yield 1
        raise InvalidInput("canvas_empty")

    async def coro():
        raise InvalidInput("animated")

    async def agen():
        yield 1
        raise InvalidInput("drawing_shape")

    async def drain():
        return [x async for x in reports_errors(agen)()]

    def run(coroutine):  # in a thread of its own: a browser test may have left a loop running on this one
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    calls = {"seed must be from 0 to 1; got 5.": lambda: reports_errors(plain)(),
             validation.PROBLEMS["canvas_empty"]: lambda: list(reports_errors(gen)()),
             validation.PROBLEMS["animated"]: lambda: run(reports_errors(coro)()),
             validation.PROBLEMS["drawing_shape"]: lambda: run(drain())}
    for message, call in calls.items():
        with pytest.raises(gr.Error) as err:
            call()
        assert err.value.message == message
    once = reports_errors(plain)
    assert reports_errors(once) is once and once.__name__ == "plain"


def test_input_name_is_the_api_name_or_the_label_the_user_reads(monkeypatch):
    from types import SimpleNamespace

    import gradio as gr

    from demos.common import errors
    from demos.common.i18n import t, tr

    slider = gr.Slider(1, 10, label=t("diffusion.steps"))
    fn = SimpleNamespace(input_parameter_names=["steps", None])
    assert errors.input_name(fn, 0, slider) == "steps"
    assert errors.input_name(fn, 1, slider) == tr("diffusion.steps", "en")  # a *values handler: param_N in the API
    assert errors.input_name(fn, 1, gr.Slider(1, 10)) == "input 2"
    monkeypatch.setattr(errors, "request_locale", lambda: "zh-CN")
    assert errors.input_name(fn, 0, slider) == tr("diffusion.steps", "zh-CN") != tr("diffusion.steps", "en")
