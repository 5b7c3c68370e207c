"""``demos.common.serving.SharedPage``: the page and the app config (what every browser and every gradio_client
reads first) are computed once per URL and root headers, so a class connecting at once is answered promptly."""
from __future__ import annotations

import asyncio
import concurrent.futures
from concurrent.futures import ThreadPoolExecutor

import pytest


class _Blocks:
    config = {"components": []}


class _App:
    """A stand-in for Gradio's app: counts the answers it computes."""

    auth = auth_dependency = None

    def __init__(self, status=200, headers=()):
        self.calls, self.status, self.headers = 0, status, list(headers)

    def get_blocks(self):
        return _Blocks

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await asyncio.sleep(0.05)  # a slow answer: identical requests arrive meanwhile
        body = f"{scope['path']} {dict(scope['headers']).get(b'host')}".encode()
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})


def _get(middleware, app, path="/config", host=b"a", method="GET"):
    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": [(b"host", host)],
             "app": app, "scheme": "http", "root_path": ""}
    return scope, send, sent


def _run(middleware, app, requests):
    async def main():
        calls = [_get(middleware, app, *r) for r in requests]
        await asyncio.gather(*(middleware(scope, None, send) for scope, send, _ in calls))
        return [(sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])) for _, _, sent in calls]
    # In a thread of its own: a browser test's Playwright (sync API) keeps an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def test_identical_requests_are_computed_once_and_answered_alike():
    from demos.common.serving import SharedPage

    app = _App()
    mw = SharedPage(app)
    answers = _run(mw, app, [("/config",)] * 10)
    assert app.calls == 1 and answers == [(200, b"/config b'a'")] * 10
    assert _run(mw, app, [("/config",)]) == answers[:1] and app.calls == 1  # replayed later too
    _run(mw, app, [("/config", b"b"), ("/", b"a"), ("/gradio_api/upload", b"a"), ("/config", b"a", "HEAD")])
    assert app.calls == 5  # another host, another page, a path not shared, another method: each computed


@pytest.mark.parametrize("status, headers", [(500, []), (200, [(b"set-cookie", b"x=1")])])
def test_an_error_or_a_cookie_is_not_kept(status, headers):
    from demos.common.serving import SharedPage

    app = _App(status, headers)
    mw = SharedPage(app)
    _run(mw, app, [("/config",)])
    _run(mw, app, [("/config",)])
    assert app.calls == 2


def test_an_app_with_authentication_is_passed_through():
    from demos.common.serving import SharedPage

    app = _App()
    app.auth = [("user", "secret")]
    mw = SharedPage(app)
    _run(mw, app, [("/config",)] * 3)
    assert app.calls == 3


@pytest.mark.api
def test_forty_clients_connecting_at_once_are_answered_within_the_client_timeout(app_url):
    """gradio_client reads /config and /gradio_api/info with httpx's default 5 s timeout: forty at once used to
    take 12 s and more."""
    import httpx

    for path in ("config", "gradio_api/info"):
        def get(_):
            r = httpx.get(app_url.rstrip("/") + "/" + path, timeout=5.0)
            return r.status_code, r.content

        with ThreadPoolExecutor(40) as pool:
            answers = list(pool.map(get, range(40)))
        assert all(status == 200 for status, _ in answers), path
        assert len({body for _, body in answers}) == 1 and len(answers[0][1]) > 1000, path


def _small_blocks():
    import gradio as gr

    with gr.Blocks() as demo:
        a = gr.Number(1, label="a")
        b = gr.Textbox("x", label="b")
        gr.State(None)
        with gr.Row():
            c = gr.Slider(0, 10, 3, label="c")
        a.change(lambda v: v, a, c)
        b.submit(lambda v: v, b, b)
    return demo


def test_a_new_session_computes_no_block_config_until_read(monkeypatch):
    from gradio.blocks import BlocksConfig
    from gradio.state_holder import SessionState

    from demos.common.gradio_patches import lazy_session_config

    lazy_session_config()
    demo = _small_blocks()
    calls = []
    eager = BlocksConfig.config_for_block
    expected = {k: eager(k, [], v) for k, v in demo.default_config.blocks.items() if k in demo.blocks}
    monkeypatch.setattr(BlocksConfig, "config_for_block", staticmethod(lambda *a: calls.append(a[0]) or eager(*a)))
    state = SessionState(demo)
    assert calls == []  # a join no longer builds every block's config on the event loop
    first = next(iter(expected))
    assert state.config_values[first] == expected[first] and calls == [first]
    state._update_value_in_config(first, 42)  # Gradio's own update path still works
    assert state.config_values[first]["props"]["value"] == 42
    listed = list(state.components)  # what a deep link reads: every block, in Gradio's order
    assert [c["id"] for c in listed] == [c["id"] for c in expected.values() if c]
    assert listed[1:] == [c for c in list(expected.values())[1:] if c]
    assert len(state.config_values) == len(expected) and sorted(calls) == sorted(expected)
