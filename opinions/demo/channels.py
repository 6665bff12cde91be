"""Demo of the intake channels for `make run`: a dialogue session with its opinions, an e-mail and
a Zalo message turned into signals, and one e-mail in the "không đọc được" list. Idempotent."""

import datetime
import uuid

from django.utils import timezone

from opinions.intake.sessions import record_opinion
from opinions.models import Area, Channel, Field, InboundEmail, Session, Signal, SignalKind, Unit
from opinions.services import create_signal

OPINIONS = [
    ("Trần Văn Hùng", "giao-thong-ha-tang", "Đường vào thôn 4 lầy lội mùa mưa, xe cứu thương không vào được.", ""),
    ("", "moi-truong", "Bãi rác tạm ở đầu thôn gây mùi, đề nghị di dời.", "Chủ tịch UBND xã"),
    ("", "quy-hoach-dat-dai", "Đề nghị công khai quy hoạch khu dân cư mới.", "Trưởng phòng Kinh tế"),
    ("Nguyễn Thị Lan", "y-te", "Trạm y tế xã thiếu thuốc thiết yếu vào cuối tháng.", ""),
]


def load_demo_channels(user=None):
    if Session.objects.filter(place="Nhà văn hóa thôn 4, xã Đinh Văn Lâm Hà").exists():
        return 0
    area = Area.objects.filter(code="24871").first()
    session = Session.objects.create(
        kind=Session.Kind.DIALOGUE_PEOPLE,
        date=timezone.localdate() - datetime.timedelta(days=3),
        place="Nhà văn hóa thôn 4, xã Đinh Văn Lâm Hà",
        chair="Bí thư Đảng ủy xã",
        participants=86,
        created_by=user,
    )
    session.units.add(*Unit.objects.filter(code__in=["ubnd-24871"]))
    for speaker, field, text, answered_by in OPINIONS:
        data = {
            "speaker": speaker,
            "consent": bool(speaker),
            "field": Field.objects.filter(code=field).first(),
            "area": area,
            "text": text,
            "answered_by": answered_by,
            "submission_key": f"demo-session-{uuid.uuid5(uuid.NAMESPACE_URL, text).hex[:20]}",
        }
        record_opinion(user, session, data)
    create_signal(
        channel=Channel.EMAIL,
        kind=SignalKind.REPORT,
        text="Kính gửi Ban, khu phố 3 phường Xuân Hương mất nước hai ngày nay, đề nghị kiểm tra.",
        title="Mất nước sinh hoạt",
        submission_key="demo-email-1",
        reporter_email="nguoidan@example.invalid",
        consent_personal_data=True,
    )
    create_signal(
        channel=Channel.ZALO,
        kind=SignalKind.REPORT,
        text="Cột điện nghiêng trước trường tiểu học, nguy hiểm cho học sinh.",
        submission_key="demo-zalo-1",
        reporter_zalo_id="246845883529197922",
        consent_personal_data=True,
    )
    InboundEmail.objects.get_or_create(
        mailbox="demo",
        uidvalidity=1,
        uid=1,
        defaults={
            "sender": "khongro@example.invalid",
            "subject": "(không tiêu đề)",
            "outcome": InboundEmail.Outcome.UNREADABLE,
            "reason": "Thư không có nội dung",
        },
    )
    return Signal.objects.filter(session_opinion__session=session).count()
