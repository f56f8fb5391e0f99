"""Fetching a service request's `media_url`, in the background, within bounds.

Only http and https; the host's addresses are looked up once, every one must be public
(no loopback, private, link-local, shared, multicast or reserved address, unless
NGHEDAN_OPEN311_MEDIA_PRIVATE_HOSTS allows them, as the tests do), and the connection
goes to the address that was checked, so a second lookup cannot lead elsewhere. At most
three redirects, each checked the same way. The answer must be 200, declare an image or
PDF type and stay within NGHEDAN_OPEN311_MEDIA_MAX_BYTES, all of it within
NGHEDAN_OPEN311_MEDIA_TIMEOUT seconds. What comes back is only bytes: the caller cleans
them as any upload (`lib.files.clean_upload`).
"""

import http.client
import ipaddress
import posixpath
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nghedan.lib.text import interpolate_lazy

MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"})
MAX_REDIRECTS = 3
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
USER_AGENT = "NgheDan-Open311/1.0"


class MediaRefused(Exception):
    """The media could not be fetched, or was not what may be stored; `message` says why."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Media:
    content: bytes
    content_type: str
    name: str


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _checked_address(host: str, port: int) -> str:
    """The address to connect to: the first the host resolves to, once every one of them
    is allowed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise MediaRefused(_("Không tìm thấy máy chủ của media_url.")) from exc
    addresses = [str(info[4][0]) for info in found]
    if not addresses:
        raise MediaRefused(_("Không tìm thấy máy chủ của media_url."))
    if not settings.NGHEDAN_OPEN311_MEDIA_PRIVATE_HOSTS and not all(map(_is_public, addresses)):
        raise MediaRefused(
            _("media_url trỏ tới một địa chỉ nội bộ (mạng riêng, máy cục bộ): không tải.")
        )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address checked, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS; the certificate is checked against the host's name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def _too_slow() -> MediaRefused:
    return MediaRefused(
        interpolate_lazy(
            _("Tải media_url quá %(seconds)s giây: dừng."),
            {"seconds": settings.NGHEDAN_OPEN311_MEDIA_TIMEOUT},
        )
    )


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow()
    return left


def _too_large() -> MediaRefused:
    return MediaRefused(
        interpolate_lazy(
            _("Tệp ở media_url quá lớn: tối đa %(mb)s MB."),
            {"mb": format(settings.NGHEDAN_OPEN311_MEDIA_MAX_BYTES / (1024 * 1024), ".3g")},
        )
    )


def _body(response: http.client.HTTPResponse, sock: socket.socket | None, deadline: float) -> bytes:
    limit = settings.NGHEDAN_OPEN311_MEDIA_MAX_BYTES
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise _too_large()
    chunks, size = [], 0
    while True:
        if sock is not None:
            sock.settimeout(_remaining(deadline))
        chunk = response.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _too_large()
        _remaining(deadline)
    return b"".join(chunks)


def _get(url: str, deadline: float) -> tuple[str | None, Media | None]:
    """One request: (where it redirects, None) or (None, the media)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MediaRefused(_("media_url phải là một địa chỉ http hoặc https."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise MediaRefused(_("media_url phải là một địa chỉ http hoặc https.")) from exc
    address = _checked_address(parts.hostname, port)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, port, address=address, timeout=_remaining(deadline)
    )
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(
            "GET",
            target,
            headers={"User-Agent": USER_AGENT, "Accept": ", ".join(sorted(MEDIA_TYPES))},
        )
        response = connection.getresponse()
        if response.status in _REDIRECTS and response.getheader("Location"):
            return urljoin(url, response.getheader("Location", "")), None
        if response.status != 200:
            raise MediaRefused(
                interpolate_lazy(
                    _("Máy chủ của media_url trả lời mã %(status)s, không phải 200."),
                    {"status": response.status},
                )
            )
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in MEDIA_TYPES:
            raise MediaRefused(
                _("media_url không trỏ tới ảnh (JPEG, PNG, WebP, GIF) hoặc tệp PDF.")
            )
        content = _body(response, connection.sock, deadline)
    finally:
        connection.close()
    name = posixpath.basename(unquote(parts.path))[-100:] or "media_url"
    return None, Media(content=content, content_type=content_type, name=name)


def media_fetch(url: str) -> Media:
    """The bytes at `url`, within the bounds above; MediaRefused says why not."""
    deadline = time.monotonic() + settings.NGHEDAN_OPEN311_MEDIA_TIMEOUT
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            redirect, media = _get(url, deadline)
            if media is not None:
                return media
            assert redirect is not None
            url = redirect
    except TimeoutError as exc:
        raise _too_slow() from exc
    except (OSError, http.client.HTTPException) as exc:
        raise MediaRefused(
            interpolate_lazy(
                _("Không tải được media_url (%(error)s)."), {"error": type(exc).__name__}
            )
        ) from exc
    raise MediaRefused(_("media_url chuyển hướng quá nhiều lần."))
