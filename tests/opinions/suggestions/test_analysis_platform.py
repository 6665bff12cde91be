"""Analysis in the platform (issue 7): suggestions by the worker, one-click triage, training, quality."""

import json
import random
import zlib
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opinions.models import (
    AnalysisModel,
    Area,
    Attribute,
    Case,
    CaseEvent,
    ConfirmedLabel,
    Field,
    Signal,
    SignalAnalysis,
    Suggestion,
    Unit,
)
from opinions.services import create_signal
from opinions.suggestions import calibration
from opinions.suggestions import services as suggest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_models(settings, tmp_path):
    """Each test its own model directory and an empty per-process model cache."""
    settings.MODEL_DIR = tmp_path / "models"
    suggest.clear_cache()
    yield
    suggest.clear_cache()


def hashed_encoder(texts, is_query):
    """A small bag-of-words encoder (deterministic) standing in for e5 where speed matters."""
    out = np.zeros((len(texts), 512), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in text.lower().split():
            out[i, zlib.crc32(word.encode()) % 512] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


@pytest.fixture
def fast_encoder(monkeypatch):
    monkeypatch.setattr(suggest, "get_encoder", lambda: hashed_encoder)


def make_signal(text, key, **extra):
    signal, _ = create_signal(channel="hotline", kind="report", text=text, submission_key=key, **extra)
    return signal


# The worker path -------------------------------------------------------------------------------------


def test_a_public_report_is_analysed_by_the_worker_task_and_suggestions_are_stored(
    client, settings, django_capture_on_commit_callbacks, case_factory
):
    """Public form -> create_signal -> on_commit enqueue -> the task (immediate backend under test,
    db_worker in production) -> suggestions with confidence and model version. Real e5 model."""
    settings.ANALYSIS_ON_INTAKE = True
    settings.ANALYSIS_DEBOUNCE_SECONDS = 0
    case = case_factory(title="Rác thải ùn ứ ở chợ Đà Lạt")
    data = {
        "kind": "report",
        "title": "Rác thải ùn ứ",
        "text": "Rác thải ùn ứ ở chợ Đà Lạt nhiều ngày, bốc mùi hôi, đề nghị phường Xuân Hương thu gom.",
        "submission_key": "b" * 32,
        # what the citizen chose stays on the signal; the suggestions are stored apart
        "field": Field.objects.get(code="giao-duc").pk,
        "area": Area.objects.get(code="22918").pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("opinions:feedback_create"), data)
    assert response.status_code in (200, 302)
    signal = Signal.objects.exclude(case=case).get()
    assert SignalAnalysis.objects.filter(signal=signal).exists()
    rows = {s.attribute: s for s in Suggestion.objects.filter(signal=signal).exclude(attribute=Attribute.CASE)}
    assert rows[Attribute.FIELD].value in set(Field.objects.values_list("code", flat=True))
    assert rows[Attribute.FIELD].model_version == suggest.ZERO_SHOT_VERSION
    assert 0.0 <= rows[Attribute.FIELD].confidence <= 1.0
    assert rows[Attribute.AREA].value == "24781"  # Phường Xuân Hương - Đà Lạt, named in the text
    similar = Suggestion.objects.filter(signal=signal, attribute=Attribute.CASE)
    assert [s.value for s in similar] == [str(case.pk)]
    # nothing was changed on the signal itself: suggestions are kept apart
    signal.refresh_from_db()
    assert (signal.field.code, signal.area.code, signal.status) == ("giao-duc", "22918", Signal.Status.NEW)
    assert not ConfirmedLabel.objects.exists()


def test_intake_enqueues_at_most_one_analysis_task_per_window(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.ANALYSIS_ON_INTAKE = True
    settings.ANALYSIS_DEBOUNCE_SECONDS = 60
    from django.core.cache import cache

    from opinions.suggestions import tasks

    cache.delete(suggest.PENDING_KEY)
    calls = []
    backend = tasks.analyse_pending_task.get_backend()

    class Recorder:
        def get_backend(self):
            return backend

        def enqueue(self):
            calls.append(1)

    monkeypatch.setattr(tasks, "analyse_pending_task", Recorder())
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            make_signal(f"Đường hư hỏng nặng số {i}", key=f"dedup-{i}")
    assert len(calls) == 1
    cache.delete(suggest.PENDING_KEY)


def test_the_sweep_analyses_bulk_created_signals_once(fast_encoder):
    Signal.objects.bulk_create(
        [Signal(channel="email", kind="report", text=f"Nước thải xả ra suối ở xã Hòa Ninh, lần {i}") for i in range(7)]
    )
    out = StringIO()
    call_command("analysis_sweep", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1]) == {"analysed": 7, "waiting": 0}
    assert SignalAnalysis.objects.count() == 7
    assert Suggestion.objects.filter(attribute=Attribute.AREA, value="25036").count() == 7  # Xã Hòa Ninh
    out = StringIO()
    call_command("analysis_sweep", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1])["analysed"] == 0
    assert Suggestion.objects.filter(attribute=Attribute.FIELD).count() == 7


# One-click triage -------------------------------------------------------------------------------------


@pytest.fixture
def analysed_signal(fast_encoder):
    signal = make_signal("Khói bụi và mùi hôi từ bãi rác ở phường Xuân Hương làm dân bức xúc.", key="one")
    suggest.analyse_pending()
    return signal


@pytest.fixture
def trust_everything(monkeypatch):
    """The fake encoder's confidences are low: these tests are about recording, not calibration."""
    monkeypatch.setattr(calibration, "thresholds", lambda: dict.fromkeys(calibration.DEFAULT_THRESHOLDS, 0.0))


def test_one_click_accept_sets_the_signal_and_records_who_and_when(
    client, office_user, analysed_signal, trust_everything
):
    signal = analysed_signal
    pending = {
        s.attribute: s for s in Suggestion.objects.filter(signal=signal, status="pending").exclude(attribute="case")
    }
    assert Attribute.FIELD in pending and Attribute.AREA in pending
    client.force_login(office_user)
    before = timezone.now()
    response = client.post(
        reverse("suggestions:suggestion_action", args=[signal.pk]),
        {"action": "accept", "next": reverse("cycle:signal_queue")},
    )
    assert response.status_code == 302 and response.url == reverse("cycle:signal_queue")
    signal.refresh_from_db()
    assert signal.status == Signal.Status.CLASSIFIED
    assert signal.field.code == pending[Attribute.FIELD].value
    assert signal.area.code == pending[Attribute.AREA].value
    labels = {label.attribute: label for label in ConfirmedLabel.objects.filter(signal=signal)}
    assert set(labels) == set(pending)
    for attribute, label in labels.items():
        assert label.accepted is True and label.value == pending[attribute].value
        assert label.confirmed_by == office_user and label.confirmed_at >= before
    assert not Suggestion.objects.filter(signal=signal, status="pending").exclude(attribute="case").exists()
    assert CaseEvent.objects.filter(signal=signal, action=CaseEvent.Action.CLASSIFIED, actor=office_user).exists()


def test_a_value_corrected_in_place_is_recorded_as_confirmed_by_the_person(client, office_user, analysed_signal):
    signal = analysed_signal
    suggested = Suggestion.objects.get(signal=signal, attribute=Attribute.FIELD)
    other = Field.objects.exclude(code=suggested.value).order_by("code").first()
    client.force_login(office_user)
    client.post(
        reverse("suggestions:suggestion_action", args=[signal.pk]), {"action": "correct:field", "field": other.code}
    )
    signal.refresh_from_db()
    assert signal.field == other
    label = ConfirmedLabel.objects.get(signal=signal, attribute=Attribute.FIELD)
    assert (label.value, label.accepted, label.confirmed_by) == (other.code, False, office_user)
    suggested.refresh_from_db()
    assert suggested.status == Suggestion.Status.CORRECTED
    # the other suggestions still wait
    assert Suggestion.objects.filter(signal=signal, attribute=Attribute.AREA, status="pending").exists()


def test_a_bad_correction_or_a_handler_changes_nothing(client, office_user, handler_user, analysed_signal):
    signal = analysed_signal
    client.force_login(office_user)
    response = client.post(
        reverse("suggestions:suggestion_action", args=[signal.pk]),
        {"action": "correct:field", "field": "khong-co"},
        follow=True,
    )
    assert "Giá trị lĩnh vực không hợp lệ" in response.content.decode()
    client.force_login(handler_user)
    assert client.post(
        reverse("suggestions:suggestion_action", args=[signal.pk]), {"action": "accept"}
    ).status_code in (302, 403)
    signal.refresh_from_db()
    assert signal.field_id is None and signal.status == Signal.Status.NEW
    assert not ConfirmedLabel.objects.exists()


def test_the_classic_classify_form_also_confirms_labels(client, office_user, analysed_signal):
    signal = analysed_signal
    field = Field.objects.get(code="moi-truong")
    area = Area.objects.get(code="24781")
    client.force_login(office_user)
    client.post(
        reverse("cycle:signal_triage", args=[signal.pk]),
        {"action": "classify", "kind": "report", "field": field.pk, "area": area.pk, "urgency": "pressing"},
    )
    labels = dict(ConfirmedLabel.objects.filter(signal=signal).values_list("attribute", "value"))
    assert labels == {"field": "moi-truong", "area": "24781", "kind": "report", "urgency": "pressing"}


def test_the_queue_shows_the_least_certain_first_with_their_suggestions(client, office_user):
    signals = {}
    for name, confidence in (("sure", 0.95), ("unsure", 0.12), ("middle", 0.55)):
        signal = make_signal(f"Nội dung {name} về đường giao thông", key=name)
        Suggestion.objects.create(
            signal=signal,
            attribute=Attribute.FIELD,
            value="giao-thong-ha-tang",
            confidence=confidence,
            model_version="test",
        )
        SignalAnalysis.objects.create(signal=signal, min_confidence=confidence)
        signals[name] = signal
    unanalysed = make_signal("Chưa phân tích", key="later")
    client.force_login(office_user)
    page = client.get(reverse("cycle:signal_queue")).content.decode()
    codes = [signals[n].tracking_code for n in ("unsure", "middle", "sure")] + [unanalysed.tracking_code]
    positions = [page.index(code) for code in codes]
    assert positions == sorted(positions)
    assert "12 %" in page and "Chấp nhận tất cả" in page
    oldest = client.get(reverse("cycle:signal_queue") + "?thu-tu=cu-nhat").content.decode()
    assert oldest.index(signals["sure"].tracking_code) < oldest.index(signals["unsure"].tracking_code)


def test_the_triage_screen_suggests_similar_cases_to_attach(client, office_user, fast_encoder, case_factory):
    case = case_factory(unit_code="ubnd-22918", title="Sạt lở bờ kè sông Cà Ty uy hiếp nhà dân")
    signal = make_signal("Sạt lở bờ kè sông Cà Ty uy hiếp nhà dân, đề nghị xử lý gấp", key="kè")
    suggest.analyse_pending()
    client.force_login(office_user)
    page = client.get(reverse("cycle:signal_triage", args=[signal.pk])).content.decode()
    assert case.code in page
    client.post(reverse("cycle:signal_triage", args=[signal.pk]), {"action": "attach", "case_code": case.code})
    signal.refresh_from_db()
    assert signal.case == case


# Training -------------------------------------------------------------------------------------------


TOPICS = {
    "positive": "hài lòng cảm ơn nhanh chóng tận tình chu đáo tốt đẹp",
    "negative": "bức xúc chậm trễ nhũng nhiễu tệ hại thất vọng phiền hà",
    "neutral": "hỏi thông tin thủ tục giờ làm việc địa chỉ hướng dẫn",
}
FILLER = "người dân phản ánh về việc ở xã cán bộ giải quyết hồ sơ lần này".split()


def synthetic(n, seed, noise=0.0):
    rng = random.Random(seed)
    labels = sorted(TOPICS)
    rows = []
    for _ in range(n):
        label = rng.choice(labels)
        words = rng.sample(TOPICS[label].split(), 3) + rng.sample(FILLER, 5)
        rng.shuffle(words)
        rows.append((" ".join(words), rng.choice(labels) if rng.random() < noise else label))
    return rows


def confirmed_labels(rows, user):
    signals = Signal.objects.bulk_create(
        [Signal(channel="hotline", kind="opinion", text=text, status=Signal.Status.CLASSIFIED) for text, _ in rows]
    )
    ConfirmedLabel.objects.bulk_create(
        [
            ConfirmedLabel(signal=s, attribute=Attribute.SENTIMENT, value=label, confirmed_by=user)
            for s, (_, label) in zip(signals, rows, strict=True)
        ]
    )


def train(*args):
    out = StringIO()
    call_command("analysis_train", *args, stdout=out)
    return out.getvalue(), json.loads(out.getvalue().splitlines()[-1])


def test_training_with_too_few_labels_says_so_and_changes_nothing(settings, office_user):
    confirmed_labels(synthetic(12, seed=3), office_user)
    text, result = train("--task", "sentiment")
    assert result["results"]["sentiment"]["status"] == "too_few_labels"
    assert "Chưa đủ nhãn đã xác nhận" in text and result["activated"] == []
    assert not AnalysisModel.objects.exists()
    assert not (settings.MODEL_DIR / "sentiment").exists()


def test_a_worse_model_never_replaces_a_better_one(settings, office_user, tmp_path, fast_encoder):
    confirmed_labels(synthetic(200, seed=4), office_user)
    _, first = train("--task", "sentiment")
    assert first["results"]["sentiment"]["status"] == "activated"
    good = AnalysisModel.objects.get(active=True)
    assert good.metrics["macro_f1"] > 0.8 and good.n_test > 0 and good.n_train > good.n_test
    assert (settings.MODEL_DIR / good.file).exists()
    # A file whose labels are noise makes a worse model: it is recorded, not activated.
    noisy = tmp_path / "noisy.jsonl"
    noisy.write_text(
        "\n".join(json.dumps({"van_ban": t, "nhan": y}, ensure_ascii=False) for t, y in synthetic(2000, 5, noise=1.0)),
        encoding="utf-8",
    )
    _, second = train("--task", "sentiment", "--from-file", str(noisy), "--text-key", "van_ban", "--label-key", "nhan")
    result = second["results"]["sentiment"]
    assert result["status"] == "kept_current" and result["macro_f1"] < result["current_macro_f1"]
    assert AnalysisModel.objects.get(active=True) == good
    assert AnalysisModel.objects.filter(task="sentiment").count() == 2
    assert (settings.MODEL_DIR / good.file).exists()
    # nothing new to learn from: the nightly job does not retrain
    _, third = train("--task", "sentiment")
    assert third["results"]["sentiment"]["status"] == "no_new_labels"
    assert AnalysisModel.objects.filter(task="sentiment").count() == 2
    # The active model now suggests sentiment for new signals.
    signal = make_signal("Tôi rất hài lòng, cán bộ tận tình chu đáo", key="sent")
    suggest.analyse_pending()
    sentiment = Suggestion.objects.get(signal=signal, attribute=Attribute.SENTIMENT)
    assert sentiment.value == "positive" and sentiment.model_version == good.version


def test_activating_a_model_reanalyses_the_queue_with_it(settings, office_user, fast_encoder):
    waiting = make_signal("Tôi rất hài lòng, cán bộ tận tình chu đáo", key="wait")
    suggest.analyse_pending()
    assert not Suggestion.objects.filter(signal=waiting, attribute=Attribute.SENTIMENT).exists()
    confirmed_labels(synthetic(200, seed=4), office_user)
    text, result = train("--task", "sentiment")
    assert result["activated"] == ["sentiment"] and "phân tích lại" in text
    # the worker (immediate in tests) re-analysed the waiting signal with the new model
    version = AnalysisModel.objects.get(active=True).version
    sentiment = Suggestion.objects.get(signal=waiting, attribute=Attribute.SENTIMENT)
    assert sentiment.model_version == version and sentiment.value == "positive"
    # nothing activated: no re-analysis is asked for
    text, result = train("--task", "sentiment")
    assert result["activated"] == [] and "phân tích lại" not in text


def test_a_malformed_training_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "tốt", "label": "positive"}\n{không phải json\n', encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dòng 2"):
        call_command("analysis_train", "--task", "sentiment", "--from-file", str(bad), stdout=StringIO())
    assert not AnalysisModel.objects.exists()


# Who sees what --------------------------------------------------------------------------------------


def test_quality_screen_for_office_and_leaders_only(client, office_user, leader_user, handler_user):
    AnalysisModel.objects.create(
        task="kind",
        version="kind-test-1",
        file="kind/x.joblib",
        active=True,
        n_train=120,
        n_test=30,
        metrics={"accuracy": 0.9, "macro_f1": 0.85, "per_class": {"report": 0.91, "complaint": 0.79}},
    )
    for user in (office_user, leader_user):
        client.force_login(user)
        page = client.get(reverse("suggestions:model_quality"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "kind-test-1" in html and ("0,850" in html or "0.850" in html)
        assert "complaint: 0,79" in html or "complaint: 0.79" in html
    client.force_login(handler_user)
    assert client.get(reverse("suggestions:model_quality")).status_code in (302, 403)


def test_acceptance_rate_per_attribute(client, office_user, analysed_signal, trust_everything):
    client.force_login(office_user)
    other = Field.objects.exclude(code=Suggestion.objects.get(signal=analysed_signal, attribute="field").value).first()
    client.post(
        reverse("suggestions:suggestion_action", args=[analysed_signal.pk]), {"action": "accept", "field": other.code}
    )
    page = client.get(reverse("suggestions:model_quality")).content.decode()
    # field corrected (1 confirmed, 0 accepted, 1 corrected, 0 %), area accepted (100 %)
    assert "<td>Lĩnh vực</td><td>1</td><td>0</td><td>1</td><td>0 %</td>" in page
    assert "<td>Địa bàn</td><td>1</td><td>1</td><td>0</td><td>100 %</td>" in page


def test_a_handler_sees_suggestions_of_their_units_signals_only(client, handler_user, case_factory, fast_encoder):
    mine = case_factory(unit_code="ubnd-24781", title="Đèn đường hỏng").signals.get()
    theirs = case_factory(unit_code="ubnd-22918", title="Đèn đường hỏng ở Mũi Né").signals.get()
    suggest.analyse_signals([mine, theirs])
    client.force_login(handler_user)
    case_page = client.get(reverse("cycle:case_detail", args=[mine.case_id])).content.decode()
    assert reverse("suggestions:signal_suggestions", args=[mine.pk]) in case_page
    assert client.get(reverse("suggestions:signal_suggestions", args=[mine.pk])).status_code == 200
    assert client.get(reverse("suggestions:signal_suggestions", args=[theirs.pk])).status_code == 404
    assert Unit.objects.get(code="ubnd-22918") != handler_user.staff_profile.unit
    assert Case.objects.count() == 2
