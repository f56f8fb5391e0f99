"""The pages with a map: what the map script reads (tile server, attribution) and the
Content-Security-Policy that lets these pages, and only these, load the tiles."""

from django.conf import settings
from django.http import HttpResponse


def map_settings() -> dict[str, str]:
    """The tile server and its attribution; `tiles` is empty when maps are turned off."""
    return {
        "tiles": settings.NGHEDAN_MAP_TILES,
        "attribution": settings.NGHEDAN_MAP_ATTRIBUTION,
    }


def with_map_tiles(response: HttpResponse) -> HttpResponse:
    """Allow the tile server's images on this page (django-csp adds it to img-src)."""
    if settings.NGHEDAN_MAP_TILE_ORIGIN:
        response._csp_update = {"img-src": [settings.NGHEDAN_MAP_TILE_ORIGIN]}  # type: ignore[attr-defined]
    return response
