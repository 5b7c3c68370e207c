"""Translated UI text: every label is ``t("key")``; each tab's ``STRINGS`` gives the key in ``"en"``
and ``"zh-CN"``, and ``app.py`` merges them into one ``gr.I18n``. ``LATEX`` is the delimiter set
every Markdown block with equations uses.

Text a handler computes (plot titles, legends, axes, table headers and rows, status lines) cannot
go through the browser's ``gr.I18n``: handlers write it with ``tr("topic.key", **params)``, which
looks the key up in the language of the request being served (its ``Accept-Language``, the same
language the browser's ``gr.I18n`` picks) and fills ``{params}``. A key ``"topic.x"`` lives in
``demos.<topic>.STRINGS`` (``"app.*"`` and ``"common.*"`` here), so nothing depends on import order.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from gradio.i18n import I18nData

LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]

STRINGS = {
    "en": {
        "app.title": "GenLab — an interactive lab of generative models",
        "app.intro": "Each tab trains and samples real models on this machine. Turn a knob and watch samples, "
                     "trajectories and metrics change.",
        "common.error_title": "Error",
        "common.share_heading": "Share: link, Python",
        "common.share_copy": "Copy link",
        "common.share_placeholder": "The link to this view with its current settings appears here (and is copied).",
        "common.share_code": "The same result from Python",
        "common.share_unknown": "unknown setting {name} (this view takes: {names}).",
        "common.share_note": "Some settings in the link were not valid; they keep their defaults:",
        "common.export": "Download the trained model (zip)",
        "common.export_file": "save_pretrained folder (zip)",
        "common.export_none": "No model has been trained yet: train one first, then download it.",
        "common.reason_finished": "finished",
        "common.reason_paused": "paused",
        "common.reason_time_cap": "time cap reached: press train to resume",
    },
    "zh-CN": {
        "app.title": "GenLab — 生成模型交互实验室",
        "app.intro": "每个标签页都在本机上训练并采样真实的模型。调节参数，观察样本、轨迹和指标的变化。",
        "common.error_title": "错误",
        "common.share_heading": "分享：链接与 Python",
        "common.share_copy": "复制链接",
        "common.share_placeholder": "指向此视图及当前设置的链接会显示在这里（并已复制）。",
        "common.share_code": "用 Python 得到同样的结果",
        "common.share_unknown": "未知的设置 {name}（此视图接受：{names}）。",
        "common.share_note": "链接中的部分设置无效，已保留默认值：",
        "common.export": "下载训练好的模型（zip）",
        "common.export_file": "save_pretrained 文件夹（zip）",
        "common.export_none": "还没有训练模型：请先训练，再下载。",
        "common.reason_finished": "已完成",
        "common.reason_paused": "已暂停",
        "common.reason_time_cap": "已达到时间上限：再按训练继续",
    },
}


def t(key: str) -> I18nData:
    """A translated piece of UI text (looked up in the browser's language)."""
    return I18nData(key)


def locale_of(accept_language: str | None) -> str:
    """The app's locale for an ``Accept-Language`` header: ``"zh-CN"`` for any Chinese first choice, else ``"en"``."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "zh-CN" if first.startswith("zh") else "en"


def request_locale() -> str:
    """The locale of the request being served (``"en"`` outside a request, e.g. at build time or in the API)."""
    from gradio.context import LocalContext

    request = LocalContext.request.get(None)
    headers = getattr(request, "headers", None) or {}
    return locale_of(headers.get("accept-language"))


@lru_cache(maxsize=None)
def _table(prefix: str, locale: str) -> dict[str, str]:
    strings = STRINGS if prefix in ("app", "common") else importlib.import_module(f"demos.{prefix}").STRINGS
    return strings.get(locale, {})


def tr(key: str, locale: str | None = None, **params) -> str:
    """The text of ``key`` in ``locale`` (default: the current request's), with ``{params}`` filled in;
    English when the locale lacks the key. Numbers in ``params`` are formatted by the template."""
    locale = locale or request_locale()
    prefix = key.split(".", 1)[0]
    text = _table(prefix, locale).get(key)
    if text is None:
        text = _table(prefix, "en")[key]
    return text.format(**params) if params else text
