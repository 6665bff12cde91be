"""The public API: Open311 GeoReport v2 at /open311/v2/ (docs/open311.md)."""
