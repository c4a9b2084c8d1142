"""gunicorn's settings for 支部通 (``gunicorn branch.wsgi`` reads this file from the project
folder). The environment may change each: GUNICORN_BIND, WEB_CONCURRENCY (workers),
GUNICORN_WORKER_CLASS, GUNICORN_THREADS, GUNICORN_TIMEOUT. See docs/benchmarks.md, "Under
load", for the measurements behind the defaults."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core: a page spends part of its time waiting for PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A report PDF is rendered by the worker queue, never in a request: 60 s is generous.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# The application is loaded once, before the workers fork: they share its memory and start
# at once.
preload_app = True
# The reverse proxy in front keeps the access log.
accesslog = None
errorlog = "-"
