"""Downloads: the "tổng kết" report of an area or agency (PDF, Excel) and open data
(CSV, JSON) of anonymised petitions and indicators."""

from django.http import HttpResponse


def area_report(request, code: str, fmt: str):
    return HttpResponse("")


def agency_report(request, code: str, fmt: str):
    return HttpResponse("")


def open_data(request):
    return HttpResponse("")


def open_data_petitions(request, fmt: str):
    return HttpResponse("")


def open_data_indicators(request, fmt: str):
    return HttpResponse("")
