"""Real browser: the GAN tab trains live (at least 3 streamed updates), pauses, steps, shows a
shipped run, samples digits and runs the JS-vs-W1 experiment."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, assert_tables_fit_a_phone

pytestmark = pytest.mark.browser

STATUS = "document.querySelector('#gan-status').innerText"
# While frames stream, a headless Chromium sharing 2 cores with the training server paints only a few
# frames a second, and Playwright's actionability checks wait on painted frames: the live part therefore
# counts updates with a MutationObserver, polls on a timer and clicks through the DOM.
COUNT_UPDATES = """() => { window.__ganUpdates = 0; new MutationObserver(() => window.__ganUpdates++)
    .observe(document.querySelector('#gan-status'), {subtree: true, childList: true, characterData: true}); }"""
ITERATION = f"Number((/iteration ([\\d,]+)/.exec({STATUS}) || [0, '-1'])[1].replace(/,/g, ''))"


def _iteration(page) -> int:
    return int(page.evaluate(ITERATION))


def _settled_iteration(page, quiet_s: float = 3.0, timeout_s: float = 30.0) -> int:
    """The iteration shown once it has not changed for ``quiet_s`` seconds."""
    last, since, waited = _iteration(page), 0.0, 0.0
    while since < quiet_s:
        assert waited < timeout_s, "the frames did not stop"
        page.wait_for_timeout(500)
        waited += 0.5
        now = _iteration(page)
        since = since + 0.5 if now == last else 0.0
        last = now
    return last


def _click(page, elem_id: str) -> None:
    page.evaluate(f"document.querySelector('#{elem_id}').click()")


def _tables_fit_a_phone(page, elem_id: str, text: str) -> None:
    """On a phone's viewport, the view's tables (once ``#elem_id`` shows ``text``) end inside the window."""
    page.locator(f"#{elem_id}").get_by_text(text).first.wait_for(timeout=60_000)
    assert_tables_fit_a_phone(page)


def test_gan_tab_trains_live_pauses_and_steps(page):
    page.get_by_role("tab", name="GAN vs WGAN").click()
    page.get_by_role("tab", name="2D sandbox").click()
    plane = page.locator("#gan-plane .js-plotly-plot")
    plane.wait_for(timeout=60_000)  # the shipped run is there before any training
    assert "gan-2d-ring-wgan-gp-s0" in page.evaluate(STATUS)
    _tables_fit_a_phone(page, "gan-table-seeds", "wgan-gp · grid (25 modes)")

    page.wait_for_function(f"() => {ITERATION} === 6000", timeout=60_000, polling=250)
    page.evaluate(COUNT_UPDATES)
    _click(page, "gan-train")  # goes on from the shipped run on screen
    page.wait_for_function(f"() => window.__ganUpdates >= 3 && {ITERATION} > 6000", timeout=60_000,
                           polling=250)
    first = _iteration(page)
    page.wait_for_function(f"() => {ITERATION} > {first}", timeout=60_000, polling=250)  # still streaming
    status = page.evaluate(STATUS)
    assert "updates/s" in status and "refreshes/s" in status and "modes" in status

    _click(page, "gan-pause")
    paused_at = _settled_iteration(page)  # paused: the frames stop (the last one may still be on its way)
    assert 6000 < paused_at < 9000  # stopped before the run's 3,000 more iterations
    assert "gan-2d-ring-wgan-gp-s0" in page.evaluate(STATUS) and "modes 8/8" in page.evaluate(STATUS)
    assert plane.locator(".scatterlayer .trace").count() >= 4  # real, generated, arrows, arrow heads
    page.screenshot(path=str(ARTIFACTS / "gan_live.png"), full_page=True)

    _click(page, "gan-step")  # the paused run goes on from the frame on screen
    page.wait_for_function(f"() => {ITERATION} === {paused_at + 1}", timeout=30_000, polling=250)


def test_gan_tab_digits_and_why_wasserstein(page):
    page.get_by_role("tab", name="GAN vs WGAN").click()
    page.get_by_role("tab", name="Digits", exact=True).last.click()
    page.locator("#gan-digits-run").click()
    img = page.locator("#gan-digits-gallery img")
    img.wait_for(timeout=60_000)
    assert img.evaluate("el => el.naturalWidth") >= 8 * 96
    page.locator("#gan-digits-verdict .js-plotly-plot").wait_for(timeout=60_000)
    _tables_fit_a_phone(page, "gan-digits-stats", "Fréchet / floor")
    page.screenshot(path=str(ARTIFACTS / "gan_digits.png"), full_page=True)

    page.get_by_role("tab", name="Why Wasserstein?").click()
    # the saved experiment comes into sight with the tab: its figure, and the W1 estimate beside the truth
    page.locator("#gan-why-plot .js-plotly-plot").wait_for(timeout=60_000)
    page.locator("#gan-why-summary", has_text="true W1 4.000").wait_for(timeout=60_000)
    page.get_by_label("Critic updates per distance").first.fill("20")
    page.locator("#gan-why-run").click()
    page.locator("#gan-why-plot .js-plotly-plot .scatterlayer .trace").first.wait_for(timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "gan_why.png"), full_page=True)


def test_gan_tab_speaks_chinese(browser, app_url):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_role("tab", name="GAN 与 WGAN").click(timeout=60_000)
    assert pg.get_by_text("二维沙盒").count() >= 1
    _tables_fit_a_phone(pg, "gan-table-seeds", "wgan-gp · grid（25 个模式）")
    context.close()
