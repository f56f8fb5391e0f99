"""GeoReport v2 conformance: every resource in XML (required by the specification) and in
JSON, chosen by its extension, with the specification's element names, order and value
types (its example responses, http://wiki.open311.org/GeoReport_v2), and errors in its
shape in both formats.

The XML is parsed with defusedxml; `_spark` turns it into the JSON the specification's
mapping (the Spark convention) gives, so each resource is also checked to say the same
thing in both formats.
"""

import re
from unittest import mock
from urllib.parse import urlencode

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.urls import resolve

from nghedan.api.open311.formats import ITEM_ELEMENTS, xml_document
from nghedan.api.tests.test_open311 import REQUEST_FIELDS
from nghedan.petitions.actions import petition_decline
from nghedan.petitions.models import Petition
from nghedan.test import submit

FORMATS = ["xml", "json"]
DESCRIPTION = (
    "Rác thải sinh hoạt đổ trộm thành đống lớn ở đầu ngõ 120 Đội Cấn, bốc mùi hôi nhiều ngày."
)
# The element names of the specification's examples, in their order.
SERVICE = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
DEFINITION = ["service_code", "attributes"]
ATTRIBUTE = ["variable", "code", "datatype", "required", "datatype_description", "order"]
ATTRIBUTE += ["description"]
VALUE = ["key", "name"]
POSTED = ["service_request_id", "token", "service_notice", "account_id"]
REQUEST = REQUEST_FIELDS
TOKEN = ["service_request_id", "token"]
DISCOVERY = ["changeset", "contact", "key_service", "endpoints"]
ENDPOINT = ["specification", "url", "changeset", "type", "formats"]
ERROR = ["code", "description"]
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
# W3C date-time with the offset the specification requires.
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


def _tags(element) -> list[str]:
    return [child.tag for child in element]


def _spark(element):
    """The JSON the specification's XML ↔ JSON mapping makes of an element."""
    if element.tag in ITEM_ELEMENTS:
        return [_spark(child) for child in element]
    if len(element):
        return {child.tag: _spark(child) for child in element}
    return element.text


def _as_text(value):
    """JSON values as XML writes them: scalars as text, empty text as no text."""
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == "":
        return None
    return str(value)


def _read(response, fmt: str, status: int = 200):
    """The parsed body (XML root element or JSON), after checking status and type."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    if fmt == "json":
        return response.json()
    assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    return ElementTree.fromstring(response.content)


def _post(api, fmt: str, key: str, **fields):
    data = {"api_key": key, "service_code": "moi-truong", "description": DESCRIPTION}
    data.update(fields)
    return api.post(
        f"/open311/v2/requests.{fmt}",
        urlencode(data),
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )


def _same_in_both(api, path: str, params=None) -> None:
    xml = _read(api.get(f"/open311/v2/{path}.xml", params or {}), "xml")
    json = _read(api.get(f"/open311/v2/{path}.json", params or {}), "json")
    assert _spark(xml) == _as_text(json)


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_service_list(world, api, fmt):
    body = _read(api.get(f"/open311/v2/services.{fmt}"), fmt)

    if fmt == "xml":
        assert body.tag == "services"
        assert {child.tag for child in body} == {"service"}
        services = [dict(zip(_tags(s), [c.text for c in s], strict=True)) for s in body]
        assert all(_tags(service) == SERVICE for service in body)
    else:
        services = body
        assert all(list(service) == SERVICE for service in services)
        assert all(service["metadata"] is True for service in services)
    codes = [service["service_code"] for service in services]
    assert "moi-truong" in codes and len(codes) == len(set(codes))
    environment = services[codes.index("moi-truong")]
    assert environment["service_name"] == "Môi trường"
    assert environment["type"] == "realtime"
    assert environment["keywords"] == world.topic("moi-truong").keywords
    if fmt == "xml":
        assert environment["metadata"] == "true"
    _same_in_both(api, "services")


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_service_definition(world, api, fmt):
    body = _read(api.get(f"/open311/v2/services/moi-truong.{fmt}"), fmt)

    if fmt == "xml":
        assert (body.tag, _tags(body)) == ("service_definition", DEFINITION)
        assert body.findtext("service_code") == "moi-truong"
        attributes = body.find("attributes")
        assert {child.tag for child in attributes} == {"attribute"}
        for attribute in attributes:
            has_values = attribute.find("values") is not None
            assert _tags(attribute) == ATTRIBUTE + (["values"] if has_values else [])
            assert attribute.findtext("variable") in ("true", "false")
            assert attribute.findtext("required") in ("true", "false")
            assert attribute.findtext("datatype") in DATATYPES
            assert int(attribute.findtext("order")) >= 1
            for value in attribute.iterfind("values/value"):
                assert _tags(value) == VALUE
        kind = attributes[0]
        assert [v.findtext("key") for v in kind.iterfind("values/value")] == [
            "feedback",
            "proposal",
            "complaint",
            "denunciation",
        ]
    else:
        assert list(body) == DEFINITION
        for attribute in body["attributes"]:
            assert list(attribute)[: len(ATTRIBUTE)] == ATTRIBUTE
            assert attribute["datatype"] in DATATYPES
            assert isinstance(attribute["variable"], bool)
            assert isinstance(attribute["required"], bool)
            assert isinstance(attribute["order"], int)
            assert all(list(value) == VALUE for value in attribute.get("values", []))
    _same_in_both(api, "services/moi-truong")


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_service_request(world, api, client_key, fmt):
    response = _post(
        api,
        fmt,
        client_key,
        address_id="00004",
        lat="21.0357",
        long="105.8235",
        account_id="tai-khoan-7",
        device_id="thiet-bi-1",
        **{"attribute[kind]": "proposal"},
    )

    body = _read(response, fmt, 201)
    if fmt == "xml":
        assert (body.tag, [r.tag for r in body]) == ("service_requests", ["request"])
        [request] = body
        assert _tags(request) == POSTED
        created = {child.tag: child.text for child in request}
    else:
        [created] = body
        assert list(created) == POSTED
    petition = Petition.objects.get(code=created["service_request_id"])
    assert created["token"] == str(petition.uuid)
    assert created["account_id"] == "tai-khoan-7"
    assert created["service_notice"].startswith("Cơ quan xử lý: Ủy ban nhân dân Phường Ba Đình.")
    assert petition.kind == "proposal"
    assert (str(petition.latitude), str(petition.longitude)) == ("21.035700", "105.823500")


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_service_requests(world, api, client_key, fmt):
    _post(api, "json", client_key, address_id="00004", lat="21.0357", long="105.8235")
    declined = submit(world).petition
    petition_decline(acting_user=world.officer_a, petition=declined, reason="Trùng đơn.")

    body = _read(api.get(f"/open311/v2/requests.{fmt}"), fmt)

    if fmt == "xml":
        assert body.tag == "service_requests"
        assert all(_tags(request) == REQUEST for request in body)
        requests = [{child.tag: child.text for child in request} for request in body]
    else:
        assert all(list(request) == REQUEST for request in body)
        requests = body
    assert [request["status"] for request in requests] == ["closed", "open"]
    closed, filed = requests
    assert closed["status_notes"] == "Không thụ lý: Trùng đơn."
    for request in requests:
        for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
            assert W3C.match(request[name]), request[name]
    assert (float(filed["lat"]), float(filed["long"])) == (21.0357, 105.8235)
    assert filed["address_id"] == "00004"
    assert filed["zipcode"] is None and filed["media_url"] is None
    _same_in_both(api, "requests")


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_service_request(world, api, client_key, fmt):
    code = _post(api, "json", client_key, address_id="00004").json()[0]["service_request_id"]

    body = _read(api.get(f"/open311/v2/requests/{code}.{fmt}"), fmt)

    if fmt == "xml":
        assert (body.tag, [r.tag for r in body]) == ("service_requests", ["request"])
        assert _tags(body[0]) == REQUEST
        assert body[0].findtext("service_request_id") == code
        assert body[0].find("lat").text is None  # no coordinates sent: an empty element
    else:
        [request] = body
        assert list(request) == REQUEST
        assert request["service_request_id"] == code
        assert request["lat"] is None
    _same_in_both(api, f"requests/{code}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_service_request_id_from_a_token(world, api, client_key, fmt):
    created = _post(api, "json", client_key, address_id="00004").json()[0]

    body = _read(api.get(f"/open311/v2/tokens/{created['token']}.{fmt}"), fmt)

    if fmt == "xml":
        assert (body.tag, [r.tag for r in body]) == ("service_requests", ["request"])
        assert _tags(body[0]) == TOKEN
        assert body[0].findtext("service_request_id") == created["service_request_id"]
    else:
        assert body == [
            {"service_request_id": created["service_request_id"], "token": created["token"]}
        ]
    _same_in_both(api, f"tokens/{created['token']}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_discovery(world, api, fmt):
    body = _read(api.get(f"/open311/v2/discovery.{fmt}"), fmt)

    if fmt == "xml":
        assert (body.tag, _tags(body)) == ("discovery", DISCOVERY)
        [endpoint] = body.find("endpoints")
        assert (endpoint.tag, _tags(endpoint)) == ("endpoint", ENDPOINT)
        assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
        assert {f.tag for f in endpoint.find("formats")} == {"format"}
    else:
        assert list(body) == DISCOVERY
        [endpoint] = body["endpoints"]
        assert list(endpoint) == ENDPOINT
        assert endpoint["formats"] == ["text/xml", "application/json"]
    _same_in_both(api, "discovery")


def _error_of(response, fmt: str, status: int) -> str:
    """The one error's description, after checking the error document's shape."""
    body = _read(response, fmt, status)
    if fmt == "xml":
        assert (body.tag, [e.tag for e in body]) == ("errors", ["error"])
        assert _tags(body[0]) == ERROR
        assert body[0].findtext("code") == str(status)
        return body[0].findtext("description")
    [error] = body
    assert list(error) == ERROR and error["code"] == status
    return error["description"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("method", "path", "fields", "status", "starts"),
    [
        ("get", "services", {"jurisdiction_id": "hcm.gov.vn"}, 404, "Không có jurisdiction_id"),
        ("get", "services/khong-co", {}, 404, "Không có dịch vụ với mã này."),
        ("get", "services/moi-truong", {"jurisdiction_id": "x"}, 404, "Không có jurisdiction"),
        ("post", "requests", {"api_key": "khoa-sai"}, 403, "Thiếu api_key"),
        ("post", "requests", {"service_code": ""}, 400, "service_code: "),
        ("post", "requests", {"service_code": "khong-co"}, 404, "service_code: Không có dịch vụ"),
        ("post", "requests", {"jurisdiction_id": "x"}, 404, "Không có jurisdiction_id"),
        ("get", "requests", {"status": "pending"}, 400, "status: status phải là open"),
        ("get", "requests", {"jurisdiction_id": "x"}, 404, "Không có jurisdiction_id"),
        ("get", "requests/ND-0000-0000", {}, 404, "Không tìm thấy yêu cầu này."),
        ("get", "tokens/khong-phai-token", {}, 404, "Không tìm thấy yêu cầu ứng với token"),
        ("get", "discovery", {"jurisdiction_id": "x"}, 404, "Không có jurisdiction_id"),
        ("get", "khong-co-tai-nguyen", {}, 404, "Không tìm thấy."),
        ("put", "requests", {}, 405, "Phương thức"),
        ("options", "services", {}, 405, "Phương thức"),
    ],
)
def test_errors_are_in_the_specifications_shape_in_both_formats(
    world, api, client_key, fmt, method, path, fields, status, starts
):
    url = f"/open311/v2/{path}.{fmt}"
    if method == "post":
        response = _post(api, fmt, client_key, address_id="00004", **fields)
    else:
        response = getattr(api, method)(url, fields)

    description = _error_of(response, fmt, status)

    assert description.startswith(starts), description
    assert " / " in description  # Vietnamese, then English
    assert not Petition.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_refusal_before_the_view_is_in_the_resources_format(world, api, fmt, settings):
    settings.NGHEDAN_MAX_REQUEST_BYTES = 100

    response = api.post(
        f"/open311/v2/requests.{fmt}",
        urlencode({"description": "x" * 200}),
        content_type="application/x-www-form-urlencoded",
    )

    assert _error_of(response, fmt, 413).startswith("Yêu cầu quá lớn")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_crash_answers_in_the_resources_format(world, fmt):
    resolve("/open311/v2/services.xml")  # the URLs are loaded before the database "fails"
    crashing = Client(raise_request_exception=False)
    with mock.patch("nghedan.api.open311.views.Topic.objects") as topics:
        topics.filter.side_effect = RuntimeError("database went away")
        response = crashing.get(f"/open311/v2/services.{fmt}")

    assert _error_of(response, fmt, 500).startswith("Lỗi hệ thống")


@pytest.mark.parametrize(
    "jurisdiction", ["", "nghedan.gov.vn", "NgheDan.gov.vn", " nghedan.gov.vn "]
)
def test_our_own_jurisdiction_id_or_none_is_accepted(
    world, api, client_key, settings, jurisdiction
):
    settings.NGHEDAN_OPEN311_JURISDICTION = "nghedan.gov.vn"
    assert api.get("/open311/v2/services.xml", {"jurisdiction_id": jurisdiction}).status_code == 200
    response = _post(api, "xml", client_key, address_id="00004", jurisdiction_id=jurisdiction)
    assert response.status_code == 201, response.content


def test_the_format_is_the_extension_whatever_the_client_accepts(world, api):
    as_xml = api.get("/open311/v2/services.xml", HTTP_ACCEPT="application/json")
    as_json = api.get("/open311/v2/services.json", HTTP_ACCEPT="text/xml")

    assert as_xml["Content-Type"] == CONTENT_TYPES["xml"]
    assert as_json["Content-Type"] == CONTENT_TYPES["json"]


def test_xml_text_is_escaped_by_the_writer(world, api, client_key):
    description = "Biển <b>“Cấm đổ rác”</b> & hàng rào bị đổ, rác tràn ra đường ngõ 120 Đội Cấn."
    code = _post(api, "json", client_key, address_id="00004", description=description).json()[0][
        "service_request_id"
    ]

    response = api.get(f"/open311/v2/requests/{code}.xml")

    assert b"&lt;b&gt;" in response.content and b"&amp;" in response.content
    [request] = _read(response, "xml")
    assert request.findtext("description") == description


def test_the_xml_writer_drops_characters_xml_cannot_carry():
    document = xml_document("errors", [{"code": 400, "description": "a\x00b\x1bc\ufffed\te"}])

    [error] = ElementTree.fromstring(document)
    assert error.findtext("description") == "abcd\te"
