"""The access matrix (issue 18): every URL pattern × every persona × GET and POST against the rule
declared for it in access_rules.py; a route without a rule fails with its name.

One database setup (the demo data, whose records sit in unit A, plus records of unit B) and one
client per persona: anonymous, editor, handler of unit A, handler of unit B, leader, office."""

import functools
import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from opinions import access
from opinions.alerts.services import make_quick_report
from opinions.cycle import services as workflow
from opinions.demo.base import load_demo_data
from opinions.models import (
    Alert,
    ApiKey,
    Attachment,
    Collaborator,
    FocalPoint,
    InboundEmail,
    OutgoingEmail,
    PersonalDataAccess,
    StaffProfile,
    Unit,
)
from surveys.models import Survey
from tests.security import matrix

pytestmark = pytest.mark.django_db
UNITS = {"own": "ubnd-24781", "other": "ubnd-22918"}
GROUPS = {
    "editor": (access.EDITOR_GROUP, "ban-tuyen-giao-dan-van"),
    "handler": (access.HANDLER_GROUP, "ubnd-24781"),
    "handler_b": (access.HANDLER_GROUP, "ubnd-22918"),
    "leader": (access.LEADER_GROUP, "dang-uy-ubnd-tinh"),
    "office": (access.OFFICE_GROUP, "ban-tuyen-giao-dan-van"),
}
PERSONAS = ("anonymous", "editor", "handler", "handler_b", "leader", "office")


def test_every_route_has_a_declared_rule():
    missing = sorted({route for route, _name, _view in matrix.routes() if matrix.rule_for(route) is None})
    assert not missing, "Chưa khai báo quy tắc truy cập (tests/security/access_rules.py) cho:\n" + "\n".join(missing)


@pytest.fixture
def records(case_factory, office_user, monkeypatch):
    """The demo data (unit A's cases, rosters, reports, surveys, alerts, mail…; its bulk series cut
    short, lists need rows, not months of them) and, in each unit, a case with a signal, an attachment
    and a draft answer, a focal point, a collaborator, a survey."""
    for module, size in (("reports.demo", {"days": 7}), ("surveys.demo", {"responses": 10})):
        loader = importlib.import_module(module).load_demo
        monkeypatch.setattr(f"{module}.load_demo", functools.partial(loader, **size))
    load_demo_data()
    for n, (which, code) in enumerate(UNITS.items()):
        unit = Unit.objects.get(code=code)
        case = case_factory(unit_code=code, title=f"Vụ việc của đơn vị {which}")
        signal = case.signals.get()
        attachment = Attachment(signal=signal, original_name="anh.jpg", content_type="image/jpeg", size=4)
        attachment.file.save("anh.jpg", ContentFile(b"JPEG"))
        answer = workflow.draft_response(office_user, case, "Dự thảo trả lời đủ dài để được lưu lại.")
        answer.signed_reply.save(f"tra-loi-{which}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        FocalPoint.objects.create(unit=unit, full_name=f"Đầu mối {which}")
        Collaborator.objects.create(unit=unit, full_name=f"Cộng tác viên {which}", phone=f"090000000{n}")
        Survey.objects.create(unit=unit, title=f"Khảo sát của đơn vị {which}", created_by=office_user)
    OutgoingEmail.objects.create(to="dan@example.vn", subject="Kết quả", body="…")
    # The screens that serve a file or a report need one: the raw message of the first inbound mail,
    # the quick report of the first alert (the records the matrix requests for their routes).
    mail = InboundEmail.objects.order_by("pk").first()
    mail.raw.save("thu-goc.eml", ContentFile(b"From: dan@example.vn\r\nSubject: Thu\r\n\r\nNoi dung\r\n"))
    make_quick_report(office_user, Alert.objects.order_by("pk").first())
    PersonalDataAccess.objects.create(user=office_user, action="view", detail="xem")
    ApiKey.issue("Ứng dụng thử")
    return {which: Unit.objects.get(code=code) for which, code in UNITS.items()}


def persona_client(django_user_model, persona):
    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        group, unit = GROUPS[persona]
        user = django_user_model.objects.create_user(username=f"ma-tran-{persona}", password="x")
        user.groups.add(Group.objects.get(name=group))
        StaffProfile.objects.create(user=user, unit=Unit.objects.get(code=unit))
        client.force_login(user)
    return client


def test_each_persona_gets_what_the_rules_declare(django_user_model, records):
    swapped = {"own": records["other"], "other": records["own"]}
    problems = []
    for persona in PERSONAS:
        client = persona_client(django_user_model, persona)
        problems += matrix.check(client, persona, swapped if persona == "handler_b" else records)
    assert not problems, f"{len(problems)} sai khác:\n" + "\n".join(problems)
