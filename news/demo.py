"""Demo official content, written as a provincial portal would publish it."""

import datetime

from django.utils import timezone

from cms.lib.text import slugify_vi
from home.models import HomePage

from .models import ArticlePage, NewsIndexPage

ARTICLES = [
    ("moi-truong", "Lâm Đồng triển khai đợt cao điểm thu gom, xử lý rác thải sinh hoạt",
     "UBND tỉnh yêu cầu các xã, phường tăng tần suất thu gom rác tại chợ, khu dân cư và điểm du lịch.",
     "Thực hiện chỉ đạo của UBND tỉnh, từ ngày 01/12, các xã, phường trên địa bàn tỉnh triển khai đợt "
     "cao điểm thu gom, xử lý rác thải sinh hoạt. Người dân phát hiện điểm tồn đọng rác có thể phản ánh "
     "qua Cổng Lắng Nghe hoặc đường dây nóng để được xử lý trong 48 giờ."),
    ("cai-cach-hanh-chinh", "Công khai tiến độ giải quyết hồ sơ đất đai trên Cổng dịch vụ công",
     "Từ quý IV, người dân tra cứu được tiến độ giải quyết hồ sơ đất đai bằng mã hồ sơ.",
     "Sở Nông nghiệp và Môi trường phối hợp Văn phòng UBND tỉnh công khai tiến độ giải quyết hồ sơ cấp "
     "giấy chứng nhận quyền sử dụng đất. Hồ sơ quá hạn được thông báo lý do và thời hạn mới."),
    ("boi-thuong-gpmb", "Đối thoại với người dân về phương án bồi thường dự án đường liên xã",
     "Lãnh đạo xã đối thoại trực tiếp, tiếp thu 27 ý kiến của các hộ dân bị ảnh hưởng.",
     "Buổi đối thoại công khai phương án bồi thường, hỗ trợ, tái định cư; các kiến nghị về đơn giá đất "
     "được ghi nhận và trả lời bằng văn bản trong 10 ngày làm việc."),
]


def load_demo_pages():
    home = HomePage.objects.first()
    if home is None:
        return
    if not home.intro:
        home.intro = (
            "<p>Cổng tiếp nhận, xử lý và phản hồi ý kiến, phản ánh, kiến nghị của người dân, doanh "
            "nghiệp tỉnh Lâm Đồng; nơi đăng tải thông tin chính thống của các cơ quan nhà nước.</p>"
        )
        home.save_revision().publish()
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=NewsIndexPage(title="Thông tin chính thống", slug="tin-tuc",
                                   intro="Tin tức, thông báo chính thức của tỉnh Lâm Đồng.")
        )
        index.save_revision().publish()
    from opinions.models import Field

    today = timezone.localdate()
    for i, (field_code, title, summary, text) in enumerate(ARTICLES):
        if ArticlePage.objects.filter(title=title).exists():
            continue
        article = index.add_child(
            instance=ArticlePage(
                title=title, slug=slugify_vi(title, 80), summary=summary, date=today - datetime.timedelta(days=i * 3),
                field=Field.objects.filter(code=field_code).first(),
                body=[("paragraph", f"<p>{text}</p>")],
            )
        )
        article.save_revision().publish()
