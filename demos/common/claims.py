"""Which outputs a shared link writes, and which tabs hold a component (``tab_chain``).

``demos.common.share.link`` records the owners of each output, and ``demos.common.widgets`` asks ``claimed``
so that a page opened by a link leaves those outputs to it.

A module of its own so that share (which uses widgets) and widgets (which asks this) do not import each other.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

VIEW = "view"  # query parameter: the api_name of the linked action
TAB = "tab"  # query parameter: a top-level tab to select (its id, e.g. "gan")

_OWNERS: dict[int, set[str]] = {}  # output component id -> api_names of the links that write it


def claim(outputs: Sequence[Any], api_name: str) -> None:
    """Record that the link ``api_name`` writes ``outputs``."""
    for c in outputs:
        _OWNERS.setdefault(c._id, set()).add(api_name)


def request_params() -> dict[str, str]:
    """The query parameters of the page the current request comes from (empty outside a request)."""
    from gradio.context import LocalContext

    request = LocalContext.request.get(None)
    try:
        return dict(getattr(request, "query_params", None) or {})
    except (TypeError, ValueError):
        return {}


def claimed(outputs: Sequence[Any]) -> bool:
    """Whether the current page was opened with a link whose action writes any of ``outputs`` (the view's
    default result is then left to the link)."""
    view = request_params().get(VIEW)
    return bool(view) and any(view in _OWNERS.get(c._id, ()) for c in outputs)


def tab_chain(block) -> list[tuple[Any, Any]]:
    """``(Tabs, Tab)`` pairs holding ``block``, outermost first; tabs without an id get one (from ``elem_id``
    ``tab-<id>``, else the block id)."""
    import gradio as gr

    chain = []
    while block is not None:
        parent = getattr(block, "parent", None)
        if isinstance(block, gr.Tab) and isinstance(parent, gr.Tabs):
            if block.id is None:
                block.id = (block.elem_id or "").removeprefix("tab-") or f"tab{block._id}"
            chain.append((parent, block))
        block = parent
    return chain[::-1]
