"""Helpers of the network tests: build XLSX/CSV files as a user's spreadsheet program would."""

import csv
import io

import openpyxl

COLLABORATOR_HEADERS = [
    "Họ và tên",
    "Năm sinh",
    "Số CCCD",
    "Điện thoại",
    "Mã đơn vị",
    "Mã xã, phường, đặc khu",
    "Lĩnh vực theo dõi (mã)",
    "Số quyết định công nhận",
    "Ngày quyết định",
    "Trạng thái",
]


def xlsx(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(headers, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def collaborator_rows(n=3, start=1):
    return [
        [
            f"Nguyễn Văn Thử {i}",
            1980,
            f"0680800{i:05d}",
            f"09121{i:05d}",
            "ubnd-24781",
            "24781",
            "moi-truong; y-te",
            "12-QĐ/ĐU",
            "20/09/2025",
            "Đang hoạt động",
        ]
        for i in range(start, start + n)
    ]


def upload(client, kind, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(reverse("network:imports"), {"kind": kind, "file": SimpleUploadedFile(name, content)})
