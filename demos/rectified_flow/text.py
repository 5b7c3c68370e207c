"""English and Simplified Chinese text of the rectified-flow tab."""

EN = {
    "rf.tab": "Rectified flow",
    "rf.explain": (
        "**Convention (kept everywhere in this tab).** $x_t = (1-t)\\,x_0 + t\\,x_1$ for $t\\in[0,1]$: $t=0$ is the "
        "data, $t=1$ the noise $\\epsilon\\sim\\mathcal N(0,I)$ or a second distribution. A network learns the "
        "velocity by flow matching (Liu et al. 2022; Lipman et al. 2022)\n\n"
        "$$\\min_\\theta\\ \\mathbb E_{t,x_0,x_1}\\,\\big\\|(x_1 - x_0) - v_\\theta(x_t, t)\\big\\|^2,$$\n\n"
        "and sampling carries $x_1$ from $t=1$ down to $t=0$ along $dx/dt = v_\\theta(x,t)$ with Euler steps. "
        "**Reflow** draws pairs $(z_0, z_1)$ with the current flow and trains again on them: the paths straighten, "
        "so one step lands on the data. **Straightness** $S=\\int_0^1\\mathbb E\\|(z_1-z_0)-v(z_t,t)\\|^2dt$ is 0 "
        "for straight paths; **transport cost** is $\\mathbb E\\|z_1-z_0\\|^2$. **OT-CFM** (Tong et al. 2023) "
        "pairs each minibatch by exact optimal transport instead. W2 is sliced W2 beside its floor (two real "
        "samples of the same size)."
    ),
    "rf.points": "2D: transport and reflow",
    "rf.digits": "Digits: few-step generation",
    "rf.source": "Source (t = 1)",
    "rf.target": "Target (t = 0)",
    "rf.draw_source": "Draw the source (pick 'drawing' as source)",
    "rf.draw_target": "Draw the target (pick 'drawing' as target)",
    "rf.model": "Flows",
    "rf.model_shipped": "shipped checkpoints",
    "rf.model_live": "my live-trained flows",
    "rf.steps": "Euler steps",
    "rf.n_points": "Points",
    "rf.seed": "Seed",
    "rf.sample": "Transport with every flow",
    "rf.transport": "Paths and samples after N Euler steps (orange: source, grey: target)",
    "rf.one_step": "One Euler step",
    "rf.stats": "Side by side (W2 is sliced W2; floor: real vs real)",
    "rf.coupling": "Coupling of the first flow",
    "rf.coupling_independent": "independent (1-rectified)",
    "rf.coupling_ot": "minibatch OT (OT-CFM)",
    "rf.train_steps": "Training updates per stage",
    "rf.train": "Train live / resume",
    "rf.pause": "Pause",
    "rf.step": "Step (50 updates)",
    "rf.reflow": "Reflow: next rectified flow",
    "rf.reset": "Reset",
    "rf.train_status": "Training status",
    "rf.loss": "Training loss",
    "rf.live_samples": "Current flow, one Euler step",
    "rf.class": "Digit class",
    "rf.n_images": "Images",
    "rf.digit_steps": "Scheduler steps (FlowMatchEulerDiscreteScheduler)",
    "rf.generate": "Generate with the 1- and 2-rectified flows",
    "rf.images_1": "1-rectified flow",
    "rf.images_2": "2-rectified flow (reflowed)",
    "rf.digit_stats": "Side by side (judged by the digits classifier)",
    "rf.nfe_chart": "Measured: quality against network evaluations (benchmarks/results/rectified_flow.json)",
    "rf.measured": "Measured figures (benchmark JSON)",
    "rf.no_result": "No benchmark result yet: run `python benchmarks/bench_rectified_flow.py`.",
}

ZH = {
    "rf.tab": "整流流",
    "rf.explain": (
        "**约定（本页处处一致）。** $x_t = (1-t)\\,x_0 + t\\,x_1$，$t\\in[0,1]$：$t=0$ 为数据，$t=1$ 为噪声 "
        "$\\epsilon\\sim\\mathcal N(0,I)$ 或另一个分布。网络用流匹配学习速度场（Liu 等 2022；Lipman 等 2022）\n\n"
        "$$\\min_\\theta\\ \\mathbb E_{t,x_0,x_1}\\,\\big\\|(x_1 - x_0) - v_\\theta(x_t, t)\\big\\|^2,$$\n\n"
        "采样时沿 $dx/dt = v_\\theta(x,t)$ 用欧拉步把 $x_1$ 从 $t=1$ 带到 $t=0$。**再流（reflow）** 用当前的流生成配对 "
        "$(z_0, z_1)$ 并在其上重新训练：路径变直，一步即可落到数据上。**直度** "
        "$S=\\int_0^1\\mathbb E\\|(z_1-z_0)-v(z_t,t)\\|^2dt$ 对直线路径为 0；**传输代价** 为 $\\mathbb E\\|z_1-z_0\\|^2$。"
        "**OT-CFM**（Tong 等 2023）改用小批量精确最优传输配对。W2 为切片 W2，旁边是其下限（两份同样大小的真实样本之间）。"
    ),
    "rf.points": "二维：传输与再流",
    "rf.digits": "手写数字：少步生成",
    "rf.source": "源分布（t = 1）",
    "rf.target": "目标分布（t = 0）",
    "rf.draw_source": "绘制源分布（源选择 'drawing'）",
    "rf.draw_target": "绘制目标分布（目标选择 'drawing'）",
    "rf.model": "流",
    "rf.model_shipped": "预训练检查点",
    "rf.model_live": "我在线训练的流",
    "rf.steps": "欧拉步数",
    "rf.n_points": "点数",
    "rf.seed": "随机种子",
    "rf.sample": "用每个流进行传输",
    "rf.transport": "N 步欧拉后的路径与样本（橙：源，灰：目标）",
    "rf.one_step": "一步欧拉",
    "rf.stats": "并列比较（W2 为切片 W2；下限：真实对真实）",
    "rf.coupling": "第一个流的配对方式",
    "rf.coupling_independent": "独立配对（1-整流）",
    "rf.coupling_ot": "小批量最优传输（OT-CFM）",
    "rf.train_steps": "每阶段训练更新次数",
    "rf.train": "在线训练 / 继续",
    "rf.pause": "暂停",
    "rf.step": "单步（50 次更新）",
    "rf.reflow": "再流：下一个整流流",
    "rf.reset": "重置",
    "rf.train_status": "训练状态",
    "rf.loss": "训练损失",
    "rf.live_samples": "当前的流，一步欧拉",
    "rf.class": "数字类别",
    "rf.n_images": "图像数",
    "rf.digit_steps": "调度器步数（FlowMatchEulerDiscreteScheduler）",
    "rf.generate": "用 1-整流和 2-整流流生成",
    "rf.images_1": "1-整流流",
    "rf.images_2": "2-整流流（再流后）",
    "rf.digit_stats": "并列比较（由数字分类器评判）",
    "rf.nfe_chart": "实测：质量与网络评估次数（benchmarks/results/rectified_flow.json）",
    "rf.measured": "实测数据（基准 JSON）",
    "rf.no_result": "尚无基准结果：运行 `python benchmarks/bench_rectified_flow.py`。",
}

STRINGS = {"en": EN, "zh-CN": ZH}
