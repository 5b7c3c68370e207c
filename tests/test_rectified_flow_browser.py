"""Real browser: open the rectified-flow tab, transport with every flow, generate digits, see the NFE chart."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, PHONE, SETTLED_JS, TABLES_OVERFLOW_JS

pytestmark = pytest.mark.browser


def _tables_fit_a_phone(page) -> None:
    """Every table now shown keeps its last column inside a phone's window (then the desktop size again)."""
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    page.evaluate(SETTLED_JS)
    try:
        assert page.evaluate(TABLES_OVERFLOW_JS) == []
    finally:
        page.set_viewport_size(desktop)


def test_rectified_flow_tab(page):
    page.get_by_role("tab", name="Rectified flow").click()
    page.get_by_role("tab", name="2D: transport and reflow").click()
    page.locator("#rf-points-run").click()
    plot = page.locator("#rf-transport .js-plotly-plot")
    plot.wait_for(timeout=60_000)
    assert plot.locator(".scatterlayer .trace").count() >= 16  # 4 flows: source, data, samples, paths
    page.screenshot(path=str(ARTIFACTS / "rectified_flow_points.png"), full_page=True)
    _tables_fit_a_phone(page)  # the paths and the W2 tables

    page.get_by_role("tab", name="Digits: few-step generation").click()
    page.locator("#rf-digits-run").click()
    for side in ("1", "2"):
        img = page.locator(f"#rf-digits-{side} img")
        img.wait_for(timeout=60_000)
        assert img.evaluate("el => el.naturalWidth") >= 8 * 96
    page.locator("#rf-nfe-chart .js-plotly-plot").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "rectified_flow_digits.png"), full_page=True)
    _tables_fit_a_phone(page)  # the digits table and the measured figures
