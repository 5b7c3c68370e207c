"""Screenshots of every view of every tab in ``app.TABS``: desktop (1400x1000) and phone (390x844), in
English and Simplified Chinese, into a folder, to look at before saying a view is right.

    python benchmarks/screenshots.py [--out artifacts/screenshots] [--tabs demos.gan,...] [--sizes desktop,phone]
                                     [--locales en,zh-CN]

Files: ``<tab>-<view>-<size>-<locale>.png`` (views numbered from 1 in the tab's order, full page).
Needs Chromium (``apt-get install chromium``) and, for Chinese, a CJK font (``apt-get install fonts-noto-cjk``).
"""
from __future__ import annotations

import argparse
import os
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}
CHROMIUM = os.environ.get("GENLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# a view has settled when nothing in it is pending and its plots and images stop changing
SETTLED = """() => {
  const busy = document.querySelectorAll('.pending, .generating, .progress-text, .eta-bar').length;
  const shown = document.querySelectorAll('.js-plotly-plot, img, table').length;
  return [busy, shown];
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settle(page, quiet_s: float = 2.0, timeout_s: float = 180.0) -> None:
    """Wait until no event is pending and the number of plots and images has not changed for ``quiet_s``."""
    start, last, since = time.time(), None, time.time()
    while time.time() - start < timeout_s:
        busy, shown = page.evaluate(SETTLED)
        if busy or shown != last:
            last, since = shown, time.time()
        elif time.time() - since >= quiet_s:
            return
        page.wait_for_timeout(250)


def top_tabs(page) -> list:
    """The app's own tab buttons (first tab list)."""
    return page.locator("[role=tablist]").first.locator("[role=tab]").all()


def views(page) -> list:
    """The visible sub-tab buttons of the open tab."""
    lists = page.locator("[role=tablist]").all()[1:]
    return [b for tl in lists if tl.is_visible() for b in tl.locator("[role=tab]").all() if b.is_visible()]


def shoot(url: str, out: Path, tabs: list[str], sizes: list[str], locales: list[str]) -> list[Path]:
    """Every view of ``tabs`` at every size in every locale. Views are chosen at desktop width (a phone folds
    tabs into a "More tabs" menu), then the page is resized and shot."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for locale in locales:
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale,
                                      extra_http_headers={"Accept-Language": locale})
            page = ctx.new_page()
            page.goto(url)
            page.wait_for_selector("#app-title", timeout=120_000)
            settle(page)
            for i, name in enumerate(tabs):
                page.set_viewport_size({"width": 1400, "height": 1000})
                for _ in range(40):  # the tab bar unfolds its "More tabs" menu after the resize
                    if len(top_tabs(page)) > i:
                        break
                    page.wait_for_timeout(250)
                top_tabs(page)[i].click()
                page.wait_for_timeout(300)
                n = len(views(page)) or 1
                for j in range(n):
                    page.set_viewport_size({"width": 1400, "height": 1000})
                    subs = views(page)
                    if subs:
                        subs[j].click()
                    settle(page)
                    for size in sizes:
                        w, h = SIZES[size]
                        page.set_viewport_size({"width": w, "height": h})
                        page.wait_for_timeout(1200)  # plots redraw at the new width
                        path = out / f"{name.split('.')[-1]}-{j + 1}-{size}-{locale}.png"
                        page.screenshot(path=str(path), full_page=True)
                        written.append(path)
                        print(path, flush=True)
            ctx.close()
        browser.close()
    return written


def main() -> None:
    import app
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    parser.add_argument("--tabs", default=",".join(app.TABS), help="tab modules, from app.TABS")
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--locales", default="en,zh-CN")
    args = parser.parse_args()
    tabs = [m for m in args.tabs.split(",") if m]
    unknown = set(tabs) - set(app.TABS)
    if unknown:
        parser.error(f"not in app.TABS: {sorted(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    configure_threads()
    demo = app.build_app(tuple(tabs))
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=_free_port(), quiet=True,
                **app.launch_options(tuple(tabs)))
    try:
        shoot(demo.local_url, args.out, tabs, args.sizes.split(","), args.locales.split(","))
    finally:
        demo.close()


if __name__ == "__main__":
    main()
