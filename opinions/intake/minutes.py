"""Biên bản of a dialogue or citizen-reception session as DOCX in the State format (NĐ 30/2020).

A4, margins 20/20/30/15 mm, Times New Roman 14; the header table: the issuing body on the left
(IN HOA, bold, a short rule), Quốc hiệu and Tiêu ngữ on the right (rule under it), place and date in
italics; the title BIÊN BẢN, the trích yếu, the body, a table of the opinions with who answers each,
and the signatures (thư ký, chủ trì). Laid out by the one builder of official documents,
cms.lib.official_docx (opinions does not import reports).
"""

from cms.lib.official_docx import CENTER, JUSTIFY, OfficialDocument, state_date
from opinions.intake.sessions import follow_up, responsible


def _cells(doc, cell, lines):
    """Lines [(text, options)] of 13 pt in a table cell, centred unless told."""
    doc.fill(cell, [(text, {"size": 13, "align": CENTER, **options}) for text, options in lines])


def header(doc, session):
    bodies = ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "BAN TIẾP CÔNG DÂN"]
    doc.state_letterhead(bodies, "Số:      /BB-BTCD", state_date("Lâm Đồng", session.date))


def build_minutes(session, opinions):
    """The biên bản (bytes of a DOCX) of a session and its opinions (SessionOpinion, in order)."""
    doc = OfficialDocument()
    header(doc, session)
    doc.para(after=6)
    doc.title("BIÊN BẢN", session.get_kind_display(), rule="________", before=0, size=14)
    doc.body(f"Thời gian: ngày {session.date:%d/%m/%Y}.")
    doc.body(f"Địa điểm: {session.place}.")
    doc.body(f"Chủ trì: {session.chair}.")
    units = ", ".join(str(u) for u in session.units.all()) or "không có"
    doc.body(f"Thành phần: đại diện {units}; {session.participants} người tham dự.")
    doc.body(f"Nội dung: các ý kiến, kiến nghị được nêu tại phiên ({len(opinions)} ý kiến) như sau:", bold=True)
    table = doc.table(len(opinions) + 1, [12, 45, 55, 53], grid=True)
    for column, title in enumerate(("TT", "Người phát biểu, địa bàn", "Nội dung ý kiến", "Người trả lời, kết quả")):
        _cells(doc, table.cell(0, column), [(title, {"bold": True})])
    for row, opinion in enumerate(opinions, start=1):
        signal = opinion.signal
        who = signal.reporter_name or "Người dân (không ghi tên)"
        where = f", {signal.area.name}" if signal.area_id else ""
        _cells(doc, table.cell(row, 0), [(str(row), {})])
        _cells(doc, table.cell(row, 1), [(who + where, {"align": None})])
        _cells(doc, table.cell(row, 2), [(signal.text, {"align": JUSTIFY})])
        answer = f"{responsible(opinion)}. {follow_up(opinion)}"
        _cells(doc, table.cell(row, 3), [(answer, {"align": None})])
    doc.para(after=6)
    doc.body("Biên bản kết thúc cùng ngày, đã đọc lại cho những người tham dự cùng nghe và thống nhất.")
    bold, plain = {"bold": True, "align": CENTER}, {"align": CENTER}
    doc.signature_block(
        [("THƯ KÝ", bold), ("", plain), ("", plain), ("", plain)],
        [("CHỦ TRÌ", bold), ("", plain), ("", plain), (session.chair, bold)],
        widths=(80, 85),
    )
    return doc.save()
