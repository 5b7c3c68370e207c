"""Every piece of text the GAN tab shows, in English and Simplified Chinese."""
from __future__ import annotations

STRINGS = {
    "en": {
        "gan.gallery_heading": "**Samples**",
        "gan.plane_heading": "**Samples, discriminator and generator gradient**",
        "gan.strip_heading": "**Latent interpolation (spherical) between two seeds**",
        "gan.live": "live",
        "gan.fig_real": "real data",
        "gan.fig_fake": "generated G(z)",
        "gan.fig_arrows": "−∇ₓ L<sub>G</sub> (longest {top:.2g})",
        "gan.fig_plane_title": "{loss} · iteration {it} · heatmap {field}",
        "gan.fig_critic_loss": "critic loss",
        "gan.fig_d_loss": "D loss",
        "gan.fig_g_loss": "G loss",
        "gan.fig_w1": "W1 estimate E f(x) − E f(G(z))",
        "gan.fig_w2": "sliced W2",
        "gan.fig_w2_floor": "W2 noise floor",
        "gan.fig_losses": "losses",
        "gan.fig_distances": "distances",
        "gan.fig_coverage": "mode coverage (%)",
        "gan.fig_modes": "modes covered (% of {k})",
        "gan.fig_hq": "high-quality samples (%)",
        "gan.fig_iteration": "iteration",
        "gan.fig_loss_axis": "loss",
        "gan.fig_distance_axis": "distance",
        "gan.fig_ends_only": "The shipped run measured W2 and<br>coverage only at its end: press<br>Train / resume to draw their curves",
        "gan.fig_estimate": "distance",
        "gan.why_heading": "**Generator gradient vs distance**",
        "gan.st_iteration": "iteration {it:,} · {updates:,} optimizer updates",
        "gan.st_ups": "{v:,.0f} updates/s",
        "gan.st_rps": "{v:.1f} refreshes/s",
        "gan.st_modes": "modes {modes}/{k} · high-quality {hq:.1f}% [{lo:.1f}, {hi:.1f}]",
        "gan.st_w2": "sliced W2 {w2:.3f} [{w2_lo:.3f}, {w2_hi:.3f}] (floor {floor:.3f} [{lo:.3f}, {hi:.3f}], ×{ratio:.1f})",
        "gan.st_w1": "W1 estimate {v:.3f}",
        "gan.st_lr": "learning rates {lr_g:.0e} / {lr_d:.0e} (the shipped run's last: {pct:g}% of those shown)",
        "gan.fig_js_gan": "minimax GAN (JS)",
        "gan.fig_ns_gan": "non-saturating GAN",
        "gan.fig_wgan_gp": "WGAN-GP critic (W1)",
        "gan.fig_js_est": "JS estimate",
        "gan.fig_js_true": "true JS = log 2",
        "gan.fig_w1_est": "W1 estimate = gap / slope",
        "gan.fig_w1_gap": "critic's raw gap E f(x) − E f(x+θ)",
        "gan.fig_w1_band": "true W1 ± {pct:.0f}%",
        "gan.fig_w1_true": "true W1 = θ",
        "gan.fig_grad_title": "generator gradient |∂L<sub>G</sub>/∂θ|",
        "gan.fig_measure_title": "what the critics measure",
        "gan.fig_theta": "distance θ between the supports",
        "gan.fig_grad_norm": "gradient norm",
        "gan.fig_samples": "samples",
        "gan.fig_predicted": "predicted digit",
        "gan.fig_verdict": "shown: {shown} of the {n} samples scored<br>all {n} counted here · mean confidence {conf:.3f}",
        "gan.row_confidence": "mean classifier confidence",
        "gan.row_classes": "classes present (of 10)",
        "gan.row_frechet": "Fréchet distance to held-out digits [95%]",
        "gan.row_floor": "Fréchet floor: held-out vs held-out digits [95%]",
        "gan.row_ratio": "Fréchet / floor",
        "gan.hdr_metric": "metric",
        "gan.hdr_value": "value",
        "gan.th_run": "run",
        "gan.th_run_label": "{loss} · {dataset} ({k} modes)",
        "gan.th_modes": "modes",
        "gan.th_hq": "high-quality %",
        "gan.th_w2": "W2 / floor",
        "gan.tab": "GAN vs WGAN",
        "gan.intro": (
            "A generator $G$ turns noise $z \\sim \\mathcal N(0, I)$ into samples; a discriminator (or critic) $D$ "
            "scores how real a point looks, and the two are trained against each other. Compare four objectives "
            "live on 2D data, see why the Wasserstein distance gives a useful gradient where Jensen–Shannon "
            "does not, and sample a GAN trained on handwritten digits."),
        "gan.sandbox": "2D sandbox",
        "gan.sandbox_explain": (
            "**Reading the plane.** Black dots are real data, magenta dots are $G(z)$ for a fixed set of $z$. "
            "The background is the discriminator's probability $D(x)$ that a point is real (GAN losses) or the "
            "critic's value $f(x)$ (WGANs): green where it says real, blue where it says fake. Orange arrows show $-\\nabla_x L_G$ at some samples: where the next "
            "generator update pushes them. **Losses.** *minimax*: $\\min_G \\max_D \\mathbb E\\log D(x) + "
            "\\mathbb E\\log(1-D(G(z)))$ (Jensen–Shannon at the optimal $D$); *non-saturating*: $G$ minimises "
            "$-\\mathbb E\\log D(G(z))$ instead; *WGAN*: $\\max_f \\mathbb E f(x) - \\mathbb E f(G(z))$ with "
            "weights clipped to $[-c, c]$; *WGAN-GP*: the same with the penalty "
            "$\\lambda\\,\\mathbb E(\\|\\nabla f(\\hat x)\\|-1)^2$ instead of clipping. **Mode coverage** (ring "
            "and grid): a sample is high-quality within $3\\sigma$ of its nearest centre; a mode is covered when it "
            "is the nearest centre of at least one high-quality sample (VEEGAN, 2,500 samples)."),
        "gan.dataset": "Real data",
        "gan.drawing": "Draw your own data (choose 'drawing' above)",
        "gan.loss": "Loss",
        "gan.optimizer": "Optimizer",
        "gan.lr_g": "Generator learning rate",
        "gan.lr_d": "Discriminator / critic learning rate",
        "gan.d_steps": "D steps per G step",
        "gan.gp_lambda": "Gradient penalty λ (WGAN-GP)",
        "gan.clip": "Weight clipping c (WGAN)",
        "gan.batch": "Batch size",
        "gan.noise_dim": "Noise dimension",
        "gan.hidden": "Hidden width",
        "gan.depth": "Hidden layers",
        "gan.seed": "Seed",
        "gan.iterations": "Iterations per run",
        "gan.settings": "Networks and optimisation",
        "gan.train": "▶ Train / resume",
        "gan.pause": "❚❚ Pause",
        "gan.step": "Step (one iteration)",
        "gan.reset": "↺ Reset",
        "gan.plane": "Samples, discriminator and generator gradient",
        "gan.curves": "Training curves",
        "gan.status": "Status",
        "gan.shipped": "Shipped runs: results at once",
        "gan.shipped_explain": (
            "Every loss was trained on the ring of 8 and the 5×5 grid with seeds 0, 1 and 2: 6,000 iterations "
            "at batch 256, learning rates decayed to 1% of their start, the same budget for every loss. The table gives what each run measured on 2,500 samples; pick one to "
            "see it, then press *Train / resume* to keep training it: it goes on at the rates it ended with (1% of the rates shown, which are its start and the loss's recommended ones); a new run (other data, a drawing, *Reset*) starts from the rates shown. WGAN-GP runs with λ = 0.1 here, not the paper's 10: "
            "on the ring (seed 0, same budget) λ = 10 covers 8/8 modes but puts 66% of samples within 3σ of a centre, "
            "λ = 1 75% and λ = 0.1 76%; the strong penalty spreads samples around each centre. Set λ to 10 and train "
            "to see it."),
        "gan.shipped_loss": "Loss of the shipped run",
        "gan.shipped_dataset": "Mixture",
        "gan.shipped_seed": "Seed of the shipped run",
        "gan.load": "Show this shipped run",
        "gan.table": "Shipped runs: mean over seeds 0, 1, 2 [95% interval]",
        "gan.table_seeds": "Shipped runs: each seed (0 / 1 / 2)",
        "gan.why": "Why Wasserstein?",
        "gan.why_explain": (
            "**The paper's argument** (Arjovsky et al. 2017). Real points lie on a vertical segment at $x=0$, fake "
            "points on the same segment moved to $x=\\theta$. Whenever $\\theta \\ne 0$ the supports are disjoint, "
            "so $JS = \\log 2$ whatever $\\theta$ is: the minimax GAN's loss is flat and a well-trained "
            "discriminator leaves the generator almost no gradient. The Wasserstein distance is $W_1 = |\\theta|$, "
            "so a critic keeps pointing the way with a gradient near 1. For each distance below, a discriminator and "
            "a WGAN-GP critic are trained from scratch, and the generator's loss is differentiated with respect to "
            "$\\theta$. **Reading $W_1$ off the critic.** The penalty only pulls the critic's slope towards 1. Across "
            "a gap $\\theta$ a slope $g$ earns $\\theta g - \\lambda (g-1)^2$, largest at $g = 1 + \\theta/2\\lambda$, "
            "so the critic's raw gap $\\mathbb E f(x) - \\mathbb E f(x+\\theta)$ (grey, dashed) overshoots to "
            "$\\theta(1 + \\theta/2\\lambda)$: 4.8 at $\\theta = 4$ with the paper's $\\lambda = 10$. Divided by the "
            "critic's measured slope (its mean gradient norm between the two segments) it estimates $W_1$ itself "
            "(orange), inside the shaded band around the truth once the critics are trained; with few updates per "
            "distance they are undertrained and the estimate falls short. That slope is also the WGAN-GP gradient "
            "of the upper panel, a little above 1 at large $\\theta$."),
        "gan.why_steps": "Critic updates per distance",
        "gan.why_run": "Run the experiment",
        "gan.why_plot": "Generator gradient vs distance",
        "gan.why_summary": (
            "**θ = {theta:g}:** W1 estimate {est:.3f}, true W1 {theta:.3f} (error {err:+.1%}). The critic's raw gap "
            "{gap:.3f} is the estimate times its slope {slope:.3f} (the penalty's optimum: 1 + θ/2λ = {pred:.3f})."),
        "gan.digits": "Digits",
        "gan.digits_explain": (
            "A DCGAN-shaped generator trained with WGAN-GP on the 8×8 handwritten digits (1,437 training images). "
            "The shipped classifier judges the samples: which digit it sees and how sure it is. The Fréchet "
            "distance is measured in the classifier's feature space and shown next to its floor (train vs test "
            "images)."),
        "gan.n_images": "Samples shown",
        "gan.generate": "Generate",
        "gan.gallery": "Samples",
        "gan.verdict": "Classifier's verdict",
        "gan.digits_stats": "Quality of all the samples scored",
        "gan.seed_a": "Start seed",
        "gan.seed_b": "End seed",
        "gan.interp_steps": "Frames",
        "gan.interpolate": "Interpolate",
        "gan.strip": "Latent interpolation (spherical) between two seeds",
        "gan.strip_labels": "**What the classifier reads in each frame**",
    },
    "zh-CN": {
        "gan.gallery_heading": "**样本**",
        "gan.plane_heading": "**样本、判别器与生成器梯度**",
        "gan.strip_heading": "**两个种子之间的潜空间插值（球面）**",
        "gan.live": "实时",
        "gan.fig_real": "真实数据",
        "gan.fig_fake": "生成样本 G(z)",
        "gan.fig_arrows": "−∇ₓ L<sub>G</sub>（最长 {top:.2g}）",
        "gan.fig_plane_title": "{loss} · 第 {it} 次迭代 · 热图 {field}",
        "gan.fig_critic_loss": "评论家损失",
        "gan.fig_d_loss": "判别器损失",
        "gan.fig_g_loss": "生成器损失",
        "gan.fig_w1": "W1 估计 E f(x) − E f(G(z))",
        "gan.fig_w2": "切片 W2",
        "gan.fig_w2_floor": "W2 噪声下限",
        "gan.fig_losses": "损失",
        "gan.fig_distances": "距离",
        "gan.fig_coverage": "模式覆盖率（%）",
        "gan.fig_modes": "覆盖的模式（占 {k} 个的 %）",
        "gan.fig_hq": "高质量样本（%）",
        "gan.fig_iteration": "迭代次数",
        "gan.fig_loss_axis": "损失",
        "gan.fig_distance_axis": "距离",
        "gan.fig_ends_only": "预训练运行只在结束时<br>测量了 W2 与覆盖率：<br>按“训练 / 继续”画出曲线",
        "gan.fig_estimate": "距离",
        "gan.why_heading": "**生成器梯度与距离**",
        "gan.st_iteration": "第 {it:,} 次迭代 · {updates:,} 次优化器更新",
        "gan.st_ups": "每秒 {v:,.0f} 次更新",
        "gan.st_rps": "每秒刷新 {v:.1f} 次",
        "gan.st_modes": "模式 {modes}/{k} · 高质量 {hq:.1f}% [{lo:.1f}, {hi:.1f}]",
        "gan.st_w2": "切片 W2 {w2:.3f} [{w2_lo:.3f}, {w2_hi:.3f}]（下限 {floor:.3f} [{lo:.3f}, {hi:.3f}]，×{ratio:.1f}）",
        "gan.st_w1": "W1 估计 {v:.3f}",
        "gan.st_lr": "学习率 {lr_g:.0e} / {lr_d:.0e}（发布运行结束时的学习率：所示值的 {pct:g}%）",
        "gan.fig_js_gan": "极小极大 GAN（JS）",
        "gan.fig_ns_gan": "非饱和 GAN",
        "gan.fig_wgan_gp": "WGAN-GP 评论家（W1）",
        "gan.fig_js_est": "JS 估计",
        "gan.fig_js_true": "真实 JS = log 2",
        "gan.fig_w1_est": "W1 估计 = 差值 / 斜率",
        "gan.fig_w1_gap": "评论家的原始差值 E f(x) − E f(x+θ)",
        "gan.fig_w1_band": "真实 W1 ± {pct:.0f}%",
        "gan.fig_w1_true": "真实 W1 = θ",
        "gan.fig_grad_title": "生成器梯度 |∂L<sub>G</sub>/∂θ|",
        "gan.fig_measure_title": "评论家测得的量",
        "gan.fig_theta": "两个支撑集之间的距离 θ",
        "gan.fig_grad_norm": "梯度范数",
        "gan.fig_samples": "样本数",
        "gan.fig_predicted": "预测的数字",
        "gan.fig_verdict": "显示：评分的 {n} 个样本中的前 {shown} 个<br>此处统计全部 {n} 个 · 平均置信度 {conf:.3f}",
        "gan.row_confidence": "分类器平均置信度",
        "gan.row_classes": "出现的类别（共 10 类）",
        "gan.row_frechet": "到留出数字的 Fréchet 距离 [95%]",
        "gan.row_floor": "Fréchet 下限：留出数字对留出数字 [95%]",
        "gan.row_ratio": "Fréchet / 下限",
        "gan.hdr_metric": "指标",
        "gan.hdr_value": "数值",
        "gan.th_run": "运行",
        "gan.th_run_label": "{loss} · {dataset}（{k} 个模式）",
        "gan.th_modes": "覆盖的模式",
        "gan.th_hq": "高质量 %",
        "gan.th_w2": "W2 / 下限",
        "gan.tab": "GAN 与 WGAN",
        "gan.intro": (
            "生成器 $G$ 把噪声 $z \\sim \\mathcal N(0, I)$ 变成样本；判别器（或评论家）$D$ 给一个点“像真的”打分，"
            "两者相互对抗地训练。在二维数据上实时比较四种目标函数，看清为什么 Wasserstein 距离在 Jensen–Shannon "
            "失效时仍能给出有用的梯度，并对一个在手写数字上训练好的 GAN 采样。"),
        "gan.sandbox": "二维沙盒",
        "gan.sandbox_explain": (
            "**怎么看这张图。** 黑点是真实数据，品红色点是固定一组 $z$ 的 $G(z)$。背景是判别器认为该点为真的概率 $D(x)$"
            "（GAN 损失）或评论家的取值 $f(x)$（WGAN）：绿色表示判为真，蓝色表示判为假。橙色箭头是部分样本处的 $-\\nabla_x L_G$：下一次生成器更新"
            "把它们推向的方向。**损失。** *minimax*：$\\min_G \\max_D \\mathbb E\\log D(x) + "
            "\\mathbb E\\log(1-D(G(z)))$（最优 $D$ 下即 Jensen–Shannon 散度）；*non-saturating*：$G$ 改为最小化 "
            "$-\\mathbb E\\log D(G(z))$；*WGAN*：$\\max_f \\mathbb E f(x) - \\mathbb E f(G(z))$，权重裁剪到 $[-c, c]$；"
            "*WGAN-GP*：不裁剪，改加惩罚项 $\\lambda\\,\\mathbb E(\\|\\nabla f(\\hat x)\\|-1)^2$。**模式覆盖**（圆环与网格）："
            "样本落在最近中心 $3\\sigma$ 以内即为高质量；某个模式若是至少一个高质量样本的最近中心，就算被覆盖"
            "（VEEGAN 的指标，2,500 个样本）。"),
        "gan.dataset": "真实数据",
        "gan.drawing": "自己画数据（在上方选择 drawing）",
        "gan.loss": "损失函数",
        "gan.optimizer": "优化器",
        "gan.lr_g": "生成器学习率",
        "gan.lr_d": "判别器 / 评论家学习率",
        "gan.d_steps": "每步生成器更新对应的判别器步数",
        "gan.gp_lambda": "梯度惩罚 λ（WGAN-GP）",
        "gan.clip": "权重裁剪 c（WGAN）",
        "gan.batch": "批大小",
        "gan.noise_dim": "噪声维度",
        "gan.hidden": "隐藏层宽度",
        "gan.depth": "隐藏层数",
        "gan.seed": "随机种子",
        "gan.iterations": "每次运行的迭代数",
        "gan.settings": "网络与优化",
        "gan.train": "▶ 训练 / 继续",
        "gan.pause": "❚❚ 暂停",
        "gan.step": "单步（一次迭代）",
        "gan.reset": "↺ 重置",
        "gan.plane": "样本、判别器与生成器梯度",
        "gan.curves": "训练曲线",
        "gan.status": "状态",
        "gan.shipped": "预训练结果：立即查看",
        "gan.shipped_explain": (
            "每种损失都在 8 个高斯的圆环和 5×5 网格上，用种子 0、1、2 各训练了 6,000 次迭代（批大小 256，学习率衰减到初始值的 1%，每种损失的预算相同）。"
            "表中是每次运行在 2,500 个样本上的测量结果；选一个即可查看，再按“训练 / 继续”接着训练它：它以结束时的学习率继续（所示值的 1%；所示值是它的初始学习率，即该损失的推荐值）；新的运行（换数据、画图或按“重置”）从所示学习率开始。"
            "这里 WGAN-GP 用 λ = 0.1，而不是论文中的 10：在圆环上（种子 0，相同预算），λ = 10 也覆盖全部 8 个模式，"
            "但只有 66% 的样本落在中心 3σ 以内；λ = 1 为 75%，λ = 0.1 为 76%。惩罚过强时样本在各中心周围散得更开。"
            "把 λ 设为 10 再训练即可看到。"),
        "gan.shipped_loss": "预训练运行的损失",
        "gan.shipped_dataset": "混合分布",
        "gan.shipped_seed": "预训练运行的种子",
        "gan.load": "显示这个预训练运行",
        "gan.table": "预训练运行：种子 0、1、2 的均值 [95% 区间]",
        "gan.table_seeds": "预训练运行：各种子（0 / 1 / 2）",
        "gan.why": "为什么用 Wasserstein？",
        "gan.why_explain": (
            "**原论文的论证**（Arjovsky 等，2017）。真实点位于 $x=0$ 处的一条竖直线段上，生成点是同一线段平移到 "
            "$x=\\theta$。只要 $\\theta \\ne 0$，两者支撑集不相交，于是无论 $\\theta$ 多大都有 $JS = \\log 2$："
            "minimax GAN 的损失是平的，训练充分的判别器几乎不给生成器留下梯度。Wasserstein 距离则是 "
            "$W_1 = |\\theta|$，评论家始终以接近 1 的梯度指明方向。下图对每个距离都从头训练一个判别器和一个 "
            "WGAN-GP 评论家，再对生成器损失关于 $\\theta$ 求导。**从评论家读出 $W_1$。** 梯度惩罚只是把评论家的斜率往 1 拉。"
            "跨过距离 $\\theta$ 时，斜率 $g$ 得分 $\\theta g - \\lambda (g-1)^2$，在 $g = 1 + \\theta/2\\lambda$ 处最大，"
            "所以评论家的原始差值 $\\mathbb E f(x) - \\mathbb E f(x+\\theta)$（灰色虚线）偏大，为 "
            "$\\theta(1 + \\theta/2\\lambda)$：取论文的 $\\lambda = 10$、$\\theta = 4$ 时是 4.8。除以实测的斜率"
            "（两条线段之间梯度范数的均值）后，它估计的就是 $W_1$ 本身（橙色）：评论家训练充分时落在真实值周围的阴影带内；"
            "每个距离的更新次数太少时评论家训练不足，估计值偏小。这个斜率也就是上图中 WGAN-GP 的梯度，$\\theta$ 较大时略高于 1。"),
        "gan.why_steps": "每个距离的评论家更新次数",
        "gan.why_run": "运行实验",
        "gan.why_plot": "生成器梯度与距离",
        "gan.why_summary": (
            "**θ = {theta:g}：** W1 估计 {est:.3f}，真实 W1 {theta:.3f}（误差 {err:+.1%}）。评论家的原始差值 "
            "{gap:.3f} 等于估计值乘以它的斜率 {slope:.3f}（惩罚项下的最优值：1 + θ/2λ = {pred:.3f}）。"),
        "gan.digits": "手写数字",
        "gan.digits_explain": (
            "一个 DCGAN 结构的生成器，用 WGAN-GP 在 8×8 手写数字（1,437 张训练图）上训练。由预训练的分类器评判样本："
            "它认出的是哪个数字、有多大把握。Fréchet 距离在分类器的特征空间中计算，并与其下限（训练集对测试集）对照。"),
        "gan.n_images": "显示的样本数",
        "gan.generate": "生成",
        "gan.gallery": "样本",
        "gan.verdict": "分类器的判断",
        "gan.digits_stats": "全部评分样本的质量",
        "gan.seed_a": "起点种子",
        "gan.seed_b": "终点种子",
        "gan.interp_steps": "帧数",
        "gan.interpolate": "插值",
        "gan.strip": "两个种子之间的潜空间（球面）插值",
        "gan.strip_labels": "**分类器在每一帧读出的数字**",
    },
}
