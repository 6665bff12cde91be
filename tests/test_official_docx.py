"""The one builder of official documents (cms/lib/official_docx.py), read back with python-docx."""

import datetime
import io

from docx import Document
from docx.shared import Pt

from cms.lib.official_docx import NATIONAL_MOTTO, NATIONAL_NAME, OfficialDocument, party_date, state_date


def read(doc):
    return Document(io.BytesIO(doc.save()))


def test_a_party_document_has_its_page_letterhead_title_headings_and_signer():
    doc = OfficialDocument()
    doc.party_letterhead("ĐẢNG BỘ TỈNH LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "Số 05-BC/BTGDVTU", "Lâm Đồng, ngày 05")
    doc.title("BÁO CÁO", "tình hình dư luận xã hội")
    doc.heading(2, "ĐỀ XUẤT")
    doc.grid(["TT", "Nội dung"], [["1", "Khói bụi"]], [10, 155], centre_first=True)
    doc.recipients_and_signer(
        ["Thường trực Tỉnh ủy", "Lưu Văn phòng"], "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn A"
    )
    doc.page_numbers()
    document = read(doc)
    section = document.sections[0]
    sizes = (section.page_width, section.top_margin, section.left_margin, section.right_margin)
    assert [round(v.mm) for v in sizes] == [210, 20, 30, 15]
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs] == [
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*", "Số 05-BC/BTGDVTU",
    ]  # fmt: skip
    party = header.cell(0, 1).paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.runs[0].font.size == Pt(15)
    assert party._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("BÁO CÁO") + 1 : texts.index("BÁO CÁO") + 3] == ["tình hình dư luận xã hội", "-----"]
    assert "II- ĐỀ XUẤT" in texts
    assert document.tables[1].cell(1, 1).text == "Khói bụi"
    closing = document.tables[-1]
    assert [p.text for p in closing.cell(0, 0).paragraphs] == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy,",
        "- Lưu Văn phòng.",
    ]
    signer = [p for p in closing.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in signer] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn A"]
    assert signer[0].runs[0].bold and not signer[1].runs[0].bold and signer[2].runs[0].bold


def test_a_state_document_has_the_national_name_and_motto():
    doc = OfficialDocument()
    doc.state_letterhead(["ỦY BAN NHÂN DÂN TỈNH", "BAN TIẾP CÔNG DÂN"], "Số:      /BB-BTCD", "Lâm Đồng, ngày 05")
    doc.heading(1, "NỘI DUNG", state=True)
    document = read(doc)
    left = document.tables[0].cell(0, 0).paragraphs
    right = [p.text for p in document.tables[0].cell(0, 1).paragraphs]
    assert right[:2] == [NATIONAL_NAME, NATIONAL_MOTTO] and "ĐẢNG CỘNG SẢN VIỆT NAM" not in right
    assert not left[0].runs[0].bold and left[1].runs[0].bold and left[-1].text == "Số:      /BB-BTCD"
    assert "I. NỘI DUNG" in [p.text for p in document.paragraphs]


def test_dates_in_each_format():
    assert party_date("Lâm Đồng", datetime.date(2026, 2, 5)) == "Lâm Đồng, ngày 05 tháng 02 năm 2026"
    assert party_date("Lâm Đồng", datetime.date(2026, 12, 3)) == "Lâm Đồng, ngày 03 tháng 12 năm 2026"
    assert state_date("Lâm Đồng", datetime.date(2026, 3, 5)) == "Lâm Đồng, ngày 05 tháng 03 năm 2026"
