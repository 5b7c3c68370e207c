"""Latent diffusion (Rombach et al. 2022, Stable Diffusion's design) on the 8x8 digits: an ``AutoencoderKL``,
a class-conditional ``UNet2DConditionModel`` in its latent space and diffusers' scheduler."""
