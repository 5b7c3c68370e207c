"""GenLab: composes the tabs, sets up the queue and launches.

    python app.py [--host 127.0.0.1] [--port 7860] [--share]

Environment variables: ``GENLAB_HOST`` (or Spaces' ``GRADIO_SERVER_NAME``), ``GENLAB_PORT`` (or
``GRADIO_SERVER_PORT``), ``GENLAB_SHARE=1`` (flags win), ``GENLAB_THREADS`` for torch's CPU threads, and
``GENLAB_WARM=0`` to skip computing every view's first result in the background once the app serves.
"""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from demos.common.launch import (  # noqa: E402,F401  (the serving entry, shared with python -m demos.<topic>)
    SHARE_FAILED,
    TABS,
    build_app,
    launch_options,
    main,
    serve,
    serve_tabs,
    translations,
)

if __name__ == "__main__":
    main()
