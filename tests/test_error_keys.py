"""Structured errors, read from core itself: every parameter and problem core raises has its Chinese text,
every call site in core names a registered key, the app refuses another Gradio than the pinned one, and the
running app with the Chinese page's language answers every out-of-range value without an English word.
"""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from core.runtime import validation
from core.runtime.validation import InvalidInput

ROOT = Path(__file__).resolve().parents[1]
# Name a parameter first: the checks, ``InvalidInput.of``, and a ``Spec`` (``Spec(name, lo, hi, ...)``, ``number``)
# whose ``check`` core calls.
CHECKERS = {"check_int", "check_float", "check_choice", "of", "Spec", "number"}
RAISERS = {"InvalidInput", "EmptyCanvas", "BudgetExceeded"}  # name a registered problem first
# Raise sites in files other branches were rewriting when errors became structured: each becomes
# ``InvalidInput("<key>", **fields)`` with a key already in ``validation.PROBLEMS`` (live_model_other_data,
# no_live_model, live_flow_other_data, no_live_flow, reflow_untrained, reflow_limit). Remove a file here
# once it is converted; the test fails while this list and core disagree.
# Latin words a Chinese error may hold: maths, units, file formats, and values the API itself takes or
# returns (JSON's true/false/null, a Sketchpad's keys, a model choice, a command to type). Values echoed back
# in quotes, and the choices of the endpoint being called, are allowed as well (see ``_app_words``).
ALLOWED = {"log", "MB", "PNG", "JPEG", "WebP", "BMP", "GIF", "true", "false", "null", "background", "layers",
           "composite", "live", "shipped", "python", "core", "train", "reflow", "gaussians",
           "DDIM", "NFE", "WGAN", "GP", "Glow"}  # and names of models and samplers, as the page writes them


def _zh():
    from demos.common import errors

    return errors


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


# ---- every key has its Chinese text ------------------------------------------------------------------------

def _english_words(text: str, allowed=frozenset()) -> list[str]:
    """The Latin words of ``text`` (two letters or more) that are neither in ``ALLOWED`` nor in ``allowed``."""
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED and w not in allowed]


def test_every_parameter_core_validates_has_a_chinese_name():
    errors = _zh()
    assert set(errors.ZH_NAMES) == set(validation.PARAMETERS)
    assert {name: _english_words(zh) for name, zh in errors.ZH_NAMES.items() if _english_words(zh)} == {}


def test_every_rule_and_problem_has_a_chinese_sentence_with_the_same_fields():
    errors = _zh()
    assert set(errors.ZH_RULES) == set(validation.RULES)
    for rule, english in validation.RULES.items():
        assert _fields(errors.ZH_RULES[rule]) <= _fields(english), rule
    problems = {**validation.PROBLEMS, **errors.InputError.problems}
    assert not set(validation.PROBLEMS) & set(errors.InputError.problems)
    assert set(errors.ZH_PROBLEMS) == set(problems)
    for key, english in problems.items():
        assert _fields(errors.ZH_PROBLEMS[key]) <= _fields(english), key
    for template in [*errors.ZH_RULES.values(), *errors.ZH_PROBLEMS.values()]:
        assert _english_words(re.sub(r"\{\w+\}", "", template)) == [], template


def test_a_problem_is_raised_by_its_registered_key_only():
    error = InvalidInput("file_too_large", size="12.0", max_mb=10)
    assert str(error) == "The file is too large (12.0 MB): at most 10 MB."
    assert (error.key, error.rule, error.fields) == ("file_too_large", "problem", {"size": "12.0", "max_mb": "10"})
    with pytest.raises(KeyError, match="not a registered problem"):
        InvalidInput("file_to_large", size="1")


def test_a_parameter_error_carries_its_key_range_and_value():
    with pytest.raises(InvalidInput) as info:
        validation.check_int("steps", 1001, 1, validation.MAX_STEPS)
    e = info.value
    assert (e.key, e.rule, e.lo, e.hi, e.value) == ("steps", "range", 1, 1000, 1001)
    assert str(e) == "steps must be from 1 to 1000; got 1001."
    with pytest.raises(InvalidInput) as info:
        validation.check_choice("dataset", "mystery", ["moons", "ring"])
    assert (info.value.rule, info.value.choices, info.value.value) == ("choice", ("moons", "ring"), "mystery")
    with pytest.raises(InvalidInput) as info:
        validation.check_float("eta", float("nan"), 0.0, 1.0)
    assert info.value.rule == "finite" and str(info.value) == "eta must be a finite number from 0 to 1; got nan."


def test_a_structured_error_survives_pickling():
    """A ZeroGPU worker sends its exceptions back pickled: the fields must come back too."""
    import pickle

    from core.runtime.budget import BudgetExceeded

    for error in (InvalidInput.of("seed", "range", -1, lo=0, hi=9), BudgetExceeded("budget_exceeded", seconds="3")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error)
        assert (back.key, back.rule, back.fields) == (error.key, error.rule, error.fields)


# ---- every call site in core names a registered key --------------------------------------------------------

def _callee(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _literals(node: ast.AST, scope: ast.AST) -> list[str] | None:
    """The strings ``node`` can be: a literal, either branch of ``a if c else b``, or a local name assigned
    only such values in ``scope``; ``None`` when it is anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body, scope), _literals(node.orelse, scope)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.Name):
        values = [a.value for a in ast.walk(scope) if isinstance(a, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == node.id for t in a.targets)]
        found = [_literals(v, scope) for v in values]
        return None if not found or None in found else [s for f in found for s in f]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
        return _class_constants(node.attr)  # a key a class names (LiveRun.UNTRAINED): every class's value of it
    return None


def _class_constants(attr: str) -> list[str] | None:
    """Every string literal that a class in core/ assigns to its attribute ``attr`` (``None`` if none does, or
    one assigns something else)."""
    found = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        for cls in (n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ClassDef)):
            for stmt in cls.body:
                target = stmt.targets[0] if isinstance(stmt, ast.Assign) else getattr(stmt, "target", None)
                if isinstance(target, ast.Name) and target.id == attr and getattr(stmt, "value", None) is not None:
                    found.append(stmt.value.value if isinstance(stmt.value, ast.Constant) else None)
    return None if not found or None in found or not all(isinstance(v, str) for v in found) else found


def _functions(tree: ast.Module):
    """Module-level functions and methods (a nested function is part of the one it is defined in)."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node
        elif isinstance(node, ast.ClassDef):
            yield from (f for f in node.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)))


def _module_level(tree: ast.Module) -> ast.FunctionDef:
    """A module's top-level statements other than functions and classes (its ``Spec``s), as one function
    ``<module>`` without parameters, so its calls are read as a function's are."""
    body = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    return ast.FunctionDef(name="<module>", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[],
                                                               defaults=[]), body=body or [ast.Pass()],
                           decorator_list=[], returns=None, type_params=[], lineno=1)


def _core_call_sites():
    """``(file, function, call)`` for every call in core/, and the names of core's own checkers that pass their
    first argument on as a parameter name (``check_flag(name, value)``, ``index_spec(name, default)``): their
    callers name the parameter."""
    sites, checkers = [], set(CHECKERS)
    trees = {p: ast.parse(p.read_text()) for p in sorted((ROOT / "core").rglob("*.py"))}
    for path, tree in trees.items():
        for fn in [*_functions(tree), _module_level(tree)]:
            for node in ast.walk(fn):
                if isinstance(node, ast.Call):
                    sites.append((path.relative_to(ROOT).as_posix(), fn, node))
    changed = True
    while changed:  # a function whose first parameter is passed first to a checker is a checker
        changed = False
        for _, fn, call in sites:
            first = fn.args.args[0].arg if fn.args.args else None
            if (fn.name not in checkers and first and _callee(call) in checkers and call.args
                    and isinstance(call.args[0], ast.Name) and call.args[0].id == first):
                checkers.add(fn.name)
                changed = True
    return sites, checkers


def test_every_check_in_core_names_a_registered_parameter():
    sites, checkers = _core_call_sites()
    assert {"index_spec", "check_flag"} <= checkers  # core's own pass-through checkers (and Spec makers) are found
    bad, seen = [], set()
    for file, fn, call in sites:
        if _callee(call) not in checkers or not call.args:
            continue
        if _callee(call) == "of" and not (isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
                                          and call.func.value.id in RAISERS):
            continue
        first = call.args[0]
        if fn.name in checkers and isinstance(first, ast.Name) and fn.args.args and first.id == fn.args.args[0].arg:
            continue  # passed through: its callers are checked
        if file == "core/runtime/validation.py" and fn.name == "check" and ast.unparse(first) == "self.name":
            continue  # Spec.check: each Spec's name is checked where the Spec is made
        names = _literals(first, fn)
        if names is None or not set(names) <= validation.PARAMETERS:
            bad.append(f"{file}:{call.lineno} {ast.unparse(first)}")
        seen.update(names or ())
    assert not bad, "unregistered parameter names (add them to validation.PARAMETERS):\n" + "\n".join(bad)
    wrapped = {"steps", "seed", "eta", "number of points", "number of images"}  # validation's own check_steps...
    assert validation.PARAMETERS - seen - wrapped == set(), "registered but never checked in core"


def test_every_invalid_input_raised_in_core_is_a_registered_problem():
    sites, _ = _core_call_sites()
    bad: dict[str, list[str]] = {}
    for file, fn, call in sites:
        if _callee(call) not in RAISERS or file == "core/runtime/validation.py" and fn.name == "of":
            continue
        first = call.args[0] if call.args else None
        keys = _literals(first, fn) if first is not None else None
        if keys is None or not set(keys) <= set(validation.PROBLEMS):
            bad.setdefault(file, []).append(f"{file}:{call.lineno} {ast.unparse(first) if first else '()'}"[:120])
    assert not bad, "raise sites without a registered problem key:\n" + "\n".join(
        line for lines in bad.values() for line in lines)


# ---- the pinned Gradio ---------------------------------------------------------------------------------------

def test_the_version_checked_is_the_one_requirements_pin():
    from demos.common.gradio_patches import GRADIO_VERSION

    pins = re.findall(r"^gradio==(\S+)\s*$", (ROOT / "requirements.txt").read_text(), flags=re.M)
    assert pins == [GRADIO_VERSION]


def test_another_gradio_version_fails_at_start_naming_both(monkeypatch):
    import time

    import gradio

    import app
    from demos.common.gradio_patches import GRADIO_VERSION, check_gradio_version

    check_gradio_version()  # the installed one is the pinned one
    monkeypatch.setattr(gradio, "__version__", "5.49.1")
    start = time.perf_counter()
    with pytest.raises(RuntimeError) as info:
        app.build_app(tabs=("demos.gan",))
    assert time.perf_counter() - start < 1.0  # at once: nothing is built first
    assert "5.49.1" in str(info.value) and f"gradio=={GRADIO_VERSION}" in str(info.value)


# ---- through the running app, in Chinese --------------------------------------------------------------------

def _bad_values(component: dict) -> list:
    """Values that break ``component``'s own range or choices, and a fraction for a whole-number slider
    (Gradio lets it through; core's ``check_int`` refuses it)."""
    kind, props = component["type"], component["props"]
    if kind in ("slider", "number"):
        hi = props.get("maximum")
        out = [hi + 1 if hi is not None else "abc"]
        lo, step = props.get("minimum"), props.get("step") or 1
        if kind == "slider" and all(float(v).is_integer() for v in (lo, hi, step)):
            out.append(lo + 0.5)
        return out
    if kind in ("dropdown", "radio"):
        return ["zz-not-a-choice"]
    if kind == "checkbox":
        return ["maybe"]
    return []


def _app_words(message: str, choices: set[str]) -> list[str]:
    """The English words of an error: Latin words other than ``ALLOWED``, the endpoint's choices, and what
    is quoted (values the request sent or the API takes, echoed back)."""
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", "", message)
    allowed = {w for c in choices for w in re.findall(r"[A-Za-z]{2,}", c)}
    return _english_words(unquoted, allowed)


@pytest.mark.api
def test_every_bad_value_is_answered_in_chinese(app_url, monkeypatch):
    """Every named endpoint, every parameter a component checks: a value out of its range or choices (Gradio's
    check, in errors.py), and a fraction for each whole-number slider (core's check). Each error is Chinese."""
    import time

    from gradio_client import Client

    from demos.common import errors

    monkeypatch.setenv("GENLAB_REQUEST_SECONDS", "2")  # a request that is not refused stops soon
    reached, user_error = set(), errors.user_error

    def spy(e):  # the server side of each answer: which of core's parameters refused the value
        if e.key in validation.PARAMETERS and not isinstance(e, errors.InputError):
            reached.add(e.key)
        return user_error(e)

    monkeypatch.setattr(errors, "user_error", spy)
    zh = Client(app_url, verbose=False, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    components = {c["id"]: c for c in zh.config["components"]}
    endpoints = zh.view_api(return_format="dict", print_info=False)["named_endpoints"]
    jobs = []
    for dep in zh.config["dependencies"]:
        api_name = f"/{dep.get('api_name')}"
        if api_name not in endpoints:
            continue
        inputs = [components[i] for i in dep["inputs"] if components[i]["type"] != "state"]
        defaults = [p.get("parameter_default") for p in endpoints[api_name]["parameters"]]
        assert len(inputs) == len(defaults), api_name
        choices = {str(v) for c in inputs for _, v in c["props"].get("choices") or []}
        for i, component in enumerate(inputs):
            for bad in _bad_values(component):
                args = defaults[:i] + [bad] + defaults[i + 1:]
                jobs.append((api_name, i, bad, choices, args, inputs, zh.submit(*args, api_name=api_name)))
    start = time.perf_counter()
    english, accepted = [], []

    def refused(api_name, i, bad, choices, job) -> bool:
        try:
            job.result(timeout=60)
            return False
        except Exception as e:  # noqa: BLE001  the error the client was sent
            message = str(e)
            assert "upstream Gradio app" not in message, (api_name, i, bad)
            if _app_words(message, choices):
                english.append(f"{api_name}[{i}]={bad!r}: {message}")
            return True

    for api_name, i, bad, choices, args, inputs, job in jobs:
        if refused(api_name, i, bad, choices, job):
            continue
        # A setting of a method the request does not run is not read (Langevin's view validates only the chosen
        # method's settings): with another choice of the endpoint's radios and dropdowns, it must be refused.
        others = [args[:k] + [v] + args[k + 1:] for k, c in enumerate(inputs) if k != i
                  for _, v in c["props"].get("choices") or [] if v != args[k]]
        if not any(refused(api_name, i, bad, choices, zh.submit(*a, api_name=api_name)) for a in others):
            accepted.append(f"{api_name}[{i}]={bad!r}")
    print(f"{len(jobs)} calls in {time.perf_counter() - start:.1f} s; core's checks reached: {sorted(reached)}")
    assert english == [], "\n".join(english)
    assert accepted == []  # every bad value is refused
    assert len(reached) >= 15  # many of them by core's own checks (the fractions), not only by the components'


def test_no_handler_is_wrapped_by_hand():
    """``gradio_patches.guard_app`` wraps every handler in ``reports_errors``: none is decorated in a tab."""
    decorated = [str(p.relative_to(ROOT)) for p in (ROOT / "demos").rglob("*.py") if "@reports_errors" in p.read_text()]
    assert decorated == []
