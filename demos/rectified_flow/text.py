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
    "rf.transport": "**Paths and samples after N Euler steps (orange: source, grey: target)**",
    "rf.one_step": "**One Euler step**",
    "rf.stats": "Paths side by side: straightness S (0 for straight paths) and transport cost",
    "rf.w2_stats": "Sliced W2 to the target, side by side [95%] (floor: two real samples)",
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
    "rf.loss": "**Training loss**",
    "rf.live_samples": "**Current flow, one Euler step**",
    "rf.class": "Digit class",
    "rf.any_class": "any (0 to 9 in turn)",
    "rf.n_images": "Images",
    "rf.digit_steps": "Scheduler steps",
    "rf.digit_steps_info": "FlowMatchEulerDiscreteScheduler; one network evaluation a step",
    "rf.generate": "Generate with the 1- and 2-rectified flows",
    "rf.images_1": "**1-rectified flow**",
    "rf.images_2": "**2-rectified flow (reflowed)**",
    "rf.digit_stats": "Side by side (judged by the digits classifier)",
    "rf.confidence_note": (
        "**Confidence alone misleads:** a blur that sits at a class mean can be classified confidently, so it "
        "can outscore sharp digits, while the Fréchet distance compares the whole distribution of the "
        "classifier's features with real unseen digits, their spread included, so blurs land far above its "
        "floor (two halves of the real digits: what a perfect generator scores). Confidence and accuracy judge "
        "the digits shown; the Fréchet distance needs more digits, so it judges a class-balanced batch by the "
        "same flow, steps and seed (its size in the row's name)."
    ),
    "rf.nfe_chart": "**Measured: quality against network evaluations (benchmarks/results/rectified_flow.json)**",
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
    "rf.transport": "**N 步欧拉后的路径与样本（橙：源，灰：目标）**",
    "rf.one_step": "**一步欧拉**",
    "rf.stats": "路径并列比较：直度 S（直线路径为 0）与传输代价",
    "rf.w2_stats": "到目标的切片 W2 并列比较 [95%]（下限：两份真实样本之间）",
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
    "rf.loss": "**训练损失**",
    "rf.live_samples": "**当前的流，一步欧拉**",
    "rf.class": "数字类别",
    "rf.any_class": "任意（0 到 9 轮流）",
    "rf.n_images": "图像数",
    "rf.digit_steps": "调度器步数",
    "rf.digit_steps_info": "FlowMatchEulerDiscreteScheduler；每步一次网络求值",
    "rf.generate": "用 1-整流和 2-整流流生成",
    "rf.images_1": "**1-整流流**",
    "rf.images_2": "**2-整流流（再流后）**",
    "rf.digit_stats": "并列比较（由数字分类器评判）",
    "rf.confidence_note": (
        "**只看置信度会误导：** 位于某类均值处的一团模糊也能被分类器高置信度地判为该类，因而得分可能高于清晰的数字；"
        "而 Fréchet 距离比较的是分类器特征的整个分布（包括其离散程度）与未见过的真实数字之间的差距，"
        "所以模糊图像远高于其下限（真实数字两半之间的距离：完美生成器的得分）。置信度与准确率评判的是上面显示的数字；"
        "Fréchet 距离需要更多数字，因此评判的是同一个流、相同步数和种子生成的一批类别均衡的数字（数量见该行名称）。"
    ),
    "rf.nfe_chart": "**实测：质量与网络评估次数（benchmarks/results/rectified_flow.json）**",
    "rf.measured": "实测数据（基准 JSON）",
    "rf.no_result": "尚无基准结果：运行 `python benchmarks/bench_rectified_flow.py`。",
}

EN.update({  # figures, tables and status lines (written by handlers through ``tr``)
    "rectified_flow.fig_source": "source x₁ (t = 1)", "rectified_flow.fig_target_t0": "target data (t = 0)",
    "rectified_flow.fig_samples": "samples x₀, {steps} step(s)", "rectified_flow.fig_paths": "64 paths (o start, • end)",
    "rectified_flow.fig_one_step_title": "{label}<br>1 step · W2 {w2:.3f}", "rectified_flow.fig_target": "target data",
    "rectified_flow.fig_one_step": "1-step samples", "rectified_flow.fig_stage": "stage {stage}", "rectified_flow.fig_update": "update",
    "rectified_flow.fig_loss": "flow-matching loss", "rectified_flow.fig_live_title": "{label} · {it:,} updates · 1 Euler step",
    "rectified_flow.fig_rf1": "1-rectified flow", "rectified_flow.fig_rf2": "2-rectified flow", "rectified_flow.fig_floor": "floor (held-out halves)",
    "rectified_flow.fig_frechet_title": "Fréchet distance (lower is better)",
    "rectified_flow.fig_accuracy_title": "class accuracy (higher is better)", "rectified_flow.fig_nfe": "network evaluations (NFE)",
    "rectified_flow.fig_frechet": "Fréchet distance", "rectified_flow.fig_accuracy": "accuracy",
    "rectified_flow.th_flow": "flow", "rectified_flow.th_transport": "transport cost",
    "rectified_flow.th_w2_n": "W2, {steps} step(s)", "rectified_flow.th_w2_1": "W2, 1 step",
    "rectified_flow.th_flow_nfe_ms": "flow · NFE · ms", "rectified_flow.row_flow": "{flow} · {nfe} NFE · {ms:.1f} ms",
    "rectified_flow.row_floor": "floor: real vs real", "rectified_flow.th_measure": "measure",
    "rectified_flow.th_frechet": "Fréchet distance, {n} class-balanced digits [95%]",
    "rectified_flow.th_frechet_floor": "Fréchet floor: real vs real [95%]",
    "rectified_flow.th_steps": "steps", "rectified_flow.th_confidence": "classifier confidence [95%]",
    "rectified_flow.th_accuracy": "class accuracy [95%]", "rectified_flow.th_figure": "figure", "rectified_flow.th_value": "value",
    "rectified_flow.status_updates": "{it:,} / {total:,} updates", "rectified_flow.status_loss": "loss {loss:.4f}",
    "rectified_flow.status_rate": "{rate:.0f} updates/s",
    "rectified_flow.status_idle": "no live flow yet: press Train live / resume",
    "rectified_flow.fig_k_rectified": "{k}-rectified",
    "rectified_flow.fig_waiting_loss": "The loss curve appears here<br>once you press Train live / resume.",
    "rectified_flow.fig_waiting_samples": "The live flow's one-step samples<br>appear here as it trains.",
    "rectified_flow.m_straightness": "2D {pair}: straightness S, 2-rectified ÷ 1-rectified",
    "rectified_flow.m_one_step": "2D {pair}: W2 after one Euler step, 2-rectified ÷ 1-rectified",
    "rectified_flow.m_w2": "2D {pair}: {flow}, W2 after 1 / 100 Euler steps [95%]",
    "rectified_flow.m_w2_floor": "2D {pair}: W2 floor, two real samples [95%]",
    "rectified_flow.m_digits": "digits, {flow}, {steps} step(s): Fréchet / class accuracy [95%]",
    "rectified_flow.m_digits_floor": "digits: Fréchet floor, held-out halves [95%]",
    "rectified_flow.m_rf_points_default_s": "speed: 2D transport, default settings (s)",
    "rectified_flow.m_rf_digits_default_s": "speed: digits, default settings (s)",
    "rectified_flow.m_live_updates_per_s": "speed: live training (updates/s)",
    "rectified_flow.m_endpoint_baseline_no_work_s": "speed: round trip of an endpoint that does no work (s)",
    "rectified_flow.m_endpoint_rf_points_s": "speed: /rf_points round trip (s)",
    "rectified_flow.m_endpoint_rf_digits_s": "speed: /rf_digits round trip (s)",
})
ZH.update({
    "rectified_flow.fig_source": "源 x₁（t = 1）", "rectified_flow.fig_target_t0": "目标数据（t = 0）",
    "rectified_flow.fig_samples": "样本 x₀，{steps} 步", "rectified_flow.fig_paths": "64 条路径（o 起点，• 终点）",
    "rectified_flow.fig_one_step_title": "{label}<br>1 步 · W2 {w2:.3f}", "rectified_flow.fig_target": "目标数据",
    "rectified_flow.fig_one_step": "一步样本", "rectified_flow.fig_stage": "第 {stage} 阶段", "rectified_flow.fig_update": "更新次数",
    "rectified_flow.fig_loss": "流匹配损失", "rectified_flow.fig_live_title": "{label} · {it:,} 次更新 · 1 步欧拉",
    "rectified_flow.fig_rf1": "1-整流流", "rectified_flow.fig_rf2": "2-整流流", "rectified_flow.fig_floor": "下限（留出数据两半之间）",
    "rectified_flow.fig_frechet_title": "Fréchet 距离（越低越好）",
    "rectified_flow.fig_accuracy_title": "类别准确率（越高越好）", "rectified_flow.fig_nfe": "网络求值次数（NFE）",
    "rectified_flow.fig_frechet": "Fréchet 距离", "rectified_flow.fig_accuracy": "准确率",
    "rectified_flow.th_flow": "流", "rectified_flow.th_transport": "传输代价",
    "rectified_flow.th_w2_n": "W2，{steps} 步", "rectified_flow.th_w2_1": "W2，1 步",
    "rectified_flow.th_flow_nfe_ms": "流 · NFE · 毫秒", "rectified_flow.row_flow": "{flow} · {nfe} NFE · {ms:.1f} 毫秒",
    "rectified_flow.row_floor": "下限：真实对真实", "rectified_flow.th_measure": "指标",
    "rectified_flow.th_frechet": "Fréchet 距离，{n} 个类别均衡的数字 [95%]",
    "rectified_flow.th_frechet_floor": "Fréchet 下限：真实对真实 [95%]",
    "rectified_flow.th_steps": "步数", "rectified_flow.th_confidence": "分类器置信度 [95%]",
    "rectified_flow.th_accuracy": "类别准确率 [95%]", "rectified_flow.th_figure": "指标", "rectified_flow.th_value": "值",
    "rectified_flow.status_updates": "{it:,} / {total:,} 次更新", "rectified_flow.status_loss": "损失 {loss:.4f}",
    "rectified_flow.status_rate": "每秒 {rate:.0f} 次更新",
    "rectified_flow.status_idle": "尚无在线训练的流：请按“在线训练 / 继续”",
    "rectified_flow.fig_k_rectified": "{k}-整流",
    "rectified_flow.fig_waiting_loss": "按下“在线训练 / 继续”后，<br>损失曲线显示在这里。",
    "rectified_flow.fig_waiting_samples": "训练时，在线流的一步样本<br>显示在这里。",
    "rectified_flow.m_straightness": "二维 {pair}：直度 S，2-整流 ÷ 1-整流",
    "rectified_flow.m_one_step": "二维 {pair}：一步欧拉后的 W2，2-整流 ÷ 1-整流",
    "rectified_flow.m_w2": "二维 {pair}：{flow}，1 步 / 100 步欧拉后的 W2 [95%]",
    "rectified_flow.m_w2_floor": "二维 {pair}：W2 下限，两份真实样本 [95%]",
    "rectified_flow.m_digits": "手写数字，{flow}，{steps} 步：Fréchet / 类别准确率 [95%]",
    "rectified_flow.m_digits_floor": "手写数字：Fréchet 下限，留出数据两半之间 [95%]",
    "rectified_flow.m_rf_points_default_s": "速度：二维传输，默认设置（秒）",
    "rectified_flow.m_rf_digits_default_s": "速度：手写数字，默认设置（秒）",
    "rectified_flow.m_live_updates_per_s": "速度：在线训练（次更新/秒）",
    "rectified_flow.m_endpoint_baseline_no_work_s": "速度：不做任何计算的端点的往返（秒）",
    "rectified_flow.m_endpoint_rf_points_s": "速度：/rf_points 往返（秒）",
    "rectified_flow.m_endpoint_rf_digits_s": "速度：/rf_digits 往返（秒）",
})

STRINGS = {"en": EN, "zh-CN": ZH}
