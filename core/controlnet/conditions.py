"""Control images ("conditions") extracted from 8x8 digits, one function per condition type.

The same ``extract`` builds the training pairs (digit, condition) and measures the follow rate
on generated digits, so what the ControlNet learns and what it is scored on cannot drift apart.

- ``stroke``: the digit's skeleton, the one-pixel-wide line a person draws, on a
  ``STROKE_SIDE`` = 32 grid (4x the image side, as ControlNet's 512 px controls steer 64 px
  latents): on the 8x8 grid itself a one-pixel tolerance covers most of the digit box, so any
  two digits would overlap by IoU > 0.6. The digit is upsampled bilinearly, its ink is
  ``x > INK_THRESHOLD``, and the ink is thinned by directional sequential thinning
  (Rosenfeld 1975; Lam, Lee & Suen 1992): a border pixel is deleted when it is 8-simple
  (Yokoi's connectivity number ``C8 = sum_{k in 1,3,5,7} (n_k - n_k n_{k+1} n_{k+2}) = 1``, with
  ``n = 1 - x`` over the eight neighbours) and not an end point (one neighbour, or two that
  touch each other, so a two-pixel-wide stroke keeps its full length), until nothing changes;
  spurs (branches of at most ``PRUNE`` pixels from an end point to a junction) are then pruned.
- ``lowres``: the digit averaged over 2x2 blocks (4x4), shown back on the 8x8 grid by
  nearest-neighbour upsampling: a super-resolution control.

Conditions are ``(N, 1, side, side)`` float32 tensors in [-1, 1] (ink +1, paper -1), the same
range as the images, so they are displayed with the same code; ``CONDITION_SIDE`` gives the side.
"""
from __future__ import annotations

import numpy as np
import torch

CONDITION_TYPES = ("stroke", "lowres")  # every shipped condition type
STROKE_SIDE = 32  # side of the stroke map, in pixels
CONDITION_SIDE = {"stroke": STROKE_SIDE, "lowres": 8}  # side of each condition type's control image
INK_THRESHOLD = -0.2  # a pixel is ink when x > this (raw value > 6.4 of 16)
PRUNE = 4  # longest spur, in stroke-map pixels, removed from a skeleton
LOWRES_FACTOR = 2  # side of the averaging blocks of the lowres condition

# neighbour offsets (dr, dc) in the order n1..n8: E, NE, N, NW, W, SW, S, SE
_NEIGHBOURS = ((0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1), (1, 0), (1, 1))
_DIRECTIONS = ((-1, 0), (1, 0), (0, 1), (0, -1))  # N, S, E, W border passes


def _simple_table() -> np.ndarray:
    """``table[code]`` for the 256 neighbourhoods: True where the centre pixel may be deleted."""
    table = np.zeros(256, dtype=bool)
    for code in range(256):
        n = [(code >> k) & 1 for k in range(8)]
        nb = [1 - v for v in n]
        c8 = sum(nb[k] - nb[k] * nb[(k + 1) % 8] * nb[(k + 2) % 8] for k in (0, 2, 4, 6))
        ends = sum(n) < 2 or (sum(n) == 2 and any(n[k] and n[(k + 1) % 8] for k in range(8)))
        table[code] = c8 == 1 and not ends
    return table


_DELETABLE = _simple_table()


def thin(mask: np.ndarray) -> np.ndarray:
    """One-pixel-wide skeleton of boolean masks ``(N, H, W)`` (topology and end points kept)."""
    m = np.pad(np.asarray(mask, dtype=bool), ((0, 0), (1, 1), (1, 1)))
    weights = np.int64(1) << np.arange(8)
    changed = True
    while changed:
        changed = False
        for dr, dc in _DIRECTIONS:
            border = m & ~np.roll(m, (-dr, -dc), axis=(1, 2))  # border pixels of this pass, fixed at its start
            for r, c in zip(*np.nonzero(border.any(axis=0))):  # raster order; each deletion is seen by the next
                on = border[:, r, c] & m[:, r, c]
                if not on.any():
                    continue
                hood = np.stack([m[:, r + nr, c + nc] for nr, nc in _NEIGHBOURS], axis=1)
                delete = on & _DELETABLE[hood @ weights]
                if delete.any():
                    m[delete, r, c] = False
                    changed = True
    return m[:, 1:-1, 1:-1]


def dilate(mask: np.ndarray, radius: int = 1) -> np.ndarray:
    """Binary dilation of masks ``(N, H, W)`` by a ``(2 radius + 1)``-pixel square (chessboard distance)."""
    m = np.asarray(mask, dtype=bool)
    out = m.copy()
    padded = np.pad(m, ((0, 0), (radius, radius), (radius, radius)))
    h, w = m.shape[1:]
    for dr in range(-radius, radius + 1):
        for dc in range(-radius, radius + 1):
            out |= padded[:, radius + dr: radius + dr + h, radius + dc: radius + dc + w]
    return out


def _codes(mask: np.ndarray) -> np.ndarray:
    """The 8-bit neighbourhood code (bit k = neighbour k in ``_NEIGHBOURS`` order) of every pixel."""
    p = np.pad(mask, ((0, 0), (1, 1), (1, 1))).astype(np.int64)
    h, w = mask.shape[1:]
    return sum(p[:, 1 + dr: 1 + dr + h, 1 + dc: 1 + dc + w] << k for k, (dr, dc) in enumerate(_NEIGHBOURS))


_COUNT = np.array([bin(code).count("1") for code in range(256)])  # neighbours on
_CROSSINGS = np.array([sum(((code >> k) & 1) == 0 and ((code >> ((k + 1) % 8)) & 1) == 1 for k in range(8))
                       for code in range(256)])  # 0 -> 1 transitions around the ring: branches leaving a pixel


def prune(skeleton: np.ndarray, length: int = PRUNE) -> np.ndarray:
    """Remove spurs from skeletons ``(N, H, W)``: branches of at most ``length`` pixels that run from an
    end point to a junction (three or more branches meet, counted by 0 -> 1 transitions around the
    pixel). Free-standing strokes keep their ends."""
    skeleton = np.asarray(skeleton, dtype=bool)
    out = skeleton.copy()
    codes = _codes(skeleton)
    junction = skeleton & (_CROSSINGS[codes] >= 3)
    ends = skeleton & (_CROSSINGS[codes] == 1) & (_COUNT[codes] <= 2)
    h, w = skeleton.shape[1:]
    for i, r, c in zip(*np.nonzero(ends)):
        path: list[tuple[int, int]] = []
        while len(path) < length:
            path.append((r, c))
            step = [(rr, cc) for rr, cc in ((r + dr, c + dc) for dr, dc in _NEIGHBOURS)
                    if 0 <= rr < h and 0 <= cc < w and skeleton[i, rr, cc] and (rr, cc) not in path]
            if any(junction[i, rr, cc] for rr, cc in step):
                for pr, pc in path:
                    out[i, pr, pc] = False
                break
            if len(step) != 1:
                break
            r, c = step[0]
    return out


def _as_numpy(images) -> np.ndarray:
    x = images.detach().float().cpu().numpy() if isinstance(images, torch.Tensor) else np.asarray(images, np.float32)
    if x.ndim != 4 or x.shape[1] != 1:
        raise ValueError(f"images must have shape (N, 1, H, W); got {tuple(x.shape)}")
    return x[:, 0]


def _signed(mask_or_values: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(mask_or_values, dtype=np.float32))[:, None]


def stroke_condition(images) -> torch.Tensor:
    """Skeletons ``(N, 1, 32, 32)`` of digits ``(N, 1, 8, 8)``: +1 on the one-pixel stroke, -1 elsewhere."""
    x = torch.from_numpy(_as_numpy(images))[:, None]
    up = torch.nn.functional.interpolate(x, size=(STROKE_SIDE, STROKE_SIDE), mode="bilinear", align_corners=False)
    skeleton = prune(thin(up[:, 0].numpy() > INK_THRESHOLD))
    return _signed(np.where(skeleton, 1.0, -1.0))


def lowres_condition(images) -> torch.Tensor:
    """Digits averaged over ``LOWRES_FACTOR``-pixel blocks and upsampled back by repetition, ``(N, 1, H, W)``."""
    x = _as_numpy(images)
    n, h, w = x.shape
    f = LOWRES_FACTOR
    pooled = x.reshape(n, h // f, f, w // f, f).mean(axis=(2, 4))
    return _signed(pooled.repeat(f, axis=1).repeat(f, axis=2))


_EXTRACTORS = {"stroke": stroke_condition, "lowres": lowres_condition}


def extract(condition_type: str, images) -> torch.Tensor:
    """The ``condition_type`` control image of each digit in ``images`` ``(N, 1, 8, 8)`` in [-1, 1]."""
    if condition_type not in _EXTRACTORS:
        raise ValueError(f"unknown condition type {condition_type!r}; choose from {CONDITION_TYPES}")
    return _EXTRACTORS[condition_type](images)


def comparison_mask(condition_type: str, conditions: torch.Tensor) -> np.ndarray:
    """The binary map the follow rate compares, ``(N, h, w)``.

    ``stroke``: the 32x32 skeleton dilated by one pixel (3x3 square), the tolerance thin
    strokes need. ``lowres``: the 4x4 blocks whose mean is ink (> 0); blocks need no tolerance.
    """
    c = _as_numpy(conditions)
    if condition_type == "stroke":
        return dilate(c > 0, 1)
    if condition_type == "lowres":
        f = LOWRES_FACTOR
        return c[:, ::f, ::f] > 0
    raise ValueError(f"unknown condition type {condition_type!r}; choose from {CONDITION_TYPES}")
