"""English and Simplified Chinese text of the VAE tab."""

EN = {
    "vae.tab": "VAE",
    "vae.explain": (
        "**What you see.** A variational autoencoder (Kingma & Welling 2014) learns an encoder "
        "$q_\\phi(z|x)=\\mathcal N(\\mu_\\phi(x), \\mathrm{diag}\\,\\sigma^2_\\phi(x))$ and a decoder $p_\\theta(x|z)$ by "
        "maximising the evidence lower bound\n\n"
        "$$\\begin{aligned}\\log p(x) \\ge \\mathrm{ELBO} &= \\mathbb E_{q_\\phi(z|x)}[\\log p_\\theta(x|z)] \\\\ "
        "&\\quad - \\beta\\,\\mathrm{KL}(q_\\phi(z|x)\\,\\|\\,\\mathcal N(0, I)),\\end{aligned}$$\n\n"
        "$$z = \\mu + \\sigma\\odot\\epsilon,\\quad \\epsilon\\sim\\mathcal N(0, I).$$\n\n"
        "Decoder likelihood on digits: Bernoulli on pixels mapped to [0, 1] (grey levels as soft targets), so every "
        "term is in nats per 8x8 digit on the 360 test digits; the ELBO is reported at $\\beta = 1$ (a true bound). "
        "$\\beta > 1$ (Higgins et al. 2017) buys a smoother latent space with blurrier reconstructions."
    ),
    "vae.plane_tab": "Latent plane (2D)",
    "vae.samples_tab": "16-d VAE samples",
    "vae.estimators_tab": "Gradient estimators",
    "vae.vq_tab": "VQ-VAE",
    "vae.live_tab": "2D data, trained live",
    "vae.model": "Model (β)",
    "vae.plane": "Test digits at their posterior means μ(x); click to decode",
    "vae.plane_axes": "z₁ runs left to right, z₂ bottom to top, over the square shown in the status line.",
    "vae.z1": "z₁",
    "vae.z2": "z₂",
    "vae.decode": "Decode (z₁, z₂)",
    "vae.decoded": "Decoded digit at (z₁, z₂)",
    "vae.pick_status": "Pick",
    "vae.beta_table": "Test set, nats per digit, each figure with its 95% interval [low, high] (ELBO at β = 1)",
    "vae.beta_quality": "Reconstructions: MSE per pixel and the shipped classifier's accuracy, with 95% intervals",
    "vae.beta_figure": "The β trade-off",
    "vae.manifold_head": "### The manifold (Kingma & Welling, Figure 4)",
    "vae.grid_side": "Grid side",
    "vae.extent": "Half-width of the square",
    "vae.draw_manifold": "Draw the manifold",
    "vae.manifold": "Digits decoded on a grid over the plane (z₂ high at the top)",
    "vae.interp_head": "### Interpolation: latent space against pixel space",
    "vae.index_a": "First test digit",
    "vae.index_b": "Second test digit",
    "vae.interp_steps": "Steps",
    "vae.interpolate": "Interpolate",
    "vae.interp_image": "Top row: decoded along the line between μ(x_a) and μ(x_b). Bottom row: the pixel blend.",
    "vae.recon_head": "### Reconstructions",
    "vae.recon_model": "Model",
    "vae.n_digits": "Digits",
    "vae.start": "First test digit",
    "vae.reconstruct": "Reconstruct",
    "vae.recon_image": "Odd rows: test digits. Even rows: decode(μ(x)).",
    "vae.recon_status": "Classifier on the reconstructions",
    "vae.samples_explain": (
        "Samples $x = \\mathrm{decode}(s\\,z)$, $z\\sim\\mathcal N(0, I_{16})$ of the 16-d VAE ($s = 1$ samples the prior). "
        "The bars are the test-set KL of each latent dimension: a dimension near 0 nats carries no information "
        "(posterior collapse)."
    ),
    "vae.n_samples": "Samples",
    "vae.seed": "Seed",
    "vae.scale": "Latent scale s",
    "vae.sample": "Sample",
    "vae.samples": "Samples of the 16-d VAE",
    "vae.sample_stats": "Classifier verdict",
    "vae.kl_bars": "KL per latent dimension",
    "vae.estimators_explain": (
        "Toy objective $\\mathbb E_{z\\sim\\mathcal N(\\mu,\\sigma^2)}[(z-2)^2]$, gradient in $\\mu$ (exactly "
        "$2(\\mu-2)$). Reparameterization: $\\frac1n\\sum_i f'(\\mu+\\sigma\\epsilon_i)$. REINFORCE (score function): "
        "$\\frac1n\\sum_i f(z_i)\\,\\frac{z_i-\\mu}{\\sigma^2}$; with a baseline, $f(z_i)$ minus the mean of $f$ over the "
        "other samples (leave-one-out, still unbiased). The plot shows each estimator's variance over repeated "
        "estimates against the number of samples $n$."
    ),
    "vae.mu": "μ",
    "vae.sigma": "σ",
    "vae.repeats": "Repeats per n",
    "vae.compare": "Compare the estimators",
    "vae.variance": "Variance of the gradient estimate",
    "vae.gumbel_explain": (
        "**Gumbel-softmax** (Jang et al. 2017; Maddison et al. 2017): $y = \\mathrm{softmax}((\\log\\pi + g)/\\tau)$, "
        "$g\\sim\\mathrm{Gumbel}(0,1)$. As $\\tau\\to 0$ the relaxed samples become one-hot; large $\\tau$ makes them "
        "uniform. **Straight-through**: the forward pass uses the one-hot $\\arg\\max$ (an exact categorical sample), "
        "the backward pass the gradient of the relaxed $y$."
    ),
    "vae.tau": "Temperature τ",
    "vae.n_draws": "Draws",
    "vae.gumbel": "Gumbel-softmax against the categorical",
    "vae.vq_explain": (
        "**VQ-VAE** (van den Oord et al. 2017): the encoder gives $z_e(x)$ on a 4x4 map; each position takes its "
        "nearest codebook vector $e_k$ ($K$ of them), and the decoder sees $z_q$. The argmin has no gradient, so the "
        "**straight-through estimator** copies the decoder's gradient to the encoder: $z_q = z_e + \\mathrm{sg}[e_k - z_e]$. "
        "The loss is $-\\log p(x|z_q) + \\|\\mathrm{sg}[z_e]-e_k\\|^2 + \\beta\\,\\|z_e-\\mathrm{sg}[e_k]\\|^2$: the second "
        "term moves the codes toward the encoder outputs, the **commitment loss** ($\\beta = 0.25$) keeps the encoder "
        "close to its codes. Codes that no input chooses never move again: **dead codes** (red × under the histogram)."
    ),
    "vae.k": "Codebook size K",
    "vae.test_index": "Test digit",
    "vae.show_codes": "Encode",
    "vae.vq_input": "Input",
    "vae.vq_codes": "Code map (code index at each of the 4x4 positions)",
    "vae.vq_output": "Reconstruction from the codes",
    "vae.usage": "Codebook usage over the 360 test digits",
    "vae.two_stage_explain": (
        "**Two-stage generation** (the idea VQGAN scales up): a prior learns "
        "$p(c)=\\prod_i p(c_i\\,|\\,c_{<i})$ over the 4×4 grid of codes of the K = 64 model's code maps (raster "
        "order); sample a code map one code at a time, then decode it. The prior is the **Autoregressive** tab's "
        "best model, the gated PixelCNN, here over 16 codes (each a categorical over the 64 codes, read through a "
        "learned embedding) instead of 64 pixels, with the same sampler."
    ),
    "vae.two_stage_shipped": (
        "The shipped prior (gated PixelCNN, {params:,} parameters): the classifier reads {n} two-stage samples at "
        "T = 1 with confidence **{conf:.3f}** [{lo:.3f}, {hi:.3f}] (95%); the test digits' code maps cost "
        "{nats:.2f} [{nlo:.2f}, {nhi:.2f}] nats per code. The small causal transformer it replaced: 0.893 "
        "[0.871, 0.915] and 3.61 [3.56, 3.66]."
    ),
    "vae.temperature": "Prior temperature",
    "vae.two_stage": "Sample code maps and decode",
    "vae.two_stage_images": "Two-stage samples (K = 64)",
    "vae.two_stage_stats": "Classifier verdict",
    "vae.live_explain": (
        "A VAE with a 2D latent and a Gaussian decoder $p(x|z)=\\mathcal N(m(z), \\mathrm{diag}\\,\\sigma^2)$ on 2D "
        "points, trained live. Top: the data, the decoder means $m(z)$ for $z\\sim\\mathcal N(0,I)$ and full samples "
        "$m(z)+\\sigma\\epsilon$: the means are a blurred copy of the data, the noise blurs more. Bottom: the aggregate "
        "posterior (one $z\\sim q(z|x)$ per data point) against $\\mathcal N(0, I)$."
    ),
    "vae.dataset": "Dataset",
    "vae.draw": "Draw your own data (choose dataset 'drawing')",
    "vae.live_beta": "β",
    "vae.train_steps": "Training updates",
    "vae.train": "Train live / resume",
    "vae.pause": "Pause",
    "vae.step": "Step (50 updates)",
    "vae.reset": "Reset",
    "vae.train_status": "Training status",
    "vae.loss": "Negative ELBO (nats per point)",
    "vae.live_view": "Data space and latent space",
}

ZH = {
    "vae.tab": "VAE",
    "vae.explain": (
        "**你看到的是什么。** 变分自编码器（Kingma 与 Welling，2014）学习编码器 "
        "$q_\\phi(z|x)=\\mathcal N(\\mu_\\phi(x), \\mathrm{diag}\\,\\sigma^2_\\phi(x))$ 和解码器 $p_\\theta(x|z)$，"
        "最大化证据下界\n\n"
        "$$\\begin{aligned}\\log p(x) \\ge \\mathrm{ELBO} &= \\mathbb E_{q_\\phi(z|x)}[\\log p_\\theta(x|z)] \\\\ "
        "&\\quad - \\beta\\,\\mathrm{KL}(q_\\phi(z|x)\\,\\|\\,\\mathcal N(0, I)),\\end{aligned}$$\n\n"
        "$$z = \\mu + \\sigma\\odot\\epsilon,\\quad \\epsilon\\sim\\mathcal N(0, I).$$\n\n"
        "数字图像上的解码器似然：像素映射到 [0, 1] 后的伯努利分布（灰度作为软目标），因此每一项都是 360 张测试数字上"
        "每张 8x8 图像的奈特数；ELBO 按 $\\beta = 1$ 报告（真正的下界）。$\\beta > 1$（Higgins 等，2017）"
        "换来更平滑的潜空间和更模糊的重建。"
    ),
    "vae.plane_tab": "潜平面（二维）",
    "vae.samples_tab": "16 维 VAE 样本",
    "vae.estimators_tab": "梯度估计器",
    "vae.vq_tab": "VQ-VAE",
    "vae.live_tab": "二维数据，现场训练",
    "vae.model": "模型（β）",
    "vae.plane": "测试数字位于后验均值 μ(x) 处；点击即可解码",
    "vae.plane_axes": "z₁ 从左到右，z₂ 从下到上，范围见状态栏。",
    "vae.z1": "z₁",
    "vae.z2": "z₂",
    "vae.decode": "解码 (z₁, z₂)",
    "vae.decoded": "(z₁, z₂) 处解码出的数字",
    "vae.pick_status": "选取",
    "vae.beta_table": "测试集，每张数字的奈特数，每个数值附 95% 区间 [下限, 上限]（ELBO 取 β = 1）",
    "vae.beta_quality": "重建质量：每个像素的均方误差与预训练分类器的准确率，附 95% 区间",
    "vae.beta_figure": "β 的权衡",
    "vae.manifold_head": "### 流形（Kingma 与 Welling，图 4）",
    "vae.grid_side": "网格边长",
    "vae.extent": "正方形半宽",
    "vae.draw_manifold": "绘制流形",
    "vae.manifold": "在平面网格上解码出的数字（上方 z₂ 较大）",
    "vae.interp_head": "### 插值：潜空间与像素空间对比",
    "vae.index_a": "第一个测试数字",
    "vae.index_b": "第二个测试数字",
    "vae.interp_steps": "步数",
    "vae.interpolate": "插值",
    "vae.interp_image": "上行：沿 μ(x_a) 到 μ(x_b) 的直线解码。下行：像素混合。",
    "vae.recon_head": "### 重建",
    "vae.recon_model": "模型",
    "vae.n_digits": "数字个数",
    "vae.start": "第一个测试数字",
    "vae.reconstruct": "重建",
    "vae.recon_image": "奇数行：测试数字。偶数行：decode(μ(x))。",
    "vae.recon_status": "分类器对重建的判断",
    "vae.samples_explain": (
        "16 维 VAE 的样本 $x = \\mathrm{decode}(s\\,z)$，$z\\sim\\mathcal N(0, I_{16})$（$s = 1$ 即从先验采样）。"
        "柱状图是每个潜维度在测试集上的 KL：接近 0 奈特的维度不携带信息（后验坍塌）。"
    ),
    "vae.n_samples": "样本数",
    "vae.seed": "随机种子",
    "vae.scale": "潜变量缩放 s",
    "vae.sample": "采样",
    "vae.samples": "16 维 VAE 的样本",
    "vae.sample_stats": "分类器评估",
    "vae.kl_bars": "每个潜维度的 KL",
    "vae.estimators_explain": (
        "玩具目标 $\\mathbb E_{z\\sim\\mathcal N(\\mu,\\sigma^2)}[(z-2)^2]$，对 $\\mu$ 求梯度（精确值为 $2(\\mu-2)$）。"
        "重参数化：$\\frac1n\\sum_i f'(\\mu+\\sigma\\epsilon_i)$。REINFORCE（得分函数）："
        "$\\frac1n\\sum_i f(z_i)\\,\\frac{z_i-\\mu}{\\sigma^2}$；带基线时，用 $f(z_i)$ 减去其余样本上 $f$ 的均值"
        "（留一法，仍然无偏）。图中给出各估计器在重复估计上的方差随样本数 $n$ 的变化。"
    ),
    "vae.mu": "μ",
    "vae.sigma": "σ",
    "vae.repeats": "每个 n 的重复次数",
    "vae.compare": "比较估计器",
    "vae.variance": "梯度估计的方差",
    "vae.gumbel_explain": (
        "**Gumbel-softmax**（Jang 等，2017；Maddison 等，2017）：$y = \\mathrm{softmax}((\\log\\pi + g)/\\tau)$，"
        "$g\\sim\\mathrm{Gumbel}(0,1)$。$\\tau\\to 0$ 时松弛样本趋于 one-hot；$\\tau$ 很大时趋于均匀。"
        "**直通（straight-through）**：前向使用 one-hot 的 $\\arg\\max$（精确的类别样本），反向使用松弛 $y$ 的梯度。"
    ),
    "vae.tau": "温度 τ",
    "vae.n_draws": "抽样次数",
    "vae.gumbel": "Gumbel-softmax 与真实类别分布对比",
    "vae.vq_explain": (
        "**VQ-VAE**（van den Oord 等，2017）：编码器在 4x4 网格上给出 $z_e(x)$；每个位置取最近的码本向量 $e_k$"
        "（共 $K$ 个），解码器看到 $z_q$。argmin 没有梯度，因此**直通估计器**把解码器的梯度复制给编码器："
        "$z_q = z_e + \\mathrm{sg}[e_k - z_e]$。损失为 $-\\log p(x|z_q) + \\|\\mathrm{sg}[z_e]-e_k\\|^2 + "
        "\\beta\\,\\|z_e-\\mathrm{sg}[e_k]\\|^2$：第二项把码字拉向编码器输出，**承诺损失**（$\\beta = 0.25$）让编码器"
        "贴近其码字。没有任何输入选中的码字再也不会移动：这就是**死码**（直方图下方的红色 ×）。"
    ),
    "vae.k": "码本大小 K",
    "vae.test_index": "测试数字",
    "vae.show_codes": "编码",
    "vae.vq_input": "输入",
    "vae.vq_codes": "码图（4x4 每个位置的码字编号）",
    "vae.vq_output": "由码字重建",
    "vae.usage": "360 张测试数字上的码本使用情况",
    "vae.two_stage_explain": (
        "**两阶段生成**（VQGAN 放大的思路）：先验学习 K = 64 模型 4×4 码图上码字的分布 "
        "$p(c)=\\prod_i p(c_i\\,|\\,c_{<i})$（光栅顺序）；先逐个码字采样码图，再解码。这个先验就是"
        "**自回归模型**标签页里最好的模型——门控 PixelCNN，只是作用在 16 个码字上（每个位置是 64 个码字上的类别分布，"
        "码字经学习到的嵌入读入），而不是 64 个像素，采样器也相同。"
    ),
    "vae.two_stage_shipped": (
        "发布的先验（门控 PixelCNN，{params:,} 个参数）：分类器对 T = 1 时 {n} 个两阶段样本的置信度为 "
        "**{conf:.3f}** [{lo:.3f}, {hi:.3f}]（95%）；测试数字码图的代价为每个码字 {nats:.2f} [{nlo:.2f}, {nhi:.2f}] "
        "奈特。被它取代的小型因果 Transformer：0.893 [0.871, 0.915] 和 3.61 [3.56, 3.66]。"
    ),
    "vae.temperature": "先验温度",
    "vae.two_stage": "采样码图并解码",
    "vae.two_stage_images": "两阶段样本（K = 64）",
    "vae.two_stage_stats": "分类器评估",
    "vae.live_explain": (
        "二维点上的 VAE：二维潜变量，高斯解码器 $p(x|z)=\\mathcal N(m(z), \\mathrm{diag}\\,\\sigma^2)$，现场训练。"
        "上：数据、$z\\sim\\mathcal N(0,I)$ 时的解码器均值 $m(z)$ 以及完整样本 $m(z)+\\sigma\\epsilon$："
        "均值是数据的模糊版本，噪声使其更模糊。下：聚合后验（每个数据点取一个 $z\\sim q(z|x)$）与 $\\mathcal N(0, I)$ 对比。"
    ),
    "vae.dataset": "数据集",
    "vae.draw": "自己画数据（数据集选择 'drawing'）",
    "vae.live_beta": "β",
    "vae.train_steps": "训练更新次数",
    "vae.train": "现场训练 / 继续",
    "vae.pause": "暂停",
    "vae.step": "单步（50 次更新）",
    "vae.reset": "重置",
    "vae.train_status": "训练状态",
    "vae.loss": "负 ELBO（每个点的奈特数）",
    "vae.live_view": "数据空间与潜空间",
}

EN.update({  # figures, tables and status lines (written by handlers through ``tr``)
    "vae.fig_recon_term": "reconstruction −E[log p(x|z)]", "vae.fig_recon_nats": "reconstruction (nats)",
    "vae.fig_kl_nats": "KL (nats)", "vae.fig_nats_digit": "nats per test digit",
    "vae.fig_latent_dim": "latent dimension", "vae.fig_test_kl": "test KL (nats)",
    "vae.fig_reparam": "reparameterization", "vae.fig_reinforce_baseline": "REINFORCE + baseline",
    "vae.fig_true_grad": "true gradient 2(μ − 2) = {g:g}", "vae.fig_samples_n": "samples per estimate n",
    "vae.fig_variance": "variance of the estimate", "vae.fig_category": "category {i}",
    "vae.fig_true_pi": "true π", "vae.fig_mean_relaxed": "mean relaxed y",
    "vae.fig_straight_through": "straight-through one-hot frequency",
    "vae.fig_tau_probs": "τ = {tau:g}: probabilities", "vae.fig_relaxed": "{n} relaxed samples (mean max weight {w:.2f})",
    "vae.fig_sample": "sample", "vae.fig_probability": "probability", "vae.fig_weight": "weight of each category",
    "vae.fig_code": "code", "vae.fig_column": "column", "vae.fig_row": "row", "vae.fig_uses": "uses",
    "vae.fig_dead": "dead code", "vae.fig_used": "{used} of {k} codes used, {dead} dead",
    "vae.fig_code_index": "code index", "vae.fig_uses_axis": "uses (of 360 x 16 positions)",
    "vae.fig_update": "update", "vae.fig_no_updates": "no updates yet: press Train live", "vae.fig_elbo_axis": "−ELBO (nats)", "vae.fig_data": "data",
    "vae.fig_samples_live": "samples m(z) + σε", "vae.fig_decoder_means": "decoder means m(z)",
    "vae.fig_prior": "prior N(0, I)", "vae.fig_posterior": "aggregate posterior q(z)",
    "vae.fig_data_space": "data space · update {it} · σ = ({s1:.2f}, {s2:.2f})", "vae.fig_latent_space": "latent space",
    "vae.th_elbo": "test ELBO", "vae.th_recon": "recon.", "vae.th_kl": "KL",
    "vae.th_mse": "MSE", "vae.th_accuracy": "accuracy",
    "vae.th_metric": "metric", "vae.th_value": "value [95%]",
    "vae.stat_confidence": "confidence", "vae.stat_classes": "classes",
    "vae.stat_frechet": "Fréchet distance", "vae.stat_frechet_floor": "Fréchet floor (real vs real)",
    "vae.stat_frechet_n": "digits a side in the Fréchet distance",
    "vae.status_plane": "{model}: latent square [−{ext:g}, {ext:g}]²",
    "vae.row_recon_accuracy": "accuracy on these reconstructions", "vae.row_true": "true classes",
    "vae.row_says": "classifier says",
    "vae.status_live": "{name} · β = {beta:g} · {it:,} / {total:,} updates",
    "vae.status_rate": " · −ELBO {loss:.3f} nats · {rate:.0f} updates/s",
})
ZH.update({
    "vae.fig_recon_term": "重建项 −E[log p(x|z)]", "vae.fig_recon_nats": "重建（奈特）",
    "vae.fig_kl_nats": "KL（奈特）", "vae.fig_nats_digit": "每个测试数字的奈特数",
    "vae.fig_latent_dim": "潜变量维度", "vae.fig_test_kl": "测试集 KL（奈特）",
    "vae.fig_reparam": "重参数化", "vae.fig_reinforce_baseline": "REINFORCE + 基线",
    "vae.fig_true_grad": "真实梯度 2(μ − 2) = {g:g}", "vae.fig_samples_n": "每次估计的样本数 n",
    "vae.fig_variance": "估计的方差", "vae.fig_category": "类别 {i}",
    "vae.fig_true_pi": "真实 π", "vae.fig_mean_relaxed": "松弛 y 的均值",
    "vae.fig_straight_through": "直通 one-hot 频率",
    "vae.fig_tau_probs": "τ = {tau:g}：概率", "vae.fig_relaxed": "{n} 个松弛样本（最大权重均值 {w:.2f}）",
    "vae.fig_sample": "样本", "vae.fig_probability": "概率", "vae.fig_weight": "各类别的权重",
    "vae.fig_code": "码字", "vae.fig_column": "列", "vae.fig_row": "行", "vae.fig_uses": "使用次数",
    "vae.fig_dead": "死码字", "vae.fig_used": "{k} 个码字中用到 {used} 个，{dead} 个未用",
    "vae.fig_code_index": "码字编号", "vae.fig_uses_axis": "使用次数（共 360 x 16 个位置）",
    "vae.fig_update": "更新次数", "vae.fig_no_updates": "尚未更新：请按“现场训练”", "vae.fig_elbo_axis": "−ELBO（奈特）", "vae.fig_data": "数据",
    "vae.fig_samples_live": "样本 m(z) + σε", "vae.fig_decoder_means": "解码器均值 m(z)",
    "vae.fig_prior": "先验 N(0, I)", "vae.fig_posterior": "聚合后验 q(z)",
    "vae.fig_data_space": "数据空间 · 第 {it} 次更新 · σ = ({s1:.2f}, {s2:.2f})", "vae.fig_latent_space": "潜空间",
    "vae.th_elbo": "测试 ELBO", "vae.th_recon": "重建", "vae.th_kl": "KL",
    "vae.th_mse": "均方误差", "vae.th_accuracy": "准确率",
    "vae.th_metric": "指标", "vae.th_value": "值 [95%]",
    "vae.stat_confidence": "置信度", "vae.stat_classes": "出现的类别数",
    "vae.stat_frechet": "Fréchet 距离", "vae.stat_frechet_floor": "Fréchet 下限（真实对真实）",
    "vae.stat_frechet_n": "Fréchet 距离每侧的数字数",
    "vae.status_plane": "{model}：潜空间正方形 [−{ext:g}, {ext:g}]²",
    "vae.row_recon_accuracy": "这些重建的准确率", "vae.row_true": "真实类别",
    "vae.row_says": "分类器判断",
    "vae.status_live": "{name} · β = {beta:g} · {it:,} / {total:,} 次更新",
    "vae.status_rate": " · −ELBO {loss:.3f} 奈特 · 每秒 {rate:.0f} 次更新",
})

STRINGS = {"en": EN, "zh-CN": ZH}
