"""Security headers, HTTPS and sessions: every page carries a strict Content-Security-
Policy that the templates keep to (no inline script, style or event handler), production
settings come from NGHEDAN_HTTPS and pass Django's deploy checks, and staff sessions are
shorter than citizens'."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from nghedan.test import PASSWORD
from nghedan.web.tests.scenes import alerted

TEMPLATES = Path(settings.PACKAGE_DIR) / "templates"
STATIC = Path(settings.PACKAGE_DIR) / "static"


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy(world):
    response = Client().get("/")

    policy = directives(response)
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_pages_of_staff_carry_the_policy_and_the_other_security_headers(world):
    alert = alerted(world).alert
    client = Client()
    client.force_login(world.leader_a)

    response = client.get(f"/alerts/{alert.pk}/")

    assert response.status_code == 200
    assert directives(response)["script-src"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_style_or_event_handlers():
    """The policy allows none of them: each would silently stop working in the browser."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")

    assert found == []


def test_the_static_scripts_set_no_inline_style_or_handler_attributes():
    # The site's own scripts; vendored libraries (static/vendor) are checked in a browser
    # under the policy instead (test_browser_csp.py, test_browser_map.py).
    found = [
        path.name
        for path in STATIC.rglob("*.js")
        if "vendor" not in path.relative_to(STATIC).parts
        and re.search(r"setAttribute\(\s*[\"'](style|on\w+)[\"']|innerHTML", path.read_text())
    ]

    assert found == []


# --- production settings, read from the environment by a fresh process ---------------

PRODUCTION = {
    "NGHEDAN_DEBUG": "false",
    "NGHEDAN_SECRET_KEY": "production-secret-for-the-deploy-check-" + "x7Rq2" * 6,
    "NGHEDAN_ALLOWED_HOSTS": "nghedan.example.gov.vn",
    "NGHEDAN_HTTPS": "true",
    "NGHEDAN_HSTS_PRELOAD": "true",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_AGE",
    "NGHEDAN_STAFF_SESSION_AGE",
]


def _environment(tmp_path, env: dict) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("NGHEDAN_") and key != "DATABASE_URL"
    }
    return environment | {
        "NGHEDAN_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "nghedan.settings",
        **env,
    }


def settings_under(tmp_path, **env) -> dict:
    code = (
        "import json; from django.conf import settings; print(json.dumps({name: "
        f"getattr(settings, name, None) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_environment(tmp_path, env),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nghedan", "check", "--deploy", "--tag", "security"]
        + ["--fail-level", "WARNING"],
        env=_environment(tmp_path, env),
        capture_output=True,
        text=True,
    )


def test_https_turns_on_the_redirect_secure_cookies_and_a_year_of_hsts(tmp_path):
    assert settings_under(tmp_path, **PRODUCTION) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_AGE": 12 * 3600,
        "NGHEDAN_STAFF_SESSION_AGE": 8 * 3600,
    }


def test_the_embedded_default_stays_on_plain_http(tmp_path):
    values = settings_under(tmp_path)

    assert (values["SECURE_SSL_REDIRECT"], values["SESSION_COOKIE_SECURE"]) == (False, False)
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_behind_a_proxy_that_ends_tls_its_forwarded_proto_is_trusted_when_told(tmp_path):
    values = settings_under(
        tmp_path, **PRODUCTION, NGHEDAN_TRUST_FORWARDED_PROTO="true", NGHEDAN_SESSION_HOURS="4"
    )

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_AGE"] == 4 * 3600


def test_the_deploy_checks_pass_when_configured_for_production(tmp_path):
    result = deploy_check(tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_name_what_is_missing_without_https(tmp_path):
    production_without_https = PRODUCTION | {"NGHEDAN_HTTPS": "false"}

    result = deploy_check(tmp_path, **production_without_https)

    assert result.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


@pytest.mark.django_db
def test_plain_http_is_redirected_and_https_answers_with_hsts(world, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()

    plain = client.get("/track/")
    secure = client.get("/track/", secure=True)

    assert (plain.status_code, plain["Location"]) == (301, "https://testserver/track/")
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- sessions ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "hours"),
    [("officer_a", 8), ("leader_a", 8), ("supervisor", 8), ("admin", 8), ("citizen", 12)],
)
def test_staff_sessions_end_after_a_working_day_citizens_later(world, persona, hours):
    client = Client()

    response = client.post(
        "/accounts/login/", {"username": getattr(world, persona).username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session.get_expiry_age() == hours * 3600
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == hours * 3600


@pytest.mark.django_db
def test_pages_after_sign_in_cost_no_extra_write_for_the_session_age(world):
    client = Client()
    client.post("/accounts/login/", {"username": world.leader_a.username, "password": PASSWORD})

    response = client.get("/notifications/")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert client.session.get_expiry_age() == 8 * 3600
