"""Error reporting: core's ``InvalidInput`` becomes a ``gr.Error`` naming the problem and the valid
range, in the language of the request, and the server keeps serving.

Core raises ``InvalidInput`` with fields (``core.runtime.validation``): the parameter's key, the rule the
value broke, its range or choices and the value, or a registered problem's key and fields; ``str(e)`` is
the English sentence the API speaks. The toast is translated here from those fields, never from the
sentence: ``ZH_NAMES`` gives every parameter of ``validation.PARAMETERS`` its Chinese name, ``ZH_RULES``
one Chinese sentence per rule of ``validation.RULES``, and ``ZH_PROBLEMS`` one per problem (core's
``validation.PROBLEMS`` and this module's ``InputError.problems``). ``tests/test_error_keys.py`` checks
that every key has its Chinese text.

An expected bad input is not a server fault: it leaves one line in the log (``genlab.errors``, level
WARNING) and no traceback (``print_exception=False``); ``demos.common.gradio_patches`` makes Gradio's own
queue and routes do the same for a ``gr.Error`` (``log_expected``).

``reports_errors`` turns core's ``InvalidInput`` into the user's ``gr.Error``; ``gradio_patches.guard_app``
wraps every event handler in it (no handler is decorated by hand), and checks every raw request value
against its component before Gradio's own preprocessing (``check_value``: a slider or number must be a
finite number in the component's range, a choice one of its choices, a checkbox true or false, a drawing
a Sketchpad value, an upload a file), so a wrong type gets a message naming the parameter and what is
allowed; numeric strings (``"5"``) and a choice spelt as text (``"0"`` for ``0``) are read as the value
they spell. These checks raise ``InputError``, an ``InvalidInput`` with this module's own problems.
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import math
import re
import sys

import gradio as gr

from core.runtime.validation import InvalidInput, shown_value
from demos.common.i18n import request_locale, tr

LOG = logging.getLogger("genlab.errors")

IMAGE_FORMATS = "a PNG, JPEG, WebP, BMP or GIF"


class InputError(InvalidInput):
    """A raw request value that a component cannot take (``check_value`` and the checks around it)."""

    problems = {  # key -> the English sentence ({name}: the input as the request's language calls it)
        "sketch_value": "{name} must be a Sketchpad value (a dict of 'background', 'layers' and 'composite', each "
                        "an image file or null); got {got}.",
        "upload_value": "{name} must be an uploaded file (upload it first, then send its path); got {got}.",
        "unreadable_image": "{name} could not be read as an image: send " + IMAGE_FORMATS + " (one frame, at most "
                            "{max_side} pixels a side).",
        "unreadable_input": "{name} could not be read: check its type and range.",
        "unreadable": "A value could not be read: {error}; check the types and ranges of this endpoint's "
                      "parameters.",
        "arity": "This endpoint takes {n} value{plural}; got {got}.",
    }


ZH_NAMES = {  # every parameter core validates (validation.PARAMETERS) -> its Chinese name
    "D steps per G step": "每步 G 的 D 步数", "Euler steps": "欧拉步数", "NFE": "网络调用次数", "batch size": "批大小",
    "beta": "β", "class": "类别", "clipping bound": "裁剪界", "codebook size K": "码本大小 K",
    "condition type": "条件类型", "conditioning value": "条件取值", "control scale": "控制强度",
    "corrector steps": "校正步数", "coupling": "配对方式",
    "critic learning rate": "判别器学习率", "critic updates": "判别器更新次数", "dataset": "数据集", "depth": "深度",
    "digit class": "数字类别", "direction": "方向", "downsampling factor": "下采样倍数", "eta": "η", "example": "示例", "extent": "范围",
    "first digit": "第一个数字", "first test digit": "第一个测试数字", "frames": "帧数",
    "generator learning rate": "生成器学习率", "gradient-penalty lambda": "梯度惩罚系数 λ", "grid side": "每边格数",
    "guess mode": "猜测模式", "guidance scale": "引导强度", "hidden width": "隐藏层宽度",
    "interpolation steps": "插值步数", "iterations": "迭代次数", "latent scale": "隐变量尺度", "layer": "层",
    "levels": "噪声水平数", "levels x steps per level": "噪声水平数 × 每个水平的步数", "log10 sigma": "log₁₀ σ",
    "log10 step size": "步长 log₁₀ ε", "loss": "损失", "method": "方法", "mixture": "混合分布", "model": "模型",
    "mu": "μ", "noise dimension": "噪声维度", "noise level t": "噪声水平 t", "number of digits": "数字个数",
    "number of draws": "抽样次数", "number of images": "图像数量", "number of layers": "层数",
    "number of points": "点数", "number of samples": "样本数", "optimizer": "优化器", "order": "顺序",
    "pixel x": "像素 x",
    "pixel y": "像素 y", "predictor": "预测器", "probes": "探针数", "repeats": "副本数", "sampler": "采样器",
    "second digit": "第二个数字", "second test digit": "第二个测试数字", "second seed": "第二个随机种子", "seed": "随机种子",
    "sigma": "σ",
    "snr": "信噪比", "source": "来源", "step": "步", "steps": "步数", "steps per level": "每个水平的步数",
    "steps x (1 + corrector steps)": "步数 ×（1 + 校正步数）", "strength": "强度", "temperature": "温度", "test digit": "测试数字",
    "training updates": "训练更新次数", "visible pixels": "保留的像素数", "z1": "z₁", "z2": "z₂",
}

ZH_RULES = {  # validation.RULES in Chinese (the same fields)
    "whole": "{name}必须是 {lo} 到 {hi} 之间的整数；收到的是 {got}。",
    "number": "{name}必须是 {lo} 到 {hi} 之间的数；收到的是 {got}。",
    "finite": "{name}必须是 {lo} 到 {hi} 之间的有限数；收到的是 {got}。",
    "range": "{name}必须在 {lo} 到 {hi} 之间；收到的是 {got}。",
    "below": "{name}必须在 {lo} 到 {hi} 之间；收到的是 {got}（小于最小值 {lo}）。",
    "above": "{name}必须在 {lo} 到 {hi} 之间；收到的是 {got}（大于最大值 {hi}）。",
    "choice": "{name}必须是以下之一：{choices}；收到的是 {got}。",
    "unlisted": "{name}必须是以下之一：{choices}；收到的是 {got}（不在选项中）。",
    "flag": "{name}必须是 true 或 false；收到的是 {got}。",
    "evaluations": "{name}最多 {hi} 次网络调用；收到的是 {got}。",
    "length": "{name}最多 {hi} 个字符；收到的是 {got}。",
}

ZH_PROBLEMS = {  # validation.PROBLEMS and InputError.problems in Chinese (the same fields)
    "no_upload": "没有上传文件：请选择一张图片（PNG、JPEG、WebP、BMP 或 GIF）。",
    "upload_unreadable": "无法读取上传的文件：请选择图片文件。",
    "file_too_large": "文件太大（{size} MB）：最多 {max_mb} MB。",
    "not_an_image": "该文件不是可读取的图像：请上传 PNG、JPEG、WebP、BMP 或 GIF。",
    "image_too_large": "图像太大（{width}×{height} 像素）：每边最多 {max_side} 像素。",
    "image_too_many_pixels": "图像太大：每边最多 {max_side} 像素。",
    "animated": "该图像是动图（不止一帧）：请发送单帧图像。",
    "drawing_too_large": "画作太大（{width}×{height} 像素）：每边最多 {max_side} 像素。",
    "drawing_array_too_large": "画作太大：每边最多 {max_side} 像素。",
    "drawing_shape": "画作必须是形状为 (H, W)、(H, W, 3) 或 (H, W, 4) 的图像。",
    "canvas_empty": "画布是空的：请先画一个形状。",
    "canvas_empty_stroke": "画布是空的：请先画一笔。",
    "budget_exceeded": "请求在 {seconds} 秒后被停止，这是单个请求的时间上限：请减少步数、点数、图像数或迭代次数。",
    "shipped_run_missing": "自带的训练结果 {run} 不存在；可用以下命令生成：python -m core.train {run}",
    "shipped_flows_dataset": "自带的流是在“{shipped}”上训练的；要用“{dataset}”，请实时训练一个并把来源选为 'live'。",
    "no_shipped_pair": "没有 {source} → {target} 的自带流（自带的有：{pairs}）：请实时训练一个（模型选 'live'）。",
    "drawing_not_shipped": "画作没有自带的流：请实时训练一个，并把模型选为 'live'。",
    "no_live_flows": "还没有实时训练过流：请先点“实时训练”（或选择 'shipped'）。",
    "live_pair_changed": "实时训练的流是从“{source}”到“{target}”的（或是别的画作）：请重新选回它们，或在新的一对上训练。",
    "live_model_other_data": "实时模型是在“{trained}”上训练的，不是“{asked}”（或是在另一幅画上）：请重新训练，或切回原数据集。",
    "live_flow_other_data": "实时训练的流是在“{trained}”上训练的，不是“{asked}”（或是在另一幅画上）：请重新训练，或切回原数据集。",
    "no_live_model": "还没有在“{dataset}”上实时训练过模型：请先训练一个（或选择自带的数据集）。",
    "no_live_flow": "还没有在“{dataset}”上实时训练过流：请先训练一个（或选择 8gaussians 上自带的模型）。",
    "reflow_untrained": "请先训练当前的流：重流（reflow）的样本对由它生成。",
    "reflow_limit": "实时训练最多到第 {stages} 次整流：请重置后重新开始。",
    "compare_ode_budget": "一次请求中常微分方程行最多计算 {limit} 个“数字 × 探针”（测试数字数 × 探针数）；收到的是 {digits} × {probes}：请减少数字或探针。",
    "ar_2d_shipped_dataset": "自带的二维自回归模型是在“{shipped}”上训练的；要用“{dataset}”，请实时训练一个（来源选 'live'），"
                             "或直接显示数据本身。",
    "sketch_value": "{name}必须是画板的值：包含 background、layers、composite（图像文件或 null）的字典；收到的是 {got}。",
    "upload_value": "{name}必须是上传的文件：请先上传，再发送它的路径；收到的是 {got}。",
    "unreadable_image": "{name}无法作为图像读取：请发送 PNG、JPEG、WebP、BMP 或 GIF（单帧，每边最多 {max_side} 像素）。",
    "unreadable_input": "无法读取{name}：请检查它的类型与取值范围。",
    "unreadable": "有一个值无法读取：请检查此接口各参数的类型与取值范围。",
    "arity": "该接口需要 {n} 个值；收到 {got} 个。",
}


LOG_CHARS = 300  # longest logged message: a rejected megabyte value must not reach the log whole


def _clip(line: str) -> str:
    return line if len(line) <= LOG_CHARS else line[:LOG_CHARS] + f"... ({len(line)} characters)"


def translate_error(error: InvalidInput, locale: str) -> str:
    """``error``'s sentence in ``locale``, made from its fields (its English sentence for English, and for a
    sentence raised without fields)."""
    if locale != "zh-CN" or error.rule == "sentence":
        return str(error)
    if error.rule == "problem":
        return ZH_PROBLEMS[error.key].format(**error.fields)
    return ZH_RULES[error.rule].format(name=ZH_NAMES.get(error.key, error.key), **error.fields)


def log_expected(message: str) -> None:
    """One log line for an expected bad input (no traceback)."""
    LOG.warning("invalid input: %s", _clip(message.splitlines()[0] if message else ""))


def user_error(e: InvalidInput) -> gr.Error:
    """The toast for an expected bad input: translated, and logged as one line without a traceback."""
    log_expected(str(e) or type(e).__name__)
    return gr.Error(translate_error(e, request_locale()), title=tr("common.error_title"), print_exception=False)


@contextlib.contextmanager
def _reported():
    """Raise core's ``InvalidInput`` raised inside as the user's ``gr.Error``."""
    try:
        yield
    except InvalidInput as e:
        raise user_error(e) from None


def reports_errors(fn):
    """Turn ``InvalidInput`` from core into ``gr.Error`` (plain functions, generators and their async kinds)."""
    if getattr(fn, "_reports_errors", False):
        return fn
    if inspect.isasyncgenfunction(fn):
        async def wrapper(*args, **kwargs):
            with _reported():
                async for item in fn(*args, **kwargs):
                    yield item
    elif inspect.iscoroutinefunction(fn):
        async def wrapper(*args, **kwargs):
            with _reported():
                return await fn(*args, **kwargs)
    elif inspect.isgeneratorfunction(fn):
        def wrapper(*args, **kwargs):
            with _reported():
                yield from fn(*args, **kwargs)
    else:
        def wrapper(*args, **kwargs):
            with _reported():
                return fn(*args, **kwargs)
    wrapper = functools.wraps(fn)(wrapper)
    wrapper._reports_errors = True
    return wrapper


# ---- every endpoint: raw request values checked against their components ----------------------------


def _label(block) -> str | None:
    """The component's label in the request's language (``None`` without one)."""
    from gradio.i18n import I18nData

    label = getattr(block, "label", None)
    if isinstance(label, I18nData):
        locale = request_locale()
        try:
            return tr(label.key, locale)
        except (KeyError, ImportError):  # a key whose prefix is not its tab's module ("rf.steps")
            tables = [getattr(m, "STRINGS", {}) for name, m in list(sys.modules.items()) if name.startswith("demos.")]
            found = [t[lc][label.key] for t in tables for lc in (locale, "en") if label.key in t.get(lc, {})]
            return found[0] if found else label.key
    return label if isinstance(label, str) and label else None


def input_name(block_fn, index: int, block) -> str:
    """What a message calls input ``index`` of ``block_fn``: its API parameter name (``steps``), or the
    component's label where the handler takes ``*values`` (the API then says ``param_N``); in a language
    other than English, the label the user reads."""
    names = getattr(block_fn, "input_parameter_names", None) or []
    name = names[index] if index < len(names) else None
    label = _label(block)
    if label and (name is None or request_locale() != "en"):
        return label
    return name or f"input {index + 1}"


def _fmt(x) -> str:
    """A bound as a person writes it: ``1000``, ``0.05``, ``2147483647``."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e16 else f"{x:g}"


def _number(name: str, value, lo, hi, whole: bool):
    """A number input's raw value, checked against the component's range (``"5"`` reads as 5; numbers keep
    their type). Out of range, the message also says which bound in Gradio's words ("less than minimum
    value 1"), so a client that matched Gradio's own message still does."""
    lo = -float("inf") if lo is None else lo
    hi = float("inf") if hi is None else hi
    bounds = {"lo": _fmt(lo), "hi": _fmt(hi)}
    wrong_type = InputError.of(name, "whole" if whole else "number", value, lo=lo, hi=hi, shown=bounds)
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict, tuple)):
        raise wrong_type
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        raise wrong_type from None
    if not math.isfinite(number) or (whole and not number.is_integer()):
        raise wrong_type
    if not lo <= number <= hi:
        raise InputError.of(name, "below" if number < lo else "above", value, lo=lo, hi=hi, shown=bounds)
    if isinstance(value, (int, float)):
        return value
    return int(number) if whole or number.is_integer() and "." not in value and "e" not in value.lower() else number


def _choice(name: str, value, block):
    """A dropdown or radio value: one of its choices, or the text of exactly one of them (``"0"`` for 0)."""
    choices = [v for _, v in block.choices]
    if getattr(block, "multiselect", False):
        values = value if isinstance(value, list) else [value]
        return [_choice_one(name, v, choices) for v in values]
    if getattr(block, "allow_custom_value", False):
        if value is None or isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            return value
        # text goes on to core, which names the valid choices (and accepts a few older spellings)
        raise InputError.of(name, "choice", value, choices=choices)
    return _choice_one(name, value, choices)


def _choice_one(name: str, value, choices: list):
    for c in choices:
        if type(value) is type(c) and value == c:
            return c
    spelt = [c for c in choices if not isinstance(value, (list, dict, bool)) and value is not None
             and str(c) == str(value).strip()]
    if len(spelt) == 1:
        return spelt[0]
    numeric = [c for c in choices if isinstance(value, (int, float)) and not isinstance(value, bool)
               and isinstance(c, (int, float)) and not isinstance(c, bool) and c == value]
    if len(numeric) == 1:
        return numeric[0]
    raise InputError.of(name, "unlisted", value, choices=choices)


def _file_dict(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("path") or value.get("url"), str)


def _sketch(name: str, value):
    bad = InputError("sketch_value", name=name, got=shown_value(value))
    if value is None:
        return value
    if not isinstance(value, dict):
        raise bad
    layers = value.get("layers") or []
    if not isinstance(layers, list) or not all(_file_dict(x) for x in layers):
        raise bad
    for key in ("background", "composite"):
        if value.get(key) is not None and not _file_dict(value[key]):
            raise bad
    return value


def check_value(block, value, name: str):
    """``value`` as sent for the input component ``block``, checked (and a spelt-out number or choice read);
    ``InvalidInput`` naming ``name`` and what is allowed. Components without a rule here pass as they are."""
    if isinstance(block, gr.Checkbox):
        if not isinstance(value, bool):
            raise InputError.of(name, "flag", value)
        return value
    if isinstance(block, gr.Slider):
        return _number(name, value, block.minimum, block.maximum, False)  # whole-number sliders: core checks
    if isinstance(block, gr.Number):
        return _number(name, value, block.minimum, block.maximum, block.precision == 0)
    if isinstance(block, (gr.Dropdown, gr.Radio)):
        return _choice(name, value, block)
    if isinstance(block, gr.ImageEditor):
        return _sketch(name, value)
    if isinstance(block, gr.File) and value is not None and not (_file_dict(value) or (
            isinstance(value, list) and all(_file_dict(v) for v in value))):
        raise InputError("upload_value", name=name, got=shown_value(value))
    return value


def unreadable(block_fn, error: Exception) -> InvalidInput:
    """A readable message for what a component still failed to read (Gradio names the input's index)."""
    m = re.search(r"at index (\d+)", str(error))
    index = int(m.group(1)) if m else None
    if index is None or index >= len(block_fn.inputs):
        return InputError("unreadable", error=type(error).__name__)
    block = block_fn.inputs[index]
    name = input_name(block_fn, index, block)
    if isinstance(block, (gr.ImageEditor, gr.Image)):
        return InputError("unreadable_image", name=name, max_side=_max_side())
    return InputError("unreadable_input", name=name)


def _max_side() -> int:
    from core.data.drawings import MAX_SIDE

    return MAX_SIDE


def checked_inputs(block_fn, inputs: list) -> list:
    """The raw ``inputs`` of the event ``block_fn`` (a Gradio ``BlockFunction``), each checked by
    ``check_value`` against its component (``InputError`` for the first that fails)."""
    if len(inputs) < len(block_fn.inputs):
        n = sum(1 for b in block_fn.inputs if not getattr(b, "stateful", False))
        got = len(inputs) - (len(block_fn.inputs) - n)
        raise InputError("arity", n=n, plural="s" if n != 1 else "", got=max(got, 0))
    out = list(inputs)
    for i, block in enumerate(block_fn.inputs):
        if getattr(block, "stateful", False) or i in getattr(block_fn, "component_prop_inputs", ()):
            continue
        out[i] = check_value(block, inputs[i], input_name(block_fn, i, block))
    return out
