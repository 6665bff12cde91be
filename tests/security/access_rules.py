"""Who may open what: the expected outcome of every route, declared once (issue 18's access matrix).

Each rule is keyed by a URL prefix (the longest matching prefix wins) and reads "GET POST", one letter
per persona in the order of PERSONAS:
    A  allowed          D  denied (403, 404, or sent to the login page)
    O  allowed on the records of the persona's own unit (and on lists), denied on another unit's
    -  not checked here (Wagtail's own screens, or a refusal the view reports as a message)
A route without a rule fails tests/security/test_access_matrix.py with its name: declaring a new
screen is one line here. Group routes by prefix where the rule is uniform.
"""

PERSONAS = ("anonymous", "editor", "handler", "leader", "office")
# Wagtail's own back-office screens (admin/<prefix>): pages, media, users… under Wagtail's permissions.
WAGTAIL_SCREENS = (
    "account/",
    "api/",
    "block-preview/",
    "bulk/",
    "choose-",
    "collections/",
    "dismissibles/",
    "documents/",
    "editing-sessions/",
    "embeds/",
    "forms/",
    "groups/",
    "images/",
    "pages/",
    "redirects/",
    "reports/",
    "settings/",
    "sites/",
    "snippets/",
    "tag-autocomplete/",
    "users/",
    "workflows/",
)
# anonymous · editor · handler of unit A · leader · opinion office
RULES = {
    # Public site: everyone reads; forms take posts from everyone.
    "": "AAAAA -----",  # the home page and Wagtail's page serving (the empty prefix: only "" itself)
    "phan-anh/": "AAAAA -----",
    "open311/v2/": "AAAAA -----",
    "tim-kiem/": "AAAAA -----",
    "rss/": "AAAAA -----",
    "atom/": "AAAAA -----",
    "sitemap.xml": "AAAAA -----",
    "suc-khoe/": "AAAAA -----",
    "jsi18n/": "AAAAA -----",
    "tai-lieu/": "----- -----",  # Wagtail documents: collection privacy is Wagtail's
    "media": "----- -----",
    "static": "----- -----",
    "_util/": "----- -----",
    "^": "----- -----",
    # The domain's records (opinions/wagtail_hooks.py).
    "admin/dlxh/thong-tin/": "DDOAA DDDDA",
    "admin/dlxh/vu-viec/": "DDOAA DDODA",
    "admin/dlxh/phan-hoi/": "DDOAA DDODA",
    "admin/dlxh/don-vi/": "DDOAA DDDDA",
    "admin/dlxh/can-bo/": "DDDAA DDDDA",
    "admin/danh-muc/": "DDDAA DDDDA",
    "admin/danh-muc/nhat-ky-du-lieu-ca-nhan/": "DDDDA DDDDD",
    # The cycle (opinions/cycle/admin.py): the office triages; handlers record and handle their cases.
    "admin/dlxh/tiep-nhan/": "DDDDA DDDDA",
    "admin/dlxh/tiep-nhan/ghi-nhan/": "DDADA DDADA",
    "admin/dlxh/xu-ly/": "DDOAA DDO-A",
    "admin/dlxh/dinh-kem/": "DDODA DDODA",
    "admin/dlxh/quy-tac-chuyen/": "DDDAA DDDDA",
    "admin/dlxh/thoi-han/": "DDDAA DDDDA",
    "admin/dlxh/thu-gui-di/": "DDDDA DDDDA",
    "admin/dlxh/canh-bao/": "DDDAA DDD-A",
    "admin/dlxh/chat-luong-phan-tich/": "DDDAA DDD-A",
    "admin/dlxh/goi-y/": "DDDDA DDDDA",
    "admin/dlxh/bao-cao-dung-han/": "DDDAA DDDAA",
    # The network (opinions/network/): rosters by unit, contacts for the office only.
    "admin/dlxh/dau-moi/": "DDOAA DDDDA",
    "admin/dlxh/cong-tac-vien/": "DDOAA DDDDA",
    "admin/dlxh/tap-huan/": "DDDAA DDDDA",
    "admin/dlxh/quy-che/": "DDAAA DDDDA",
    "admin/dlxh/nhat-ky-xuat/": "DDDAA DDDDA",
    "admin/dlxh/mang-luoi/": "DDDDA DDDDA",
    "admin/dlxh/ky-bao-cao/": "DDDAA DDDDA",
    "admin/dlxh/bao-cao/": "DDAAA DDA-A",
    "admin/open311/": "DDDAA DDDDA",
    "admin/tim-kiem-ho-so/": "DDAAA -----",
    "admin/tin-tuc/": "DA-AA DA-DA",
    # This round's screens, declared at the merge (docs in each app; the rule per prefix is uniform).
    # The cycle: sessions (office enters, leaders read), answer templates, notifications, signed replies.
    "admin/dlxh/doi-thoai/": "DDDAA DDDDA",
    "admin/dlxh/mau-tra-loi/": "DDD-A DDDDA",
    "admin/dlxh/thong-bao/": "D-AAA D-AAA",
    "admin/dlxh/thu-den/": "DDDDA DDDDA",
    "admin/dlxh/van-ban-tra-loi/": "DDO-A -----",
    # Personal data (privacy/): the office only.
    "admin/du-lieu-ca-nhan/": "DDDDA DDDDA",
    # Surveys: the office designs; leaders read; a unit's staff see their unit's surveys.
    "admin/khao-sat/": "DDOAA DDDDA",
    # Online monitoring: the office acts, leaders read.
    "admin/theo-doi/": "DDDAA DDDDA",
    # The dashboard (scoped to the unit for a handler), reports, the plan's targets.
    "admin/tong-quan/": "DDAAA DDDDA",
    "admin/huong-dan/": "DAAAA -----",  # the back-office guide (home/wagtail_hooks.py), every staff role
    "admin/tong-quan/bao-cao/": "DDDAA DDDDA",
    "admin/tong-quan/muc-tieu/": "DDDAA DDDDA",
    "admin/tong-quan/quan-triet/": "DDDAA DDDDA",
    # Public pages of this round: the privacy notice and requests, the plan's targets, surveys.
    "du-lieu-ca-nhan/": "AAAAA -----",
    "ke-hoach/": "AAAAA -----",
    "khao-sat/": "AAAAA -----",
    # Wagtail's own screens: its permission system (tested by Wagtail); here only "sign in first".
    "admin/$": "D---- -----",  # "$": this route only (the dashboard), not a prefix
    **{f"admin/{prefix}": "D---- -----" for prefix in WAGTAIL_SCREENS},
    "admin/^": "----- -----",
    "admin/login/": "A---- -----",
    "admin/logout/": "----- -----",
    "admin/password_reset/": "A---- -----",
    "admin/jsi18n/": "A---- -----",
    "admin/sprite": "A---- -----",
    "admin/test404/": "----- -----",
    "admin/failwhale/": "----- -----",
    "admin/reports/site-history/": "DADAA -----",
}
# Function views whose <pk> is a record of this model (generic viewsets name their model themselves).
ROUTE_MODELS = {}
# How a record belongs to a unit, by model name: the ids of unit A's and unit B's records are used.
UNIT_PATHS = {
    "Case": "assigned_unit",
    "Signal": "case__assigned_unit",
    "Response": "case__assigned_unit",
    "Attachment": "signal__case__assigned_unit",
    "Extension": "case__assigned_unit",
    "Unit": "pk",
    "StaffProfile": "unit",
    "FocalPoint": "unit",
    "Collaborator": "unit",
    "UnitReport": "unit",
}
# Values of the other URL parameters.
VALUES = {"fmt": "json", "file_format": "csv", "kind": "collaborators"}
