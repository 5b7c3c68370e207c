"""Fuzzing every endpoint: Hypothesis-generated payloads through gradio_client, each answered by a valid
result or by an error that names the problem, and the server still serving after each endpoint.

    python benchmarks/bench_fuzz.py [--examples 200] [--workers 4] [--url http://127.0.0.1:7860/] [--only a,b]

Every named endpoint of the app (read from its API schema and component config) gets ``--examples``
payloads. Each parameter is drawn, per example, either from its valid values (kept cheap: numbers near
the bottom of their range, so a heavy endpoint stays bounded) or from hostile ones: NaN, infinities, huge
and negative numbers, numbers just outside the range, numbers as text, ``None``, booleans, lists, dicts,
unknown choices; drawings that are malformed dicts, empty canvases, non-image files, unreadable and
truncated PNGs, a 2000-frame GIF, an image 5000 pixels wide; uploads likewise. Some payloads have the
wrong number of values. Payloads a JSON client cannot send (NaN, infinities) and the wrong-arity ones go
as raw HTTP to ``/gradio_api/call/<name>``; all the others through ``gradio_client``.

A call passes when it returns, or fails with a message that names the problem (``NAMED``), never
Gradio's generic "upstream Gradio app has raised an exception"; after each endpoint a health call
(``/gan_defaults``) must answer. Writes benchmarks/results/fuzz.json: examples, valid results, named
errors and failures per endpoint, with the failing payloads and messages.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import httpx  # noqa: E402
import numpy as np  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from PIL import Image  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "fuzz.json"
GENERIC = "upstream Gradio app has raised an exception"
NAMED = re.compile(r"must be|could not be read|not an image|too large|animated|is empty|takes \d+ value|"
                   r"No file|No model|No shipped|missing|trained on|draw a|at most|at least|first|choose|minimum value|"
                   r"maximum value|list of choices", re.I)
HEALTH = ("/gan_defaults", ("wgan-gp",))  # a cheap queued call that must answer after every endpoint
CALL_TIMEOUT = 180.0  # seconds one call may take before it counts as a failure
VALID_SHARE = 5  # out of 10: how often a parameter takes a valid value (the rest are hostile)
SLOW_CALL = 1.0  # seconds: an endpoint whose default call takes longer gets valid values 1 time in 10
_share = [VALID_SHARE]  # the current endpoint's valid share (set before its run: Hypothesis needs it fixed)
LOW_SHARE = 0.02  # valid numbers come from the bottom 2% of their range (cheap calls)


# ---- the files a drawing or an upload may be ----------------------------------------------------------

def make_files(folder: Path) -> dict[str, Path]:
    """Small files that stand for every kind of upload: good, empty, hostile."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    stroke = np.full((128, 128, 4), 255, np.uint8)
    stroke[24:104, 54:74, :3] = 0  # a thick "1"
    Image.fromarray(stroke).save(files.setdefault("stroke.png", folder / "stroke.png"))
    Image.new("RGBA", (64, 64), (255, 255, 255, 255)).save(files.setdefault("empty.png", folder / "empty.png"))
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(files.setdefault("clear.png", folder / "clear.png"))
    Image.new("1", (5000, 40), 1).save(files.setdefault("wide.png", folder / "wide.png"))
    frames = [Image.new("L", (4, 4), 255 * (i % 2)) for i in range(2000)]
    frames[0].save(files.setdefault("frames.gif", folder / "frames.gif"), save_all=True, append_images=frames[1:],
                   duration=10, loop=0)
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (48, 48, 3), dtype=np.uint8)).save(buf, "PNG")
    (folder / "truncated.png").write_bytes(buf.getvalue()[:200])
    files["truncated.png"] = folder / "truncated.png"
    (folder / "junk.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    files["junk.png"] = folder / "junk.png"
    (folder / "notes.txt").write_text("not an image\n" * 20)
    files["notes.txt"] = folder / "notes.txt"
    (folder / "empty.bin").write_bytes(b"")
    files["empty.bin"] = folder / "empty.bin"
    return files


# ---- payload strategies, one per component kind --------------------------------------------------------

@dataclass
class Param:
    """One API parameter: its component kind and the props that bound it."""

    name: str
    kind: str
    props: dict = field(default_factory=dict)


JUNK_TEXT = ["abc", "", " ", "5", "1e400", "nan", "NaN", "inf", "-inf", "-1", "0x10", " 3 ", "None", "[]", "{}",
             "../../etc/passwd", "/etc/passwd", "\x00", "中文", "x" * 5000]
NONFINITE = [math.nan, math.inf, -math.inf]


def junk() -> st.SearchStrategy:
    """Any value of the wrong kind or size."""
    return st.one_of(
        st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.sampled_from(NONFINITE),
        st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e300, -1e300, 2**63, -(2**63), 10**400 // 10**300]),
        st.sampled_from(JUNK_TEXT), st.text(max_size=20), st.lists(st.integers(-5, 5), max_size=3),
        st.dictionaries(st.sampled_from(["a", "path", "composite", "value"]), st.integers(-3, 3), max_size=2))


def numbers(p: Param) -> st.SearchStrategy:
    lo, hi = p.props.get("minimum"), p.props.get("maximum")
    lo = -1e6 if lo is None else lo
    hi = 1e6 if hi is None else hi
    whole = p.kind == "number" and p.props.get("precision") == 0 or all(
        float(x).is_integer() for x in (lo, hi, p.props.get("step") or 1))
    top = lo + max((hi - lo) * LOW_SHARE, 0 if whole else 1e-6)
    if whole:
        valid = st.one_of(st.just(int(lo)), st.integers(int(lo), int(max(lo, top))))
        if p.name.startswith("seed") or "seed" in p.name:
            valid = st.integers(int(lo), int(hi))  # a seed costs nothing
    else:
        valid = st.one_of(st.just(lo), st.floats(lo, top))
    step = p.props.get("step") or 1
    bad = st.one_of(
        st.sampled_from(NONFINITE + [hi + step, lo - step, hi * 10 + 1, -abs(hi) - 1, 10**20, -(10**20), 1e300]),
        valid.map(str), st.just(None), junk())
    return _mix(valid, bad)


def choices(p: Param) -> st.SearchStrategy:
    values = [c[1] if isinstance(c, (list, tuple)) else c for c in p.props.get("choices") or []]
    valid = st.sampled_from(values) if values else st.text(max_size=10)
    bad = st.one_of(st.sampled_from([str(v) + "x" for v in values] + [None, 10**9, -1, ""]),
                    st.sampled_from(values).map(str) if values else st.none(), junk())
    return _mix(valid, bad)


def checkbox(p: Param) -> st.SearchStrategy:
    return _mix(st.booleans(), junk())


def files_for(uploads: dict[str, dict]) -> dict[str, st.SearchStrategy]:
    good = st.sampled_from([uploads["stroke.png"]])
    hostile = st.sampled_from([uploads[k] for k in ("empty.png", "clear.png", "wide.png", "frames.gif", "truncated.png",
                                                    "junk.png", "notes.txt", "empty.bin")])
    return {"good": good, "hostile": hostile}


def sketch(uploads: dict[str, dict]) -> st.SearchStrategy:
    f = files_for(uploads)

    def value(composite, background=None, layers=()):
        return {"background": background, "layers": list(layers), "composite": composite}

    valid = st.one_of(st.none(), f["good"].map(value))
    bad = st.one_of(
        f["hostile"].map(value),
        st.tuples(f["good"], f["hostile"]).map(lambda ab: value(ab[0], ab[1])),
        st.tuples(f["good"], st.lists(f["hostile"], min_size=1, max_size=3)).map(lambda ab: value(ab[0], None, ab[1])),
        st.sampled_from([{}, {"composite": 5}, {"layers": "x"}, {"composite": "x.png"},
                         {"composite": {"path": 3}}, {"composite": None, "extra": 1}, value(None)]),
        junk())
    return _mix(valid, bad)


def upload(uploads: dict[str, dict]) -> st.SearchStrategy:
    f = files_for(uploads)
    return _mix(f["good"], st.one_of(f["hostile"], st.sampled_from([None, "/etc/passwd", {"path": "/etc/passwd"}]),
                                     junk()))


def _mix(valid: st.SearchStrategy, bad: st.SearchStrategy) -> st.SearchStrategy:
    """``valid`` ``_share[0]`` times in 10 (read as each value is drawn), else ``bad``."""
    return st.integers(0, 9).flatmap(lambda k: valid if k < _share[0] else bad)


def param_strategy(p: Param, uploads: dict[str, dict]) -> st.SearchStrategy:
    if p.kind in ("slider", "number"):
        return numbers(p)
    if p.kind in ("dropdown", "radio"):
        return choices(p)
    if p.kind == "checkbox":
        return checkbox(p)
    if p.kind in ("imageeditor", "sketchpad"):
        return sketch(uploads)
    if p.kind in ("file", "image", "uploadbutton"):
        return upload(uploads)
    return _mix(st.text(max_size=20), junk())


def payload_strategy(params: list[Param], uploads: dict[str, dict]) -> st.SearchStrategy:
    """A whole payload: one value per parameter, or (1 in 12, and always for an endpoint with no parameters)
    a list of the wrong length."""
    right = st.tuples(*[param_strategy(p, uploads) for p in params]).map(list)
    wrong = st.lists(junk(), max_size=len(params) + 2).filter(lambda xs: len(xs) != len(params) or not params)
    if not params:
        return st.lists(junk(), max_size=4)
    return st.integers(0, 11).flatmap(lambda k: wrong if k == 0 else right)


# ---- sending --------------------------------------------------------------------------------------------

def endpoints(client) -> dict[str, list[Param]]:
    """Every named endpoint's parameters, from the app's config (component kinds and their props)."""
    config = client.config
    comps = {c["id"]: c for c in config["components"]}
    out = {}
    for dep in config["dependencies"]:
        name = dep.get("api_name")
        if not name or not isinstance(name, str):
            continue
        params = []
        for i in dep["inputs"]:
            c = comps[i]
            if c["type"] == "state":
                continue
            props = c.get("props", {})
            params.append(Param(f"{len(params)}:{props.get('label') or c['type']}", c["type"], props))
        out["/" + name] = params
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    return {k: v for k, v in out.items() if k in api}


def _finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    return True


@dataclass
class Outcome:
    kind: str  # "ok", "named" (an error naming the problem) or "failure"
    message: str = ""
    via: str = "client"


class Sender:
    """Sends a payload through gradio_client, or as raw HTTP when no JSON client could send it."""

    def __init__(self, url: str, files: dict[str, Path]):
        from gradio_client import Client, handle_file

        self.url = url.rstrip("/") + "/"
        self.client = Client(self.url, verbose=False, httpx_kwargs={"timeout": CALL_TIMEOUT})
        self.http = httpx.Client(timeout=CALL_TIMEOUT)
        self.handle_file = handle_file
        self.server_paths = self._upload(files)

    def _upload(self, files: dict[str, Path]) -> dict[str, str]:
        r = self.http.post(self.url + "gradio_api/upload",
                           files=[("files", (name, path.read_bytes())) for name, path in files.items()])
        r.raise_for_status()
        return dict(zip(files, r.json()))

    def uploads(self, files: dict[str, Path]) -> dict[str, dict]:
        """Each file as the placeholder a payload carries (``{"__file__": name}``), made real when sent."""
        return {name: {"__file__": name} for name in files}

    def _for_client(self, value, files):
        if isinstance(value, dict) and set(value) == {"__file__"}:
            return self.handle_file(str(files[value["__file__"]]))
        if isinstance(value, list):
            return [self._for_client(v, files) for v in value]
        if isinstance(value, dict):
            return {k: self._for_client(v, files) for k, v in value.items()}
        return value

    def _for_http(self, value):
        if isinstance(value, dict) and set(value) == {"__file__"}:
            path = self.server_paths[value["__file__"]]
            return {"path": path, "orig_name": value["__file__"], "meta": {"_type": "gradio.FileData"}}
        if isinstance(value, list):
            return [self._for_http(v) for v in value]
        if isinstance(value, dict):
            return {k: self._for_http(v) for k, v in value.items()}
        return value

    def send(self, api_name: str, payload: list, params: list[Param], files) -> Outcome:
        if len(payload) != len(params) or not _finite(payload):
            return self.send_http(api_name, payload)
        try:
            job = self.client.submit(*self._for_client(payload, files), api_name=api_name)
            job.result(timeout=CALL_TIMEOUT)
            return Outcome("ok")
        except httpx.TimeoutException:  # the client gave up waiting (a busy queue): ask again, waiting longer
            return self.send_http(api_name, payload)
        except Exception as e:  # noqa: BLE001
            return judge(e, "client")

    def send_http(self, api_name: str, payload: list) -> Outcome:
        base = self.url + "gradio_api/call/" + api_name.lstrip("/")
        body = json.dumps({"data": self._for_http(payload)}, allow_nan=True)
        try:
            r = self.http.post(base, content=body, headers={"content-type": "application/json"})
            if r.status_code != 200:
                return Outcome("named" if r.status_code in (400, 413, 422) else "failure",
                               f"HTTP {r.status_code}: {r.text[:200]}", "http")
            text = self.http.get(f"{base}/{r.json()['event_id']}").text
        except Exception as e:  # noqa: BLE001
            return Outcome("failure", f"{type(e).__name__}: {e}"[:300], "http")
        for block in text.split("\n\n"):
            if block.startswith("event: error"):
                data = block.split("data:", 1)[1].strip() if "data:" in block else ""
                error = json.loads(data) if data and data != "null" else None
                message = (error.get("error") or error.get("message") or "") if isinstance(error, dict) else str(error or "")
                return judge_message(message or GENERIC, "http")
            if block.startswith("event: complete"):
                return Outcome("ok", via="http")
        return Outcome("failure", f"no result: {text[-200:]}", "http")

    def healthy(self) -> bool:
        try:
            self.client.predict(*HEALTH[1], api_name=HEALTH[0])
            return True
        except Exception:  # noqa: BLE001
            return False


def judge(error: Exception, via: str) -> Outcome:
    from gradio_client.exceptions import AppError

    if isinstance(error, AppError):
        return judge_message(str(error), via)
    return Outcome("failure", f"{type(error).__name__}: {error}"[:300], via)


def judge_message(message: str, via: str) -> Outcome:
    named = GENERIC not in message and bool(NAMED.search(message)) and "Traceback" not in message
    return Outcome("named" if named else "failure", message[:300], via)


# ---- the run --------------------------------------------------------------------------------------------

def slow(sender: "Sender", api_name: str, params: list[Param], files) -> bool:
    """Whether a cheap valid call (numbers at their minimum, the rest at their defaults) takes longer than
    ``SLOW_CALL``."""
    defaults = [p.props.get("minimum", p.props.get("value")) if p.kind in ("slider", "number") else p.props.get("value")
                for p in params]
    start = time.perf_counter()
    sender.send(api_name, defaults, params, files)
    return time.perf_counter() - start > SLOW_CALL


def fuzz_endpoint(sender: Sender, api_name: str, params: list[Param], files: dict[str, Path], examples: int,
                  seed: int = 0) -> dict:
    """``examples`` Hypothesis payloads to one endpoint; counts and the failures."""
    uploads = sender.uploads(files)
    counts = {"examples": 0, "ok": 0, "named": 0, "failure": 0, "via_http": 0}
    failures: list[dict] = []
    start = time.perf_counter()
    quick = VALID_SHARE <= 1 or not params or not slow(sender, api_name, params, files)
    _share[0] = VALID_SHARE if quick else 1

    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate], derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(payload_strategy(params, uploads))
    def run(payload):
        out = sender.send(api_name, payload, params, files)
        counts["examples"] += 1
        counts[out.kind] += 1
        counts["via_http"] += out.via == "http"
        if out.kind == "failure" and len(failures) < 20:
            failures.append({"payload": repr(payload)[:300], "message": out.message})

    run()
    counts["seconds"] = round(time.perf_counter() - start, 1)
    counts["healthy_after"] = sender.healthy()
    counts["failures"] = failures
    return counts


def _worker(url: str, folder: str, names: list[str], examples: int, log: str | None = None) -> dict:
    """One process's share of the endpoints (each process has its own client and Hypothesis); each
    endpoint's row is also appended to ``log`` (JSON lines) as soon as it is done."""
    files = make_files(Path(folder))
    sender = Sender(url, files)
    eps = endpoints(sender.client)
    rows = {}
    for api_name in names:
        rows[api_name] = r = fuzz_endpoint(sender, api_name, eps[api_name], files, examples)
        if log:
            with open(log, "a") as f:
                f.write(json.dumps({"endpoint": api_name, **r}) + "\n")
        print(f"{api_name:28s} {r['examples']:4d} examples  ok {r['ok']:4d}  named {r['named']:4d}  "
              f"failures {r['failure']:3d}  healthy {r['healthy_after']}  {r['seconds']:7.1f} s", flush=True)
    return rows


def serve() -> str:
    """Launch the app in this process on a free port; its URL."""
    import app
    from benchmarks.bench_diffusion import free_port
    from core.runtime.device import configure_threads

    configure_threads()
    demo = app.build_app()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(), quiet=True,
                **app.launch_options())
    return demo.local_url


def collect(args) -> dict:
    """The results of a stopped run: its finished endpoints, and the ones it did not reach."""
    from gradio_client import Client

    log = Path(args.out + ".partial.jsonl")
    rows = {}
    for line in log.read_text().splitlines() if log.exists() else []:
        row = json.loads(line)
        rows[row.pop("endpoint")] = row
    planned = list(endpoints(Client(args.url, verbose=False))) if args.url else list(rows)
    rows = {n: rows[n] for n in planned if n in rows}
    total = {k: sum(r[k] for r in rows.values()) for k in ("examples", "ok", "named", "failure")}
    result = {"examples_per_endpoint": args.examples, "endpoints": len(rows), "complete": len(rows) == len(planned),
              "not_reached": [n for n in planned if n not in rows], "total": total,
              "min_examples": min((r["examples"] for r in rows.values()), default=0),
              "all_healthy": all(r["healthy_after"] for r in rows.values()), "rows": rows}
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(f"{len(rows)} of {len(planned)} endpoints finished, {total['examples']} examples: {total['ok']} valid, "
          f"{total['named']} named errors, {total['failure']} failures; healthy after each: {result['all_healthy']}")
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="payloads per endpoint (default 200)")
    parser.add_argument("--url", default=None, help="a running app (default: launch one in this process)")
    parser.add_argument("--only", default="", help="comma-separated endpoint names (default: every one)")
    parser.add_argument("--out", default=str(RESULTS), help="where to write the JSON results")
    parser.add_argument("--collect", action="store_true", help="write --out from a stopped run's finished "
                        "endpoints (its .partial.jsonl log) without sending anything; needs --url for the full list")
    parser.add_argument("--resume", action="store_true", help="keep the endpoints a stopped run finished (its "
                        "rows in the .partial.jsonl log beside --out)")
    parser.add_argument("--workers", type=int, default=4, help="client processes, each fuzzing its share of the "
                        "endpoints (default 4; the server is the same)")
    args = parser.parse_args(argv)
    if args.collect:
        return collect(args)
    url = args.url or serve()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="genlab-fuzz-") as tmp:
        from gradio_client import Client

        names = list(endpoints(Client(url, verbose=False)))
        only = {"/" + n.strip().lstrip("/") for n in args.only.split(",") if n.strip()}
        names = order = [n for n in names if not only or n in only]
        rows = {}
        log = args.out + ".partial.jsonl" if args.out else None  # rows as they finish, for a long run
        done = {}
        if log and Path(log).exists() and args.resume:
            for line in Path(log).read_text().splitlines():
                row = json.loads(line)
                if row["examples"] >= args.examples:
                    done[row.pop("endpoint")] = row
        elif log and Path(log).exists():
            Path(log).unlink()
        names = [n for n in names if n not in done]
        shares = [names[i::args.workers] for i in range(args.workers)]
        if args.workers == 1:
            rows = _worker(url, tmp, names, args.examples, log)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                for part in pool.map(_worker, [url] * len(shares), [f"{tmp}/{i}" for i in range(len(shares))],
                                     shares, [args.examples] * len(shares), [log] * len(shares)):
                    rows.update(part)
        rows.update(done)
        rows = {n: rows[n] for n in order if n in rows}
    total = {k: sum(r[k] for r in rows.values()) for k in ("examples", "ok", "named", "failure")}
    result = {"examples_per_endpoint": args.examples, "workers": args.workers, "endpoints": len(rows), "complete": True,
              "seconds": round(time.perf_counter() - started, 1), "total": total,
              "min_examples": min((r["examples"] for r in rows.values()), default=0),
              "all_healthy": all(r["healthy_after"] for r in rows.values()), "rows": rows}
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
        if log and Path(log).exists():
            Path(log).unlink()
    print(f"{len(rows)} endpoints, {total['examples']} examples (at least {result['min_examples']} each): "
          f"{total['ok']} valid, {total['named']} named errors, {total['failure']} failures; "
          f"server healthy after every endpoint: {result['all_healthy']}")
    return result


if __name__ == "__main__":
    main()
