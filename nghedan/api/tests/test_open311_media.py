"""An Open311 request's media_url: fetched by a background job (never while the client
waits), within size, type and time limits, cleaned as any upload and stored as the
petition's attachment; a failure leaves a note and the petition as it was.

The media come from a small HTTP server started by the test on this machine, which the
setting NGHEDAN_OPEN311_MEDIA_PRIVATE_HOSTS lets the fetcher reach.
"""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
from PIL import Image

from nghedan.api.models import MediaStatus, Open311Request
from nghedan.api.open311.media import MediaRefused, _is_public, media_fetch
from nghedan.audit.models import AuditEntry
from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.runner import run_job
from nghedan.petitions.models import Attachment, Petition

DESCRIPTION = "Rác thải sinh hoạt đổ trộm thành đống lớn ở đầu ngõ 120 Đội Cấn, bốc mùi hôi."
LIMIT = 256 * 1024  # 0.25 MB


def _jpeg_with_location() -> bytes:
    """A small photo whose EXIF block says where it was taken."""
    image = Image.new("RGB", (64, 48), (120, 160, 90))
    exif = Image.Exif()
    exif[0x010F] = "Hang may anh"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 2.0, 8.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


PHOTO = _jpeg_with_location()


class _Media(BaseHTTPRequestHandler):
    """path -> (status, headers, body); "/cham.jpg" answers after the time limit."""

    routes: dict = {
        "/rac.jpg": (200, {"Content-Type": "image/jpeg"}, PHOTO),
        "/chuyen": (302, {"Location": "/rac.jpg"}, b""),
        "/vong": (302, {"Location": "/vong"}, b""),
        "/trang.html": (200, {"Content-Type": "text/html; charset=utf-8"}, b"<p>Xin chao</p>"),
        "/lon.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff" + b"0" * LIMIT),
        "/khong-phai-anh.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xffkhong phai anh"),
        "/mat.jpg": (404, {"Content-Type": "text/plain"}, b"khong co"),
    }

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        if self.path == "/cham.jpg":
            time.sleep(1.5)
        if self.path == "/lon-khong-do-dai.jpg":
            # No Content-Length: the size is known only by reading.
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            self.wfile.write(b"\xff\xd8\xff" + b"0" * LIMIT)
            return
        status, headers, body = self.routes.get(
            self.path, (200, {"Content-Type": "image/jpeg"}, PHOTO)
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass  # tests print nothing


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that stopped reading (too large, too slow) is expected here


@pytest.fixture
def media_server(settings):
    """(base URL of a local HTTP server, the paths it was asked for)."""
    settings.NGHEDAN_OPEN311_MEDIA_PRIVATE_HOSTS = True
    settings.NGHEDAN_OPEN311_MEDIA_MAX_BYTES = LIMIT
    settings.NGHEDAN_OPEN311_MEDIA_TIMEOUT = 1
    server = _QuietServer(("127.0.0.1", 0), _Media)
    server.hits = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.hits  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def _post(api, key, media_url: str) -> Petition:
    response = api.post(
        "/open311/v2/requests.json",
        urlencode(
            {
                "api_key": key,
                "service_code": "moi-truong",
                "description": DESCRIPTION,
                "address_id": "00004",
                "media_url": media_url,
            }
        ),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    return Petition.objects.get(code=response.json()[0]["service_request_id"])


def _run_media_job() -> None:
    job = Job.objects.get(name="api.open311_media_fetch")
    assert run_job(job) is True
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def test_the_media_is_fetched_by_a_job_after_the_request_and_stored_cleaned(
    world, api, client_key, media_server
):
    base, hits = media_server
    petition = _post(api, client_key, f"{base}/rac.jpg")
    assert hits == []  # nothing fetched while the client waited
    assert not petition.attachments.exists()

    _run_media_job()

    assert hits == ["/rac.jpg"]
    [attachment] = petition.attachments.all()
    assert (attachment.file_kind, attachment.content_type) == ("image", "image/jpeg")
    assert attachment.original_name == "rac.jpg"
    stored = attachment.file.read()
    assert stored.startswith(b"\xff\xd8\xff")
    assert b"Exif" not in stored and b"Hang may anh" not in stored  # re-encoded: pixels only
    assert attachment.size == len(stored) and stored != PHOTO
    record = Open311Request.objects.get(petition=petition)
    assert (record.media_status, record.media_note) == (MediaStatus.STORED, "")
    entry = AuditEntry.objects.get(action="petition.attachment_added")
    assert entry.data["source"] == "open311.media_url"
    assert entry.data["attachment"] == attachment.pk


def test_running_the_job_again_fetches_nothing_more(world, api, client_key, media_server):
    base, hits = media_server
    petition = _post(api, client_key, f"{base}/rac.jpg")
    _run_media_job()
    job = Job.objects.get(name="api.open311_media_fetch")

    assert run_job(job) is True

    assert hits == ["/rac.jpg"]
    assert petition.attachments.count() == 1


def test_a_redirect_is_followed_and_checked_again(world, api, client_key, media_server):
    base, hits = media_server
    petition = _post(api, client_key, f"{base}/chuyen")

    _run_media_job()

    assert hits == ["/chuyen", "/rac.jpg"]
    assert petition.attachments.count() == 1


@pytest.mark.parametrize(
    ("path", "note"),
    [
        ("/trang.html", "media_url không trỏ tới ảnh (JPEG, PNG, WebP, GIF) hoặc tệp PDF."),
        ("/lon.jpg", "Tệp ở media_url quá lớn: tối đa 0.25 MB."),
        ("/lon-khong-do-dai.jpg", "Tệp ở media_url quá lớn: tối đa 0.25 MB."),
        ("/cham.jpg", "Tải media_url quá 1 giây: dừng."),
        ("/khong-phai-anh.jpg", "Tệp “khong-phai-anh.jpg” không phải ảnh hợp lệ."),
        ("/mat.jpg", "Máy chủ của media_url trả lời mã 404, không phải 200."),
        ("/vong", "media_url chuyển hướng quá nhiều lần."),
    ],
)
def test_media_that_cannot_be_stored_leaves_a_note_and_the_petition_as_it_was(
    world, api, client_key, media_server, path, note
):
    base, _hits = media_server
    petition = _post(api, client_key, f"{base}{path}")

    _run_media_job()

    assert not Attachment.objects.exists()
    record = Open311Request.objects.get(petition=petition)
    assert (record.media_status, record.media_note) == (MediaStatus.FAILED, note)
    entry = AuditEntry.objects.get(action="open311.media_failed")
    assert entry.data == {"code": petition.code, "reason": note}
    # The report itself is whole and readable.
    [shown] = api.get(f"/open311/v2/requests/{petition.code}.json").json()
    assert shown["media_url"] == f"{base}{path}"
    assert shown["description"] == DESCRIPTION


def test_a_private_or_local_address_is_refused_outside_tests(
    world, api, client_key, media_server, settings
):
    base, hits = media_server
    settings.NGHEDAN_OPEN311_MEDIA_PRIVATE_HOSTS = False
    petition = _post(api, client_key, f"{base}/rac.jpg")

    _run_media_job()

    assert hits == []
    record = Open311Request.objects.get(petition=petition)
    assert record.media_status == MediaStatus.FAILED
    assert record.media_note == (
        "media_url trỏ tới một địa chỉ nội bộ (mạng riêng, máy cục bộ): không tải."
    )
    assert not petition.attachments.exists()


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/a.jpg", "gopher://127.0.0.1/", "http:///a"]
)
def test_only_http_and_https_are_fetched(settings, url):
    settings.NGHEDAN_OPEN311_MEDIA_PRIVATE_HOSTS = True

    with pytest.raises(MediaRefused) as refused:
        media_fetch(url)

    assert str(refused.value) == "media_url phải là một địa chỉ http hoặc https."


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
    ],
)
def test_which_addresses_count_as_public(address, public):
    assert _is_public(address) is public


def test_no_job_is_queued_without_a_media_url(world, api, client_key):
    response = api.post(
        "/open311/v2/requests.json",
        {
            "api_key": client_key,
            "service_code": "moi-truong",
            "description": DESCRIPTION,
            "address_id": "00004",
        },
    )

    assert response.status_code == 201
    assert not Job.objects.filter(name="api.open311_media_fetch").exists()
    assert Open311Request.objects.get().media_status == MediaStatus.NONE


def test_media_beyond_the_petitions_file_limit_leaves_a_note(
    world, api, client_key, media_server, settings
):
    base, _hits = media_server
    settings.NGHEDAN_ATTACHMENT_MAX_COUNT = 0
    petition = _post(api, client_key, f"{base}/rac.jpg")

    _run_media_job()

    record = Open311Request.objects.get(petition=petition)
    assert (record.media_status, record.media_note) == (
        MediaStatus.FAILED,
        "Chỉ được đính kèm tối đa 0 tệp.",
    )
    assert not Attachment.objects.exists()
