"""The noise schedules the shipped diffusion models are trained with.

Linear betas from 1e-4 to 0.02 over T = 1000 steps (Ho et al. 2020), "trailing" timestep
spacing so a few-step sampler starts from t = T-1 (Lin et al. 2024). Clipping of the
predicted ``x_0`` is off for 2D points (their range is not [-1, 1]) and on for images.
"""
from __future__ import annotations

from diffusers import DDPMScheduler


def points_schedule() -> DDPMScheduler:
    return DDPMScheduler(num_train_timesteps=1000, beta_schedule="linear", clip_sample=False,
                         timestep_spacing="trailing", prediction_type="epsilon")


def image_schedule() -> DDPMScheduler:
    return DDPMScheduler(num_train_timesteps=1000, beta_schedule="linear", clip_sample=True,
                         clip_sample_range=1.0, timestep_spacing="trailing", prediction_type="epsilon")
