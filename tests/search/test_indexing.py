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
    assert doc(case, "case").is_public is False  # closed, but no approved answer (issue 18, item 5)
    from django.utils import timezone

    from opinions.models import Response

    Response.objects.create(
        case=case, text="Đã chi trả xong.", status=Response.Status.APPROVED, approved_at=timezone.now()
    )
    Signal.objects.filter(case=case).update(allow_public=True)  # the citizen agreed to publication
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


def test_new_signals_are_indexed_in_debounced_batches_and_the_sweep_catches_the_rest(db, settings):
    """A report costs no task row of its own: one batch per SEARCH_DEBOUNCE_SECONDS (the immediate
    backend of the tests runs the batch at once); a signal that arrives inside the window is
    indexed by the next batch or by the search_apply_pending sweep."""
    from django.core.cache import cache
    from django.core.management import call_command

    from opinions.services import create_signal

    settings.SEARCH_DEBOUNCE_SECONDS = 60
    cache.delete("search:index-new-signals")
    first, _ = create_signal(channel="web", kind="report", text="Đèn đường hỏng ở thôn 1")
    second, _ = create_signal(channel="web", kind="report", text="Cống thoát nước tắc ở thôn 2")
    assert doc(first, "signal") is not None
    assert doc(second, "signal") is None
    call_command("search_apply_pending", stdout=SimpleNamespace(write=lambda *_: None))
    assert "cong thoat nuoc tac" in doc(second, "signal").folded


def test_a_retried_submission_key_returns_the_first_signal_without_a_second_row(db):
    from opinions.services import create_signal

    first, created = create_signal(channel="web", kind="report", text="Rác thải", submission_key="k-1")
    again, created_again = create_signal(channel="web", kind="report", text="Rác thải", submission_key="k-1")
    assert created and not created_again and again.pk == first.pk
    assert Signal.objects.filter(submission_key="k-1").count() == 1
