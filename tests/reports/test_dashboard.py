"""Tổng quan: every figure equals a direct count of the rows for the same filters; scoping; downloads."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from opinions.models import Area, Case, Channel, Field, Signal, Unit
from reports import dashboard
from reports.filters import read_filters

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def rows(db):
    """Signals over 60 days in two communes, two fields, three channels, two units' cases."""
    traffic = Field.objects.get(code="giao-thong-ha-tang")
    other = Field.objects.exclude(pk=traffic.pk).first()
    unit_a, unit_b = Unit.objects.get(code="ubnd-24781"), Unit.objects.get(code="ubnd-22918")
    area_a, area_b = unit_a.areas.first(), unit_b.areas.first()
    case_a = Case.objects.create(title="Đường hỏng A", field=traffic, area=area_a, assigned_unit=unit_a)
    case_b = Case.objects.create(title="Rác B", field=other, area=area_b, assigned_unit=unit_b)
    now = timezone.now()
    made = []
    channels = [Channel.WEB, Channel.HOTLINE, Channel.ONLINE]
    for i in range(60):
        a = i % 2 == 0
        made.append(
            Signal(
                channel=channels[i % 3],
                kind="report" if i % 4 else "proposal",
                text=f"Ý kiến {i}",
                received_at=now - datetime.timedelta(days=i, hours=1),
                field=traffic if i % 5 else other,
                area=area_a if a else area_b,
                case=case_a if a else (case_b if i % 3 else None),
            )
        )
    Signal.objects.bulk_create(made)
    return {"traffic": traffic, "area_a": area_a, "unit_a": unit_a, "unit_b": unit_b}


def direct(f, **extra):
    qs = Signal.objects.filter(received_at__gte=f.start_dt, received_at__lt=f.end_dt, **extra)
    for name, lookup in (("field", "field_id"), ("area", "area_id"), ("channel", "channel"), ("kind", "kind")):
        if getattr(f, name):
            qs = qs.filter(**{lookup: getattr(f, name)})
    if f.unit:
        qs = qs.filter(case__assigned_unit_id=f.unit)
    return qs


COMBINATIONS = [
    {},
    {"ky": "7n"},
    {"channel": "hotline"},
    {"kind": "report", "ky": "nam"},
    {"ky": "khac", "tu": (TODAY - datetime.timedelta(days=50)).strftime("%d/%m/%Y"), "den": TODAY.strftime("%d/%m/%Y")},
]


@pytest.mark.parametrize("params", COMBINATIONS)
def test_figures_equal_direct_counts(rows, office_user, params):
    for extra in ({}, {"field": rows["traffic"].pk}, {"area": rows["area_a"].pk}, {"unit": rows["unit_b"].pk}):
        f = read_filters({**params, **{k: str(v) for k, v in extra.items()}})
        assert not f.errors
        volume = dashboard.volume(office_user, f)
        assert dashboard.plain(volume.rows[-1][2]) == direct(f).count()
        by_channel = {}
        for _period, channel, n in volume.rows[:-1]:
            by_channel[channel] = by_channel.get(channel, 0) + n
        for code, label in Channel.choices:
            assert by_channel.get(label, 0) == direct(f, channel=code).count()
        fields = {r[0]: dashboard.plain(r[2]) for r in dashboard.fields(office_user, f).rows}
        assert fields.get(rows["traffic"].name, 0) == direct(f, field=rows["traffic"]).count()
        communes = {r[0]: dashboard.plain(r[1]) for r in dashboard.communes(office_user, f).rows}
        assert len(communes) == 124
        assert communes[rows["area_a"].name] == direct(f, area=rows["area_a"]).count()
        assert sum(communes.values()) == direct(f, area__isnull=False).count()


def test_a_handler_sees_only_their_unit(rows, handler_user, office_user):
    f = read_filters({})
    volume = dashboard.volume(handler_user, f)
    assert dashboard.plain(volume.rows[-1][2]) == direct(f, case__assigned_unit=rows["unit_a"]).count()
    assert dashboard.plain(dashboard.volume(office_user, f).rows[-1][2]) == direct(f).count()


def test_the_page_links_each_number_to_the_list_with_the_same_filters(rows, client, leader_user):
    client.force_login(leader_user)
    area = rows["area_a"]
    page = client.get(reverse("reports:dashboard"), {"area": area.pk, "channel": "web"})
    assert page.status_code == 200
    html = page.content.decode()
    f = read_filters({"area": str(area.pk), "channel": "web"})
    assert f.signals_url().replace("&", "&amp;") in html
    listing = client.get(f.signals_url())
    assert listing.status_code == 200
    assert listing.context["paginator"].count == direct(f).count()
    assert "Nguyễn Văn Dân" not in html and "0987654321" not in html


def test_the_xlsx_download_holds_the_table(rows, client, office_user):
    client.force_login(office_user)
    response = client.get(reverse("reports:dashboard"), {"xuat": "xlsx", "panel": "communes"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(values) == 124
    assert sum(v[1] for v in values) == direct(read_filters({}), area__isnull=False).count()


def test_outsiders_are_refused_and_bad_filters_explained(client, outsider_user, office_user):
    client.force_login(outsider_user)
    assert client.get(reverse("reports:dashboard")).status_code in (302, 403)
    assert client.get(reverse("reports:commune_shapes")).status_code in (302, 403)
    client.force_login(office_user)
    page = client.get(reverse("reports:dashboard"), {"ky": "khac", "tu": "31/02/2026", "den": "x", "field": "abc"})
    assert page.status_code == 200
    assert "Khoảng thời gian không hợp lệ" in page.content.decode()


def test_the_map_shapes_are_the_124_communes(client, office_user):
    client.force_login(office_user)
    data = client.get(reverse("reports:commune_shapes")).json()
    assert len(data["features"]) == Area.objects.communes().exclude(boundary=None).count() == 124


def test_the_forecast_is_hidden_where_it_loses_to_seasonal_naive(client, office_user):
    """Five signals every week for 30 weeks: repeating last week is exact, no fit can beat it."""
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    Signal.objects.bulk_create(
        [
            Signal(
                channel="web",
                kind="report",
                text="Ý kiến đều đặn",
                received_at=timezone.make_aware(
                    datetime.datetime.combine(monday - datetime.timedelta(weeks=w, days=-d), datetime.time(9))
                ),
            )
            for w in range(1, 31)
            for d in range(5)
        ]
    )
    client.force_login(office_user)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-testid="forecast-hidden"' in page and "không tốt hơn cách lặp lại mùa trước" in page
    assert 'data-testid="forecast-shown"' not in page
