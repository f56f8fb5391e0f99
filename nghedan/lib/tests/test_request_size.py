"""A request that declares a body larger than the site takes is answered 413 at once, in
the shape of the interface it was sent to, without a byte of its body being read: the
client below sends the headers only, and the answer still comes."""

import json
import socket
from urllib.parse import urlsplit

import pytest

HUGE = 300 * 1024 * 1024


def _send_headers_only(url: str, path: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    """Send a request's headers and no body; read the answer (status, headers, body)."""
    address = urlsplit(url)
    lines = [f"POST {path} HTTP/1.1", f"Host: {address.netloc}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection((address.hostname, address.port), timeout=15) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = connection.recv(65536)
            assert chunk, "the server closed the connection without answering"
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        answer = {
            name.lower(): value.strip()
            for name, value in (line.split(":", 1) for line in header_lines)
        }
        while len(body) < int(answer["content-length"]):
            chunk = connection.recv(65536)
            assert chunk
            body += chunk
    return int(status_line.split()[1]), answer, body


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=ranh-gioi", "application/json"]
)
def test_a_huge_body_to_the_api_is_refused_before_it_is_sent(live_server, settings, content_type):
    status, headers, body = _send_headers_only(
        live_server.url,
        "/api/v1/petitions/",
        {"Content-Type": content_type, "Content-Length": str(HUGE)},
    )

    assert status == 413
    assert headers["content-type"] == "application/json"
    mb = settings.NGHEDAN_MAX_REQUEST_BYTES // (1024 * 1024)
    assert json.loads(body) == {
        "error": {
            "code": "request_too_large",
            "message": f"Yêu cầu quá lớn: tối đa {mb} MB. Hãy gửi ít tệp hơn hoặc tệp nhỏ hơn.",
            "message_en": f"The request is too large: the maximum is {mb} MB. Send fewer or "
            "smaller files.",
            "fields": {},
            "fields_en": {},
        }
    }


def test_a_huge_body_to_open311_is_refused_in_open311_form(live_server):
    status, _headers, body = _send_headers_only(
        live_server.url,
        "/open311/v2/requests.json",
        {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(HUGE)},
    )

    assert status == 413
    [error] = json.loads(body)
    assert error["code"] == 413
    assert (
        error["description"].startswith("Yêu cầu quá lớn")
        and " / The request" in error["description"]
    )


def test_a_huge_upload_to_the_petition_form_is_refused_in_plain_words(live_server):
    status, headers, body = _send_headers_only(
        live_server.url,
        "/petitions/new/",
        {"Content-Type": "multipart/form-data; boundary=ranh-gioi", "Content-Length": str(HUGE)},
    )

    assert status == 413
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert body.decode().startswith("Yêu cầu quá lớn")


def test_a_body_at_the_limit_goes_through_to_the_view(client, settings, db):
    # db: the sign-in endpoint counts the attempt in the shared cache, a database table.
    settings.NGHEDAN_MAX_REQUEST_BYTES = 64

    at_limit = client.post("/api/v1/auth/token/", "x" * 64, content_type="application/json")
    over = client.post("/api/v1/auth/token/", "x" * 65, content_type="application/json")

    assert (at_limit.status_code, at_limit.json()["error"]["code"]) == (400, "parse_error")
    assert (over.status_code, over.json()["error"]["code"]) == (413, "request_too_large")
