"""Demo data of the reports app (called by load_demo_data): half a year of opinions spread over the
communes, fields and channels, so that the dashboard shows a month of figures, a map and a forecast;
and last month's report drafted from them. Idempotent (submission keys "demo-reports-…")."""

import datetime
import random

from django.utils import timezone

from opinions.models import Area, Channel, Field, Signal, SignalKind
from reports.periodic import previous_month
from reports.services import draft_report

TEXTS = [
    "Đề nghị sửa chữa mặt đường hư hỏng, nhiều ổ gà gây mất an toàn giao thông.",
    "Phản ánh rác thải tồn đọng lâu ngày chưa được thu gom.",
    "Hỏi về tiến độ chi trả tiền bồi thường giải phóng mặt bằng.",
    "Góp ý về giá điện, nước tăng trong tháng.",
    "Kiến nghị bố trí thêm giáo viên cho điểm trường vùng sâu.",
    "Phản ánh tiếng ồn từ cơ sở sản xuất gần khu dân cư.",
]


def load_demo(days=180):
    if Signal.objects.filter(submission_key__startswith="demo-reports-").exists():
        return
    rng = random.Random(16)
    fields = list(Field.objects.order_by("sort_order", "pk")[:8])
    areas = list(Area.objects.communes().order_by("code"))
    if not fields or not areas:
        return
    hot = areas[: max(1, len(areas) // 8)]
    now = timezone.now()
    channels = [Channel.WEB, Channel.HOTLINE, Channel.ONLINE, Channel.COLLABORATOR, Channel.PRESS]
    rows = []
    for day in range(days, 0, -1):
        level = 6 + 3 * ((days - day) / days) + (3 if (now - datetime.timedelta(days=day)).weekday() < 5 else -2)
        for n in range(max(0, round(rng.gauss(level, 2)))):
            text = rng.choice(TEXTS)
            rows.append(
                Signal(
                    channel=rng.choice(channels),
                    kind=rng.choice([SignalKind.REPORT, SignalKind.PROPOSAL, SignalKind.OPINION]),
                    title=text[:80],
                    text=text,
                    field=rng.choice(fields),
                    area=rng.choice(hot if rng.random() < 0.5 else areas),
                    received_at=now - datetime.timedelta(days=day, hours=rng.randint(0, 12), minutes=n),
                    status=Signal.Status.CLASSIFIED,
                    submission_key=f"demo-reports-{day}-{n}",
                )
            )
    Signal.objects.bulk_create(rows, batch_size=500)
    draft_report("month", previous_month(timezone.localdate()))
