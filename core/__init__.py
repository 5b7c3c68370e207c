"""GenLab's shared inference layer: data, models, samplers, training, metrics, validation.

Nothing in this package imports gradio, and importing any module has no side effects.
"""
