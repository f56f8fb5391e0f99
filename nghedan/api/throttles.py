"""The API's rate limits, counted with the web's (lib.ratelimit): one address reading, one
counter per scope, and a refusal that says when to come back (429 with Retry-After)."""

import hashlib

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from nghedan.lib.ratelimit import address_ident, client_address, client_ident, rate_wait


class RateThrottle(BaseThrottle):
    """So many calls per window in `scope`, at the rate named by the setting `rate_setting`;
    the counter is the account or the address (see `ident`)."""

    scope = ""
    rate_setting = ""
    methods: frozenset[str] | None = None  # None: every method counts

    def __init__(self) -> None:
        self._wait: int | None = None

    def ident(self, request) -> str:
        return client_ident(request)

    def exempt(self, request) -> bool:
        return False

    def allow_request(self, request, view) -> bool:
        if self.methods is not None and request.method not in self.methods:
            return True
        if self.exempt(request):
            return True
        self._wait = rate_wait(
            scope=self.scope,
            ident=self.ident(request),
            rate=getattr(settings, self.rate_setting),
        )
        return self._wait == 0

    def wait(self) -> int | None:
        """Seconds until the next call is allowed: DRF sends them as Retry-After."""
        return self._wait

    def get_ident(self, request) -> str:
        return client_address(request)


class IntakeThrottle(RateThrottle):
    """Petitions per account or address, shared with the web form; staff entering
    petitions for callers are free."""

    scope = "intake"
    rate_setting = "NGHEDAN_INTAKE_RATE"
    methods = frozenset({"POST"})

    def exempt(self, request) -> bool:
        user = request.user
        return user.is_authenticated and user.is_agency_staff


class Open311IntakeThrottle(RateThrottle):
    """Service requests per client application, keyed by the api_key it sends."""

    scope = "open311"
    rate_setting = "NGHEDAN_OPEN311_RATE"
    methods = frozenset({"POST"})

    def ident(self, request) -> str:
        key = request.query_params.get("api_key") or (
            request.data.get("api_key") if hasattr(request.data, "get") else None
        )
        return hashlib.sha256(str(key).encode()).hexdigest()[:32]


class SignInThrottle(RateThrottle):
    """Slows down password guessing: so many sign-in attempts per address, whatever
    X-Forwarded-For says (it is read only behind the proxies the site trusts)."""

    scope = "sign_in"
    rate_setting = "NGHEDAN_SIGN_IN_RATE"

    def ident(self, request) -> str:
        return address_ident(client_address(request))


class SuggestThrottle(RateThrottle):
    """Reading a draft runs the language models: so many per account or address, shared
    with the web form's suggestions."""

    scope = "suggest"
    rate_setting = "NGHEDAN_SUGGEST_RATE"
