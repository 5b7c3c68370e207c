"""English and Simplified Chinese text of the ControlNet tab."""
STRINGS = {
    "en": {
        "controlnet.fig_rms": "RMS of the residual",
        "controlnet.fig_block": "UNet block (channels, size)",
        "controlnet.sketch_heading": "**Draw a digit** (pick the brush on the left first)",
        "controlnet.gallery_heading": "**Generated digits** (caption: how well each follows the condition)",
        "controlnet.fig_guess": "guess mode", "controlnet.fig_class": "class {c}", "controlnet.fig_no_class": "no class",
        "controlnet.fig_title": "controlnet-{type} · scale {scale:g} · {mode}",
        "controlnet.caption": "{measure} {iou:.2f}",
        "controlnet.tol_stroke": "strokes dilated by 1 px",
        "controlnet.tol_lowres": "correlation r of the 4x4 block means",
        "controlnet.row_digits": "digits", "controlnet.row_steps": "sampler steps (DDIM)",
        "controlnet.row_nfe": "UNet forwards", "controlnet.row_ms": "milliseconds",
        "controlnet.row_iou": "follow, mean [95%] ({tol})",
        "controlnet.hdr_measure": "measure", "controlnet.hdr_value": "value",
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
            "output's caption says how well it follows: the condition extracted from the output vs yours, by IoU "
            "for strokes and by the correlation r of the 4x4 block means for low resolution."
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
        "controlnet.q_condition": "condition", "controlnet.q_prompt": "prompt",
        "controlnet.q_follow": "follow: IoU (stroke), r (low res.) [95%]", "controlnet.q_floor": "floor (scale 0) [95%]",
        "controlnet.q_ratio": "ratio", "controlnet.q_accuracy": "class accuracy [95%]",
        "controlnet.q_no_class": "no class", "controlnet.q_class": "class asked", "controlnet.q_guess": "guess mode",
        "controlnet.q_floor_as_no_class": "as no class",
        "controlnet.quality_explain": (
            "Measured on the 360 test digits: their conditions are given to the model, the condition is "
            "extracted again from each output, and the two are compared: strokes by IoU (dilated by one pixel, a "
            "3x3 square, before comparing), low resolution by the correlation r of the 16 block means (graded: a "
            "thresholded 4x4 ink map gives IoU 1 to any blob over the same blocks). The floor is the base model "
            "with control scale 0, measured the same way (in guess mode it is the no-class floor: at scale 0 both are "
            "the base model without a class). Class accuracy is the digit classifier's agreement with the prompt when "
            "prompt and condition agree; a dash marks a figure that does not apply (no class accuracy without a class)."
        ),
    },
    "zh-CN": {
        "controlnet.fig_rms": "残差的均方根",
        "controlnet.fig_block": "UNet 块（通道数、尺寸）",
        "controlnet.sketch_heading": "**画一个数字**（先选左侧的画笔）",
        "controlnet.gallery_heading": "**生成的数字**（说明：各自跟随条件的程度）",
        "controlnet.fig_guess": "猜测模式", "controlnet.fig_class": "类别 {c}", "controlnet.fig_no_class": "无类别",
        "controlnet.fig_title": "controlnet-{type} · 强度 {scale:g} · {mode}",
        "controlnet.caption": "{measure} {iou:.2f}",
        "controlnet.tol_stroke": "笔画膨胀 1 像素", "controlnet.tol_lowres": "4x4 块均值的相关系数 r",
        "controlnet.row_digits": "数字个数", "controlnet.row_steps": "采样步数（DDIM）",
        "controlnet.row_nfe": "UNet 前向次数", "controlnet.row_ms": "毫秒",
        "controlnet.row_iou": "跟随程度均值 [95%]（{tol}）",
        "controlnet.hdr_measure": "度量", "controlnet.hdr_value": "数值",
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
            "因此引导强度放大的正是控制本身。每个输出的标题给出其跟随程度："
            "从输出中提取的条件与你的条件之比较，笔画用 IoU，低分辨率用 4x4 块均值的相关系数 r。"
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
        "controlnet.q_condition": "条件", "controlnet.q_prompt": "提示",
        "controlnet.q_follow": "贴合度：IoU（笔画）、r（低分辨率）[95%]", "controlnet.q_floor": "下限（强度 0）[95%]",
        "controlnet.q_ratio": "比值", "controlnet.q_accuracy": "类别准确率 [95%]",
        "controlnet.q_no_class": "不指定类别", "controlnet.q_class": "指定类别", "controlnet.q_guess": "猜测模式",
        "controlnet.q_floor_as_no_class": "同不指定类别",
        "controlnet.quality_explain": (
            "在 360 个测试数字上测量：把它们的条件交给模型，再从每个输出中重新提取条件并与原条件比较：笔画用 IoU"
            "（比较前先膨胀一个像素，即 3x3 方块），低分辨率用 16 个块均值的相关系数 r（连续取值：阈值化的 4x4 墨迹图"
            "对覆盖相同块的任何一团都给出 IoU 1）。下限是控制强度为 0 的基础模型，用同样方法测量。"
            "（猜测模式的下限即不指定类别的下限：强度为 0 时两者都是不带类别的基础模型。）"
            "类别准确率是在类别提示与条件一致时，数字分类器与提示一致的比例；破折号表示该项不适用（不指定类别时没有类别准确率）。"
        ),
    },
}
