"""The ControlNet tab: draw a stroke (or upload a picture), get digits that follow it.

After the official ControlNet Gradio demos, made small: a Sketchpad and example sketches, the
condition shown exactly as the model sees it, class prompt / control scale / guess mode /
guidance / steps / seed, a gallery of outputs, and a bar chart of each block's residual.
"""
from __future__ import annotations

import gradio as gr
import plotly.graph_objects as go

from core import checkpoints
from core.controlnet.conditions import CONDITION_TYPES
from core.controlnet.drawing import condition_from_drawing, example_files, fit_on_canvas, load_upload
from core.controlnet.request import CLASS_CHOICES, NO_CLASS, check_condition_type, run_request
from core.controlnet.sampling import DEFAULTS, MAX_CONTROL_SCALE, MAX_GUIDANCE, MAX_SAMPLES, checkpoint_name
from core.digits import to_pixels
from core.validation import EmptyCanvas
from demos.common import CPU_HEAVY, PLOT_HEIGHT, digit_grid, reports_errors, t

CANVAS = 320  # Sketchpad side, in pixels
CONDITION_PX = 128  # on-screen side of the condition image
MAX_UI_STEPS = 200  # the steps slider's top (the API accepts up to core.validation.MAX_STEPS)
STAT_HEADERS = ["measure", "value"]


def _condition_image(cond):
    return digit_grid(to_pixels(cond), cols=1, px=CONDITION_PX)


def residual_figure(names: list[str], rms: list[float], title: str) -> go.Figure:
    """Bar chart of the RMS of each block's injected ControlNet residual."""
    fig = go.Figure(go.Bar(x=names, y=rms, marker_color="#1f77b4", text=[f"{v:.3f}" for v in rms],
                           textposition="outside"))
    fig.update_layout(title=title, height=PLOT_HEIGHT, margin=dict(l=10, r=10, t=50, b=10),
                      yaxis_title="RMS", xaxis_tickangle=-30)
    return fig


@reports_errors
def generate(sketch, condition_type, digit_class, control_scale, guess_mode, guidance_scale, steps, samples, seed):
    """Returns (condition image, gallery of (image, caption), residual bar chart, stats rows)."""
    res = run_request(sketch, condition_type, digit_class, control_scale, guess_mode, guidance_scale, steps,
                      samples, seed)
    g = res.generated
    gallery = [(digit_grid(to_pixels(g.x[i: i + 1]), cols=1), f"#{i + 1} · IoU {res.follow_iou[i]:.2f}")
               for i in range(len(g.x))]
    mode = "guess mode" if res.guess_mode else f"class {res.digit_class}"
    fig = residual_figure(res.block_names, g.residual_rms,
                          f"controlnet-{res.condition_type} · scale {res.control_scale:g} · {mode}")
    tolerance = "strokes dilated by 1 px" if res.condition_type == "stroke" else "4x4 blocks"
    stats = [["digits", len(g.x)], ["sampler steps (DDIM)", res.steps], ["UNet forwards", g.nfe],
             ["milliseconds", round(g.seconds * 1000)],
             [f"follow IoU, mean ({tolerance})", round(float(res.follow_iou.mean()), 3)]]
    return _condition_image(res.condition), gallery, fig, stats


@reports_errors
def preview(sketch, condition_type):
    """The condition of the current drawing, or nothing while the canvas is empty."""
    condition_type = check_condition_type(condition_type)
    try:
        return _condition_image(condition_from_drawing(condition_type, sketch))
    except EmptyCanvas:
        return None


@reports_errors
def upload(file, condition_type):
    """Check an uploaded image, fit it onto the canvas, and show its condition: (canvas value, condition)."""
    condition_type = check_condition_type(condition_type)
    value = fit_on_canvas(load_upload(file), CANVAS)
    return value, _condition_image(condition_from_drawing(condition_type, value))


def _quality_rows() -> list[list]:
    rows = []
    for ctype in CONDITION_TYPES:
        q = checkpoints.quality(checkpoint_name(ctype))
        for setting in ("no_class", "class", "guess"):
            r = q.get(setting, {})
            if r:
                rows.append([ctype, setting, round(r.get("follow", float("nan")), 3),
                             round(r.get("floor_follow", float("nan")), 3), round(r.get("ratio", float("nan")), 2),
                             round(r["class_accuracy"], 3) if "class_accuracy" in r else ""])
    return rows


def build() -> None:
    with gr.Tab(t("controlnet.tab"), elem_id="tab-controlnet"):
        gr.Markdown(t("controlnet.explain"), latex_delimiters=[{"left": "$$", "right": "$$", "display": True},
                                                               {"left": "$", "right": "$", "display": False}])
        with gr.Row():
            with gr.Column():
                ctype = gr.Radio([(t("controlnet.type_stroke"), "stroke"), (t("controlnet.type_lowres"), "lowres")],
                                 value="stroke", label=t("controlnet.type"))
                sketch = gr.Sketchpad(canvas_size=(CANVAS, CANVAS), fixed_canvas=True, type="numpy", image_mode="RGBA",
                                      format="png",
                                      brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=14),
                                      label=t("controlnet.sketch"), elem_id="controlnet-sketch")
                examples = gr.Examples([[path] for path in example_files(CANVAS, 16)], inputs=[sketch],
                                       label=t("controlnet.examples"), examples_per_page=10)
                with gr.Accordion(t("controlnet.upload"), open=False):
                    file = gr.File(file_types=["image"], type="filepath", label=t("controlnet.upload_file"))
            with gr.Column():
                cond_img = gr.Image(label=t("controlnet.condition"), format="png", interactive=False,
                                    elem_id="controlnet-condition", height=220)
                digit_class = gr.Dropdown([(t("controlnet.no_class"), NO_CLASS)] + [(c, c) for c in CLASS_CHOICES[1:]],
                                          value=NO_CLASS, label=t("controlnet.class"))
                scale = gr.Slider(0.0, MAX_CONTROL_SCALE, value=DEFAULTS.control_scale, step=0.05,
                                  label=t("controlnet.scale"), info=t("controlnet.scale_info"))
                guess = gr.Checkbox(False, label=t("controlnet.guess"), info=t("controlnet.guess_info"))
                cfg = gr.Slider(0.0, MAX_GUIDANCE, value=DEFAULTS.guidance_scale, step=0.1, label=t("controlnet.cfg"))
                with gr.Row():
                    steps = gr.Slider(1, MAX_UI_STEPS, value=DEFAULTS.steps, step=1, label=t("controlnet.steps"))
                    samples = gr.Slider(1, MAX_SAMPLES, value=DEFAULTS.samples, step=1, label=t("controlnet.samples"))
                    seed = gr.Number(value=DEFAULTS.seed, precision=0, minimum=0, label=t("controlnet.seed"))
                run = gr.Button(t("controlnet.run"), variant="primary", elem_id="controlnet-run")
        with gr.Row():
            gallery = gr.Gallery(label=t("controlnet.gallery"), format="png", columns=4, height=320,
                                 object_fit="contain", elem_id="controlnet-gallery")
            residuals = gr.Plot(label=t("controlnet.residuals"), elem_id="controlnet-residuals")
        stats = gr.Dataframe(headers=STAT_HEADERS, label=t("controlnet.stats"), interactive=False)
        with gr.Accordion(t("controlnet.quality"), open=False):
            gr.Markdown(t("controlnet.quality_explain"))
            gr.Dataframe(_quality_rows(), headers=["condition", "prompt", "follow IoU", "floor (scale 0)", "ratio",
                                                   "class accuracy"], interactive=False)
        run.click(generate, [sketch, ctype, digit_class, scale, guess, cfg, steps, samples, seed],
                  [cond_img, gallery, residuals, stats], api_name="controlnet_generate", **CPU_HEAVY)
        sketch.change(preview, [sketch, ctype], [cond_img], api_name="controlnet_condition",
                      trigger_mode="always_last", show_progress="hidden")
        ctype.change(preview, [sketch, ctype], [cond_img], api_name=False, show_progress="hidden")
        examples.load_input_event.then(preview, [sketch, ctype], [cond_img], api_name=False, show_progress="hidden")
        guess.change(lambda g: gr.update(interactive=not g), [guess], [digit_class], api_name=False, queue=False)
        file.upload(upload, [file, ctype], [sketch, cond_img], api_name="controlnet_upload")


STRINGS = {
    "en": {
        "controlnet.tab": "ControlNet",
        "controlnet.explain": (
            "**What you see.** ControlNet (Zhang, Rao & Agrawala 2023) steers a frozen diffusion model with a "
            "picture. A trainable copy of the digits UNet's encoder reads your control image $c$; its features "
            "reach the frozen UNet through *zero convolutions* (1x1 convolutions that start at exactly zero), "
            "added to the skip connections and the middle block:\n\n"
            "$$\\epsilon = \\epsilon_\\theta\\big(x_t, t, y;\\ s\\cdot Z(F_{copy}(x_t, t, y, c))\\big)$$\n\n"
            "At step 0 of training every residual is zero, so the base model is untouched; training only moves "
            "the copy and the zero convolutions. **Draw** a digit (or pick an example), choose the condition "
            "type, and generate. The *stroke* model reads a one-pixel skeleton on a 32x32 grid (4x the 8x8 "
            "image, as ControlNet's 512 px controls steer 64 px latents); the *low resolution* model reads a 4x4 "
            "version of the digit (super-resolution). Your drawing is framed like the training digits (8 rows "
            "tall, centred) and goes through the same extraction as they did; the condition box shows the "
            "result exactly as the model receives it. *Control scale* $s$ multiplies every residual (0 = the base "
            "model alone). *Guess mode* drops the class: the control alone must say which digit it is, and only "
            "the guided branch gets the control, so the guidance scale amplifies the control itself. Each "
            "output's caption gives its follow IoU: the condition extracted from the output vs yours."
        ),
        "controlnet.type": "Condition type",
        "controlnet.type_stroke": "stroke (skeleton)",
        "controlnet.type_lowres": "low resolution (4x4)",
        "controlnet.sketch": "Draw a digit (pick the brush on the left first)",
        "controlnet.examples": "Example sketches",
        "controlnet.upload": "Or upload an image",
        "controlnet.upload_file": "Image file (any size up to 4096 px a side and 10 MB; it is placed on the canvas)",
        "controlnet.condition": "Condition, exactly as the model sees it",
        "controlnet.class": "Class prompt",
        "controlnet.no_class": "none (no class)",
        "controlnet.scale": "Control scale",
        "controlnet.scale_info": "0 turns the ControlNet off; 2 doubles its residuals",
        "controlnet.guess": "Guess mode (no class)",
        "controlnet.guess_info": "The class prompt is ignored; the model guesses the digit from the control",
        "controlnet.cfg": "Classifier-free guidance scale",
        "controlnet.steps": "DDIM steps",
        "controlnet.samples": "Samples",
        "controlnet.seed": "Seed",
        "controlnet.run": "Generate",
        "controlnet.gallery": "Generated digits",
        "controlnet.residuals": "What the zero convolutions inject: RMS of each block's residual",
        "controlnet.stats": "This run",
        "controlnet.quality": "Measured quality of the shipped ControlNets",
        "controlnet.quality_explain": (
            "Measured on the 360 test digits: their conditions are given to the model, the condition is "
            "extracted again from each output, and the two are compared by IoU (strokes dilated by one pixel, a "
            "3x3 square, before comparing). The floor is the base model with control scale 0, measured the same "
            "way. Class accuracy is the digit classifier's agreement with the prompt when prompt and condition "
            "agree."
        ),
    },
    "zh-CN": {
        "controlnet.tab": "ControlNet",
        "controlnet.explain": (
            "**你看到的是什么。** ControlNet（Zhang、Rao 与 Agrawala，2023）用一张图片引导一个冻结的扩散模型。"
            "数字 UNet 编码器的一个可训练副本读取你的控制图像 $c$；它的特征通过*零卷积*（初始值恰好为零的 1x1 卷积）"
            "加到冻结 UNet 的跳跃连接和中间块上：\n\n"
            "$$\\epsilon = \\epsilon_\\theta\\big(x_t, t, y;\\ s\\cdot Z(F_{copy}(x_t, t, y, c))\\big)$$\n\n"
            "训练开始时所有残差都为零，基础模型不受影响；训练只更新副本和零卷积。**画**一个数字（或选一个示例），"
            "选择条件类型，然后生成。*笔画*模型读取 32x32 网格上一像素宽的骨架（8x8 图像的 4 倍，正如 ControlNet "
            "用 512 像素的控制图引导 64 像素的潜变量）；*低分辨率*模型读取数字的 4x4 版本（超分辨率）。"
            "你的画会像训练数字一样取景（高 8 行、居中），并经过与它们相同的提取；条件框显示的正是模型接收到的结果。"
            "*控制强度* $s$ 乘以每个残差（0 = 仅基础模型）。"
            "*猜测模式*不使用类别：只靠控制图像决定是哪个数字，并且只有受引导的分支获得控制，"
            "因此引导强度放大的正是控制本身。每个输出的标题给出其跟随 IoU：从输出中提取的条件与你的条件之比较。"
        ),
        "controlnet.type": "条件类型",
        "controlnet.type_stroke": "笔画（骨架）",
        "controlnet.type_lowres": "低分辨率（4x4）",
        "controlnet.sketch": "画一个数字（先选左侧的画笔）",
        "controlnet.examples": "示例草图",
        "controlnet.upload": "或上传一张图片",
        "controlnet.upload_file": "图片文件（每边最多 4096 像素、最大 10 MB；会放到画布上）",
        "controlnet.condition": "条件（与模型所见完全一致）",
        "controlnet.class": "类别提示",
        "controlnet.no_class": "无（不指定类别）",
        "controlnet.scale": "控制强度",
        "controlnet.scale_info": "0 关闭 ControlNet；2 使其残差加倍",
        "controlnet.guess": "猜测模式（无类别）",
        "controlnet.guess_info": "忽略类别提示；模型根据控制图像猜测数字",
        "controlnet.cfg": "无分类器引导强度",
        "controlnet.steps": "DDIM 步数",
        "controlnet.samples": "样本数",
        "controlnet.seed": "随机种子",
        "controlnet.run": "生成",
        "controlnet.gallery": "生成的数字",
        "controlnet.residuals": "零卷积注入了什么：每个块残差的均方根",
        "controlnet.stats": "本次运行",
        "controlnet.quality": "已发布 ControlNet 的实测质量",
        "controlnet.quality_explain": (
            "在 360 个测试数字上测量：把它们的条件交给模型，再从每个输出中重新提取条件，用 IoU 比较两者"
            "（比较前笔画先膨胀一个像素，即 3x3 方块）。下限是控制强度为 0 的基础模型，用同样方法测量。"
            "类别准确率是在类别提示与条件一致时，数字分类器与提示一致的比例。"
        ),
    },
}
