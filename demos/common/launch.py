"""Serving the dashboard: the tabs composed in one ``gr.Blocks`` with its queue, the command line, and the launch.

``app.py`` serves every tab (``TABS``); ``python -m demos.<topic>`` serves one (``serve_tabs``), with the same flags.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

# tab modules, in display order; each exposes build() and STRINGS
TABS = ("demos.diffusion", "demos.gan", "demos.vae", "demos.flows", "demos.autoregressive", "demos.rectified_flow",
        "demos.guidance", "demos.latent_diffusion", "demos.controlnet", "demos.compare")


def translations(tabs=TABS) -> gr.I18n:
    """One ``gr.I18n`` merging the common text and every tab's ``STRINGS``."""
    from demos.common import i18n

    merged: dict[str, dict[str, str]] = {}
    for strings in [i18n.STRINGS] + [importlib.import_module(m).STRINGS for m in tabs]:
        for locale, table in strings.items():
            merged.setdefault(locale, {}).update(table)
    return gr.I18n(**merged)


def build_app(tabs=TABS) -> gr.Blocks:
    """The dashboard with ``tabs`` (every tab by default) in one ``gr.Blocks``, with its queue set up."""
    from PIL import Image

    from core.data.drawings import MAX_SIDE
    from demos.common import gradio_patches, serving, share
    from demos.common.i18n import t
    from demos.common.widgets import install_page_load

    gradio_patches.check_gradio_version()  # the patches are written against the pinned Gradio: no other starts
    Image.MAX_IMAGE_PIXELS = 2 * MAX_SIDE**2  # PIL refuses to open anything larger (drawings are checked first)
    serving.private_cache()  # this server's cached files in its own folder (servers side by side keep theirs)
    gradio_patches.quiet_expected_errors()  # an expected bad input (gr.Error) logs one line, not a traceback
    with gr.Blocks(title="GenLab") as demo:
        gr.Markdown(t("app.title"), elem_id="app-title")
        gr.Markdown(t("app.intro"))
        with gr.Tabs(overflow_behavior="wrap") as top:  # every tab in sight, on a phone too
            for name in tabs:
                importlib.import_module(name).build()
        share.install(top)  # links: ?tab=gan, or ?view=diffusion_points&steps=20&seed=3 (demos.common.share)
        install_page_load(top, share.links())  # each view's first result when it comes into sight
    gradio_patches.guard_app(demo)  # every endpoint names a bad input (wrong type, range, unreadable image)
    demo.queue(default_concurrency_limit=1, max_size=256)
    serving.install(demo)  # time budgets, atomic output files, live sessions freed when closed
    return demo


def launch_options(tabs=TABS) -> dict:
    """Arguments for ``launch()`` that belong to the app rather than the server (translations, theme) and
    its limits (upload and request-body sizes, the listener watchdog, output files deleted after an hour)."""
    from demos.common.serving import launch_limits
    from demos.common.widgets import CSS

    return dict(i18n=translations(tabs), theme=gr.themes.Soft(), css=CSS, **launch_limits())


def main(argv: list[str] | None = None, tabs=TABS) -> None:
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description="Serve the GenLab dashboard.")
    parser.add_argument("--host", default=os.environ.get("GENLAB_HOST") or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1",
                        help="interface to bind, 0.0.0.0 for every interface (env GENLAB_HOST or GRADIO_SERVER_NAME)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("GENLAB_PORT") or os.environ.get("GRADIO_SERVER_PORT") or 7860),
                        help="port to listen on (env GENLAB_PORT or GRADIO_SERVER_PORT)")
    parser.add_argument("--share", action="store_true", default=os.environ.get("GENLAB_SHARE") == "1",
                        help="also open a public Gradio share link (env GENLAB_SHARE=1)")
    args = parser.parse_args(argv)
    configure_threads()
    demo = build_app(tabs)
    serve(demo, host=args.host, port=args.port, share=args.share, **launch_options(tabs))
    if os.environ.get("GENLAB_WARM", "1") != "0":  # every view's first result, computed while no one waits for it
        from demos.common.widgets import warm_page_loads

        warm_page_loads(demo)
    demo.block_thread()


SHARE_FAILED = "Could not create share link"  # how Gradio's own (multi-line) message about a failed tunnel starts


def serve(demo: gr.Blocks, host: str, port: int, share: bool = False, **options) -> None:
    """Start serving ``demo`` without blocking. With ``share``, a tunnel that cannot be opened (offline, or the
    tunnel client cannot be downloaded) prints one clear line instead of Gradio's instructions, and the app
    keeps serving locally."""
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            demo.launch(server_name=host, server_port=port, share=share, prevent_thread_lock=True, **options)
    finally:
        text = printed.getvalue()
        if share and SHARE_FAILED in text and not demo.share_url:
            text = text.split(SHARE_FAILED)[0].rstrip() + "\n"
            text += (f"* No public share link: the share tunnel could not be opened (offline?). "
                     f"Serving locally only, at {demo.local_url}\n")
        sys.stdout.write(text)
        sys.stdout.flush()


def serve_tabs(tabs) -> None:
    """Serve only ``tabs`` (module names), with the app's flags: ``python -m demos.<topic>``."""
    main(None, tuple(tabs))
