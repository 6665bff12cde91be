"""Demo data of the network: focal points, collaborators, the rules, a training and one open
reporting period with a few reports. Idempotent: a second run changes nothing."""

import datetime

from django.utils import timezone

from opinions.models import (
    Area,
    Collaborator,
    CollaboratorRules,
    Field,
    FocalPoint,
    ReportingPeriod,
    Training,
    Unit,
    UnitReportItem,
    Urgency,
)
from opinions.network.unit_reports import submit_unit_report

FOCAL_POINTS = [
    # unit code, name, position, phone
    ("ban-tuyen-giao-dan-van", "Võ Thị Thu Hà", "Phó Trưởng ban", "0263382101"),
    ("ubnd-24781", "Trần Văn Minh", "Chuyên viên Văn phòng HĐND và UBND phường", "0263382102"),
    ("ubnd-24787", "Nguyễn Hoàng Long", "Phó Chủ tịch UBND phường", "0263382103"),
    ("ubnd-24778", "Lê Thị Ngọc Ánh", "Công chức Văn hóa – Xã hội", "0263382104"),
    ("ubnd-22918", "Huỳnh Văn Tài", "Phó Chủ tịch UBND phường", "0252382105"),
    ("ubnd-24823", "Phan Thị Kim Oanh", "Chuyên viên Văn phòng UBND phường", "0263382106"),
    ("so-nn-mt", "Đặng Quốc Việt", "Chánh Văn phòng Sở", "0263382107"),
    ("so-y-te", "Bùi Thị Thanh Tâm", "Phó Chánh Văn phòng Sở", "0263382108"),
    ("so-gd-dt", "Ngô Minh Khoa", "Trưởng phòng Chính trị, tư tưởng", "0263382109"),
    ("so-xay-dung", "Đỗ Văn Hùng", "Chuyên viên Văn phòng Sở", "0263382110"),
]

COLLABORATORS = [
    # name, birth year, phone, area code, unit code, position, field codes
    ("Nguyễn Văn Bình", 1968, "0912100201", "24781", "ubnd-24781", "Bí thư chi bộ khu phố", "quy-hoach-dat-dai"),
    ("Trần Thị Lan", 1975, "0912100202", "24781", "ubnd-24781", "Chi hội trưởng phụ nữ", "giao-duc; y-te"),
    ("Lê Văn Hải", 1960, "0912100203", "24787", "ubnd-24787", "Cựu chiến binh", "an-ninh-trat-tu"),
    ("Phạm Thị Hương", 1982, "0912100204", "24787", "ubnd-24787", "Giáo viên", "giao-duc"),
    ("Hoàng Văn Thắng", 1971, "0912100205", "24778", "ubnd-24778", "Trưởng thôn", "moi-truong"),
    ("Vũ Thị Mai", 1988, "0912100206", "24778", "ubnd-24778", "Cán bộ Đoàn phường", "chuyen-doi-so"),
    ("Đặng Văn Lợi", 1965, "0912100207", "22918", "ubnd-22918", "Ngư dân, tổ trưởng tổ đoàn kết", "kinh-te"),
    ("Bùi Thị Ngọc", 1979, "0912100208", "22918", "ubnd-22918", "Tiểu thương chợ Mũi Né", "kinh-te; moi-truong"),
    ("Đỗ Minh Tuấn", 1985, "0912100209", "24823", "ubnd-24823", "Chủ nhiệm hợp tác xã chè", "kinh-te"),
    ("Ngô Thị Thảo", 1990, "0912100210", "24823", "ubnd-24823", "Y sĩ trạm y tế", "y-te"),
    ("K'Brêu", 1972, "0912100211", "24829", None, "Người có uy tín trong đồng bào dân tộc thiểu số", "van-hoa-xa-hoi"),
    ("Ka Thị Hoa", 1983, "0912100212", "24829", None, "Hội viên Hội Nông dân", "quy-hoach-dat-dai"),
    ("Trương Văn Sơn", 1958, "0912100213", "24846", None, "Hưu trí, nguyên cán bộ xã", "cong-tac-can-bo"),
    ("Lý Thị Diệu", 1977, "0912100214", "24846", None, "Hướng dẫn viên du lịch", "kinh-te"),
    ("Phan Quốc Cường", 1980, "0912100215", "22933", None, "Kỹ sư xây dựng", "dau-tu-cong"),
    ("Mai Thị Yến", 1986, "0912100216", "22933", None, "Kế toán doanh nghiệp", "cai-cach-hanh-chinh"),
    ("Hồ Văn Phúc", 1969, "0912100217", "24820", None, "Trưởng ban công tác Mặt trận khu phố", "boi-thuong-gpmb"),
    ("Dương Thị Hạnh", 1992, "0912100218", "24820", None, "Phóng viên cơ sở", "chuyen-doi-so"),
    ("Tạ Văn Khải", 1963, "0912100219", "24841", None, "Bí thư chi bộ thôn", "xay-dung-dang", "suspended"),
    ("Lâm Thị Bích", 1974, "0912100220", "24841", None, "Chi hội trưởng nông dân", "moi-truong", "ended"),
]

REPORTS = {
    "ubnd-24787": [
        (
            "boi-thuong-gpmb",
            "24787",
            "Nhiều hộ dân có đất thu hồi cho dự án hồ chứa băn khoăn về đơn giá bồi thường "
            "thấp hơn giá thị trường; một số hộ chưa đồng thuận bàn giao mặt bằng.",
            "discontent",
            "many",
            Urgency.PRESSING,
            "Đề nghị công khai phương án giá đất cụ thể và tổ chức đối thoại với các hộ dân.",
        ),
        (
            "giao-duc",
            "24787",
            "Phụ huynh đồng tình với việc miễn học phí, nhưng phản ánh thiếu phòng học ở điểm trường tiểu học.",
            "concerned",
            "part",
            Urgency.NORMAL,
            "Đề nghị bố trí vốn sửa chữa, xây thêm phòng học.",
        ),
    ],
    "ubnd-24778": [
        (
            "moi-truong",
            "24778",
            "Người dân bức xúc vì mùi hôi từ bãi tập kết rác gần khu dân cư, nhất là khi mưa.",
            "discontent",
            "majority",
            Urgency.URGENT,
            "Đề nghị di dời điểm tập kết, tăng tần suất thu gom.",
        ),
    ],
    "ubnd-22918": [
        (
            "kinh-te",
            "22918",
            "Ngư dân phấn khởi vì mùa cá nam trúng mùa, giá bán ổn định.",
            "supportive",
            "majority",
            Urgency.NORMAL,
            "",
        ),
        (
            "an-ninh-trat-tu",
            "22918",
            "Một bộ phận người dân lo ngại tình trạng đua xe trái phép trên đường ven biển vào ban đêm.",
            "concerned",
            "part",
            Urgency.PRESSING,
            "Đề nghị công an phường tăng cường tuần tra.",
        ),
    ],
}


def load_demo_network(office_user=None):
    if not FocalPoint.objects.exists():
        units = {u.code: u for u in Unit.objects.filter(code__in=[f[0] for f in FOCAL_POINTS])}
        FocalPoint.objects.bulk_create(
            [
                FocalPoint(
                    unit=units[code],
                    full_name=name,
                    position=position,
                    phone=phone,
                    email=f"daumoi.{code}@example.invalid",
                    appointed_on=datetime.date(2025, 8, 1),
                )
                for code, name, position, phone in FOCAL_POINTS
            ]
        )
    if not CollaboratorRules.objects.exists():
        CollaboratorRules.objects.create(
            title="Quy chế hoạt động của đội ngũ cộng tác viên dư luận xã hội Đảng ủy UBND tỉnh",
            number="05-QC/ĐU",
            issued_on=datetime.date(2025, 9, 15),
            summary=(
                "Cộng tác viên DLXH nắm bắt tâm tư, nguyện vọng của Nhân dân trên địa bàn, lĩnh vực được phân "
                "công; phản ánh trung thực, khách quan, kịp thời về Ban Tuyên giáo và Dân vận.\n"
                "Báo cáo định kỳ hằng tháng trước ngày 20; báo cáo nhanh khi có vụ việc phức tạp, điểm nóng.\n"
                "Giữ bí mật thông tin theo quy định; không tự ý đăng tải thông tin đã phản ánh.\n"
                "Tham gia giao ban cộng tác viên hằng quý và các lớp tập huấn, bồi dưỡng nghiệp vụ."
            ),
        )
    training, _ = Training.objects.get_or_create(
        title="Tập huấn kỹ năng nắm bắt, tổng hợp dư luận xã hội năm 2025",
        held_on=datetime.date(2025, 10, 22),
        defaults={"place": "Hội trường Đảng ủy UBND tỉnh, Đà Lạt", "organiser": "Ban Tuyên giáo và Dân vận"},
    )
    if not Collaborator.objects.exists():
        load_demo_collaborators(training)
    if not ReportingPeriod.objects.exists():
        load_demo_period(office_user)


def load_demo_collaborators(training):
    areas = {a.code: a for a in Area.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    fields = {f.code: f for f in Field.objects.all()}
    for number, row in enumerate(COLLABORATORS, 1):
        name, year, phone, area, unit, position, field_codes = row[:7]
        status = row[7] if len(row) > 7 else Collaborator.Status.ACTIVE
        collaborator = Collaborator.objects.create(
            full_name=name,
            birth_year=year,
            phone=phone,
            id_number=f"0680{year % 100:02d}00{number:04d}",
            area=areas[area],
            unit=units.get(unit),
            position=position,
            decision_number=f"{12 + number // 10}-QĐ/ĐU",
            decision_date=datetime.date(2025, 9, 20),
            started_on=datetime.date(2025, 10, 1),
            status=status,
            suspended_on=datetime.date(2026, 3, 1) if status == "suspended" else None,
            ended_on=datetime.date(2026, 5, 1) if status == "ended" else None,
        )
        collaborator.fields.set([fields[c.strip()] for c in field_codes.split(";")])
        if number <= 12:
            collaborator.trainings.add(training)


def load_demo_period(office_user):
    today = timezone.localdate()
    start = today.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    deadline = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=5), datetime.time(17)))
    period = ReportingPeriod.objects.create(
        title=f"Báo cáo DLXH tháng {start:%m/%Y}",
        kind=ReportingPeriod.Kind.MONTHLY,
        starts_on=start,
        ends_on=end,
        deadline=deadline,
        opened_by=office_user,
        instructions="Mỗi nội dung ghi rõ lĩnh vực, địa bàn, mức độ lan tỏa; vấn đề nổi cộm ghi mức độ «Nổi cộm».",
    )
    codes = ["ubnd-24781", "ubnd-24787", "ubnd-24778", "ubnd-22918", "ubnd-24823", "so-nn-mt", "so-y-te"]
    period.units.set(Unit.objects.filter(code__in=codes))
    fields = {f.code: f for f in Field.objects.all()}
    areas = {a.code: a for a in Area.objects.all()}
    for unit_code, rows in REPORTS.items():
        items = [
            {
                "field": fields[f],
                "area": areas[a],
                "content": text,
                "mood": UnitReportItem.Mood(mood),
                "scale": UnitReportItem.Scale(scale),
                "urgency": urgency,
                "proposals": proposals,
            }
            for f, a, text, mood, scale, urgency, proposals in rows
        ]
        submit_unit_report(
            None,
            period,
            Unit.objects.get(code=unit_code),
            items,
            summary="Tình hình tư tưởng cán bộ, đảng viên và Nhân dân trên địa bàn cơ bản ổn định.",
        )
