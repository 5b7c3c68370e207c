"""Translated UI text: every label is ``t("key")``; each tab's ``STRINGS`` gives the key in ``"en"``
and ``"zh-CN"``, and ``app.py`` merges them into one ``gr.I18n``. ``LATEX`` is the delimiter set
every Markdown block with equations uses."""
from __future__ import annotations

from gradio.i18n import I18nData

LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]

STRINGS = {
    "en": {
        "app.title": "GenLab — an interactive lab of generative models",
        "app.intro": "Each tab trains and samples real models on this machine. Turn a knob and watch samples, "
                     "trajectories and metrics change.",
    },
    "zh-CN": {
        "app.title": "GenLab — 生成模型交互实验室",
        "app.intro": "每个标签页都在本机上训练并采样真实的模型。调节参数，观察样本、轨迹和指标的变化。",
    },
}


def t(key: str) -> I18nData:
    """A translated piece of UI text (looked up in the browser's language)."""
    return I18nData(key)
