"""The shared figure helpers: what goes on the wire."""
from __future__ import annotations

import math

from demos.common import figures as F


def test_finite_list_keeps_small_values_for_log_axes_and_breaks_lines_at_non_finite_values():
    out = F.finite_list([1.23456789, 3e-8, -1.234567e-5, float("nan"), math.inf, 0.0, 12345.6789012])
    assert out[0] == 1.234568 and out[6] == 12345.678901  # 6 decimals
    assert out[1] == 3e-8 and out[2] == -1.23457e-5  # not rounded to 0: 6 significant digits
    assert out[3] is None and out[4] is None and out[5] == 0.0
