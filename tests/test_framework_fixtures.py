"""The framework views' API and browser tests run on the session's app (``tests/conftest.py``): these names
keep their imports short. Imported by name into those modules; no tests here."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS


@pytest.fixture(scope="session")
def diffusion_url(app_url):
    return app_url


@pytest.fixture
def diffusion_page(browser, diffusion_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    pg = context.new_page()
    pg.goto(diffusion_url)
    pg.wait_for_selector("#app-title", timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    yield pg
    context.close()
