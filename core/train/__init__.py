"""Training, written with accelerate so it runs unchanged under ``accelerate launch``.

``python -m core.train NAME`` reproduces the shipped checkpoint ``checkpoints/NAME`` from its
seed (``python -m core.train --list`` lists the names). ``core.train.loop`` holds the one training
loop (``TrainRun``, stepped by ``train`` or run to the end by ``fit``); ``core.train.live.LiveSession``
is the live-training API the tabs use: it time-slices a run between requests (pause, step, resume).
"""
