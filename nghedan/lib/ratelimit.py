"""A fixed-window rate limit on the cache, for public entry points that anyone may call,
and the one reading of the address a request came from.

The counters live in the shared cache (settings.CACHES: a table of the database, or
Redis), so every process and machine counts against the same allowance; a counter is
incremented atomically there (lib/cache.py, or Redis's INCRBY)."""

import ipaddress
import math
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nghedan.lib import clock

if TYPE_CHECKING:
    from rest_framework.request import Request

_PERIODS = {
    **dict.fromkeys(("s", "sec", "second"), 1),
    **dict.fromkeys(("m", "min", "minute"), 60),
    **dict.fromkeys(("h", "hour"), 3600),
    **dict.fromkeys(("d", "day"), 86400),
}
TOO_MANY_REQUESTS = _("Quá nhiều yêu cầu. Vui lòng thử lại sau %(seconds)d giây.")
# An IPv6 subscriber usually holds a whole /64: counting single addresses would let one
# caller change address at every request.
_IPV6_PREFIX = 64


def parse_rate(rate: str) -> tuple[int, int]:
    """'30/hour' → (30, 3600)."""
    try:
        count, period = rate.split("/")
        return int(count), _PERIODS[period.strip().lower()]
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"a rate must look like 30/hour, got {rate!r}") from exc


def rate_wait(*, scope: str, ident: str, rate: str) -> int:
    """Count one call of `ident` in `scope`: 0 while the window's allowance lasts, else the
    whole seconds until the window ends and calls are allowed again (at least 1)."""
    allowed, period = parse_rate(rate)
    moment = clock.now().timestamp()
    window = int(moment // period)
    count = _count(f"rate:{scope}:{ident}:{window}", timeout=period)
    if count <= allowed:
        return 0
    return max(1, math.ceil((window + 1) * period - moment))


def _count(key: str, *, timeout: int) -> int:
    """One more call under `key`: the number counted so far in the window, this one
    included. Incrementing first costs one round trip for a caller already counted;
    the first call of a window creates the counter, and of two processes creating it at
    once one adds it and the other increments it."""
    try:
        count = cache.incr(key)
    except ValueError:  # no counter yet in this window
        if cache.add(key, 1, timeout=timeout):
            return 1
        try:
            count = cache.incr(key)
        except ValueError:
            count = None
    # None: the cache is failing (django-redis answers None when Redis is down). The
    # call goes through rather than every caller being refused.
    return count if isinstance(count, int) else 1


def rate_allows(*, scope: str, ident: str, rate: str) -> bool:
    """Count one call of `ident` in `scope`; False once the window's allowance is spent."""
    return rate_wait(scope=scope, ident=ident, rate=rate) == 0


def client_address(request: "HttpRequest | Request") -> str:
    """The address of the client, as the proxies the site trusts saw it.

    Behind N proxies (REST_FRAMEWORK["NUM_PROXIES"], env NGHEDAN_NUM_PROXIES) the client is
    the N-th address from the right of X-Forwarded-For: the one the outermost trusted proxy
    wrote. With none (the default) the header, which any client can write, is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = remote
    if proxies > 0 and forwarded.strip():
        hops = [hop.strip() for hop in forwarded.split(",")]
        address = hops[-min(proxies, len(hops))] or remote
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return remote


def client_ident(request: "HttpRequest | Request") -> str:
    """Who is counted: the account, or else the address the request came from (for IPv6,
    its /64 network)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{address_ident(client_address(request))}"


def address_ident(address: str) -> str:
    """An address as a counter key: IPv4 as it is, IPv6 as its /64 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{_IPV6_PREFIX}", strict=False))
    return str(parsed)
