"""Holes 4 and 7 of issue 18: the personal-data access log is append-only and tamper-evident;
outgoing mail (citizens' addresses) is for the office only and each opening is logged."""

import pytest
from django.db import connection
from django.urls import reverse

from opinions.models import OutgoingEmail, PersonalDataAccess
from opinions.models.access_log import AppendOnlyError, verify_chain

pytestmark = pytest.mark.django_db


def test_the_log_refuses_edits_and_deletes_everywhere(client, office_user):
    first = PersonalDataAccess.objects.create(user=office_user, action="view", detail="xem hồ sơ")
    PersonalDataAccess.objects.create(user=office_user, action="export", detail="xuất danh sách")
    first.detail = "sửa lén"
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        first.delete()
    with pytest.raises(AppendOnlyError):
        PersonalDataAccess.objects.filter(pk=first.pk).update(detail="sửa lén")
    with pytest.raises(AppendOnlyError):
        PersonalDataAccess.objects.all().delete()
    client.force_login(office_user)
    assert client.get(reverse("personal_data_log:index")).status_code == 200
    assert client.get(reverse("personal_data_log:inspect", args=[first.pk])).status_code == 200
    assert client.get(reverse("personal_data_log:edit", args=[first.pk])).status_code in (302, 403)
    assert client.post(reverse("personal_data_log:delete", args=[first.pk])).status_code in (302, 403)
    assert PersonalDataAccess.objects.filter(pk=first.pk, detail="xem hồ sơ").exists()


def test_the_hash_chain_shows_a_row_changed_behind_the_application(office_user):
    rows = [PersonalDataAccess.objects.create(user=office_user, action="view", detail=f"lần {i}") for i in range(3)]
    assert verify_chain(PersonalDataAccess) is None
    assert rows[1].previous_hash == rows[0].hash
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL's trigger refuses the change itself (tested below)")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE opinions_personaldataaccess SET detail = 'khác' WHERE id = %s", [rows[1].pk])
    assert verify_chain(PersonalDataAccess) == rows[1].pk


def test_postgresql_refuses_update_and_delete_in_the_database(office_user):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL has the trigger")
    from django.db import DatabaseError, transaction

    row = PersonalDataAccess.objects.create(user=office_user, action="view")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM opinions_personaldataaccess WHERE id = %s", [row.pk])


def test_outgoing_mail_is_for_the_office_only_and_each_opening_is_logged(
    client, office_user, leader_user, handler_user
):
    mail = OutgoingEmail.objects.create(to="nguoidan@example.vn", subject="Kết quả xử lý", body="…")
    for user in (leader_user, handler_user):
        client.force_login(user)
        for name in ("index", "inspect", "edit"):
            url = reverse(f"outgoing_emails:{name}", args=[] if name == "index" else [mail.pk])
            response = client.get(url)
            assert response.status_code in (302, 403) and b"nguoidan@example.vn" not in response.content, (user, name)
    client.force_login(office_user)
    before = PersonalDataAccess.objects.count()
    assert b"nguoidan@example.vn" in client.get(reverse("outgoing_emails:inspect", args=[mail.pk])).content
    assert PersonalDataAccess.objects.count() == before + 1
    assert PersonalDataAccess.objects.first().detail.startswith("xem thư gửi đi")
