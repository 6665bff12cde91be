"""Demo of the cycle for `make run`: cases at every step, some overdue, some answered and public.

Built through the real services (opinions/workflow.py), then dated back so that deadlines,
overdue cases and the on-time report look like a few weeks of work. Idempotent.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from opinions.cycle import services as workflow
from opinions.cycle.deadlines import add_working_days
from opinions.models import AnswerTemplate, Area, Case, CaseEvent, Field, Response, RoutingRule, Signal, Unit
from opinions.services import create_signal

# (key, channel, kind, field, commune code, unit code, urgency, title, text, state, assigned days ago,
#  answered after (days), public)
DEMO_CASES = [
    (
        "tranphu",
        "web",
        "report",
        "giao-thong-ha-tang",
        "24781",
        "ubnd-24781",
        "normal",
        "Ổ gà lớn trên đường Trần Phú",
        "Đoạn đường Trần Phú trước khách sạn có nhiều ổ gà lớn, trời mưa đọng nước, xe máy dễ ngã vào ban đêm.",
        "answered",
        20,
        6,
        True,
    ),
    (
        "camly-nuoc",
        "hotline",
        "report",
        "giao-thong-ha-tang",
        "24787",
        "ubnd-24787",
        "pressing",
        "Nước sinh hoạt yếu, mất nước nhiều ngày ở khu dân cư Cam Ly",
        "Nhiều hộ dân phản ánh nước sinh hoạt chảy yếu, có ngày mất nước hoàn toàn, phải mua nước bình để dùng.",
        "answered_extended",
        25,
        16,
        True,
    ),
    (
        "baoloc-den",
        "web",
        "proposal",
        "giao-thong-ha-tang",
        "24823",
        "ubnd-24823",
        "normal",
        "Kiến nghị lắp đèn chiếu sáng đường vào trường tiểu học",
        "Đường vào trường tiểu học không có đèn chiếu sáng, học sinh học thêm buổi tối đi lại nguy hiểm.",
        "answered_late",
        30,
        21,
        True,
    ),
    (
        "lacduong-dat",
        "collaborator",
        "report",
        "moi-truong",
        "24848",
        "ubnd-24848",
        "pressing",
        "Khai thác đất trái phép ven suối ở xã Lạc Dương",
        "Cộng tác viên ghi nhận xe cơ giới khai thác đất ven suối vào ban đêm, gây sạt lở, người dân bức xúc.",
        "overdue",
        22,
        None,
        False,
    ),
    (
        "xuanhuong-via-he",
        "reception",
        "report",
        "quy-hoach-dat-dai",
        "24781",
        "ubnd-24781",
        "normal",
        "Lấn chiếm vỉa hè quanh chợ Đà Lạt",
        "Tại buổi tiếp công dân, người dân phản ánh hàng quán lấn chiếm vỉa hè quanh chợ, "
        "người đi bộ phải xuống lòng đường.",
        "extension_pending",
        9,
        None,
        True,
    ),
    (
        "xuanhuong-tieng-on",
        "web",
        "report",
        "moi-truong",
        "24781",
        "ubnd-24781",
        "normal",
        "Tiếng ồn từ quán karaoke sau 22 giờ",
        "Quán karaoke trong hẻm hoạt động quá 22 giờ, tiếng ồn lớn ảnh hưởng người già và trẻ nhỏ.",
        "waiting",
        6,
        None,
        False,
    ),
    (
        "xuanhuong-ho-so",
        "web",
        "proposal",
        "cai-cach-hanh-chinh",
        "24781",
        "ubnd-24781",
        "normal",
        "Hồ sơ chứng thực trả chậm tại bộ phận một cửa",
        "Hồ sơ chứng thực nộp tại bộ phận một cửa phường bị hẹn lại nhiều lần, đề nghị công khai tiến độ.",
        "submitted",
        7,
        None,
        True,
    ),
    (
        "xuanhuong-cay-xanh",
        "press",
        "report",
        "moi-truong",
        "24781",
        "ubnd-24781",
        "pressing",
        "Cây thông cổ thụ nghiêng, nguy cơ đổ trên đường Yersin",
        "Báo địa phương phản ánh cây thông cổ thụ nghiêng ra lòng đường Yersin, có nguy cơ đổ khi mưa bão.",
        "overdue",
        16,
        None,
        True,
    ),
    (
        "xuanhuong-rac",
        "web",
        "report",
        "moi-truong",
        "24781",
        "ubnd-24781",
        "normal",
        "Rác thải tồn đọng ở đầu hẻm Phan Đình Phùng",
        "Rác thải sinh hoạt tồn đọng nhiều ngày ở đầu hẻm 12 Phan Đình Phùng, bốc mùi, không thấy xe thu gom.",
        "reopened",
        14,
        5,
        True,
    ),
    (
        "camly-cho",
        "hotline",
        "report",
        "quy-hoach-dat-dai",
        "24787",
        "ubnd-24787",
        "normal",
        "Xây dựng lấn ra đường đi chung ở tổ dân phố Cam Ly",
        "Một hộ dân xây tường rào lấn ra đường đi chung của tổ dân phố, các hộ phía trong không đi xe vào được.",
        "transferred",
        5,
        None,
        False,
    ),
]

REJECTED = (
    "demo-cycle-tu-choi",
    "Quảng cáo dịch vụ cho vay, không phải ý kiến về vấn đề của địa phương. Liên hệ số điện thoại trong tin.",
    "Nội dung là quảng cáo, không phải phản ánh, kiến nghị về vấn đề của địa phương.",
)

TEMPLATES = [
    (
        "giao-thong-ha-tang",
        "Đã sửa chữa hạ tầng",
        "Về vụ việc {ma_vu_viec} ({tieu_de}): {don_vi} đã kiểm tra hiện trường và phối hợp đơn vị quản lý "
        "sửa chữa xong ngày …/…/…. Cảm ơn anh, chị đã phản ánh.",
    ),
    (
        "moi-truong",
        "Đã xử lý vi phạm môi trường",
        "Về vụ việc {ma_vu_viec}: {don_vi} đã kiểm tra, lập biên bản và yêu cầu chấm dứt vi phạm; kết quả xử lý: ….",
    ),
    (
        None,
        "Không thuộc thẩm quyền, đã chuyển",
        "Về vụ việc {ma_vu_viec}: nội dung anh, chị phản ánh không thuộc thẩm quyền của {don_vi}; "
        "đơn vị đã chuyển đến … để giải quyết theo quy định.",
    ),
]

ANSWERS = {
    "tranphu": "UBND phường đã phối hợp đơn vị quản lý đường bộ vá toàn bộ ổ gà trên đoạn đường Trần Phú "
    "ngày 10/11. Cảm ơn anh, chị đã phản ánh.",
    "camly-nuoc": "Công ty cấp nước đã thay đoạn ống chính bị rò rỉ và lắp thêm trạm tăng áp; nước đã ổn định "
    "từ ngày 15/11.",
    "baoloc-den": "UBND phường đã đưa tuyến đường vào kế hoạch chiếu sáng năm 2026; 12 bộ đèn đã được lắp đặt.",
    "xuanhuong-rac": "UBND phường đã yêu cầu đơn vị thu gom dọn sạch điểm rác đầu hẻm ngày 25/11.",
}


def load_demo_cycle():
    """Each demo case once (by its submission key), so that rows added later reach older installs."""
    done = set(Signal.objects.filter(submission_key__startswith="demo-cycle-").values_list("submission_key", flat=True))
    User = get_user_model()
    office = User.objects.get(username="bantuyengiao")
    handler = User.objects.get(username="canbo.xuanhuong")
    RoutingRule.objects.get_or_create(
        field=Field.objects.get(code="giao-duc"),
        area=None,
        defaults={"unit": Unit.objects.get(short_name="Sở GD&ĐT"), "note": "Trường học thuộc Sở quản lý."},
    )
    now = timezone.now()
    for field_code, title, text in TEMPLATES:
        field = Field.objects.get(code=field_code) if field_code else None
        AnswerTemplate.objects.get_or_create(field=field, title=title, defaults={"text": text})
    if REJECTED[0] not in done:
        signal, _ = create_signal(channel="web", kind="report", text=REJECTED[1], submission_key=REJECTED[0])
        workflow.reject_signal(office, signal, REJECTED[2])
    for row in DEMO_CASES:
        key, unit_code, state, after = row[0], row[5], row[9], row[11]
        if f"demo-cycle-{key}" in done:
            continue
        signal, case, assigned_at = _open_demo_case(office, row, now)
        unit_user = handler if unit_code == "ubnd-24781" else office
        _advance_demo_case(office, unit_user, key, state, signal, case, assigned_at, after)


def _open_demo_case(office, row, now):
    """The row's signal, opened as a case and assigned `ago` days back, with the deadline of that day."""
    key, channel, kind, field, area_code, unit_code, urgency, title, text, _state, ago, _after, public = row
    signal, _ = create_signal(
        channel=channel,
        kind=kind,
        text=text,
        title=title,
        submission_key=f"demo-cycle-{key}",
        field=Field.objects.get(code=field),
        area=Area.objects.get(code=area_code),
        urgency=urgency,
        allow_public=public,
        reporter_name="Lê Văn Bình" if public else "",
        reporter_email="binh@example.invalid" if public else "",
        consent_personal_data=public,
        received_at=now - datetime.timedelta(days=ago, hours=3),
    )
    case = workflow.open_case(office, signal)
    workflow.assign_case(office, case, Unit.objects.get(code=unit_code))
    assigned_at = now - datetime.timedelta(days=ago)
    days, working = workflow.deadline_policy(kind, urgency)
    deadline = add_working_days(timezone.localdate(assigned_at), days)
    Case.objects.filter(pk=case.pk).update(assigned_at=assigned_at, deadline=deadline, original_deadline=deadline)
    case.events.update(at=assigned_at)
    signal.events.update(at=assigned_at)
    case.refresh_from_db()
    return signal, case, assigned_at


def _advance_demo_case(office, unit_user, key, state, signal, case, assigned_at, after):
    """Take the case to its demo state: answered (maybe after an extension), waiting, submitted…"""
    if state.startswith("answered") or state == "reopened":
        workflow.add_note(unit_user, case, "Đã kiểm tra hiện trường, giao bộ phận chuyên môn xử lý.")
        if state == "answered_extended":
            ext = workflow.request_extension(unit_user, case, 5, "Cần thay đoạn ống chính, chờ vật tư.")
            workflow.decide_extension(office, ext, approve=True, note="Đồng ý gia hạn 5 ngày làm việc.")
        draft = workflow.draft_response(unit_user, case, ANSWERS[key], submit=True)
        workflow.approve_response(office, draft)
        answered_at = assigned_at + datetime.timedelta(days=after)
        Case.objects.filter(pk=case.pk).update(answered_at=answered_at)
        Response.objects.filter(pk=draft.pk).update(approved_at=answered_at)
        case.events.filter(action=CaseEvent.Action.APPROVED).update(at=answered_at)
        if key == "tranphu":
            workflow.rate_answer(signal, "satisfied", "Cảm ơn phường xử lý nhanh.")
        if state == "reopened":
            workflow.rate_answer(signal, "unsatisfied", "Chỉ dọn một lần, hôm sau rác lại đầy.")
            workflow.reopen_case(signal, "Rác vẫn tồn đọng trở lại sau một ngày, đề nghị bố trí lịch thu gom cố định.")
            workflow.assign_officer(unit_user, case, unit_user)
            workflow.add_internal_note(unit_user, case, "Đã gọi công ty môi trường, hẹn khảo sát lại tuyến thu gom.")
    elif state == "transferred":
        workflow.transfer_case(
            office, case, Unit.objects.get(code="ubnd-24781"), "Vị trí thuộc địa bàn phường Xuân Hương sau sáp nhập."
        )
    elif state == "extension_pending":
        workflow.add_note(unit_user, case, "Đã mời các hộ kinh doanh làm việc, lập biên bản.")
        workflow.request_extension(unit_user, case, 5, "Chờ phối hợp với Ban quản lý chợ cưỡng chế.")
    elif state == "waiting":
        workflow.pause_case(unit_user, case, "Đề nghị người dân cho biết địa chỉ quán và khung giờ cụ thể.")
    elif state == "submitted":
        workflow.draft_response(
            unit_user,
            case,
            "Bộ phận một cửa đã rà soát, bổ sung nhân lực; hồ sơ của ông, bà đã được trả.",
            submit=True,
        )
