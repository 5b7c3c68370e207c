"""Real browser: a deep link opens its tab with its settings and the same picture as the API; the copy-link
button gives a link with the current settings; the page's Python snippet runs and returns what the page
shows; bad link values keep their defaults with a note."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import ARTIFACTS, plot_json

pytestmark = pytest.mark.browser

SETTINGS = {"dataset": "circles", "steps": "20", "eta": "0.5", "n_points": "500", "seed": "3"}
PLOT = "#diffusion-points-samples .js-plotly-plot"
# The DDPM and DDIM sample traces of the page's plot (float32 points, base64): ready once it holds 500 points.
SAMPLES_JS = f"""() => {{ const gd = document.querySelector('{PLOT}');
  if (!gd || !gd.data) return null;
  const s = gd.data.filter(t => t.name === 'DDPM' || t.name === 'DDIM');
  if (s.length !== 2 || !s[0].x.bdata || atob(s[0].x.bdata).length !== 500 * 4) return null;
  return s.map(t => [t.name, t.x.bdata, t.y.bdata]); }}"""


def _samples(figure) -> list:
    return [[t["name"], t["x"]["bdata"], t["y"]["bdata"]] for t in plot_json(figure)["data"]
            if t.get("name") in ("DDPM", "DDIM")]


def _open(browser, url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#app-title", timeout=60_000)
    return context, page


def test_deep_link_restores_tab_settings_and_picture(browser, app_url, client):
    query = "&".join(f"{k}={v}" for k, v in SETTINGS.items())
    context, page = _open(browser, f"{app_url}?view=diffusion_points&{query}")
    page.locator(PLOT).scroll_into_view_if_needed()
    page.wait_for_function(SAMPLES_JS, timeout=90_000)
    shown = page.evaluate(SAMPLES_JS)
    api = client.predict("circles", None, "shipped", 20, 0.5, 500, 3, api_name="/diffusion_points")
    assert shown == _samples(api[0])  # byte for byte the API's samples for the same settings

    page.locator("#diffusion_points-share .label-wrap").click()
    page.locator("#diffusion_points-copy-link").click()
    box = page.locator("#diffusion_points-link textarea")
    page.wait_for_function("() => document.querySelector('#diffusion_points-link textarea').value.includes('view=')")
    link = urlsplit(box.input_value())
    params = {k: v[0] for k, v in parse_qs(link.query).items()}
    assert params["view"] == "diffusion_points"
    for key, value in SETTINGS.items():  # the page's controls hold the link's settings
        assert float(params[key]) == float(value) if key != "dataset" else params[key] == value
    assert page.evaluate("() => location.search").lstrip("?") == link.query  # the address bar too

    code = page.locator("#diffusion_points-snippet .cm-content").inner_text()
    assert 'api_name="/diffusion_points"' in code and "seed=3" in code and 'dataset="circles"' in code
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102  the snippet as a user would paste it, against this server
    assert _samples(namespace["result"][0]) == shown
    page.screenshot(path=str(ARTIFACTS / "share_link.png"), full_page=True)
    context.close()


def test_a_link_with_bad_values_keeps_defaults_and_says_why(browser, app_url):
    context, page = _open(browser, f"{app_url}?view=diffusion_digits&digit_class=7&steps=5000&seed=-1&eta=abc")
    note = page.locator("#diffusion_digits-link-note")
    note.wait_for(timeout=60_000)
    text = note.inner_text()
    assert "steps must be from 1 to 1000; got 5000" in text and "seed must be from 0 to" in text
    assert "eta must be a number from 0 to 1; got 'abc'" in text
    assert page.get_by_role("tab", name="Digits").get_attribute("aria-selected") == "true"
    page.locator("#diffusion-digits-ddpm img").wait_for(timeout=90_000)  # the view ran with the good values
    page.locator("#diffusion_digits-share .label-wrap").click()
    page.locator("#diffusion_digits-copy-link").click()
    page.wait_for_function("() => document.querySelector('#diffusion_digits-link textarea').value.includes('view=')")
    params = parse_qs(urlsplit(page.locator("#diffusion_digits-link textarea").input_value()).query)
    assert params["digit_class"] == ["7"] and params["steps"] == ["50"] and params["seed"] == ["0"]
    context.close()


def test_tab_link_selects_a_top_level_tab(browser, app_url):
    context, page = _open(browser, f"{app_url}?tab=gan")
    tab = page.get_by_role("tab", name="GAN vs WGAN")
    page.wait_for_function("() => [...document.querySelectorAll('[role=tab][aria-selected=true]')]"
                           ".some(t => t.textContent.includes('GAN vs WGAN'))", timeout=60_000)
    assert tab.get_attribute("aria-selected") == "true"
    context.close()


def test_live_model_downloads_from_the_page(browser, app_url, tmp_path):
    from demos.common.share import load_exported

    context, page = _open(browser, f"{app_url}?tab=diffusion")
    page.locator("#diffusion-step").click()
    page.wait_for_function("() => /50 \\//.test(document.querySelector('#diffusion-train-status textarea').value)",
                           timeout=60_000)
    page.locator("#diffusion_export-button").click()
    link = page.locator("#diffusion_export-file a").first
    link.wait_for(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "model.zip"
    info.value.save_as(path)
    import zipfile

    with zipfile.ZipFile(path) as z:
        z.extractall(tmp_path)
    model = load_exported(tmp_path / "diffusion-2d-live")
    assert json.loads((tmp_path / "diffusion-2d-live" / "config.json").read_text())["_class_name"] == "TimeMLP"
    assert type(model).__name__ == "TimeMLP"
    context.close()
