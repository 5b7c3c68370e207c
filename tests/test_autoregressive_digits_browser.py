"""Real browser: every digits view of the autoregressive tab opens with its result and its main action
answers (desktop, English), and the views read in Chinese on a phone."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, ICONS_OVER_IMAGES_JS, TABLES_OVERFLOW_JS

pytestmark = pytest.mark.browser

WAIT = 120_000  # the first page computes the table from the weights (a few seconds, more on a busy machine)


def _open(page, sub: str, tab: str = "Autoregressive"):
    """Open sub-tab ``sub`` of the top tab ``tab``."""
    for name in (tab, sub):
        button = page.get_by_role("tab", name=name, exact=True)
        button.wait_for(timeout=WAIT)  # every tab's views load with the page: slow on a shared machine
        button.dispatch_event("click")  # no wait for a still layout: the page keeps laying out while they load


def _text(page, selector: str, pattern: str):
    page.wait_for_function(f"() => /{pattern}/.test(document.querySelector('{selector}')?.innerText || '')",
                           timeout=WAIT)


def test_every_digits_view_shows_its_result(page):
    _open(page, "Digits: four models, one table")
    _text(page, "#ar-digits-table-data", "gated PixelCNN")
    _text(page, "#ar-digits-caption", "confidence in them")
    img = page.locator("#ar-digits-samples img")
    assert img.bounding_box()["width"] >= 8 * 48  # 16 digits, 8 a row, each at least 48 px wide
    page.screenshot(path=str(ARTIFACTS / "ar_digits_table.png"))
    page.locator("#ar-digits-run").click()
    _text(page, "#ar-digits-caption", "confidence in them")

    _open(page, "Sampling, pixel by pixel")
    _text(page, "#ar-digits-pixel-caption", "Step 28 of 64")
    page.locator("#ar-digits-pixel-bars .js-plotly-plot").wait_for(timeout=WAIT)
    box = page.locator("#ar-digits-step input[type=number]")
    box.fill("40")
    box.press("Enter")
    _text(page, "#ar-digits-pixel-caption", "Step 40 of 64")
    page.screenshot(path=str(ARTIFACTS / "ar_digits_pixel.png"))

    _open(page, "Masks and receptive fields")
    _text(page, "#ar-digits-masks-caption", "the gated one")
    page.locator("#ar-digits-fields .js-plotly-plot").wait_for(timeout=WAIT)
    page.locator("#ar-digits-masks-plot .js-plotly-plot").wait_for(timeout=WAIT)
    page.screenshot(path=str(ARTIFACTS / "ar_digits_masks.png"))

    _open(page, "Orderings")
    _text(page, "#ar-digits-orderings-caption", "the ensemble")
    page.locator("#ar-digits-orderings-chart .bars path").nth(8).wait_for(timeout=WAIT)  # nine bars drawn
    assert page.locator("#ar-digits-orderings-chart .bars path").count() >= 9
    page.screenshot(path=str(ARTIFACTS / "ar_digits_orderings.png"))

    _open(page, "Completion")
    _text(page, "#ar-digits-complete-caption", "32 pixels kept")
    page.locator("#ar-digits-complete-run").click()
    _text(page, "#ar-digits-complete-caption", "completions in")
    page.screenshot(path=str(ARTIFACTS / "ar_digits_complete.png"))


def test_digits_views_on_a_phone_in_chinese(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    _open(pg, "手写数字：四个模型，一张表", "自回归模型")
    _text(pg, "#ar-digits-table-data", "门控 PixelCNN")
    _text(pg, "#ar-digits-table-binary", "FVSBN")
    _text(pg, "#ar-digits-caption", "置信度")
    assert pg.evaluate(TABLES_OVERFLOW_JS) == []  # every figure in view at 390 px, not off the right edge
    assert pg.evaluate(ICONS_OVER_IMAGES_JS) == []  # the samples' icons above the grid, not over its last digit
    pg.screenshot(path=str(ARTIFACTS / "ar_digits_table_zh_phone.png"), full_page=True)
    _open(pg, "逐像素采样", "自回归模型")
    _text(pg, "#ar-digits-pixel-caption", "第 28 步")
    pg.locator("#ar-digits-pixel-bars .js-plotly-plot").wait_for(timeout=WAIT)
    pg.screenshot(path=str(ARTIFACTS / "ar_digits_pixel_zh_phone.png"), full_page=True)
    _open(pg, "掩码与感受野", "自回归模型")
    pg.locator("#ar-digits-fields .js-plotly-plot").wait_for(timeout=WAIT)
    pg.screenshot(path=str(ARTIFACTS / "ar_digits_masks_zh_phone.png"), full_page=True)
    context.close()
