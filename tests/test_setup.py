"""Set-up promises: the test command passes on a machine without Chromium (browser tests skip and say how
to install it) but fails under CI=true; an expected bad input leaves one log line and a toast in the
user's language, while an unexpected error keeps its traceback."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT


def _run_browser_test(tmp_path, ci: str) -> subprocess.CompletedProcess:
    test = tmp_path / "test_needs_browser.py"
    test.write_text(textwrap.dedent("""
        def test_uses_browser(browser):
            raise AssertionError("must not run without Chromium")
    """))
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F401,F403\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "GENLAB_CHROMIUM": str(tmp_path / "no-chromium"),
           "CI": ci, "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(test)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_browser_tests_skip_with_the_install_command_without_chromium(tmp_path):
    out = _run_browser_test(tmp_path, ci="")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 skipped" in out.stdout and "apt-get install chromium" in out.stdout, out.stdout


def test_browser_tests_fail_under_ci_without_chromium(tmp_path):
    out = _run_browser_test(tmp_path, ci="true")
    assert out.returncode != 0, out.stdout
    assert "CI=true" in out.stdout and "apt-get install chromium" in out.stdout, out.stdout


def test_error_messages_are_translated_from_their_fields():
    from core.runtime.validation import InvalidInput, check_float, check_int
    from demos.common.errors import translate_error

    for call, zh in [(lambda: check_int("steps", 0, 1, 1000), "步数必须在 1 到 1000 之间；收到的是 0。"),
                     (lambda: check_float("eta", 2.0, 0, 1), "η必须在 0 到 1 之间；收到的是 2。")]:
        with pytest.raises(InvalidInput) as info:
            call()
        assert translate_error(info.value, "en") == str(info.value)
        assert translate_error(info.value, "zh-CN") == zh
    unconverted = InvalidInput("Something new, raised as a sentence.")  # no fields: the English message
    assert translate_error(unconverted, "zh-CN") == str(unconverted)


def test_unexpected_errors_pass_through_unchanged():
    from demos.common.errors import reports_errors

    @reports_errors
    def broken():
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError, match="a bug"):  # not a gr.Error: Gradio prints its traceback
        broken()


@pytest.mark.api
@pytest.mark.parametrize("dataset, steps, message", [
    ("mystery", 10, "dataset must be one of"),  # core's check (reports_errors)
    ("moons", 0, "minimum value 1"),  # the slider's bounds, checked before Gradio reads the value
])
def test_bad_input_leaves_one_log_line_and_no_traceback(client, capfd, caplog, dataset, steps, message):
    from gradio_client.exceptions import AppError

    capfd.readouterr()
    caplog.clear()
    with pytest.raises(AppError, match=message):
        client.predict(dataset, None, "shipped", steps, 0.0, 500, 0, api_name="/diffusion_points")
    err = capfd.readouterr()
    log = (err.out + err.err).strip().splitlines()
    assert "Traceback" not in err.out + err.err
    assert len(log) <= 1, log
    assert [r.getMessage() for r in caplog.records if r.name == "genlab.errors"] == [f"invalid input: {e}" for e in
                                                                                    [_message(dataset, steps)]]


def _message(dataset, steps):
    if dataset == "mystery":
        from core.data.targets import POINT_DATASETS

        return f"dataset must be one of {', '.join(repr(d) for d in POINT_DATASETS)}; got 'mystery'."
    return "steps must be from 1 to 1000; got 0 (less than minimum value 1)."


def test_unexpected_errors_keep_their_traceback(capfd, caplog):
    from demos.common.gradio_patches import _QuietTraceback

    for error, traced in [(RuntimeError("a bug"), True), (__import__("gradio").Error("bad value"), False)]:
        try:
            raise error
        except Exception:
            _QuietTraceback().print_exc()
        err = capfd.readouterr().err
        assert ("Traceback" in err) is traced, err
    assert [r.getMessage() for r in caplog.records] == ["invalid input: bad value"]


@pytest.mark.api
def test_error_toast_speaks_the_request_language(app_url):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    zh = Client(app_url, verbose=False, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    with pytest.raises(AppError, match="数据集必须是以下之一"):
        zh.predict("mystery", None, "shipped", 10, 0.0, 500, 0, api_name="/diffusion_points")
    _, table, _ = zh.predict("moons", None, "shipped", 5, 0.0, 200, 0, api_name="/diffusion_points")
    assert table["headers"] == ["指标", "DDPM", "DDIM"] and table["data"][0][0] == "网络调用次数"  # headers, row labels
