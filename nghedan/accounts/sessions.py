"""How long a signed-in session lasts.

Everyone's session ends SESSION_COOKIE_AGE after it was last saved (NGHEDAN_SESSION_HOURS,
12 by default). Anyone who is not a citizen (officers, leaders, supervisors,
administrators: they read petitioners' identities) has a shorter one, a working day
(NGHEDAN_STAFF_SESSION_HOURS, 8 by default), however they signed in: the site's sign-in
page, the admin's, or the REST API's session sign-in.
"""

from django.conf import settings

from nghedan.accounts.models import Role


class StaffSessionMiddleware:
    """After the view, when the session is about to be saved anyway (as on the response
    that signs a person in), give a staff session its shorter age: the session middleware
    saves it with that age, and no request costs an extra write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.modified
            and user is not None
            and user.is_authenticated
            and user.role != Role.CITIZEN
        ):
            age = settings.NGHEDAN_STAFF_SESSION_AGE
            if session.get_expiry_age() != age:
                session.set_expiry(age)
        return response
