"""Autoregressive models of the 8x8 digits: the chain rule ``p(x) = prod_i p(x_i | x_<i)``, exact likelihood in
one pass, sampling in 64 (FVSBN, Frey 1998; NADE, Larochelle & Murray 2011; MADE, Germain et al. 2015;
PixelCNN and gated PixelCNN, van den Oord et al. 2016).

- ``models``: ``FVSBN``, ``NADE`` (binary), ``MADE`` (binary or 17 levels, several orderings, its masks and
  connectivity numbers), ``PixelCNN`` (masked convolutions A then B: the blind spot), ``GatedPixelCNN``;
- ``sampling``: ``sample_autoregressive`` on the sampler contract (pixel by pixel, temperature, completion,
  every step's conditional) and the seeded ``generate_autoregressive``;
- ``digits``: data (17 levels or binary), the NLL objective, test figures (``core.metrics.likelihood``) and the
  classifier's confidence in samples; ``recipes``: the shipped digits checkpoints ``ar-fvsbn``, ``ar-nade``,
  ``ar-made``, ``ar-pixelcnn``;
- ``grid2d``: the chain rule in 2D (``GridAR2D`` over a K x K grid); ``live``: its live training;
  ``request2d``: the 2D endpoints; ``recipes2d``: the shipped ``ar-2d-*`` checkpoints.
"""
