"""English and Simplified Chinese text of the "Samplers vs NFE" view of the diffusion tab."""

EN = {
    "diffusion.smp_tab": "Samplers vs NFE",
    "diffusion.smp_explain": (
        "**One network, many samplers.** Every sampler here runs the same shipped noise predictor "
        "$\\epsilon_\\theta$ from the same start noise $x_T$; only the integrator changes. The network is read "
        "four ways, with $\\bar\\alpha = 1/(1+\\sigma^2)$ and $\\tilde x = x_t/\\sqrt{\\bar\\alpha} = x_0 + \\sigma\\epsilon$: "
        "score $\\nabla\\log p = -\\epsilon/\\sqrt{1-\\bar\\alpha}$; "
        "$\\hat x_0 = (x_t - \\sqrt{1-\\bar\\alpha}\\,\\epsilon)/\\sqrt{\\bar\\alpha}$; "
        "velocity $v = \\sqrt{\\bar\\alpha}\\,\\epsilon - \\sqrt{1-\\bar\\alpha}\\,\\hat x_0$; "
        "EDM's denoiser $D(\\tilde x;\\sigma) = \\tilde x - \\sigma\\epsilon$, whose probability-flow ODE is "
        "$d\\tilde x/d\\sigma = (\\tilde x - D)/\\sigma$.\n\n"
        "**Where each sampler comes from.** From diffusers: DDPM, DDIM, DPM-Solver++(2M), UniPC, DEIS "
        "(one loop over diffusers' multistep schedulers, on the schedule the model was trained with). "
        "Written by hand in $\\sigma$ (`core/sampling/karras.py`, EDM's $\\sigma$ grid, $\\rho=7$): Euler on "
        "the probability-flow ODE, EDM's Heun (Algorithm 1: two evaluations a step, the last step Euler) and "
        "Euler–Maruyama on the reverse SDE. Why by hand: diffusers' `HeunDiscreteScheduler` on this "
        "project's linear / trailing schedule lands off an exact Gaussian (mean [0.82, −1.66] for "
        "N([1, −2], 0.5²)), and diffusers has no reverse-SDE step in $\\sigma$.\n\n"
        "**The chart** is EDM's Figure 2: each sampler's sliced W2 against the network evaluations (NFE) it "
        "spent, beside the floor (two real samples of the same size). Solid: deterministic ODE solvers; "
        "dashed: stochastic samplers."
    ),
    "diffusion.smp_label_euler": "Euler (PF-ODE)",
    "diffusion.smp_label_heun": "Heun (EDM Alg. 1)",
    "diffusion.smp_label_euler_maruyama": "Euler–Maruyama (reverse SDE)",
    "diffusion.smp_label_pc": "Predictor–corrector (SDE + Langevin)",
    "diffusion.smp_dataset": "Dataset",
    "diffusion.smp_sampler": "Sampler",
    "diffusion.smp_nfe": "Network evaluations (NFE)",
    "diffusion.smp_points": "Points",
    "diffusion.smp_seed": "Seed",
    "diffusion.smp_run": "Sample",
    "diffusion.smp_samples": "Samples (grey: real data)",
    "diffusion.smp_stats": "Result",
    "diffusion.smp_chart_points": "Points in the live chart",
    "diffusion.smp_chart_run": "Compute the live chart",
    "diffusion.smp_live_chart": "Quality against NFE, live (2D)",
    "diffusion.smp_saved_points": "Saved: 2D, 2000 points, 3 seeds",
    "diffusion.smp_saved_digits": "Saved: digits, 200 samples",
    "diffusion.smp_saved_note": (
        "The saved charts come from `python benchmarks/bench_samplers.py` (about five minutes here)."
    ),
    "diffusion.smp_no_saved": "No saved benchmark yet: run `python benchmarks/bench_samplers.py`.",
    "diffusion.smp_status": ("**{label}** ({source}, {kind}) · {nfe} NFE in {steps} steps · {ms:.0f} ms · "
                             "sliced W2 {w2:.4f} [{w2_lo:.4f}, {w2_hi:.4f}] · floor {floor:.4f} "
                             "[{floor_lo:.4f}, {floor_hi:.4f}] · ratio {ratio:.2f}"),
    "diffusion.smp_kind_ode": "ODE, deterministic",
    "diffusion.smp_kind_sde": "stochastic",
    "diffusion.smp_source_diffusers": "diffusers",
    "diffusion.smp_source_by hand": "by hand",
    "diffusion.smp_fig_nfe": "network evaluations, NFE (log scale)",
    "diffusion.smp_fig_w2": "sliced W2 (log scale)",
    "diffusion.smp_fig_frechet": "Fréchet distance (log scale)",
    "diffusion.smp_fig_accuracy": "class accuracy",
    "diffusion.smp_fig_floor": "floor (95%)",
    "diffusion.smp_fig_samples": "{label} · {nfe} NFE",
    "diffusion.smp_fig_data": "data",
    "diffusion.smp_summary": (
        "**Read from the saved chart ({track}).** At 10 NFE the best of Heun / DPM-Solver++ / UniPC is "
        "{best} with {best_value:.3f} against DDIM's {ddim:.3f}. At {high} NFE the ODE samplers lie within "
        "{spread:.1%} of each other. The reverse SDE is behind the best ODE solver at {behind} NFE; level or "
        "ahead at: {ahead}. To come within 10% of the best ODE value ({target:.3f}) it needs {sde} NFE; the "
        "fastest ODE solver, {first}, needs {ode} NFE."
    ),
    "diffusion.smp_notes": (
        "**Why the curves look as they do.** Below ~20 NFE the multistep solvers (DPM-Solver++, UniPC, DEIS) "
        "lead: they reuse earlier evaluations for a higher-order step at one evaluation a step. EDM's Heun pays "
        "two evaluations a step, so at 5–9 NFE it takes 3–5 long steps, and its second slope, taken at the end "
        "of a long step at small σ on points still far from the data, overshoots; from ~20 NFE it joins the "
        "others. All ODE solvers converge to one value: the probability-flow ODE of the learned model, whose "
        "own error, not the solver's, is what stays above the floor. The reverse SDE (Euler–Maruyama) "
        "diverges at 5 NFE (its first step from σ≈157 adds noise that no later step removes) and trails the "
        "ODE solvers at 10 NFE, so at coarse budgets it needs more NFE for the same quality. From ~20 NFE on "
        "the 2D track it is level with the ODE's converged value within its run-to-run noise, sometimes below "
        "it: the fresh noise of every step corrects errors of the learned score made earlier (EDM §4), which "
        "the deterministic ODE carries to the end, so there the SDE needs no more NFE than the ODE."
    ),
    "diffusion.smp_never": "more than the grid's largest",
    "diffusion.smp_none": "none",
    "diffusion.smp_live_title": "2D · {dataset} · {n} points (live)<br>lower is better",
    "diffusion.smp_saved_title": "2D · {dataset} · {n} points · {seeds} seeds<br>lower is better",
    "diffusion.smp_saved_digits_title": "digits · {n} samples<br>Fréchet distance: lower is better",
}

ZH = {
    "diffusion.smp_tab": "采样器与 NFE",
    "diffusion.smp_explain": (
        "**一个网络，多种采样器。** 这里每个采样器都使用同一个已发布的噪声预测器 $\\epsilon_\\theta$，从同一个起始噪声 "
        "$x_T$ 出发；只有积分方法不同。同一个网络有四种读法，其中 $\\bar\\alpha = 1/(1+\\sigma^2)$，"
        "$\\tilde x = x_t/\\sqrt{\\bar\\alpha} = x_0 + \\sigma\\epsilon$："
        "分数 $\\nabla\\log p = -\\epsilon/\\sqrt{1-\\bar\\alpha}$；"
        "$\\hat x_0 = (x_t - \\sqrt{1-\\bar\\alpha}\\,\\epsilon)/\\sqrt{\\bar\\alpha}$；"
        "速度 $v = \\sqrt{\\bar\\alpha}\\,\\epsilon - \\sqrt{1-\\bar\\alpha}\\,\\hat x_0$；"
        "EDM 的去噪器 $D(\\tilde x;\\sigma) = \\tilde x - \\sigma\\epsilon$，其概率流 ODE 为 "
        "$d\\tilde x/d\\sigma = (\\tilde x - D)/\\sigma$。\n\n"
        "**各采样器的来源。** 来自 diffusers：DDPM、DDIM、DPM-Solver++(2M)、UniPC、DEIS（同一个循环驱动 diffusers 的多步"
        "调度器，使用模型训练时的噪声日程）。在 $\\sigma$ 空间中手写（`core/sampling/karras.py`，EDM 的 $\\sigma$ 网格，"
        "$\\rho=7$）：概率流 ODE 上的 Euler、EDM 的 Heun（算法 1：每步两次网络计算，最后一步为 Euler）以及反向 SDE 上的 "
        "Euler–Maruyama。为何手写：diffusers 的 `HeunDiscreteScheduler` 在本项目的线性 / trailing 日程上，对精确的高斯"
        "分布有偏（对 N([1, −2], 0.5²) 得到均值 [0.82, −1.66]），而 diffusers 没有 $\\sigma$ 空间的反向 SDE 步。\n\n"
        "**图表**即 EDM 的图 2：每个采样器的切片 W2 随其实际花费的网络计算次数（NFE）变化，旁边是噪声下限（两个同样大小的"
        "真实样本之间的距离）。实线：确定性的 ODE 求解器；虚线：随机采样器。"
    ),
    "diffusion.smp_label_euler": "Euler（概率流 ODE）",
    "diffusion.smp_label_heun": "Heun（EDM 算法 1）",
    "diffusion.smp_label_euler_maruyama": "Euler–Maruyama（反向 SDE）",
    "diffusion.smp_label_pc": "预测-校正（SDE + Langevin）",
    "diffusion.smp_dataset": "数据集",
    "diffusion.smp_sampler": "采样器",
    "diffusion.smp_nfe": "网络计算次数（NFE）",
    "diffusion.smp_points": "点数",
    "diffusion.smp_seed": "随机种子",
    "diffusion.smp_run": "采样",
    "diffusion.smp_samples": "样本（灰色：真实数据）",
    "diffusion.smp_stats": "结果",
    "diffusion.smp_chart_points": "现场图表的点数",
    "diffusion.smp_chart_run": "计算现场图表",
    "diffusion.smp_live_chart": "质量随 NFE 的变化，现场计算（二维）",
    "diffusion.smp_saved_points": "已保存：二维，2000 个点，3 个种子",
    "diffusion.smp_saved_digits": "已保存：手写数字，200 个样本",
    "diffusion.smp_saved_note": "已保存的图表由 `python benchmarks/bench_samplers.py` 计算（本机约五分钟）。",
    "diffusion.smp_no_saved": "尚无保存的基准结果：请运行 `python benchmarks/bench_samplers.py`。",
    "diffusion.smp_status": ("**{label}**（{source}，{kind}）· {steps} 步共 {nfe} 次 NFE · {ms:.0f} 毫秒 · "
                             "切片 W2 {w2:.4f} [{w2_lo:.4f}, {w2_hi:.4f}] · 下限 {floor:.4f} "
                             "[{floor_lo:.4f}, {floor_hi:.4f}] · 比值 {ratio:.2f}"),
    "diffusion.smp_kind_ode": "ODE，确定性",
    "diffusion.smp_kind_sde": "随机",
    "diffusion.smp_source_diffusers": "diffusers",
    "diffusion.smp_source_by hand": "手写",
    "diffusion.smp_fig_nfe": "网络计算次数 NFE（对数坐标）",
    "diffusion.smp_fig_w2": "切片 W2（对数坐标）",
    "diffusion.smp_fig_frechet": "Fréchet 距离（对数坐标）",
    "diffusion.smp_fig_accuracy": "类别准确率",
    "diffusion.smp_fig_floor": "下限（95%）",
    "diffusion.smp_fig_samples": "{label} · {nfe} NFE",
    "diffusion.smp_fig_data": "数据",
    "diffusion.smp_summary": (
        "**从已保存的图表读出（{track}）。** 在 10 NFE 时，Heun / DPM-Solver++ / UniPC 中最好的是 {best}，"
        "为 {best_value:.3f}，DDIM 为 {ddim:.3f}。在 {high} NFE 时各 ODE 采样器彼此相差 {spread:.1%} 以内。反向 SDE 在 {behind} NFE 时落后于最好的 ODE "
        "求解器；持平或领先时的 NFE：{ahead}。要达到最佳 ODE 值的 10% 以内（{target:.3f}），反向 SDE 需要 {sde} NFE；"
        "最快的 ODE 求解器 {first} 需要 {ode} NFE。"
    ),
    "diffusion.smp_notes": (
        "**曲线为何如此。** 在约 20 NFE 以下，多步求解器（DPM-Solver++、UniPC、DEIS）领先：它们复用之前的网络计算，"
        "每步一次计算即可做高阶更新。EDM 的 Heun 每步要两次计算，所以 5–9 NFE 时只有 3–5 个长步，而其第二个斜率"
        "是在长步末端的小 σ 处、在仍远离数据的点上取得的，因而会冲过头；从约 20 NFE 起它与其他求解器一致。所有 ODE "
        "求解器都收敛到同一个值：所学模型的概率流 ODE，高于下限的部分是模型本身的误差，而非求解器的误差。反向 SDE"
        "（Euler–Maruyama）在 5 NFE 时发散（从 σ≈157 出发的第一步加入的噪声之后无法去除），在 10 NFE 时落后于 ODE "
        "求解器，所以在预算较少时它需要更多 NFE 才能达到同样的质量。在二维任务上从约 20 NFE 起，它在其运行间噪声范围内"
        "与 ODE 的收敛值持平，有时更低：每一步的新噪声会纠正之前所学分数带来的误差（EDM 第 4 节），而确定性的 ODE 会把这些"
        "误差一直带到终点，因此在那里 SDE 并不比 ODE 需要更多 NFE。"
    ),
    "diffusion.smp_never": "超过网格的最大值",
    "diffusion.smp_none": "无",
    "diffusion.smp_live_title": "二维 · {dataset} · {n} 个点（现场）<br>越低越好",
    "diffusion.smp_saved_title": "二维 · {dataset} · {n} 个点 · {seeds} 个种子<br>越低越好",
    "diffusion.smp_saved_digits_title": "手写数字 · {n} 个样本<br>Fréchet 距离越低越好",
}

STRINGS = {"en": EN, "zh-CN": ZH}
