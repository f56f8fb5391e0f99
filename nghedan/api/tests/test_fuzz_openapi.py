"""Every operation of the OpenAPI document (the REST API v1; Open311 has its own
discovery, not OpenAPI), called over real HTTP with inputs generated from the document
itself (schemathesis, on Hypothesis): inputs the document allows and inputs it forbids,
from an anonymous visitor and from an officer holding an API token. Whatever arrives, the
API answers it without a server error (5xx).

The run is bounded and reproducible: a fixed number of examples per operation, drawn
without randomness. About half of the examples aim at rows that exist (a petition with a
draft answer and its secret, an alert, a reception day, a dialogue and its question, a
commitment, a consultation and its statement, a topic, a commune, an agency), so that the
code behind the lookup is reached too and not only the 404; half of those also carry
readable text, so that writes get past validation into the actions.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

import pytest
import requests
import schemathesis
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup

from nghedan.api.services import api_token_issue
from nghedan.language.models import Head
from nghedan.language.training import model_active
from nghedan.test import BA_DINH, HANOI, World
from nghedan.web.tests import scenes

pytestmark = pytest.mark.fuzz

# Examples per operation for each of the two modes (allowed inputs, forbidden ones): with
# about forty operations, some 800 requests per client and under a minute for the whole
# file on two cores.
EXAMPLES = 10
SECRET_HEADER = "X-Petition-Secret"


@dataclass
class Tally:
    """Requests sent and server errors answered, per operation ("POST /api/v1/…")."""

    sent: Counter = field(default_factory=Counter)
    server_errors: Counter = field(default_factory=Counter)
    # How many answers had each status, all operations together.
    statuses: Counter = field(default_factory=Counter)
    # How to send each request that got a server error again (a curl command line).
    reproductions: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sent.values())


# Readable text for the fields a person writes in (long enough for every one of them).
READABLE = (
    "Rác thải sinh hoạt tồn đọng nhiều ngày ở đầu ngõ 120 Đội Cấn, bốc mùi hôi, "
    "đề nghị phường bố trí thu gom và xử lý dứt điểm."
)
TEXT_FIELDS = ("title", "body", "text", "reason", "note", "comment", "matter")


@dataclass(frozen=True)
class Existing:
    """Values that name rows of the world: by path parameter, by body or query field."""

    path: dict
    fields: dict
    secret: str


def _document() -> dict:
    """The document /api/v1/openapi.json serves, without the generator's warnings."""
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    GENERATOR_STATS.reset()
    return json.loads(OpenApiJsonRenderer().render(schema))


def _existing(world: World) -> Existing:
    # The topic model is built before any officer has decided anything, from the corpus
    # alone (fitted once per process); requests then load it instead of each fitting one.
    model_active(Head.TOPIC)
    pending = scenes.pending_answer(world)
    return Existing(
        path={
            "code": pending.petition.code,
            "answer_id": pending.answer.pk,
            "alert_id": scenes.alerted(world).alert.pk,
            **scenes.reception_day(world).ids,
            **scenes.dialogue(world).ids,
            **scenes.commitment(world).ids,
            **scenes.consultation(world).ids,
        },
        fields={
            "topic": "moi-truong",
            "area": BA_DINH,
            "province": HANOI,
            "to_agency": world.police_a.code,
        },
        secret=pending.secret,
    )


def _aim(case, existing: Existing, *, readable: bool) -> None:
    """Point the generated request at rows that exist, where it names one; `readable`:
    and put readable text in the fields a person writes in."""
    operation = case.operation
    path = dict(existing.path)
    if operation.path.startswith("/api/v1/areas/"):
        path["code"] = BA_DINH
    for name in case.path_parameters or {}:
        if name in path:
            case.path_parameters[name] = path[name]
    fields = dict(existing.fields)
    if readable:
        fields.update(dict.fromkeys(TEXT_FIELDS, READABLE))
    for values in (case.query, case.body):
        if isinstance(values, dict):
            for name in values.keys() & fields.keys():
                values[name] = fields[name]
            if readable:
                # The document names attachments by link; the API wants uploaded files.
                values.pop("attachments", None)
    if SECRET_HEADER in operation.headers:
        if case.headers is None:
            case.headers = {}
        case.headers[SECRET_HEADER] = existing.secret


def _fuzz(operation, *, base_url: str, headers: dict, existing: Existing, tally: Tally):
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment before the local server
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=2 * EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(case=cases, aimed=st.booleans(), readable=st.booleans())
    def send(case, aimed, readable):
        # The client is who the run says, whatever credentials the generator invented.
        if case.headers:
            case.headers.pop("Authorization", None)
        if case.cookies:
            case.cookies.pop("sessionid", None)
        if aimed:
            _aim(case, existing, readable=readable)
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=60)
        tally.sent[operation.label] += 1
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=[not_a_server_error], headers=headers)
        except FailureGroup:
            tally.server_errors[operation.label] += 1
            tally.reproductions.append(case.as_curl_command(headers=headers))

    send()


@pytest.mark.parametrize("persona", ["anonymous", "officer_a"])
def test_no_operation_answers_a_server_error(live_server, live_world, persona):
    existing = _existing(live_world)
    # One connection per request: on a kept-alive one the test server's answers wait on
    # TCP acknowledgements, tens of milliseconds each.
    headers = {"Connection": "close"}
    if persona != "anonymous":
        token = api_token_issue(user=getattr(live_world, persona))
        headers["Authorization"] = f"Token {token.key}"
    schema = schemathesis.openapi.from_dict(_document())
    operations = [result.ok() for result in schema.get_all_operations()]
    tally = Tally()

    for operation in operations:
        _fuzz(
            operation,
            base_url=live_server.url,
            headers=headers,
            existing=existing,
            tally=tally,
        )

    assert all(operation.path.startswith("/api/v1/") for operation in operations)
    assert set(tally.sent) == {operation.label for operation in operations}
    assert tally.total >= len(operations) * EXAMPLES
    # The officer's token is honoured everywhere: nothing asks them to sign in.
    assert (401 in tally.statuses) is (persona == "anonymous")
    assert tally.reproductions == []
    assert tally.server_errors == Counter()
