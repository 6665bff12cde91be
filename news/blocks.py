"""StreamField blocks of official content: every image carries its alt text (required)."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class AccessibleImageBlock(blocks.StructBlock):
    """Hình ảnh: an image with the alt text that screen readers speak (WCAG 1.1.1)."""

    image = ImageChooserBlock(label="Ảnh")
    alt = blocks.CharBlock(
        label="Mô tả ảnh (văn bản thay thế)",
        max_length=250,
        help_text="Bắt buộc: mô tả nội dung ảnh cho người khiếm thị, ví dụ “Lãnh đạo xã đối thoại với người dân”.",
    )
    caption = blocks.CharBlock(label="Chú thích", required=False, max_length=300)

    class Meta:
        icon = "image"
        label = "Hình ảnh"
        template = "news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Trích dẫn")
    attribution = blocks.CharBlock(label="Nguồn trích dẫn", required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "news/blocks/quote.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Tài liệu")
    title = blocks.CharBlock(
        label="Tên hiển thị",
        required=False,
        max_length=255,
        help_text="Ví dụ: Quyết định số 125/QĐ-UBND ngày 05/01/2026 của UBND tỉnh.",
    )

    class Meta:
        icon = "doc-full"
        label = "Tài liệu đính kèm"
        template = "news/blocks/document.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Tiêu đề", max_length=255)
    url = blocks.URLBlock(label="Đường dẫn")

    class Meta:
        icon = "link"
        label = "Liên kết"


class RelatedLinksBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(LinkBlock(), label="Liên kết liên quan", icon="link", **kwargs)

    class Meta:
        template = "news/blocks/links.html"


def body_blocks():
    return [
        ("heading", blocks.CharBlock(label="Tiêu đề mục", form_classname="title", template="news/blocks/heading.html")),
        (
            "paragraph",
            blocks.RichTextBlock(label="Đoạn văn", features=["bold", "italic", "link", "ol", "ul", "document-link"]),
        ),
        ("image", AccessibleImageBlock()),
        ("quote", QuoteBlock()),
        ("document", DocumentBlock()),
        ("table", TableBlock(label="Bảng", template="news/blocks/table.html")),
        ("links", RelatedLinksBlock()),
    ]


class ClaimLinkBlock(blocks.StructBlock):
    """Nơi xuất hiện: where the claim circulated (a post, a video, a page)."""

    url = blocks.URLBlock(label="Đường dẫn")
    platform = blocks.CharBlock(label="Nền tảng, trang", max_length=120, help_text="Ví dụ: Facebook, TikTok, Zalo.")
    seen_on = blocks.DateBlock(label="Ngày phát hiện", required=False, format="%d/%m/%Y")

    class Meta:
        icon = "link"
        label = "Đường dẫn bài đăng"


def appearance_blocks():
    return [("link", ClaimLinkBlock()), ("screenshot", AccessibleImageBlock(label="Ảnh chụp màn hình"))]


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Nguồn", max_length=255, help_text="Ví dụ: Công văn số 812/STC-QLGCS.")
    url = blocks.URLBlock(label="Đường dẫn", required=False)
    document = DocumentChooserBlock(label="Tài liệu", required=False)

    class Meta:
        icon = "doc-full"
        label = "Nguồn, chứng cứ"
