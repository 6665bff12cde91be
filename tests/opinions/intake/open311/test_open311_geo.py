"""Placing a point in its commune by the boundaries (opinions/geo.py)."""

import pytest

from opinions import geo
from opinions.models import Area

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
DONUT = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]], [[2.4, 0.4], [2.6, 0.4], [2.6, 0.6], [2.4, 0.6], [2.4, 0.4]]]
    ],
}


@pytest.mark.parametrize(
    ("lat", "long", "code"),
    [
        (11.9404, 108.4452, "24781"),  # Hồ Xuân Hương, Đà Lạt
        (10.9333, 108.2870, "22918"),  # Mũi Né
    ],
)
def test_it_places_real_places_in_their_commune(lat, long, code):
    geo.reset_commune_index()
    assert geo.locate_area_id(lat, long) == Area.objects.get(code=code).pk


def test_it_refuses_points_outside_the_province():
    for lat, long in [(10.7769, 106.7009), (21.0285, 105.8542), (10.5, 108.5)]:  # HCM City, Hà Nội, the sea
        with pytest.raises(geo.OutsideProvince):
            geo.locate_area_id(lat, long)


def test_it_applies_the_even_odd_rule_with_holes():
    index = geo.CommuneIndex([("square", SQUARE), ("donut", DONUT)])
    assert index.locate(0.5, 0.5) == "square"
    assert index.locate(0.2, 2.2) == "donut"
    # The hole is outside the donut; its nearest edge is 11 km away, beyond the tolerance.
    with pytest.raises(geo.OutsideProvince):
        index.locate(0.5, 2.5)


def test_it_takes_the_nearest_commune_for_a_point_just_off_a_simplified_edge():
    index = geo.CommuneIndex([("square", SQUARE), ("donut", DONUT)])
    assert index.locate(0.5, 1.005) == "square"  # about 550 m east of the square's edge
    with pytest.raises(geo.OutsideProvince):
        index.locate(0.5, 1.05)  # 5.5 km away
