"""Báo cáo nhanh as DOCX (opinions/quick_report.py): the Party's format, no personal data, access."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from opinions.alerts.services import detect_alerts, make_quick_report
from opinions.models import Alert, Signal
from reports.quick_report import (
    CONTENT_TYPE,
    build_docx,
    excerpt,
    party_date,
    quick_report_data,
    sentence_case,
    signal_content,
)
from tests.opinions.alerts.test_alerts import NOW, quiet_history, surge

pytestmark = pytest.mark.django_db

CITIZEN = {
    "reporter_name": "Trần Thị Bích Vân",
    "reporter_phone": "0912 345 678",
    "reporter_email": "bichvan@example.invalid",
}


@pytest.fixture
def reported_alert(office_user):
    quiet_history()
    burst = surge()
    # one citizen left a name and contacts, and typed the phone number and e-mail into the text too
    Signal.objects.filter(pk=burst[0].pk).update(
        consent_personal_data=True,
        text="Tôi là Trần Thị Bích Vân, gọi 0912345678 hoặc bichvan@example.invalid: giá bồi thường quá thấp.",
        **CITIZEN,
    )
    detect_alerts(NOW)
    alert = Alert.objects.get()
    make_quick_report(office_user, alert)
    alert.refresh_from_db()
    return alert


def paragraphs(document):
    """Every paragraph's text, body and table cells, in order."""
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return out


def test_the_office_downloads_a_party_format_docx(client, office_user, reported_alert):
    client.force_login(office_user)
    detail = client.get(reverse("alerts:alert_detail", args=[reported_alert.pk])).content.decode()
    url = reverse("reports:quick_report_docx", args=[reported_alert.pk])
    assert url in detail and "Tải DOCX" in detail
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    today = timezone.localtime().date()
    expected_name = f"bao-cao-nhanh-{reported_alert.pk}-{today:%Y%m%d}.docx"
    assert response["Content-Disposition"] == f'attachment; filename="{expected_name}"'

    document = Document(io.BytesIO(response.content))
    header = document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert left == ["ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số       -BC/BTGDV"]
    assert header.cell(0, 0).paragraphs[1].runs[0].bold
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", party_date("Lâm Đồng", today)]
    assert header.cell(0, 1).paragraphs[-1].runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO NHANH" in texts
    assert "Tăng đột biến ý kiến về bồi thường, hỗ trợ, tái định cư, GPMB tại Xã Đinh Văn Lâm Hà" in texts
    assert reported_alert.message + "." in texts
    window = f"từ {timezone.localtime(reported_alert.window_start):%d/%m/%Y %H:%M} đến"
    assert any(window in t for t in texts)
    assert any(reported_alert.report_case.code in t for t in texts)
    assert "III- ĐÁNH GIÁ, NHẬN ĐỊNH" in texts and "IV- ĐỀ XUẤT, KIẾN NGHỊ" in texts
    assert round(document.sections[0].left_margin.mm) == 30
    assert document.styles["Normal"].font.name == "Times New Roman"
    # the signals' table: one row per signal behind the alert, with its channel
    signals = document.tables[1]
    assert len(signals.rows) == 1 + reported_alert.signals.count()
    assert signals.cell(1, 2).text == "Đường dây nóng"


def test_no_citizen_name_phone_or_email_reaches_the_docx(client, office_user, reported_alert):
    client.force_login(office_user)
    content = client.get(reverse("reports:quick_report_docx", args=[reported_alert.pk])).content
    text = "\n".join(paragraphs(Document(io.BytesIO(content))))
    assert "giá bồi thường quá thấp" in text  # the signal is there ...
    for secret in ("Trần Thị Bích Vân", "Bích Vân", "0912345678", "0912 345 678", "345 678", "bichvan@"):
        assert secret not in text  # ... its author is not
    assert "Tôi là […], gọi […] hoặc […]: giá bồi thường quá thấp." in text


def test_the_print_view_blots_out_the_author_too(client, leader_user, reported_alert):
    # leaders read the quick report but never see citizens' contacts
    client.force_login(leader_user)
    html = client.get(reverse("reports:quick_report", args=[reported_alert.pk])).content.decode()
    assert "giá bồi thường quá thấp" in html
    for secret in ("Bích Vân", "0912345678", "bichvan@"):
        assert secret not in html
    assert "Tôi là […], gọi […] hoặc […]: giá bồi thường quá thấp." in html


def test_handlers_and_outsiders_are_refused_the_docx(client, handler_user, outsider_user, reported_alert):
    url = reverse("reports:quick_report_docx", args=[reported_alert.pk])
    for user in (handler_user, outsider_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert response.get("Content-Type") != CONTENT_TYPE


def test_an_alert_not_yet_reported_has_no_docx(client, office_user):
    quiet_history()
    surge()
    detect_alerts(NOW)
    client.force_login(office_user)
    assert client.get(reverse("reports:quick_report_docx", args=[Alert.objects.get().pk])).status_code == 404


def test_the_issuing_body_comes_from_settings(settings, reported_alert):
    settings.QUICK_REPORT_SUPERIOR_BODY = "Đảng bộ tỉnh Lâm Đồng"
    settings.QUICK_REPORT_ISSUING_BODY = "Tỉnh ủy Lâm Đồng"
    settings.QUICK_REPORT_SIGNER_AUTHORITY = "T/M Ban Thường vụ"
    settings.QUICK_REPORT_SIGNER_TITLE = "Phó Bí thư"
    data = quick_report_data(reported_alert, datetime.date(2026, 3, 7))
    assert (data["superior_body"], data["issuing_body"]) == ("ĐẢNG BỘ TỈNH LÂM ĐỒNG", "TỈNH ỦY LÂM ĐỒNG")
    assert data["place_date"] == "Lâm Đồng, ngày 07 tháng 3 năm 2026"
    document = Document(io.BytesIO(build_docx(data)))
    signer = [p for p in document.tables[-1].cell(0, 1).paragraphs if p.text]
    assert [(p.text, p.runs[0].bold) for p in signer] == [("T/M BAN THƯỜNG VỤ", True), ("PHÓ BÍ THƯ", False)]


# The builder on its own ------------------------------------------------------------------------------------


def sample(**changes):
    data = {
        "superior_body": "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH",
        "issuing_body": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "number": "Số       -BC/BTGDV",
        "place_date": "Lâm Đồng, ngày 05 tháng 02 năm 2026",
        "title": "BÁO CÁO NHANH",
        "summary": "tăng đột biến ý kiến về môi trường tại Phường Xuân Hương - Đà Lạt",
        "intro": "Qua theo dõi …",
        "message": "9 ý kiến về môi trường ở phường Xuân Hương - Đà Lạt trong 24 giờ qua.",
        "situation": ["Thời gian theo dõi: từ 04/02/2026 10:00 đến 05/02/2026 10:00 (giờ Việt Nam)."],
        "signals": [{"time": "05/02/2026 08:15", "channel": "Báo chí", "area": "–", "excerpt": "Khói bụi"}],
        "more_signals": 0,
        "recipients": ["Thường trực Đảng ủy UBND tỉnh (để báo cáo)", "Lưu Văn phòng Ban"],
        "signer_authority": "",
        "signer_title": "TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn A",
    }
    return {**data, **changes}


def test_the_builder_lays_out_header_title_recipients_and_signer():
    document = Document(io.BytesIO(build_docx(sample())))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.right_margin)] == [20, 20, 15]
    assert section.different_first_page_header_footer  # no page number on page 1
    party = document.tables[0].cell(0, 1).paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.runs[0].font.size.pt == 15
    assert "w:pBdr" in party._p.xml  # the rule under it
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO NHANH")
    assert title.runs[0].bold and title.alignment == 1  # centred
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("BÁO CÁO NHANH") + 2] == "-----"
    closing = document.tables[-1]
    recipients = [p.text for p in closing.cell(0, 0).paragraphs]
    assert recipients == ["Nơi nhận:", "- Thường trực Đảng ủy UBND tỉnh (để báo cáo),", "- Lưu Văn phòng Ban."]
    assert closing.cell(0, 0).paragraphs[0].runs[0].underline
    signer = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signer == ["TRƯỞNG BAN", "Nguyễn Văn A"]
    assert document.tables[1].cell(1, 4).text == "Khói bụi"


def test_the_builder_says_how_many_signals_are_left_out():
    document = Document(io.BytesIO(build_docx(sample(more_signals=7))))
    texts = [p.text for p in document.paragraphs]
    assert "II- CÁC Ý KIẾN, THÔNG TIN DƯ LUẬN (8)" in texts
    assert "(Và 7 ý kiến khác, xem trên hệ thống.)" in texts


def test_dates_and_excerpts():
    assert party_date("Lâm Đồng", datetime.date(2026, 2, 5)) == "Lâm Đồng, ngày 05 tháng 02 năm 2026"
    assert party_date("Lâm Đồng", datetime.date(2026, 11, 20)) == "Lâm Đồng, ngày 20 tháng 11 năm 2026"
    assert excerpt("Liên hệ +84 987.654.321 hay a.b@x.vn; 12 hộ dân, năm 2026") == (
        "Liên hệ […] hay […]; 12 hộ dân, năm 2026"
    )
    assert excerpt("x" * 400).endswith("…") and len(excerpt("x" * 400)) == 300


def test_a_signal_is_quoted_once_and_cut_between_words():
    text = "Đề nghị kiến nghị của dân về giá bồi thường giữa hai thôn liền kề chênh lệch lớn. " * 6
    title = "Đề nghị kiến nghị của d…"  # the title a form derives from the text's first words
    content = signal_content(title, text)
    assert content.startswith("Đề nghị kiến nghị của dân") and content.count("Đề nghị kiến nghị của d") == 6
    assert signal_content("Khói bụi", "Nhà máy xả khói") == "Khói bụi. Nhà máy xả khói"
    cut = excerpt(content)
    assert cut.endswith("…") and len(cut) <= 300
    assert content.startswith(cut[:-1]) and content[len(cut) - 1] in " ,.", "cut inside a word"
    assert sentence_case("tăng đột biến ý kiến") == "Tăng đột biến ý kiến"
