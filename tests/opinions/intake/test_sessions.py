"""Dialogue and citizen-reception sessions: quick entry, follow-up, the minutes DOCX."""

import io
import uuid

import pytest
from django.urls import reverse
from docx import Document

from opinions.cycle import services as cycle
from opinions.models import Area, Field, PersonalDataAccess, Session, Signal, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(office_user):
    made = Session.objects.create(
        kind=Session.Kind.DIALOGUE_PEOPLE,
        date="2026-11-20",
        place="Hội trường UBND phường Xuân Hương - Đà Lạt",
        chair="Nguyễn Văn A, Chủ tịch UBND phường",
        participants=120,
        created_by=office_user,
    )
    made.units.add(Unit.objects.get(code="ubnd-24781"))
    return made


def line(n, **extra):
    field = Field.objects.get(code="giao-thong-ha-tang")
    area = Area.objects.communes().order_by("name").first()
    data = {
        "text": f"Ý kiến số {n}: đường liên thôn xuống cấp, xin sửa chữa.",
        "field": field.pk,
        "area": area.pk,
        "submission_key": uuid.uuid4().hex,
    }
    data.update(extra)
    return data


def test_a_session_with_ten_opinions_and_its_minutes(client, office_user, session):
    client.force_login(office_user)
    url = reverse("intake:session_detail", args=[session.pk])
    for n in range(1, 11):
        extra = {"speaker": "Trần Thị Bình", "consent": "on", "answered_by": "Chủ tịch UBND phường"} if n == 1 else {}
        assert client.post(url, line(n, **extra)).status_code == 302
    signals = Signal.objects.filter(session_opinion__session=session)
    assert signals.count() == 10 and set(signals.values_list("channel", flat=True)) == {"dialogue"}
    first = signals.get(session_opinion__position=1)
    assert first.reporter_name == "Trần Thị Bình" and first.consent_personal_data
    # One opinion goes through the cycle: the page follows it.
    unit = Unit.objects.get(code="ubnd-24781")
    case = cycle.open_case(office_user, signals.get(session_opinion__position=2))
    cycle.assign_case(office_user, case, unit)
    cycle.approve_response(
        office_user, cycle.draft_response(office_user, case, "Đã đưa vào kế hoạch sửa chữa năm 2027.", True)
    )
    page = client.get(url).content.decode()
    assert "10 ý kiến, 9 chưa được trả lời" in page and "Đã trả lời" in page and "Trần Thị Bình" in page
    minutes = client.get(reverse("intake:session_minutes", args=[session.pk]))
    assert minutes["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(minutes.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BIÊN BẢN" in text and "Đối thoại với Nhân dân" in text and "120 người tham dự" in text
    header = "\n".join(c.text for c in document.tables[0]._cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    opinions = document.tables[1]
    assert len(opinions.rows) == 11
    assert "Trần Thị Bình" in opinions.cell(1, 1).text and "Chủ tịch UBND phường" in opinions.cell(1, 3).text
    assert "Đã trả lời" in opinions.cell(2, 3).text and "Ý kiến số 10" in opinions.cell(10, 2).text
    assert PersonalDataAccess.objects.filter(user=office_user, action="export").count() == 1


def test_a_name_without_consent_is_refused_and_a_resubmitted_line_counts_once(client, office_user, session):
    client.force_login(office_user)
    url = reverse("intake:session_detail", args=[session.pk])
    response = client.post(url, line(1, speaker="Lê Văn C"))
    assert response.status_code == 400 and "đồng ý" in response.content.decode()
    data = line(2)
    client.post(url, data)
    client.post(url, data)
    assert session.opinions.count() == 1


def test_who_sees_sessions(client, session, handler_user, leader_user, office_user):
    client.force_login(office_user)
    client.post(reverse("intake:session_detail", args=[session.pk]), line(1, speaker="Phạm D", consent="on"))
    client.force_login(handler_user)
    assert client.get(reverse("intake:session_list")).status_code in (302, 403)
    assert client.get(reverse("intake:session_detail", args=[session.pk])).status_code in (302, 403)
    client.force_login(leader_user)
    page = client.get(reverse("intake:session_detail", args=[session.pk])).content.decode()
    assert "Phạm D" not in page and "Ý kiến số 1" in page
    assert client.get(reverse("intake:session_minutes", args=[session.pk])).status_code in (302, 403)


def test_the_office_creates_a_session(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("intake:session_list"),
        {
            "kind": "reception_regular",
            "date": "2026-12-01",
            "place": "Trụ sở tiếp công dân tỉnh",
            "chair": "Bí thư",
            "participants": 8,
        },
    )
    assert response.status_code == 302
    assert Session.objects.get().is_reception
