"""The index follows the records: saving never fails because of indexing, nothing is lost."""

from types import SimpleNamespace

import pytest

from opinions.models import Case, Signal, Unit
from search import service
from search.models import PendingUpdate, SearchDocument

pytestmark = pytest.mark.django_db


def doc(obj, kind):
    return SearchDocument.objects.filter(kind=kind, object_id=obj.pk).first()


def test_it_indexes_a_saved_signal_and_removes_a_deleted_one(db):
    signal = Signal.objects.create(channel="web", kind="report", text="Đèn đường hỏng")
    assert "den duong hong" in doc(signal, "signal").folded
    signal.text = "Cống thoát nước tắc"
    signal.save()
    assert "cong thoat nuoc tac" in doc(signal, "signal").folded
    signal.delete()
    assert doc(signal, "signal") is None


def test_it_moves_signals_with_their_case_to_the_new_unit(records):
    case, signal = records["mine"], records["land_signal"]
    other = Unit.objects.get(code="ubnd-22918")
    case.assigned_unit = other
    case.save()
    assert doc(signal, "signal").unit_id == other.pk and doc(case, "case").unit_id == other.pk


def test_it_publishes_a_case_only_when_answered_and_public(records):
    case = records["mine"]
    assert doc(case, "case").is_public is False
    case.is_public = True
    case.save()
    assert doc(case, "case").is_public is False  # not answered yet
    case.status = Case.Status.CLOSED
    case.save()
    assert doc(case, "case").is_public is True


def test_it_drops_an_unpublished_page_from_public_results(records):
    article = records["article"]
    assert doc(article, "page").is_public is True
    article.unpublish()
    assert doc(article, "page").is_public is False
    assert service.search("tái định cư", public=True).total == 0


def test_it_saves_the_record_when_the_task_queue_fails(db, monkeypatch):
    from search import tasks

    def broken(*args, **kwargs):
        raise RuntimeError("hàng đợi không hoạt động")

    monkeypatch.setattr(tasks, "index_records_task", SimpleNamespace(enqueue=broken))
    signal = Signal.objects.create(channel="web", kind="report", text="Nước sinh hoạt bị đục")
    assert Signal.objects.filter(pk=signal.pk).exists() and doc(signal, "signal") is None
    assert PendingUpdate.objects.filter(kind="signal", object_id=signal.pk).exists()
    monkeypatch.undo()
    assert service.apply_pending() == 1
    assert "nuoc sinh hoat" in doc(signal, "signal").folded
    assert not PendingUpdate.objects.exists()


def test_it_rebuilds_the_database_index(records):
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(kind="signal", object_id=999_999, title="bản ghi đã mất")
    counts = service.reindex(elasticsearch=False)
    assert counts["signal"] == Signal.objects.count()
    assert not SearchDocument.objects.filter(object_id=999_999).exists()
    assert service.search("giai phong mat bang", public=True).total == 1
