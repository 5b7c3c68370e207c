"""Real browser: one page walks every view of the latent diffusion tab (desktop, English), then the same tab on a
phone in Chinese."""
from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import ARTIFACTS, PHONE, assert_result_in_first_screen, assert_tables_fit_a_phone

pytestmark = pytest.mark.browser


def _click_and_wait(page, button: str, output: str) -> None:
    pending = f"{output}.pending, {output} .pending"
    page.locator(button).click()
    with contextlib.suppress(PlaywrightTimeout):  # the update may already be over
        page.wait_for_selector(pending, timeout=5_000)
    page.wait_for_function(f"() => !document.querySelector({pending!r})", timeout=120_000)


def _image_width(page, sel: str) -> int:
    img = page.locator(f"{sel} img")
    img.wait_for(timeout=120_000)
    return img.evaluate("el => el.naturalWidth")


def test_latent_diffusion_tab(page):
    page.get_by_role("tab", name="Latent diffusion").click()
    assert _image_width(page, "#ld-strip") > 5 * 96  # the pipeline opens with a result
    assert_result_in_first_screen(page, "#ld-strip")
    _click_and_wait(page, "#ld-pipeline-run", "#ld-film")
    assert _image_width(page, "#ld-film") > 8 * 60 and _image_width(page, "#ld-final") >= 8 * 96
    page.screenshot(path=str(ARTIFACTS / "ld_pipeline.png"), full_page=True)
    assert_tables_fit_a_phone(page)

    page.locator("#tab-latent-diffusion").get_by_role("tab", name="Pixel vs latent").click()
    assert _image_width(page, "#ld-compare-latent") > 0
    assert_result_in_first_screen(page, "#ld-compare-pixel")
    page.screenshot(path=str(ARTIFACTS / "ld_compare.png"), full_page=True)
    assert_tables_fit_a_phone(page)

    page.locator("#tab-latent-diffusion").get_by_role("tab", name="Compression trade-off").click()
    page.locator("#ld-tradeoff .js-plotly-plot").wait_for(timeout=60_000)
    page.locator("#ld-snr .js-plotly-plot").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "ld_tradeoff.png"), full_page=True)
    assert_tables_fit_a_phone(page)

    page.locator("#tab-latent-diffusion").get_by_role("tab", name="Image to image").click()
    assert _image_width(page, "#ld-img2img-edits") >= 8 * 96
    _click_and_wait(page, "#ld-img2img-run", "#ld-img2img-edits")
    page.screenshot(path=str(ARTIFACTS / "ld_img2img.png"), full_page=True)
    assert_tables_fit_a_phone(page)

    page.locator("#tab-latent-diffusion").get_by_role("tab", name="Interpolation").click()
    assert _image_width(page, "#ld-interp") >= 9 * 96
    assert_result_in_first_screen(page, "#ld-interp")
    page.screenshot(path=str(ARTIFACTS / "ld_interp.png"), full_page=True)
    assert_tables_fit_a_phone(page)


def test_latent_diffusion_on_a_phone_in_chinese(browser, app_url):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(app_url)
        page.get_by_role("tab", name="潜空间扩散").click()
        assert _image_width(page, "#ld-strip") > 0
        page.locator("#tab-latent-diffusion").get_by_role("tab", name="压缩的取舍").click()
        page.locator("#ld-tradeoff .js-plotly-plot").wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "ld_phone_zh.png"), full_page=True)
        assert_tables_fit_a_phone(page)
    finally:
        context.close()
