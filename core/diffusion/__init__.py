"""Diffusion (DDPM, Ho et al. 2020; DDIM, Song et al. 2021): noise schedules, the DDPM-vs-DDIM
comparison, the Table 1 sweep, live training of 2D models and the shipped recipes."""
