"""One module per tab; each exposes ``build()`` (called inside a ``gr.Blocks``) and ``STRINGS``,
its English and Simplified Chinese UI text keyed by translation key."""
