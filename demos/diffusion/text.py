"""English and Simplified Chinese text of the DDPM vs DDIM tab (ranges written from core's Specs)."""
from core.diffusion.compare import STEPS
from demos.diffusion.text_framework import STRINGS as FRAMEWORK
from demos.diffusion.text_samplers import STRINGS as SAMPLERS_TEXT

EN = {
    "diffusion.fig_data": "data",
    "diffusion.no_loss": "the loss curve appears<br>when training starts",
    "diffusion.untrained": "No live model yet: “Train live / resume” trains one on the chosen data.",
    "diffusion.fig_start": "start x<sub>T</sub> (noise)",
    "diffusion.fig_end": "end x<sub>0</sub> (sample)",
    "diffusion.fig_paths": "{method}: {k} paths",
    "diffusion.fig_loss": "loss",
    "diffusion.fig_update": "update",
    "diffusion.fig_samples_at": "samples @ update {step}",
    "diffusion.fig_step": "step (of {n})",
    "diffusion.fig_xt": "current",
    "diffusion.fig_x0": "predicted",
    "diffusion.status": "{name} · {it:,} / {total:,} updates",
    "diffusion.status_loss": "loss {loss:.4f} · {rate:.0f} updates/s",
    "diffusion.row_at_floor": "(inside the floor's range)", "diffusion.row_no_class": "class 'any': no class asked",
    "diffusion.hdr_measure": "measure",  # the long tables: one row per measure, one column per sampler
    "diffusion.m_nfe": "NFE", "diffusion.m_ms": "time (ms)", "diffusion.m_sw2": "sliced W2 [95%]",
    "diffusion.m_floor": "floor: real vs real, same n [95%]", "diffusion.m_ratio": "ratio W2 / floor",
    "diffusion.m_confidence": "classifier confidence [95%]", "diffusion.m_class_accuracy": "class accuracy [95%]",
    "diffusion.m_real_confidence": "real digits: confidence [95%]",
    "diffusion.m_real_class_accuracy": "real digits: accuracy [95%]",
    "diffusion.m_ratio_confidence": "confidence / real digits'",
    "diffusion.m_ratio_class_accuracy": "accuracy / real digits'",
    "diffusion.ratio_note": (
        "**A ratio below 1** is not better than real data: the samples are as close to the data as a second draw "
        "of real data of the same size (the floor), and the gap is within the floor's noise."),
    "diffusion.steps_info": f"{STEPS.lo} to {STEPS.hi}: a larger number is refused, not cut to {STEPS.hi}",
    "diffusion.tab": "DDPM vs DDIM",
    "diffusion.explain": (
        "**What you see.** One trained noise predictor $\\epsilon_\\theta(x_t, t)$, two samplers, the same "
        "starting noise $x_T$. DDPM (Ho et al. 2020) takes ancestral steps and needs many of them; DDIM "
        "(Song et al. 2021) takes the step\n\n"
        "$$\\begin{aligned}x_{t-1} &= \\sqrt{\\bar\\alpha_{t-1}}\\,\\hat x_0 \\\\ &\\quad + "
        "\\sqrt{1-\\bar\\alpha_{t-1}-\\sigma_t^2}\\,\\epsilon_\\theta(x_t,t) + \\sigma_t z,\\end{aligned}$$\n\n"
        "$$\\hat x_0 = \\frac{x_t - \\sqrt{1-\\bar\\alpha_t}\\,\\epsilon_\\theta(x_t,t)}{\\sqrt{\\bar\\alpha_t}},$$\n\n"
        "with\n\n$$\\sigma_t = \\eta\\,\\sqrt{(1-\\bar\\alpha_{t-1})/(1-\\bar\\alpha_t)}\\,"
        "\\sqrt{1-\\bar\\alpha_t/\\bar\\alpha_{t-1}}.$$\n\nWith $\\eta=0$ ($\\sigma_t = 0$) the step is "
        "deterministic; $\\eta=1$ has DDPM's variance. "
        "Lower the steps and watch DDPM fall apart first. The metric sits next to its noise floor: two "
        "independent real samples of the same size."
    ),
    "diffusion.points": "2D points",
    "diffusion.digits": "Digits",
    "diffusion.table1": "Quality vs steps (DDIM Table 1)",
    "diffusion.dataset": "Dataset",
    "diffusion.draw": "Draw your own data (choose dataset 'drawing')",
    "diffusion.source": "Model",
    "diffusion.source_shipped": "shipped checkpoint",
    "diffusion.source_live": "my live-trained model",
    "diffusion.steps": "Steps",
    "diffusion.eta": "DDIM η",
    "diffusion.n_points": "Points",
    "diffusion.seed": "Seed",
    "diffusion.sample": "Sample with DDPM and DDIM",
    "diffusion.samples": "Samples (grey: real data)",
    "diffusion.stats": "Side by side",
    "diffusion.trajectories": "Trajectories from the same starts",
    "diffusion.train_steps": "Training updates",
    "diffusion.train": "Train live / resume",
    "diffusion.pause": "Pause",
    "diffusion.step": "Step (50 updates)",
    "diffusion.reset": "Reset",
    "diffusion.loss": "Training loss",
    "diffusion.live_samples": "Current samples (DDIM, 20 steps)",
    "diffusion.train_status": "Training status",
    "diffusion.class": "Class",
    "diffusion.class_any": "any",
    "diffusion.n_images": "Images",
    "diffusion.generate": "Generate with DDPM and DDIM",
    "diffusion.ddpm_images": "**DDPM**",
    "diffusion.ddim_images": "**DDIM**",
    "diffusion.filmstrip": ("**Filmstrip of the first digit** at evenly spaced steps: the current $x_t$ and the "
                           "predicted $\\hat x_0$"),
    "diffusion.table1_explain": (
        "Sample quality against the number of steps, as in Table 1 of the DDIM paper. Left: sliced W2 on "
        "2000 points of a toy dataset; right: Fréchet distance of 200 digits in the classifier's feature space. "
        "Lower is better; the dashed line is the noise floor. The saved curves come from "
        "`python benchmarks/ddim_table1.py`; the button recomputes a small 2D version live."
    ),
    "diffusion.table1_points": "2D (saved)",
    "diffusion.table1_digits": "Digits (saved)",
    "diffusion.recompute": "Recompute a small version live (500 points, up to 100 steps)",
    "diffusion.table1_live": "Live recomputation",
}

ZH = {
    "diffusion.fig_data": "数据",
    "diffusion.no_loss": "开始训练后这里显示损失曲线",
    "diffusion.untrained": "还没有实时模型：“现场训练 / 继续”会在所选数据上训练一个。",
    "diffusion.fig_start": "起点 x<sub>T</sub>（噪声）",
    "diffusion.fig_end": "终点 x<sub>0</sub>（样本）",
    "diffusion.fig_paths": "{method}：{k} 条轨迹",
    "diffusion.fig_loss": "损失",
    "diffusion.fig_update": "更新次数",
    "diffusion.fig_samples_at": "第 {step} 次更新时的样本",
    "diffusion.fig_step": "步（共 {n} 步）",
    "diffusion.fig_xt": "当前",
    "diffusion.fig_x0": "预测",
    "diffusion.status": "{name} · {it:,} / {total:,} 次更新",
    "diffusion.status_loss": "损失 {loss:.4f} · 每秒 {rate:.0f} 次更新",
    "diffusion.row_at_floor": "（在下限的区间内）", "diffusion.row_no_class": "类别为“任意”：未指定类别",
    "diffusion.hdr_measure": "指标",
    "diffusion.m_nfe": "网络调用次数", "diffusion.m_ms": "耗时（毫秒）", "diffusion.m_sw2": "切片 W2 [95%]",
    "diffusion.m_floor": "下限：真实对真实，同样本数 [95%]", "diffusion.m_ratio": "比值 W2 / 下限",
    "diffusion.m_confidence": "分类器置信度 [95%]", "diffusion.m_class_accuracy": "类别准确率 [95%]",
    "diffusion.m_real_confidence": "真实数字：置信度 [95%]",
    "diffusion.m_real_class_accuracy": "真实数字：准确率 [95%]",
    "diffusion.m_ratio_confidence": "置信度 / 真实数字的",
    "diffusion.m_ratio_class_accuracy": "准确率 / 真实数字的",
    "diffusion.ratio_note": (
        "**比值低于 1** 并不表示比真实数据更好：样本与数据的距离，和另一份同样大小的真实数据（下限）一样近，"
        "差距在下限的噪声范围之内。"),
    "diffusion.steps_info": f"{STEPS.lo} 到 {STEPS.hi}：更大的数会被拒绝，而不是被截成 {STEPS.hi}",
    "diffusion.tab": "DDPM 与 DDIM",
    "diffusion.explain": (
        "**你看到的是什么。** 同一个训练好的噪声预测器 $\\epsilon_\\theta(x_t, t)$，两种采样器，同一个初始噪声 "
        "$x_T$。DDPM（Ho 等，2020）逐步进行祖先采样，需要很多步；DDIM（Song 等，2021）采用如下更新\n\n"
        "$$\\begin{aligned}x_{t-1} &= \\sqrt{\\bar\\alpha_{t-1}}\\,\\hat x_0 \\\\ &\\quad + "
        "\\sqrt{1-\\bar\\alpha_{t-1}-\\sigma_t^2}\\,\\epsilon_\\theta(x_t,t) + \\sigma_t z,\\end{aligned}$$\n\n"
        "$$\\hat x_0 = \\frac{x_t - \\sqrt{1-\\bar\\alpha_t}\\,\\epsilon_\\theta(x_t,t)}{\\sqrt{\\bar\\alpha_t}},$$\n\n"
        "其中\n\n$$\\sigma_t = \\eta\\,\\sqrt{(1-\\bar\\alpha_{t-1})/(1-\\bar\\alpha_t)}\\,"
        "\\sqrt{1-\\bar\\alpha_t/\\bar\\alpha_{t-1}}$$\n\n$\\eta=0$（$\\sigma_t = 0$）时这一步是确定性的；$\\eta=1$ 与 DDPM 的方差相同。"
        "减少步数，观察 DDPM 先崩溃。指标旁边给出噪声下限：两份同样大小、相互独立的真实样本之间的距离。"
    ),
    "diffusion.points": "二维点",
    "diffusion.digits": "手写数字",
    "diffusion.table1": "质量与步数（DDIM 表 1）",
    "diffusion.dataset": "数据集",
    "diffusion.draw": "自己画数据（数据集选择 'drawing'）",
    "diffusion.source": "模型",
    "diffusion.source_shipped": "预训练检查点",
    "diffusion.source_live": "我现场训练的模型",
    "diffusion.steps": "步数",
    "diffusion.eta": "DDIM η",
    "diffusion.n_points": "点数",
    "diffusion.seed": "随机种子",
    "diffusion.sample": "用 DDPM 和 DDIM 采样",
    "diffusion.samples": "样本（灰色：真实数据）",
    "diffusion.stats": "并排对比",
    "diffusion.trajectories": "从相同起点出发的轨迹",
    "diffusion.train_steps": "训练更新次数",
    "diffusion.train": "现场训练 / 继续",
    "diffusion.pause": "暂停",
    "diffusion.step": "单步（50 次更新）",
    "diffusion.reset": "重置",
    "diffusion.loss": "训练损失",
    "diffusion.live_samples": "当前样本（DDIM，20 步）",
    "diffusion.train_status": "训练状态",
    "diffusion.class": "类别",
    "diffusion.class_any": "任意",
    "diffusion.n_images": "图像数",
    "diffusion.generate": "用 DDPM 和 DDIM 生成",
    "diffusion.ddpm_images": "**DDPM**",
    "diffusion.ddim_images": "**DDIM**",
    "diffusion.filmstrip": "**第一个数字的胶片条**（均匀间隔的各步）：当前的 $x_t$ 与预测的 $\\hat x_0$",
    "diffusion.table1_explain": (
        "样本质量随步数的变化，对应 DDIM 论文的表 1。左：玩具数据集上 2000 个点的切片 W2；右：200 个数字在分类器"
        "特征空间中的 Fréchet 距离。越低越好；虚线为噪声下限。保存的曲线由 `python benchmarks/ddim_table1.py` "
        "计算；按钮会现场重新计算一个较小的二维版本。"
    ),
    "diffusion.table1_points": "二维（已保存）",
    "diffusion.table1_digits": "手写数字（已保存）",
    "diffusion.recompute": "现场重新计算小规模版本（500 个点，最多 100 步）",
    "diffusion.table1_live": "现场计算结果",
}

EN.update({  # the Table 1 charts (written by handlers through ``tr``)
    "diffusion.t1_floor_w2": "floor: real vs real, same size (grey band: 95%)",
    "diffusion.t1_floor_frechet": "floor: held-out vs held-out, 180 each (grey band: 95%)",
    "diffusion.t1_w2": "sliced W2", "diffusion.t1_frechet": "Fréchet distance",
    "diffusion.t1_ddpm": "DDPM (= DDIM η=1: same noise, same variance)", "diffusion.t1_band": "floor 95%",
    "diffusion.t1_title": "{title}<br>lower is better · bars: 95% interval", "diffusion.t1_steps": "steps (log scale)",
    "diffusion.track_2d": "2D · {dataset}",
    "diffusion.t1_digits": "digits", "diffusion.t1_live": "2D · {dataset} · 500 points (live)",
    "diffusion.t1_floor_note": (
        "**A point in the grey band, or under the dashed floor,** is not better than real data: those samples are "
        "as close to the data as a second draw of real data (for digits: one held-out half against the other), "
        "and the gap is within the floor's noise."),
})
ZH.update({
    "diffusion.t1_floor_w2": "下限：真实对真实，同样本量（灰带：95%）",
    "diffusion.t1_floor_frechet": "下限：留出对留出，各 180 个（灰带：95%）",
    "diffusion.t1_w2": "切片 W2", "diffusion.t1_frechet": "Fréchet 距离",
    "diffusion.t1_ddpm": "DDPM（= DDIM η=1：相同噪声、相同方差）", "diffusion.t1_band": "下限 95%",
    "diffusion.t1_title": "{title}<br>越低越好 · 误差棒：95% 区间", "diffusion.t1_steps": "步数（对数刻度）",
    "diffusion.track_2d": "二维 · {dataset}",
    "diffusion.t1_digits": "手写数字", "diffusion.t1_live": "二维 · {dataset} · 500 个点（现场计算）",
    "diffusion.t1_floor_note": (
        "**落在灰带内或虚线下限之下的点** 并不表示比真实数据更好：这些样本与数据的距离，和另一份真实数据（手写数字："
        "两半留出数据互相比较）一样近，差距在下限的噪声范围之内。"),
})

STRINGS = {loc: {**table, **FRAMEWORK[loc], **SAMPLERS_TEXT[loc]} for loc, table in (("en", EN), ("zh-CN", ZH))}
