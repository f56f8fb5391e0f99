"""Production logs: one JSON object per line with the request's id, method and path, and
never personal data: no phone, e-mail or name in a message, no query string."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.test import Client

from nghedan.ops.logs import JsonFormatter, RequestContextFilter

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    """The JSON lines a logger writes, as production formats them."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestContextFilter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def django_request_log():
    logger = logging.getLogger("django.request")
    handler, level = Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_logs_its_id_method_path_and_status_but_not_its_query(django_request_log):
    response = Client().get("/no-such-page/?secret=abc123&phone=0912345678")

    assert response.status_code == 404
    [line] = django_request_log
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == "/no-such-page/"
    assert line["status"] == 404
    assert "abc123" not in json.dumps(line)
    assert "0912345678" not in json.dumps(line)


def test_each_request_gets_its_own_id():
    client = Client()

    first, second = client.get("/health/"), client.get("/health/")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_id_a_trusted_proxy_passes_on_is_kept_and_any_other_is_replaced(settings):
    passed_on = {"X-Request-ID": "0f2c9a7d41b84e3c9a5d7e11b2c3d4e5"}

    direct = Client().get("/health/", headers=passed_on)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxied = Client().get("/health/", headers=passed_on)
    malformed = Client().get("/health/", headers={"X-Request-ID": "<script>"})

    assert direct["X-Request-ID"] != passed_on["X-Request-ID"]
    assert proxied["X-Request-ID"] == passed_on["X-Request-ID"]
    assert malformed["X-Request-ID"] != "<script>"


def test_personal_data_in_a_message_or_a_traceback_is_redacted():
    formatter = JsonFormatter()
    try:
        raise ValueError("could not send to an.nguyen@example.vn")
    except ValueError:
        record = logging.LogRecord(
            "nghedan.notifications",
            logging.INFO,
            __file__,
            1,
            "sms to %s: %s",
            ("0912345678", "Ông Nguyễn Văn An ơi, phản ánh của ông đã được tiếp nhận"),
            sys.exc_info(),
        )

    line = json.loads(formatter.format(record))

    text = json.dumps(line, ensure_ascii=False)
    assert "0912345678" not in text
    assert "an.nguyen@example.vn" not in text
    assert "Nguyễn Văn An" not in text
    assert line["message"].startswith("sms to [số điện thoại]: ")
    assert "ValueError" in line["exception"]
    assert set(line) == {"time", "level", "logger", "message", "pid", "exception"}
    assert line["time"].endswith("+00:00")


def test_the_access_log_fields_are_written_as_they_are():
    record = logging.LogRecord(
        "nghedan.access", logging.INFO, __file__, 1, "%s %s %s", ("GET", "/health/", 200), None
    )
    for name, value in {
        "request_id": "abc",
        "method": "GET",
        "path": "/health/",
        "status": 200,
        "duration_ms": 3.5,
        "bytes": 120,
        "view": "health",
    }.items():
        setattr(record, name, value)

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "GET /health/ 200"
    assert {key: line[key] for key in ("status", "duration_ms", "bytes", "view")} == {
        "status": 200,
        "duration_ms": 3.5,
        "bytes": 120,
        "view": "health",
    }


def _warning_as_written(**environment: str) -> str:
    """What a process with these settings writes to stderr for one warning."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NGHEDAN_LOG")}
    finished = subprocess.run(
        [
            sys.executable,
            "-c",
            "import logging, django; django.setup(); "
            "logging.getLogger('nghedan.petitions').warning('sweep took %d s', 3)",
        ],
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "nghedan.settings",
            "NGHEDAN_DEBUG": "false",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    return finished.stderr


def test_production_writes_json_lines_and_development_can_ask_for_text():
    [json_line] = _warning_as_written().splitlines()
    [text_line] = _warning_as_written(NGHEDAN_LOG_FORMAT="text").splitlines()

    line = json.loads(json_line)
    assert {key: line[key] for key in ("level", "logger", "message")} == {
        "level": "WARNING",
        "logger": "nghedan.petitions",
        "message": "sweep took 3 s",
    }
    assert text_line.endswith(" WARNING nghedan.petitions: sweep took 3 s")
