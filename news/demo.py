"""Demo official content, written as a provincial portal would publish it. Idempotent (by slug).

Numbers, e-mail addresses (@lamdong.example) and phone numbers are demo data, not real contacts.
"""

import datetime

from django.utils import timezone

from cms.lib.text import slugify_vi
from home.models import HomePage, SiteSettings
from opinions.models import Area, Field, Unit

from .models import (
    ArticlePage,
    NewsIndexPage,
    RebuttalIndexPage,
    RebuttalPage,
    StandingPage,
    UnitDirectoryPage,
    Verdict,
)


def p(text):
    return ("paragraph", f"<p>{text}</p>")


def table(rows, caption=""):
    return (
        "table",
        {"data": rows, "first_row_is_table_header": True, "first_col_is_header": False, "table_caption": caption},
    )


ARTICLES = [
    # field, title, summary, body, areas, tags, featured, unit code, days ago
    (
        "moi-truong",
        "Lâm Đồng triển khai đợt cao điểm thu gom, xử lý rác thải sinh hoạt",
        "UBND tỉnh yêu cầu các xã, phường tăng tần suất thu gom rác tại chợ, khu dân cư và điểm du lịch.",
        [
            p(
                "Thực hiện chỉ đạo của UBND tỉnh, từ ngày 01/12, các xã, phường trên địa bàn tỉnh triển khai đợt "
                "cao điểm thu gom, xử lý rác thải sinh hoạt. Người dân phát hiện điểm tồn đọng rác có thể phản ánh "
                "qua Cổng Lắng Nghe hoặc đường dây nóng để được xử lý trong 48 giờ."
            ),
            ("heading", "Các địa bàn được ưu tiên"),
            table(
                [
                    ["Địa bàn", "Tần suất thu gom", "Thời gian"],
                    ["Khu vực chợ, bến xe", "2 lần/ngày", "05 giờ – 07 giờ và 19 giờ – 21 giờ"],
                    ["Khu dân cư", "1 lần/ngày", "Theo lịch của từng xã, phường"],
                    ["Điểm du lịch", "2 lần/ngày", "Trước 08 giờ và sau 18 giờ"],
                ],
                "Tần suất thu gom trong đợt cao điểm",
            ),
            (
                "quote",
                {
                    "text": "Mỗi phản ánh về điểm tồn đọng rác đều được chuyển ngay cho đơn vị thu gom của địa bàn.",
                    "attribution": "Lãnh đạo Sở Nông nghiệp và Môi trường",
                },
            ),
        ],
        ["24781", "24778"],
        ["rác thải", "vệ sinh môi trường"],
        True,
        "so-nn-mt",
        0,
    ),
    (
        "cai-cach-hanh-chinh",
        "Công khai tiến độ giải quyết hồ sơ đất đai trên Cổng dịch vụ công",
        "Từ quý IV, người dân tra cứu được tiến độ giải quyết hồ sơ đất đai bằng mã hồ sơ.",
        [
            p(
                "Sở Nông nghiệp và Môi trường phối hợp Văn phòng UBND tỉnh công khai tiến độ giải quyết hồ sơ cấp "
                "giấy chứng nhận quyền sử dụng đất. Hồ sơ quá hạn được thông báo lý do và thời hạn mới."
            ),
            p(
                "Người dân nhập mã hồ sơ in trên giấy tiếp nhận để xem hồ sơ đang ở bước nào, cơ quan nào "
                "đang giải quyết và ngày hẹn trả kết quả."
            ),
        ],
        [],
        ["dịch vụ công", "đất đai"],
        False,
        "vp-ubnd-tinh",
        3,
    ),
    (
        "boi-thuong-gpmb",
        "Đối thoại với người dân về phương án bồi thường dự án đường liên xã",
        "Lãnh đạo xã đối thoại trực tiếp, tiếp thu 27 ý kiến của các hộ dân bị ảnh hưởng.",
        [
            p(
                "Buổi đối thoại công khai phương án bồi thường, hỗ trợ, tái định cư; các kiến nghị về đơn giá đất "
                "được ghi nhận và trả lời bằng văn bản trong 10 ngày làm việc."
            ),
            ("links", [{"title": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn"}]),
        ],
        ["24820"],
        ["đối thoại", "bồi thường"],
        False,
        "",
        6,
    ),
    (
        "y-te",
        "Trạm y tế các xã, phường khám sức khỏe miễn phí cho người cao tuổi",
        "Từ tháng 12, người từ 60 tuổi trở lên được khám sức khỏe định kỳ miễn phí tại trạm y tế nơi cư trú.",
        [
            p(
                "Sở Y tế hướng dẫn trạm y tế các xã, phường tổ chức khám sức khỏe định kỳ, lập hồ sơ sức khỏe điện tử "
                "cho người cao tuổi. Người dân mang căn cước hoặc tài khoản định danh điện tử VNeID khi đến khám."
            ),
            ("heading", "Lịch khám"),
            table(
                [
                    ["Thời gian", "Nội dung"],
                    ["Thứ Hai – Thứ Sáu, 07 giờ 30 – 11 giờ", "Khám tổng quát, đo huyết áp, đường huyết"],
                    ["Thứ Bảy", "Khám lưu động tại thôn, tổ dân phố xa trạm"],
                ]
            ),
        ],
        [],
        ["người cao tuổi", "khám sức khỏe"],
        True,
        "so-y-te",
        1,
    ),
    (
        "chuyen-doi-so",
        "Hướng dẫn theo dõi kết quả xử lý phản ánh bằng mã tra cứu",
        "Mỗi phản ánh gửi qua Cổng Lắng Nghe được cấp một mã tra cứu để người dân theo dõi đến khi có trả lời.",
        [
            p(
                "Sau khi gửi phản ánh, kiến nghị, người dân nhận được mã tra cứu dạng LD-XXXXXXXX. Mã này dùng để "
                "theo dõi phản ánh đã được chuyển cho cơ quan nào, đang xử lý hay đã có trả lời."
            ),
            p(
                "Cổng không công khai họ tên, số điện thoại của người phản ánh; chỉ cán bộ được giao xử lý mới "
                "xem được thông tin liên hệ khi người dân đồng ý."
            ),
        ],
        [],
        ["Lắng Nghe", "phản ánh"],
        False,
        "ban-tuyen-giao-dan-van",
        2,
    ),
    (
        "giao-duc",
        "Công khai các khoản thu đầu năm học tại các trường trên địa bàn tỉnh",
        "Sở Giáo dục và Đào tạo yêu cầu các trường niêm yết công khai các khoản thu, không thu ngoài quy định.",
        [
            p(
                "Các khoản thu phải được niêm yết tại trường và thông báo bằng văn bản đến cha mẹ học sinh; khoản "
                "tài trợ, đóng góp tự nguyện không được cào bằng, không được ép buộc."
            ),
            p(
                "Phụ huynh phát hiện khoản thu sai quy định có thể phản ánh qua Cổng Lắng Nghe, đường dây nóng của "
                "ngành giáo dục hoặc trực tiếp với UBND xã, phường."
            ),
        ],
        [],
        ["năm học mới", "khoản thu"],
        False,
        "so-gd-dt",
        4,
    ),
    (
        "kinh-te",
        "Hỗ trợ nông dân tiêu thụ nông sản qua sàn thương mại điện tử",
        "Hơn 300 sản phẩm OCOP của tỉnh được giới thiệu trên các sàn thương mại điện tử trong năm.",
        [
            p(
                "Sở Công Thương phối hợp các sàn thương mại điện tử tập huấn cho hợp tác xã, hộ sản xuất cách đăng "
                "bán, đóng gói và giao hàng; ưu tiên cà phê, chè, rau, hoa và sản phẩm OCOP."
            )
        ],
        [],
        ["nông sản", "OCOP"],
        False,
        "so-cong-thuong",
        8,
    ),
]

REBUTTALS = [
    {
        "title": "Thông tin “thu hồi toàn bộ đất nông nghiệp ở Đà Lạt để làm sân golf” là sai sự thật",
        "summary": "UBND tỉnh không có chủ trương thu hồi đất nông nghiệp của người dân để làm sân golf.",
        "field": "quy-hoach-dat-dai",
        "claim": "Từ tháng sau, tỉnh sẽ thu hồi toàn bộ đất nông nghiệp của các phường ở Đà Lạt để giao cho "
        "doanh nghiệp làm sân golf, người dân chỉ được bồi thường 50.000 đồng/m².",
        "claim_author": "Một số tài khoản mạng xã hội",
        "days_ago_claim": 5,
        "appearances": [
            ("link", {"url": "https://www.facebook.com/example-post", "platform": "Facebook", "seen_on": None})
        ],
        "verdict": Verdict.FALSE,
        "facts": [
            p(
                "UBND tỉnh không ban hành bất kỳ quyết định nào thu hồi đất nông nghiệp của các phường "
                "thuộc khu vực Đà Lạt để làm sân golf. Việc thu hồi đất chỉ được thực hiện theo Luật Đất đai "
                "năm 2024, có quyết định thu hồi, phương án bồi thường được công khai và lấy ý kiến người dân."
            ),
            p(
                "Giá đất tính bồi thường là giá đất cụ thể do UBND tỉnh quyết định cho từng dự án, không có "
                "mức “50.000 đồng/m²” như thông tin lan truyền."
            ),
        ],
        "authority_name": "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
        "authority_statement": "Đề nghị người dân không chia sẻ thông tin chưa được kiểm chứng; mọi quyết định "
        "thu hồi đất đều được niêm yết công khai tại UBND xã, phường nơi có đất.",
        "unit": "so-nn-mt",
        "days_ago": 1,
    },
    {
        "title": "Cải chính thông tin học sinh phải nộp “phí chuyển đổi số” 2 triệu đồng",
        "summary": "Không có khoản “phí chuyển đổi số” 2 triệu đồng; sổ liên lạc điện tử là dịch vụ tự nguyện.",
        "field": "giao-duc",
        "claim": "Năm học này, mỗi học sinh tiểu học ở Lâm Đồng bắt buộc phải nộp 2 triệu đồng phí chuyển đổi số.",
        "claim_author": "Tin nhắn chuyển tiếp trong các nhóm Zalo phụ huynh",
        "days_ago_claim": 10,
        "appearances": [("link", {"url": "https://zalo.me/example-group", "platform": "Zalo", "seen_on": None})],
        "verdict": Verdict.PARTLY_FALSE,
        "facts": [
            p(
                "Ngành giáo dục không thu khoản “phí chuyển đổi số”. Một số trường có giới thiệu dịch vụ sổ "
                "liên lạc điện tử của nhà mạng với giá khoảng 60.000 đồng/năm học; phụ huynh tự nguyện đăng "
                "ký, không bắt buộc."
            ),
            p("Sở Giáo dục và Đào tạo đã yêu cầu các trường rà soát, trả lại các khoản đã thu sai quy định."),
        ],
        "authority_name": "Sở Giáo dục và Đào tạo tỉnh Lâm Đồng",
        "authority_statement": "Phụ huynh bị yêu cầu nộp khoản thu không có trong thông báo công khai của nhà "
        "trường xin phản ánh để được kiểm tra, xử lý.",
        "unit": "so-gd-dt",
        "days_ago": 3,
    },
    {
        "title": "Video “ngập sâu ở trung tâm Đà Lạt hôm nay” được quay từ năm 2022",
        "summary": "Đoạn video được cắt ghép, đăng lại như sự việc mới, gây hiểu nhầm về tình hình thời tiết.",
        "field": "giao-thong-ha-tang",
        "claim": "Đà Lạt ngập sâu, xe cộ trôi trên đường ở trung tâm thành phố sáng nay.",
        "claim_author": "Một số trang chia sẻ video ngắn",
        "days_ago_claim": 2,
        "appearances": [
            ("link", {"url": "https://www.tiktok.com/@example/video/1", "platform": "TikTok", "seen_on": None})
        ],
        "verdict": Verdict.MISLEADING,
        "facts": [
            p(
                "Đoạn video ghi lại trận mưa lớn năm 2022, được đăng lại như sự việc mới. Trong ngày được "
                "nêu, khu vực trung tâm không ghi nhận điểm ngập nào; giao thông diễn ra bình thường."
            )
        ],
        "authority_name": "UBND Phường Xuân Hương - Đà Lạt",
        "authority_statement": "Thông tin thời tiết, ngập lụt chính thức được đăng trên Cổng Lắng Nghe và trang "
        "của UBND phường.",
        "unit": "ubnd-24781",
        "days_ago": 0,
    },
]

STANDING = [
    (
        "huong-dan-gui-phan-anh",
        "Hướng dẫn gửi và theo dõi phản ánh, kiến nghị",
        "Bốn bước để phản ánh, kiến nghị của anh, chị đến đúng cơ quan và được trả lời.",
        [
            ("heading", "Các bước"),
            table(
                [
                    ["Bước", "Việc cần làm"],
                    ["1", "Vào mục “Gửi phản ánh” trên cổng, chọn loại: phản ánh, kiến nghị, góp ý."],
                    ["2", "Mô tả sự việc, nơi xảy ra; đính kèm ảnh nếu có. Họ tên, số điện thoại là tùy chọn."],
                    ["3", "Ghi lại mã tra cứu (LD-XXXXXXXX) hiện sau khi gửi."],
                    ["4", "Dùng mã tra cứu để theo dõi: đã tiếp nhận, đang xử lý, đã trả lời."],
                ]
            ),
            p(
                "Anh, chị cũng có thể gọi đường dây nóng hoặc đến bộ phận tiếp công dân của UBND xã, phường. "
                "Thông tin cá nhân của người phản ánh được bảo vệ theo quy định về bảo vệ dữ liệu cá nhân."
            ),
        ],
    ),
    (
        "duong-day-nong",
        "Đường dây nóng tiếp nhận phản ánh",
        "Đường dây nóng hoạt động trong giờ hành chính các ngày làm việc.",
        [
            p(
                "Đường dây nóng: <b>1022</b> (dữ liệu mẫu). Thời gian: 07 giờ 30 – 11 giờ 30 và 13 giờ 30 – 17 giờ, "
                "từ Thứ Hai đến Thứ Sáu."
            ),
            p(
                "Ngoài giờ, anh, chị gửi phản ánh trên Cổng Lắng Nghe; phản ánh được tiếp nhận vào đầu giờ làm việc "
                "kế tiếp."
            ),
        ],
    ),
    (
        "ke-hoach",
        "Kế hoạch công tác dư luận xã hội và các chỉ tiêu",
        "Các chỉ tiêu tỉnh đặt ra cho việc tiếp nhận, xử lý và phản hồi ý kiến của người dân.",
        [
            p(
                "Kế hoạch đặt mục tiêu mọi ý kiến, phản ánh của người dân được tiếp nhận, xử lý và phản hồi công khai, "
                "đúng hạn; chủ động cung cấp thông tin chính thống và phản bác thông tin sai sự thật."
            ),
            table(
                [
                    ["Chỉ tiêu", "Mục tiêu"],
                    ["Phản ánh được tiếp nhận và xác nhận", "100%, trong 1 ngày làm việc"],
                    ["Phản ánh được trả lời đúng hạn", "Từ 90% trở lên"],
                    ["Thông tin sai sự thật về tỉnh được cải chính", "Trong 24 giờ kể từ khi xác minh"],
                    ["Đơn vị báo cáo tình hình dư luận định kỳ", "100% đơn vị, hằng tháng"],
                ],
                "Chỉ tiêu năm",
            ),
        ],
    ),
]

UNIT_CONTACTS = {
    # unit code: (public e-mail, public phone) – demo data
    "ban-tuyen-giao-dan-van": ("btgdv@lamdong.example", "0263 3 000 101"),
    "vp-ubnd-tinh": ("vpubnd@lamdong.example", "0263 3 000 102"),
    "so-nn-mt": ("snnmt@lamdong.example", "0263 3 000 103"),
    "so-y-te": ("syt@lamdong.example", "0263 3 000 104"),
    "so-gd-dt": ("sgddt@lamdong.example", "0263 3 000 105"),
    "ubnd-24781": ("xuanhuong@lamdong.example", "0263 3 000 201"),
}


def _publish(page):
    page.save_revision().publish()
    return page


def _child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    return _publish(parent.add_child(instance=model(slug=slug, **fields)))


def load_demo_pages():
    home = HomePage.objects.first()
    if home is None:
        return
    _load_site_details(home)
    today = timezone.localdate()
    _load_articles(home, today)
    _load_rebuttals(home, today)
    for slug, title, summary, body in STANDING:
        _child(home, StandingPage, slug, title=title, summary=summary, body=body)
    _child(
        home,
        UnitDirectoryPage,
        "co-quan-don-vi",
        title="Cơ quan, đơn vị và đầu mối tiếp nhận",
        intro="Thông tin liên hệ công khai của các cơ quan, đơn vị. Không công bố số điện thoại cá nhân.",
    )


def _load_site_details(home):
    """The home page's intro, the site's hotline and the units' public contacts, where still empty."""
    if not home.intro:
        home.intro = (
            "<p>Cổng tiếp nhận, xử lý và phản hồi ý kiến, phản ánh, kiến nghị của người dân, doanh "
            "nghiệp tỉnh Lâm Đồng; nơi đăng tải thông tin chính thống của các cơ quan nhà nước.</p>"
        )
        _publish(home)
    settings = SiteSettings.for_site(home.get_site()) if home.get_site() else None
    if settings is not None and not settings.hotline:
        settings.hotline = "1022"
        settings.save()
    for code, (email, phone) in UNIT_CONTACTS.items():
        Unit.objects.filter(code=code, public_email="", public_phone="").update(public_email=email, public_phone=phone)


def _load_articles(home, today):
    index = _child(
        home,
        NewsIndexPage,
        "tin-tuc",
        title="Thông tin chính thống",
        intro="Tin tức, thông báo chính thức của các cơ quan nhà nước tỉnh Lâm Đồng.",
    )
    for field_code, title, summary, body, area_codes, tags, featured, unit_code, days in ARTICLES:
        slug = slugify_vi(title, 80)
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        article = ArticlePage(
            title=title,
            slug=slug,
            summary=summary,
            body=body,
            featured=featured,
            date=today - datetime.timedelta(days=days),
            field=Field.objects.filter(code=field_code).first(),
            author_unit=Unit.objects.filter(code=unit_code).first(),
        )
        article.areas.set(Area.objects.filter(code__in=area_codes))
        article.tags.set(tags)
        _publish(index.add_child(instance=article))


def _load_rebuttals(home, today):
    rebuttals = _child(
        home,
        RebuttalIndexPage,
        "phan-bac",
        title="Thông tin phản bác, cải chính",
        intro="Cải chính thông tin sai sự thật, sai lệch về tỉnh Lâm Đồng, kèm kết luận và căn cứ.",
    )
    for item in REBUTTALS:
        slug = slugify_vi(item["title"], 80)
        if RebuttalPage.objects.filter(slug=slug).exists():
            continue
        claim_date = today - datetime.timedelta(days=item["days_ago_claim"])
        appearances = [(kind, {**value, "seen_on": claim_date}) for kind, value in item["appearances"]]
        _publish(
            rebuttals.add_child(
                instance=RebuttalPage(
                    title=item["title"],
                    slug=slug,
                    summary=item["summary"],
                    claim=item["claim"],
                    claim_author=item["claim_author"],
                    claim_date=claim_date,
                    appearances=appearances,
                    verdict=item["verdict"],
                    facts=item["facts"],
                    authority_name=item["authority_name"],
                    authority_statement=item["authority_statement"],
                    field=Field.objects.filter(code=item["field"]).first(),
                    author_unit=Unit.objects.filter(code=item["unit"]).first(),
                    date=today - datetime.timedelta(days=item["days_ago"]),
                    sources=[("source", {"title": item["authority_name"], "url": "", "document": None})],
                )
            )
        )
