"""English and Simplified Chinese text of the diffusion tab's "Score & Langevin" and "SDE vs ODE" views
(merged into ``demos.diffusion.text.STRINGS``)."""

EN = {
    "diffusion.fw_score_tab": "Score & Langevin",
    "diffusion.fw_sde_tab": "SDE vs ODE",
    "diffusion.fw_readings": (
        "**One network, four readings.** The shipped models predict the noise, $\\epsilon_\\theta(x_t, t)$, on "
        "$x_t = \\sqrt{\\bar\\alpha_t}\\,x_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\epsilon$. Divide by "
        "$\\sqrt{\\bar\\alpha_t}$ and the same process is $\\tilde x = x_0 + \\sigma\\epsilon$ with "
        "$\\sigma = \\sqrt{(1-\\bar\\alpha_t)/\\bar\\alpha_t}$ (EDM's view). The one prediction then reads as\n\n"
        "$$\\nabla_{\\tilde x}\\log p(\\tilde x;\\sigma) = -\\frac{\\epsilon_\\theta}{\\sigma},$$\n\n"
        "$$\\hat x_0 = D(\\tilde x;\\sigma) = \\tilde x - \\sigma\\,\\epsilon_\\theta,$$\n\n"
        "$$v = \\sqrt{\\bar\\alpha_t}\\,\\epsilon_\\theta - \\sqrt{1-\\bar\\alpha_t}\\,\\hat x_0,$$\n\n"
        "$$\\frac{d\\tilde x}{d\\sigma} = \\frac{\\tilde x - D(\\tilde x;\\sigma)}{\\sigma} = \\epsilon_\\theta.$$\n\n"
        "A score (Song & Ermon), a denoiser (Tweedie: $D = \\tilde x + \\sigma^2\\nabla\\log p$), a velocity "
        "(Salimans & Ho) and the slope of the probability-flow ODE: every sampler below calls the same "
        "`Denoiser` in `core/sampling/karras.py`."
    ),
    "diffusion.fw_code": "The code every sampler here uses (core/sampling/karras.py)",
    "diffusion.fw_field_head": (
        "**The score field.** Arrows: $\\nabla\\log p(\\tilde x;\\sigma)$ of the shipped model on a grid (direction "
        "exact; length grows with $\\lVert\\nabla\\log p\\rVert$ over its median on the grid, written above the plot, "
        "and is capped at one cell). Grey: the data; orange: the data "
        "noised to this $\\sigma$. Right: where the same network sends each grid point, $\\hat x_0 = D(\\tilde x;\\sigma)$. "
        "Slide $\\sigma$ down and the field sharpens from one blob to the data."
    ),
    "diffusion.fw_dataset": "Dataset (shipped model)",
    "diffusion.fw_log_sigma": "Noise level log₁₀ σ (−2: σ = 0.01, 1.5: σ ≈ 32)",
    "diffusion.fw_side": "Arrows per side",
    "diffusion.fw_field": "Score field",
    "diffusion.fw_langevin_head": (
        "**Annealed Langevin dynamics** (Song & Ermon 2019): $L$ noise levels $\\sigma_1 > \\dots > \\sigma_L$ a "
        "constant ratio apart, $T$ steps at each,\n\n"
        "$$x \\leftarrow x + \\tfrac{\\alpha_i}{2}\\,\\nabla\\log p(x;\\sigma_i) + \\sqrt{\\alpha_i}\\,z,$$\n\n"
        "$$\\alpha_i = \\varepsilon\\,\\sigma_i^2/\\sigma_L^2.$$\n\n"
        "**Predictor-corrector** (Song et al. 2021): at each level $T$ Langevin corrector steps with "
        "$\\alpha = 2\\,(r\\,\\lVert z\\rVert/\\lVert\\nabla\\log p\\rVert)^2$ (signal-to-noise ratio $r$), then one "
        "predictor step to the next level: the reverse SDE's or the probability-flow ODE's. "
        "NFE per step: 1 + corrector steps. In the table: L levels, T steps per level, step size ε; PC's N steps, "
        "ratio r, M corrector steps. Move the frame slider below the plots to replay the particles in the left one."
    ),
    "diffusion.fw_method": "Sampler",
    "diffusion.fw_method_langevin": "annealed Langevin",
    "diffusion.fw_method_pc": "predictor-corrector",
    "diffusion.fw_levels": "Noise levels L",
    "diffusion.fw_per_level": "Steps per level T",
    "diffusion.fw_log_step": "Step size log₁₀ ε",
    "diffusion.fw_pc_steps": "PC: predictor steps",
    "diffusion.fw_snr": "PC: signal-to-noise ratio r",
    "diffusion.fw_corrector": "PC: corrector steps",
    "diffusion.fw_predictor": "PC: predictor",
    "diffusion.fw_predictor_sde": "reverse SDE",
    "diffusion.fw_predictor_ode": "probability-flow ODE",
    "diffusion.fw_run_langevin": "Run the particles",
    "diffusion.fw_particles": "Particles over noise levels and steps",
    "diffusion.fw_stats": "Quality",
    "diffusion.fw_sde_head": (
        "**The reverse SDE and its probability-flow ODE** (Song et al. 2021), in EDM's $\\sigma$ time: the same "
        "marginals, two dynamics,\n\n"
        "$$d\\tilde x = -2\\sigma\\,\\nabla\\log p(\\tilde x;\\sigma)\\,d\\sigma + \\sqrt{2\\sigma}\\,d\\bar w "
        "\\quad\\text{(SDE)},$$\n\n$$d\\tilde x = -\\sigma\\,\\nabla\\log p(\\tilde x;\\sigma)\\,d\\sigma "
        "\\quad\\text{(ODE)}.$$\n\n"
        "Both start from the same noise $x_T$ and take the same Karras $\\sigma$ steps (Euler-Maruyama, Euler; one "
        "NFE a step). Paths are drawn in the network's own coordinates $x_t = \\tilde x/\\sqrt{1+\\sigma^2}$. Below: "
        "four $x_T$, each copied $K$ times. The ODE is a function of its start: $K$ copies land on one point. "
        "The SDE adds fresh noise: they spread, across modes (spread: their mean distance to their centre)."
    ),
    "diffusion.fw_steps": "Steps (NFE per sampler)",
    "diffusion.fw_n": "Points",
    "diffusion.fw_repeats": "Copies K of each start",
    "diffusion.fw_run_sde": "Run SDE and ODE from the same noise",
    "diffusion.fw_paths": "Trajectories from the same noise",
    "diffusion.fw_determinism": "Same start, K copies",
    # text the handlers write (figures and tables)
    "diffusion.fw_fig_data": "data",
    "diffusion.fw_fig_noisy": "data + σ·noise",
    "diffusion.fw_fig_score": "score ∇log p(x̃; σ)",
    "diffusion.fw_fig_x0": "x̂₀ = D(x̃; σ) of the grid",
    "diffusion.fw_fig_score_title": "score<br>∇log p(x̃; σ)",
    "diffusion.fw_fig_x0_title": "x̂₀ = D(x̃; σ)<br>of the grid",
    "diffusion.fw_fig_grid": "grid points",
    "diffusion.fw_fig_field_title": "{dataset} · σ = {sigma:.3g}<br><span style='font-size:12px'>median |∇log p| = {median:.3g}</span>",
    "diffusion.fw_fig_particles": "particles",
    "diffusion.fw_fig_samples": "samples",
    "diffusion.fw_fig_frame": "step {step} · level {level} · σ = {sigma:.3g}",
    "diffusion.fw_fig_start": "start (σ = {sigma:.3g})",
    "diffusion.fw_fig_final": "final samples<br>{nfe} NFE",
    "diffusion.fw_fig_moving": "particles<br>(frame slider below)",
    "diffusion.fw_fig_samples_of": "{name}: samples",
    "diffusion.fw_fig_paths": "{name}<br>{k} paths<br>{nfe} NFE",
    "diffusion.fw_fig_repeats": "{name}<br>{k} copies × 4 starts<br>spread {spread:.3g}",
    "diffusion.fw_fig_x_T": "start x<sub>T</sub>",
    "diffusion.fw_fig_end": "x<sub>0</sub> from start {i}",
    "diffusion.fw_sde": "SDE (Euler-Maruyama)",
    "diffusion.fw_ode": "ODE (Euler)",
    "diffusion.fw_langevin": "annealed Langevin",
    "diffusion.fw_pc": "predictor-corrector",
    # the rows of the long quality tables (one row per measure, one column per sampler)
    "diffusion.fw_hdr_settings": "settings", "diffusion.fw_hdr_nfe": "NFE", "diffusion.fw_hdr_ms": "time (ms)",
    "diffusion.fw_hdr_w2": "sliced W2 [95%]", "diffusion.fw_hdr_floor": "floor [95%]",
    "diffusion.fw_hdr_ratio": "ratio W2 / floor", "diffusion.fw_hdr_modes": "modes covered", "diffusion.fw_hdr_spread":
        "spread of K copies",
    "diffusion.fw_no_modes": "-",
    "diffusion.fw_diverged": "diverged: some particles reached inf (lower the step size)",
}

ZH = {
    "diffusion.fw_score_tab": "分数与 Langevin",
    "diffusion.fw_sde_tab": "SDE 与 ODE",
    "diffusion.fw_readings": (
        "**一个网络，四种读法。** 自带模型预测噪声 $\\epsilon_\\theta(x_t, t)$，其中 "
        "$x_t = \\sqrt{\\bar\\alpha_t}\\,x_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\epsilon$。两边除以 $\\sqrt{\\bar\\alpha_t}$，"
        "同一过程写成 $\\tilde x = x_0 + \\sigma\\epsilon$，$\\sigma = \\sqrt{(1-\\bar\\alpha_t)/\\bar\\alpha_t}$"
        "（EDM 的视角）。同一个预测于是可以读作\n\n"
        "$$\\nabla_{\\tilde x}\\log p(\\tilde x;\\sigma) = -\\frac{\\epsilon_\\theta}{\\sigma},$$\n\n"
        "$$\\hat x_0 = D(\\tilde x;\\sigma) = \\tilde x - \\sigma\\,\\epsilon_\\theta,$$\n\n"
        "$$v = \\sqrt{\\bar\\alpha_t}\\,\\epsilon_\\theta - \\sqrt{1-\\bar\\alpha_t}\\,\\hat x_0,$$\n\n"
        "$$\\frac{d\\tilde x}{d\\sigma} = \\frac{\\tilde x - D(\\tilde x;\\sigma)}{\\sigma} = \\epsilon_\\theta.$$\n\n"
        "分数（Song 与 Ermon）、去噪器（Tweedie：$D = \\tilde x + \\sigma^2\\nabla\\log p$）、速度（Salimans 与 Ho）"
        "以及概率流 ODE 的斜率：下面每个采样器都调用 `core/sampling/karras.py` 中同一个 `Denoiser`。"
    ),
    "diffusion.fw_code": "这里每个采样器都使用的代码（core/sampling/karras.py）",
    "diffusion.fw_field_head": (
        "**分数场。** 箭头：自带模型在网格上的 $\\nabla\\log p(\\tilde x;\\sigma)$（方向准确；长度随 $\\lVert\\nabla\\log p\\rVert$ 与其网格中位数"
        "（写在图上方）之比增长，最长一个格子）。灰色：数据；橙色：加了该 $\\sigma$ 噪声的数据。右图：同一网络把每个网格点送到哪里，"
        "$\\hat x_0 = D(\\tilde x;\\sigma)$。把 $\\sigma$ 往下拉，分数场从一团逐渐锐化到数据上。"
    ),
    "diffusion.fw_dataset": "数据集（自带模型）",
    "diffusion.fw_log_sigma": "噪声水平 log₁₀ σ（−2：σ = 0.01，1.5：σ ≈ 32）",
    "diffusion.fw_side": "每边箭头数",
    "diffusion.fw_field": "分数场",
    "diffusion.fw_langevin_head": (
        "**退火 Langevin 动力学**（Song 与 Ermon，2019）：$L$ 个按固定比例递减的噪声水平 "
        "$\\sigma_1 > \\dots > \\sigma_L$，每个水平走 $T$ 步，\n\n"
        "$$x \\leftarrow x + \\tfrac{\\alpha_i}{2}\\,\\nabla\\log p(x;\\sigma_i) + \\sqrt{\\alpha_i}\\,z,$$\n\n"
        "$$\\alpha_i = \\varepsilon\\,\\sigma_i^2/\\sigma_L^2.$$\n\n"
        "**预测-校正**（Song 等，2021）：每个水平先做若干步 Langevin 校正，步长 "
        "$\\alpha = 2\\,(r\\,\\lVert z\\rVert/\\lVert\\nabla\\log p\\rVert)^2$（信噪比 $r$），再用反向 SDE 或概率流 ODE "
        "预测一步到下一个水平。每步网络调用次数：1 + 校正步数。表中：L 个水平、每个水平 T 步、步长 ε；预测-校正的 N 步、"
        "信噪比 r、M 步校正。拖动图下方的帧滑块，可在左图中回放粒子。"
    ),
    "diffusion.fw_method": "采样器",
    "diffusion.fw_method_langevin": "退火 Langevin",
    "diffusion.fw_method_pc": "预测-校正",
    "diffusion.fw_levels": "噪声水平数 L",
    "diffusion.fw_per_level": "每个水平的步数 T",
    "diffusion.fw_log_step": "步长 log₁₀ ε",
    "diffusion.fw_pc_steps": "预测-校正：预测步数",
    "diffusion.fw_snr": "预测-校正：信噪比 r",
    "diffusion.fw_corrector": "预测-校正：校正步数",
    "diffusion.fw_predictor": "预测-校正：预测器",
    "diffusion.fw_predictor_sde": "反向 SDE",
    "diffusion.fw_predictor_ode": "概率流 ODE",
    "diffusion.fw_run_langevin": "运行粒子",
    "diffusion.fw_particles": "粒子随噪声水平与步数的变化",
    "diffusion.fw_stats": "质量",
    "diffusion.fw_sde_head": (
        "**反向 SDE 与其概率流 ODE**（Song 等，2021），以 EDM 的 $\\sigma$ 为时间：边缘分布相同，动力学不同，\n\n"
        "$$d\\tilde x = -2\\sigma\\,\\nabla\\log p(\\tilde x;\\sigma)\\,d\\sigma + \\sqrt{2\\sigma}\\,d\\bar w "
        "\\quad\\text{(SDE)},$$\n\n$$d\\tilde x = -\\sigma\\,\\nabla\\log p(\\tilde x;\\sigma)\\,d\\sigma "
        "\\quad\\text{(ODE)}.$$\n\n"
        "两者从同一个噪声 $x_T$ 出发，走同样的 Karras $\\sigma$ 步（Euler-Maruyama 与 Euler；每步一次网络调用）。"
        "轨迹画在网络自己的坐标 $x_t = \\tilde x/\\sqrt{1+\\sigma^2}$ 中。下图：四个 $x_T$，各复制 $K$ 份。"
        "ODE 是起点的函数：$K$ 份落在同一点。SDE 加入新的噪声：它们会散开，甚至跨越不同的模式（散布：到其中心的平均距离）。"
    ),
    "diffusion.fw_steps": "步数（每个采样器的网络调用次数）",
    "diffusion.fw_n": "点数",
    "diffusion.fw_repeats": "每个起点的副本数 K",
    "diffusion.fw_run_sde": "从同一噪声运行 SDE 与 ODE",
    "diffusion.fw_paths": "从同一噪声出发的轨迹",
    "diffusion.fw_determinism": "同一起点，复制 K 份",
    "diffusion.fw_fig_data": "数据",
    "diffusion.fw_fig_noisy": "数据 + σ·噪声",
    "diffusion.fw_fig_score": "分数 ∇log p(x̃; σ)",
    "diffusion.fw_fig_x0": "网格点的 x̂₀ = D(x̃; σ)",
    "diffusion.fw_fig_score_title": "分数<br>∇log p(x̃; σ)",
    "diffusion.fw_fig_x0_title": "网格点的<br>x̂₀ = D(x̃; σ)",
    "diffusion.fw_fig_grid": "网格点",
    "diffusion.fw_fig_field_title": "{dataset} · σ = {sigma:.3g}<br><span style='font-size:12px'>|∇log p| 的中位数 = {median:.3g}</span>",
    "diffusion.fw_fig_particles": "粒子",
    "diffusion.fw_fig_samples": "样本",
    "diffusion.fw_fig_frame": "第 {step} 步 · 第 {level} 个水平 · σ = {sigma:.3g}",
    "diffusion.fw_fig_start": "起点（σ = {sigma:.3g}）",
    "diffusion.fw_fig_final": "最终样本<br>{nfe} 次网络调用",
    "diffusion.fw_fig_moving": "粒子<br>（下方为帧滑块）",
    "diffusion.fw_fig_samples_of": "{name}：样本",
    "diffusion.fw_fig_paths": "{name}<br>{k} 条轨迹<br>{nfe} 次网络调用",
    "diffusion.fw_fig_repeats": "{name}<br>4 个起点各 {k} 份<br>散布 {spread:.3g}",
    "diffusion.fw_fig_x_T": "起点 x<sub>T</sub>",
    "diffusion.fw_fig_end": "起点 {i} 的 x<sub>0</sub>",
    "diffusion.fw_sde": "SDE（Euler-Maruyama）",
    "diffusion.fw_ode": "ODE（Euler）",
    "diffusion.fw_langevin": "退火 Langevin",
    "diffusion.fw_pc": "预测-校正",
    "diffusion.fw_hdr_settings": "设置", "diffusion.fw_hdr_nfe": "网络调用次数", "diffusion.fw_hdr_ms": "耗时（毫秒）",
    "diffusion.fw_hdr_w2": "切片 W2 [95%]", "diffusion.fw_hdr_floor": "噪声下限 [95%]",
    "diffusion.fw_hdr_ratio": "比值 W2 / 下限", "diffusion.fw_hdr_modes": "覆盖的模式", "diffusion.fw_hdr_spread": "K 份副本的散布",
    "diffusion.fw_no_modes": "-",
    "diffusion.fw_diverged": "发散：部分粒子变为无穷大（请减小步长）",
}

STRINGS = {"en": EN, "zh-CN": ZH}
