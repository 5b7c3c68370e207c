"""Defaults and ranges are written once, in core: a request's settings live in its defaults dataclass and its
``core.runtime.validation.Spec``s (range, default, step), which core's checks read; every slider, number and
page-load call in demos/ reads them.

- The layout in demos/ passes no numeric literal for a control's range or default, nor to a request it makes
  while the page is built or opened (read from the source).
- Every slider and number that is an input of a named endpoint carries its ``Spec`` and shows its range and
  default; and the endpoint itself, sent a value just outside the range, refuses it naming that parameter and
  exactly that range (so the check core runs and the control the page shows cannot drift apart).
"""
from __future__ import annotations

import ast
import inspect
import math
from pathlib import Path

import pytest

from core.runtime.validation import PARAMETERS, InvalidInput, Spec

ROOT = Path(__file__).resolve().parents[1]
CONTROLS = {"Slider", "Number", "Dropdown", "Radio"}  # gr.<these>: their range and default come from core
SPEC_WIDGETS = {"slider", "number_box", "seed_box", "updates_slider"}  # demos.common.widgets' Spec readers
# Keyword arguments that place a control on the page, not a setting of the request: any number is fine.
LAYOUT = {"min_width", "scale", "height", "width", "lines", "max_lines", "precision", "pen", "side", "cols", "px"}
# The one literal allowed for a setting-like keyword: a whole-number slider's step of 1 (not a request value).
ALLOWED = {("step", 1)}


def _number(node: ast.AST) -> float | None:
    """The numeric literal ``node`` is (``-3.0`` included), or ``None`` (booleans are not numbers here)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _number(node.operand)
        return None if inner is None else -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    return None


def _literal_args(call: ast.Call) -> list[str]:
    """The numeric literals ``call`` passes as a value (positional, or a keyword that is not layout)."""
    found = [ast.unparse(a) for a in call.args if _number(a) is not None]
    found += [f"{k.arg}={ast.unparse(k.value)}" for k in call.keywords
              if k.arg not in LAYOUT and _number(k.value) is not None and (k.arg, _number(k.value)) not in ALLOWED]
    return found


def _callee(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _is_control(call: ast.Call) -> bool:
    f = call.func
    return (isinstance(f, ast.Attribute) and f.attr in CONTROLS and isinstance(f.value, ast.Name)
            and f.value.id == "gr") or _callee(call) in SPEC_WIDGETS


def _layout_literals(path: Path) -> list[str]:
    """``file:line call`` for every control given a numeric range or default, every page-load lambda that calls
    a request with a numeric literal, and every call of the module's own handlers with one while the page is
    built (inside a function that lays out controls)."""
    tree = ast.parse(path.read_text())
    handlers = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    rel, bad = path.relative_to(ROOT).as_posix(), []

    def report(call: ast.Call, literals: list[str]) -> None:
        if literals:
            bad.append(f"{rel}:{call.lineno} {ast.unparse(call.func)}(... {', '.join(literals)} ...)")

    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        if _is_control(call):
            report(call, _literal_args(call))
        elif _callee(call) == "on_page_load" and call.args and isinstance(call.args[0], ast.Lambda):
            for inner in (n for n in ast.walk(call.args[0].body) if isinstance(n, ast.Call)):
                report(inner, _literal_args(inner))
    for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call)]
        if not any(_is_control(c) or _callee(c) == "on_page_load" for c in calls):
            continue  # not a layout function
        for call in calls:
            if isinstance(call.func, ast.Name) and call.func.id in handlers and call.func.id != fn.name:
                report(call, _literal_args(call))
    return bad


def test_the_layout_writes_no_range_or_default():
    bad = [line for path in sorted((ROOT / "demos").rglob("*.py")) for line in _layout_literals(path)]
    assert not bad, "ranges and defaults written in demos/ (read them from core's Spec or defaults):\n" + "\n".join(
        sorted(set(bad)))


def test_the_scan_finds_what_it_forbids():
    """The scan catches a literal range, a literal default and a page-load call with literal settings."""
    sample = ROOT / "demos" / "_scan_sample.py"
    sample.write_text(
        "import gradio as gr\nfrom demos.common.widgets import on_page_load, slider\n\n"
        "def run(n, seed):\n    return n\n\n"
        "def build():\n"
        "    a = gr.Slider(100, 20000, value=2000, step=100)\n"
        "    b = slider(N, 'n', value=5, step=1, min_width=200)\n"
        "    run(2000, 0)\n"
        "    on_page_load(lambda: run(2000, 0), [a])\n")
    try:
        bad = _layout_literals(sample)
    finally:
        sample.unlink()
    assert len(bad) == 5, bad  # the slider, the value=5, the build-time run, the page-load run (twice: lambda, body)
    assert not any("min_width" in line or "step=1 " in line for line in bad)


def test_the_split_has_the_test_digits_the_specs_name():
    from core.data.digits import NUM_TEST, load_split

    assert len(load_split().x_test) == NUM_TEST


# ---- the built app: every spec'd control against the endpoint it feeds -------------------------------------------

@pytest.fixture(scope="module")
def app():
    import app as app_module

    return app_module.build_app()


def _named_endpoints(demo):
    """The app's named endpoints (a private UI helper, such as a slider's range update, is none)."""
    for block_fn in demo.fns.values():
        if (isinstance(block_fn.api_name, str) and block_fn.api_name and block_fn.fn is not None
                and block_fn.api_visibility != "private"):
            yield block_fn


def _outside(spec: Spec) -> list:
    """Values just outside ``spec``'s range (one step, and for a whole number a fraction inside it)."""
    out = [spec.lo - spec.step, spec.hi + spec.step]
    return out + ([spec.lo + 0.5] if spec.whole else [])


def _switches(inputs, skip: int):
    """``(index, value)`` for every other choice of every radio input: a request validates only the settings of
    the method chosen (``langevin_request``), so a value is refused under the method that reads it."""
    import gradio as gr

    for j, comp in enumerate(inputs):
        if j != skip and isinstance(comp, gr.Radio):
            yield from ((j, value) for _, value in comp.choices if value != comp.value)


def _refusal(fn, args) -> InvalidInput | None:
    try:
        result = fn(*args)
        if inspect.isgenerator(result):
            next(result)
            result.close()
    except InvalidInput as e:
        return e
    return None


def test_every_slider_and_number_of_an_endpoint_reads_a_spec(app):
    import gradio as gr

    missing, wrong = [], []
    for block_fn in _named_endpoints(app):
        for i, comp in enumerate(block_fn.inputs):
            if not isinstance(comp, (gr.Slider, gr.Number)):
                continue
            spec = getattr(comp, "spec", None)
            where = f"/{block_fn.api_name} input {i} ({comp.label!r})"
            if not isinstance(spec, Spec):
                missing.append(where)
                continue
            lo, hi = spec.visible
            if spec.name not in PARAMETERS or not spec.lo <= lo <= spec.default <= hi <= spec.hi:
                wrong.append(f"{where}: {spec}")
            if (comp.minimum, comp.maximum) != (lo, hi) or not math.isclose(float(comp.value), spec.default):
                wrong.append(f"{where}: shows {comp.minimum}..{comp.maximum} at {comp.value}, core says {spec}")
            if isinstance(comp, gr.Slider) and not math.isclose(comp.step, spec.step):
                wrong.append(f"{where}: step {comp.step}, core says {spec.step}")
    assert not missing, "controls that do not read a core Spec:\n" + "\n".join(missing)
    assert not wrong, "\n".join(wrong)


def test_every_endpoint_refuses_just_outside_its_controls_range_naming_it(app):
    """Sent a value just outside a control's spec (every other input at its default), the endpoint's core
    check refuses it, naming the spec's parameter and exactly the spec's range: the page and core read the
    same numbers. Nothing runs: each call stops at validation."""
    import gradio as gr

    checked, bad = 0, []
    for block_fn in _named_endpoints(app):
        fn = inspect.unwrap(block_fn.fn)  # the handler, under errors.reports_errors and the serving budget
        defaults = [getattr(c, "value", None) for c in block_fn.inputs]
        for i, comp in enumerate(block_fn.inputs):
            spec = getattr(comp, "spec", None)
            if not isinstance(comp, (gr.Slider, gr.Number)) or spec is None:
                continue
            for value in _outside(spec):
                args = list(defaults)
                args[i] = value
                e = _refusal(fn, args)
                for j, other in _switches(block_fn.inputs, i) if e is None else ():
                    e = _refusal(fn, args[:j] + [other] + args[j + 1:])  # a setting of the other method
                    if e is not None:
                        break
                checked += 1
                where = f"/{block_fn.api_name} {spec.name}={value!r}"
                if e is None:
                    bad.append(f"{where}: accepted")
                elif (e.key, e.lo, e.hi) != (spec.name, spec.lo, spec.hi):
                    bad.append(f"{where}: refused as {e.key!r} {e.lo}..{e.hi}, the page reads {spec}")
    assert checked > 100  # every tab's controls were sent
    assert not bad, "\n".join(bad)
