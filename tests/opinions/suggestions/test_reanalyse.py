"""Phân tích lại: re-run the analysis of a signal, or of the whole intake queue, with the active models."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from opinions.models import Attribute, ConfirmedLabel, Signal, Suggestion
from opinions.suggestions import services as suggest
from opinions.suggestions import tasks
from tests.opinions.suggestions.test_analysis_platform import (
    fast_encoder,  # noqa: F401 (fixtures)
    make_signal,
)

pytestmark = pytest.mark.django_db

NEW_VERSION = "field-thu-nghiem-2"


@pytest.fixture(autouse=True)
def no_recent_requests():
    """The double-click guard lives in the cache, which outlives each test's rolled-back database."""
    cache.clear()


class NewFieldModel:
    """Stands for a field model activated after the signals were first analysed."""

    version = NEW_VERSION

    def predict_with_confidence(self, texts):
        return [("moi-truong", 0.93) for _ in texts]


@pytest.fixture
def new_field_model(monkeypatch):
    real = suggest.active_classifier
    monkeypatch.setattr(suggest, "active_classifier", lambda task: NewFieldModel() if task == "field" else real(task))


@pytest.fixture
def queue(fast_encoder):  # noqa: F811
    signals = [
        make_signal("Khói bụi và mùi hôi từ bãi rác ở phường Xuân Hương làm dân bức xúc.", key="re-1"),
        make_signal("Nước thải xả ra suối ở xã Hòa Ninh, cá chết hàng loạt.", key="re-2"),
    ]
    suggest.analyse_pending()
    return signals


def field_suggestion(signal):
    return Suggestion.objects.get(signal=signal, attribute=Attribute.FIELD, status=Suggestion.Status.PENDING)


def test_reanalysis_replaces_unconfirmed_suggestions_and_keeps_confirmed_labels(
    client, office_user, queue, new_field_model
):
    signal = queue[0]
    old = field_suggestion(signal)
    assert old.model_version == suggest.ZERO_SHOT_VERSION
    suggest.correct_suggestion(office_user, signal, Attribute.AREA, "24781")  # the office confirmed the commune
    label = ConfirmedLabel.objects.get(signal=signal, attribute=Attribute.AREA)
    confirmed_area = Suggestion.objects.get(signal=signal, attribute=Attribute.AREA)

    client.force_login(office_user)
    page = reverse("cycle:signal_triage", args=[signal.pk])
    assert reverse("suggestions:signal_reanalyse", args=[signal.pk]) in client.get(page).content.decode()
    response = client.post(reverse("suggestions:signal_reanalyse", args=[signal.pk]), {"next": page}, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert f"Đã yêu cầu phân tích lại {signal.tracking_code}" in response.content.decode()

    new = field_suggestion(signal)
    assert (new.value, new.model_version, new.confidence) == ("moi-truong", NEW_VERSION, 0.93)
    assert not Suggestion.objects.filter(pk=old.pk).exists()
    assert ConfirmedLabel.objects.get(pk=label.pk).confirmed_at == label.confirmed_at
    assert ConfirmedLabel.objects.get(signal=signal, attribute=Attribute.AREA).value == "24781"
    # the confirmed commune keeps its suggestion and gets no new one to confirm again
    assert Suggestion.objects.get(signal=signal, attribute=Attribute.AREA) == confirmed_area
    assert signal.analysis.versions[Attribute.FIELD] == NEW_VERSION
    # the other signal of the queue was left alone
    assert field_suggestion(queue[1]).model_version == suggest.ZERO_SHOT_VERSION


def test_the_quality_screen_reanalyses_the_whole_queue_through_the_worker(
    client, office_user, queue, new_field_model, monkeypatch
):
    rejected = queue[1]
    Signal.objects.filter(pk=rejected.pk).update(status=Signal.Status.REJECTED)
    enqueued = []
    from opinions.suggestions import tasks

    real = tasks.reanalyse_task

    class Recorder:
        def enqueue(self, *args):
            enqueued.append(args)
            return real.enqueue(*args)

    monkeypatch.setattr(tasks, "reanalyse_task", Recorder())
    client.force_login(office_user)
    quality = reverse("suggestions:model_quality")
    assert reverse("suggestions:queue_reanalyse") in client.get(quality).content.decode()
    assert client.get(reverse("suggestions:queue_reanalyse")).status_code == 405
    response = client.post(reverse("suggestions:queue_reanalyse"), follow=True)
    assert response.redirect_chain[-1][0] == quality
    assert "Đã yêu cầu phân tích lại 1 thông tin trong hàng chờ" in response.content.decode()
    assert enqueued == [(None,)]  # handed to the task, not analysed in the view
    assert field_suggestion(queue[0]).model_version == NEW_VERSION
    assert field_suggestion(rejected).model_version == suggest.ZERO_SHOT_VERSION  # not in the queue
    # a double click within the dedup window is not enqueued twice
    again = client.post(reverse("suggestions:queue_reanalyse"), follow=True)
    assert "vừa được gửi" in again.content.decode() and len(enqueued) == 1


def test_non_office_users_cannot_reanalyse(client, handler_user, leader_user, queue, new_field_model):
    signal = queue[0]
    for user in (handler_user, leader_user):
        client.force_login(user)
        assert client.post(reverse("suggestions:signal_reanalyse", args=[signal.pk])).status_code in (302, 403)
        assert client.post(reverse("suggestions:queue_reanalyse")).status_code in (302, 403)
        with pytest.raises(PermissionDenied):
            tasks.request_reanalysis(user, signal)
    assert field_suggestion(signal).model_version == suggest.ZERO_SHOT_VERSION
    client.force_login(leader_user)
    assert (
        reverse("suggestions:queue_reanalyse") not in client.get(reverse("suggestions:model_quality")).content.decode()
    )


def test_a_post_without_the_csrf_token_is_refused(office_user, queue, new_field_model):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(office_user)
    assert browser.post(reverse("suggestions:signal_reanalyse", args=[queue[0].pk])).status_code == 403
    assert field_suggestion(queue[0]).model_version == suggest.ZERO_SHOT_VERSION


def test_the_sweep_command_reanalyses_the_queue(queue, new_field_model):
    out = StringIO()
    call_command("analysis_sweep", "--reanalyse", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1]) == {"analysed": 2, "waiting": 0}
    assert {field_suggestion(s).model_version for s in queue} == {NEW_VERSION}
