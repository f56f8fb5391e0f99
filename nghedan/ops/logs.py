"""Logs as one JSON object per line (production), with the request each line belongs to.

`settings.LOGGING` uses `JsonFormatter` when NGHEDAN_LOG_FORMAT=json (the default when
debug pages are off) and plain text otherwise. Every line says when (UTC), how grave, which
logger and what; lines written while a request is handled also carry its id, method and
path (never its query string, which may hold a tracking secret); the access log adds the
status, duration, size and view. Personal data never reaches the log: messages and
tracebacks pass through the redaction that the public pages use (phones, e-mails, ID
numbers, names…), and no client address, user agent or body is written.
"""

import json
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    method: str
    path: str


# Where the request's id is kept on it (request.META, which is the WSGI environ: the
# server's access log reads it there too).
REQUEST_ID_KEY = "nghedan.request_id"
VIEW_KEY = "nghedan.view"

# The request the current thread is handling (set by ops.middleware.RequestIdMiddleware).
current_request: ContextVar[RequestContext | None] = ContextVar("current_request", default=None)

# Record attributes written as they are, in this order, when present.
FIELDS = ("request_id", "method", "path", "status", "duration_ms", "bytes", "view")
# Loggers whose messages are built from those fields only, so need no redaction.
STRUCTURED = frozenset({"nghedan.access"})


class RequestContextFilter(logging.Filter):
    """Adds the request's id, method and path to every record written while it is handled,
    and to Django's own records about it (which carry the request); a record that names its
    own keeps them."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current_request.get()
        request = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        if isinstance(meta, dict) and REQUEST_ID_KEY in meta:
            context = RequestContext(
                meta[REQUEST_ID_KEY],
                str(getattr(request, "method", "") or ""),
                str(getattr(request, "path", "")),
            )
        if context is not None:
            for name in ("request_id", "method", "path"):
                if not hasattr(record, name):
                    setattr(record, name, getattr(context, name))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's fields, and
    the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self._safe(record, record.getMessage()),
            "pid": record.process,
        }
        # Django's request logger names the status as status_code.
        status_code = getattr(record, "status_code", None)
        if not hasattr(record, "status") and isinstance(status_code, int):
            entry["status"] = status_code
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value if isinstance(value, int | float) else str(value)
        if record.exc_info:
            entry["exception"] = self._safe(record, self.formatException(record.exc_info))
        elif record.stack_info:
            entry["stack"] = self._safe(record, self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)

    @staticmethod
    def _safe(record: logging.LogRecord, text: str) -> str:
        if record.name in STRUCTURED:
            return text
        from nghedan.lib.redact import redact

        return redact(text)
