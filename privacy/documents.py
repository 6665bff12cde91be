"""Documents of the privacy app: the readable copy of a person's data (DOCX), the impact-assessment
dossier (hồ sơ đánh giá tác động, Luật 91/2025 Art. 21) built from the live register and settings,
and the draft notification of a breach (Art. 23). DOCX in the Party's format (cms.lib.official_docx)."""

import json

from django.conf import settings
from django.utils import timezone

from cms.lib.official_docx import SMALL_PT, TEXT_WIDTH_MM, OfficialDocument, party_date
from privacy.models import Breach, ProcessingActivity, RetentionRule
from privacy.retention import ensure_rules, kept

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _heading(doc, title, subtitle):
    """The Party letterhead (the office's bodies from settings, no number: not a numbered issue), the title."""
    doc.party_letterhead(
        settings.QUICK_REPORT_SUPERIOR_BODY.upper(),
        settings.QUICK_REPORT_ISSUING_BODY.upper(),
        "",
        party_date(settings.QUICK_REPORT_PLACE, timezone.localdate()),
    )
    doc.title(title, subtitle)


def _value_lines(value, depth=0):
    pad = "  " * depth
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += _value_lines(item, depth + 1)
            else:
                lines.append(f"{pad}{key}: {_plain(item)}")
        return lines
    if isinstance(value, list):
        lines = []
        for i, item in enumerate(value, 1):
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}({i})")
                lines += _value_lines(item, depth + 1)
            else:
                lines.append(f"{pad}- {_plain(item)}")
        return lines
    return [f"{pad}{_plain(value)}"]


def _plain(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def person_docx(data):
    """The readable copy of export_data()'s dict."""
    doc = OfficialDocument()
    _heading(doc, "BẢN SAO DỮ LIỆU CÁ NHÂN", "được lưu giữ trên hệ thống Lắng Nghe")
    for section, content in data.items():
        doc.body(section.upper(), bold=True, indent=False)
        if not content:
            doc.body("Không có.", indent=False)
            continue
        for line in _value_lines(content):
            doc.para(None, line, size=SMALL_PT)
    doc.page_numbers()
    return doc.save()


def person_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


# The impact-assessment dossier ------------------------------------------------------------------------

REGISTER_COLUMNS = [
    ("Hoạt động, mục đích", lambda a: f"{a.name}: {a.purpose}"),
    (
        "Dữ liệu; chủ thể",
        lambda a: f"{a.data_categories}{' (có dữ liệu nhạy cảm)' if a.sensitive else ''}; {a.subject_categories}",
    ),
    ("Căn cứ", lambda a: f"{a.get_legal_basis_display()} {a.legal_basis_note}".strip()),
    ("Bên nhận; lưu trữ", lambda a: f"{a.recipients or '–'}; {a.retention}"),
    ("Biện pháp bảo vệ", lambda a: a.safeguards),
]


def dpia_docx():
    """Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân, from the register and the retention rules."""
    doc = OfficialDocument()
    _heading(doc, "HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG", "xử lý dữ liệu cá nhân (Điều 21 Luật Bảo vệ dữ liệu cá nhân)")
    doc.heading(1, "THÔNG TIN BÊN KIỂM SOÁT VÀ XỬ LÝ DỮ LIỆU")
    doc.body(f"Bên kiểm soát và xử lý: {settings.QUICK_REPORT_ISSUING_BODY}, {settings.QUICK_REPORT_SUPERIOR_BODY}.")
    doc.body(f"Hệ thống: Lắng Nghe ({settings.WAGTAILADMIN_BASE_URL}); dữ liệu lưu trữ tại Việt Nam.")
    activities = list(ProcessingActivity.objects.filter(is_active=True))
    doc.heading(2, f"CÁC HOẠT ĐỘNG XỬ LÝ ({len(activities)})")
    rows = [[value(activity) for _, value in REGISTER_COLUMNS] for activity in activities]
    doc.grid([head for head, _ in REGISTER_COLUMNS], rows, [36, 34, 30, 32, TEXT_WIDTH_MM - 132])
    doc.heading(3, "THỜI HẠN LƯU TRỮ ĐANG ÁP DỤNG")
    ensure_rules()
    for rule in RetentionRule.objects.filter(is_active=True):
        doc.body(f"- {rule.get_kind_display()}: {rule.days} ngày, sau đó xóa hoặc ẩn danh tự động hằng đêm.")
    for label, reason, _count in kept():
        doc.body(f"- {label}: giữ lại ({reason}).")
    doc.heading(4, "BIỆN PHÁP BẢO VỆ CHUNG")
    for line in SAFEGUARDS:
        doc.body(f"- {line}")
    breaches = Breach.objects.count()
    doc.heading(5, "VI PHẠM ĐÃ GHI NHẬN")
    doc.body(f"Số sự cố đã ghi nhận: {breaches}; thông báo trong 72 giờ theo Điều 23.")
    doc.page_numbers()
    return doc.save()


SAFEGUARDS = [
    "Thông tin liên hệ của người dân chỉ lưu khi có sự đồng ý (không đánh dấu sẵn), chỉ cán bộ xử lý vụ việc được xem.",
    "Mỗi lần xem, sửa, xuất dữ liệu cá nhân được ghi nhật ký truy cập.",
    "Lãnh đạo và biên tập viên không xem, không xuất được thông tin liên hệ.",
    "Bằng chứng đồng ý gắn với phiên bản thông báo được lưu vĩnh viễn.",
    "Yêu cầu của chủ thể dữ liệu được giải quyết đúng thời hạn của Nghị định 356/2025/NĐ-CP.",
    "Ảnh đính kèm được xóa vị trí GPS và thông tin máy ảnh.",
]


def breach_notice_text(breach):
    """Dự thảo thông báo vi phạm (Điều 23): the text the office sends within 72 hours."""
    found = timezone.localtime(breach.discovered_at)
    return "\n".join(
        [
            "THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN",
            "Kính gửi: Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an.",
            f"Bên kiểm soát dữ liệu: {settings.QUICK_REPORT_ISSUING_BODY}, {settings.QUICK_REPORT_SUPERIOR_BODY}.",
            f"1. Thời điểm phát hiện: {found:%H:%M ngày %d/%m/%Y}.",
            f"2. Mô tả vi phạm: {breach.title}. {breach.description}",
            f"3. Loại dữ liệu cá nhân bị ảnh hưởng: {breach.data_categories}.",
            f"4. Số chủ thể dữ liệu bị ảnh hưởng (ước tính): {breach.people_affected}.",
            f"5. Hậu quả, nguy cơ: {breach.consequences or 'đang đánh giá'}.",
            f"6. Biện pháp đã và sẽ thực hiện: {breach.measures or 'đang triển khai'}.",
            "7. Đầu mối liên hệ: Ban Tuyên giáo và Dân vận (bộ phận bảo vệ dữ liệu cá nhân).",
        ]
    )
