"""English and Simplified Chinese text of the Compare tab."""

EN = {
    "compare.tab": "Compare",
    "compare.explain": (
        "Every family of the lab on the **same 8×8 digits**, scored under **one convention**: how many bits a model "
        "needs per pixel to encode the 360 held-out test digits. Lower is better; each figure carries its 95% "
        "interval and says whether it is **exact**, a **bound** or an **estimate**."
    ),
    "compare.digits_tab": "Digits: one likelihood table",
    "compare.convention": (
        "**The convention.** A digit is $x \\in \\{0,\\dots,16\\}^{64}$ (17 levels). A discrete model gives "
        "$P(x)$ and scores $-\\log_2 P(x)/64$ bits per pixel. A continuous model (flow, diffusion, rectified flow) "
        "gives a density $p$ on real vectors: the level $k$ becomes $x = a + w\\,(k+u)$, $u \\sim U[0,1)^{64}$ "
        "(uniform dequantization into the level's bin of width $w$), and since "
        "$P(k) = w^{64}\\,\\mathbb{E}_u\\,p(x) \\ge w^{64} \\exp \\mathbb{E}_u \\ln p(x)$,\n\n"
        "$$\\text{bits per pixel} \\le -\\tfrac{1}{64}\\,\\mathbb{E}_u \\log_2 p(x) - \\log_2 w.$$\n\n"
        "On data in $[-1, 1]$ cut into 17 bins ($w = 2/17$) the last term is $\\log_2 17 - 1$, the scaling's "
        "Jacobian: a density uniform on $[-1,1]^{64}$ scores exactly $\\log_2 17 = 4.087$, the uniform baseline. "
        "The lab's UNets learnt $x = k/8 - 1$, so their bins are $w = 1/8$ (the term is $+3$); the digits flow "
        "models $v = k + u$ itself ($w = 1$)."
    ),
    "compare.table_bits": "Bits per pixel of the 17-level digits, best first (360 test digits unless the kind says so)",
    "compare.table_quality": "Sample quality: Fréchet distance to held-out digits (its floor: two halves of real digits)",
    "compare.table_other": "Figures in another unit (not comparable with the first table)",
    "compare.table_none": "Models without a likelihood",
    "compare.details_head": "#### Behind the figures",
    "compare.table_iwae": "VAEs: the importance-weighted bound tightens as k grows (k = 1 is the ELBO)",
    "compare.table_ode": "Probability-flow ODE: exact divergence beside Hutchinson's estimate (bits per pixel)",
    "compare.table_ddpm": "DDPM's variational bound, term by term (bits per pixel)",
    "compare.notes": (
        "**How each row is computed.** Autoregressive: $\\prod_i p(x_i \\mid x_{<i})$ in one pass. Flow: its "
        "exact density, dequantized. VAE: $\\mathcal{L}_k = \\mathbb{E}\\,\\ln \\frac{1}{k}\\sum_i "
        "\\frac{p(x, z_i)}{q(z_i \\mid x)}$ (Burda et al. 2016), a lower bound on $\\ln p(x)$ for every $k$. "
        "Diffusion: DDPM's bound $L_T + \\sum_{t \\ge 2} L_{t-1} + L_0$ with its discrete decoder (Ho et al. 2020; "
        "the sum over $t$ estimated with one $t$ in each of 50 strata), and the probability-flow ODE "
        "$\\ln p_0(x) = \\ln p_1(x_1) + \\int_0^1 \\nabla\\!\\cdot f\\,dt$ (Song et al. 2021), whose divergence is "
        "exact (64 backward passes) or Hutchinson's $\\mathbb{E}[\\epsilon^\\top J \\epsilon]$ (one probe held "
        "along each path: an unbiased estimate). The class-conditional UNets are scored unconditionally: with "
        "their null class, or as the mixture $\\frac{1}{10}\\sum_c p(x \\mid c)$ where no null class was "
        "trained. Parzen: a Gaussian kernel on samples, bandwidth chosen on validation digits; Theis et al. "
        "2016 showed it can rank models wrongly: the training set itself beats them."
    ),
    "compare.refresh": "Reload the table",
    "compare.no_table": "The table has not been computed yet: run `python benchmarks/bench_compare.py`.",
    "compare.live_head": "#### Recompute one row from the weights",
    "compare.live_model": "Model",
    "compare.live_model_ar-pixelcnn": "gated PixelCNN (exact)",
    "compare.live_model_ar-made": "MADE, 8 orderings (exact)",
    "compare.live_model_flow-digits": "RealNVP flow (dequantized bound)",
    "compare.live_model_vae-digits-logistic": "VAE, discretized logistic (IWAE k = 100)",
    "compare.live_model_rf-digits-1": "rectified flow (ODE, Hutchinson)",
    "compare.live_digits_slider": "Test digits (the first n)",
    "compare.live_probes": "Hutchinson probes (ODE row only)",
    "compare.live_run": "Recompute",
    "compare.table_live": "Live figure beside the table's",
    "compare.live_value": "figure [95%] ({unit})",
    "compare.live_digits": "test digits",
    "compare.live_kind": "kind",
    "compare.live_probe_sd": "spread of one probe (bits per pixel)",
    "compare.live_caption": "**{model}** on the first {n} test digits, recomputed in {seconds:.1f} s.",
    "compare.hdr_model": "model",
    "compare.hdr_bits": "bits per pixel [95%]",
    "compare.hdr_kind": "kind",
    "compare.hdr_note": "how",
    "compare.hdr_value": "value [95%]",
    "compare.hdr_unit": "unit",
    "compare.hdr_why": "why not",
    "compare.hdr_frechet": "Fréchet [95%]",
    "compare.hdr_floor": "floor [95%]",
    "compare.hdr_accuracy": "class accuracy or confidence",
    "compare.hdr_k": "samples k",
    "compare.hdr_measure": "measure",
    "compare.hdr_term": "term",
    "compare.hdr_live": "live",
    "compare.hdr_table": "table (benchmark)",
    "compare.kind_exact": "exact",
    "compare.kind_bound": "bound",
    "compare.kind_estimate": "estimate",
    "compare.kind_none": "none",
    "compare.kind_subsample": " ({n} digits)",
    "compare.unit_bpp": "bits per pixel",
    "compare.unit_nats_binary": "nats per binary image",
    "compare.unit_nats_bernoulli": "nats per image, Bernoulli",
    "compare.note_uniform": "baseline: 1/17 per level",
    "compare.note_independent": "baseline: one categorical per pixel",
    "compare.note_exact": "chain rule",
    "compare.note_ensemble": "chain rule, mixture of 8 orderings",
    "compare.note_binary": "binary digits (level ≥ 8): another space",
    "compare.note_dequantized": "exact density, dequantized (w = 1)",
    "compare.note_iwae": "IWAE, k = 1000",
    "compare.note_bernoulli": "IWAE k = 1000 of a Bernoulli decoder on grey levels: no probability of the 17 levels",
    "compare.note_ddpm_vlb": "variational bound, discrete decoder",
    "compare.note_ode": "probability-flow ODE, null class, Hutchinson (1 probe)",
    "compare.note_ode_mixture": "probability-flow ODE, mixture of the 10 classes, Hutchinson (1 probe)",
    "compare.note_parzen": "Parzen window on 1,000 samples",
    "compare.note_parzen_train": "Parzen window on the training digits themselves",
    "compare.note_gan": "a GAN's generator maps 32 noise dimensions onto a thin set of images: no density to "
                        "evaluate (sample quality only)",
    "compare.note_vq": "deterministic decoder: p(x) is a sum of point masses at the decoded code maps, zero on "
                       "almost every test digit",
    "compare.note_vq_prior": "the code prior gives P(codes), but the decoder is deterministic: no P(x) of a test digit",
    "compare.accuracy": "accuracy {v}",
    "compare.confidence": "confidence {v}",
    "compare.iwae_column": "{model} ({unit})",
    "compare.ode_digits": "test digits",
    "compare.ode_exact": "exact divergence",
    "compare.ode_probes": "Hutchinson, {p} probe(s)",
    "compare.ode_error_sd": "spread of the {p}-probe error",
    "compare.ode_solver": "solver error (Heun, steps halved)",
    "compare.ode_solver_cell": "{err:.4f} ({steps} steps)",
    "compare.term_prior": "L_T: prior KL",
    "compare.term_diffusion": "Σ L_(t-1), t = 2…1000 ({strata} strata)",
    "compare.term_decoder": "L_0: discrete decoder",
    "compare.term_total": "total (the bound)",
    "compare.chart_title": "Likelihood and sample quality rank models differently",
    "compare.chart_x": "Fréchet distance to held-out digits (lower is better)",
    "compare.chart_y": "bits per pixel (lower is better)",
    "compare.chart_floor": "floor",
    "compare.verdict_bits": "**Best likelihood:** {model}, {v:.3f} bits per pixel ({kind}).",
    "compare.verdict_frechet": "**Best samples:** {model}, Fréchet {v:.1f} (floor {floor:.1f}).",
    "compare.verdict_parzen": "**Theis et al.'s lesson:** under the Parzen estimate the training digits "
                              "themselves score {v:.3f}, better than any model's samples ({model}: {other:.3f}): a "
                              "model that memorised its training set would win. And the estimate is far from the "
                              "truth in 64 dimensions: the best exact or bounded figure is {best:.3f}.",
}

ZH = {
    "compare.tab": "比较",
    "compare.explain": (
        "实验室里的每一类模型都在**同一组 8×8 数字**上、按**同一个约定**打分：编码 360 个留出测试数字平均每个像素需要多少比特。"
        "越低越好；每个数都带 95% 区间，并注明它是**精确值**、**界**还是**估计**。"
    ),
    "compare.digits_tab": "数字：一张似然表",
    "compare.convention": (
        "**约定。** 一个数字是 $x \\in \\{0,\\dots,16\\}^{64}$（17 个灰度级）。离散模型给出 $P(x)$，得分为每像素 "
        "$-\\log_2 P(x)/64$ 比特。连续模型（流、扩散、整流）给出实向量上的密度 $p$：灰度级 $k$ 变为 "
        "$x = a + w\\,(k+u)$，$u \\sim U[0,1)^{64}$（均匀去量化到宽度为 $w$ 的区间），由于 "
        "$P(k) = w^{64}\\,\\mathbb{E}_u\\,p(x) \\ge w^{64} \\exp \\mathbb{E}_u \\ln p(x)$，\n\n"
        "$$\\text{每像素比特} \\le -\\tfrac{1}{64}\\,\\mathbb{E}_u \\log_2 p(x) - \\log_2 w.$$\n\n"
        "若数据在 $[-1, 1]$ 内并切成 17 个区间（$w = 2/17$），最后一项为 $\\log_2 17 - 1$，即缩放的雅可比项："
        "在 $[-1,1]^{64}$ 上均匀的密度恰好得 $\\log_2 17 = 4.087$，与均匀基线相同。实验室的 UNet 学的是 "
        "$x = k/8 - 1$，所以区间宽 $w = 1/8$（该项为 $+3$）；数字流直接建模 $v = k + u$（$w = 1$）。"
    ),
    "compare.table_bits": "17 级数字的每像素比特，从好到差（除非“类型”注明，均为 360 个测试数字）",
    "compare.table_quality": "样本质量：与留出数字的 Fréchet 距离（下限：两半真实数字之间的距离）",
    "compare.table_other": "其他单位的数（不能与第一张表比较）",
    "compare.table_none": "没有似然的模型",
    "compare.details_head": "#### 数字背后",
    "compare.table_iwae": "VAE：重要性加权界随 k 增大而收紧（k = 1 即 ELBO）",
    "compare.table_ode": "概率流 ODE：精确散度与 Hutchinson 估计并列（每像素比特）",
    "compare.table_ddpm": "DDPM 变分界的各项（每像素比特）",
    "compare.notes": (
        "**每一行怎么算。** 自回归：一次前向得到 $\\prod_i p(x_i \\mid x_{<i})$。流：精确密度，去量化。"
        "VAE：$\\mathcal{L}_k = \\mathbb{E}\\,\\ln \\frac{1}{k}\\sum_i \\frac{p(x, z_i)}{q(z_i \\mid x)}$"
        "（Burda 等 2016），对任意 $k$ 都是 $\\ln p(x)$ 的下界。扩散：带离散解码器的 DDPM 界 "
        "$L_T + \\sum_{t \\ge 2} L_{t-1} + L_0$（Ho 等 2020；对 $t$ 的求和在 50 个分层中各取一个 $t$ 估计），"
        "以及概率流 ODE $\\ln p_0(x) = \\ln p_1(x_1) + \\int_0^1 \\nabla\\!\\cdot f\\,dt$（Song 等 2021），"
        "其散度或精确计算（64 次反向传播），或用 Hutchinson 的 $\\mathbb{E}[\\epsilon^\\top J \\epsilon]$"
        "（每条路径固定一个探针：无偏估计）。类别条件的 UNet 按无条件打分：用其空类别；若未训练空类别，则用混合 "
        "$\\frac{1}{10}\\sum_c p(x \\mid c)$。Parzen：在样本上放高斯核，带宽在验证数字上选定；Theis 等 2016 "
        "指出它会把模型排错：训练集本身就能胜过它们。"
    ),
    "compare.refresh": "重新载入表格",
    "compare.no_table": "表格还没有计算：请运行 `python benchmarks/bench_compare.py`。",
    "compare.live_head": "#### 用权重重新计算一行",
    "compare.live_model": "模型",
    "compare.live_model_ar-pixelcnn": "门控 PixelCNN（精确）",
    "compare.live_model_ar-made": "MADE，8 种顺序（精确）",
    "compare.live_model_flow-digits": "RealNVP 流（去量化的界）",
    "compare.live_model_vae-digits-logistic": "VAE，离散逻辑斯蒂解码器（IWAE k = 100）",
    "compare.live_model_rf-digits-1": "整流（ODE，Hutchinson）",
    "compare.live_digits_slider": "测试数字（前若干个）",
    "compare.live_probes": "哈钦森探针数（仅常微分方程行）",
    "compare.live_run": "重新计算",
    "compare.table_live": "实时结果与表中结果并列",
    "compare.live_value": "数值 [95%]（{unit}）",
    "compare.live_digits": "测试数字数",
    "compare.live_kind": "类型",
    "compare.live_probe_sd": "单个探针的离散度（每像素比特）",
    "compare.live_caption": "**{model}** 在前 {n} 个测试数字上，重新计算用时 {seconds:.1f} 秒。",
    "compare.hdr_model": "模型",
    "compare.hdr_bits": "每像素比特 [95%]",
    "compare.hdr_kind": "类型",
    "compare.hdr_note": "算法",
    "compare.hdr_value": "数值 [95%]",
    "compare.hdr_unit": "单位",
    "compare.hdr_why": "原因",
    "compare.hdr_frechet": "Fréchet [95%]",
    "compare.hdr_floor": "下限 [95%]",
    "compare.hdr_accuracy": "类别准确率或置信度",
    "compare.hdr_k": "样本数 k",
    "compare.hdr_measure": "度量",
    "compare.hdr_term": "项",
    "compare.hdr_live": "实时",
    "compare.hdr_table": "表中（基准）",
    "compare.kind_exact": "精确",
    "compare.kind_bound": "界",
    "compare.kind_estimate": "估计",
    "compare.kind_none": "无",
    "compare.kind_subsample": "（{n} 个数字）",
    "compare.unit_bpp": "每像素比特",
    "compare.unit_nats_binary": "每张二值图的奈特",
    "compare.unit_nats_bernoulli": "每张图的奈特（伯努利）",
    "compare.note_uniform": "基线：每级 1/17",
    "compare.note_independent": "基线：每个像素一个类别分布",
    "compare.note_exact": "链式法则",
    "compare.note_ensemble": "链式法则，8 种顺序的混合",
    "compare.note_binary": "二值数字（灰度 ≥ 8）：另一个空间",
    "compare.note_dequantized": "精确密度，去量化（w = 1）",
    "compare.note_iwae": "IWAE，k = 1000",
    "compare.note_bernoulli": "灰度上伯努利解码器的 IWAE（k = 1000）：不是 17 级上的概率",
    "compare.note_ddpm_vlb": "变分界，离散解码器",
    "compare.note_ode": "概率流 ODE，空类别，Hutchinson（1 个探针）",
    "compare.note_ode_mixture": "概率流 ODE，10 个类别的混合，Hutchinson（1 个探针）",
    "compare.note_parzen": "在 1000 个样本上的 Parzen 窗",
    "compare.note_parzen_train": "直接在训练数字上的 Parzen 窗",
    "compare.note_gan": "GAN 的生成器把 32 维噪声映射到图像空间中很薄的一个集合：没有可计算的密度（只有样本质量）",
    "compare.note_vq": "解码器是确定性的：p(x) 是解码出的码图处的点质量之和，在几乎所有测试数字上为零",
    "compare.note_vq_prior": "码先验给出 P(码)，但解码器是确定性的：测试数字没有 P(x)",
    "compare.accuracy": "准确率 {v}",
    "compare.confidence": "置信度 {v}",
    "compare.iwae_column": "{model}（{unit}）",
    "compare.ode_digits": "测试数字数",
    "compare.ode_exact": "精确散度",
    "compare.ode_probes": "Hutchinson，{p} 个探针",
    "compare.ode_error_sd": "{p} 个探针时误差的离散度",
    "compare.ode_solver": "求解器误差（Heun，步长减半）",
    "compare.ode_solver_cell": "{err:.4f}（{steps} 步）",
    "compare.term_prior": "L_T：先验 KL",
    "compare.term_diffusion": "Σ L_(t-1)，t = 2…1000（{strata} 层）",
    "compare.term_decoder": "L_0：离散解码器",
    "compare.term_total": "合计（即这个界）",
    "compare.chart_title": "似然与样本质量给出的排名不同",
    "compare.chart_x": "与留出数字的 Fréchet 距离（越低越好）",
    "compare.chart_y": "每像素比特（越低越好）",
    "compare.chart_floor": "下限",
    "compare.verdict_bits": "**似然最好：** {model}，每像素 {v:.3f} 比特（{kind}）。",
    "compare.verdict_frechet": "**样本最好：** {model}，Fréchet {v:.1f}（下限 {floor:.1f}）。",
    "compare.verdict_parzen": "**Theis 等人的教训：** 在 Parzen 估计下，训练数字本身得分 {v:.3f}，比任何模型的样本都好"
                              "（{model}：{other:.3f}）：一个背下训练集的模型会赢。而且在 64 维中这个估计离真值很远："
                              "最好的精确值或界是 {best:.3f}。",
}

STRINGS = {"en": EN, "zh-CN": ZH}
