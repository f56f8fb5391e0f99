"""A fixed-window rate limit on the cache, for public entry points that anyone may call."""

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from nghedan.lib import clock

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'30/hour' → (30, 3600)."""
    try:
        count, period = rate.split("/")
        return int(count), _PERIODS[period.strip().lower()]
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"a rate must look like 30/hour, got {rate!r}") from exc


def rate_allows(*, scope: str, ident: str, rate: str) -> bool:
    """Count one call of `ident` in `scope`; False once the window's allowance is spent."""
    allowed, period = parse_rate(rate)
    key = f"rate:{scope}:{ident}:{int(clock.now().timestamp() // period)}"
    if cache.add(key, 1, timeout=period):
        return True
    try:
        return cache.incr(key) <= allowed
    except ValueError:  # the window expired between add and incr
        cache.add(key, 1, timeout=period)
        return True


def client_ident(request) -> str:
    """The account, or else the address the request came from."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{request.META.get('REMOTE_ADDR', '')}"
