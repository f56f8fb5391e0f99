"""The production server: gunicorn, run from `nghedan serve` with the project's WSGI app.

Processes × threads (gthread workers): a worker process that stops answering its master
for TIMEOUT seconds is replaced; a restart or stop lets requests in flight finish within
GRACEFUL_TIMEOUT; connections stay open KEEPALIVE seconds between requests (the reverse
proxy in front reuses them). Worker processes are not recycled after a number of
requests: each one that ends leaves its metric files, which every scrape reads until the
server restarts. Gunicorn's own messages and the access log go through Django's LOGGING
(one JSON object per line in production, ops/logs.py).
"""

import logging
import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from nghedan.ops.logs import REQUEST_ID_KEY, VIEW_KEY

TIMEOUT = 60
GRACEFUL_TIMEOUT = 30
KEEPALIVE = 5

access_logger = logging.getLogger("nghedan.access")


class ServerLog(glogging.Logger):
    """Gunicorn's logger without handlers of its own: its messages propagate to the
    handlers of settings.LOGGING, and each request is one line of `nghedan.access` with
    structured fields (no client address, no query string, no user agent)."""

    def setup(self, cfg: Any) -> None:
        self.cfg = cfg
        self._access_log_enabled = True
        self.loglevel = self.LOG_LEVELS.get(cfg.loglevel.lower(), logging.INFO)
        self.error_log.setLevel(self.loglevel)
        self.error_log.propagate = True

    def access(self, resp: Any, req: Any, environ: dict, request_time: timedelta) -> None:
        status = resp.status_code
        access_logger.info(
            "%s %s %s",
            req.method,
            req.path,
            status,
            extra={
                "request_id": environ.get(REQUEST_ID_KEY),
                "method": req.method,
                "path": req.path,
                "status": status,
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                # Files sent with sendfile count in the declared length, not in `sent`.
                "bytes": resp.sent or resp.response_length or 0,
                "view": environ.get(VIEW_KEY),
            },
        )


def _forget_dead_worker(server: Any, worker: Any) -> None:
    """A worker process that ended leaves its metric files; mark them (gauges of a dead
    process are dropped, counters still count)."""
    from prometheus_client import multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)


def _remove_metrics_dir(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)


class Server(BaseApplication):
    def __init__(self, *, bind: str, workers: int, threads: int) -> None:
        self.options = {
            "bind": [bind],
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": TIMEOUT,
            "graceful_timeout": GRACEFUL_TIMEOUT,
            "keepalive": KEEPALIVE,
            # Loaded once in the master, then forked: workers start fast and share memory.
            "preload_app": True,
            "logger_class": ServerLog,
            "loglevel": "info",
            # Whether a request came over HTTPS is Django's to decide, from the proxy's
            # header only when NGHEDAN_TRUST_FORWARDED_PROTO says so (settings.py).
            "secure_scheme_headers": {},
            "forwarded_allow_ips": "",
            "proc_name": "nghedan",
            # No control socket in the home directory: stop and reload with signals.
            "control_socket_disable": True,
            "child_exit": _forget_dead_worker,
            "on_exit": _remove_metrics_dir,
        }
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        from django.db import connections

        from nghedan.wsgi import application

        # Nothing opened in the master may be shared by the forked workers.
        connections.close_all()
        return application


def metrics_dir(var_dir: Path) -> Path:
    """This server's folder for metric files, VAR_DIR/prometheus/<pid>, emptied; folders
    left by servers that are gone are removed (several servers may share VAR_DIR)."""
    parent = var_dir / "prometheus"
    parent.mkdir(parents=True, exist_ok=True)
    for child in parent.iterdir():
        if child.is_dir() and child.name.isdigit() and not _alive(int(child.name)):
            shutil.rmtree(child, ignore_errors=True)
    own = parent / str(os.getpid())
    shutil.rmtree(own, ignore_errors=True)
    own.mkdir()
    return own


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
