"""Data: FFJORD's 2D toy densities (``toy2d``), Gaussian mixtures with countable modes
(``mixtures``), user drawings (``drawings``: the one parser every tab uses), the 8x8 digits
(``digits``) and the 2D sandbox's real distributions and point pools (``targets``)."""
