"""Fuzzing in the suite: a few Hypothesis payloads to every endpoint (``benchmarks/bench_fuzz.py`` sends 200
each). Every call returns or fails with an error naming the problem, never Gradio's generic one, and the
server answers a health call after each endpoint."""
from __future__ import annotations

import pytest

from benchmarks import bench_fuzz

EXAMPLES = 2  # payloads per endpoint here (the benchmark sends 200)


@pytest.fixture(scope="module")
def sender(app_url, tmp_path_factory):
    files = bench_fuzz.make_files(tmp_path_factory.mktemp("fuzz"))
    return bench_fuzz.Sender(app_url, files), files


def test_fuzz_payloads_get_named_errors_and_the_server_keeps_serving(sender, monkeypatch):
    monkeypatch.setattr(bench_fuzz, "VALID_SHARE", 1)  # mostly hostile values: the suite stays fast
    sender, files = sender
    eps = bench_fuzz.endpoints(sender.client)
    assert len(eps) >= 40 and "/gan_defaults" in eps and "/controlnet_upload" in eps
    problems = {}
    for api_name, params in eps.items():
        r = bench_fuzz.fuzz_endpoint(sender, api_name, params, files, EXAMPLES)
        assert r["examples"] >= min(EXAMPLES, 1), api_name
        if r["failure"] or not r["healthy_after"]:
            problems[api_name] = r
    assert not problems, problems


def test_judge_tells_named_errors_from_generic_ones():
    assert bench_fuzz.judge_message("seed must be a whole number from 0 to 2147483647; got nan.", "x").kind == "named"
    assert bench_fuzz.judge_message("The upstream Gradio app has raised an exception but has not enabled verbose "
                                    "error reporting.", "x").kind == "failure"
    assert bench_fuzz.judge_message("Error", "x").kind == "failure"
