"""gunicorn settings of the product: read by ``serve.py`` (``make run``) and by any
``gunicorn wsgi:app`` started in this folder (gunicorn reads ./gunicorn.conf.py).

Threaded workers (gthread): a worker serves ``THREADS`` requests at once and waits for
idle or slow connections in its event loop, so a few slow or half-open clients cannot
stall the site as they did with sync workers (audit finding 3: two half-open connections
held /health for 33 s under WORKERS=2). Many slow clients at once still take every
thread: on the open internet put a buffering reverse proxy (nginx) in front (README).
"""

from __future__ import annotations

import os

worker_class = "gthread"
workers = int(os.environ.get("WORKERS", "1"))
threads = int(os.environ.get("THREADS", "8"))
# A worker whose main loop stops answering for this long is replaced; requests themselves
# may run longer (threads do not block the loop).
timeout = 30
graceful_timeout = 10
# Idle keep-alive connections are closed after this many seconds.
keepalive = 5
