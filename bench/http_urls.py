"""The product's URLs plus `/bench/bare/`: the reference of bench/http_intake.py, a bare
Django view behind the same middleware that reads the posted form and writes one row
(the table is created by the benchmark, not by a migration)."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from nghedan.lib import clock

BARE_TABLE = "bench_bare"


@csrf_exempt
@require_POST
def bare(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (body, received_at) VALUES (%s, %s) RETURNING id",
            [request.POST.get("description", ""), clock.now()],
        )
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id}, status=201)


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("nghedan.urls")),
]
