"""Who may open what: the expected outcome of every route, declared once (issue 18's access matrix).

Each rule is keyed by a URL prefix (the longest matching prefix wins) and reads "GET POST", one letter
per persona in the order of PERSONAS:
    A  allowed          D  denied (403, 404, or sent to the login page)
    O  allowed on the records of the persona's own unit (and on lists), denied on another unit's
    -  not checked here (Wagtail's own screens, or a refusal the view reports as a message)
A rule "GET POST / GET POST / GET POST" gives, for a Wagtail viewset, the letters of its reading
screens (list, results, inspect), of its writing screens (new/, edit/, delete/, copy/) and of its
history and usage screens; a group left out repeats the one before.
A route without a rule fails tests/security/test_access_matrix.py with its name: declaring a new
screen is one line here. Group routes by prefix where the rule is uniform. Keys are URL patterns (not
URL names), so renaming names changes nothing here and moving a path is a mechanical edit.
"""

PERSONAS = ("anonymous", "editor", "handler", "leader", "office")
# A handler of unit B reads the handler's letter with the units swapped: "O" allows unit B's records
# and refuses unit A's (the test's personas: these five and "handler_b").
LETTER_OF = {"handler_b": "handler"}
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
    # The domain's records (opinions/wagtail_hooks.py), Wagtail viewsets: "read / write / history".
    # Signals are recorded on the cycle's screen (new/ leads there) and never deleted by hand.
    "admin/dlxh/thong-tin/": "DDOAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/thong-tin/new/": "DDADA DDADA",
    # A handler edits their unit's cases (not publication: publication_edit_view); creating and
    # deleting cases is the office's.
    "admin/dlxh/vu-viec/": "DDOAA DDODA / DDODA DDODA / DDODA DDODA",
    "admin/dlxh/vu-viec/new/": "DDDDA DDDDA",
    "admin/dlxh/vu-viec/delete/": "DDDDA DDDDA",
    # Drafts of answers: a handler writes their unit's; an approved answer is never edited (hole 1).
    "admin/dlxh/phan-hoi/": "DDOAA DDODA / DDODA DDODA / DDODA DDODA",
    "admin/dlxh/phan-hoi/delete/": "DDDDA DDDDA",
    # Units, rosters: read by unit, written by the office.
    "admin/dlxh/don-vi/": "DDOAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/don-vi/delete/": "DDDDA DDDD-",  # the office's POST: refused while the unit is in use
    "admin/dlxh/can-bo/": "DDDAA DDDDA / DDDDA DDDDA",
    "admin/danh-muc/": "DDDAA DDDDA / DDDDA DDDDA",
    "admin/danh-muc/linh-vuc/delete/": "DDDDA DDDD-",  # the office's POST: refused while the field is in use
    # The office's POST: refused while the area is in use (Wagtail's reference index says so; what it
    # holds for area 1 depends on the tests run before in the same process, so not checked here).
    "admin/danh-muc/dia-ban/delete/": "DDDDA DDDD-",
    # The personal-data access log: append-only for everyone (hole 7).
    "admin/danh-muc/nhat-ky-du-lieu-ca-nhan/": "DDDDA DDDDD / DDDDD DDDDD",
    # The cycle (opinions/cycle/admin.py): the office triages; handlers record and handle their cases.
    "admin/dlxh/tiep-nhan/": "DDDDA DDDDA",
    "admin/dlxh/tiep-nhan/ghi-nhan/": "DDADA DDADA",
    "admin/dlxh/xu-ly/": "DDOAA DDODA",
    "admin/dlxh/dinh-kem/": "DDODA DDODA",
    "admin/dlxh/quy-tac-chuyen/": "DDDAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/thoi-han/": "DDDAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/thu-gui-di/": "DDDDA DDDDA",
    "admin/dlxh/canh-bao/": "DDDAA DDD-A",
    "admin/dlxh/canh-bao/<int:pk>/bao-cao-nhanh": "DDDAA DDDDD",  # the first alert has its quick report
    "admin/dlxh/chat-luong-phan-tich/": "DDDAA DDD-A",
    "admin/dlxh/goi-y/": "DDOAA DDDDA",
    "admin/dlxh/goi-y/<int:pk>/phan-tich-lai/": "DDDDA DDDDA",
    "admin/dlxh/bao-cao-dung-han/": "DDDAA DDDAA",
    # The network (opinions/network/): rosters by unit, contacts for the office only.
    "admin/dlxh/dau-moi/": "DDOAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/cong-tac-vien/": "DDOAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/tap-huan/": "DDDAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/quy-che/": "DDDAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/nhat-ky-xuat/": "DDDAA DDDDA / DDDDA DDDDA",
    "admin/dlxh/mang-luoi/": "DDDDA DDDDA",
    "admin/dlxh/mang-luoi/quy-che/": "DAAAA DDDDA",  # every back-office user reads the rules
    "admin/dlxh/mang-luoi/do-phu/": "DDDAA DDDDA",
    "admin/dlxh/ky-bao-cao/": "DDDAA DDDDA / DDDDA DDDDA",
    # Unit reports: a handler submits and reads their unit's; the compliance and consolidation
    # screens look across units.
    "admin/dlxh/bao-cao/": "DDOAA DDO-A",
    "admin/dlxh/bao-cao/ky/<int:pk>/tinh-hinh-nop/": "DDDAA DDD-A",
    "admin/dlxh/bao-cao/ky/<int:pk>/tong-hop/": "DDDAA DDD-A",
    "admin/open311/": "DDDAA DDDDA / DDDDA DDDDA",
    "admin/tim-kiem-ho-so/": "DDAAA -----",
    "admin/tin-tuc/": "DA-AA DA-DA",
    "admin/tin-tuc/phan-bac-tu-vu-viec/": "DA-DA DA-DA",
    # This round's screens, declared at the merge (docs in each app; the rule per prefix is uniform).
    # The cycle: sessions (office enters, leaders read), answer templates, notifications, signed replies.
    "admin/dlxh/doi-thoai/": "DDDAA DDDDA",
    "admin/dlxh/doi-thoai/<int:pk>/download/": "DDDDA DDDDA",
    "admin/dlxh/mau-tra-loi/": "DDD-A DDDDA / DDDDA DDDDA",
    "admin/dlxh/thong-bao/": "D-AAA D-AAA",
    "admin/dlxh/thu-den/": "DDDDA DDDDA",
    "admin/dlxh/thu-den/<int:pk>/download/": "DDDDA DDDDD",  # the first message keeps its raw file
    "admin/dlxh/van-ban-tra-loi/": "DDOAA DDDDD",  # each unit's answer has a signed reply file
    # Personal data (privacy/): the office only; consent evidence and the notices' versions are
    # never edited (privacy/wagtail_hooks.py).
    "admin/du-lieu-ca-nhan/": "DDDDA DDDDA",
    "admin/du-lieu-ca-nhan/dong-y/": "DDDDA DDDDA / DDDDD DDDDD",
    "admin/du-lieu-ca-nhan/thong-bao/edit/": "DDDDD DDDDD",
    "admin/du-lieu-ca-nhan/thong-bao/delete/": "DDDDD DDDDD",
    "admin/du-lieu-ca-nhan/thong-bao/usage/": "DDDDD DDDDD",
    "admin/du-lieu-ca-nhan/quy-tac-luu-tru/new/": "DDDDD DDDDD",
    "admin/du-lieu-ca-nhan/quy-tac-luu-tru/delete/": "DDDDD DDDDD",
    "admin/du-lieu-ca-nhan/so-dang-ky/delete/": "DDDDD DDDDD",
    # Surveys: the office designs; leaders read; a unit's staff see their unit's surveys.
    "admin/khao-sat/": "DDOAA DDDDA",
    "admin/khao-sat/them/": "DDDDA DDDDA",
    "admin/khao-sat/nhap-xlsform/": "DDDDA DDDDA",
    "admin/khao-sat/<int:pk>/phan/": "DDDDA DDDDA",
    "admin/khao-sat/<int:pk>/cau-hoi/": "DDDDA DDDDA",
    "admin/khao-sat/<int:pk>/nhap-phieu/": "DDDDA DDDDA",
    "admin/khao-sat/<int:pk>/xem-truoc/": "DDOAA -----",
    # Online monitoring: the office acts, leaders read.
    "admin/theo-doi/": "DDDAA DDDDA",
    "admin/theo-doi/nguon/them/": "DDDDA DDDDA",
    # The dashboard (scoped to the unit for a handler), reports, the plan's targets.
    "admin/tong-quan/": "DDAAA DDDDA",
    "admin/huong-dan/": "DAAAA -----",  # the back-office guide (home/wagtail_hooks.py), every staff role
    "admin/tong-quan/bao-cao/": "DDDAA DDDDA",
    "admin/tong-quan/muc-tieu/": "DDDAA DDDDA",
    "admin/tong-quan/quan-triet/": "DDDDA DDDDA",
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
# Function views whose <pk> is a record of this model (generic viewsets name their model themselves);
# the longest matching prefix wins.
ROUTE_MODELS = {
    "admin/tin-tuc/phan-bac-tu-vu-viec/": "opinions.Case",
    "admin/dlxh/tiep-nhan/": "opinions.Signal",
    "admin/dlxh/goi-y/": "opinions.Signal",
    "admin/dlxh/xu-ly/": "opinions.Case",
    "admin/dlxh/dinh-kem/": "opinions.Attachment",
    "admin/dlxh/van-ban-tra-loi/": "opinions.Response",
    "admin/dlxh/canh-bao/": "opinions.Alert",
    "admin/dlxh/thu-den/": "opinions.InboundEmail",
    "admin/dlxh/doi-thoai/": "opinions.Session",
    "admin/dlxh/mang-luoi/nhap/": "opinions.ImportJob",
    "admin/dlxh/bao-cao/ky/": "opinions.ReportingPeriod",
    "admin/dlxh/bao-cao/bao-cao/": "opinions.UnitReport",
    "admin/tong-quan/bao-cao/": "reports.PeriodicReport",
    "admin/theo-doi/nguon/": "monitoring.Source",
    "admin/theo-doi/dong-su-kien/": "monitoring.Story",
    "admin/khao-sat/": "surveys.Survey",
    "admin/du-lieu-ca-nhan/yeu-cau/": "privacy.RightsRequest",
    "admin/du-lieu-ca-nhan/vi-pham/": "privacy.Breach",
}
# How a record belongs to a unit, by model label: the ids of unit A's and unit B's records are used
# (a path, or a path and a filter choosing which of the unit's records).
UNIT_PATHS = {
    "opinions.Case": "assigned_unit",
    "opinions.Signal": "case__assigned_unit",
    "opinions.Response": ("case__assigned_unit", {"status": "draft"}),  # approved ones: test_responses.py
    "opinions.Attachment": "signal__case__assigned_unit",
    "opinions.Extension": "case__assigned_unit",
    "opinions.Unit": "pk",
    "opinions.StaffProfile": "unit",
    "opinions.FocalPoint": "unit",
    "opinions.Collaborator": "unit",
    "opinions.UnitReport": "unit",
    "surveys.Survey": "unit",
}
# What the POST sends to screens that act on a named action (an unknown action is a 404 for everyone,
# which would say nothing about access): a real action, with a form that may be incomplete.
POST_DATA = {
    "admin/dlxh/xu-ly/<int:pk>/": {"action": "note", "text": "Kiểm tra quyền: ghi tiến độ."},
    "admin/dlxh/tiep-nhan/<int:pk>/": {"action": "classify"},
    "admin/dlxh/tiep-nhan/<int:pk>/goi-y/": {"action": "accept"},
    "admin/dlxh/canh-bao/<int:pk>/": {"action": "acknowledge", "note": "Kiểm tra quyền."},
    "admin/theo-doi/nguon/<int:pk>/thao-tac/": {"action": "pause"},
    "admin/theo-doi/dong-su-kien/<int:pk>/thao-tac/": {"action": "rebuttal"},
}
# Values of the other URL parameters.
VALUES = {"fmt": "json", "file_format": "csv", "kind": "collaborators"}
