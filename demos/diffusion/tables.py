"""The diffusion tab's quality tables as a phone can read them: "long" (one row per measure, one column per
thing compared, a value and its 95% interval in one cell), wrapped, column widths in percent; and the note
under a table that shows a ratio below 1 (what such a ratio means)."""
from __future__ import annotations

import gradio as gr
import pandas as pd

from demos.common.i18n import tr
from demos.common.widgets import TABLE

WIDTHS = {2: ["42%", "58%"], 3: ["34%", "33%", "33%"]}  # by column count: the label column, then the values
RATIO_ROWS = ("diffusion.m_ratio", "diffusion.fw_hdr_ratio")  # the label keys of rows that hold value / floor


def long_table(rows: list[tuple[str, list]], columns: list[str]) -> pd.DataFrame:
    """One row per ``(label key, cells)`` (the label in the request's language) under the header
    ``diffusion.hdr_measure`` and ``columns`` (the things compared)."""
    return pd.DataFrame([[tr(key)] + list(cells) for key, cells in rows],
                        columns=[tr("diffusion.hdr_measure")] + columns)


def below_one(table) -> bool:
    """Whether ``table`` (a DataFrame, or headers + data as the API and the page send it) shows a ratio under 1
    in a ratio row (``RATIO_ROWS``); a cell that is not a number ("-") has none."""
    if isinstance(table, pd.DataFrame):
        rows = table.values.tolist()
    else:
        rows = (table or {}).get("data", []) if isinstance(table, dict) else []
    labels = {tr(key) for key in RATIO_ROWS}
    for row in (r for r in rows if r and r[0] in labels):
        for cell in row[1:]:
            try:
                if float(str(cell).split()[0]) < 1:
                    return True
            except (ValueError, IndexError):
                continue
    return False


def ratio_note(table):
    """The sentence under a quality table: what a ratio below 1 means, shown while the table has one."""
    if below_one(table):
        return gr.Markdown(tr("diffusion.ratio_note"), visible=True)
    return gr.Markdown("", visible=False)


def quality_table(elem_id: str, columns: int = 3, note: bool = True, **kwargs) -> gr.Dataframe:
    """A long quality table of ``columns`` columns that fits a phone; with ``note``, the ratio note under it
    (``#<elem_id>-note``), rewritten on every change of the table: a click, a page load, a link."""
    table = gr.Dataframe(column_count=columns, column_widths=WIDTHS[columns], elem_id=elem_id, **TABLE,
                         **kwargs)  # empty, as wide as when filled
    if note:
        box = gr.Markdown(visible=False, elem_id=f"{elem_id}-note")
        table.change(ratio_note, [table], [box], api_name=False, queue=False, show_progress="hidden")
    return table
