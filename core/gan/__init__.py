"""Generative adversarial networks: minimax GAN, non-saturating GAN, WGAN and WGAN-GP.

- ``mixtures``: the ring-of-8 and 5x5-grid mixtures and VEEGAN's mode-coverage metric;
- ``targets``: every real 2D distribution of the sandbox (mixtures, toy densities, drawings);
- ``models``: generator and critic networks (diffusers ``ModelMixin``), for points and digits;
- ``losses``: the four objectives; ``fast``: their hand-derived gradients for the 2D MLPs;
- ``train``: a resumable run and the live-training generator of events;
- ``probe`` / ``sandbox``: what the live sandbox shows and keeps per user;
- ``experiment``: the JS-vs-W1 gradient experiment; ``digits``: the digits generator's helpers;
- ``recipes``: ``python -m core.train gan-...`` for every shipped checkpoint.
"""
