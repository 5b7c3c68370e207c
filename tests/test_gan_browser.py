"""Real browser: the GAN tab trains live (at least 3 streamed frames), pauses, shows a shipped
run, samples digits and runs the JS-vs-W1 experiment."""
from __future__ import annotations

import re

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def _iteration(page) -> int:
    m = re.search(r"iteration ([\d,]+)", page.locator("#gan-status").inner_text())
    return int(m.group(1).replace(",", "")) if m else -1


def test_gan_tab_trains_live_and_pauses(page):
    page.get_by_role("tab", name="GAN vs WGAN").click()
    page.get_by_role("tab", name="2D sandbox").click()
    plane = page.locator("#gan-plane .js-plotly-plot")
    plane.wait_for(timeout=60_000)  # the shipped run is there before any training
    assert "gan-2d-ring-wgan-gp-s0" in page.locator("#gan-status").inner_text()

    page.locator("#gan-train").click()
    seen = set()
    for _ in range(600):  # up to 60 s
        it = _iteration(page)
        if "live" in page.locator("#gan-status").inner_text() and it >= 0:
            seen.add(it)
        if len(seen) >= 4:
            break
        page.wait_for_timeout(100)
    assert len(seen) >= 4  # the start frame plus at least 3 streamed updates

    page.locator("#gan-pause").click()
    page.wait_for_timeout(1500)
    paused_at = _iteration(page)
    page.wait_for_timeout(1500)
    assert _iteration(page) == paused_at  # paused: no more frames
    assert plane.locator(".scatterlayer .trace").count() >= 4  # real, generated, arrows, arrow heads
    page.screenshot(path=str(ARTIFACTS / "gan_live.png"), full_page=True)
    page.locator("#gan-step").click()
    page.wait_for_function(f"() => document.querySelector('#gan-status').innerText.includes('iteration {paused_at + 1:,}')",
                           timeout=30_000)


def test_gan_tab_digits_and_why_wasserstein(page):
    page.get_by_role("tab", name="GAN vs WGAN").click()
    page.get_by_role("tab", name="Digits").last.click()
    page.locator("#gan-digits-run").click()
    img = page.locator("#gan-digits-gallery img")
    img.wait_for(timeout=60_000)
    assert img.evaluate("el => el.naturalWidth") >= 8 * 96
    page.locator("#gan-digits-verdict .js-plotly-plot").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "gan_digits.png"), full_page=True)

    page.get_by_role("tab", name="Why Wasserstein?").click()
    slider = page.get_by_label("Critic updates per distance")
    slider.first.fill("20")
    page.locator("#gan-why-run").click()
    page.locator("#gan-why-plot .js-plotly-plot").wait_for(timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "gan_why.png"), full_page=True)


def test_gan_tab_speaks_chinese(browser, app_url):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_role("tab", name="GAN 与 WGAN").click(timeout=60_000)
    assert pg.get_by_text("二维沙盒").count() >= 1
    context.close()
