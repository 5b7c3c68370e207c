"""Real browser: open the rectified-flow tab, transport with every flow, generate digits, see the NFE chart."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, assert_result_in_first_screen, assert_tables_fit_a_phone

pytestmark = pytest.mark.browser


def test_rectified_flow_tab(page):
    page.get_by_role("tab", name="Rectified flow").click()
    page.get_by_role("tab", name="2D: transport and reflow").click()
    page.locator("#rf-points-run").click()
    plot = page.locator("#rf-transport .js-plotly-plot")
    plot.wait_for(timeout=60_000)
    assert plot.locator(".scatterlayer .trace").count() >= 16  # 4 flows: source, data, samples, paths
    assert_result_in_first_screen(page, "#rf-transport")  # issue 27 item 6: it started at y = 805
    page.screenshot(path=str(ARTIFACTS / "rectified_flow_points.png"), full_page=True)
    assert_tables_fit_a_phone(page)  # the paths and the W2 tables

    page.get_by_role("tab", name="Digits: few-step generation").click()
    page.locator("#rf-digits-run").click()
    for side in ("1", "2"):
        img = page.locator(f"#rf-digits-{side} img")
        img.wait_for(timeout=60_000)
        assert img.evaluate("el => el.naturalWidth") >= 8 * 96
    page.locator("#rf-nfe-chart .js-plotly-plot").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "rectified_flow_digits.png"), full_page=True)
    assert_tables_fit_a_phone(page)  # the digits table and the measured figures
