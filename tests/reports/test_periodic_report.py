"""Periodic reports: periods, the command (exit status, last line), the DOCX read back, the PDF, the
draft → review → issued flow, and an issued report that cannot change."""

import datetime
import io
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from docx.shared import Mm

from opinions.models import Area, Field, Signal
from reports.models import PeriodicReport
from reports.periodic import PeriodError, parse_period, quantity_word
from reports.services import draft_report, issue, send_for_review, update_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def november(db):
    traffic, land = (
        Field.objects.get(code="giao-thong-ha-tang"),
        Field.objects.exclude(code="giao-thong-ha-tang").first(),
    )
    area = Area.objects.get(code="24781")
    base = timezone.make_aware(datetime.datetime(2026, 11, 3, 9))
    Signal.objects.bulk_create(
        [
            Signal(
                channel="web" if i % 2 else "hotline",
                kind="report",
                text=f"Ý kiến {i}",
                field=traffic if i < 8 else land,
                area=area,
                received_at=base + datetime.timedelta(days=i),
            )
            for i in range(10)
        ]
    )
    return traffic


@pytest.mark.parametrize(
    "kind,text,expected",
    [
        ("month", "11/2026", (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))),
        ("quarter", "4/2026", (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))),
        ("half", "1/2026", (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))),
        ("year", "2026", (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))),
        ("week", "47/2026", (datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))),
        ("adhoc", "01/11/2026-15/11/2026", (datetime.date(2026, 11, 1), datetime.date(2026, 11, 15))),
    ],
)
def test_it_reads_the_periods(kind, text, expected):
    assert parse_period(kind, text)[:2] == expected


@pytest.mark.parametrize(
    "kind,text", [("month", "13/2026"), ("month", "tháng 11"), ("decade", "2026"), ("week", "60/2026")]
)
def test_bad_periods_are_refused_in_vietnamese(kind, text):
    with pytest.raises(PeriodError):
        parse_period(kind, text)


def test_quantity_words_follow_the_scale():
    assert quantity_word(95, 100) == "tuyệt đại đa số"
    assert quantity_word(8, 10) == "đa số"
    assert quantity_word(2, 10) == "một bộ phận"
    assert quantity_word(1, 100) == "có người"


def test_the_command_writes_a_party_format_docx(november, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    call_command("report_generate", kind="month", period="11/2026", format="docx", out=str(out))
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(out.resolve())
    document = Document(io.BytesIO(out.read_bytes()))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"
    header = document.tables[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header.cell(0, 1).text
    assert "ngày 30 tháng 11 năm 2026" in header.cell(0, 1).text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Tình hình Nhân dân và dư luận xã hội tháng 11 năm 2026" in text
    for heading in ("I- TÌNH HÌNH NHÂN DÂN", "II- NHỮNG VẤN ĐỀ CẦN QUAN TÂM", "III- ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in text
    assert "tiếp nhận 10 ý kiến" in text
    assert f"Lĩnh vực {november.name.lower()}: 8 ý kiến (đa số" in text
    assert len(document.inline_shapes) == 1  # the chart, as an image
    channels = document.tables[1]
    assert [c.text for c in channels.rows[0].cells] == ["Kênh tiếp nhận", "Số ý kiến"]
    assert sorted(int(r.cells[1].text) for r in channels.rows[1:]) == [5, 5]
    assert "Nơi nhận:" in document.tables[-1].cell(0, 0).text
    assert document.inline_shapes[0].width <= Mm(166)


def test_bad_input_exits_2_with_a_vietnamese_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        call_command("report_generate", kind="month", period="13/2026", format="docx", out=str(tmp_path / "x.docx"))
    assert stop.value.code == 2 and "Kỳ không hợp lệ" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        call_command("report_generate", kind="decade", period="2026", format="docx", out=str(tmp_path / "x.docx"))
    assert stop.value.code == 2 and "Loại báo cáo không hợp lệ" in capsys.readouterr().err


def test_xlsx_output(november, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "bao-cao.xlsx"
    call_command("report_generate", kind="month", period="11/2026", format="xlsx", out=str(out))
    sheet = load_workbook(out).active
    assert sum(r[2] for r in sheet.iter_rows(min_row=3, values_only=True)) == 10


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) chưa cài; .ci/run cài sẵn.")
def test_pdf_through_libreoffice(november, tmp_path):
    out = tmp_path / "bao-cao.pdf"
    call_command("report_generate", kind="month", period="11/2026", format="pdf", out=str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_draft_review_issue_and_the_issued_report_never_changes(november):
    report, created = draft_report("month", "11/2026")
    assert created and report.status == PeriodicReport.Status.DRAFT
    assert draft_report("month", "11/2026") == (report, False)  # the scheduler running twice
    update_text(report, {"forecast": "Dự báo tháng tới: dư luận về giao thông còn tăng.", "field_0": "Sửa lời."})
    with pytest.raises(ValidationError):
        issue(report, "12-BC/BTGDV")  # not reviewed yet
    send_for_review(report)
    issue(report, "12-BC/BTGDV", datetime.date(2026, 12, 2))
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.ISSUED and report.issued_on == datetime.date(2026, 12, 2)
    document = Document(io.BytesIO(bytes(report.issued_file)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Dự báo tháng tới: dư luận về giao thông còn tăng." in text and "1. Sửa lời." in text
    assert "Số 12-BC/BTGDV" in document.tables[0].cell(0, 0).text
    report.title = "Đổi tên"
    with pytest.raises(ValidationError):
        report.save()
    with pytest.raises(ValidationError):
        update_text(PeriodicReport.objects.get(pk=report.pk), {"forecast": "khác"})
    with pytest.raises(ValidationError):
        report.delete()


def test_the_monthly_draft_command(november, monkeypatch):
    from reports.management.commands import report_draft_monthly

    monkeypatch.setattr(report_draft_monthly.timezone, "localdate", lambda: datetime.date(2026, 12, 1))
    call_command("report_draft_monthly")
    assert PeriodicReport.objects.get().period == "11/2026"


def test_the_letterhead_is_the_site_setting(november):
    from wagtail.models import Site

    from reports.letterhead import letterhead
    from reports.models import Letterhead

    head = Letterhead.for_site(Site.objects.get(is_default_site=True))
    head.issuing_body = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    head.recipients = "Thường trực Tỉnh ủy\nLưu VP"
    head.save()
    data = report_data_for_november()
    assert data["issuing_body"] == "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY" == letterhead()["issuing_body"]
    assert data["recipients"] == ["Thường trực Tỉnh ủy", "Lưu VP"]


def report_data_for_november():
    from reports.periodic import report_data

    return report_data("month", *parse_period("month", "11/2026"))
