"""Open311 GeoReport v2 endpoint, so existing 311 client applications work unchanged."""
