"""A GeoReport v2 client library from PyPI, `georeport` (0.3.1), against the live server
in XML and in JSON: services, a service definition, requests and one request.

The library cannot file a request (it has no POST method), so requests are filed in each
format over plain HTTP, as a client application would, and read back with the library.
The older `open311` package (1.1) is Python 2 code and does not import on Python 3.
"""

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
import requests
from defusedxml import ElementTree
from georeport import GeoReport

from nghedan.api.services import api_client_issue
from nghedan.petitions.models import Petition

JURISDICTION = "nghedan.gov.vn"
DESCRIPTION = (
    "Rác thải sinh hoạt đổ trộm thành đống lớn ở đầu ngõ 120 Đội Cấn, bốc mùi hôi nhiều ngày."
)
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture
def endpoint(live_server, live_world, settings, monkeypatch):
    """(base URL of the Open311 endpoint, an api_key); `requests` goes to it directly."""
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("no_proxy", "*")
    settings.NGHEDAN_OPEN311_JURISDICTION = JURISDICTION
    _client, key = api_client_issue(name="Ứng dụng GeoReport")
    return f"{live_server.url}/open311/v2", key


def _file(base: str, key: str, fmt: str, **fields) -> str:
    """POST a request form-encoded, as the specification says, in `fmt`; its id."""
    form = {
        "api_key": key,
        "jurisdiction_id": JURISDICTION,
        "service_code": "moi-truong",
        "description": DESCRIPTION,
        "address_id": "00004",
        "lat": "21.0357",
        "long": "105.8235",
        **fields,
    }
    request = urllib.request.Request(
        f"{base}/requests.{fmt}",
        data=urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        method="POST",
    )
    try:
        with _opener.open(request, timeout=30) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            status, body = error.code, error.read()
    assert status == 201, body
    if fmt == "xml":
        return ElementTree.fromstring(body).findtext("request/service_request_id")
    return json.loads(body)[0]["service_request_id"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_services_definitions_and_requests(endpoint, fmt):
    base, key = endpoint
    client = GeoReport(base, jurisdiction=JURISDICTION, api_key=key, output_format=fmt)

    services = client.get_service_list()
    definition = client.get_service_definition("moi-truong")
    filed = _file(base, key, fmt, **{"attribute[kind]": "proposal"})
    listed = client.get_service_requests(status="open", service_code="moi-truong")
    one = client.get_service_request(filed)

    environment = next(s for s in services if s["service_code"] == "moi-truong")
    assert environment["service_name"] == "Môi trường"
    assert environment["metadata"] == (True if fmt == "json" else "true")
    assert definition["service_code"] == "moi-truong"
    attributes = (
        definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    )
    assert [a["code"] for a in attributes] == ["kind", "signatories", "title", "publish"]
    # xmltodict gives one element as a dict, several as a list.
    listed = listed if isinstance(listed, list) else [listed]
    assert [r["service_request_id"] for r in listed] == [filed]
    assert one["service_request_id"] == filed
    assert one["status"] == "open"
    assert one["agency_responsible"] == "Ủy ban nhân dân Phường Ba Đình"
    assert (float(one["lat"]), float(one["long"])) == (21.0357, 105.8235)
    assert Petition.objects.get(code=filed).kind == "proposal"


def test_the_georeport_client_sees_requests_filed_in_either_format(endpoint):
    base, key = endpoint
    in_xml = _file(base, key, "xml")
    in_json = _file(base, key, "json")

    for fmt in ("xml", "json"):
        client = GeoReport(base, jurisdiction=JURISDICTION, output_format=fmt)
        listed = client.get_service_requests(service_request_id=f"{in_xml},{in_json}")
        assert {r["service_request_id"] for r in listed} == {in_xml, in_json}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_sees_an_unknown_jurisdiction_refused(endpoint, fmt):
    base, _key = endpoint
    client = GeoReport(base, jurisdiction="hcm.gov.vn", output_format=fmt)

    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_list()

    assert refused.value.response.status_code == 404
