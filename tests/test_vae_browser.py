"""Real browser: open the VAE tab, click the latent plane and see the decoded digit change; open the
VQ-VAE view and encode a digit; the tab in Chinese."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, assert_result_in_first_screen, assert_tables_fit_a_phone

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1400, "height": 1000}


def _src(page, selector: str) -> str:
    return page.locator(selector).evaluate("el => el.src")


def test_vae_tab_latent_pick_and_codebook(page):
    page.get_by_role("tab", name="VAE", exact=True).click()
    plane = page.locator("#vae-plane img")
    plane.wait_for(timeout=60_000)
    assert plane.evaluate("el => el.naturalWidth") >= 480
    before = _src(page, "#vae-decoded img")
    box = plane.bounding_box()
    plane.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.2})
    page.wait_for_function("b => document.querySelector('#vae-decoded img').src !== b", arg=before, timeout=30_000)
    assert page.locator("#vae-decoded img").evaluate("el => el.naturalWidth") >= 192
    page.screenshot(path=str(ARTIFACTS / "vae_plane.png"), full_page=True)
    page.locator("table", has_text="test ELBO").first.wait_for()  # the β trade-off, filled when it came into sight
    assert_tables_fit_a_phone(page)

    page.get_by_role("tab", name="VQ-VAE").click()
    before = _src(page, "#vae-vq-output img")
    page.locator("#vae-vq-run").click()  # encode the same digit again: the output is re-sent
    page.locator("#vae-usage .js-plotly-plot").wait_for(timeout=30_000)
    assert page.locator("#vae-usage .js-plotly-plot .bars path").count() >= 32
    # the shipped code prior's figure, from its quality.json: the autoregressive tab's gated PixelCNN
    page.wait_for_function("() => /gated PixelCNN.*confidence \\*?\\*?0\\.\\d{3}/.test("
                           "document.querySelector('#vae-prior-quality')?.innerText || '')", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "vae_vq.png"), full_page=True)
    assert_tables_fit_a_phone(page)
    assert before

    page.get_by_role("tab", name="2D data, trained live").click()
    page.locator("#vae-live-panels .js-plotly-plot").wait_for(timeout=30_000)  # the empty view: axes, no model
    assert_result_in_first_screen(page, "#vae-live-panels")  # issue 27 item 6: it started at y = 849


def test_vae_tab_speaks_chinese(browser, app_url):
    context = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    pg = context.new_page()
    pg.goto(app_url)
    pg.get_by_role("tab", name="VAE", exact=True).click()
    pg.get_by_role("tab", name="潜平面（二维）").wait_for(timeout=60_000)
    assert pg.locator("#vae-pick").inner_text().strip() == "解码 (z₁, z₂)"
    pg.screenshot(path=str(ARTIFACTS / "vae_zh.png"), full_page=True)
    pg.locator("table", has_text="测试 ELBO").first.wait_for(timeout=60_000)
    assert_tables_fit_a_phone(pg)  # the Chinese headers too
    context.close()
