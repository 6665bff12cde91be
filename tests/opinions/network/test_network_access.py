"""Who sees the rosters: contacts for the opinion office only, exports logged, outsiders refused."""

import pytest
from django.urls import reverse

from opinions.models import Collaborator, ExportLog, FocalPoint, PersonalDataAccess, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    xuan_huong, mui_ne = Unit.objects.get(code="ubnd-24781"), Unit.objects.get(code="ubnd-22918")
    FocalPoint.objects.create(
        unit=xuan_huong, full_name="Trần Văn Minh", phone="0263382102", email="minh@example.invalid"
    )
    FocalPoint.objects.create(unit=mui_ne, full_name="Huỳnh Văn Tài", phone="0252382105")
    return Collaborator.objects.create(
        full_name="Nguyễn Văn Bình",
        phone="0912100201",
        id_number="068068000001",
        unit=xuan_huong,
        area=xuan_huong.areas.first(),
    )


def test_it_refuses_the_network_screens_to_an_outsider(client, outsider_user, people):
    client.force_login(outsider_user)
    for url in [
        reverse("network:coverage"),
        reverse("network:imports"),
        reverse("collaborators:index"),
        reverse("collaborators:inspect", args=[people.pk]),
        reverse("network:export", args=["collaborators", "xlsx"]),
        reverse("unit_reports:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    assert not ExportLog.objects.exists()


def test_it_shows_contacts_to_the_office_and_logs_it(client, office_user, people):
    client.force_login(office_user)
    page = client.get(reverse("collaborators:inspect", args=[people.pk])).content.decode()
    assert "0912100201" in page and "068068000001" in page
    assert PersonalDataAccess.objects.filter(user=office_user, action="view").count() == 1


@pytest.mark.parametrize("persona", ["leader_user", "handler_user"])
def test_it_hides_contacts_from_everyone_but_the_office(client, persona, people, request):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("collaborators:inspect", args=[people.pk])).content.decode()
    assert "Nguyễn Văn Bình" in page
    assert "0912100201" not in page and "068068000001" not in page
    listing = client.get(reverse("focal_points:index")).content.decode()
    assert "Trần Văn Minh" in listing and "0263382102" not in listing and "minh@example.invalid" not in listing
    assert client.get(reverse("network:export", args=["collaborators", "xlsx"])).status_code in (302, 403)
    assert client.get(reverse("collaborators:edit", args=[people.pk])).status_code in (302, 403)
    assert not PersonalDataAccess.objects.exists() and not ExportLog.objects.exists()


def test_it_keeps_a_handler_to_their_own_units_people(client, handler_user, people):
    client.force_login(handler_user)
    listing = client.get(reverse("focal_points:index")).content.decode()
    assert "Trần Văn Minh" in listing and "Huỳnh Văn Tài" not in listing
    other = FocalPoint.objects.get(full_name="Huỳnh Văn Tài")
    assert client.get(reverse("focal_points:inspect", args=[other.pk])).status_code == 404


def test_it_logs_every_export_with_personal_data(client, office_user, people):
    client.force_login(office_user)
    response = client.get(reverse("network:export", args=["collaborators", "csv"]))
    assert "0912100201" in response.content.decode("utf-8-sig")
    client.get(reverse("network:export", args=["units", "xlsx"]))
    log = list(
        ExportLog.objects.order_by("at").values_list("user__username", "file_format", "row_count", "has_personal_data")
    )
    assert log == [("vanphong", "csv", 1, True), ("vanphong", "xlsx", Unit.objects.count(), False)]
    assert PersonalDataAccess.objects.get(action="export").detail == "Xuất 1 dòng cộng tác viên dlxh (CSV)"


def test_it_shows_the_coverage_of_focal_points(client, office_user, people, django_assert_max_num_queries):
    client.force_login(office_user)
    total = Unit.objects.filter(is_active=True).count()
    with django_assert_max_num_queries(40):
        page = client.get(reverse("network:coverage")).content.decode()
    assert f"{round(100 * 2 / total, 1)}%".replace(".", ",") in page  # Vietnamese decimal comma
    assert "UBND Phường Lâm Viên - Đà Lạt" in page.split("Đơn vị chưa có đầu mối")[1].split("Cây đơn vị")[0]


def test_it_lists_collaborators_in_a_fixed_number_of_queries(
    client, office_user, people, django_assert_max_num_queries
):
    client.force_login(office_user)
    with django_assert_max_num_queries(40) as ctx:
        client.get(reverse("collaborators:index"))
    few = len(ctx.captured_queries)
    area = people.area
    for i in range(15):
        Collaborator.objects.create(full_name=f"CTV {i}", phone=f"09130000{i:02d}", area=area, unit=people.unit)
    with django_assert_max_num_queries(few + 2):
        client.get(reverse("collaborators:index"))


def test_it_shows_the_rules_to_a_collaborator(client, django_user_model, people):
    from django.contrib.auth.models import Permission

    from opinions.models import CollaboratorRules

    CollaboratorRules.objects.create(
        title="Quy chế hoạt động của đội ngũ CTV DLXH",
        number="05-QC/ĐU",
        summary="Phản ánh trung thực, khách quan, kịp thời.",
    )
    user = django_user_model.objects.create_user("ctv.binh", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    people.user = user
    people.save()
    client.force_login(user)
    assert "Quy chế hoạt động của đội ngũ CTV DLXH" in client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Phản ánh trung thực" in client.get(reverse("network:rules")).content.decode()
