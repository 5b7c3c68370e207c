"""Real browser: the Compare tab's digits view opens with its table, chart and live row, recomputes a row
(desktop, English), and reads in Chinese on a phone with every table inside the screen."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, assert_tables_fit_a_phone

pytestmark = pytest.mark.browser

WAIT = 120_000  # every tab's first results arrive with the page: slow on a shared machine


def _open(page, tab: str, sub: str):
    for name in (tab, sub):
        button = page.get_by_role("tab", name=name, exact=True)
        button.wait_for(timeout=WAIT)
        button.dispatch_event("click")


def _text(page, selector: str, pattern: str):
    page.wait_for_function(f"() => /{pattern}/.test(document.querySelector('{selector}')?.innerText || '')",
                           timeout=WAIT)


def test_the_digits_view_in_english_then_in_chinese_on_a_phone(page, browser, app_url):
    _open(page, "Compare", "Digits: one likelihood table")
    _text(page, "#compare-bits", "ar-pixelcnn")
    _text(page, "#compare-verdict", "Best likelihood")
    _text(page, "#compare-ode", "exact divergence")
    _text(page, "#compare-row-caption", "recomputed in")
    page.locator("#compare-chart .js-plotly-plot").wait_for(timeout=WAIT)
    assert page.locator("#compare-chart .scatterlayer .trace").count() >= 8  # one marker per model
    page.screenshot(path=str(ARTIFACTS / "compare_digits.png"), full_page=True)
    box = page.locator("#compare-digits-n input[type=number]")
    box.fill("30")
    box.press("Enter")
    page.locator("#compare-row-run").click()
    _text(page, "#compare-row-caption", "first 30 test digits")

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    _open(pg, "比较", "数字：一张似然表")
    _text(pg, "#compare-bits", "精确")
    _text(pg, "#compare-verdict", "似然最好")
    _text(pg, "#compare-row-caption", "重新计算用时")
    assert_tables_fit_a_phone(pg)
    pg.screenshot(path=str(ARTIFACTS / "compare_digits_zh_phone.png"), full_page=True)
    context.close()
