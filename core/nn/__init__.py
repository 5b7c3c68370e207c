"""Models: each is a diffusers ``ModelMixin`` + ``ConfigMixin`` (or a diffusers UNet), so that
``save_pretrained`` / ``from_pretrained`` round-trip through safetensors. Models know nothing
of samplers or of the UI; ``core.sampling.adapters`` wraps them for the samplers."""
