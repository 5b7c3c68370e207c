"""Real browser: the "Samplers vs NFE" view opens with a result, a sampler change redraws the samples, the
live chart and the saved charts are drawn; in English and Chinese, on a desktop and a phone."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, SETTLED_JS, TABLES_OVERFLOW_JS, assert_result_in_first_screen

pytestmark = pytest.mark.browser

STATUS = "#diffusion-samplers-status"


def _open(page, tab="DDPM vs DDIM", sub="Samplers vs NFE"):
    page.get_by_role("tab", name=tab).click()
    page.get_by_role("tab", name=sub).click()
    page.locator("#diffusion-samplers-samples .js-plotly-plot").wait_for(timeout=90_000)  # opened with a result


def test_sampler_change_redraws_and_charts_are_shown(page):
    _open(page)
    page.wait_for_function(f"() => /Heun/.test(document.querySelector('{STATUS}').innerText)", timeout=90_000)
    page.locator("#diffusion-samplers-live .js-plotly-plot").wait_for(timeout=90_000)
    assert_result_in_first_screen(page, "#diffusion-samplers-samples")  # issue 27 item 6: it started at y = 1098
    assert page.locator("#diffusion-samplers-live .scatterlayer .trace").count() >= 8  # a curve per sampler
    choice = page.locator("#diffusion-samplers-choice input")
    choice.click()
    page.get_by_role("option", name="DPM-Solver++(2M)").click()
    page.wait_for_function(f"() => /DPM-Solver\\+\\+\\(2M\\)\\*?\\*? \\(diffusers/.test("
                           f"document.querySelector('{STATUS}').innerText)", timeout=60_000)
    assert "50 NFE" in page.locator(STATUS).inner_text()
    page.locator("#diffusion-samplers-saved-digits .js-plotly-plot").wait_for(timeout=60_000)
    assert "10 NFE" in page.locator("#diffusion-samplers-summary").inner_text()
    page.screenshot(path=str(ARTIFACTS / "diffusion_samplers.png"), full_page=True)


def test_samplers_view_on_a_phone_in_chinese(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.set_default_timeout(90_000)  # as the page fixture: on shared cores a first click has waited over 30 s
    pg = context.new_page()
    pg.goto(app_url)
    _open(pg, "DDPM 与 DDIM", "采样器与 NFE")
    pg.wait_for_function(f"() => /NFE/.test(document.querySelector('{STATUS}').innerText)", timeout=90_000)
    assert "切片 W2" in pg.locator(STATUS).inner_text()
    pg.locator("#diffusion-samplers-live .js-plotly-plot").wait_for(timeout=90_000)
    pg.screenshot(path=str(ARTIFACTS / "diffusion_samplers_zh_phone.png"), full_page=True)
    # issue item 4: the SDE vs ODE quality table (8 columns ran to 1165 px here) fits the phone, in Chinese, with
    # the sentence under it on its ratio below 1 (the view's defaults: the ODE at 0.88)
    pg.get_by_role("tab", name="SDE 与 ODE").click()
    pg.locator("#fw-sde-stats table").wait_for(timeout=90_000)
    pg.locator("#fw-sde-stats-note").wait_for(timeout=30_000)
    assert "比值低于 1" in pg.locator("#fw-sde-stats-note").inner_text()
    pg.evaluate(SETTLED_JS)
    assert pg.evaluate(TABLES_OVERFLOW_JS) == []
    context.close()
