"""A short version of the load benchmark (benchmarks/bench_load.py): a few concurrent users mixing every
endpoint for ~8 s against the test session's app, with no error and no drop; and the fairness probe:
while one user runs the longest request the limits allow, another user's default request answers."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.api


def test_short_load_has_no_errors_or_drops(app_url):
    from benchmarks.bench_load import run

    result = run(users=3, seconds=8, url=app_url, fairness=False)
    assert result["errors"] == 0 and result["drops"] == 0, result["failures"]
    assert result["calls"] >= 4
    assert len(result["endpoints"]) >= 3  # several endpoints answered


def test_a_short_request_does_not_wait_behind_the_longest(app_url):
    from benchmarks.bench_load import connect, endpoints, probe_fairness

    result = probe_fairness(app_url, endpoints(connect(app_url)))
    assert result["probe_seconds"] < 5.0, result  # 2 s in the benchmark on an idle machine; the suite shares it
