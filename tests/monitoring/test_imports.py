"""Imports of social-listening exports: mapping, dry run, row errors, idempotent confirm."""

import datetime
import json

import openpyxl
import pytest
from django.core.management import call_command

from monitoring.imports import BadFile, check_import, guess_mapping, read_table
from monitoring.models import Item, Story
from opinions.models import Signal

pytestmark = pytest.mark.django_db
POST = "Người dân phường B'Lao bức xúc vì chậm chi trả tiền bồi thường giải phóng mặt bằng cao tốc Tân Phú - Bảo Lộc."


def _csv(tmp_path):
    path = tmp_path / "xuat.csv"
    path.write_text(
        "Permalink;Message;Created time;Page name\n"
        f"https://facebook.com/trang/posts/1;{POST};02/12/2026 08:00;Trang Bảo Lộc 24h\n"
        "khong-phai-dia-chi;Nội dung;02/12/2026;A\n"
        "https://facebook.com/trang/posts/2;Bài hai;ngày mai;B\n"
        "https://facebook.com/trang/posts/3;;;C\n",
        encoding="utf-8",
    )
    return path


def test_dry_run_lists_row_errors_and_stores_nothing(tmp_path, capsys):
    call_command("monitoring_import", str(_csv(tmp_path)), "--source-name", "Xuất tháng 12")
    out = capsys.readouterr().out.strip().splitlines()
    assert "Dòng 3" in out[0] and "không hợp lệ" in out[0]
    assert "Dòng 4" in out[1] and "Ngày đăng" in out[1]
    assert "Dòng 5" in out[2]
    result = json.loads(out[-1])
    assert result["valid"] == 1 and result["problems"] == 3 and not Item.objects.exists()


def test_confirm_stores_once_with_author_hashed(tmp_path, capsys):
    for _ in range(2):
        call_command("monitoring_import", str(_csv(tmp_path)), "--source-name", "Xuất tháng 12", "--confirm")
    assert Item.objects.count() == 1 and Story.objects.count() == 1
    item = Item.objects.get()
    assert item.author_hash and "Bảo Lộc 24h" not in item.text
    assert item.area.name == "Phường B'Lao" and item.field.code == "boi-thuong-gpmb"
    assert Signal.objects.filter(submission_key__startswith="monitoring-story-").count() == 1


def test_json_and_xlsx_with_mapping(tmp_path):
    data = [{"link": "https://x.vn/1", "noi_dung": POST, "ngay": "2026-12-02"}]
    header, rows = read_table(json.dumps({"data": data}).encode(), "a.json")
    mapping = guess_mapping(header, {"text": "noi_dung", "published": "ngay"})
    entries, problems = check_import(header, rows, mapping)
    assert len(entries) == 1 and not problems
    book = openpyxl.Workbook()
    book.active.append(["Đường dẫn", "Nội dung"])
    book.active.append(["https://x.vn/2", POST])
    path = tmp_path / "a.xlsx"
    book.save(path)
    header, rows = read_table(path.read_bytes(), "a.xlsx")
    entries, problems = check_import(header, rows, guess_mapping(header))
    assert entries[0]["url"] == "https://x.vn/2" and not problems


def test_bad_files():
    with pytest.raises(BadFile):
        read_table(b"\xff\xfe\x00garbage", "a.json")
    with pytest.raises(BadFile):
        read_table(b"a,b", "a.txt")
    header, rows = read_table("Tiêu đề,Nội dung\nA,B\n".encode(), "a.csv")
    assert check_import(header, rows, guess_mapping(header))[1][0][2].startswith("Cần cột đường dẫn")


def test_prune_keeps_title_link_and_counts(tmp_path, capsys, settings):
    call_command("monitoring_import", str(_csv(tmp_path)), "--source-name", "Xuất tháng 12", "--confirm")
    Item.objects.update(
        first_seen=Item.objects.get().first_seen - datetime.timedelta(days=settings.MONITORING_TEXT_DAYS + 1)
    )
    call_command("monitoring_prune")
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"pruned": 1}
    item = Item.objects.get()
    assert item.text == "" and item.text_pruned and item.title and item.url and item.story.item_count == 1
