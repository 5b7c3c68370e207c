"""Sharing a view: deep links, a "copy link" button, a gradio_client snippet, and model export.

A tab registers the main action of a view once, with the same arguments as its button's event::

    inputs = [dataset, drawing, source, steps, eta, n_points, seed, live]
    go_btn.click(sample_points, inputs, outputs, api_name="diffusion_points", **CPU_HEAVY)
    share.link("diffusion_points", sample_points, inputs, outputs)

``link`` places (where it is called) a "copy link" button with the link it copied, a note for links that
carried bad values, and the Python snippet that reproduces the view's current result through
``gradio_client`` (kept up to date in the browser as the settings change: no server round trip).

A link is the page's address with ``?view=<api_name>&<parameter>=<value>...``: the parameters are the
names of the handler's arguments (those of the API), for the inputs a link can carry (sliders, numbers,
dropdowns, radios, checkboxes, short text). ``install``, called once by ``app.build_app`` after the tabs,
adds one page-load event that selects the view's tab (and inner tab), sets the settings from the link,
each value checked by ``core.runtime.validation`` against the component's own range or choices (a bad
value keeps the default and the note says why, never a crash), and runs the action with them, so a
shared link reproduces the same picture (the same seed gives the same result). ``?tab=<name>`` alone
selects a top-level tab. ``widgets.on_page_load`` leaves a linked view's outputs to the link.

``export_button(state, api_name)`` adds a button that downloads the session's live-trained model
(``state.model``, a diffusers ``ModelMixin``) as a zipped ``save_pretrained`` folder that loads back with
``from_pretrained`` (``core.runtime.checkpoints.model_class(config["_class_name"])``).
"""
from __future__ import annotations

import html
import inspect
import json
import shutil
import tempfile
import threading
import weakref
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from core.runtime.validation import InvalidInput, check_choice, check_float, check_int, shown_value
from demos.common.claims import TAB, VIEW, claim, tab_chain
from demos.common.errors import translate_error
from demos.common.i18n import request_locale, t, tr

MAX_TEXT = 200  # longest text value a link may carry
MAX_PROBLEMS = 5  # problems of a link listed in its note
LINKABLE = (gr.Slider, gr.Number, gr.Dropdown, gr.Radio, gr.Checkbox, gr.Textbox)  # what a link can set
EXPORTS_KEPT = 32  # exported zips kept on disk (older ones are deleted)


@dataclass
class Link:
    """One linked action: ``fn`` called with ``inputs`` (in order: ``names``) writes ``outputs``."""
    api_name: str
    fn: Callable
    names: list[str]  # the handler's parameter names, one per input (the API's keyword names)
    inputs: list[Any]  # the event's input components
    outputs: list[Any]
    tabs: list[tuple[Any, Any]]  # (gr.Tabs, gr.Tab) from the outermost to the innermost holding the view
    note: Any = None  # gr.Markdown: what was wrong with a link's values
    trigger: Any = None  # hidden number whose change runs the action (only on a page opened with this link)
    linked: dict[str, Any] = field(default_factory=dict)  # name -> component a link can set

    def api_names(self) -> list[str]:
        """The API's parameters in order (``gr.State`` inputs are not part of the API)."""
        return [n for n, c in zip(self.names, self.inputs) if not isinstance(c, gr.State)]


_LINKS: weakref.WeakKeyDictionary[Any, list[Link]] = weakref.WeakKeyDictionary()  # per gr.Blocks


def _root():
    from gradio.context import Context

    if Context.root_block is None:
        raise RuntimeError("share.link and share.install must be called inside a gr.Blocks")
    return Context.root_block


def links() -> list[Link]:
    """The links registered so far in the app being built (call inside its ``gr.Blocks``)."""
    return list(_LINKS.get(_root(), []))


def parse_value(name: str, component, raw: str) -> Any:
    """The value a link's text ``raw`` gives ``component``, checked against its range or choices by core's
    validation (``InvalidInput`` names the problem and what is allowed)."""
    if isinstance(component, gr.Slider):
        lo, hi, step = component.minimum, component.maximum, component.step or 1
        if all(float(v).is_integer() for v in (lo, hi, step)):
            return check_int(name, raw, int(lo), int(hi))
        return check_float(name, raw, lo, hi)
    if isinstance(component, gr.Number):
        lo = -1e15 if component.minimum is None else component.minimum
        hi = 1e15 if component.maximum is None else component.maximum
        if component.precision == 0:
            return check_int(name, raw, int(lo), int(hi))
        return check_float(name, raw, lo, hi)
    if isinstance(component, (gr.Dropdown, gr.Radio)):
        by_text = {str(value): value for _, value in component.choices}
        return by_text[check_choice(name, raw, list(by_text))]
    if isinstance(component, gr.Checkbox):
        return check_choice(name, raw.lower(), ["true", "false"]) == "true"
    if len(raw) > MAX_TEXT:
        raise InvalidInput.of(name, "length", raw, hi=MAX_TEXT, shown={"got": str(len(raw))})
    return raw


def parse_link(link: Link, params: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """(values by name, problems) for the link's query ``params``: unknown parameters and bad values are
    problems; a value not given keeps the view's current one."""
    values, problems = {}, []
    for key, raw in params.items():
        if key in (VIEW, TAB):
            continue
        if key not in link.linked:
            problems.append(tr("common.share_unknown", name=shown_value(key), names=", ".join(link.linked)))
            continue
        try:
            values[key] = parse_value(key, link.linked[key], raw)
        except InvalidInput as e:
            problems.append(translate_error(e, request_locale()))
    return values, problems


def _py(value: Any) -> str:
    return "None" if value is None else repr(value)


# The browser side: one function builds the link, one the snippet; both get the linked components' values.
_JS_LINK = """(...v) => {{ const names = {names}; const p = new URLSearchParams({{view: {api}}});
  names.forEach((n, i) => p.set(n, v[i] === null || v[i] === undefined ? "" : String(v[i])));
  const url = location.origin + location.pathname + "?" + p.toString();
  history.replaceState(null, "", url);
  if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {{}});
  return url; }}"""
_JS_SNIPPET = """(...v) => {{ const names = {names}; const all = {all};
  const py = x => x === null || x === undefined ? "None" : x === true ? "True" : x === false ? "False"
    : typeof x === "number" ? String(x) : typeof x === "string" ? JSON.stringify(x) : "None";
  const args = all.map(n => {{ const i = names.indexOf(n); return `    ${{n}}=${{i < 0 ? "None" : py(v[i])}},`; }});
  return ["from gradio_client import Client", "",
          `client = Client(${{JSON.stringify(location.origin + location.pathname)}})`,
          "result = client.predict(", ...args, `    api_name="/{api_name}",`, ")"].join("\\n"); }}"""


def snippet(link: Link, url: str, values: dict[str, Any] | None = None) -> str:
    """The Python that reproduces ``link``'s action through ``gradio_client`` at ``url`` with ``values``
    (by name; the linked components' values where not given, ``None`` for the others). The browser builds
    the same text (``_JS_SNIPPET``)."""
    values = values or {}
    args = []
    for name in link.api_names():
        value = values[name] if name in values else (link.linked[name].value if name in link.linked else None)
        args.append(f"    {name}={_py(value)},")
    return "\n".join(["from gradio_client import Client", "", f"client = Client({json.dumps(url)})",
                      "result = client.predict(", *args, f'    api_name="/{link.api_name}",', ")"])


def link(api_name: str, fn: Callable, inputs: Sequence[Any], outputs: Sequence[Any]) -> Link:
    """Register the view's main action (the same ``fn``, ``inputs``, ``outputs`` and ``api_name`` as its
    button's event) for links, and place the copy-link button, the note and the snippet here."""
    names = list(inspect.signature(fn).parameters)[: len(inputs)]
    if len(names) != len(inputs) or inspect.isgeneratorfunction(inspect.unwrap(fn)):
        raise ValueError(f"{api_name}: link needs a plain function with one parameter per input")
    lk = Link(api_name, fn, names, list(inputs), list(outputs), tab_chain(outputs[0]))
    lk.linked = {n: c for n, c in zip(names, inputs) if isinstance(c, LINKABLE)}
    comps = list(lk.linked.values())
    js_names = json.dumps(list(lk.linked))
    with gr.Accordion(t("common.share_heading"), open=False, elem_id=f"{api_name}-share"):
        with gr.Row():
            copy = gr.Button(t("common.share_copy"), size="sm", scale=0, min_width=140,
                             elem_id=f"{api_name}-copy-link")
            url = gr.Textbox(show_label=False, interactive=False, container=False, scale=3,
                             placeholder=t("common.share_placeholder"), elem_id=f"{api_name}-link")
        code = gr.Code(snippet(lk, "http://127.0.0.1:7860/"), language="python", label=t("common.share_code"),
                       interactive=False, elem_id=f"{api_name}-snippet")
    lk.note = gr.Markdown(visible=False, elem_id=f"{api_name}-link-note")
    # A hidden number, not a gr.State: the page dispatches a State's change whenever an event outputs it (even
    # gr.skip()), which ran every link's action on every page; a number changes only when given a new value.
    lk.trigger = gr.Number(visible=False)
    copy.click(None, comps, [url], js=_JS_LINK.format(names=js_names, api=json.dumps(api_name)), api_name=False,
               queue=False)
    js_snippet = _JS_SNIPPET.format(names=js_names, all=json.dumps(lk.api_names()), api_name=api_name)
    for c in comps:
        c.change(None, comps, [code], js=js_snippet, api_name=False, queue=False, show_progress="hidden")
    _root().load(None, comps, [code], js=js_snippet, api_name=False, queue=False, show_progress="hidden")

    from demos.common.widgets import CPU_HEAVY

    lk.trigger.change(fn, lk.inputs, lk.outputs, api_name=False, **CPU_HEAVY)  # only on a page opened by a link
    _LINKS.setdefault(_root(), []).append(lk)
    claim(lk.outputs, api_name)
    return lk


def install(top_tabs=None) -> None:
    """The page-load event that applies a link (call once, inside the app's ``gr.Blocks``, after every tab
    is built); ``top_tabs`` is the app's top-level ``gr.Tabs``, whose tabs ``?tab=`` selects by id."""
    root = _root()
    links = list(_LINKS.get(root, []))
    top = []
    if top_tabs is not None:
        top = [tab for tab in top_tabs.children if isinstance(tab, gr.Tab)]
        for tab in top:
            tab_chain(tab)  # gives each top-level tab its id
    all_tabs = list(dict.fromkeys([tabs for lk in links for tabs, _ in lk.tabs] + ([top_tabs] if top else [])))
    settable = [(lk, name, c) for lk in links for name, c in lk.linked.items()]
    outputs = all_tabs + [c for _, _, c in settable] + [lk.note for lk in links] + [lk.trigger for lk in links]
    if not outputs:
        return
    counter = iter(range(1, 1 << 62))
    lock = threading.Lock()

    def restore(request: gr.Request):
        params = dict(request.query_params or {})
        view, tab = params.get(VIEW), params.get(TAB)
        chosen = next((lk for lk in links if lk.api_name == view), None)
        selected = {}
        if tab is not None and top:
            selected.update({top_tabs._id: tab} if any(str(x.id) == tab for x in top) else {})
        values, problems = {}, []
        if chosen is not None:
            selected.update({tabs._id: tab_.id for tabs, tab_ in chosen.tabs})
            values, problems = parse_link(chosen, params)
            problems = [html.escape(p) for p in problems[:MAX_PROBLEMS]]  # shown as text, never run as HTML
            if problems:
                gr.Warning(tr("common.share_note") + " " + " ".join(problems), title=tr("common.share_heading"))
        with lock:
            stamp = next(counter)
        out = [gr.Tabs(selected=selected[tabs._id]) if tabs._id in selected else gr.skip() for tabs in all_tabs]
        out += [gr.update(value=values[name]) if lk is chosen and name in values else gr.skip()
                for lk, name, _ in settable]
        out += [gr.Markdown(tr("common.share_note") + "\n\n" + "\n".join(f"- {p}" for p in problems), visible=True)
                if lk is chosen and problems else gr.skip() for lk in links]
        out += [stamp if lk is chosen else gr.skip() for lk in links]
        return out

    root.load(restore, None, outputs, api_name=False, show_progress="hidden", queue=True)


def _prune(folder: Path) -> None:
    exports = sorted(folder.glob("export-*"), key=lambda p: p.stat().st_mtime)
    for old in exports[:-EXPORTS_KEPT]:
        shutil.rmtree(old, ignore_errors=True)


_EXPORT_DIR = Path(tempfile.gettempdir()) / "genlab-exports"


def export_model(model, name: str, scheduler_config: dict | None = None) -> Path:
    """``model`` (a diffusers ``ModelMixin``) saved with ``save_pretrained`` into ``name/`` (with the noise
    schedule's config under ``name/scheduler/``, as ``core.runtime.checkpoints.save`` lays it out, when given)
    and zipped: returns the zip's path (a fresh file per export: two sessions never share one)."""
    from diffusers import DDPMScheduler

    _EXPORT_DIR.mkdir(parents=True, exist_ok=True)
    _prune(_EXPORT_DIR)
    work = Path(tempfile.mkdtemp(prefix="export-", dir=_EXPORT_DIR))
    model.save_pretrained(work / name, safe_serialization=True)
    if scheduler_config is not None:
        DDPMScheduler.from_config(scheduler_config).save_pretrained(work / name / "scheduler")
    out = work / f"{name}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted((work / name).rglob("*")):
            z.write(f, f.relative_to(work).as_posix())
    shutil.rmtree(work / name)
    return out


def load_exported(folder) -> Any:
    """The model in an unzipped export ``folder`` (``from_pretrained`` of the class its config names)."""
    from core.runtime.checkpoints import model_class

    folder = Path(folder)
    class_name = json.loads((folder / "config.json").read_text())["_class_name"]
    return model_class(class_name).from_pretrained(folder, use_safetensors=True)


def export_button(state, api_name: str, name: str) -> None:
    """A button that downloads the session's live model (``state.model``, and its noise schedule
    ``state.sched_cfg`` where it has one) as ``name.zip``, endpoint ``api_name``."""
    from demos.common.widgets import CPU_HEAVY

    def export(live):
        model = getattr(live, "model", None)
        if model is None:
            raise gr.Error(tr("common.export_none"), title=tr("common.error_title"), print_exception=False)
        return str(export_model(model, name, getattr(live, "sched_cfg", None)))

    export.__name__ = api_name
    with gr.Row():
        btn = gr.Button(t("common.export"), size="sm", scale=0, min_width=220, elem_id=f"{api_name}-button")
        out = gr.File(label=t("common.export_file"), interactive=False, scale=2, height=60, visible=False,
                      elem_id=f"{api_name}-file")
    # the file box stays hidden until there is a file (an empty one is a large blank drop zone); the endpoint
    # itself returns the file, for gradio_client
    btn.click(export, [state], [out], api_name=api_name, **CPU_HEAVY).success(
        lambda: gr.update(visible=True), None, [out], api_visibility="private", queue=False)
