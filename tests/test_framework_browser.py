"""Real browser: the diffusion tab's "Score & Langevin" and "SDE vs ODE" views open with results, the sigma
slider redraws the score field, the particles run and replay through the figure's frame slider, and the SDE
and ODE run from the same noise."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, assert_result_in_first_screen
from tests.test_diffusion_browser import tables_fit_a_phone

pytestmark = pytest.mark.browser

# the numbers of the SDE-vs-ODE table's ratio row (Gradio's table draws its body as rows of grid cells)
RATIOS = """() => [...document.querySelectorAll('#fw-sde-stats [role=row]')]
  .map(r => [...r.querySelectorAll('[role=gridcell]')].map(c => c.innerText.trim()))
  .filter(r => r.length && r[0].startsWith('ratio')).flatMap(r => r.slice(1).map(parseFloat))"""

GRAPH = "document.querySelector('{} .js-plotly-plot')"
TITLE = f"() => {GRAPH.format('#fw-field')}?.layout?.title?.text || ''"
PARTICLES = f"() => {{ const g = {GRAPH.format('#fw-particles')}; return g ? g.data[1].x[0] : null; }}"


def test_score_and_langevin_view(page):
    page.get_by_role("tab", name="Score & Langevin").click()
    page.locator("#fw-field .js-plotly-plot").wait_for(timeout=60_000)  # opened with a result
    page.wait_for_function(f"() => ({TITLE})().includes('σ = 0.316')", timeout=60_000)
    assert_result_in_first_screen(page, "#fw-field")  # issue 27 item 6: it started at y = 1095
    slider = page.locator("#fw-log-sigma input[type=range]")
    slider.fill("-1.5")
    slider.dispatch_event("pointerup")  # the release that fires /diffusion_score_field
    page.wait_for_function(f"() => ({TITLE})().includes('σ = 0.0316')", timeout=60_000)

    page.locator("#fw-particles .js-plotly-plot").wait_for(timeout=60_000)
    page.locator("#fw-langevin-run").click()
    page.wait_for_function("() => document.querySelectorAll('#fw-particles .pending').length === 0", timeout=60_000)
    page.wait_for_function(f"() => ({PARTICLES})() !== null", timeout=60_000)
    last = page.evaluate(PARTICLES)
    steps = page.evaluate(f"() => {GRAPH.format('#fw-particles')}.layout.sliders[0].steps.length")
    assert steps == 41  # the start and 40 frames of 100 steps
    # drag the frame slider's grip to its start: the particles are restyled in the page, no server call
    grip = page.locator("#fw-particles .slider-grip-rect")
    rail = page.locator("#fw-particles .slider-rail-rect").bounding_box()
    grip.hover()
    page.mouse.down()
    page.mouse.move(rail["x"] + 1, rail["y"] + rail["height"] / 2, steps=5)
    page.mouse.up()
    page.wait_for_function(f"() => ({PARTICLES})() !== {last}", timeout=10_000)
    current = page.locator("#fw-particles .slider-container text.slider-label").first  # the current frame
    assert current.text_content().startswith("start (σ = 5)")
    tables_fit_a_phone(page, "#fw-langevin-stats")
    page.screenshot(path=str(ARTIFACTS / "diffusion_score_langevin.png"), full_page=True)


def test_sde_vs_ode_view(page):
    page.get_by_role("tab", name="SDE vs ODE").click()
    page.locator("#fw-sde-same .js-plotly-plot").wait_for(timeout=60_000)
    assert_result_in_first_screen(page, "#fw-sde-paths")  # it started at y = 913
    page.locator("#fw-sde-run").click()
    page.wait_for_function("() => document.querySelectorAll('#fw-sde-paths .pending, #fw-sde-same .pending')"
                           ".length === 0", timeout=60_000)
    text = page.locator("#fw-sde-stats").inner_text()
    assert "SDE (Euler-Maruyama)" in text and "ODE (Euler)" in text
    assert page.locator("#fw-sde-paths .scatterlayer .trace").count() >= 8  # data, samples, paths, ends, x2
    # issue item 10: the defaults show the ODE at a ratio of 0.88; the sentence under the table says what it means
    ratios = page.evaluate(RATIOS)
    assert len(ratios) == 2 and min(ratios) < 1, ratios
    note = page.locator("#fw-sde-stats-note")
    note.wait_for(timeout=30_000)
    assert "A ratio below 1" in note.inner_text() and "second draw of real data" in note.inner_text()
    tables_fit_a_phone(page, "#fw-sde-stats")
    page.screenshot(path=str(ARTIFACTS / "diffusion_sde_ode.png"), full_page=True)


def test_views_speak_chinese(browser, app_url):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_role("tab", name="分数与 Langevin").click(timeout=60_000)
    button = pg.locator("#fw-langevin-run")
    button.wait_for(timeout=60_000)
    assert button.inner_text().strip() == "运行粒子"
    context.close()
