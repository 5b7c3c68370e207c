"""ControlNet (Zhang, Rao & Agrawala 2023) on the class-conditional digits UNet.

A trainable copy of the frozen UNet's encoder reads a control image ``c`` and adds its
features, through zero-initialised 1x1 convolutions, to the UNet's skip connections and
middle block: ``eps = eps_theta(x_t, t, y; residuals = scale * Z(F_copy(x_t, t, y, c)))``.
At initialisation every residual is exactly zero, so the base model is unchanged.

- ``conditions``: the control images extracted from digits (stroke skeleton, low resolution).
- ``drawing``: a Sketchpad drawing or an uploaded file turned into that control image.
- ``adapter``: the sampler's ``eps(x_t, t)`` with the ControlNet, guidance and guess mode.
- ``sampling``: ``generate_controlled`` and the tab's default settings.
- ``metrics``: the follow rate and its floor (the base model at control scale 0).
- ``train`` and ``recipes``: reproducible training of the shipped ``controlnet-*`` checkpoints.
"""
