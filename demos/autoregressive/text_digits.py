"""English and Simplified Chinese text of the autoregressive tab's digits views (``digits_view``)."""

EN = {
    "autoregressive.digits_tab_table": "Digits: four models, one table",
    "autoregressive.digits_tab_pixel": "Sampling, pixel by pixel",
    "autoregressive.digits_tab_masks": "Masks and receptive fields",
    "autoregressive.digits_tab_orderings": "Orderings",
    "autoregressive.digits_tab_complete": "Completion",
    "autoregressive.digits_table_explain": (
        "Four shipped models of the 8×8 digits, each an exact $p(x) = \\prod_{i=1}^{64} p(x_i \\mid x_{<i})$. "
        "FVSBN (one logistic regression per pixel, $O(n^2)$ weights) and NADE (shared hidden weights, $O(n d)$) "
        "model the **binary** digits (level ≥ 8): their figure is in **nats per image** and is not comparable "
        "with the others. MADE (8 orderings, scored as their mixture) and the gated PixelCNN model the **17 "
        "levels** 0…16: **bits per pixel** $= -\\log_2 p(x)/64$ on the 360 test digits, beside independent "
        "pixels and the uniform model. Likelihood takes one pass; sampling takes 64, one per pixel."
    ),
    "autoregressive.digits_table_bits_per_pixel": "17-level digits: test likelihood (from the weights, once per "
                                                   "process)",
    "autoregressive.digits_table_nats_per_image": "Binary digits (level ≥ 8): test likelihood",
    "autoregressive.digits_hdr_bits_per_pixel": "bits per pixel [95%] (lower is better)",
    "autoregressive.digits_hdr_nats_per_image": "nats per image [95%] (lower is better)",
    "autoregressive.digits_hdr_model": "model",
    "autoregressive.digits_hdr_parameters": "parameters",
    "autoregressive.digits_hdr_seconds": "s to sample 16",
    "autoregressive.digits_model_ar-fvsbn": "FVSBN",
    "autoregressive.digits_model_ar-nade": "NADE",
    "autoregressive.digits_model_ar-made": "MADE (ensemble of 8 orderings)",
    "autoregressive.digits_model_ar-pixelcnn": "gated PixelCNN",
    "autoregressive.digits_unit_bits_per_pixel": "bits per pixel",
    "autoregressive.digits_baseline_independent": "independent pixels (baseline)",
    "autoregressive.digits_baseline_uniform": "uniform (baseline)",
    "autoregressive.digits_model": "Model",
    "autoregressive.digits_temperature": "Temperature T (logits / T)",
    "autoregressive.digits_seed": "Seed",
    "autoregressive.digits_sample": "Sample 16 digits",
    "autoregressive.digits_samples_caption": (
        "**{model}**, T = {temperature:.2f}: 16 digits in {seconds:.2f} s ({nfe} network passes). The shipped "
        "classifier's confidence in them: **{conf:.3f}** [{lo:.3f}, {hi:.3f}]."
    ),
    "autoregressive.digits_samples_shipped": "On 200 samples at T = 1 (recorded when it was trained): {conf:.3f} [{lo:.3f}, {hi:.3f}].",
    "autoregressive.digits_pixel_explain": (
        "One sample, drawn one pixel at a time in the model's order: at step $i$ the pixel $x_{o(i)}$ is drawn "
        "from $p(x_{o(i)} \\mid x_{o(<i)})$ (its logits divided by T). Slide through the 64 steps: pale blue "
        "pixels are not drawn yet, the red frame is the current pixel, the bars its conditional (red: the "
        "value drawn). The run is computed once; the slider only reads it."
    ),
    "autoregressive.digits_order": "Ordering (MADE)",
    "autoregressive.digits_step": "Step (1–64)",
    "autoregressive.digits_pixel_caption": (
        "Step {step} of 64: pixel (row {row}, column {col}) drew level **{value}** with probability {p:.3f} "
        "(its {levels} bars sum to {total:.4f}). ln p of the whole sample: {logp:.2f} nats; 64 steps took {ms:.0f} ms."
    ),
    "autoregressive.digits_fig_prob": "probability",
    "autoregressive.digits_fig_level": "level",
    "autoregressive.digits_fig_conditional": "step {step}: p(pixel ({row}, {col}) | pixels before)<br>drawn: {value}",
    "autoregressive.digits_masks_explain": (
        "**MADE.** Each unit $k$ gets a number $m(k)$: an input its position in the order (1…64), a hidden "
        "unit a number drawn in $[\\min m, 63]$. A hidden weight $k \\leftarrow j$ is kept iff $m(k) \\ge m(j)$, "
        "an output weight $d \\leftarrow k$ iff $m(d) > m(k)$, so output $d$ only sees inputs before it. The "
        "axes are labelled with $m(k)$ (units sorted by it; inputs and outputs in the order). "
        "**PixelCNN.** The receptive field of one pixel, from gradients $|\\partial\\, \\mathrm{logits}(y,x) "
        "/ \\partial\\, \\mathrm{image}|$: stacked masked 3×3 convolutions (an untrained plain PixelCNN: the "
        "field is the architecture's) miss a wedge up and to the right — the **blind spot** (crosses); the "
        "gated PixelCNN's vertical and horizontal stacks see every pixel before it. Grey: the pixel and the ones "
        "after it, which its conditional may not read."
    ),
    "autoregressive.digits_pixel_y": "Pixel row (receptive field)",
    "autoregressive.digits_pixel_x": "Pixel column (receptive field)",
    "autoregressive.digits_masks_caption": (
        "MADE, ordering {order}: the first {shown} of {hidden} units of each hidden layer. Receptive field: the "
        "plain PixelCNN misses **{plain}** pixels before the chosen one, the gated one **{gated}**; pixels at or "
        "after it that either sees: {after}."
    ),
    "autoregressive.digits_fig_mask1": "inputs → hidden 1",
    "autoregressive.digits_fig_mask2": "hidden 1 → hidden 2",
    "autoregressive.digits_fig_mask_out": "hidden 2 → outputs",
    "autoregressive.digits_fig_reach": "output sees input (through all layers)",
    "autoregressive.digits_fig_m_in": "m(k), layer below",
    "autoregressive.digits_fig_m_out": "m(k)",
    "autoregressive.digits_fig_blind": "blind spot",
    "autoregressive.digits_fig_field_plain": "plain stacked PixelCNN<br>blind spot: {blind} pixels",
    "autoregressive.digits_fig_field_gated": "gated PixelCNN (shipped)<br>blind spot: {blind} pixels",
    "autoregressive.digits_orderings_explain": (
        "One MADE, trained order-agnostically on 8 orderings (raster, reverse raster, column by column, five "
        "random). Each ordering is a different factorization of the same $p(x)$ and scores differently; the "
        "ensemble averages the probabilities, $\\ln \\frac{1}{8}\\sum_s p_s(x)$ (logsumexp, not the logits), "
        "and beats every single ordering. Bits per pixel on the 360 test digits, with 95% intervals."
    ),
    "autoregressive.digits_orderings_run": "Recompute from the weights",
    "autoregressive.digits_orderings_caption": (
        "Single orderings: {lo:.3f} to {hi:.3f} bits per pixel ({n} orderings); the ensemble: **{ensemble:.3f}**."
    ),
    "autoregressive.digits_fig_order": "order {i}",
    "autoregressive.digits_fig_ensemble": "ensemble",
    "autoregressive.digits_fig_orderings": "MADE: test bits per pixel by ordering (lower is better)",
    "autoregressive.digits_fig_best": "gated PixelCNN {value:.3f}",
    "autoregressive.digits_complete_explain": (
        "Conditional generation falls out of the chain rule: keep the first pixels of the order, hide the rest "
        "(pale blue) and keep sampling from $p(x_{o(i)} \\mid x_{o(<i)})$. First tile: the digit; second: what "
        "the model is given; then the completions. Default: the top half kept, in raster order."
    ),
    "autoregressive.digits_source": "Start from",
    "autoregressive.digits_source_test_digit": "a test digit",
    "autoregressive.digits_source_drawing": "my drawing",
    "autoregressive.digits_test_index": "Test digit (index)",
    "autoregressive.digits_visible": "Pixels kept (first of the order)",
    "autoregressive.digits_n": "Completions",
    "autoregressive.digits_complete_run": "Complete",
    "autoregressive.digits_draw": "Draw a digit (made 8×8)",
    "autoregressive.digits_complete_caption": (
        "{model}: {visible} pixels kept, {hidden} sampled, {n} completions in {seconds:.2f} s."
    ),
}

ZH = {
    "autoregressive.digits_tab_table": "手写数字：四个模型，一张表",
    "autoregressive.digits_tab_pixel": "逐像素采样",
    "autoregressive.digits_tab_masks": "掩码与感受野",
    "autoregressive.digits_tab_orderings": "顺序",
    "autoregressive.digits_tab_complete": "补全",
    "autoregressive.digits_table_explain": (
        "四个自带的 8×8 手写数字模型，每个都是精确的 $p(x) = \\prod_{i=1}^{64} p(x_i \\mid x_{<i})$。"
        "FVSBN（每个像素一个逻辑回归，$O(n^2)$ 个权重）和 NADE（共享隐藏层权重，$O(n d)$）建模的是**二值**数字"
        "（水平 ≥ 8）：其指标单位是**每张图像的奈特**，不能与其他模型直接比较。MADE（8 种顺序，按其混合评分）"
        "和门控 PixelCNN 建模 0…16 的 **17 个水平**：在 360 个测试数字上的**每像素比特** $= -\\log_2 p(x)/64$，"
        "旁边是独立像素和均匀分布两个基线。似然只需一次前向；采样需要 64 次，每个像素一次。"
    ),
    "autoregressive.digits_table_bits_per_pixel": "17 个水平的数字：测试似然（每个进程根据权重计算一次）",
    "autoregressive.digits_table_nats_per_image": "二值数字（水平 ≥ 8）：测试似然",
    "autoregressive.digits_hdr_bits_per_pixel": "每像素比特 [95%]（越低越好）",
    "autoregressive.digits_hdr_nats_per_image": "每张图像的奈特 [95%]（越低越好）",
    "autoregressive.digits_hdr_model": "模型",
    "autoregressive.digits_hdr_parameters": "参数量",
    "autoregressive.digits_hdr_seconds": "采样 16 个所需秒数",
    "autoregressive.digits_model_ar-fvsbn": "FVSBN",
    "autoregressive.digits_model_ar-nade": "NADE",
    "autoregressive.digits_model_ar-made": "MADE（8 种顺序的集成）",
    "autoregressive.digits_model_ar-pixelcnn": "门控 PixelCNN",
    "autoregressive.digits_unit_bits_per_pixel": "每像素比特",
    "autoregressive.digits_baseline_independent": "独立像素（基线）",
    "autoregressive.digits_baseline_uniform": "均匀分布（基线）",
    "autoregressive.digits_model": "模型",
    "autoregressive.digits_temperature": "温度 T",
    "autoregressive.digits_seed": "随机种子",
    "autoregressive.digits_sample": "采样 16 个数字",
    "autoregressive.digits_samples_caption": (
        "**{model}**，T = {temperature:.2f}：{seconds:.2f} 秒采样 16 个数字（{nfe} 次网络前向）。"
        "自带分类器对它们的置信度：**{conf:.3f}** [{lo:.3f}, {hi:.3f}]。"
    ),
    "autoregressive.digits_samples_shipped": "T = 1 时 200 个样本上的置信度（训练时记录）：{conf:.3f} [{lo:.3f}, {hi:.3f}]。",
    "autoregressive.digits_pixel_explain": (
        "一个样本，按模型的顺序一次画一个像素：第 $i$ 步从 $p(x_{o(i)} \\mid x_{o(<i)})$（logits 除以 T）中抽取像素 "
        "$x_{o(i)}$。拖动滑块浏览 64 步：浅蓝色像素尚未抽取，红框是当前像素，柱状图是它的条件分布（红色：抽到的值）。"
        "整个过程只计算一次，滑块只是读取结果。"
    ),
    "autoregressive.digits_order": "顺序（仅用于多顺序模型）",
    "autoregressive.digits_step": "步（1–64）",
    "autoregressive.digits_pixel_caption": (
        "第 {step} 步（共 64 步）：像素（第 {row} 行，第 {col} 列）抽到水平 **{value}**，概率 {p:.3f}"
        "（{levels} 根柱子之和为 {total:.4f}）。整个样本的 ln p：{logp:.2f} 奈特；64 步用时 {ms:.0f} 毫秒。"
    ),
    "autoregressive.digits_fig_prob": "概率",
    "autoregressive.digits_fig_level": "水平",
    "autoregressive.digits_fig_conditional": "第 {step} 步：p(像素 ({row}, {col}) | 之前的像素)<br>抽到：{value}",
    "autoregressive.digits_masks_explain": (
        "**MADE。** 每个单元 $k$ 有一个编号 $m(k)$：输入单元是它在顺序中的位置（1…64），隐藏单元在 "
        "$[\\min m, 63]$ 中随机抽取。隐藏层权重 $k \\leftarrow j$ 当且仅当 $m(k) \\ge m(j)$ 时保留，输出权重 "
        "$d \\leftarrow k$ 当且仅当 $m(d) > m(k)$ 时保留，因此输出 $d$ 只能看到顺序在它之前的输入。坐标轴标注的是 "
        "$m(k)$（单元按它排序；输入和输出按顺序排列）。"
        "**PixelCNN。** 一个像素的感受野，由梯度 $|\\partial\\, \\mathrm{logits}(y,x) / \\partial\\, \\mathrm{image}|$ "
        "得到：堆叠的掩码 3×3 卷积（一个未训练的普通 PixelCNN：感受野由结构决定）漏掉了右上方的一块楔形区域——"
        "即**盲区**（叉号）；门控 PixelCNN 的垂直栈和水平栈能看到它之前的每一个像素。灰色：该像素及其之后的像素，"
        "它的条件分布不能读取它们。"
    ),
    "autoregressive.digits_pixel_y": "像素行（感受野）",
    "autoregressive.digits_pixel_x": "像素列（感受野）",
    "autoregressive.digits_masks_caption": (
        "MADE，顺序 {order}：每个隐藏层 {hidden} 个单元中的前 {shown} 个。感受野：普通 PixelCNN 漏掉所选像素之前的 "
        "**{plain}** 个像素，门控的漏掉 **{gated}** 个；两者看到的、位于它及之后的像素：{after} 个。"
    ),
    "autoregressive.digits_fig_mask1": "输入 → 隐藏层 1",
    "autoregressive.digits_fig_mask2": "隐藏层 1 → 隐藏层 2",
    "autoregressive.digits_fig_mask_out": "隐藏层 2 → 输出",
    "autoregressive.digits_fig_reach": "输出能看到的输入（经过所有层）",
    "autoregressive.digits_fig_m_in": "m(k)，下一层",
    "autoregressive.digits_fig_m_out": "m(k)",
    "autoregressive.digits_fig_blind": "盲区",
    "autoregressive.digits_fig_field_plain": "普通堆叠 PixelCNN<br>盲区：{blind} 个像素",
    "autoregressive.digits_fig_field_gated": "门控 PixelCNN（自带）<br>盲区：{blind} 个像素",
    "autoregressive.digits_orderings_explain": (
        "一个 MADE，在 8 种顺序上做与顺序无关的训练（光栅顺序、反向光栅、逐列、五种随机）。每种顺序是同一个 $p(x)$ "
        "的不同分解，得分各不相同；集成对概率取平均，$\\ln \\frac{1}{8}\\sum_s p_s(x)$（用 logsumexp，而不是平均 "
        "logits），胜过任何单一顺序。360 个测试数字上的每像素比特，附 95% 区间。"
    ),
    "autoregressive.digits_orderings_run": "根据权重重新计算",
    "autoregressive.digits_orderings_caption": (
        "单一顺序：每像素 {lo:.3f} 到 {hi:.3f} 比特（{n} 种顺序）；集成：**{ensemble:.3f}**。"
    ),
    "autoregressive.digits_fig_order": "顺序 {i}",
    "autoregressive.digits_fig_ensemble": "集成",
    "autoregressive.digits_fig_orderings": "MADE：各顺序的测试每像素比特（越低越好）",
    "autoregressive.digits_fig_best": "门控 PixelCNN {value:.3f}",
    "autoregressive.digits_complete_explain": (
        "条件生成直接来自链式法则：保留顺序中的前若干个像素，隐藏其余的（浅蓝色），继续从 "
        "$p(x_{o(i)} \\mid x_{o(<i)})$ 采样。第一格：原数字；第二格：模型得到的部分；之后是各个补全结果。"
        "默认：按光栅顺序保留上半部分。"
    ),
    "autoregressive.digits_source": "起点",
    "autoregressive.digits_source_test_digit": "一个测试数字",
    "autoregressive.digits_source_drawing": "我画的数字",
    "autoregressive.digits_test_index": "测试数字（序号）",
    "autoregressive.digits_visible": "保留的像素数（顺序中的前几个）",
    "autoregressive.digits_n": "补全个数",
    "autoregressive.digits_complete_run": "补全",
    "autoregressive.digits_draw": "画一个数字（缩成 8×8）",
    "autoregressive.digits_complete_caption": (
        "{model}：保留 {visible} 个像素，采样 {hidden} 个，{seconds:.2f} 秒得到 {n} 个补全。"
    ),
}

STRINGS = {"en": EN, "zh-CN": ZH}
