"""Shared fixtures: one launched app per test session, a gradio_client on it, and a headless
Chromium page (Debian's /usr/bin/chromium, driven by Playwright; no browser is downloaded).

Without Chromium the browser tests are skipped with the command that installs it, so
``python -m pytest`` passes on a fresh machine; under ``CI=true`` a missing browser fails them."""
from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTIFACTS = ROOT / "artifacts"  # screenshots land here (ignored by git)
CHROMIUM = os.environ.get("GENLAB_CHROMIUM", "/usr/bin/chromium")
INSTALL_CHROMIUM = "apt-get install chromium (or set GENLAB_CHROMIUM to a Chromium binary)"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The modules that take longest, started first so that the two workers (pytest-xdist, one module at a time each:
# ``--dist loadfile`` in pyproject.toml) finish together; then every other browser and quality module.
SLOWEST_FIRST = ("test_i18n_browser", "test_controlnet_quality", "test_load", "test_fuzz", "test_diffusion_quality",
                 "test_error_keys", "test_controlnet_browser", "test_share_browser", "test_drawing_browser")


def pytest_collection_modifyitems(config, items):
    """Order the modules longest first (the same order in every worker, so xdist accepts it)."""
    def rank(item) -> int:
        name = item.path.stem
        if name in SLOWEST_FIRST:
            return SLOWEST_FIRST.index(name)
        return len(SLOWEST_FIRST) + (0 if name.endswith(("_browser", "_quality")) else 1)

    items.sort(key=rank)  # stable: tests keep their order within a module


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: one worker per core, at most 4 (each runs its own app server and Chromium)."""
    return max(1, min(4, os.cpu_count() or 1))


@pytest.fixture(autouse=True)
def threads():
    """The torch thread setting the app uses (``core.runtime.device.configure_threads``), set once, and only
    for tests that run with torch loaded: pure-Python tests do not pay for importing torch."""
    global _THREADS
    if _THREADS is None and "torch" in sys.modules:
        from core.runtime.device import configure_threads

        _THREADS = configure_threads()
    return _THREADS


_THREADS: int | None = None


def on_ci() -> bool:
    """Whether this run is a CI run (``CI=true``), where every browser test must run."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_chromium(path: str | os.PathLike = CHROMIUM) -> None:
    """Skip (or, on CI, fail) a browser test when no Chromium is at ``path``, naming the install command."""
    if Path(path).exists():
        return
    message = f"Chromium not found at {path}: {INSTALL_CHROMIUM}"
    if on_ci():
        pytest.fail(f"{message} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def app_url():
    import app

    demo = app.build_app()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=_free_port(), quiet=True,
                **app.launch_options())
    yield demo.local_url
    demo.close()


@pytest.fixture(scope="session")
def client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    # Actions wait up to 90 s, not Playwright's 30 s: while a page opens, every tab's first results arrive and are
    # drawn, and on 2 shared cores the first click has waited more than 30 s for the page to take it.
    context.set_default_timeout(90_000)
    pg = context.new_page()
    pg.goto(app_url)
    pg.wait_for_selector("#app-title", timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    yield pg
    context.close()


def plot_json(value) -> dict:
    """The Plotly figure (``{"data": [...], "layout": {...}}``) of a ``gr.Plot`` output as the client returns it."""
    import json

    if isinstance(value, dict) and "plot" in value:
        value = value["plot"]
    return json.loads(value) if isinstance(value, str) else value


def trace_length(trace: dict, axis: str = "x") -> int:
    """Number of values on ``axis`` of a trace (a plain list or a base64 typed array)."""
    import base64

    v = trace[axis]
    if isinstance(v, dict) and "bdata" in v:
        return len(base64.b64decode(v["bdata"])) // 4
    return len(v)


def limit_for_load(seconds: float) -> float:
    """``seconds`` on a quiet machine, scaled by the load per core when other processes share the CPU."""
    return seconds * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def live_updates_js(api: str) -> str:
    """A page expression: the updates a live view's status line (``#<api>-train-status``) shows, -1 if none."""
    return (f"Number((/([\\d,]+) \\/ [\\d,]+/.exec(document.querySelector('#{api}-train-status textarea').value)"
            " || [0, '-1'])[1].replace(/,/g, ''))")


def pause_clock_js(api: str) -> str:
    """A page function: click the live view's pause (``#<api>-pause``) and resolve with the milliseconds until
    its status line says it paused (the paused frame is drawn)."""
    return f"""() => new Promise(resolve => {{
  const status = document.querySelector('#{api}-train-status textarea');
  const t0 = performance.now();
  const poll = () => /paused|已暂停/.test(status.value) ? resolve(performance.now() - t0) : setTimeout(poll, 20);
  document.querySelector('#{api}-pause').click();
  poll();
}})"""


SETTLED_JS = """() => new Promise(resolve => {
  const size = () => document.body.innerText.length + document.querySelectorAll('svg text').length;
  let last = -1, since = performance.now();
  const poll = () => {
    const now = performance.now(), n = size();
    if (n !== last || document.querySelector('.pending')) { last = n; since = now; }
    if (now - since >= 300) return resolve(now);
    setTimeout(poll, 50);
  };
  poll();
})"""
"""A page function: resolves once the page has no event in flight and its text (and the number of plot texts)
has not changed for 300 ms: what was just clicked open is drawn. A wait on the page, not a fixed sleep."""


PHONE = {"width": 390, "height": 844}  # a phone's viewport, in CSS pixels
TABLES_OVERFLOW_JS = """() => [...document.querySelectorAll('table')].filter(t => t.offsetParent !== null)
  .map(t => {
    const block = t.closest('.block'), right = Math.round(t.getBoundingClientRect().right);
    const label = block ? ((block.querySelector('[data-testid=block-info]') || {}).innerText || block.id) : '';
    return {label: label.trim().slice(0, 60), right};
  }).filter(t => t.right > window.innerWidth)"""
"""A page function: the tables now shown whose right edge lies beyond the window (their last columns cannot be
seen without scrolling sideways), as {label, right}; empty when every shown table fits."""
TABLES_CLIPPED_JS = """() => [...document.querySelectorAll('.virtual-table-viewport')].filter(v => v.offsetParent !== null)
  .filter(v => v.scrollHeight > v.clientHeight + 2)
  .map(v => { const block = v.closest('.block');
    return ((block && block.querySelector('[data-testid=block-info]')) || {}).innerText || (block && block.id) || ''; })"""
"""A page function: the labels of the tables now shown that hide rows behind their own scroll bar (a table's box
shorter than its rows); empty when every row is in view."""

ICONS_OVER_IMAGES_JS = """() => [...document.querySelectorAll('.image-container')].filter(c => c.offsetParent !== null)
  .flatMap(c => {
    const img = c.querySelector('img'), icons = c.querySelector('.icon-button-wrapper');
    if (!img || !icons || !img.naturalWidth) return [];
    const a = img.getBoundingClientRect(), b = icons.getBoundingClientRect();
    const overlap = b.width > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return overlap ? [(c.closest('.block') || c).id || img.alt || 'image'] : [];
  })"""
"""A page function: the shown pictures whose corner icons (download, full screen) lie over the picture itself,
hiding what is under them (a digit of a grid), by their block's id; empty when every icon sits beside its picture."""


FIRST_SCREEN = 0.6  # a view's first result starts within this share of a desktop window's height


def assert_result_in_first_screen(page, selector: str) -> None:
    """On the page as it opens (scrolled to the top), the element ``selector`` (a view's first result) starts within
    ``FIRST_SCREEN`` of the window's height: most of it is seen without scrolling. The page's scroll is restored."""
    page.evaluate(SETTLED_JS)
    top, height = page.evaluate("""(sel) => { const y = window.scrollY; window.scrollTo(0, 0);
      const top = document.querySelector(sel).getBoundingClientRect().top; window.scrollTo(0, y);
      return [top, window.innerHeight]; }""", selector)
    assert 0 <= top <= FIRST_SCREEN * height, f"{selector} starts at y = {top:.0f} of a {height} px window"


def assert_tables_fit_a_phone(page) -> None:
    """At a phone's width (``PHONE``) every table now shown ends inside the window (``TABLES_OVERFLOW_JS``); the
    page's viewport is restored after, whatever the outcome."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        page.evaluate(SETTLED_JS)
        assert page.evaluate(TABLES_OVERFLOW_JS) == []
        assert page.evaluate(TABLES_CLIPPED_JS) == []  # and no row behind a table's own scroll bar
    finally:
        page.set_viewport_size(size)
