"""Error reporting: core's ``InvalidInput`` becomes a ``gr.Error`` naming the problem and the valid
range, and the server keeps serving."""
from __future__ import annotations

import functools
import inspect

import gradio as gr

from core.runtime.validation import InvalidInput


def reports_errors(fn):
    """Turn ``InvalidInput`` from core into ``gr.Error`` (plain functions and generators alike)."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except InvalidInput as e:
                raise gr.Error(str(e)) from None
        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InvalidInput as e:
            raise gr.Error(str(e)) from None
    return wrapper
