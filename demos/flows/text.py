"""English and Simplified Chinese text of the normalizing flows tab."""

EN = {
    "flows.tab": "Normalizing flows",
    "flows.explain": (
        "**What you see.** A flow is an invertible map $z = f(x)$ built from simple layers, so the likelihood "
        "is exact by the change of variables\n\n"
        "$$\\begin{aligned}\\log p(x) &= \\log \\mathcal N(f(x); 0, I) \\\\ &\\quad + \\sum_k "
        "\\log\\left|\\det \\frac{\\partial h_k}{\\partial h_{k-1}}\\right|.\\end{aligned}$$\n\n"
        "NICE (Dinh et al. 2015) uses additive couplings $z_b = x_b + m(x_a)$ (unit Jacobian) and one diagonal "
        "scaling; RealNVP (Dinh et al. 2017) affine couplings $z_b = x_b \\odot e^{s(x_a)} + t(x_a)$; Glow "
        "(Kingma & Dhariwal 2018) adds actnorm and an invertible linear mixing (its 1×1 convolution is a 2×2 "
        "matrix here). Evaluate a flow, scrub through its layers, or train one live."
    ),
    "flows.points": "2D sandbox",
    "flows.digits": "Digits",
    "flows.dataset": "Dataset",
    "flows.source": "Flow",
    "flows.source_shipped": "shipped (8gaussians)",
    "flows.source_live": "my live-trained flow",
    "flows.kind": "Architecture",
    "flows.draw": "Draw your own data (choose dataset 'drawing')",
    "flows.evaluate": "Evaluate: exact likelihood and log-determinant",
    "flows.eval_plot": "Held-out data, model density and log|det J|",
    "flows.stats": "Exact likelihood on held-out points",
    "flows.layers_head": "### Layer by layer: data → Gaussian and back",
    "flows.layer": "Stage (0: data space, last: latent)",
    "flows.n_points": "Points",
    "flows.seed": "Seed",
    "flows.show_layers": "Show layers",
    "flows.layers_plot": "One stage of the flow",
    "flows.layer_caption": "Layer",
    "flows.live_head": "### Live training (maximum likelihood)",
    "flows.num_layers": "Layers (Glow: steps) of the live flow",
    "flows.train_steps": "Training updates",
    "flows.train": "Train live / resume",
    "flows.pause": "Pause",
    "flows.step": "Step (50 updates)",
    "flows.reset": "Reset",
    "flows.train_status": "Training status",
    "flows.nll": "Training NLL",
    "flows.live_density": "Data and the live model's density",
    "flows.temperature": "Temperature T (samples f⁻¹(T z))",
    "flows.n_images": "Digits",
    "flows.sample": "Sample digits",
    "flows.samples": "Samples",
    "flows.digit_stats": "Digits flow",
    "flows.index_a": "First test digit",
    "flows.index_b": "Second test digit",
    "flows.interp_steps": "Images in the strip",
    "flows.interpolate": "Interpolate in latent space",
    "flows.strip": "Latent interpolation (left: first digit, right: second)",
    "flows.digits_explain": (
        "A RealNVP on sklearn's 8×8 digits (17 pixel levels), uniformly dequantized: it models $v = k + u$, "
        "$u \\sim U[0,1)^{64}$, so its test bits per dimension bound the discrete code length (a uniform model "
        "scores $\\log_2 17 = 4.09$). Lower the temperature to trade diversity for cleaner digits."
    ),
}

ZH = {
    "flows.tab": "标准化流",
    "flows.explain": (
        "**你看到的是什么。** 流是由简单层组成的可逆映射 $z = f(x)$，因此由变量替换公式可得精确似然\n\n"
        "$$\\begin{aligned}\\log p(x) &= \\log \\mathcal N(f(x); 0, I) \\\\ &\\quad + \\sum_k "
        "\\log\\left|\\det \\frac{\\partial h_k}{\\partial h_{k-1}}\\right|.\\end{aligned}$$\n\n"
        "NICE（Dinh 等 2015）使用加性耦合 $z_b = x_b + m(x_a)$（雅可比行列式为 1）和一个对角缩放层；RealNVP"
        "（Dinh 等 2017）使用仿射耦合 $z_b = x_b \\odot e^{s(x_a)} + t(x_a)$；Glow（Kingma 与 Dhariwal 2018）"
        "加入 actnorm 和可逆线性混合（其 1×1 卷积在这里是 2×2 矩阵）。可以评估一个流、逐层查看，或实时训练一个。"
    ),
    "flows.points": "二维沙盒",
    "flows.digits": "手写数字",
    "flows.dataset": "数据集",
    "flows.source": "流模型",
    "flows.source_shipped": "预训练（8gaussians）",
    "flows.source_live": "我实时训练的流",
    "flows.kind": "架构",
    "flows.draw": "画出你自己的数据（数据集选 'drawing'）",
    "flows.evaluate": "评估：精确似然与对数行列式",
    "flows.eval_plot": "留出数据、模型密度与 log|det J|",
    "flows.stats": "留出点上的精确似然",
    "flows.layers_head": "### 逐层查看：数据 → 高斯，再回来",
    "flows.layer": "阶段（0：数据空间，最后：隐空间）",
    "flows.n_points": "点数",
    "flows.seed": "随机种子",
    "flows.show_layers": "显示各层",
    "flows.layers_plot": "流的某一阶段",
    "flows.layer_caption": "层",
    "flows.live_head": "### 实时训练（最大似然）",
    "flows.num_layers": "实时流的层数（Glow：步数）",
    "flows.train_steps": "训练更新次数",
    "flows.train": "实时训练 / 继续",
    "flows.pause": "暂停",
    "flows.step": "单步（50 次更新）",
    "flows.reset": "重置",
    "flows.train_status": "训练状态",
    "flows.nll": "训练负对数似然",
    "flows.live_density": "数据与实时模型的密度",
    "flows.temperature": "温度 T（样本 f⁻¹(T z)）",
    "flows.n_images": "数字个数",
    "flows.sample": "采样数字",
    "flows.samples": "样本",
    "flows.digit_stats": "数字流模型",
    "flows.index_a": "第一个测试数字",
    "flows.index_b": "第二个测试数字",
    "flows.interp_steps": "插值图像数",
    "flows.interpolate": "在隐空间插值",
    "flows.strip": "隐空间插值（左：第一个数字，右：第二个）",
    "flows.digits_explain": (
        "在 sklearn 的 8×8 数字（17 个像素级别）上训练的 RealNVP，使用均匀去量化：它建模 $v = k + u$，"
        "$u \\sim U[0,1)^{64}$，因此测试集每维比特数是离散编码长度的上界（均匀模型为 $\\log_2 17 = 4.09$）。"
        "降低温度可以用多样性换取更清晰的数字。"
    ),
}

EN.update({  # figures, tables and status lines (written by handlers through ``tr``)
    "flows.fig_heldout": "held-out data", "flows.fig_model_density": "model density<br>exp(log p(x))",
    "flows.fig_data_space": "data space", "flows.fig_latent_space": "latent space",
    "flows.fig_after_layer": "after layer {k}", "flows.fig_grid": "grid", "flows.fig_data_f": "data → f",
    "flows.fig_data_grid": "data and grid<br>{where}", "flows.fig_pulled_back": "N(0, I) pulled back<br>{where}",
    "flows.layer_additive_coupling": "additive coupling", "flows.layer_affine_coupling": "affine coupling",
    "flows.layer_scaling": "scaling", "flows.layer_actnorm": "actnorm", "flows.layer_invertible_linear": "invertible linear",
    "flows.layer_logit": "logit",
    "flows.fig_train_nll": "training NLL", "flows.fig_no_updates": "no updates yet: press Train live",
    "flows.fig_no_density": "live model's density:<br>press Train live", "flows.fig_update": "update", "flows.fig_nll_axis": "NLL (nats / point)",
    "flows.fig_true_nll": "true density's NLL", "flows.fig_data": "data",
    "flows.fig_live_density": "model density<br>update {step}",
    "flows.hdr_quantity": "quantity", "flows.hdr_value": "value [95%]",
    "flows.row_points": "held-out points", "flows.row_nll": "model NLL (nats/point)",
    "flows.row_floor": "true density's NLL (floor)", "flows.row_gap": "gap (nats)",
    "flows.row_bpd": "test bits/dim (dequantized)", "flows.row_uniform": "uniform model's bits/dim (log2 17)",
    "flows.row_confidence": "classifier confidence of these samples",
    "flows.caption": "stage {k} of {n} · {name} · layers: {layers}",
    "flows.status": "{name} · {kind} × {layers} · {it:,} / {total:,} updates",
    "flows.status_rate": " · NLL {nll} · {rate:.0f} updates/s",
    "flows.status_chosen": "{name} · {kind} × {layers} chosen · Train live starts it",
})
ZH.update({
    "flows.fig_heldout": "留出数据", "flows.fig_model_density": "模型密度<br>exp(log p(x))",
    "flows.fig_data_space": "数据空间", "flows.fig_latent_space": "隐空间",
    "flows.fig_after_layer": "第 {k} 层之后", "flows.fig_grid": "网格", "flows.fig_data_f": "数据 → f",
    "flows.fig_data_grid": "数据与网格<br>{where}", "flows.fig_pulled_back": "拉回的高斯样本<br>{where}",
    "flows.layer_additive_coupling": "加性耦合", "flows.layer_affine_coupling": "仿射耦合",
    "flows.layer_scaling": "缩放", "flows.layer_actnorm": "actnorm（激活归一化）", "flows.layer_invertible_linear": "可逆线性",
    "flows.layer_logit": "logit",
    "flows.fig_train_nll": "训练负对数似然", "flows.fig_no_updates": "尚未更新：请按“实时训练”",
    "flows.fig_no_density": "实时模型的密度：<br>请按“实时训练”", "flows.fig_update": "更新次数",
    "flows.fig_nll_axis": "负对数似然（奈特 / 点）",
    "flows.fig_true_nll": "真实密度的负对数似然", "flows.fig_data": "数据",
    "flows.fig_live_density": "模型密度<br>第 {step} 次更新",
    "flows.hdr_quantity": "量", "flows.hdr_value": "值 [95%]",
    "flows.row_points": "留出点数", "flows.row_nll": "模型负对数似然（奈特/点）",
    "flows.row_floor": "真实密度的负对数似然（下限）", "flows.row_gap": "差距（奈特，逐点配对）",
    "flows.row_bpd": "测试集比特/维（去量化）", "flows.row_uniform": "均匀模型的比特/维（log2 17）",
    "flows.row_confidence": "分类器对这些样本的置信度",
    "flows.caption": "第 {k} / {n} 阶段 · {name} · 各层：{layers}",
    "flows.status": "{name} · {kind} × {layers} · {it:,} / {total:,} 次更新",
    "flows.status_rate": " · 负对数似然 {nll} · 每秒 {rate:.0f} 次更新",
    "flows.status_chosen": "已选择 {name} · {kind} × {layers} · 按“实时训练”开始训练",
})

STRINGS = {"en": EN, "zh-CN": ZH}
