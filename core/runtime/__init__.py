"""Runtime pieces every topic stands on: where models run (``device``), the shipped checkpoints
(``checkpoints``) and request validation (``validation``)."""
