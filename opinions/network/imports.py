"""Import and export of the rosters (units, focal points, collaborators) as XLSX or CSV.

Flow: upload → ``check_import`` (dry run: counts of rows to create, change, leave alone and every
problem with its row, column and a Vietnamese explanation) → the user confirms → ``run_import``
writes everything in one transaction or nothing. Natural keys make a second import of the same
file, or an import of an export, change nothing.
"""

import csv
import io
import re
import zipfile
from pathlib import Path
from xml.parsers.expat import ExpatError

import openpyxl
import tablib
from django.db import transaction
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cms.lib.cells import safe_row, unescape_cell
from cms.lib.text import as_text
from cms.lib.xlsx import first_sheet_rows
from opinions.models import Area, Collaborator, ExportLog, Field, FocalPoint, ImportJob, PersonalDataAccess, Unit
from opinions.network.resources import PERSONAL_DATA_KINDS, RESOURCES
from opinions.restrictions import exclude_restricted
from opinions.services import personal_data_collected

ACCEPTED_EXTENSIONS = {".xlsx", ".csv"}
MAX_PROBLEMS = 500
PREVIEW_ROWS = 50
# Files up to this size are checked during the request; larger ones by the background worker.
INLINE_BYTES = 200 * 1024

ROW_ACTIONS = {"new": "Thêm mới", "update": "Cập nhật", "skip": "Không đổi"}


class BadFile(Exception):
    """A file that cannot be read as a table: the message says why, in Vietnamese."""


def required_columns(kind):
    resource = RESOURCES[kind]()
    required = []
    for field in resource.fields.values():
        if getattr(field.widget, "required", False):
            required.append(field.column_name)
    return required


def column_names(kind):
    return [f.column_name for f in RESOURCES[kind]().get_export_fields()]


def read_table(file_name, content):
    """(headers, rows, line_numbers) of the first sheet; blank rows are dropped but the line
    numbers still point at the user's spreadsheet rows."""
    extension = Path(file_name or "").suffix.lower()
    if not content:
        raise BadFile("Tệp rỗng (0 byte): không có dữ liệu để nhập.")
    if extension not in ACCEPTED_EXTENSIONS:
        raise BadFile(
            f"Không nhận tệp «{extension or file_name}»: chỉ nhận bảng tính Excel (.xlsx) hoặc tệp CSV (UTF-8). "
            "Hãy tải tệp mẫu, điền dữ liệu rồi tải lên."
        )
    if extension == ".xlsx":
        raw_rows = _xlsx_rows(content)
    else:
        raw_rows = _csv_rows(content)
    headers, rows, lines = None, [], []
    for line, values in enumerate(raw_rows, 1):
        values = [unescape_cell(v) for v in values]  # an export read back: its apostrophes removed
        # NUL cannot be stored by PostgreSQL (text or jsonb): dropped before anything is kept.
        values = [v.replace("\x00", "") if isinstance(v, str) else v for v in values]
        if not any(as_text(v) for v in values):
            continue
        if headers is None:
            headers = [as_text(v) for v in values]
            while headers and not headers[-1]:
                headers.pop()
            continue
        values = (values + [None] * len(headers))[: len(headers)]
        rows.append(values)
        lines.append(line)
    if headers is None or not rows:
        raise BadFile("Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống).")
    return headers, rows, lines


def _xlsx_rows(content):
    if not content.startswith(b"PK\x03\x04"):
        raise BadFile(
            "Tệp có đuôi .xlsx nhưng nội dung không phải bảng tính Excel (có thể là tệp khác bị đổi tên). "
            "Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx."
        )
    try:
        return first_sheet_rows(content)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, ExpatError) as error:
        raise BadFile(
            "Tệp có đuôi .xlsx nhưng không đọc được như bảng tính Excel (tệp hỏng hoặc là tệp khác bị đổi tên)."
        ) from error


def _csv_rows(content):
    if content.startswith(b"PK\x03\x04") or b"\x00" in content[:1024]:
        raise BadFile("Tệp có đuôi .csv nhưng là tệp nhị phân (có thể là tệp Excel bị đổi tên thành .csv).")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadFile("Tệp CSV phải dùng bảng mã UTF-8 (trong Excel: Lưu thành → CSV UTF-8).") from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def build_dataset(kind, headers, rows, lines):
    """A tablib Dataset of the known columns, plus the problems found in the header row."""
    known = column_names(kind)
    folded = {name.casefold(): name for name in known}
    problems, mapped = [], []
    for header in headers:
        name = folded.get(header.casefold())
        mapped.append(name)
        if header and name is None:
            problems.append(problem(1, header, "Cột không có trong tệp mẫu, sẽ bị bỏ qua.", warning=True))
    missing = [c for c in required_columns(kind) if c not in mapped]
    if kind == "collaborators" and not {"Số CCCD", "Điện thoại"} & set(mapped):
        missing.append("Số CCCD hoặc Điện thoại")
    for column in missing:
        problems.append(problem(1, column, "Thiếu cột bắt buộc trong dòng tiêu đề (hãy dùng tệp mẫu)."))
    keep = [i for i, name in enumerate(mapped) if name]
    dataset = tablib.Dataset(headers=[mapped[i] for i in keep])
    for values in rows:
        dataset.append([values[i] for i in keep])
    return dataset, problems


def problem(row, column, message, warning=False):
    return {"row": row, "column": column or "", "message": str(message), "warning": warning}


def _resource(kind, job=None, check_only=False):
    resource = RESOURCES[kind](check_only=check_only)
    if job is not None:
        resource.progress = lambda n: ImportJob.objects.filter(pk=job.pk).update(processed_rows=n)
    return resource


def _result_problems(resource, result, lines):
    columns = {name: f.column_name for name, f in resource.fields.items()}
    columns.update({f.attribute: f.column_name for f in resource.fields.values() if f.attribute})
    found = []
    for error in result.base_errors:
        found.append(problem(None, "", f"Lỗi khi đọc tệp: {error.error}"))
    for number, errors in result.row_errors():
        for error in errors:
            found.append(problem(lines[number - 1], "", f"Không xử lý được dòng này: {error.error}"))
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            for message in messages:
                found.append(problem(lines[invalid.number - 1], columns.get(name, ""), message))
    return found


def _row_preview(result, lines):
    preview = []
    for index, row in enumerate(result.rows):
        if len(preview) >= PREVIEW_ROWS:
            break
        if row.import_type in ROW_ACTIONS and row.import_type != "skip":
            preview.append(
                {
                    "row": lines[index] if index < len(lines) else None,
                    "action": ROW_ACTIONS[row.import_type],
                    "object": row.object_repr or "",
                }
            )
    return preview


def check_import(job):
    """Dry run: every step of the import except the writes. Updates the job with counts, the
    problems (row, column, message) and a preview."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, processed_rows=0)
    try:
        headers, rows, lines = read_table(job.file_name, bytes(job.content))
    except BadFile as error:
        return _finish(job, ImportJob.Status.INVALID, problems=[problem(None, "", error)])
    dataset, problems = build_dataset(job.kind, headers, rows, lines)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(dataset))
    job.total_rows = len(dataset)
    if any(not p["warning"] for p in problems):
        return _finish(job, ImportJob.Status.INVALID, problems=problems)
    resource = _resource(job.kind, job, check_only=True)
    result = resource.import_data(dataset, dry_run=False, use_transactions=False, raise_errors=False)
    problems += _result_problems(resource, result, lines)
    totals = {key: result.totals.get(key, 0) for key in ("new", "update", "skip", "invalid", "error")}
    blocking = [p for p in problems if not p["warning"]]
    status = ImportJob.Status.INVALID if blocking else ImportJob.Status.CHECKED
    return _finish(job, status, problems=problems[:MAX_PROBLEMS], totals=totals, preview=_row_preview(result, lines))


def _finish(job, status, problems=None, totals=None, preview=None):
    job.status = status
    job.problems = problems or []
    job.totals = totals or {}
    job.preview = preview or []
    job.processed_rows = job.total_rows
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "problems", "totals", "preview", "processed_rows", "finished_at", "updated_at"])
    return job


class _Rollback(Exception):
    pass


def run_import(job_id):
    """Write a checked file: all rows in one transaction, or nothing."""
    job = ImportJob.objects.get(pk=job_id)
    headers, rows, lines = read_table(job.file_name, bytes(job.content))
    dataset, _ = build_dataset(job.kind, headers, rows, lines)
    resource = _resource(job.kind)
    started = timezone.now()
    try:
        with transaction.atomic():
            result = resource.import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)
            if result.has_errors() or result.has_validation_errors():
                raise _Rollback
            announce_collected(job.kind, started)
    except _Rollback:
        problems = _result_problems(resource, result, lines)
        return _finish(job, ImportJob.Status.FAILED, problems=problems[:MAX_PROBLEMS])
    totals = {key: result.totals.get(key, 0) for key in ("new", "update", "skip")}
    return _finish(job, ImportJob.Status.DONE, totals=totals, preview=job.preview)


def announce_collected(kind, started):
    """Rosters hold people's contacts: each person imported or changed (bulk writes: found by their
    time stamp) is announced (personal_data_collected, purpose "roster") so that the basis of
    processing is recorded."""
    if kind not in PERSONAL_DATA_KINDS:
        return
    model = Collaborator if kind == "collaborators" else FocalPoint
    people = list(model.objects.filter(updated_at__gte=started))
    if people:  # one event for the whole import (instances=…): no query per row
        personal_data_collected.send(
            sender=model, instance=None, instances=people, channel="roster", notice_version=None, purposes=["roster"]
        )


# Export ---------------------------------------------------------------------------------------


def export_queryset(kind):
    # Foreign keys and many-to-many codes are attached by the resource from tables loaded once.
    if kind == "units":
        return Unit.objects.select_related("parent").order_by("code")
    # a person who restricted or objected to processing is left out of every list sent elsewhere
    if kind == "focal_points":
        return exclude_restricted(FocalPoint.objects.order_by("unit__code", "full_name"))
    return exclude_restricted(Collaborator.objects.order_by("full_name", "pk"))


def xlsx_bytes(dataset, title):
    """The dataset as an XLSX workbook written row by row (openpyxl write-only mode): bold, frozen
    header row and columns as wide as their longest value. Text that starts with «=» stays text
    (never a formula), so an export read back gives the same values."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(re.sub(r"[\\*?:/\[\]]", "-", title)[:31])
    sheet.freeze_panes = "A2"
    headers = list(dataset.headers or [])
    widths = [len(str(h)) for h in headers]
    for row in dataset:
        for i, value in enumerate(row):
            if value is not None and len(str(value)) > widths[i]:
                widths[i] = len(str(value))
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    bold, wrap = Font(bold=True), Alignment(wrap_text=True)

    def header_cell(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        return cell

    sheet.append([header_cell(h) for h in headers])
    for row in dataset:
        values = list(row)
        for i, value in enumerate(values):
            if isinstance(value, str) and (value.startswith("=") or "\n" in value):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                if "\n" in value:
                    cell.alignment = wrap
                values[i] = cell
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Vietnamese file names of the downloads (mau-cong-tac-vien.xlsx, cong-tac-vien-20261203-0930.csv).
FILE_SLUGS = {"units": "don-vi", "focal_points": "dau-moi", "collaborators": "cong-tac-vien"}


def export_roster(actor, kind, file_format):
    """(bytes, file name) of the roster; logs every export that holds personal data."""
    resource = RESOURCES[kind]()
    queryset = export_queryset(kind)
    dataset = resource.export(queryset=queryset)
    dataset = tablib.Dataset(*(safe_row(row) for row in dataset), headers=dataset.headers)  # no live formulas
    label = dict(ImportJob.Kind.choices)[kind]
    if file_format == "xlsx":
        content = xlsx_bytes(dataset, str(label))
    else:
        content = dataset.export(file_format)
    if isinstance(content, str):
        content = ("\ufeff" + content).encode("utf-8")
    ExportLog.objects.create(
        user=actor,
        what=f"Danh sách {label.lower()}",
        file_format=file_format,
        row_count=len(dataset),
        has_personal_data=kind in PERSONAL_DATA_KINDS,
    )
    if kind in PERSONAL_DATA_KINDS:
        PersonalDataAccess.objects.create(
            user=actor,
            action=PersonalDataAccess.Action.EXPORT,
            detail=f"Xuất {len(dataset)} dòng {label.lower()} ({file_format.upper()})",
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return content, f"{FILE_SLUGS[kind]}-{stamp}.{file_format}"


TEMPLATE_NOTES = {
    "Mã đơn vị": "Mã duy nhất của đơn vị (chữ thường, không dấu, nối bằng gạch ngang), ví dụ ubnd-24781.",
    "Loại đơn vị": "Một trong: " + ", ".join(str(label) for _, label in Unit.Kind.choices) + ".",
    "Mã đơn vị cấp trên": "Mã của đơn vị cấp trên (có thể là đơn vị ở dòng khác trong cùng tệp).",
    "Lĩnh vực phụ trách (mã)": "Các mã lĩnh vực cách nhau bởi dấu ;, ví dụ moi-truong; y-te.",
    "Lĩnh vực theo dõi (mã)": "Các mã lĩnh vực cách nhau bởi dấu ;, ví dụ moi-truong; y-te.",
    "Địa bàn phụ trách (mã xã, phường)": "Các mã xã, phường (5 chữ số) cách nhau bởi dấu ;.",
    "Mã xã, phường, đặc khu": "Mã 5 chữ số của xã, phường, đặc khu (danh mục Địa bàn).",
    "Số CCCD": "12 chữ số. Cần số CCCD hoặc số điện thoại để nhận diện cộng tác viên.",
    "Điện thoại": "10 chữ số, bắt đầu bằng 0.",
    "Trạng thái": "Một trong: "
    + ", ".join(str(label) for _, label in Collaborator.Status.choices)
    + " (để trống: Đang hoạt động).",
    "Đầu mối chính": "Có hoặc Không.",
    "Đang hoạt động": "Có hoặc Không.",
}


def template_file(kind, file_format):
    """An empty template: the Vietnamese headers, and for XLSX a sheet explaining each column."""
    headers = column_names(kind)
    if file_format == "csv":
        out = io.StringIO()
        csv.writer(out).writerow(headers)  # quoted: a header with a comma reads back as one column
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    required = set(required_columns(kind))
    notes = book.create_sheet("Hướng dẫn")
    notes.append(["Cột", "Bắt buộc", "Cách ghi"])
    for header in headers:
        notes.append([header, "Có" if header in required else "", TEMPLATE_NOTES.get(header, "")])
    notes.append([])
    notes.append(["Ngày ghi dạng ngày/tháng/năm, ví dụ 15/03/2026. Nhập lại cùng một tệp không làm thay đổi gì."])
    notes.append(["Các mã (đơn vị, xã, phường, lĩnh vực) tra ở trang «Danh mục mã»; ô có mũi tên chọn từ danh sách."])
    add_code_lists(book, sheet, kind, headers)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def code_lists(kind):
    """{header: [(code, name)]}: the lookups a person filling the template needs."""
    yes_no = [("Có", ""), ("Không", "")]
    lists = {
        "Mã đơn vị cấp trên": list(Unit.objects.order_by("kind", "name").values_list("code", "name")),
        "Mã xã, phường, đặc khu": list(Area.objects.communes().order_by("name").values_list("code", "name")),
        "Lĩnh vực (mã)": list(Field.objects.order_by("sort_order", "name").values_list("code", "name")),
        "Loại đơn vị": [(str(label), "") for _, label in Unit.Kind.choices],
        "Trạng thái": [(str(label), "") for _, label in Collaborator.Status.choices],
        "Đầu mối chính": yes_no,
        "Đang hoạt động": yes_no,
    }
    if kind != "units":  # a roster row names an existing unit; the units list creates new codes
        lists["Mã đơn vị"] = lists["Mã đơn vị cấp trên"]
    return lists


def add_code_lists(book, data_sheet, kind, headers, rows=2000):
    """A «Danh mục mã» sheet (code | name per list) and drop-down validation on the data sheet's
    single-code columns; columns that take several codes (separated by ;) keep the lookup only."""
    lookup = book.create_sheet("Danh mục mã")
    column = 1
    for header, entries in code_lists(kind).items():
        if header not in headers and header != "Lĩnh vực (mã)":
            continue
        letter, name_letter = get_column_letter(column), get_column_letter(column + 1)
        lookup.cell(row=1, column=column, value=header).font = Font(bold=True)
        lookup.cell(row=1, column=column + 1, value="Tên").font = Font(bold=True)
        for i, (code, name) in enumerate(entries, start=2):
            lookup.cell(row=i, column=column, value=code)
            lookup.cell(row=i, column=column + 1, value=name or None)
        lookup.column_dimensions[letter].width = 22
        lookup.column_dimensions[name_letter].width = 40 if any(n for _, n in entries) else 4
        if header in headers and entries:
            target = get_column_letter(headers.index(header) + 1)
            validation = DataValidation(
                type="list",
                formula1=f"='Danh mục mã'!${letter}$2:${letter}${len(entries) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Giá trị không có trong danh mục",
                error=f"Chọn một giá trị của cột «{header}» ở trang «Danh mục mã».",
            )
            validation.add(f"{target}2:{target}{rows}")
            data_sheet.add_data_validation(validation)
        column += 3
