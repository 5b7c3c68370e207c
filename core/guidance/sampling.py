"""Guided ``eps(x_t, t)`` callables for ``core.sampling.scheduler_loop.sample``, for points and digits.

Two methods, one convention for the scale ``w`` (diffusers' ``guidance_scale``; Ho & Salimans'
``w'`` is ``w - 1``):

- classifier-free (Ho & Salimans 2022): ``eps = eps(x_t, null) + w (eps(x_t, c) - eps(x_t, null))``, the
  one combine of ``core.sampling.guidance``, both predictions from one batched forward of ``[x_t; x_t]``;
- classifier guidance (Dhariwal & Nichol 2021, eq. 14, the DDIM form):
  ``eps_hat = eps(x_t, null) - w sqrt(1 - alpha_bar_t) grad_x log p(c | x_t, t)``, i.e. the score
  ``-eps / sqrt(1 - alpha_bar_t)`` plus ``w`` times the noise-aware classifier's gradient.

Negative guidance ("away from c") flips the sign: CFG with ``-w`` (``eps_null - w (eps_c - eps_null)``)
and classifier guidance with ``-w`` (the gradient of ``log p(c | x_t)`` pushed down). ``w = 0`` is the
unconditional model in both methods.
"""
from __future__ import annotations

import torch

from core.sampling.adapters import ClassEps, ModelAdapter
from core.sampling.guidance import guided
from core.sampling.karras import eps_to_score

METHODS = ("cfg", "classifier")  # classifier-free guidance, classifier guidance
DIRECTIONS = ("toward", "away")  # toward the class (positive guidance) or away from it (negative guidance)


def signed_scale(scale: float, direction: str) -> float:
    """The scale with its sign: ``-scale`` for negative guidance (``direction == "away"``)."""
    return -float(scale) if direction == "away" else float(scale)


class PointClassEps(ModelAdapter):
    """``eps(x_t, t)`` of a class-conditional 2D model under classifier-free guidance at ``w``.

    ``labels`` ``(B,)``; ``w = 1`` is the conditional model alone (one forward), any other ``w`` one
    batched forward of ``2B`` rows ``[x_t; x_t]`` with labels ``[c; null]`` (``ModelAdapter``, which counts
    forwards in ``nfe``)."""

    def __init__(self, model, labels: torch.Tensor, w: float = 1.0):
        super().__init__(w, float(w) != 1.0)
        self.model, self.labels = model, labels
        self.labels_in = torch.cat([labels, torch.full_like(labels, model.null_class)]) if self.guided else labels

    def forward(self, x: torch.Tensor, t) -> torch.Tensor:
        return self.model(x, t, self.labels_in)


def classifier_grad(classifier, x_t: torch.Tensor, t, labels: torch.Tensor) -> torch.Tensor:
    """``grad_x log p(labels | x_t, t)`` of a noise-aware classifier, same shape as ``x_t``.

    The classifier is frozen and shared: gradients flow to a fresh leaf copy of ``x_t`` only."""
    with torch.enable_grad():
        x = x_t.detach().clone().requires_grad_(True)
        logp = torch.log_softmax(classifier(x, t), dim=-1)
        picked = logp.gather(1, labels.view(-1, 1)).sum()
        return torch.autograd.grad(picked, x)[0]


class ClassifierGuidedEps:
    """``eps_hat(x_t, t) = eps(x_t, t) - w sqrt(1 - alpha_bar_t) grad_x log p(y | x_t, t)``.

    ``base`` is any ``eps(x_t, t)`` callable (the null-class model for classifier guidance);
    ``alphas_cumprod`` ``(T,)`` is the schedule both the model and the classifier were trained with."""

    def __init__(self, base, classifier, labels: torch.Tensor, w: float, alphas_cumprod: torch.Tensor):
        self.base, self.classifier, self.labels, self.w = base, classifier, labels, float(w)
        self.alphas_cumprod = alphas_cumprod

    @property
    def nfe(self) -> int:
        return self.base.nfe

    def __call__(self, x_t: torch.Tensor, t) -> torch.Tensor:
        eps = self.base(x_t, t)
        if self.w == 0.0:
            return eps
        a = self.alphas_cumprod[int(t)].to(x_t.device, x_t.dtype)
        return eps - self.w * (1 - a).sqrt() * classifier_grad(self.classifier, x_t, t, self.labels)


def point_eps(model, classifier, method: str, labels: torch.Tensor, w: float, alphas_cumprod: torch.Tensor):
    """The guided 2D ``eps`` callable of ``method`` at signed scale ``w``."""
    if method == "cfg":
        return PointClassEps(model, labels, w)
    return ClassifierGuidedEps(PointClassEps(model, torch.full_like(labels, model.null_class)), classifier, labels,
                               w, alphas_cumprod)


def digit_eps(unet, classifier, method: str, labels: torch.Tensor, w: float, alphas_cumprod: torch.Tensor):
    """The guided digits ``eps`` callable of ``method`` at signed scale ``w`` (``ClassEps`` for CFG)."""
    from core.nn.unet_digits import NULL_CLASS

    if method == "cfg":
        return ClassEps(unet, labels, w)
    return ClassifierGuidedEps(ClassEps(unet, torch.full_like(labels, NULL_CLASS)), classifier, labels, w,
                               alphas_cumprod)


@torch.no_grad()
def point_fields(model, classifier, method: str, x: torch.Tensor, t: int, label: int, w: float,
                 alphas_cumprod: torch.Tensor) -> dict[str, torch.Tensor]:
    """Scores ``-eps / sqrt(1 - alpha_bar_t)`` over points ``x`` ``(k, 2)`` at time ``t``: ``"class"`` (the
    conditional model's for CFG, the classifier's ``grad log p(c | x_t)`` for classifier guidance),
    ``"uncond"`` and ``"guided"`` (at signed scale ``w``)."""
    labels = torch.full((len(x),), int(label), dtype=torch.long, device=x.device)
    a = alphas_cumprod[int(t)].to(x.device)
    eps_u = model(x, t, torch.full_like(labels, model.null_class))
    if method == "cfg":
        eps_c = model(x, t, labels)
        return {"class": eps_to_score(eps_c, a), "uncond": eps_to_score(eps_u, a),
                "guided": eps_to_score(guided(eps_c, eps_u, w), a)}
    grad = classifier_grad(classifier, x, t, labels)
    return {"class": grad, "uncond": eps_to_score(eps_u, a), "guided": eps_to_score(eps_u, a) + w * grad}
