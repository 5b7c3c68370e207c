"""Real browser: open the DDPM vs DDIM tab, run both tracks' main action, wait for the outputs."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_diffusion_tab_both_tracks(page):
    page.get_by_role("tab", name="DDPM vs DDIM").click()
    page.get_by_role("tab", name="2D points").click()
    page.locator("#diffusion-points-run").click()
    plot = page.locator("#diffusion-points-samples .js-plotly-plot")
    plot.wait_for(timeout=60_000)
    assert plot.locator(".scatterlayer .trace").count() >= 4  # data + samples, for DDPM and DDIM
    page.screenshot(path=str(ARTIFACTS / "diffusion_points.png"), full_page=True)

    page.get_by_role("tab", name="Digits").click()
    page.locator("#diffusion-digits-run").click()
    for side in ("ddpm", "ddim"):
        img = page.locator(f"#diffusion-digits-{side} img")
        img.wait_for(timeout=60_000)
        width = img.evaluate("el => el.naturalWidth")
        assert width >= 8 * 96  # 8 digits a row, at least 96 px each
    page.screenshot(path=str(ARTIFACTS / "diffusion_digits.png"), full_page=True)


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
