"""Real browser: open the DDPM vs DDIM tab, run both tracks' main action, wait for the outputs."""
from __future__ import annotations

import math

import pytest

from tests.conftest import (ARTIFACTS, assert_result_in_first_screen, assert_tables_fit_a_phone, limit_for_load,
                            live_updates_js, pause_clock_js)

pytestmark = pytest.mark.browser

TOAST = ".toast-body, [data-testid='toast-body']"


def tables_fit_a_phone(page, table: str) -> None:
    """Issue item 4: on a phone's width every shown table of the view (``table``: one of them, waited for until
    drawn) ends inside the window."""
    page.locator(f"{table} table").first.wait_for(timeout=60_000)
    assert_tables_fit_a_phone(page)


def test_diffusion_tab_both_tracks(page):
    page.get_by_role("tab", name="DDPM vs DDIM").click()
    page.get_by_role("tab", name="2D points").click()
    # issue item 10: a typed 5000 steps is refused with its range (a slider's box cut it to 1000 and ran)
    steps = page.locator("#diffusion-points-steps input")
    steps.fill("5000")
    page.locator("#diffusion-points-run").click()
    page.locator(TOAST).filter(has_text="steps must be from 1 to 1000; got 5000").wait_for(timeout=60_000)
    assert steps.input_value() == "5000"  # what was typed, not cut to the maximum
    steps.fill("50")
    page.locator("#diffusion-points-run").click()
    plot = page.locator("#diffusion-points-samples .js-plotly-plot")
    plot.wait_for(timeout=60_000)
    assert plot.locator(".scatterlayer .trace").count() >= 4  # data + samples, for DDPM and DDIM
    assert_result_in_first_screen(page, "#diffusion-points-samples")  # issue 27 item 6: it started at y = 909
    tables_fit_a_phone(page, "#diffusion-points-stats")
    page.screenshot(path=str(ARTIFACTS / "diffusion_points.png"), full_page=True)

    page.get_by_role("tab", name="Digits").click()
    page.locator("#diffusion-digits-run").click()
    for side in ("ddpm", "ddim"):
        img = page.locator(f"#diffusion-digits-{side} img")
        img.wait_for(timeout=60_000)
        width = img.evaluate("el => el.naturalWidth")
        assert width >= 8 * 96  # 8 digits a row, at least 96 px each
    assert_result_in_first_screen(page, "#diffusion-digits-ddpm")  # it started at y = 883
    tables_fit_a_phone(page, "#diffusion-digits-stats")
    page.screenshot(path=str(ARTIFACTS / "diffusion_digits.png"), full_page=True)


Y_AXIS = """el => { const a = el.querySelector('.js-plotly-plot')._fullLayout.yaxis;
  return {type: a.type, range: a.range}; }"""
LEGEND = "el => Array.from(el.querySelectorAll('.legendtext')).map(t => t.textContent)"


def test_table1_charts_read_in_less_than_three_decades_with_every_curve_named(page):
    """Issue 10, items 4-5: the saved Table 1 charts open with results; the digits chart's y-axis spans
    less than three decades (it ran from 1 to 10^24, every curve flat at the bottom); the floor and the
    DDPM = DDIM eta=1 coincidence are named in the legend."""
    page.get_by_role("tab", name="DDPM vs DDIM").click()
    page.get_by_role("tab", name="Quality vs steps (DDIM Table 1)").click()
    for name in ("points", "digits"):
        box = page.locator(f"#diffusion-table1-{name}")
        box.locator(".js-plotly-plot").wait_for(timeout=60_000)
        axis = box.evaluate(Y_AXIS)
        low, high = axis["range"]
        decades = high - low if axis["type"] == "log" else math.log10(high / low)
        assert low > 0 or axis["type"] == "log", axis  # a positive distance axis, no room wasted below zero
        assert 0 < decades < 3, axis
        legend = box.evaluate(LEGEND)
        assert any("floor" in t for t in legend), legend
        assert any("= DDIM η=1" in t for t in legend), legend
        assert sum(t.startswith("DDIM η=") for t in legend) == 3, legend
    # issue item 10: the saved digits curves sit in the floor's band; the note under the charts says what that means
    assert "is not better than real data" in page.locator("#diffusion-table1-note").inner_text(timeout=60_000)


def test_diffusion_tab_speaks_chinese(browser, app_url):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_role("tab", name="DDPM 与 DDIM").wait_for(timeout=60_000)
    button = pg.locator("#diffusion-points-run")
    button.wait_for(timeout=60_000)
    assert button.inner_text().strip() == "用 DDPM 和 DDIM 采样"
    pg.screenshot(path=str(ARTIFACTS / "diffusion_zh.png"))
    context.close()


PAUSE_CLOCK = pause_clock_js("diffusion")
UPDATES = live_updates_js("diffusion")


def test_live_training_pauses_within_a_second_and_the_page_stays_responsive(page):
    page.get_by_role("tab", name="DDPM vs DDIM").click()
    page.get_by_role("tab", name="2D points").click()
    page.locator("#diffusion-loss .js-plotly-plot").wait_for(timeout=60_000)  # the view opened with a result
    page.evaluate("document.querySelector('#diffusion-train').click()")
    page.wait_for_function(f"() => {UPDATES} > 0", timeout=60_000, polling=100)
    import time

    trips = []
    for _ in range(3):  # round trips of a page script while it trains (the issue measured 2.3-2.6 s each)
        start = time.perf_counter()
        page.evaluate("document.querySelector('#diffusion-train-status textarea').value.length")
        trips.append(time.perf_counter() - start)
    print(f"page script round trips while training: {[round(x, 3) for x in trips]} s")
    assert min(trips) < limit_for_load(1.0), trips
    seconds = page.evaluate(PAUSE_CLOCK) / 1000
    # one second on a quiet machine; on a shared one the browser and the server get a share of the cores
    limit = limit_for_load(1.0)
    print(f"pause: {seconds:.3f} s from the click to the paused frame (limit {limit:.1f} s)")
    assert seconds < limit, f"pause took {seconds:.2f} s (limit {limit:.1f} s at this load)"
    paused = page.evaluate(UPDATES)
    assert 0 < paused < 3000
    page.wait_for_timeout(1500)
    assert page.evaluate(UPDATES) == paused  # stopped, not running on behind the last frame
    page.evaluate("document.querySelector('#diffusion-step').click()")  # resumes from the frame on screen
    page.wait_for_function(f"() => {UPDATES} === {paused + 50}", timeout=30_000, polling=100)
    page.screenshot(path=str(ARTIFACTS / "diffusion_paused.png"), full_page=True)
