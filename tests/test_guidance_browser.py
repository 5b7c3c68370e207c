"""Real browser: open the guidance tab, run the 2D and digits actions, see the saved sweep."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, assert_result_in_first_screen, assert_tables_fit_a_phone

pytestmark = pytest.mark.browser


def _click_and_wait(page, button: str, output: str) -> None:
    """Click ``button`` and wait until ``output`` has finished updating (Gradio marks it ``pending``)."""
    pending = f"{output}.pending, {output} .pending"
    page.locator(button).click()
    try:
        page.wait_for_selector(pending, timeout=5_000)
    except Exception:  # the update may already be over
        pass
    page.wait_for_function(f"() => !document.querySelector({pending!r})", timeout=90_000)


def test_guidance_tab(page):
    page.get_by_role("tab", name="Guidance").click()
    page.locator("#guidance-field .js-plotly-plot").wait_for(timeout=60_000)  # opens with a result
    assert_result_in_first_screen(page, "#guidance-field")  # issue 27 item 6: it started at y = 915
    _click_and_wait(page, "#guidance-points-run", "#guidance-points-samples")
    plot = page.locator("#guidance-points-samples .js-plotly-plot")
    plot.wait_for(timeout=60_000)
    assert plot.locator(".scatterlayer .trace").count() >= 4  # data + samples, without and with guidance
    page.screenshot(path=str(ARTIFACTS / "guidance_points.png"), full_page=True)
    assert_tables_fit_a_phone(page)

    page.get_by_role("tab", name="Digits").last.click()
    _click_and_wait(page, "#guidance-digits-run", "#guidance-digits-gallery")
    img = page.locator("#guidance-digits-gallery img")
    img.wait_for(timeout=60_000)
    assert img.evaluate("el => el.naturalWidth") >= 10 * 96
    assert_result_in_first_screen(page, "#guidance-digits-gallery")  # it started at y = 872
    page.screenshot(path=str(ARTIFACTS / "guidance_digits.png"), full_page=True)
    assert_tables_fit_a_phone(page)

    page.get_by_role("tab", name="Fidelity vs diversity").click()
    page.locator("#guidance-sweep .js-plotly-plot").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "guidance_sweep.png"), full_page=True)
    assert_tables_fit_a_phone(page)  # the sweep's two tables and the speed table
