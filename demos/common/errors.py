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

``guard_app(blocks)``, also called once by ``app.build_app``, makes this hold for every endpoint, not only
for the handlers a tab remembered to decorate:

- every event handler is wrapped in ``reports_errors`` (a core ``InvalidInput`` never reaches the client
  as Gradio's generic "upstream Gradio app has raised an exception");
- every raw request value is checked against its component before Gradio's own preprocessing
  (``check_value``: a slider or number must be a finite number in the component's range, a choice one
  of its choices, a checkbox true or false, a drawing a Sketchpad value, an upload a file), so a wrong
  type gets a message naming the parameter and what is allowed; numeric strings (``"5"``) and a choice
  spelt as text (``"0"`` for ``0``) are read as the value they spell;
- an image in a drawing is checked from its header (readable, one frame, at most ``MAX_SIDE`` pixels a
  side) before Gradio decodes it, and whatever a component still fails to read becomes such a message;
- a dropdown or radio whose choices are all whole numbers is advertised as integers in the API schema.
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import math
import re
import sys
import traceback

import gradio as gr

from core.runtime import validation
from core.runtime.validation import InvalidInput, shown_value
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
    (r"(?P<name>.+?) must be from (?P<lo>\S+) to (?P<hi>\S+); got (?P<got>.*?)(?: \((?:less than minimum|greater "
     r"than maximum) value \S+\))?\.$",
     "{name}必须在 {lo} 到 {hi} 之间；收到的是 {got}。"),
    (r"(?P<name>.+?) must be one of (?P<choices>.*?)(?: \(or any text\))?; got (?P<got>.*?)(?: \(not in the list of "
     r"choices\))?\.$",
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
    (r"(?P<name>.+?) must be a Sketchpad value .*$", "{name}必须是画板的值：包含 background、layers、composite（图像文件或 null）的字典。"),
    (r"(?P<name>.+?) must be an uploaded file .*$", "{name}必须是上传的文件：请选择图片（PNG、JPEG、WebP、BMP 或 GIF）。"),
    (r"(?P<name>.+?) could not be read as an image: .*$", "{name}无法作为图像读取：请发送 PNG、JPEG、WebP、BMP 或 GIF（单帧，每边最多 4096 像素）。"),
    (r"The image is animated \(more than one frame\): .*$", "该图像是动图（不止一帧）：请发送单帧图像。"),
    (r"(?P<name>.+?) could not be read: .*$", "无法读取{name}：请检查它的类型与取值范围。"),
    (r"This endpoint takes (?P<n>\d+) values?; got (?P<got>\d+)\.$", "该接口需要 {n} 个值；收到 {got} 个。"),
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

IMAGE_FORMATS = "a PNG, JPEG, WebP, BMP or GIF"


def _label(block) -> str | None:
    """The component's label in the request's language (``None`` without one)."""
    from gradio.i18n import I18nData

    label = getattr(block, "label", None)
    if isinstance(label, I18nData):
        try:
            return tr(label.key, request_locale())
        except (KeyError, ImportError):
            return label.key
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
    kind = "a whole number" if whole else "a number"
    wrong_type = InvalidInput(f"{name} must be {kind} from {_fmt(lo)} to {_fmt(hi)}; got {shown_value(value)}.")
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict, tuple)):
        raise wrong_type
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        raise wrong_type from None
    if not math.isfinite(number) or (whole and not number.is_integer()):
        raise wrong_type
    if not lo <= number <= hi:
        side = f"less than minimum value {_fmt(lo)}" if number < lo else f"greater than maximum value {_fmt(hi)}"
        raise InvalidInput(f"{name} must be from {_fmt(lo)} to {_fmt(hi)}; got {shown_value(value)} ({side}).")
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
        raise InvalidInput(f"{name} must be one of {', '.join(repr(c) for c in choices)}; got {shown_value(value)}.")
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
    shown = ", ".join(repr(c) for c in choices)
    raise InvalidInput(f"{name} must be one of {shown}; got {shown_value(value)} (not in the list of choices).")


def _file_dict(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("path") or value.get("url"), str)


def _sketch(name: str, value):
    bad = InvalidInput(f"{name} must be a Sketchpad value (a dict of 'background', 'layers' and 'composite', each an "
                       f"image file or null); got {shown_value(value)}.")
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
            raise InvalidInput(f"{name} must be true or false; got {shown_value(value)}.")
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
        raise InvalidInput(f"{name} must be an uploaded file (upload it first, then send its path); "
                           f"got {shown_value(value)}.")
    return value


def _unreadable(block_fn, error: Exception) -> InvalidInput:
    """A readable message for what a component still failed to read (Gradio names the input's index)."""
    m = re.search(r"at index (\d+)", str(error))
    index = int(m.group(1)) if m else None
    if index is None or index >= len(block_fn.inputs):
        return InvalidInput(f"A value could not be read: {type(error).__name__}; check the types and ranges of "
                            f"this endpoint's parameters.")
    block = block_fn.inputs[index]
    name = input_name(block_fn, index, block)
    if isinstance(block, (gr.ImageEditor, gr.Image)):
        return InvalidInput(f"{name} could not be read as an image: send {IMAGE_FORMATS} (one frame, at most "
                            f"{_max_side()} pixels a side).")
    return InvalidInput(f"{name} could not be read: check its type and range.")


def _max_side() -> int:
    from core.data.drawings import MAX_SIDE

    return MAX_SIDE


def _checked_inputs(block_fn, inputs: list) -> list:
    if len(inputs) < len(block_fn.inputs):
        n = sum(1 for b in block_fn.inputs if not getattr(b, "stateful", False))
        got = len(inputs) - (len(block_fn.inputs) - n)
        raise InvalidInput(f"This endpoint takes {n} value{'s' if n != 1 else ''}; got {max(got, 0)}.")
    out = list(inputs)
    for i, block in enumerate(block_fn.inputs):
        if getattr(block, "stateful", False) or i in getattr(block_fn, "component_prop_inputs", ()):
            continue
        out[i] = check_value(block, inputs[i], input_name(block_fn, i, block))
    return out


def _guarded_preprocess_data(original):
    @functools.wraps(original)
    async def preprocess_data(self, block_fn, inputs, state, explicit_call=False):
        if not block_fn.preprocess:
            return await original(self, block_fn, inputs, state, explicit_call)
        try:
            inputs = _checked_inputs(block_fn, inputs)
            return await original(self, block_fn, inputs, state, explicit_call)
        except InvalidInput as e:
            raise user_error(e) from None
        except gr.Error:
            raise
        except Exception as e:  # noqa: BLE001  a component that could not read its value
            LOG.warning("unreadable input: %s", str(e).splitlines()[0][:200] if str(e) else type(e).__name__)
            raise user_error(_unreadable(block_fn, e)) from None
    preprocess_data._genlab_guard = True
    return preprocess_data


def _guarded_editor_preprocess(original):
    @functools.wraps(original)
    def preprocess(self, payload):
        if payload is not None:
            from core.data.drawings import MAX_SIDE, MAX_UPLOAD_BYTES

            try:
                for part in [payload.background, payload.composite, *(payload.layers or [])]:
                    path = getattr(part, "path", None)
                    if path:
                        validation.check_image_file(path, MAX_SIDE, MAX_UPLOAD_BYTES)
            except InvalidInput as e:  # a gr.Error passes Gradio's preprocessing as it is
                raise user_error(e) from None
        return original(self, payload)
    preprocess._genlab_guard = True
    return preprocess


def _integer_choices_api_info(original):
    """A choice of whole numbers is advertised as those integers (``Literal[0] | Literal[1]``), not as the
    strings Gradio's ``enum`` schema makes the client show (``Literal['0', '1']``)."""
    @functools.wraps(original)
    def api_info(self):
        info = original(self)
        values = [v for _, v in getattr(self, "choices", None) or []]
        if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return info
        one_of = {"oneOf": [{"type": "integer", "const": v} for v in values]}
        if isinstance(info.get("items"), dict):
            return {**info, "items": one_of}
        return {**{k: v for k, v in info.items() if k not in ("type", "enum")}, **one_of}
    api_info._genlab_guard = True
    return api_info


def guard_inputs() -> None:
    """Install the input checks of ``guard_app`` on Gradio's classes (idempotent)."""
    from gradio.blocks import Blocks

    if not getattr(Blocks.preprocess_data, "_genlab_guard", False):
        Blocks.preprocess_data = _guarded_preprocess_data(Blocks.preprocess_data)
    if not getattr(gr.ImageEditor.preprocess, "_genlab_guard", False):
        gr.ImageEditor.preprocess = _guarded_editor_preprocess(gr.ImageEditor.preprocess)
    for cls in (gr.Dropdown, gr.Radio):
        if not getattr(cls.api_info, "_genlab_guard", False):
            cls.api_info = _integer_choices_api_info(cls.api_info)


def guard_app(blocks) -> None:
    """Every endpoint of ``blocks`` reports a bad input by name (see the module docstring); call once, after
    the tabs are built."""
    guard_inputs()
    for block_fn in blocks.fns.values():
        if block_fn.fn is not None:
            block_fn.fn = reports_errors(block_fn.fn)
