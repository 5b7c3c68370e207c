"""Training, written with accelerate so it runs unchanged under ``accelerate launch``.

``python -m core.train NAME`` reproduces the shipped checkpoint ``checkpoints/NAME`` from its
seed (``python -m core.train --list`` lists the names). ``core.train.loop.train_diffusion``
is the live-training API: a generator of progress events that the caller cancels by
stopping iteration.
"""
