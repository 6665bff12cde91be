"""Place a point (WGS84 lat/long) in its commune by the commune boundaries (point in polygon).

Plain Python, no GIS library: the 124 simplified boundaries (about 60,000 vertices, stored in
Area.boundary) are loaded once per process into bounding boxes and rings. A bounding-box test keeps
the ray casting to the one or two communes whose box holds the point. The boundaries are simplified,
so a point right on a shared edge or just off the coast may fall in no polygon: then the nearest
commune within EDGE_TOLERANCE_KM is taken. Farther than that the point is outside the province.
"""

import json
import math
import threading

from .models import Area

EDGE_TOLERANCE_KM = 1.0
# Degrees of latitude per km; longitude degrees shrink with cos(latitude).
KM_PER_DEGREE = 111.32

_index = None
_lock = threading.Lock()


class OutsideProvince(ValueError):
    """The point lies in no commune of the province (nor within EDGE_TOLERANCE_KM of one)."""


def _rings_of(geometry):
    """[(outer ring, [holes]), …] for a Polygon or MultiPolygon in GeoJSON order (long, lat)."""
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return []
    return [([tuple(p[:2]) for p in poly[0]], [[tuple(p[:2]) for p in hole] for hole in poly[1:]]) for poly in polygons]


def _bbox(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _in_ring(x, y, ring):
    """Ray casting (even-odd rule) towards +x."""
    inside = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        x1, y1 = x2, y2
    return inside


def _segment_distance_km(x, y, ring):
    """Shortest distance from (x, y) to the ring's edges, on a local flat projection (small areas)."""
    kx = KM_PER_DEGREE * math.cos(math.radians(y))
    ky = KM_PER_DEGREE
    best = math.inf
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        ax, ay = (x1 - x) * kx, (y1 - y) * ky
        bx, by = (x2 - x) * kx, (y2 - y) * ky
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
        px, py = ax + t * dx, ay + t * dy
        best = min(best, px * px + py * py)
        x1, y1 = x2, y2
    return math.sqrt(best)


class CommuneIndex:
    """The boundaries of the communes, ready for point lookups. Entries: (key, bbox, polygons)."""

    def __init__(self, entries):
        self.entries = []
        for key, geometry in entries:
            polygons = [(outer, holes, _bbox(outer)) for outer, holes in _rings_of(geometry) if len(outer) >= 4]
            if polygons:
                boxes = [p[2] for p in polygons]
                bbox = (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
                self.entries.append((key, bbox, polygons))

    def locate(self, lat, long):
        """The key of the commune holding the point; raises OutsideProvince."""
        x, y = float(long), float(lat)
        for key, bbox, polygons in self.entries:
            if not (bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]):
                continue
            for outer, holes, pbox in polygons:
                if pbox[0] <= x <= pbox[2] and pbox[1] <= y <= pbox[3] and _in_ring(x, y, outer):
                    if not any(_in_ring(x, y, hole) for hole in holes):
                        return key
        return self._nearest(x, y)

    def _nearest(self, x, y):
        margin_lat = EDGE_TOLERANCE_KM / KM_PER_DEGREE
        margin_long = margin_lat / max(0.1, math.cos(math.radians(y)))
        best_key, best = None, math.inf
        for key, bbox, polygons in self.entries:
            if not (
                bbox[0] - margin_long <= x <= bbox[2] + margin_long
                and bbox[1] - margin_lat <= y <= bbox[3] + margin_lat
            ):
                continue
            for outer, holes, _pbox in polygons:
                for ring in [outer, *holes]:
                    distance = _segment_distance_km(x, y, ring)
                    if distance < best:
                        best_key, best = key, distance
        if best_key is None or best > EDGE_TOLERANCE_KM:
            raise OutsideProvince(f"Điểm ({y}, {x}) nằm ngoài địa bàn tỉnh.")
        return best_key


def commune_index():
    """The index of the communes in the database, built on first use in this process."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                rows = Area.objects.communes().exclude(boundary__isnull=True).values_list("pk", "boundary")
                _index = CommuneIndex(list(rows))
    return _index


def reset_commune_index():
    """Forget the loaded boundaries (after reference data is reloaded)."""
    global _index, _shapes
    _index = _shapes = None


def locate_area_id(lat, long):
    """Area pk of the commune holding (lat, long); raises OutsideProvince."""
    return commune_index().locate(lat, long)


_shapes = None


def _rounded(coordinates, digits):
    """Coordinates cut to `digits` decimals; points of a ring that fall together are kept once."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(c, digits) for c in coordinates[:2]]
    if coordinates and coordinates[0] and isinstance(coordinates[0][0], (int, float)):
        ring = []
        for point in coordinates:
            point = [round(c, digits) for c in point[:2]]
            if not ring or point != ring[-1]:
                ring.append(point)
        return ring
    return [_rounded(c, digits) for c in coordinates]


def communes_geojson(digits=3):
    """The communes' boundaries as one GeoJSON text for the public map: name and id only, coordinates
    cut to `digits` decimals (3: about 110 m, enough to draw; the server places the point on the full
    boundaries); built once."""
    global _shapes
    if _shapes is None:
        features = [
            {
                "type": "Feature",
                "properties": {"name": name, "id": str(pk)},
                "geometry": {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"], digits)},
            }
            for pk, name, geometry in Area.objects.communes().order_by("name").values_list("pk", "name", "boundary")
            if geometry and geometry.get("type") in ("Polygon", "MultiPolygon")
        ]
        _shapes = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    return _shapes
