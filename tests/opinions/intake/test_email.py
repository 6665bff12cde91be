"""The e-mail channel against a real IMAP server (a private Dovecot on 127.0.0.1)."""

import pytest
from django.core import mail as outbox
from django.core.management import call_command
from django.urls import reverse

from opinions.cycle import services as cycle
from opinions.cycle.notify import send_pending_emails
from opinions.intake import email as channel
from opinions.models import Case, CaseEvent, Field, InboundEmail, MailboxCursor, OutgoingEmail, Signal, Unit
from tests.opinions.intake.mails import cp1258, jpeg, mail

pytestmark = pytest.mark.django_db


def poll():
    return channel.poll()


def test_a_message_becomes_a_signal_with_its_attachment_and_is_read_once(mailbox):
    mailbox.deliver(mail(attachments=[("anh.jpg", jpeg(), "image", "jpeg")], message_id="<m1@example.vn>"))
    assert poll() == {"signal": 1}
    signal = Signal.objects.get()
    assert signal.channel == "email" and signal.title == "Phản ánh đường hư hỏng"
    assert "ổ gà" in signal.text and signal.reporter_email == "dan@example.vn" and signal.consent_personal_data
    assert signal.attachments.get().content_type == "image/jpeg"
    ack = OutgoingEmail.objects.get()
    assert ack.to == "dan@example.vn" and signal.tracking_code in ack.subject
    assert ack.headers["In-Reply-To"] == "<m1@example.vn>" and ack.subject.startswith("Re: ")
    assert poll() == {} and Signal.objects.count() == 1
    send_pending_emails()
    assert outbox.outbox[-1].extra_headers["In-Reply-To"] == "<m1@example.vn>"


def test_replies_join_their_signal_and_the_answer_goes_back_in_the_thread(mailbox, office_user):
    mailbox.deliver(mail(message_id="<goc@example.vn>"))
    poll()
    signal = Signal.objects.get()
    mailbox.deliver(
        mail(
            "Xin bổ sung: ổ gà lớn nhất trước số nhà 12.\n\n> trích thư cũ",
            subject="Re: Phản ánh đường hư hỏng",
            headers={"In-Reply-To": "<goc@example.vn>", "References": "<goc@example.vn>"},
            attachments=[("them.jpg", jpeg(), "image", "jpeg")],
        ),
        mail("Gửi thêm từ máy khác", subject=f"Hỏi tiến độ {signal.tracking_code}", sender="khac@example.vn"),
    )
    assert poll() == {"joined": 2}
    assert Signal.objects.count() == 1 and signal.attachments.count() == 1
    notes = list(CaseEvent.objects.filter(signal=signal, action=CaseEvent.Action.NOTE).values_list("note", flat=True))
    assert any("số nhà 12" in n and "trích thư cũ" not in n for n in notes) and len(notes) == 2
    # The answer, approved, goes back in the thread the citizen started.
    unit = Unit.objects.get(code="ubnd-24781")
    field = Field.objects.get(code="giao-thong-ha-tang")
    cycle.classify_signal(office_user, signal, kind="report", field=field, area=unit.areas.first(), urgency="normal")
    case = cycle.open_case(office_user, signal)
    cycle.assign_case(office_user, case, unit)
    response = cycle.draft_response(office_user, case, "Đã vá xong các ổ gà trên đường Trần Phú.", submit=True)
    cycle.approve_response(office_user, response)
    answer = OutgoingEmail.objects.filter(subject__startswith="Trả lời").get()
    assert answer.headers["In-Reply-To"] == InboundEmail.objects.latest("created_at").message_id
    assert answer.headers["References"].startswith("<goc@example.vn> ")
    # A reply to a case code also joins.
    mailbox.deliver(mail("Cảm ơn", subject=f"Re: {Case.objects.get().code}", sender="dan@example.vn"))
    assert poll() == {"joined": 1}


@pytest.mark.parametrize(
    "headers,subject",
    [
        ({"Auto-Submitted": "auto-replied"}, "Trả lời: phản ánh"),
        ({"Precedence": "bulk"}, "Bản tin"),
        ({"List-Id": "<tin.example.vn>"}, "Thư nhóm"),
        ({}, "Out of Office: vắng mặt đến thứ hai"),
        ({}, "Trả lời tự động: tôi đang đi công tác"),
    ],
)
def test_auto_replies_and_lists_are_skipped(mailbox, headers, subject):
    mailbox.deliver(mail(subject=subject, headers=headers))
    assert poll() == {"skipped": 1}
    assert Signal.objects.count() == 0 and OutgoingEmail.objects.count() == 0
    assert InboundEmail.objects.get().reason


def test_a_bounce_is_skipped(mailbox):
    bounce = (
        b"From: Mail Delivery System <MAILER-DAEMON@mail.example.vn>\r\nTo: langnghe@lamdong.gov.vn\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <b1@mail.example.vn>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system.\r\n"
        b"--B\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--B--\r\n"
    )
    mailbox.deliver(bounce)
    assert poll() == {"skipped": 1} and Signal.objects.count() == 0
    assert "bounce" in InboundEmail.objects.get().reason


def test_vietnamese_in_every_encoding_reads_clean(mailbox):
    import quopri

    text = "Điện nước ở thôn Đạ Tế mất từ sáng, bà con rất bức xúc."
    windows = (
        b"From: =?windows-1258?Q?"
        + quopri.encodestring(cp1258("Trần Thị Huệ"), header=True)
        + b"?= <hue@example.vn>\r\n"
        b"Subject: =?windows-1258?Q?" + quopri.encodestring(cp1258("Mất điện"), header=True) + b"?=\r\n"
        b"Message-ID: <w1258@example.vn>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        + quopri.encodestring(cp1258(text))
        + b"\r\n"
    )
    no_charset = (
        "From: an@example.vn\r\nSubject: Đèn đường hỏng\r\nMessage-ID: <raw8@example.vn>\r\n\r\n"
        "Đèn đường ở phường Xuân Hương hỏng cả tuần.\r\n"
    ).encode()
    html_only = (
        b"From: b@example.vn\r\nSubject: =?utf-8?B?" + __import__("base64").b64encode("Rác thải".encode()) + b"?=\r\n"
        b"Message-ID: <html@example.vn>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        + "<p>Rác thải <b>chưa được thu gom</b></p><script>x()</script>".encode()
    )
    mailbox.deliver(windows, no_charset, html_only)
    assert poll() == {"signal": 3}
    by_sender = {s.reporter_email: s for s in Signal.objects.all()}
    assert by_sender["hue@example.vn"].text == text and by_sender["hue@example.vn"].title == "Mất điện"
    assert by_sender["hue@example.vn"].reporter_name == "Trần Thị Huệ"
    assert "Xuân Hương" in by_sender["an@example.vn"].text and by_sender["an@example.vn"].title == "Đèn đường hỏng"
    assert (
        by_sender["b@example.vn"].text == "Rác thải chưa được thu gom" and by_sender["b@example.vn"].title == "Rác thải"
    )


def test_unreadable_messages_are_set_aside_with_the_reason_and_never_lost(mailbox):
    empty = b"From: c@example.vn\r\nSubject: \r\nMessage-ID: <empty@example.vn>\r\n\r\n\r\n"
    nobody = b"Subject: ai gui\r\n\r\nNoi dung\r\n"
    broken = (
        b"From: d@example.vn\r\nSubject: hong\r\nMessage-ID: <broken@example.vn>\r\n"
        b'Content-Type: multipart/mixed; boundary="KHONG-CO"\r\n\r\nphan dau\r\n--SAI\r\nloi\r\n'
    )
    mailbox.deliver(empty, nobody, broken)
    counts = poll()
    assert counts.get("unreadable") == 2
    unreadable = InboundEmail.objects.filter(outcome="unreadable")
    assert {r.reason for r in unreadable} == {
        "Thư rỗng",
        "Thư không có nội dung",
        "Không xác định được địa chỉ người gửi",
    } & {r.reason for r in unreadable}
    assert all(r.raw for r in unreadable)
    assert poll() == {}


def test_a_40_mb_attachment_is_refused_but_the_text_is_kept(mailbox):
    big = b"%PDF-" + b"0" * (40 * 1024 * 1024)
    mailbox.deliver(mail(attachments=[("ho-so.pdf", big, "application", "pdf")], message_id="<lon@example.vn>"))
    assert poll() == {"signal": 1}
    signal = Signal.objects.get()
    assert signal.attachments.count() == 0 and "ổ gà" in signal.text
    record = InboundEmail.objects.get()
    assert "quá lớn" in record.reason and "UID" not in record.reason


def test_a_poll_that_stops_midway_reads_nothing_twice_and_loses_nothing(mailbox, monkeypatch):
    mailbox.deliver(*[mail(f"Ý kiến số {n}", message_id=f"<crash{n}@example.vn>") for n in range(6)])
    real = channel.store_message
    seen = []

    def dying(config, cursor, uid, raw):
        if len(seen) == 3:
            raise KeyboardInterrupt("máy chủ tắt giữa chừng")
        seen.append(uid)
        return real(config, cursor, uid, raw)

    monkeypatch.setattr(channel, "store_message", dying)
    with pytest.raises(KeyboardInterrupt):
        poll()
    assert Signal.objects.count() == 3
    monkeypatch.undo()
    assert poll() == {"signal": 3}
    assert Signal.objects.count() == 6 and len({s.text for s in Signal.objects.all()}) == 6
    # The server rebuilds the folder (a new UIDVALIDITY): the messages are recognised, not repeated.
    MailboxCursor.objects.update(uidvalidity=1)
    InboundEmail.objects.update(uidvalidity=1)
    assert poll() == {"skipped": 6} and Signal.objects.count() == 6


def test_the_command_says_when_the_mailbox_is_not_configured(settings, capsys, db):
    settings.INTAKE_IMAP_HOST = ""
    call_command("poll_mailbox")
    assert "chưa cấu hình" in capsys.readouterr().out


def test_the_office_sees_the_unreadable_list_and_others_are_refused(mailbox, client, office_user, handler_user):
    mailbox.deliver(b"From: c@example.vn\r\nSubject: rong\r\nMessage-ID: <rong@example.vn>\r\n\r\n\r\n")
    poll()
    record = InboundEmail.objects.get()
    client.force_login(handler_user)
    assert client.get(reverse("intake:mail_list")).status_code in (302, 403)
    assert client.get(reverse("intake:mail_raw", args=[record.pk])).status_code in (302, 403)
    client.force_login(office_user)
    page = client.get(reverse("intake:mail_list")).content.decode()
    assert "Thư không có nội dung" in page and "c@example.vn" in page
    assert b"rong@example.vn" in b"".join(client.get(reverse("intake:mail_raw", args=[record.pk])).streaming_content)
    client.post(reverse("intake:mail_resolve", args=[record.pk]), {"note": "đã gọi điện cho người dân"})
    record.refresh_from_db()
    assert record.outcome == "resolved" and "gọi điện" in record.reason
