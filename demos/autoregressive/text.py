"""English and Simplified Chinese text of the autoregressive tab."""
from demos.autoregressive.text_digits import STRINGS as DIGITS_TEXT

EN = {
    "autoregressive.tab": "Autoregressive",
    "autoregressive.explain": (
        "**What you see.** An autoregressive model writes a joint distribution as a product of conditionals, "
        "$p(x) = \\prod_i p(x_i \\mid x_{<i})$, each one a normalized distribution, so the likelihood is exact "
        "and sampling goes one variable at a time. The VAE tab's two-stage generation uses one too: its prior over "
        "a VQ-VAE's 4×4 grid of codes is this tab's gated PixelCNN, with a categorical over the 64 codes."
    ),
    "autoregressive.chain_2d": "The chain rule in 2D",
    "autoregressive.chain_explain": (
        "The plane is cut into a K×K grid. The model is $P(x_1)\\,P(x_2 \\mid x_1)$: K numbers for the first "
        "coordinate and, for each of its cells, K numbers for the second (a small network). Slide $a$ to read "
        "one column of the joint as the conditional $p(x_2 \\mid x_1 = a)$, beside the data's own (with $x_2$ "
        "first, one row: $p(x_1 \\mid x_2 = a)$)."
    ),
    "autoregressive.dataset": "Dataset",
    "autoregressive.source": "Joint from",
    "autoregressive.source_shipped": "shipped (8gaussians)",
    "autoregressive.source_data": "the data's histogram",
    "autoregressive.source_live": "my live model",
    "autoregressive.order": "Order of the chain rule",
    "autoregressive.order_x1": "x₁ first: p(x₁) p(x₂ | x₁)",
    "autoregressive.order_x2": "x₂ first: p(x₂) p(x₁ | x₂)",
    "autoregressive.at": "Conditioning value a",
    "autoregressive.draw": "Draw your own data (choose dataset 'drawing' above, then train live)",
    "autoregressive.show": "Show the joint and the conditional",
    "autoregressive.joint": "Joint P(x₁, x₂) on the grid",
    "autoregressive.conditional": "Conditional at the marked line",
    "autoregressive.stats": "Exact likelihood and the grid's total probability",
    "autoregressive.reading": (
        "**Reading it.** $p(x) = p(x_1)\\,p(x_2 \\mid x_1)$ is exact: the K first-coordinate probabilities "
        "and each column's K conditional ones are softmaxes, so the grid sums to 1 and the held-out NLL is "
        "a number, not a bound (the cell's probability divided by its area gives a density in nats, comparable "
        "with the true density's). **Swap the order** and the same joint is written as $p(x_2)\\,p(x_1 \\mid "
        "x_2)$: a model that fits well gives the same picture either way; a small one shows a different joint."
    ),
    "autoregressive.live_head": "### Live training (maximum likelihood on the grid)",
    "autoregressive.bins": "Grid side K (the data's histogram and a live model)",
    "autoregressive.hidden": "Hidden width of a live model",
    "autoregressive.train_steps": "Training updates",
    "autoregressive.seed": "Seed",
    "autoregressive.train": "Train live / resume",
    "autoregressive.pause": "Pause",
    "autoregressive.step": "Step (50 updates)",
    "autoregressive.reset": "Reset",
    "autoregressive.train_status": "Training status",
    "autoregressive.loss": "Training NLL",
    "autoregressive.live_joint": "The live model's joint",
    "autoregressive.samples_head": "### Sampling by the chain rule: x₁, then x₂ given it",
    "autoregressive.n_points": "Points",
    "autoregressive.temperature": "Temperature T (softmax of logits / T)",
    "autoregressive.sample": "Sample points (shipped or live model)",
    "autoregressive.samples": "Samples over the data",
    "autoregressive.samples_status": "Sampling",
}

ZH = {
    "autoregressive.tab": "自回归模型",
    "autoregressive.explain": (
        "**你看到的是什么。** 自回归模型把联合分布写成条件分布的乘积 $p(x) = \\prod_i p(x_i \\mid x_{<i})$，"
        "每个条件分布都是归一化的，因此似然是精确的，采样则一次生成一个变量。VAE 标签页的两阶段生成也用到它："
        "VQ-VAE 4×4 码图上的先验就是本页的门控 PixelCNN，每个位置是 64 个码字上的类别分布。"
    ),
    "autoregressive.chain_2d": "二维中的链式法则",
    "autoregressive.chain_explain": (
        "平面被切成 K×K 的网格。模型是 $P(x_1)\\,P(x_2 \\mid x_1)$：第一个坐标有 K 个数，对它的每个格子，"
        "第二个坐标再有 K 个数（由一个小网络给出）。拖动 $a$，把联合分布的一列读成条件分布 "
        "$p(x_2 \\mid x_1 = a)$，与数据自身的条件分布并排比较（先 $x_2$ 时读一行：$p(x_1 \\mid x_2 = a)$）。"
    ),
    "autoregressive.dataset": "数据集",
    "autoregressive.source": "联合分布来自",
    "autoregressive.source_shipped": "预训练（8gaussians）",
    "autoregressive.source_data": "数据自身的直方图",
    "autoregressive.source_live": "我的实时模型",
    "autoregressive.order": "链式法则的顺序",
    "autoregressive.order_x1": "先 x₁：p(x₁) p(x₂ | x₁)",
    "autoregressive.order_x2": "先 x₂：p(x₂) p(x₁ | x₂)",
    "autoregressive.at": "条件取值 a",
    "autoregressive.draw": "画出你自己的数据（上方数据集选 'drawing'，再实时训练）",
    "autoregressive.show": "显示联合分布与条件分布",
    "autoregressive.joint": "网格上的联合分布 P(x₁, x₂)",
    "autoregressive.conditional": "标记线处的条件分布",
    "autoregressive.stats": "精确似然与网格的总概率",
    "autoregressive.reading": (
        "**怎么读。** $p(x) = p(x_1)\\,p(x_2 \\mid x_1)$ 是精确的：第一个坐标的 K 个概率和每一列的 K 个条件概率"
        "都是 softmax，所以整个网格的概率之和为 1，留出数据上的负对数似然是一个确切的数而不是界（格子的概率"
        "除以格子面积得到以奈特计的密度，可与真实密度比较）。**交换顺序**，同一个联合分布写成 "
        "$p(x_2)\\,p(x_1 \\mid x_2)$：拟合得好的模型两种顺序给出同样的图；太小的模型则给出不同的联合分布。"
    ),
    "autoregressive.live_head": "### 实时训练（网格上的最大似然）",
    "autoregressive.bins": "每边格数 K（数据直方图与实时模型）",
    "autoregressive.hidden": "实时模型的隐藏层宽度",
    "autoregressive.train_steps": "训练更新次数",
    "autoregressive.seed": "随机种子",
    "autoregressive.train": "实时训练 / 继续",
    "autoregressive.pause": "暂停",
    "autoregressive.step": "单步（50 次更新）",
    "autoregressive.reset": "重置",
    "autoregressive.train_status": "训练状态",
    "autoregressive.loss": "训练负对数似然",
    "autoregressive.live_joint": "实时模型的联合分布",
    "autoregressive.samples_head": "### 按链式法则采样：先 x₁，再在它的条件下采 x₂",
    "autoregressive.n_points": "点数",
    "autoregressive.temperature": "温度 T（对数几率除以 T 后归一化）",
    "autoregressive.sample": "采样点（预训练或实时模型）",
    "autoregressive.samples": "数据上的样本",
    "autoregressive.samples_status": "采样",
}

EN.update({  # figures, tables and status lines (written by handlers through ``tr``)
    "autoregressive.fig_joint": "P(x₁, x₂) · {source}",
    "autoregressive.fig_cell_prob": "P(cell)",
    "autoregressive.fig_src_shipped": "shipped model",
    "autoregressive.fig_src_live": "live model",
    "autoregressive.fig_src_data": "data histogram",
    "autoregressive.fig_at": "{given} = {at:.2f}",
    "autoregressive.fig_cond_title": "p({other} | {given} = {at:.2f})",
    "autoregressive.fig_model_cond": "model",
    "autoregressive.fig_model_cond_bayes": "model (by Bayes' rule from its joint)",
    "autoregressive.fig_data_cond": "data's own conditional",
    "autoregressive.fig_no_data": "no data in this {line}",
    "autoregressive.fig_line_column": "column", "autoregressive.fig_line_row": "row",
    "autoregressive.fig_probability": "probability",
    "autoregressive.fig_update": "update", "autoregressive.fig_nll_axis": "NLL (nats / point)",
    "autoregressive.fig_train_nll": "training NLL", "autoregressive.fig_true_nll": "true density's NLL",
    "autoregressive.fig_no_updates": "no updates yet: press Train live",
    "autoregressive.fig_live_joint": "model joint · update {step}",
    "autoregressive.fig_no_joint": "the data: press Train live<br>to fit a joint on its grid",
    "autoregressive.fig_data": "data", "autoregressive.fig_samples": "samples",
    "autoregressive.fig_samples_title": "{n:,} samples · {source}",
    "autoregressive.hdr_quantity": "quantity", "autoregressive.hdr_value": "value [95%]",
    "autoregressive.row_grid": "grid", "autoregressive.row_grid_value": "{k} × {k} cells of width {h:.3f}",
    "autoregressive.row_total": "total probability of the grid",
    "autoregressive.row_at": "conditioning cell",
    "autoregressive.row_at_value": "{given} ∈ cell {index} (centre {at:.3f})",
    "autoregressive.row_data_mass": "data's share in that {line}",
    "autoregressive.row_points": "held-out points", "autoregressive.row_nll": "model NLL (nats/point)",
    "autoregressive.row_floor": "true density's NLL (floor)", "autoregressive.row_gap": "gap (nats)",
    "autoregressive.row_derived": "conditional shown",
    "autoregressive.row_derived_bayes": "by Bayes' rule from the joint (the model's order is the other one)",
    "autoregressive.row_derived_net": "the network's own softmax",
    "autoregressive.row_derived_data": "counted from the data",
    "autoregressive.samples_line": "{n:,} points · {nfe} network passes (one per coordinate) · {ms:.0f} ms",
    "autoregressive.status": "{name} · {order} · {k}×{k} grid, width {hidden} · {it:,} / {total:,} updates",
    "autoregressive.status_rate": " · held-out NLL {nll:.3f} nats{floor} · {rate:.0f} updates/s",
    "autoregressive.status_floor": " (true density {floor:.3f})",
    "autoregressive.untrained": "no live model yet: choose the data, then press Train live",
})
ZH.update({
    "autoregressive.fig_joint": "P(x₁, x₂) · {source}",
    "autoregressive.fig_cell_prob": "P(格子)",
    "autoregressive.fig_src_shipped": "预训练模型",
    "autoregressive.fig_src_live": "实时模型",
    "autoregressive.fig_src_data": "数据直方图",
    "autoregressive.fig_at": "{given} = {at:.2f}",
    "autoregressive.fig_cond_title": "p({other} | {given} = {at:.2f})",
    "autoregressive.fig_model_cond": "模型",
    "autoregressive.fig_model_cond_bayes": "模型（由其联合分布按贝叶斯公式得到）",
    "autoregressive.fig_data_cond": "数据自身的条件分布",
    "autoregressive.fig_no_data": "这一{line}没有数据",
    "autoregressive.fig_line_column": "列", "autoregressive.fig_line_row": "行",
    "autoregressive.fig_probability": "概率",
    "autoregressive.fig_update": "更新次数", "autoregressive.fig_nll_axis": "负对数似然（奈特 / 点）",
    "autoregressive.fig_train_nll": "训练负对数似然", "autoregressive.fig_true_nll": "真实密度的负对数似然",
    "autoregressive.fig_no_updates": "尚未更新：请按“实时训练”",
    "autoregressive.fig_live_joint": "模型联合分布 · 第 {step} 次更新",
    "autoregressive.fig_no_joint": "数据：按“实时训练”<br>在它的网格上拟合联合分布",
    "autoregressive.fig_data": "数据", "autoregressive.fig_samples": "样本",
    "autoregressive.fig_samples_title": "{n:,} 个样本 · {source}",
    "autoregressive.hdr_quantity": "量", "autoregressive.hdr_value": "值 [95%]",
    "autoregressive.row_grid": "网格", "autoregressive.row_grid_value": "{k} × {k} 个格子，宽 {h:.3f}",
    "autoregressive.row_total": "网格的总概率",
    "autoregressive.row_at": "条件格子",
    "autoregressive.row_at_value": "{given} ∈ 第 {index} 格（中心 {at:.3f}）",
    "autoregressive.row_data_mass": "数据落在这一{line}的比例",
    "autoregressive.row_points": "留出点数", "autoregressive.row_nll": "模型负对数似然（奈特/点）",
    "autoregressive.row_floor": "真实密度的负对数似然（下限）", "autoregressive.row_gap": "差距（奈特，逐点配对）",
    "autoregressive.row_derived": "所示条件分布",
    "autoregressive.row_derived_bayes": "由联合分布按贝叶斯公式得到（模型的顺序是另一种）",
    "autoregressive.row_derived_net": "网络自身的 softmax",
    "autoregressive.row_derived_data": "由数据计数得到",
    "autoregressive.samples_line": "{n:,} 个点 · {nfe} 次网络调用（每个坐标一次）· {ms:.0f} 毫秒",
    "autoregressive.status": "{name} · {order} · {k}×{k} 网格，宽度 {hidden} · {it:,} / {total:,} 次更新",
    "autoregressive.status_rate": " · 留出负对数似然 {nll:.3f} 奈特{floor} · 每秒 {rate:.0f} 次更新",
    "autoregressive.status_floor": "（真实密度 {floor:.3f}）",
    "autoregressive.untrained": "还没有实时模型：选好数据，再按“实时训练”",
})

STRINGS = {loc: {**table, **DIGITS_TEXT[loc]} for loc, table in (("en", EN), ("zh-CN", ZH))}
