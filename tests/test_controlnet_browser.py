"""Real browser: draw a stroke on the ControlNet tab's canvas with the mouse and get digits back; load an example sketch."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SEVEN = [(0.3, 0.2), (0.7, 0.2), (0.45, 0.85)]  # a "7" in canvas fractions: top bar, then the diagonal


def _canvas(page):
    canvas = page.locator("#controlnet-sketch canvas").first
    canvas.wait_for(timeout=30_000)
    return canvas


def _draw(page, canvas, points, steps: int = 12) -> None:
    box = canvas.bounding_box()
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
        for i in range(1, steps + 1):
            page.mouse.move(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
    page.mouse.up()


def test_draw_a_stroke_and_get_digits(page):
    page.get_by_role("tab", name="ControlNet").click()
    canvas = _canvas(page)
    canvas.scroll_into_view_if_needed()
    _draw(page, canvas, SEVEN)
    condition = page.locator("#controlnet-condition img")
    condition.wait_for(timeout=30_000)  # the canvas's change event has shown the preprocessed condition
    page.locator("#controlnet-run").click()
    images = page.locator("#controlnet-gallery img")
    images.first.wait_for(timeout=60_000)
    page.wait_for_function("document.querySelectorAll('#controlnet-gallery img').length >= 4", timeout=60_000)
    assert images.count() >= 4
    assert condition.evaluate("el => el.naturalWidth") >= 128
    page.locator("#controlnet-residuals .js-plotly-plot").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "controlnet.png"), full_page=True)


def test_an_example_sketch_loads_and_conditions(page):
    page.get_by_role("tab", name="ControlNet").click()
    _canvas(page)
    examples = page.locator("button.gallery-item")
    examples.first.wait_for(timeout=30_000)
    assert examples.count() == 10
    examples.first.click()
    condition = page.locator("#controlnet-condition img")
    condition.wait_for(timeout=30_000)  # the example reached the canvas, and its change event the condition view
    assert condition.evaluate("el => el.naturalWidth") >= 128


def test_controlnet_tab_speaks_chinese(browser, app_url):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_role("tab", name="ControlNet").click()
    pg.get_by_text("画一个数字").first.wait_for(timeout=60_000)
    assert pg.get_by_text("猜测模式（无类别）").count() >= 1
    context.close()
