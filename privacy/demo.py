"""Demo data of the privacy app (called by load_demo_data, idempotent): the notice, the register of
processing, the retention rules, consent evidence of the demo signals and a request in progress."""

import datetime
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from opinions.models import Signal
from privacy import clocks
from privacy.models import ConsentRecord, LegalBasis, PrivacyNotice, ProcessingActivity, RightsRequest
from privacy.retention import ensure_rules

# The notice text of the demo (a starting point for the office's own, one paragraph per block).
NOTICE = (Path(__file__).parent / "data" / "notice.txt").read_text(encoding="utf-8").strip()

ACTIVITIES = [
    {
        "code": "handle_signal",
        "name": "Tiếp nhận, giải quyết phản ánh, kiến nghị",
        "purpose": "Tiếp nhận, giải quyết và trả lời ý kiến của người dân, tổ chức.",
        "data_categories": "Họ tên, số điện thoại, thư điện tử, địa chỉ, ảnh đính kèm, nội dung ý kiến",
        "sensitive": True,
        "subject_categories": "Người dân, tổ chức gửi ý kiến",
        "legal_basis": LegalBasis.CONSENT,
        "recipients": "Đơn vị được giao xử lý vụ việc",
        "retention": "2 năm sau khi vụ việc kết thúc, sau đó ẩn danh",
        "safeguards": "Phân quyền theo đơn vị; nhật ký truy cập; không công khai thông tin liên hệ",
    },
    {
        "code": "roster",
        "name": "Quản lý đội ngũ cộng tác viên và đầu mối DLXH",
        "purpose": "Tổ chức mạng lưới cộng tác viên, đầu mối theo quy chế.",
        "data_categories": "Họ tên, năm sinh, số CCCD, điện thoại, thư điện tử, chức vụ",
        "subject_categories": "Cộng tác viên DLXH, đầu mối của đơn vị",
        "legal_basis": LegalBasis.STATE_DUTY,
        "legal_basis_note": "Quy chế hoạt động của đội ngũ cộng tác viên DLXH",
        "retention": "Trong thời gian tham gia và 5 năm sau khi thôi",
        "safeguards": "Chỉ Ban Tuyên giáo và Dân vận xem thông tin liên hệ; mỗi lần xuất được ghi nhật ký",
    },
    {
        "code": "survey",
        "name": "Điều tra, khảo sát dư luận xã hội",
        "purpose": "Thu thập ý kiến qua phiếu khảo sát; liên hệ lại người trả lời khi họ đồng ý.",
        "data_categories": "Thông tin nhân khẩu, câu trả lời; thông tin liên hệ nếu người trả lời để lại",
        "sensitive": True,
        "subject_categories": "Người trả lời khảo sát",
        "legal_basis": LegalBasis.CONSENT,
        "retention": "Thông tin liên hệ 180 ngày; câu trả lời ẩn danh",
        "safeguards": "Kết quả chỉ công bố ở dạng tổng hợp",
    },
    {
        "code": "online_monitoring",
        "name": "Theo dõi thông tin trên không gian mạng",
        "purpose": "Nắm bắt dư luận từ tin, bài công khai.",
        "data_categories": "Nội dung công khai, mã băm tác giả (không lưu tên tác giả)",
        "sensitive": True,
        "subject_categories": "Tác giả tin, bài công khai",
        "legal_basis": LegalBasis.STATE_DUTY,
        "retention": "Toàn văn 365 ngày",
        "safeguards": "Chỉ lưu mã băm tác giả; phân quyền xem",
    },
]


def load_demo():
    notice, _ = PrivacyNotice.objects.get_or_create(
        version="2026.1", defaults={"body": NOTICE, "effective_from": datetime.date(2026, 1, 1)}
    )
    for row in ACTIVITIES:
        ProcessingActivity.objects.get_or_create(code=row["code"], defaults=row)
    ensure_rules()
    signal_type = ContentType.objects.get_for_model(Signal)
    for signal in Signal.objects.exclude(reporter_name="", reporter_phone="", reporter_email=""):
        ConsentRecord.objects.get_or_create(
            content_type=signal_type,
            object_id=signal.pk,
            channel=signal.channel,
            defaults={
                "subject_label": signal.tracking_code,
                "notice": notice,
                "purposes": ["handle_signal"],
                "bases": {"handle_signal": LegalBasis.CONSENT},
                "given_at": signal.consent_at or signal.received_at,
            },
        )
    _demo_request(signal_type)


def _demo_request(signal_type):
    signal = Signal.objects.exclude(reporter_name="").order_by("pk").first()
    if signal is None or RightsRequest.objects.filter(tracking_code=signal.tracking_code).exists():
        return
    today = timezone.localdate()
    item = RightsRequest(
        kind="access",
        tracking_code=signal.tracking_code,
        subject_type=signal_type,
        subject_id=signal.pk,
        contact_hint="•••••••(trình diễn)",
        details="Xin cho tôi bản sao các thông tin đã gửi.",
        status=RightsRequest.Status.RECEIVED,
        received_on=today,
        ack_due=clocks.ack_due(today),
        due=clocks.completion_due("access", today),
    )
    item.original_due = item.due
    item.add_history("Đã xác minh mã; yêu cầu được tiếp nhận (dữ liệu trình diễn).")
    item.save()
