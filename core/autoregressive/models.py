"""Autoregressive models of the 8x8 digits: ``p(x) = prod_i p(x_{o(i)} | x_{o(<i)})`` over the 64 pixels in an
order ``o``, each conditional a categorical over the pixel's ``levels`` values (17 for the digits' levels
0..16, 2 for the binary digits). Every class is a diffusers ``ModelMixin`` + ``ConfigMixin`` listed in
``core.runtime.checkpoints.MODEL_CLASSES``.

Shapes, for every model: ``x`` ``(B, 64)`` ``long`` pixel values in raster order (row-major 8x8);
``conditional_logits(x, order)`` ``(B, 64, levels)``: row ``d`` holds the logits of ``p(x_d | the pixels
before d in the order)``, all 64 in one pass; ``log_prob(x, order)`` ``(B,)``: the exact ``ln p(x)`` in nats,
one pass. ``ordering(order)`` ``(64,)``: the pixel indices in the order the chain rule takes them (``order``
selects one of the model's ``num_orders`` orderings; raster order for all but MADE).

- ``FVSBN`` (fully visible sigmoid belief network, Frey 1998): one logistic regression per conditional,
  ``p(x_d = 1 | x_<d) = sigma(b_d + sum_{j<d} W_dj x_j)``; binary; ``O(n^2)`` weights.
- ``NADE`` (Larochelle & Murray 2011): shared hidden weights, ``h_d = sigma(c + W_{:,<d} x_<d)``,
  ``p(x_d = 1 | x_<d) = sigma(b_d + V_d . h_d)``; binary; ``O(n d)`` weights, and ``a_d = c + W_{:,<d} x_<d``
  grows by one column per pixel (``a_{d+1} = a_d + W_{:,d} x_d``).
- ``MADE`` (Germain et al. 2015): an autoencoder whose weights are masked so that output ``d`` sees only the
  inputs before ``d`` in the order: each unit ``k`` gets a connectivity number ``m(k)`` (inputs: their
  position 1..64 in the order; hidden: drawn in ``[min m of the layer below, 63]``); a hidden weight
  ``k <- j`` is kept iff ``m(k) >= m(j)``, an output weight ``d <- k`` iff ``m(d) > m(k)``. ``num_orders``
  mask sets (orderings, each with its own hidden ``m(k)``) trained together: order-agnostic training
  (Uria et al. 2014); binary or 17 levels.
- ``PixelCNN`` (van den Oord et al. 2016, "Pixel recurrent neural networks"): masked convolutions, type A
  first (the centre pixel masked), then type B (centre kept), stacked plainly: the receptive field of
  stacked masked 3x3 convolutions misses a wedge up and to the right of each pixel (the blind spot).
- ``GatedPixelCNN`` (van den Oord et al. 2016, "Conditional image generation with PixelCNN decoders"): a
  vertical stack (the rows above) and a horizontal stack (the row so far, to the left) with gated
  activations ``tanh(f) * sigmoid(g)``, the vertical stack feeding the horizontal one: no blind spot.

Incremental sampling (``begin`` / ``next_logits`` / ``advance``, used by ``core.autoregressive.sampling``):
FVSBN, NADE and MADE keep the first layer's pre-activation and add one column per sampled pixel; the plain
PixelCNN runs on the rows up to the pixel's own (a masked convolution's output at row r depends on rows
<= r only); the gated PixelCNN runs its vertical stack once per row and its horizontal stack on one row per
pixel.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn

SIDE = 8  # image side
PIXELS = SIDE * SIDE  # 64 pixels, the chain rule's n


class Autoregressive:
    """What every model of this module shares (mixed into ``ModelMixin``): the exact log-likelihood from the
    conditional logits, the orderings and the default incremental steps (a full pass, one pixel read)."""

    num_orders = 1  # orderings the model has (MADE: its mask sets)

    @property
    def levels(self) -> int:
        return int(self.config.levels)

    @property
    def pixels(self) -> int:
        """The chain rule's ``n``: positions per image (64 here; the gated PixelCNN's ``side ** 2``)."""
        return PIXELS

    def ordering(self, order: int = 0) -> torch.Tensor:
        """Pixel indices ``(n,)`` in the order of the chain rule (raster order here)."""
        self.check_order(order)
        return torch.arange(self.pixels)

    def check_order(self, order: int) -> int:
        if not 0 <= int(order) < self.num_orders:
            raise ValueError(f"order must be in [0, {self.num_orders - 1}], got {order}")
        return int(order)

    def inputs(self, x: torch.Tensor) -> torch.Tensor:
        """Pixel values ``(B, 64)`` to the network's inputs in [0, 1] (level / (levels - 1); level 0 is 0)."""
        return x.to(self.dtype) / (self.levels - 1)

    def conditional_logits(self, x: torch.Tensor, order: int = 0) -> torch.Tensor:
        raise NotImplementedError

    def forward(self, x: torch.Tensor, order: int = 0) -> torch.Tensor:
        """``conditional_logits``: ``(B, 64, levels)``."""
        return self.conditional_logits(x, order)

    def log_prob(self, x: torch.Tensor, order: int = 0) -> torch.Tensor:
        """Exact ``ln p(x) = sum_d ln p(x_d | x_before d)`` ``(B,)`` in nats, one pass."""
        logp = torch.log_softmax(self.conditional_logits(x, order).float(), -1)
        return logp.gather(-1, x.long().unsqueeze(-1)).squeeze(-1).sum(-1)

    # incremental sampling: state = begin(x, order); logits = next_logits(state, x, d); advance(state, x, d)
    def begin(self, x: torch.Tensor, order: int = 0):
        """The sampler's state before its first step, from ``x`` whose not yet sampled pixels are 0."""
        return {"order": self.check_order(order)}

    def next_logits(self, state, x: torch.Tensor, pixel: int) -> torch.Tensor:
        """Logits ``(B, levels)`` of ``p(x_pixel | the pixels before it)``."""
        return self.conditional_logits(x, state["order"])[:, pixel]

    def advance(self, state, x: torch.Tensor, pixel: int) -> None:
        """Take into the state the value just written at ``x[:, pixel]`` (0 before)."""


def _binary_logits(a: torch.Tensor) -> torch.Tensor:
    """A logistic's logit ``a`` ``(...)`` as the two-class logits ``(..., 2)`` ``[0, a]``: softmax gives
    ``(1 - sigma(a), sigma(a))``."""
    return torch.stack([torch.zeros_like(a), a], -1)


class FVSBN(Autoregressive, ModelMixin, ConfigMixin):
    """Fully visible sigmoid belief network: ``p(x_d = 1 | x_<d) = sigma(b_d + sum_{j<d} W_dj x_j)`` on binary
    pixels in raster order; ``W`` ``(64, 64)`` strictly lower triangular (``n(n-1)/2`` used weights)."""

    @register_to_config
    def __init__(self, levels: int = 2):
        super().__init__()
        if levels != 2:
            raise ValueError(f"FVSBN is binary: levels must be 2, got {levels}")
        self.weight = nn.Parameter(torch.zeros(PIXELS, PIXELS))
        self.bias = nn.Parameter(torch.zeros(PIXELS))
        self.register_buffer("mask", torch.tril(torch.ones(PIXELS, PIXELS), -1), persistent=False)

    def masked_weight(self) -> torch.Tensor:
        return self.weight * self.mask

    def conditional_logits(self, x: torch.Tensor, order: int = 0) -> torch.Tensor:
        self.check_order(order)
        return _binary_logits(self.inputs(x) @ self.masked_weight().T + self.bias)

    def begin(self, x, order=0):
        return {"order": self.check_order(order), "a": self.inputs(x) @ self.masked_weight().T + self.bias}

    def next_logits(self, state, x, pixel):
        return _binary_logits(state["a"][:, pixel])

    def advance(self, state, x, pixel):
        state["a"] = state["a"] + self.inputs(x[:, pixel:pixel + 1]) * self.masked_weight()[:, pixel]


class NADE(Autoregressive, ModelMixin, ConfigMixin):
    """Neural autoregressive distribution estimator (Larochelle & Murray 2011) on binary pixels in raster order:
    ``h_d = sigma(c + W_{:,<d} x_<d)`` ``(hidden,)``, ``p(x_d = 1 | x_<d) = sigma(b_d + V_d . h_d)``; ``W``
    ``(hidden, 64)`` shared by every conditional, ``V`` ``(64, hidden)``."""

    @register_to_config
    def __init__(self, levels: int = 2, hidden: int = 64):
        super().__init__()
        if levels != 2:
            raise ValueError(f"NADE is binary here: levels must be 2, got {levels}")
        self.W = nn.Parameter(torch.randn(hidden, PIXELS) / math.sqrt(PIXELS))
        self.c = nn.Parameter(torch.zeros(hidden))
        self.V = nn.Parameter(torch.randn(PIXELS, hidden) / math.sqrt(hidden))
        self.b = nn.Parameter(torch.zeros(PIXELS))

    def conditional_logits(self, x: torch.Tensor, order: int = 0) -> torch.Tensor:
        self.check_order(order)
        contrib = self.inputs(x).unsqueeze(-1) * self.W.T  # (B, 64, hidden): W_{:,j} x_j
        a = self.c + torch.cumsum(contrib, 1) - contrib  # a_d = c + sum_{j<d} W_{:,j} x_j
        return _binary_logits((torch.sigmoid(a) * self.V).sum(-1) + self.b)

    def begin(self, x, order=0):
        return {"order": self.check_order(order), "a": self.c + self.inputs(x) @ self.W.T}

    def next_logits(self, state, x, pixel):
        return _binary_logits(torch.sigmoid(state["a"]) @ self.V[pixel] + self.b[pixel])

    def advance(self, state, x, pixel):
        state["a"] = state["a"] + self.inputs(x[:, pixel:pixel + 1]) * self.W[:, pixel]


def made_orderings(num_orders: int, seed: int) -> torch.Tensor:
    """``(num_orders, 64)`` pixel orders: raster, reverse raster, column by column, then random permutations."""
    g = torch.Generator().manual_seed(int(seed))
    fixed = [torch.arange(PIXELS), torch.arange(PIXELS).flip(0), torch.arange(PIXELS).reshape(SIDE, SIDE).T.reshape(-1)]
    orders = fixed[:num_orders] + [torch.randperm(PIXELS, generator=g) for _ in range(num_orders - len(fixed))]
    return torch.stack(orders)


class MADE(Autoregressive, ModelMixin, ConfigMixin):
    """Masked autoencoder for distribution estimation (Germain et al. 2015), order-agnostic over ``num_orders``
    mask sets. Input: the 64 pixels in [0, 1]; ``depth`` masked hidden layers of ``hidden`` ReLU units; output
    ``64 * levels`` logits, pixel ``d``'s ``levels`` logits all with connectivity number ``m(d)``.

    ``degrees(order)``: the ``m(k)`` of every layer, inputs first (input ``d``: its 1-based position in the
    ordering), outputs last; ``masks(order)``: the 0/1 masks ``(out, in)`` of every layer (the output mask per
    pixel, ``(64, hidden)``). The masks are rebuilt from the config (``mask_seed``), never saved."""

    @register_to_config
    def __init__(self, levels: int = 17, hidden: int = 512, depth: int = 2, num_orders: int = 8, mask_seed: int = 0):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(PIXELS if i == 0 else hidden, hidden) for i in range(depth)])
        self.out = nn.Linear(hidden, PIXELS * levels)
        self.num_orders = int(num_orders)
        orders = made_orderings(num_orders, mask_seed)
        g = torch.Generator().manual_seed(int(mask_seed) + 1)
        degrees, masks = [], []
        for s in range(num_orders):
            m_in = torch.empty(PIXELS, dtype=torch.long)
            m_in[orders[s]] = torch.arange(1, PIXELS + 1)
            ms = [m_in]
            for _ in range(depth):
                ms.append(torch.randint(int(ms[-1].min()), PIXELS, (hidden,), generator=g))
            layer_masks = [(ms[i + 1][:, None] >= ms[i][None, :]).float() for i in range(depth)]
            layer_masks.append((m_in[:, None] > ms[-1][None, :]).float())  # (64, hidden)
            degrees.append(ms + [m_in])
            masks.append(layer_masks)
        self.register_buffer("orders", orders, persistent=False)
        for i in range(depth + 1):
            self.register_buffer(f"mask{i}", torch.stack([m[i] for m in masks]), persistent=False)
        self._degrees = degrees

    def ordering(self, order: int = 0) -> torch.Tensor:
        return self.orders[self.check_order(order)].cpu()

    def degrees(self, order: int = 0) -> list[torch.Tensor]:
        """Connectivity numbers ``m(k)``: ``[inputs (64,), hidden layer 1 (hidden,), ..., outputs (64,)]``."""
        return [m.clone() for m in self._degrees[self.check_order(order)]]

    def masks(self, order: int = 0) -> list[torch.Tensor]:
        """The masks ``(out, in)`` of every layer for ordering ``order`` (the last: ``(64, hidden)``, one row a pixel)."""
        s = self.check_order(order)
        return [getattr(self, f"mask{i}")[s].cpu() for i in range(len(self.layers) + 1)]

    def _hidden(self, h: torch.Tensor, s: int, start: int) -> torch.Tensor:
        for i in range(start, len(self.layers)):
            lin = self.layers[i]
            h = F.relu(F.linear(h, lin.weight * getattr(self, f"mask{i}")[s], lin.bias))
        return h

    def _out_weight(self, s: int) -> torch.Tensor:
        m = getattr(self, f"mask{len(self.layers)}")[s]  # (64, hidden)
        return self.out.weight * m.repeat_interleave(self.levels, 0)

    def conditional_logits(self, x: torch.Tensor, order: int = 0) -> torch.Tensor:
        s = self.check_order(order)
        h = self._hidden(self.inputs(x), s, 0)
        return F.linear(h, self._out_weight(s), self.out.bias).reshape(len(x), PIXELS, self.levels)

    def ensemble_log_prob(self, x: torch.Tensor) -> torch.Tensor:
        """``ln (1/S) sum_s p_s(x)`` ``(B,)``: the mixture over all orderings (probabilities averaged, by logsumexp)."""
        lp = torch.stack([self.log_prob(x, s) for s in range(self.num_orders)])
        return torch.logsumexp(lp, 0) - math.log(self.num_orders)

    def begin(self, x, order=0):
        s = self.check_order(order)
        w0 = self.layers[0].weight * self.mask0[s]
        return {"order": s, "w0": w0, "a": F.linear(self.inputs(x), w0, self.layers[0].bias),
                "wout": self._out_weight(s)}

    def next_logits(self, state, x, pixel):
        h = self._hidden(F.relu(state["a"]), state["order"], 1)
        rows = slice(pixel * self.levels, (pixel + 1) * self.levels)
        return F.linear(h, state["wout"][rows], self.out.bias[rows])

    def advance(self, state, x, pixel):
        state["a"] = state["a"] + self.inputs(x[:, pixel:pixel + 1]) * state["w0"][:, pixel]


class MaskedConv2d(nn.Conv2d):
    """A convolution whose kernel is multiplied by a fixed 0/1 ``mask`` ``(kh, kw)`` (a buffer rebuilt from the
    config), padded to keep the 8x8 size."""

    def __init__(self, c_in: int, c_out: int, mask: torch.Tensor, dilation: int = 1):
        kh, kw = mask.shape
        super().__init__(c_in, c_out, (kh, kw), padding=(dilation * (kh // 2), dilation * (kw // 2)),
                         dilation=dilation)
        self.register_buffer("mask", mask.float(), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x, self.weight * self.mask, self.bias, self.stride, self.padding, self.dilation)


def pixelcnn_mask(k: int, kind: str) -> torch.Tensor:
    """The ``k x k`` mask of a PixelCNN convolution: the rows above, and the centre row left of the centre;
    type ``"A"`` masks the centre itself (the first layer: a pixel never sees itself), type ``"B"`` keeps it."""
    m = torch.zeros(k, k)
    m[: k // 2] = 1
    m[k // 2, : k // 2 + (kind == "B")] = 1
    return m


class ShiftedConv2d(nn.Conv2d):
    """A convolution over the rows above (``vertical``) or the pixels to the left (horizontal) only, written as
    a small kernel padded on one side instead of a masked square kernel (no multiplications by zero).

    Vertical: kernel ``(k // 2 + 1, k)`` covering rows ``r - d k//2 .. r`` (every column ``c - d k//2 .. c +
    d k//2``); ``first`` drops the centre row: ``(k // 2, k)`` covering rows ``r - d k//2 .. r - 1``. Horizontal:
    kernel ``(1, k // 2 + 1)`` covering columns ``c - d k//2 .. c`` of row ``r``; ``first`` drops the centre.
    Output size = input size; an output at row ``r`` reads rows ``<= r`` only. Input and kernel run channels-last
    (oneDNN's layout for these small maps: the 360 test digits' likelihood takes about a quarter less time)."""

    def __init__(self, c_in: int, c_out: int, k: int, dilation: int, vertical: bool, first: bool):
        span = k // 2 + (not first)  # kernel taps along the masked axis
        size = (span, k) if vertical else (1, span)
        super().__init__(c_in, c_out, size, dilation=dilation)
        self.shift = int(first)  # rows (columns) skipped next to the centre
        pad_back = dilation * (span - 1) + self.shift  # padding above (left of) the image
        side = dilation * (k // 2)
        self.pad = (side, side, pad_back, 0) if vertical else (pad_back, 0, 0, 0)
        self.vertical = vertical

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        x = F.pad(x, self.pad).contiguous(memory_format=torch.channels_last)
        weight = self.weight.contiguous(memory_format=torch.channels_last)
        return F.conv2d(x, weight, self.bias, self.stride, 0, self.dilation)[..., :h, :w]


class _ConvAutoregressive(Autoregressive):
    """Conditional logits of the PixelCNNs from a ``(B, levels, side, side)`` logit map; incremental: the rows up
    to the pixel's own. ``image(x)``: the values ``(B, rows * side)`` in raster order as the network's input
    ``(B, C, rows, side)``: one channel of ``inputs(x)`` in [0, 1], or (a model with an ``embedding``) each
    value's learned vector of ``C`` channels (categories without an order, such as a VQ-VAE's codes)."""

    side = SIDE  # image side (the gated PixelCNN's comes from its config)

    @property
    def pixels(self) -> int:
        return self.side * self.side

    def image(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.shape[1] // self.side
        embedding = getattr(self, "embedding", None)
        if embedding is None:
            return self.inputs(x).reshape(len(x), 1, rows, self.side)
        return embedding(x.long()).reshape(len(x), rows, self.side, -1).permute(0, 3, 1, 2)

    def logit_map(self, image: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def conditional_logits(self, x: torch.Tensor, order: int = 0) -> torch.Tensor:
        self.check_order(order)
        return self.logit_map(self.image(x)).flatten(2).transpose(1, 2)

    def next_logits(self, state, x, pixel):
        row, col = divmod(pixel, self.side)
        return self.logit_map(self.image(x[:, : (row + 1) * self.side]))[:, :, row, col]


class PixelCNN(_ConvAutoregressive, ModelMixin, ConfigMixin):
    """Plain PixelCNN on ``(B, 1, 8, 8)`` images of levels in [0, 1]: a type-A masked ``first_kernel`` convolution,
    ``layers`` type-B masked 3x3 convolutions with ReLU (residual), a 1x1 head to ``levels`` logits per pixel.
    Stacked masked convolutions leave a blind spot up and to the right of each pixel."""

    @register_to_config
    def __init__(self, levels: int = 17, channels: int = 64, layers: int = 4, first_kernel: int = 5,
                 dropout: float = 0.0):
        super().__init__()
        self.first = MaskedConv2d(1, channels, pixelcnn_mask(first_kernel, "A"))
        self.convs = nn.ModuleList([MaskedConv2d(channels, channels, pixelcnn_mask(3, "B")) for _ in range(layers)])
        self.drop = nn.Dropout(dropout)
        self.head = nn.Sequential(nn.ReLU(), nn.Conv2d(channels, channels, 1), nn.ReLU(), nn.Conv2d(channels, levels, 1))

    def logit_map(self, image: torch.Tensor) -> torch.Tensor:
        h = self.first(image)
        for conv in self.convs:
            h = h + self.drop(conv(F.relu(h)))
        return self.head(h)


class GatedLayer(nn.Module):
    """One gated PixelCNN layer (van den Oord et al. 2016): ``v' = tanh(f_v) * sigmoid(g_v)`` with ``[f_v, g_v] =
    V * v``, ``h' = h + W_1x1 (tanh(f_h) * sigmoid(g_h))`` with ``[f_h, g_h] = H * h + W_v->h ([f_v, g_v])``;
    ``first``: the masks exclude the centre row (vertical) and the centre pixel (horizontal)."""

    def __init__(self, c_in: int, channels: int, k: int, dilation: int, first: bool, dropout: float):
        super().__init__()
        self.first = first
        self.v = ShiftedConv2d(c_in, 2 * channels, k, dilation, vertical=True, first=first)
        self.h = ShiftedConv2d(c_in, 2 * channels, k, dilation, vertical=False, first=first)
        self.v_to_h = nn.Conv2d(2 * channels, 2 * channels, 1)
        self.h_out = nn.Conv2d(channels, channels, 1)
        self.drop = nn.Dropout(dropout)

    def forward(self, v: torch.Tensor, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        fv, v_new = self.vertical(v)
        return v_new, self.horizontal(h, fv)

    def vertical(self, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The vertical stack: its features ``[f_v, g_v]`` (read by the horizontal stack) and its gated output."""
        fv = self.v(v)
        return fv, torch.tanh(fv[:, ::2]) * torch.sigmoid(fv[:, 1::2])

    def horizontal(self, h: torch.Tensor, fv: torch.Tensor) -> torch.Tensor:
        """The horizontal stack's output from its input ``h`` and the vertical features ``fv`` of the same rows."""
        fh = self.h(h) + self.v_to_h(fv)
        h_gated = self.drop(self.h_out(torch.tanh(fh[:, ::2]) * torch.sigmoid(fh[:, 1::2])))
        return h_gated if self.first else h + h_gated


class GatedPixelCNN(_ConvAutoregressive, ModelMixin, ConfigMixin):
    """Gated PixelCNN on ``(B, 1, side, side)`` images of levels in [0, 1] (``embed = 0``) or on ``side x side``
    grids of categories, each read through a learned ``embed``-channel vector (``embed > 0``: the VQ-VAE's code
    maps, ``levels`` = K codes, ``core.vae.recipes``): a first gated layer with centre-masked stacks, then one
    gated layer per entry of ``dilations`` (3x3 vertical, 1x3 horizontal, that dilation), a 1x1 head from the
    horizontal stack to ``levels`` logits per position. The vertical stack sees every row above, the horizontal
    every position to the left: no blind spot once the layers reach the image's edges."""

    @register_to_config
    def __init__(self, levels: int = 17, channels: int = 64, dilations: tuple = (1, 2, 1, 4, 1), kernel: int = 3,
                 dropout: float = 0.1, side: int = SIDE, embed: int = 0):
        super().__init__()
        self.side = int(side)
        self.embedding = nn.Embedding(levels, embed) if embed else None
        self.first = GatedLayer(embed or 1, channels, kernel, 1, True, 0.0)
        self.gated = nn.ModuleList([GatedLayer(channels, channels, kernel, int(d), False, dropout) for d in dilations])
        self.head = nn.Sequential(nn.ELU(), nn.Conv2d(channels, channels, 1), nn.ELU(), nn.Conv2d(channels, levels, 1))

    def logit_map(self, image: torch.Tensor) -> torch.Tensor:
        v, h = self.first(image, image)
        for layer in self.gated:
            v, h = layer(v, h)
        return self.head(h)

    def next_logits(self, state, x, pixel):
        """Row by row: at a row's first pixel the vertical stack runs once on the rows so far (its features at
        row ``r`` read rows ``< r`` only) and keeps each layer's features of row ``r``; every pixel of the row
        then runs only the horizontal stack, on that one row."""
        row, col = divmod(pixel, self.side)
        layers = [self.first, *self.gated]
        if state.get("row") != row:
            v = self.image(x[:, : (row + 1) * self.side])
            rows = []
            for layer in layers:
                fv, v = layer.vertical(v)
                rows.append(fv[:, :, row:row + 1])
            state["row"], state["fv"] = row, rows
        h = self.image(x[:, row * self.side:(row + 1) * self.side])
        for layer, fv in zip(layers, state["fv"]):
            h = layer.horizontal(h, fv)
        return self.head(h)[:, :, 0, col]


MODELS = {"fvsbn": FVSBN, "nade": NADE, "made": MADE, "pixelcnn": PixelCNN, "gated": GatedPixelCNN}
