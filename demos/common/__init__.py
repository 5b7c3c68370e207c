"""UI pieces every tab shares: ``i18n`` (translated text, LaTeX delimiters), ``errors``
(``InvalidInput`` -> ``gr.Error``), ``figures`` (Plotly JSON), ``images`` (digit grids) and
``widgets`` (the Sketchpad, queue groups)."""
