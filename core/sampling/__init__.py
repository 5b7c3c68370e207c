"""Sampling, shared by every topic: loops over diffusers' schedulers (``scheduler_loop``), model
adapters with the one classifier-free guidance combine (``adapters``), and seeded entry points
that time a run and count network evaluations (``generate``)."""
