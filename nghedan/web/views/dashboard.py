"""Internal dashboards of leaders and supervisors, the cadre roster, and the register of
good practice (Dân vận khéo)."""

from django.http import HttpResponse


def dashboard(request):
    return HttpResponse("")


def roster(request):
    return HttpResponse("")


def practice_list(request):
    return HttpResponse("")


def practice_new(request):
    return HttpResponse("")


def practice_detail(request, practice_id: int):
    return HttpResponse("")


def practice_adopt(request, practice_id: int):
    return HttpResponse("")
