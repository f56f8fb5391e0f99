"""Public transparency pages: the national map, province and commune pages, and the
public scorecard of each agency (no login)."""

from django.http import HttpResponse


def transparency_home(request):
    return HttpResponse("")


def transparency_area(request, code: str):
    return HttpResponse("")


def transparency_agency(request, code: str):
    return HttpResponse("")
