"""Sample-quality metrics, each reported next to its noise floor.

- ``sliced_w2``: sliced W2 between 2D (or any-dimensional) point clouds, floor = two real samples;
- ``frechet``: the Fréchet distance between Gaussians fitted to features;
- ``classify``: the digits classifier's features, probabilities, class accuracy, confidence and
  the Fréchet distance to the test split beside its floor;
- ``coverage``: modes covered and high-quality share on the Gaussian mixtures (VEEGAN).
"""
