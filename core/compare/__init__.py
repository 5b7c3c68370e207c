"""Every family on the same digits: likelihoods under the one convention of ``core.metrics.likelihood``.

- ``ode``: ``ln p`` through an ODE (instantaneous change of variables), exact divergence or Hutchinson's
  estimate, fixed-step Heun / RK4; the VP probability-flow drift of a DDPM (Song et al. 2021);
- ``bounds``: the importance-weighted bound (IWAE), DDPM's variational bound with its discrete decoder,
  the Parzen-window estimate;
- ``models``: ``LevelsVAE`` (a VAE whose decoder puts a discretized logistic, or a categorical, on the 17 levels);
- ``digits``: one row of the digits table per shipped model (figure, interval, kind, unit, sample quality);
- ``request``: the tab's endpoint (one row recomputed live, bounded); ``recipes``: ``vae-digits-logistic``.
"""
