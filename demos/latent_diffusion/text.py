"""English and Simplified Chinese text of the latent diffusion tab."""

EN = {
    "latent_diffusion.tab": "Latent diffusion",
    "latent_diffusion.explain": (
        "**Stable Diffusion's idea, small enough to watch** (Rombach et al. 2022): an autoencoder compresses the "
        "image, $z = s\\,E(x)$; a UNet denoises **in the latent space**, reading the class through cross-attention "
        "(where Stable Diffusion reads the text encoder's tokens); the decoder turns the final latent back into "
        "pixels, $\\hat x = D(z_0 / s)$. Here on the 8×8 digits: diffusers' `AutoencoderKL` at downsampling factor "
        "$f$ = 1, 2 or 4 (latents of 8×8, 4×4 or 2×2 with 4 channels), a `UNet2DConditionModel` in its latent space "
        "with a learned class embedding and a null class for classifier-free guidance, and diffusers' DDIM scheduler. "
        "$s$ is measured as $1/\\mathrm{std}(z)$ and stored in the autoencoder's config (Stable Diffusion's 0.18215)."
    ),
    "latent_diffusion.view_pipeline": "The pipeline",
    "latent_diffusion.view_compare": "Pixel vs latent",
    "latent_diffusion.view_tradeoff": "Compression trade-off",
    "latent_diffusion.view_img2img": "Image to image",
    "latent_diffusion.view_interp": "Interpolation",
    "latent_diffusion.factor": "Downsampling factor f",
    "latent_diffusion.factor_1": "f = 1 (latent 4×8×8)",
    "latent_diffusion.factor_2": "f = 2 (latent 4×4×4, default)",
    "latent_diffusion.factor_4": "f = 4 (latent 4×2×2)",
    "latent_diffusion.class": "Class",
    "latent_diffusion.any": "any (0..9 in turn)",
    "latent_diffusion.scale": "Guidance scale w",
    "latent_diffusion.scale_info": "diffusers' guidance_scale: 1 = plain conditioning, 0 = no class",
    "latent_diffusion.steps": "DDIM steps",
    "latent_diffusion.seed": "Seed",
    "latent_diffusion.seed_a": "First seed",
    "latent_diffusion.seed_b": "Second seed",
    "latent_diffusion.frames": "Frames",
    "latent_diffusion.n_digits": "Digits",
    "latent_diffusion.stats": "Statistics",
    "latent_diffusion.th_measure": "measure",
    "latent_diffusion.th_value": "value",
    "latent_diffusion.th_pixel": "pixel UNet",
    "latent_diffusion.th_latent": "latent, f = {f}",
    "latent_diffusion.th_f": "f (latent)",
    "latent_diffusion.th_recon": "reconstruction Fréchet",
    "latent_diffusion.th_mse": "reconstruction error (MSE per pixel)",
    "latent_diffusion.floor_row": "held-out floor",
    "latent_diffusion.th_samples": "sample Fréchet",
    "latent_diffusion.th_accuracy": "class accuracy",
    "latent_diffusion.th_confidence": "confidence",
    "latent_diffusion.th_ms": "ms per digit",
    "latent_diffusion.th_alpha": "α",
    "latent_diffusion.th_read": "read as",
    "latent_diffusion.th_conf": "confidence",
    "latent_diffusion.pipeline_explain": (
        "**One request, step by step.** Training (left half of the strip) encodes a digit, $z = s\\,E(x)$, and "
        "learns to remove noise added to it. Sampling starts from noise $z_T$ of the latent's shape, runs the UNet "
        "$n$ times under classifier-free guidance "
        "$\\hat\\epsilon = \\epsilon(z_t, \\varnothing) + w\\,(\\epsilon(z_t, c) - \\epsilon(z_t, \\varnothing))$, and "
        "decodes once at the end."
    ),
    "latent_diffusion.run_pipeline": "Run the pipeline",
    "latent_diffusion.strip_heading": "**x → encoder → z → noise → denoise → decoder → x̂** (latents: channel 1, grey = 0)",
    "latent_diffusion.strip_x": "x (a test digit)",
    "latent_diffusion.strip_z": "z = s·E(x)",
    "latent_diffusion.strip_z_t": "z_T (noise)",
    "latent_diffusion.strip_z_0": "z_0",
    "latent_diffusion.strip_x_hat": "x_hat = D(z_0/s)",
    "latent_diffusion.arrow_encode": "encoder",
    "latent_diffusion.arrow_noise": "sample",
    "latent_diffusion.arrow_denoise": "UNet ×{n}",
    "latent_diffusion.arrow_decode": "decoder",
    "latent_diffusion.film_heading": "**Every few steps of the first digit**: each latent channel, the decoder's picture of z_t, and of the step's prediction ẑ_0",
    "latent_diffusion.film_channel": "z_t channel {c}",
    "latent_diffusion.film_decoded": "D(z_t/s)",
    "latent_diffusion.film_predicted": "D(z0_hat/s)",
    "latent_diffusion.final_heading": "**The final digits**",
    "latent_diffusion.row_latent": "latent shape (numbers / pixels)",
    "latent_diffusion.row_scale": "scale factor s = 1/std(z)",
    "latent_diffusion.row_ms": "total time (ms)",
    "latent_diffusion.row_read": "read as {c} by the classifier",
    "latent_diffusion.row_confidence": "classifier confidence (mean)",
    "latent_diffusion.pipeline_note": (
        "The decoder's picture of a noisy latent is not a noisy digit: the decoder only knows clean latents. The "
        "prediction ẑ_0 of each step decodes to a digit early on; the later steps refine it."
    ),
    "latent_diffusion.compare_explain": (
        "**The same request through both models**: same classes, seed, steps and guidance scale. The pixel model "
        "is the digits UNet on 1×8×8 images; the latent model denoises 4×(8/f)×(8/f) latents and decodes once. "
        "Fréchet distance of the classifier's features to held-out digits, next to its floor (two halves of the "
        "held-out digits at the same size); intervals 95%."
    ),
    "latent_diffusion.run_compare": "Compare",
    "latent_diffusion.pixel_heading": "**Pixel-space UNet**",
    "latent_diffusion.latent_heading": "**Latent model**",
    "latent_diffusion.row_nfe": "NFE",
    "latent_diffusion.row_ms_per_nfe": "ms per NFE",
    "latent_diffusion.row_frechet": "Fréchet",
    "latent_diffusion.row_floor": "Fréchet floor",
    "latent_diffusion.row_accuracy": "class accuracy",
    "latent_diffusion.row_speedup": "speed-up",
    "latent_diffusion.compare_note": (
        "Both runs take the same number of network evaluations; the latent UNet's are cheaper because its maps are "
        "smaller. The time of the latent model includes the decoder. Single-request times on a shared CPU vary: "
        "the trade-off view gives medians."
    ),
    "latent_diffusion.tradeoff_explain": (
        "**How much to compress (LDM's Figure 6 in miniature).** For each factor f: how well the autoencoder "
        "reconstructs held-out test digits (Fréchet of D(E(x)) against the other half of the test digits, next to "
        "that half's floor: the best any latent model on this autoencoder can do), the latent model's samples "
        "(class-balanced, guidance 3, 50 DDIM steps) and the time per digit. Measured by "
        "`benchmarks/bench_latent_diffusion.py`."
    ),
    "latent_diffusion.missing": "No saved trade-off yet: run `python benchmarks/bench_latent_diffusion.py`.",
    "latent_diffusion.fig_quality": "Fréchet distance (lower is better)",
    "latent_diffusion.fig_speed": "Time per digit (16 digits, 50 steps)",
    "latent_diffusion.fig_factor": "downsampling factor f",
    "latent_diffusion.fig_frechet": "Fréchet",
    "latent_diffusion.fig_ms": "ms per digit",
    "latent_diffusion.fig_mse_title": "Reconstruction error of the test digits",
    "latent_diffusion.fig_mse": "MSE per pixel",
    "latent_diffusion.fig_floor": "held-out floor",
    "latent_diffusion.fig_recon": "autoencoder reconstructions",
    "latent_diffusion.fig_samples": "latent model samples",
    "latent_diffusion.fig_pixel_ms": "pixel UNet",
    "latent_diffusion.tradeoff_table": "Quality by factor (Fréchet, 95% intervals)",
    "latent_diffusion.speed_table": "Class accuracy, confidence and time",
    "latent_diffusion.pixel_row": "pixel UNet",
    "latent_diffusion.tradeoff_note": (
        "Too little compression is slow (f = 1: the latent is as large as the image, so the UNet works as hard as in "
        "pixel space); too much loses the digit (f = 4: 16 numbers per digit, and the reconstructions themselves "
        "drift from real digits). In between (f = 2, the default), the latent model is about 1.8× as fast as the pixel UNet, with the same class accuracy and a Fréchet distance within 1.3× of it."
    ),
    "latent_diffusion.snr_heading": "**Why the scale factor**: signal-to-noise along the schedule",
    "latent_diffusion.fig_snr_title": "SNR(t) = ᾱ_t·var(z)/(1−ᾱ_t), f = {f}, s = {s}",
    "latent_diffusion.fig_t": "diffusion time t",
    "latent_diffusion.fig_snr": "SNR (log scale)",
    "latent_diffusion.fig_snr_scaled": "scaled latents s·z (var 1): SNR < 1 from t = {t}",
    "latent_diffusion.fig_snr_unscaled": "unscaled latents z: SNR < 1 from t = {t}",
    "latent_diffusion.fig_snr_pixels": "pixels: SNR < 1 from t = {t}",
    "latent_diffusion.snr_note": (
        "The schedule was designed for data of unit scale. Latents of another variance shift every noise level: with "
        "$\\mathrm{var}(z) > 1$ the signal survives too long and the last steps start from a latent that is not "
        "noise; with $\\mathrm{var}(z) < 1$ it drowns early and most steps are wasted. Scaling by $s = 1/\\mathrm{std}(z)$ "
        "gives the latents the variance the schedule expects."
    ),
    "latent_diffusion.img2img_explain": (
        "**Image to image (SDEdit, Meng et al. 2022).** The drawing is encoded, $z_0 = s\\,E(x)$, noised to the "
        "strength's time, $z_t = \\sqrt{\\bar\\alpha_t}\\,z_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\epsilon$, and denoised under "
        "the class from there. Low strength keeps the drawing; strength 1 keeps only the class."
    ),
    "latent_diffusion.sketch": "Draw a digit",
    "latent_diffusion.examples": "Example sketches",
    "latent_diffusion.strength": "Strength",
    "latent_diffusion.strength_info": "share of the steps run: 0 = the drawing, 1 = from pure noise",
    "latent_diffusion.run_img2img": "Edit the drawing",
    "latent_diffusion.pair_heading": "**The drawing as an 8×8 digit, and through the autoencoder**",
    "latent_diffusion.edits_heading": "**Edited digits** (one per noise draw)",
    "latent_diffusion.row_steps_run": "steps run",
    "latent_diffusion.row_change": "mean change from the drawing",
    "latent_diffusion.interp_explain": (
        "**Interpolation in the latent noise.** The starting noises of two seeds are mixed by spherical "
        "interpolation, $z_T(\\alpha) = \\frac{\\sin((1-\\alpha)\\theta)}{\\sin\\theta} z_A + "
        "\\frac{\\sin(\\alpha\\theta)}{\\sin\\theta} z_B$ (it keeps the norm of a Gaussian draw, a straight line "
        "would not), then sampled deterministically (DDIM, η = 0) and decoded."
    ),
    "latent_diffusion.run_interp": "Interpolate",
    "latent_diffusion.interp_heading": "**From the first seed (left) to the second (right)**",
    "latent_diffusion.interp_table": "What the classifier reads",
}

ZH = {
    "latent_diffusion.tab": "潜空间扩散",
    "latent_diffusion.explain": (
        "**Stable Diffusion 的思路，小到可以一步步看**（Rombach 等，2022）：自编码器先压缩图像，$z = s\\,E(x)$；"
        "UNet 在**潜空间**中去噪，通过交叉注意力读取类别（Stable Diffusion 在这里读取文本编码器的 token）；"
        "最后解码器把潜变量变回像素，$\\hat x = D(z_0 / s)$。这里用 8×8 手写数字：diffusers 的 `AutoencoderKL`，"
        "下采样倍数 $f$ = 1、2 或 4（潜变量 8×8、4×4 或 2×2，4 个通道），潜空间中的 `UNet2DConditionModel`"
        "（学习到的类别嵌入，外加用于无分类器引导的空类别），以及 diffusers 的 DDIM 调度器。"
        "$s$ 取 $1/\\mathrm{std}(z)$ 的实测值，存在自编码器的配置里（Stable Diffusion 的 0.18215）。"
    ),
    "latent_diffusion.view_pipeline": "整个流程",
    "latent_diffusion.view_compare": "像素 vs 潜空间",
    "latent_diffusion.view_tradeoff": "压缩的取舍",
    "latent_diffusion.view_img2img": "图生图",
    "latent_diffusion.view_interp": "插值",
    "latent_diffusion.factor": "下采样倍数 f",
    "latent_diffusion.factor_1": "f = 1（潜变量 4×8×8）",
    "latent_diffusion.factor_2": "f = 2（潜变量 4×4×4，默认）",
    "latent_diffusion.factor_4": "f = 4（潜变量 4×2×2）",
    "latent_diffusion.class": "类别",
    "latent_diffusion.any": "任意（0..9 轮流）",
    "latent_diffusion.scale": "引导强度 w",
    "latent_diffusion.scale_info": "diffusers 的 guidance_scale：1 = 普通条件，0 = 不给类别",
    "latent_diffusion.steps": "DDIM 步数",
    "latent_diffusion.seed": "随机种子",
    "latent_diffusion.seed_a": "第一个种子",
    "latent_diffusion.seed_b": "第二个种子",
    "latent_diffusion.frames": "帧数",
    "latent_diffusion.n_digits": "数字个数",
    "latent_diffusion.stats": "统计",
    "latent_diffusion.th_measure": "指标",
    "latent_diffusion.th_value": "数值",
    "latent_diffusion.th_pixel": "像素 UNet",
    "latent_diffusion.th_latent": "潜空间，f = {f}",
    "latent_diffusion.th_f": "f（潜变量）",
    "latent_diffusion.th_recon": "重建 Fréchet",
    "latent_diffusion.th_mse": "重建误差（每像素 MSE）",
    "latent_diffusion.floor_row": "留出数据下限",
    "latent_diffusion.th_samples": "样本 Fréchet",
    "latent_diffusion.th_accuracy": "类别准确率",
    "latent_diffusion.th_confidence": "置信度",
    "latent_diffusion.th_ms": "每个数字毫秒",
    "latent_diffusion.th_alpha": "α",
    "latent_diffusion.th_read": "识别为",
    "latent_diffusion.th_conf": "置信度",
    "latent_diffusion.pipeline_explain": (
        "**一次请求，一步一步。** 训练时（图条的左半）把数字编码为 $z = s\\,E(x)$，学习去掉加在上面的噪声。"
        "采样时从潜变量形状的噪声 $z_T$ 出发，在无分类器引导 "
        "$\\hat\\epsilon = \\epsilon(z_t, \\varnothing) + w\\,(\\epsilon(z_t, c) - \\epsilon(z_t, \\varnothing))$ "
        "下运行 UNet $n$ 次，最后只解码一次。"
    ),
    "latent_diffusion.run_pipeline": "运行流程",
    "latent_diffusion.strip_heading": "**x → 编码器 → z → 噪声 → 去噪 → 解码器 → x̂**（潜变量：第 1 通道，灰色 = 0）",
    "latent_diffusion.strip_x": "x（测试数字）",
    "latent_diffusion.strip_z": "z = s·E(x)",
    "latent_diffusion.strip_z_t": "z_T（噪声）",
    "latent_diffusion.strip_z_0": "z_0",
    "latent_diffusion.strip_x_hat": "x_hat = D(z_0/s)",
    "latent_diffusion.arrow_encode": "编码器",
    "latent_diffusion.arrow_noise": "采样",
    "latent_diffusion.arrow_denoise": "UNet ×{n}",
    "latent_diffusion.arrow_decode": "解码器",
    "latent_diffusion.film_heading": "**第一个数字每隔几步的样子**：潜变量的每个通道、解码器眼中的 z_t，以及这一步的预测 ẑ_0",
    "latent_diffusion.film_channel": "z_t 第 {c} 通道",
    "latent_diffusion.film_decoded": "D(z_t/s)",
    "latent_diffusion.film_predicted": "D(z0_hat/s)",
    "latent_diffusion.final_heading": "**最终的数字**",
    "latent_diffusion.row_latent": "潜变量形状（数的个数 / 像素数）",
    "latent_diffusion.row_scale": "缩放因子 s = 1/std(z)",
    "latent_diffusion.row_ms": "总用时（毫秒）",
    "latent_diffusion.row_read": "分类器识别为 {c}",
    "latent_diffusion.row_confidence": "分类器置信度（平均）",
    "latent_diffusion.pipeline_note": (
        "带噪潜变量解码出来并不是带噪的数字：解码器只见过干净的潜变量。每一步的预测 ẑ_0 很早就能解码成数字，后面的步骤只是细化。"
    ),
    "latent_diffusion.compare_explain": (
        "**同一个请求走两个模型**：相同的类别、种子、步数和引导强度。像素模型是 1×8×8 图像上的数字 UNet；"
        "潜空间模型对 4×(8/f)×(8/f) 的潜变量去噪，最后解码一次。Fréchet 距离基于分类器特征、对照留出数字，"
        "旁边是它的下限（同样大小的两半留出数字之间的距离）；区间为 95%。"
    ),
    "latent_diffusion.run_compare": "比较",
    "latent_diffusion.pixel_heading": "**像素空间 UNet**",
    "latent_diffusion.latent_heading": "**潜空间模型**",
    "latent_diffusion.row_nfe": "网络调用次数",
    "latent_diffusion.row_ms_per_nfe": "每次调用毫秒",
    "latent_diffusion.row_frechet": "Fréchet",
    "latent_diffusion.row_floor": "Fréchet 下限",
    "latent_diffusion.row_accuracy": "类别准确率",
    "latent_diffusion.row_speedup": "加速倍数",
    "latent_diffusion.compare_note": (
        "两者的网络调用次数相同；潜空间 UNet 的每次调用更便宜，因为它的特征图更小。潜空间模型的用时包含解码器。"
        "共享 CPU 上单次请求的用时有波动：压缩取舍页给出的是中位数。"
    ),
    "latent_diffusion.tradeoff_explain": (
        "**压缩多少合适（LDM 图 6 的缩小版）。** 对每个 f：自编码器重建留出测试数字的好坏（D(E(x)) 与另一半测试数字的 "
        "Fréchet，旁边是那一半的下限：这个自编码器上任何潜空间模型能达到的最好水平）、潜空间模型的样本"
        "（类别均衡，引导 3，50 步 DDIM）以及每个数字的用时。由 `benchmarks/bench_latent_diffusion.py` 测得。"
    ),
    "latent_diffusion.missing": "还没有保存的取舍结果：运行 `python benchmarks/bench_latent_diffusion.py`。",
    "latent_diffusion.fig_quality": "Fréchet 距离（越低越好）",
    "latent_diffusion.fig_speed": "每个数字用时（16 个数字，50 步）",
    "latent_diffusion.fig_factor": "下采样倍数 f",
    "latent_diffusion.fig_frechet": "Fréchet",
    "latent_diffusion.fig_ms": "每个数字毫秒",
    "latent_diffusion.fig_mse_title": "测试数字的重建误差",
    "latent_diffusion.fig_mse": "每像素 MSE",
    "latent_diffusion.fig_floor": "留出数据下限",
    "latent_diffusion.fig_recon": "自编码器重建",
    "latent_diffusion.fig_samples": "潜空间模型样本",
    "latent_diffusion.fig_pixel_ms": "像素 UNet",
    "latent_diffusion.tradeoff_table": "各倍数的质量（Fréchet，95% 区间）",
    "latent_diffusion.speed_table": "类别准确率、置信度和用时",
    "latent_diffusion.pixel_row": "像素 UNet",
    "latent_diffusion.tradeoff_note": (
        "压缩太少就慢（f = 1：潜变量和图像一样大，UNet 的工作量和像素空间一样）；压缩太多就丢掉了数字"
        "（f = 4：每个数字只剩 16 个数，连重建本身都偏离真实数字）。居中的倍数（f = 2，默认）速度约为像素 UNet 的 1.8 倍，类别准确率相同，Fréchet 距离在它的 1.3 倍以内。"
    ),
    "latent_diffusion.snr_heading": "**为什么要缩放因子**：沿噪声日程的信噪比",
    "latent_diffusion.fig_snr_title": "SNR(t) = ᾱ_t·var(z)/(1−ᾱ_t)，f = {f}，s = {s}",
    "latent_diffusion.fig_t": "扩散时间 t",
    "latent_diffusion.fig_snr": "信噪比（对数坐标）",
    "latent_diffusion.fig_snr_scaled": "缩放后的潜变量 s·z（方差 1）：t = {t} 起 SNR < 1",
    "latent_diffusion.fig_snr_unscaled": "未缩放的潜变量 z：t = {t} 起 SNR < 1",
    "latent_diffusion.fig_snr_pixels": "像素：t = {t} 起 SNR < 1",
    "latent_diffusion.snr_note": (
        "噪声日程是为单位尺度的数据设计的。方差不同的潜变量会让每个噪声水平都偏移：$\\mathrm{var}(z) > 1$ 时信号留存太久，"
        "最后几步的起点并不是噪声；$\\mathrm{var}(z) < 1$ 时信号过早被淹没，大部分步骤白费。乘以 $s = 1/\\mathrm{std}(z)$ "
        "让潜变量具有日程所预期的方差。"
    ),
    "latent_diffusion.img2img_explain": (
        "**图生图（SDEdit，Meng 等，2022）。** 把画好的数字编码为 $z_0 = s\\,E(x)$，加噪到强度对应的时间 "
        "$z_t = \\sqrt{\\bar\\alpha_t}\\,z_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\epsilon$，再从那里在类别条件下去噪。"
        "强度低时保留原画；强度为 1 时只保留类别。"
    ),
    "latent_diffusion.sketch": "画一个数字",
    "latent_diffusion.examples": "示例草图",
    "latent_diffusion.strength": "强度",
    "latent_diffusion.strength_info": "运行的步数占比：0 = 原画，1 = 从纯噪声开始",
    "latent_diffusion.run_img2img": "编辑这幅画",
    "latent_diffusion.pair_heading": "**画作变成 8×8 数字，以及经过自编码器之后**",
    "latent_diffusion.edits_heading": "**编辑后的数字**（每个对应一次噪声抽样）",
    "latent_diffusion.row_steps_run": "运行的步数",
    "latent_diffusion.row_change": "与原画的平均差异",
    "latent_diffusion.interp_explain": (
        "**在潜空间噪声中插值。** 两个种子的初始噪声用球面插值混合，"
        "$z_T(\\alpha) = \\frac{\\sin((1-\\alpha)\\theta)}{\\sin\\theta} z_A + "
        "\\frac{\\sin(\\alpha\\theta)}{\\sin\\theta} z_B$（它保持高斯样本的范数，直线插值不能），"
        "然后确定性地采样（DDIM，η = 0）并解码。"
    ),
    "latent_diffusion.run_interp": "插值",
    "latent_diffusion.interp_heading": "**从第一个种子（左）到第二个种子（右）**",
    "latent_diffusion.interp_table": "分类器的识别结果",
}

STRINGS = {"en": EN, "zh-CN": ZH}
