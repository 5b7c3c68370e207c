"""The same seed gives the same picture: every pinned request (``tests/pinned.py``) recomputes the arrays it
recorded before the mechanisms under it were refactored."""
from __future__ import annotations

import json
import math

import pytest

from tests.pinned import PATH, RTOL, cases, compute

RECORDED = json.loads(PATH.read_text())


def test_every_case_is_recorded():
    assert sorted(cases()) == sorted(RECORDED)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_pinned_output_is_unchanged(name):
    got = compute([name])[name]
    want = RECORDED[name]
    assert sorted(got) == sorted(want), f"{name}: the result's arrays changed: {sorted(set(got) ^ set(want))}"
    for path, (shape, total, abs_total) in want.items():
        g_shape, g_total, g_abs = got[path]
        assert g_shape == shape, f"{name}{path}: shape {g_shape} != {shape}"
        scale = max(abs_total, 1e-12)
        assert math.isclose(g_total, total, rel_tol=RTOL, abs_tol=RTOL * scale), f"{name}{path}: sum {g_total} != {total}"
        assert math.isclose(g_abs, abs_total, rel_tol=RTOL, abs_tol=1e-9), f"{name}{path}: |sum| {g_abs} != {abs_total}"
