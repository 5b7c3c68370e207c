"""Error reporting: core's ``InvalidInput`` becomes a ``gr.Error`` naming the problem and the valid
range, in the language of the request, and the server keeps serving.

Core raises plain English messages (the API speaks English). The toast is translated here by a
table of message patterns (``PATTERNS``: a regular expression over core's message and its Chinese
template, with the parameter names of ``core.runtime.validation``'s ``check_*`` in ``NAMES``): one
table in one place, and a message with no pattern still reaches the user, in English.

An expected bad input is not a server fault: it leaves one line in the log (``genlab.errors``, level
WARNING) and no traceback (``print_exception=False``). Gradio's own input checks (a slider value out
of its bounds, a choice not in a dropdown) raise ``gr.Error`` with a traceback printed by its queue and
routes (``traceback.print_exc()`` in ``gradio.queueing`` and ``gradio.routes``): ``quiet_expected_errors()``,
called once by ``app.build_app``, makes those print one line for a ``gr.Error`` only; any other
exception keeps its full traceback.
"""
from __future__ import annotations

import functools
import inspect
import logging
import re
import sys
import traceback

import gradio as gr

from core.runtime.validation import InvalidInput
from demos.common.i18n import request_locale, tr

LOG = logging.getLogger("genlab.errors")

NAMES = {  # parameter names core's check_* messages use -> Chinese
    "D steps per G step": "每步 G 的 D 步数", "batch size": "批大小", "class": "类别", "clipping bound": "裁剪界",
    "condition type": "条件类型", "control scale": "控制强度", "critic learning rate": "判别器学习率",
    "dataset": "数据集", "depth": "深度", "digit class": "数字类别", "eta": "η", "frames": "帧数",
    "generator learning rate": "生成器学习率", "gradient-penalty lambda": "梯度惩罚系数 λ",
    "guidance scale": "引导强度", "hidden width": "隐藏层宽度", "loss": "损失", "mixture": "混合分布",
    "model": "模型", "noise dimension": "噪声维度", "number of images": "图像数量", "number of points": "点数",
    "number of samples": "样本数", "optimizer": "优化器", "seed": "随机种子", "steps": "步数",
    "training updates": "训练更新次数", "iterations": "迭代次数", "critic updates": "判别器更新次数",
    "example": "示例", "log10 sigma": "log₁₀ σ", "grid side": "每边箭头数", "method": "方法", "levels": "噪声水平数",
    "steps per level": "每个水平的步数", "log10 step size": "步长 log₁₀ ε", "snr": "信噪比", "corrector steps": "校正步数",
    "predictor": "预测器", "repeats": "副本数", "levels x steps per level": "噪声水平数 × 每个水平的步数",
    "steps x (1 + corrector steps)": "步数 ×（1 + 校正步数）",
}

PATTERNS: list[tuple[re.Pattern, str]] = [(re.compile(p, re.S), zh) for p, zh in [
    (r"(?P<name>.+?) must be a whole number from (?P<lo>\S+) to (?P<hi>\S+); got (?P<got>.*)\.$",
     "{name}必须是 {lo} 到 {hi} 之间的整数；收到的是 {got}。"),
    (r"(?P<name>.+?) must be a (?:finite )?number from (?P<lo>\S+) to (?P<hi>\S+); got (?P<got>.*)\.$",
     "{name}必须是 {lo} 到 {hi} 之间的数；收到的是 {got}。"),
    (r"(?P<name>.+?) must be from (?P<lo>\S+) to (?P<hi>\S+); got (?P<got>.*)\.$",
     "{name}必须在 {lo} 到 {hi} 之间；收到的是 {got}。"),
    (r"(?P<name>.+?) must be one of (?P<choices>.*); got (?P<got>.*)\.$",
     "{name}必须是以下之一：{choices}；收到的是 {got}。"),
    (r"(?P<name>.+?) must be true or false; got (?P<got>.*)\.$", "{name}必须是 true 或 false；收到的是 {got}。"),
    (r"(?P<name>levels x steps per level|steps x \(1 \+ corrector steps\)) must be at most (?P<hi>\S+) network "
     r"evaluations; got (?P<got>.*)\.$", "{name}最多 {hi} 次网络调用；收到的是 {got}。"),
    (r"The canvas is empty: draw a stroke first\.$", "画布是空的：请先画一笔。"),
    (r"The live model was trained on '(?P<a>.*)', not '(?P<b>.*)' \(or on another drawing\): train again, or "
     r"switch the dataset back\.$", "实时模型是在“{a}”上训练的，不是“{b}”（或是在另一幅画上）：请重新训练，或切回原数据集。"),
    (r"No model has been trained live on '(?P<a>.*)' yet: train one first \(or pick a shipped dataset\)\.$",
     "还没有在“{a}”上实时训练过模型：请先训练一个（或选择自带的数据集）。"),
    (r"The shipped run (?P<a>\S+) is missing; create it with: (?P<cmd>.*)$", "自带的训练结果 {a} 不存在；可用以下命令生成：{cmd}"),
    (r"No file was uploaded: .*$", "没有上传文件：请选择一张图片（PNG、JPEG、WebP、BMP 或 GIF）。"),
    (r"The upload could not be read: .*$", "无法读取上传的文件：请选择图片文件。"),
    (r"The file is too large \((?P<size>.*)\): at most (?P<max>.*)\.$", "文件太大（{size}）：最多 {max}。"),
    (r"The (?:image|drawing) is too large(?: \((?P<wh>\S+) pixels\))?: at most (?P<max>\d+) pixels a side\.$",
     "图像太大：每边最多 {max} 像素。"),
    (r"The file is not an image that can be read: .*$", "该文件不是可读取的图像：请上传 PNG、JPEG、WebP、BMP 或 GIF。"),
    (r"The drawing must be an image of shape .*$", "画作必须是形状为 (H, W)、(H, W, 3) 或 (H, W, 4) 的图像。"),
]]


LOG_CHARS = 300  # longest logged message: a rejected megabyte value must not reach the log whole


def _clip(line: str) -> str:
    return line if len(line) <= LOG_CHARS else line[:LOG_CHARS] + f"... ({len(line)} characters)"


def translate_error(message: str, locale: str) -> str:
    """Core's English ``message`` in ``locale`` (unchanged for English, or when no pattern matches)."""
    if locale == "en":
        return message
    for pattern, template in PATTERNS:
        m = pattern.match(message)
        if m:
            fields = {k: (v or "") for k, v in m.groupdict().items()}
            if "name" in fields:
                fields["name"] = NAMES.get(fields["name"], fields["name"])
            return template.format(**fields)
    return message


def user_error(e: InvalidInput) -> gr.Error:
    """The toast for an expected bad input: translated, and logged as one line without a traceback."""
    LOG.warning("invalid input: %s", _clip(str(e).splitlines()[0] if str(e) else type(e).__name__))
    return gr.Error(translate_error(str(e), request_locale()), title=tr("common.error_title"), print_exception=False)


class _QuietTraceback:
    """Gradio's ``traceback`` module as seen by its queue and routes: ``print_exc()`` logs one line for a
    ``gr.Error`` (an expected bad input) and the full traceback for anything else."""

    def __getattr__(self, name):
        return getattr(traceback, name)

    @staticmethod
    def print_exc(*args, **kwargs):
        error = sys.exc_info()[1]
        if isinstance(error, gr.Error):
            LOG.warning("invalid input: %s", _clip(str(getattr(error, "message", error)).splitlines()[0]))
            return
        traceback.print_exc(*args, **kwargs)


def quiet_expected_errors() -> None:
    """Make Gradio's queue and routes log a ``gr.Error`` as one line instead of a traceback (idempotent)."""
    import gradio.queueing
    import gradio.routes

    for module in (gradio.queueing, gradio.routes):
        if getattr(module, "traceback", None) is traceback:
            module.traceback = _QuietTraceback()


def reports_errors(fn):
    """Turn ``InvalidInput`` from core into ``gr.Error`` (plain functions and generators alike)."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except InvalidInput as e:
                raise user_error(e) from None
        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InvalidInput as e:
            raise user_error(e) from None
    return wrapper
