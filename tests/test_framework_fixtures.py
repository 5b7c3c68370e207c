"""One launched app with the diffusion tab alone, shared by the framework views' API and browser tests (the
whole app takes minutes to build on a loaded machine; this tab alone, seconds). Imported by name into
those modules; no tests here."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, _free_port

TABS = ("demos.diffusion",)


@pytest.fixture(scope="session")
def diffusion_url():
    import app

    demo = app.build_app(TABS)
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=_free_port(), quiet=True,
                **app.launch_options(TABS))
    yield demo.local_url
    demo.close()


@pytest.fixture(scope="session")
def diffusion_client(diffusion_url):
    from gradio_client import Client

    return Client(diffusion_url, verbose=False)


@pytest.fixture
def diffusion_page(browser, diffusion_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    pg = context.new_page()
    pg.goto(diffusion_url)
    pg.wait_for_selector("#app-title", timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    yield pg
    context.close()
