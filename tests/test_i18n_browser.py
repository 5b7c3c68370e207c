"""Real browser, in Simplified Chinese: after the main actions of every tab in ``app.TABS`` (its views
filled on load, a live run, an error toast; every sub-view of the VAE, flows, rectified-flow and guidance
tabs), no sentence of the app's own English text is on the page."""
from __future__ import annotations

import importlib
import re

import pytest

from tests.conftest import ARTIFACTS, SETTLED_JS

pytestmark = pytest.mark.browser

MARKUP = re.compile(r"\{[^}]*\}|\$[^$]*\$|\*\*|[*_`#|<>\\]|\(|\)|:|；|。")
PAGE_TEXT = """() => {
  const svg = Array.from(document.querySelectorAll('svg text')).map(n => n.textContent).join('\\n');
  const toasts = Array.from(document.querySelectorAll('.toast-body, [data-testid="toast-body"]'))
    .map(n => n.innerText).join('\\n');
  return document.body.innerText + '\\n' + svg + '\\n' + toasts;
}"""


def english_sentences() -> set[str]:
    """Pieces of the app's English text (12+ characters of words) whose Chinese differs: none may show in Chinese."""
    import app
    from demos.common import i18n

    out = set()
    for strings in [i18n.STRINGS] + [importlib.import_module(m).STRINGS for m in app.TABS]:
        en, zh = strings["en"], strings["zh-CN"]
        for key, text in en.items():
            if zh.get(key, text) == text:
                continue
            for piece in MARKUP.split(text):
                piece = " ".join(piece.split())
                if len(piece) >= 12 and re.fullmatch(r"[A-Za-z][A-Za-z ,.'’-]+[A-Za-z]", piece) and " " in piece:
                    out.add(piece)
    return out


def test_english_sentences_list_is_not_empty():
    assert len(english_sentences()) > 50


def test_no_english_sentence_in_the_chinese_page(browser, app_url):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000},
                              extra_http_headers={"Accept-Language": "zh-CN"})
    pg = ctx.new_page()
    pg.goto(app_url)
    pg.wait_for_selector("#app-title", timeout=60_000)
    seen = []

    def collect():
        pg.evaluate(SETTLED_JS)  # what was just opened is drawn
        seen.append(pg.evaluate(PAGE_TEXT))

    # DDPM vs DDIM: the 2D view opens with samples; a live run, paused; an error toast (no live model yet).
    pg.locator("#diffusion-points-samples .js-plotly-plot").wait_for(timeout=120_000)
    pg.evaluate("document.querySelector('#diffusion-step').click()")
    pg.wait_for_function("() => /次更新/.test(document.querySelector('#diffusion-train-status textarea').value)",
                         timeout=60_000)
    collect()
    pg.get_by_role("tab", name="手写数字").first.click()
    pg.locator("#diffusion-filmstrip img").wait_for(timeout=120_000)
    collect()
    # GAN vs WGAN: the shipped run on load, one step; the JS-vs-W1 figure; digits.
    pg.get_by_role("tab", name="GAN 与 WGAN").click()
    pg.locator("#gan-plane .js-plotly-plot").wait_for(timeout=120_000)
    pg.evaluate("document.querySelector('#gan-step').click()")
    pg.wait_for_function("() => /6,001/.test(document.querySelector('#gan-status').innerText)", timeout=60_000)
    collect()
    for view in ("为什么用 Wasserstein？", "手写数字"):
        pg.get_by_role("tab", name=view).last.click()
        collect()
    # ControlNet: the example's digits on load.
    pg.get_by_role("tab", name="ControlNet").click()
    pg.locator("#controlnet-gallery img").first.wait_for(timeout=120_000)
    collect()
    # The newer tabs: every sub-view, each filled on load in Chinese (figures, tables, status lines).
    for tab, panel, ready, views in (
            ("VAE", "#tab-vae", "#vae-plane img",
             ("16 维 VAE 样本", "梯度估计器", "VQ-VAE", "二维数据，现场训练")),
            ("标准化流", "#tab-flows", "#flows-eval-plot .js-plotly-plot", ("手写数字",)),
            ("整流流", "#tab-rectified-flow", "#rf-transport .js-plotly-plot", ("手写数字：少步生成",)),
            ("引导", "#tab-guidance", "#guidance-field .js-plotly-plot", ("手写数字", "保真度与多样性"))):
        pg.get_by_role("tab", name=tab, exact=True).click()
        pg.locator(ready).first.wait_for(timeout=120_000)  # the page's one load event wrote every Chinese view
        collect()
        for view in views:
            pg.locator(panel).get_by_role("tab", name=view, exact=True).click()
            collect()
    pg.screenshot(path=str(ARTIFACTS / "zh_page.png"), full_page=True)
    ctx.close()
    text = "\n".join(seen)
    left = sorted(s for s in english_sentences() if s in text)
    assert not left, f"English on the Chinese page: {left[:20]}"
