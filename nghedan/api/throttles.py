"""Limits on filing through the API, counted with the web form's (lib.ratelimit)."""

import hashlib

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from nghedan.lib.ratelimit import client_ident, rate_allows


class IntakeThrottle(BaseThrottle):
    """Petitions per account or address; staff entering petitions for callers are free."""

    def allow_request(self, request, view) -> bool:
        if request.method != "POST":
            return True
        user = request.user
        if user.is_authenticated and user.is_agency_staff:
            return True
        return rate_allows(
            scope="intake", ident=client_ident(request), rate=settings.NGHEDAN_INTAKE_RATE
        )


class Open311IntakeThrottle(BaseThrottle):
    """Service requests per client application, keyed by the api_key it sends."""

    def allow_request(self, request, view) -> bool:
        if request.method != "POST":
            return True
        key = request.query_params.get("api_key") or (
            request.data.get("api_key") if hasattr(request.data, "get") else None
        )
        ident = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        return rate_allows(scope="open311", ident=ident, rate=settings.NGHEDAN_OPEN311_RATE)
