"""English and Simplified Chinese text of the guidance tab."""

EN = {
    "guidance.tab": "Guidance",
    "guidance.explain": (
        "**Steering a diffusion model toward a class.** Both methods change the score the sampler follows.\n\n"
        "- **Classifier guidance** (Dhariwal & Nichol 2021): a classifier $p_\\phi(y \\mid x_t, t)$ trained on "
        "noised samples adds its gradient, "
        "$\\hat\\epsilon = \\epsilon_\\theta(x_t) - w\\,\\sqrt{1-\\bar\\alpha_t}\\,\\nabla_{x_t}\\log p_\\phi(y \\mid x_t, t)$.\n"
        "- **Classifier-free guidance** (Ho & Salimans 2022): one model trained with its label dropped to a null "
        "class 10% of the time gives both predictions, "
        "$\\hat\\epsilon = \\epsilon_\\theta(x_t, \\varnothing) + w\\,(\\epsilon_\\theta(x_t, c) - \\epsilon_\\theta(x_t, \\varnothing))$, "
        "both from **one batched forward** of $[x_t; x_t]$ with labels $[c; \\varnothing]$.\n\n"
        "**Convention, once:** $w$ here is diffusers' `guidance_scale`; Ho & Salimans write $1 + w'$ for it, so "
        "$w = 3$ is their $w' = 2$. $w = 0$ is the unconditional model, $w = 1$ plain conditioning (CFG), $w > 1$ "
        "extrapolates past it. **Away** (negative guidance) flips the sign and pushes samples off the class."
    ),
    "guidance.points": "2D: ring of 8 classes",
    "guidance.digits": "Digits",
    "guidance.sweep": "Fidelity vs diversity",
    "guidance.method": "Method",
    "guidance.method_cfg": "classifier-free (CFG)",
    "guidance.method_classifier": "classifier guidance",
    "guidance.direction": "Direction",
    "guidance.toward": "toward the class",
    "guidance.away": "away from it (negative)",
    "guidance.scale": "Guidance scale w",
    "guidance.scale_info": "diffusers' guidance_scale; Ho & Salimans write it 1 + w'",
    "guidance.class": "Class",
    "guidance.mode": "Class (mode of the ring, counter-clockwise from the right)",
    "guidance.t": "Noise level t",
    "guidance.t_info": "0 = data, 999 = pure noise",
    "guidance.steps": "DDIM steps",
    "guidance.seed": "Seed",
    "guidance.n_points": "Points",
    "guidance.n_images": "Digits",
    "guidance.show_field": "Show the fields",
    "guidance.field": "**Score fields over the plane**",
    "guidance.field_explain": (
        "Arrows are scores $-\\epsilon/\\sqrt{1-\\bar\\alpha_t}$ (for classifier guidance the first panel is "
        "$\\nabla\\log p_\\phi(c\\mid x_t)$), each panel scaled so its longest arrow has the same length. Near "
        "$t = 999$ the fields are almost the pull toward the origin; near $t = 0$ each points to the nearest mode. "
        "The guided field adds $w$ times the class direction, so its arrows bend toward the chosen mode's core."
    ),
    "guidance.sample_points": "Sample the class",
    "guidance.samples": "**Samples without and with guidance, same noise (grey: the real ring)**",
    "guidance.stats": "Statistics",
    "guidance.points_note": (
        "**on class**: share of samples nearest to the chosen mode (fidelity). **spread**: RMS distance of the samples "
        "to their own mean (diversity; the data's own is √2·σ = 0.42). **shift**: how far that mean moved from the "
        "mode's centre. With guidance the samples crowd together, the spread shrinks, and the cloud moves away "
        "from the other modes (outward)."
    ),
    "guidance.generate": "Generate digits",
    "guidance.gallery": "**Generated digits**",
    "guidance.digits_note": (
        "**class accuracy**: share the shipped digits classifier reads as the class (Wilson interval). **diversity**: "
        "mean distance between the classifier features of two of these digits (the test digits' own is about 14). "
        "**Fréchet to its class**: Fréchet distance of their features to the class's test digits (lower is closer; it "
        "grows as the digits collapse onto one prototype). Intervals: a bootstrap over the digits."
    ),
    "guidance.sweep_explain": (
        "The trade-off curve of Ho & Salimans (Fig. 4) and Dhariwal & Nichol (Fig. 3), measured here: 200 "
        "class-balanced digits per scale and method, DDIM with 30 steps, seed 0, judged by the shipped digits "
        "classifier. Diversity is the mean distance between the classifier features of two digits of the same "
        "class (the dashed line: the test digits' own); the Fréchet distance to its class compares each class's "
        "samples with that class's test digits and grows as samples collapse onto a prototype. Computed by "
        "`python benchmarks/bench_guidance.py`."
    ),
    "guidance.sweep_plot": "**Sweep over the guidance scale (saved)**",
    "guidance.sweep_table": "Sweep: fidelity and diversity [95%]",
    "guidance.sweep_more_table": "Sweep: Fréchet to all digits [95%] and time",
    "guidance.sweep_columns": (
        "**Reading the two tables.** Each row is a method (CFG: classifier-free guidance; CG: classifier "
        "guidance) at the guidance scale *w* (diffusers' guidance_scale). Both Fréchet distances "
        "compare the shipped classifier's features of the samples with those of real test digits: **Fréchet to its "
        "class** compares each class's samples with that class's test digits only and averages over the classes "
        "(it grows as a class collapses onto one prototype); **Fréchet to all digits** compares all the samples "
        "with all the test digits at once (it also grows when the classes come out in the wrong proportions). "
        "**Time (s)** is the wall-clock seconds to generate one scale's digits on this CPU (classifier guidance "
        "adds a backward pass a step)."
    ),
    "guidance.speed_table": "One batched forward of [cond; uncond] against two separate passes (digits UNet)",
    "guidance.finding": (
        "**Why guidance once lowered accuracy, and the fix.** With the old sampler, class accuracy fell as the "
        "scale rose (100 class-balanced digits, 30 DDIM steps, seed 0): $w = 1, 2, 3 \\to$ 1.00, 0.79, 0.30. "
        "The cause was the clipping of $\\hat x_0$: diffusers' `DDIMScheduler` clips $\\hat x_0$ to $[-1, 1]$ but "
        "keeps the model's unclipped $\\epsilon$ in the direction term, so $x_{t-1}$ leaves the path the clipped "
        "$\\hat x_0$ implies. Guidance extrapolates, which pushes $\\hat x_0$ out of range at many pixels, so the "
        "mismatch grows with $w$. With clipping off: 1.00, 1.00, 1.00. With consistent clipping "
        "($\\epsilon$ recomputed from the clipped $\\hat x_0$, as guided-diffusion's `ddim_sample` does; now the "
        "shared sampler): 1.00, 1.00, 1.00, and 1.00 at $w = 5$. The base model did not need retraining."
    ),
    "guidance.speed_note": (
        "The batched forward saves one pass of Python and dispatch overhead, not compute: on this 2-core CPU, "
        "convolutions are about 60% of a batch-1 forward of the digits UNet (torch.profiler), and from batch 2 on "
        "PyTorch runs them through oneDNN, which costs more per call on 8×8 maps. So one forward of 2 rows costs "
        "about 1.3–1.5× one of 1 row, and the batched combine is 1.2–1.4× faster than two passes at batch 1 "
        "(the table, measured under a shared, busy machine), short of 2×; the gain shrinks as the batch grows. "
        "Even with native convolutions forced at every batch (a diagnostic the benchmark runs; the app changes "
        "no backend flags) it is 1.4–1.8× at batch 1 in runs on a busy machine: what remains is each row's own arithmetic, which the two "
        "halves cannot share, since the class enters through the time embedding at the first ResNet block."
    ),
    "guidance.missing": "Not measured yet: run `python benchmarks/bench_guidance.py`.",
}

ZH = {
    "guidance.tab": "引导",
    "guidance.explain": (
        "**把扩散模型引向某一类别。** 两种方法都改变采样器所沿的得分。\n\n"
        "- **分类器引导**（Dhariwal & Nichol 2021）：在加噪样本上训练的分类器 $p_\\phi(y \\mid x_t, t)$ 加入其梯度，"
        "$\\hat\\epsilon = \\epsilon_\\theta(x_t) - w\\,\\sqrt{1-\\bar\\alpha_t}\\,\\nabla_{x_t}\\log p_\\phi(y \\mid x_t, t)$。\n"
        "- **无分类器引导**（Ho & Salimans 2022）：训练时以 10% 概率把标签替换为空类别，同一模型给出两个预测，"
        "$\\hat\\epsilon = \\epsilon_\\theta(x_t, \\varnothing) + w\\,(\\epsilon_\\theta(x_t, c) - \\epsilon_\\theta(x_t, \\varnothing))$，"
        "两者来自 $[x_t; x_t]$、标签 $[c; \\varnothing]$ 的**一次批量前向**。\n\n"
        "**约定（仅此一次）：** 这里的 $w$ 即 diffusers 的 `guidance_scale`；Ho & Salimans 记作 $1 + w'$，"
        "所以 $w = 3$ 即他们的 $w' = 2$。$w = 0$ 为无条件模型，$w = 1$ 为普通条件生成（CFG），$w > 1$ 为外推。"
        "**远离**（负向引导）反转符号，把样本推离该类别。"
    ),
    "guidance.points": "二维：8 类圆环",
    "guidance.digits": "手写数字",
    "guidance.sweep": "保真度与多样性",
    "guidance.method": "方法",
    "guidance.method_cfg": "无分类器引导（CFG）",
    "guidance.method_classifier": "分类器引导",
    "guidance.direction": "方向",
    "guidance.toward": "靠近该类别",
    "guidance.away": "远离该类别（负向）",
    "guidance.scale": "引导强度 w",
    "guidance.scale_info": "即 diffusers 的 guidance_scale；Ho & Salimans 记作 1 + w'",
    "guidance.class": "类别",
    "guidance.mode": "类别（圆环的模态，从右侧起逆时针编号）",
    "guidance.t": "噪声水平 t",
    "guidance.t_info": "0 = 数据，999 = 纯噪声",
    "guidance.steps": "DDIM 步数",
    "guidance.seed": "随机种子",
    "guidance.n_points": "点数",
    "guidance.n_images": "数字个数",
    "guidance.show_field": "显示向量场",
    "guidance.field": "**平面上的得分场**",
    "guidance.field_explain": (
        "箭头为得分 $-\\epsilon/\\sqrt{1-\\bar\\alpha_t}$（分类器引导时第一幅为 $\\nabla\\log p_\\phi(c\\mid x_t)$），"
        "每幅按其最长箭头归一。$t$ 接近 999 时几乎只有指向原点的拉力；接近 0 时指向最近的模态。"
        "引导场加上 $w$ 倍的类别方向，箭头因此弯向所选模态的中心。"
    ),
    "guidance.sample_points": "对该类别采样",
    "guidance.samples": "**无引导与有引导的样本，相同噪声（灰色：真实圆环）**",
    "guidance.stats": "统计",
    "guidance.points_note": (
        "**属于该类**：最近模态为所选模态的样本比例（保真度）。**分散度**：样本到其自身均值的均方根距离（多样性；"
        "数据本身为 √2·σ = 0.42）。**偏移**：该均值偏离模态中心的距离。引导越强，样本越聚拢，离散度越小，"
        "并整体远离其他模态（向外）。"
    ),
    "guidance.generate": "生成数字",
    "guidance.gallery": "**生成的数字**",
    "guidance.digits_note": (
        "**类别准确率**：随附的数字分类器判为该类的比例（Wilson 区间）。**多样性**：这些数字中任意两个的分类器特征间的平均距离"
        "（测试集数字自身约为 14）。**到本类的 Fréchet**：其特征与该类测试数字之间的 Fréchet 距离（越低越接近；数字向同一原型坍缩时增大）。"
        "区间：对这些数字的自助法（bootstrap）。"
    ),
    "guidance.sweep_explain": (
        "Ho & Salimans（图 4）与 Dhariwal & Nichol（图 3）的权衡曲线，在此实测：每个强度、每种方法 200 个类别均衡的数字，"
        "DDIM 30 步，种子 0，由随附的数字分类器评判。多样性为同类两个数字的分类器特征间的平均距离"
        "（虚线：测试集数字自身的值）；到本类的 Fréchet 距离比较每类样本与该类测试数字，样本向原型坍缩时增大。"
        "由 `python benchmarks/bench_guidance.py` 计算。"
    ),
    "guidance.sweep_plot": "**引导强度扫描（已保存）**",
    "guidance.sweep_table": "扫描：保真度与多样性 [95%]",
    "guidance.sweep_more_table": "扫描：到全部数字的 Fréchet [95%] 与用时",
    "guidance.sweep_columns": (
        "**如何读这两张表。** 每行是一种方法（无分类器：无分类器引导；分类器：分类器引导）在引导强度 *w*"
        "（diffusers 的 guidance_scale）下的结果。两种 Fréchet 距离都比较样本与真实测试数字在随附分类器上的特征："
        "**到本类的 Fréchet** 只把每类样本与该类的测试数字比较，再对各类取平均（某类向同一原型坍缩时增大）；"
        "**到全部数字的 Fréchet** 把全部样本与全部测试数字一次性比较（各类别比例不对时也会增大）。"
        "**用时（秒）** 为在这台 CPU 上生成一个强度下全部数字所用的实际时间（分类器引导每步多一次反向传播）。"
    ),
    "guidance.speed_table": "[条件; 无条件] 一次批量前向与两次单独前向的对比（数字 UNet）",
    "guidance.finding": (
        "**为何引导曾经降低准确率，以及修复。** 旧采样器下，类别准确率随强度上升而下降（100 个类别均衡的数字，DDIM 30 步，"
        "种子 0）：$w = 1, 2, 3 \\to$ 1.00、0.79、0.30。原因在于 $\\hat x_0$ 的裁剪：diffusers 的 `DDIMScheduler` 把 "
        "$\\hat x_0$ 裁剪到 $[-1, 1]$，方向项却仍用模型未裁剪的 $\\epsilon$，于是 $x_{t-1}$ 偏离裁剪后 $\\hat x_0$ 所对应的路径。"
        "引导是外推，会让许多像素的 $\\hat x_0$ 超出范围，偏差随 $w$ 增大。关闭裁剪：1.00、1.00、1.00。一致裁剪"
        "（由裁剪后的 $\\hat x_0$ 重新计算 $\\epsilon$，与 guided-diffusion 的 `ddim_sample` 相同；现为共享采样器）："
        "1.00、1.00、1.00，$w = 5$ 时亦为 1.00。基础模型无需重新训练。"
    ),
    "guidance.speed_note": (
        "批量前向节省的是一次 Python 与调度开销，而非计算：在这台双核 CPU 上，卷积约占数字 UNet 批量为 1 的前向的 60%"
        "（torch.profiler 测得），且从批量 2 起 PyTorch 改用 oneDNN 卷积，在 8×8 特征图上每次调用更贵。因此 2 行的一次前向"
        "约为 1 行的 1.3–1.5 倍，批量为 1 时批量组合比两次单独前向快 1.2–1.4 倍（见表，在多人共用的繁忙机器上测得），"
        "达不到 2 倍；批量越大，收益越小。即使在所有批量下都强制使用原生卷积（基准测试中的诊断；应用本身不改任何后端开关），"
        "批量为 1 时在繁忙机器上的几次测量中也只有 1.4–1.8 倍：剩下的是每一行各自的计算，两半无法共享，因为类别在第一个 ResNet 块就经时间嵌入进入。"
    ),
    "guidance.missing": "尚未测量：请运行 `python benchmarks/bench_guidance.py`。",
}

EN.update({  # figures and tables (written by handlers through ``tr``)
    "guidance.name_cfg": "classifier-free", "guidance.name_classifier": "classifier guidance",
    "guidance.fig_other_modes": "other modes", "guidance.fig_chosen": "chosen class",
    "guidance.fig_classifier_grad": "classifier ∇log p(c | xₜ)", "guidance.fig_conditional": "conditional",
    "guidance.fig_unconditional": "unconditional", "guidance.fig_guided": "guided, w = {w:g}",
    "guidance.fig_scores": "scores at t = {t} (arrows point to higher density)",
    "guidance.fig_no_guidance": "no guidance (w = {w:g})", "guidance.fig_real": "real data",
    "guidance.fig_class_w": "class {c}, w = {w:g}",
    "guidance.fig_fidelity": "fidelity: class accuracy",
    "guidance.fig_diversity": "diversity: pairwise distance in a class",
    "guidance.fig_class_frechet": "Fréchet distance to the class's test digits",
    "guidance.fig_scale": "guidance scale w",
    "guidance.fig_accuracy": "class accuracy", "guidance.fig_feature_distance": "feature distance",
    "guidance.fig_frechet_axis": "Fréchet (class mean, log)", "guidance.fig_test_digits": "test digits",
    "guidance.th_on_class": "on class [95%]", "guidance.th_spread": "spread [95%]", "guidance.th_shift": "shift [95%]",
    "guidance.th_method": "method", "guidance.th_accuracy": "class accuracy [95%]",
    "guidance.th_diversity": "diversity [95%]", "guidance.th_class_frechet": "Fréchet to its class [95%]",
    "guidance.th_frechet": "Fréchet to all digits [95%]", "guidance.th_batch": "batch",
    "guidance.th_batched_ms": "one batched pass, ms", "guidance.th_separate_ms": "two passes, ms",
    "guidance.th_speedup": "speed-up ×", "guidance.th_measure": "measure", "guidance.th_value": "value",
    "guidance.th_plain": "no guidance", "guidance.th_guided": "guided", "guidance.th_method_w": "method · w",
    "guidance.row_method_w": "{method}, w = {w:g}",
    "guidance.short_cfg": "CFG", "guidance.short_classifier": "CG",
    "guidance.th_seconds": "time (s), {n} digits",
})
ZH.update({
    "guidance.name_cfg": "无分类器引导", "guidance.name_classifier": "分类器引导",
    "guidance.fig_other_modes": "其他模式", "guidance.fig_chosen": "所选类别",
    "guidance.fig_classifier_grad": "分类器 ∇log p(c | xₜ)", "guidance.fig_conditional": "条件",
    "guidance.fig_unconditional": "无条件", "guidance.fig_guided": "引导后，w = {w:g}",
    "guidance.fig_scores": "t = {t} 时的得分（箭头指向密度更高处）",
    "guidance.fig_no_guidance": "无引导（w = {w:g}）", "guidance.fig_real": "真实数据",
    "guidance.fig_class_w": "类别 {c}，w = {w:g}",
    "guidance.fig_fidelity": "保真度：类别准确率", "guidance.fig_diversity": "多样性：同类样本间的距离",
    "guidance.fig_class_frechet": "到该类测试数字的 Fréchet 距离", "guidance.fig_scale": "引导强度 w",
    "guidance.fig_accuracy": "类别准确率", "guidance.fig_feature_distance": "特征距离",
    "guidance.fig_frechet_axis": "Fréchet（各类平均，对数）", "guidance.fig_test_digits": "测试数字",
    "guidance.th_on_class": "属于该类 [95%]", "guidance.th_spread": "分散度 [95%]", "guidance.th_shift": "偏移 [95%]",
    "guidance.th_method": "方法", "guidance.th_accuracy": "类别准确率 [95%]",
    "guidance.th_diversity": "多样性 [95%]", "guidance.th_class_frechet": "到本类的 Fréchet [95%]",
    "guidance.th_frechet": "到全部数字的 Fréchet [95%]", "guidance.th_batch": "批大小",
    "guidance.th_batched_ms": "一次合批前向，毫秒", "guidance.th_separate_ms": "两次前向，毫秒",
    "guidance.th_speedup": "加速比 ×", "guidance.th_measure": "指标", "guidance.th_value": "值",
    "guidance.th_plain": "无引导", "guidance.th_guided": "有引导", "guidance.th_method_w": "方法 · w",
    "guidance.row_method_w": "{method}，w = {w:g}",
    "guidance.short_cfg": "无分类器", "guidance.short_classifier": "分类器",
    "guidance.th_seconds": "用时（秒），{n} 个数字",
})

STRINGS = {"en": EN, "zh-CN": ZH}
