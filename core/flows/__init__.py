"""Normalizing flows (NICE, Dinh et al. 2015; RealNVP, Dinh et al. 2017; Glow, Kingma & Dhariwal 2018):
exact likelihood by the change of variables ``log p(x) = log N(f(x); 0, I) + sum_k log|det J_k|``.

- ``layers``: the invertible layers, each ``forward(x) -> (z, logdet)`` and ``inverse(z) -> x``;
- ``models``: ``FlowModel`` (diffusers ``ModelMixin``), a stack of layers for points or digits;
- ``objective``: the NLL loss for ``core.train.loop.TrainRun`` (dequantized for digits);
- ``density``: 8gaussians' true density (the NLL floor), held-out NLL, grids, invertibility;
- ``layerview``: the point cloud and a deformed grid after every layer, both ways;
- ``digits``: bits per dimension, samples at a temperature, latent interpolation;
- ``live``: one user's live training run; ``request``: validated endpoints; ``recipes``: checkpoints.
"""
