"""Sampling, shared by every topic. Every loop follows one contract (``contract``: ``(model, x, *, ...,
generator, callback)``, the time budget checked once per step, one ``StepRecord`` per step): DDPM/DDIM over
diffusers' schedulers (``scheduler_loop``), the sigma samplers and the score/x0/eps readings (``karras``),
Langevin and predictor-corrector (``langevin``), ODE solvers (``ode``) and the table of samplers
(``solvers``). ``adapters`` turns models into the samplers' callables (``ModelAdapter``: NFE counted and the
one classifier-free guidance combine of ``guidance`` applied); ``generate`` runs them seeded and timed;
``trajectory`` records their paths."""
