"""Real browser: open the flows tab, evaluate, scrub a layer, train live, sample digits."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, assert_tables_fit_a_phone

pytestmark = pytest.mark.browser


def test_flows_tab_main_actions(page):
    page.get_by_role("tab", name="Normalizing flows").click()
    plot = page.locator("#flows-eval-plot .js-plotly-plot")
    plot.wait_for(timeout=60_000)  # shown on opening
    page.locator("#flows-evaluate").click()
    page.wait_for_timeout(500)
    plot.wait_for(timeout=60_000)
    assert plot.locator(".heatmaplayer, .hm, image").count() >= 1
    page.locator("#flows-show-layers").click()
    page.locator("#flows-layers-plot .js-plotly-plot").wait_for(timeout=60_000)
    page.locator("#flows-train").click()
    status = page.locator("#flows-train-status textarea")
    page.wait_for_function("() => document.querySelector('#flows-train-status textarea').value.includes('updates')",
                           timeout=60_000)
    page.locator("#flows-pause").dispatch_event("click")  # streaming frames keep the layout moving
    page.wait_for_function("() => /paused|finished/.test(document.querySelector('#flows-train-status textarea').value)",
                           timeout=60_000)
    assert "updates" in status.input_value()
    page.locator("#flows-nll .js-plotly-plot").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "flows_points.png"), full_page=True)
    page.get_by_role("radio", name="glow").check()  # the status names the architecture chosen, not the one trained
    page.wait_for_function("() => document.querySelector('#flows-train-status textarea').value.includes('glow × 4')",
                           timeout=30_000)
    assert "realnvp" not in status.input_value()
    assert_tables_fit_a_phone(page)

    page.get_by_role("tab", name="Digits").last.click()
    page.locator("#flows-digits-run").click()
    img = page.locator("#flows-digits-samples img")
    img.wait_for(timeout=60_000)
    assert img.evaluate("el => el.naturalWidth") >= 8 * 96
    page.screenshot(path=str(ARTIFACTS / "flows_digits.png"), full_page=True)
    assert_tables_fit_a_phone(page)


def test_flows_tab_speaks_chinese(browser, app_url):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_role("tab", name="标准化流").wait_for(timeout=60_000)
    pg.get_by_role("tab", name="标准化流").click()
    button = pg.locator("#flows-evaluate")
    button.wait_for(timeout=60_000)
    assert button.inner_text().strip() == "评估：精确似然与对数行列式"
    pg.screenshot(path=str(ARTIFACTS / "flows_zh.png"), full_page=True)
    pg.locator("#flows-stats table").wait_for(timeout=60_000)
    assert_tables_fit_a_phone(pg)
    context.close()
