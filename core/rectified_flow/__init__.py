"""Rectified flow and flow matching (Liu et al. 2022; Lipman et al. 2022): the linear path
``x_t = (1 - t) x_0 + t eps`` with ``t = 0`` data and ``t = 1`` noise (or the source distribution),
velocity ``v = eps - x_0``, sampled from ``t = 1`` down to ``t = 0``; reflow and minibatch OT coupling."""
