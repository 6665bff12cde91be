"""Demo of the early warnings for `make run`: a surge of opinions on compensation (a sensitive field)
in one commune during the last day, over a quiet history, and the alert it raises. Idempotent: a
second run finds the demo signals and does nothing (keeps the warm start fast).
"""

import datetime

from django.utils import timezone

from opinions.alerts.services import detect_alerts, series_end
from opinions.models import Area, Channel, Field, Signal, SignalKind
from opinions.services import create_signal

DEMO_AREA = "24871"  # Xã Đinh Văn Lâm Hà
DEMO_FIELD = "boi-thuong-gpmb"
SURGE = [
    "Người dân thôn Tân Lin chưa đồng ý giá bồi thường đất nông nghiệp của dự án hồ chứa nước, đề nghị đối thoại.",
    "Giá đền bù cây cà phê thấp hơn nhiều so với giá thị trường, bà con bức xúc.",
    "Đề nghị công khai phương án bồi thường, hỗ trợ, tái định cư của dự án đường cao tốc qua xã.",
    "Nhiều hộ chưa nhận được tiền bồi thường dù đã bàn giao mặt bằng từ tháng trước.",
    "Khu tái định cư chưa có điện, nước; người dân chưa muốn chuyển đến.",
    "Bà con tập trung đông tại trụ sở xã phản đối việc đo đạc thu hồi đất khi chưa thống nhất giá.",
    "Đề nghị xem xét lại diện tích đất bị thu hồi, đo đạc thiếu so với sổ đỏ.",
    "Thông tin trên mạng xã hội về việc cưỡng chế thu hồi đất ở xã gây hoang mang.",
    "Người dân hỏi chính sách hỗ trợ chuyển đổi nghề khi bị thu hồi hết đất sản xuất.",
    "Giá bồi thường giữa hai thôn liền kề chênh lệch lớn, đề nghị giải thích.",
    "Chưa được thông báo lịch họp dân về phương án bồi thường, giải phóng mặt bằng.",
    "Đề nghị tạm dừng giải phóng mặt bằng cho đến khi giải quyết xong kiến nghị của dân.",
]
CHANNELS = [Channel.HOTLINE, Channel.ONLINE, Channel.WEB, Channel.COLLABORATOR, Channel.RECEPTION]


def load_demo_alerts():
    if Signal.objects.filter(submission_key="demo-alert-0").exists():
        return 0
    area = Area.objects.filter(code=DEMO_AREA).first()
    field = Field.objects.filter(code=DEMO_FIELD).first()
    if area is None or field is None:
        return 0
    end = series_end()
    history = [
        "Hỏi về tiến độ chi trả tiền bồi thường dự án mở rộng đường liên xã.",
        "Đề nghị hướng dẫn thủ tục nhận tiền hỗ trợ tái định cư.",
        "Hỏi thời gian bàn giao đất tái định cư cho các hộ bị thu hồi đất.",
    ]
    # About one opinion a day on compensation in the commune over four months (bulk: fast)...
    rows = []
    for day in range(120, 1, -1):
        for n in range((1, 1, 2, 0, 1, 1, 0)[day % 7]):
            rows.append((end - datetime.timedelta(days=day, hours=2 + 5 * n), history[(day + n) % 3]))
    Signal.objects.bulk_create(
        [
            Signal(
                channel=CHANNELS[i % len(CHANNELS)],
                kind=SignalKind.OPINION,
                text=text,
                title=text[:80],
                submission_key=f"demo-alert-h{i}",
                field=field,
                area=area,
                received_at=received,
                status=Signal.Status.CLASSIFIED,
            )
            for i, (received, text) in enumerate(rows)
        ]
    )
    # ... then twelve within the last 24 hours, received through the normal intake.
    for i, text in enumerate(SURGE):
        create_signal(
            channel=CHANNELS[i % len(CHANNELS)],
            kind=SignalKind.OPINION,
            text=text,
            title=text[:80],
            submission_key=f"demo-alert-{i}",
            field=field,
            area=area,
            received_at=end - datetime.timedelta(minutes=40 + 95 * i),
        )
    created, _ = detect_alerts(timezone.now())
    return created
