"""Demo users and content for `make run` (DEMO=1). Idempotent: a second run changes nothing."""

import datetime
import importlib
import importlib.util

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from news.demo import load_demo_pages
from opinions import access
from opinions.demo.alerts import load_demo_alerts
from opinions.demo.channels import load_demo_channels
from opinions.demo.cycle import load_demo_cycle
from opinions.demo.network import load_demo_network
from opinions.models import Area, Case, Channel, Field, Signal, SignalKind, StaffProfile, Unit, Urgency
from opinions.services import create_signal

DEMO_PASSWORD = "langnghe-demo-2026"
DEMO_USERS = [
    # username, full name, group, unit code
    ("bantuyengiao", "Nguyễn Thị Hồng", access.OFFICE_GROUP, "ban-tuyen-giao-dan-van"),
    ("canbo.xuanhuong", "Trần Văn Minh", access.HANDLER_GROUP, "ubnd-24781"),
    ("bientap", "Lê Thu Trang", access.EDITOR_GROUP, "ban-tuyen-giao-dan-van"),
    ("lanhdao", "Phạm Quốc Bảo", access.LEADER_GROUP, "dang-uy-ubnd-tinh"),
]

DEMO_SIGNALS = [
    (
        "hotline",
        SignalKind.REPORT,
        "boi-thuong-gpmb",
        "Chậm chi trả tiền bồi thường dự án mở rộng đường",
        "Nhiều hộ dân có đất bị thu hồi để mở rộng đường đã bàn giao mặt bằng hơn 6 tháng nhưng chưa "
        "nhận được tiền bồi thường, hỗ trợ. Đề nghị cơ quan chức năng kiểm tra, giải quyết.",
    ),
    (
        "web",
        SignalKind.REPORT,
        "moi-truong",
        "Rác thải tồn đọng tại khu chợ",
        "Rác thải sinh hoạt tồn đọng nhiều ngày gần khu chợ, bốc mùi hôi, ảnh hưởng sức khỏe người dân "
        "và mỹ quan đô thị. Đề nghị tăng tần suất thu gom.",
    ),
    (
        "web",
        SignalKind.PROPOSAL,
        "cai-cach-hanh-chinh",
        "Kiến nghị rút ngắn thời gian cấp giấy chứng nhận",
        "Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất nộp tại bộ phận một cửa đã quá hạn hẹn trả. "
        "Kiến nghị công khai tiến độ giải quyết hồ sơ trên cổng dịch vụ công.",
    ),
    (
        "collaborator",
        SignalKind.OPINION,
        "giao-duc",
        "Phụ huynh băn khoăn về các khoản thu đầu năm",
        "Cộng tác viên ghi nhận nhiều phụ huynh băn khoăn về các khoản thu đầu năm học tại một số trường "
        "tiểu học, đề nghị nhà trường công khai rõ các khoản thu theo quy định.",
    ),
]


@transaction.atomic
def load_demo_data():
    """Returns the list of (username, password, role) of the demo users."""
    User = get_user_model()
    users = []
    for username, full_name, group_name, unit_code in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            first, _, last = full_name.rpartition(" ")
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=last,
                last_name=first,
                email=f"{username.replace('.', '-')}@example.invalid",
            )
            user.groups.add(Group.objects.get(name=group_name))
            StaffProfile.objects.create(user=user, unit=Unit.objects.get(code=unit_code))
        users.append((username, DEMO_PASSWORD, group_name))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.invalid", DEMO_PASSWORD)
    users.append(("admin", DEMO_PASSWORD, "Quản trị hệ thống"))
    load_demo_signals()
    load_demo_cycle()
    load_demo_network(User.objects.filter(username="bantuyengiao").first())
    load_demo_alerts()
    load_demo_channels(User.objects.filter(username="bantuyengiao").first())
    load_demo_pages()
    load_app_demos()
    return users


def load_app_demos():
    """The demo data of the apps built on the domain: each app with a `demo` module exposing
    `load_demo()` gets it called (reports, monitoring, surveys, privacy...). Imported by name so
    that the domain imports none of them (pyproject.toml's contracts)."""
    for config in apps.get_app_configs():
        if config.name in ("opinions", "news") or "." in config.name:
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        loader = getattr(module, "load_demo", None)
        if loader is not None:
            loader()


def load_demo_signals():
    if Signal.objects.filter(submission_key__startswith="demo-").exists():
        return
    area = Area.objects.get(code="24781")
    unit = Unit.objects.get(code="ubnd-24781")
    for i, (channel, kind, field_code, title, text) in enumerate(DEMO_SIGNALS):
        signal, _ = create_signal(
            channel=Channel(channel),
            kind=kind,
            text=text,
            title=title,
            submission_key=f"demo-{i}",
            field=Field.objects.get(code=field_code),
            area=area,
            reporter_name="Nguyễn Văn An" if i == 0 else "",
            reporter_phone="0912345678" if i == 0 else "",
            consent_personal_data=i == 0,
            allow_public=True,
        )
        if i < 2:
            case = Case.objects.create(
                title=title,
                summary=text,
                kind=kind,
                field=signal.field,
                area=area,
                status=Case.Status.ASSIGNED,
                assigned_unit=unit,
                urgency=Urgency.PRESSING if i == 0 else Urgency.NORMAL,
                deadline=timezone.localdate() + datetime.timedelta(days=14),
            )
            signal.case = case
            signal.status = Signal.Status.ATTACHED
            signal.save(update_fields=["case", "status"])
