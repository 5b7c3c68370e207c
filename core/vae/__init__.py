"""Variational autoencoders: the beta-VAE on digits (2D and 16-d latents), gradient estimators
(reparameterization, REINFORCE, Gumbel-softmax), the VQ-VAE with its code prior, and a live 2D VAE."""
