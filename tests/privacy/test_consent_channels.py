# ruff: noqa: F811 (pytest fixtures imported from their folders are used as arguments)
"""Consent evidence for the collecting paths of this round: e-mail, Zalo and SMS (through
create_signal) and identified surveys (their own table), each read from the ConsentRecord table."""

import pytest
from django.contrib.contenttypes.models import ContentType

from opinions.models import Signal
from privacy.models import ConsentRecord
from surveys.models import RespondentContact
from tests.opinions.intake.conftest import dovecot, mailbox  # noqa: F401 (fixtures)
from tests.opinions.intake.fakes import zalo_event
from tests.opinions.intake.mails import mail
from tests.opinions.intake.test_zalo_sms import api, post_sms, post_zalo  # noqa: F401 (fixture)
from tests.surveys.conftest import short_survey  # noqa: F401 (fixture)
from tests.surveys.test_respond import FIRST, url

pytestmark = pytest.mark.django_db


def consent_of(obj):
    return ConsentRecord.objects.get(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)


def test_an_email_records_consent_with_the_channel_and_the_notice(mailbox, notice):
    from opinions.intake import email as channel

    mailbox.deliver(mail(message_id="<consent@example.vn>"))
    assert channel.poll() == {"signal": 1}
    record = consent_of(Signal.objects.get())
    assert record.channel == "email" and record.notice == notice and record.purposes and record.given_at


def test_a_zalo_message_records_consent(client, api, notice):
    assert post_zalo(client, zalo_event("user_send_text")).status_code == 200
    record = consent_of(Signal.objects.get())
    assert record.channel == "zalo" and record.notice == notice and record.subject_label.startswith("LD-")


def test_an_sms_records_consent(client, api, notice):
    assert post_sms(client).status_code == 200
    signal = Signal.objects.get()
    assert signal.reporter_phone
    assert consent_of(signal).channel == "sms"


def test_an_identified_survey_records_consent_and_an_anonymous_one_none(client, short_survey, notice):
    survey = short_survey(identified=True)
    answer = {**FIRST, "da_dung": "khong", "ly_do": "mang", "full_name": "Trần Thị Lan", "email": "lan@example.invalid"}
    client.post(url(survey), answer)  # no consent ticked: nothing kept, no evidence
    assert not ConsentRecord.objects.exists()
    client.post(url(survey), {**answer, "consent": "yes"})
    record = consent_of(RespondentContact.objects.get())
    assert record.channel == "survey" and record.purposes == ["survey_follow_up"]
    assert "Trần Thị Lan" not in record.subject_label
