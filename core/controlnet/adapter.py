"""The sampler's ``eps = model(x_t, t)`` for the digits UNet steered by a ControlNet.

For a control image ``c`` ``(B, 1, 8, 8)``, labels ``y`` ``(B,)`` and control scale ``s``:
``(r_1..r_k, m) = ControlNet(x_t, t, y, c)`` and
``eps(x_t, y, c) = UNet(x_t, t, y; down residuals s r_i, mid residual s m)``.

- Classifier-free guidance with a class (as diffusers' ControlNet pipeline): both branches get
  the control, ``eps = eps(x_t, null, c) + w (eps(x_t, y, c) - eps(x_t, null, c))``.
- Guess mode (no class; ``guess_mode`` in diffusers' ControlNet pipeline and the official
  demos): the label is the null class and only the conditional branch gets the control, so
  guidance amplifies the control itself: ``eps = eps(x_t, null) + w (eps(x_t, null, c) - eps(x_t, null))``.
  diffusers also attenuates the residuals per block, 0.1 (shallowest) to 1 (middle), made for
  Stable Diffusion's deep blocks; on this 3-level 8x8 UNet that cut the stroke follow rate from
  0.72 to 0.49 (test split, w = 1.5 and 2), so every block keeps the one control scale here.
- Control scale 0 skips the ControlNet: the base model exactly (the follow-rate floor).
"""
from __future__ import annotations

import torch

from core.nn.unet_digits import NULL_CLASS, placeholder_states
from core.sampling.adapters import ModelAdapter


class ControlledClassEps(ModelAdapter):
    """``eps(x_t, t)`` of ``unet`` + ``controlnet`` for control images ``cond`` and ``labels``.

    ``nfe`` counts UNet forwards (one batched forward per step; ``ModelAdapter`` counts and guides).
    ``residual_rms()`` gives the root-mean-square of each block's (scaled) residual injected into the
    conditional branch, averaged over the steps so far: the ``k`` down-block residuals, then the middle block's.
    """

    def __init__(self, unet, controlnet, cond: torch.Tensor, labels: torch.Tensor, control_scale: float = 1.0,
                 guidance_scale: float = 1.0, guess_mode: bool = False):
        self.unet, self.controlnet = unet, controlnet
        self.cond = cond.to(unet.device, unet.dtype)
        self.guess_mode = bool(guess_mode)
        self.labels = torch.full_like(labels, NULL_CLASS) if self.guess_mode else labels
        self.labels = self.labels.to(unet.device)
        self.scale = float(control_scale)
        w = float(guidance_scale)
        super().__init__(w, w != 1.0 and (self.guess_mode or bool((self.labels != NULL_CLASS).any())))
        self._rms_sum: torch.Tensor | None = None
        self._rms_steps = 0

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        """One forward of ``x``: ``B`` rows unguided, ``2B`` rows ``[x_t; x_t]`` (conditional half first) guided."""
        t_all = torch.as_tensor(t, device=x.device).expand(x.shape[0])
        if not self.guided:
            down, mid = self._residuals(x, t_all, self.labels)
            return self._unet(x, t_all, self.labels, down, mid)
        b = x.shape[0] // 2
        null = torch.full_like(self.labels, NULL_CLASS)
        if self.guess_mode:
            down, mid = self._residuals(x[:b], t_all[:b], null)
            if down is not None:
                down = [torch.cat([r, torch.zeros_like(r)]) for r in down]
                mid = torch.cat([mid, torch.zeros_like(mid)])
            return self._unet(x, t_all, torch.cat([null, null]), down, mid)
        labels2 = torch.cat([self.labels, null])
        down, mid = self._residuals(x, t_all, labels2, rms_rows=b)
        return self._unet(x, t_all, labels2, down, mid)

    def _residuals(self, x, t, labels, rms_rows: int | None = None):
        """Scaled ControlNet residuals for a batch (``None`` at control scale 0)."""
        if self.scale == 0.0 or self.controlnet is None:
            return None, None
        cond = self.cond if len(x) == len(self.cond) else torch.cat([self.cond] * (len(x) // len(self.cond)))
        down, mid = self.controlnet(x, t, placeholder_states(self.unet, len(x), x.device), cond,
                                    conditioning_scale=self.scale, class_labels=labels, return_dict=False)
        rows = slice(0, rms_rows or len(x))
        rms = torch.stack([r[rows].pow(2).mean().sqrt() for r in (*down, mid)])
        self._rms_sum = rms if self._rms_sum is None else self._rms_sum + rms
        self._rms_steps += 1
        return list(down), mid

    def _unet(self, x, t, labels, down, mid) -> torch.Tensor:
        states = placeholder_states(self.unet, len(x), x.device)
        return self.unet(x, t, states, class_labels=labels, down_block_additional_residuals=down,
                         mid_block_additional_residual=mid).sample

    def residual_rms(self) -> list[float]:
        """Per-block RMS of the injected residuals, averaged over steps (zeros if none was injected)."""
        if self._rms_sum is None:
            return [0.0] * (len(self.controlnet.controlnet_down_blocks) + 1 if self.controlnet is not None else 0)
        return (self._rms_sum / self._rms_steps).tolist()
