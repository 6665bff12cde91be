"""Settings of the Lắng Nghe platform, read from the environment.

Every variable is documented in docs/configuration.md and .env.example. Development defaults are
safe for a laptop; with DEBUG off the project refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    """A yes/no variable; a value that is neither stops start-up instead of silently reading as no."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"Biến môi trường {name}={value!r} không hợp lệ: dùng 1/0, true/false, yes/no hoặc on/off "
        "(docs/configuration.md)."
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Development by default, so a fresh checkout's manage.py commands just work; production sets DEBUG=0
# and then must also set SECRET_KEY and ALLOWED_HOSTS (checked below).
DEBUG = env_bool("DEBUG", default=True)
# Under DEBUG a missing page still shows the site's Vietnamese 404 (cms/middleware.py); 1 = Django's page.
DEBUG_TECHNICAL_404 = env_bool("DEBUG_TECHNICAL_404", default=False)
DEMO = env_bool("DEMO", default=False)
# Under pytest the suite runs with test settings whatever the environment says.
TESTING = env_bool("TESTING", default="pytest" in sys.modules)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not DEBUG and not TESTING:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY phải được đặt khi DEBUG tắt (xem docs/configuration.md).")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS phải được đặt khi DEBUG tắt (xem docs/configuration.md).")
if not SECRET_KEY:
    # Development and tests only: the check above forbids this in production.
    SECRET_KEY = "dev-only-insecure-key-lang-nghe"
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "opinions",
    "search",
    "reports",
    "monitoring",
    "surveys",
    "privacy",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so cached pages get them too: CSP (django-csp), X-Frame-Options… (cms/security.py)
    "cms.security.SecurityHeadersMiddleware",
    "cms.security.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Published pages for anonymous readers, before sessions and routing (news/cache.py).
    "news.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.middleware.FriendlyNotFoundMiddleware",
    # A deletion the database refuses (protected records): a message, not a 500 (cms/security.py).
    "cms.security.RefusedDeletionMiddleware",
    # Login lockout per user and address (django-axes); last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "opinions.intake.web.client_address"
AXES_LOCKOUT_CALLABLE = "cms.security.login_locked_out"
AXES_VERBOSE = False
# Public pages allow no inline script without a nonce; cms/security.py picks the policy per area.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.settings",
            ],
        },
    },
]
# Wagtail's site settings as templates read them, kept this many seconds per process
# (home/context_processors.py; a save clears it at once in the saving process). Off under tests.
SITE_SETTINGS_CACHE_SECONDS = 0 if TESTING else 60

# Database: SQLite (WAL) under var/ by default, PostgreSQL (psycopg 3) when DATABASE_URL says so.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
# Persistent connections in production; none under tests (live-server threads would hold them).
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if TESTING else 60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the worker read while the other writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Complete Vietnamese catalogs for Wagtail, django-import-export and the rest (docs/i18n.md).
# Django merges every catalog; on a msgid in two catalogs the first one listed wins.
LOCALE_ORDER = [
    "wagtail_admin",
    "wagtail_core",
    "wagtail_snippets",
    "wagtail_images",
    "wagtail_documents",
    "wagtail_users",
    "wagtail_contrib_forms",
    "wagtail_contrib_redirects",
    "wagtail_contrib_settings",
    "wagtail_contrib_table_block",
    "wagtail_contrib_typed_table_block",
    "wagtail_contrib_search_promotions",
    "wagtail_contrib_simple_translation",
    "wagtail_contrib_styleguide",
    "wagtail_sites",
    "wagtail_locales",
    "wagtail_embeds",
    "wagtail_search",
    "import_export",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_core",
    "django_contrib_auth",
    "django_contrib_humanize",
    "django_contrib_contenttypes",
]
_LOCALE_DIR = BASE_DIR / "locale"
LOCALE_PATHS = [_LOCALE_DIR / n for n in LOCALE_ORDER if (_LOCALE_DIR / n).is_dir()] + sorted(
    p for p in _LOCALE_DIR.glob("*") if p.is_dir() and p.name not in LOCALE_ORDER
)
FORMAT_MODULE_PATH = ["cms.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Background work: the Django tasks API (django_tasks), database backend by default.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
if TESTING:
    TASKS["default"]["BACKEND"] = os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lang-nghe",
        }
    }

# Published pages (news/cache.py): shared by every web process and the worker, so Redis or files.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
elif TESTING:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_ALIAS = os.environ.get("SEARCH_INDEX_ALIAS", "langnghe-search")

# E-mail (SMTP). Development prints e-mails to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lắng Nghe <no-reply@localhost>")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)

# Intake channels (docs/channels.md). E-mail: the platform's mailbox read over IMAP every
# INTAKE_IMAP_INTERVAL minutes by `poll_mailbox`; without INTAKE_IMAP_HOST the channel is off.
INTAKE_IMAP_HOST = os.environ.get("INTAKE_IMAP_HOST", "")
INTAKE_IMAP_PORT = int(os.environ.get("INTAKE_IMAP_PORT", "993"))
INTAKE_IMAP_SECURITY = os.environ.get("INTAKE_IMAP_SECURITY", "ssl")  # ssl, starttls or none
INTAKE_IMAP_USER = os.environ.get("INTAKE_IMAP_USER", "")
INTAKE_IMAP_PASSWORD = os.environ.get("INTAKE_IMAP_PASSWORD", "")
INTAKE_IMAP_FOLDER = os.environ.get("INTAKE_IMAP_FOLDER", "INBOX")
INTAKE_IMAP_INTERVAL = int(os.environ.get("INTAKE_IMAP_INTERVAL", "2"))
INTAKE_EMAIL_MAX_BYTES = int(os.environ.get("INTAKE_EMAIL_MAX_BYTES", str(60 * 1024 * 1024)))
# Zalo Official Account: webhook signature (app id + OA secret key) and the OA message API.
ZALO_APP_ID = os.environ.get("ZALO_APP_ID", "")
ZALO_OA_SECRET = os.environ.get("ZALO_OA_SECRET", "")
ZALO_ACCESS_TOKEN = os.environ.get("ZALO_ACCESS_TOKEN", "")
ZALO_API_URL = os.environ.get("ZALO_API_URL", "https://openapi.zalo.me")
# SMS gateway: inbound webhook signed with SMS_WEBHOOK_SECRET; outbound through SMS_GATEWAY
# ("console" prints, "http" posts to SMS_GATEWAY_URL with SMS_GATEWAY_TOKEN).
SMS_WEBHOOK_SECRET = os.environ.get("SMS_WEBHOOK_SECRET", "")
SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "console")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "LangNghe")

# Wagtail
WAGTAIL_SITE_NAME = "Lắng Nghe – Lâm Đồng"
# The site's public address (scheme, host, port): every URL that leaves the request (e-mails, canonical
# and og:url, sitemap, feeds, ClaimReview) is built from it, and news/setup.py keeps Wagtail's Site
# record in step. `make run ADDR=…` sets it. BASE_URL is its former name, still read.
SITE_URL = (os.environ.get("SITE_URL") or os.environ.get("BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "txt", "csv", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Vietnamese labels on the login form (Wagtail leaves "Password" unlabelled: cms/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.LoginForm"
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
# Offline: no avatars from gravatar.com (Wagtail shows its default avatar instead).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}

# Security (production)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses of the reverse proxies in front of the application (nginx: usually 127.0.0.1). A request
# from one of them is attributed to the address it names in X-Forwarded-For (rate limits, logs);
# from anyone else that header is ignored, so a client cannot choose its own address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Seconds a front proxy (nginx, deploy/nginx.conf) may keep a cached public page: sent as
# X-Accel-Expires on pages the page cache keeps. 0 turns the proxy cache off.
PAGE_CACHE_EDGE_SECONDS = int(os.environ.get("PAGE_CACHE_EDGE_SECONDS", "1"))
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not TESTING)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
    # On by default in production (one year); the site is served over HTTPS only (deploy/nginx).
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if TESTING else "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's page preview shows the page in a frame of the admin (same origin), so not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Periodic jobs, enqueued by `manage.py run_scheduler` (see docs/decisions/0001-background-work.md).
# Each entry: management command name -> cron fields (APScheduler CronTrigger keywords).
PERIODIC_JOBS = {
    "prune_db_task_results": {"hour": "3", "minute": "15"},
    # Wagtail's scheduled publishing (go-live / expiry dates of pages).
    "publish_scheduled": {"minute": "*/5"},
    "search_apply_pending": {"minute": "*/5"},
    "remind_deadlines": {"day_of_week": "mon-fri", "hour": "7", "minute": "30"},
    "send_pending_emails": {"minute": "*/5"},
    # Intake channels: the mailbox (opinions/intake/email.py), Zalo/SMS messages not yet sent.
    "poll_mailbox": {"minute": f"*/{INTAKE_IMAP_INTERVAL}"},
    "send_channel_messages": {"minute": "*/5"},
    "send_report_reminders": {"hour": "7,14", "minute": "30"},
    # Cảnh báo sớm (opinions/alerts.py): counts of the last 24 hours against the usual level.
    "detect_alerts": {"minute": "7"},
    # Analysis (docs/analysis.md, "In the platform"): signals not yet analysed (bulk-created ones,
    # a lost task) every 2 minutes; retrain from confirmed labels every night.
    "analysis_sweep": {"minute": "*/2"},
    "analysis_train": {"hour": "2", "minute": "40"},
    # Theo dõi trên môi trường mạng (monitoring/): fetch the sources that are due (each has its own
    # adaptive interval, 10 minutes to 24 hours); drop full texts older than MONITORING_TEXT_DAYS nightly.
    "monitoring_fetch": {"minute": "*/5"},
    "monitoring_prune": {"hour": "3", "minute": "40"},
    # Dữ liệu cá nhân (privacy/): the clocks of requests and breaches; retention every night.
    "privacy_remind": {"hour": "7,13", "minute": "45"},
    "privacy_retention": {"hour": "1", "minute": "50"},
    # Tasks left RUNNING by a worker that died (opinions/worker_recovery.py) go back to the queue.
    "reclaim_tasks": {"minute": "*/5"},
    # Báo cáo định kỳ (reports/): last month's report drafted on the 1st for the office to review.
    "report_draft_monthly": {"day": "1", "hour": "6", "minute": "10"},
}
TASK_RECLAIM_SECONDS = 1800
# Data subjects' requests (docs/privacy.md): whether the 10/15/20 "ngày" of NĐ 356 Art. 5 are working
# days ("working", default) or calendar days ("calendar", the stricter reading).
PRIVACY_REQUEST_DAYS = os.environ.get("PRIVACY_REQUEST_DAYS", "working")
# Analysis in the platform: trained model files (plus a DB row each); every new signal is analysed by
# the task worker (one task per ANALYSIS_DEBOUNCE_SECONDS and process at most). Off under pytest,
# where tests turn it on when they need it (the immediate backend would analyse inside requests).
MODEL_DIR = Path(os.environ.get("MODEL_DIR", VAR_DIR / "models"))
ANALYSIS_ON_INTAKE = env_bool("ANALYSIS_ON_INTAKE", default=not TESTING)
ANALYSIS_DEBOUNCE_SECONDS = float(os.environ.get("ANALYSIS_DEBOUNCE_SECONDS", "3"))
# Search: new signals are indexed in one batch task per SEARCH_DEBOUNCE_SECONDS (0: a task per
# signal, as under pytest where indexing must be immediate).
SEARCH_DEBOUNCE_SECONDS = float(os.environ.get("SEARCH_DEBOUNCE_SECONDS", "0" if TESTING else "3"))
ANALYSIS_MIN_LABELS = int(os.environ.get("ANALYSIS_MIN_LABELS", "30"))
# The cycle (docs/cycle.md): days within which a citizen may ask once to look again at an answer.
CASE_REOPEN_DAYS = int(os.environ.get("CASE_REOPEN_DAYS", "30"))

# The quick report (báo cáo nhanh) as DOCX (opinions/quick_report.py), in the Party's format (36-HD/VPTW,
# carried into 05-HD/VPTW): the opinion office is the board of the Đảng ủy UBND tỉnh (the plan's issuer,
# seed-ke-hoach-dlxh.txt), so its header reads "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH" over "BAN TUYÊN GIÁO VÀ
# DÂN VẬN". Another issuing body changes these; the number is left blank for the văn thư to fill.
QUICK_REPORT_SUPERIOR_BODY = os.environ.get("QUICK_REPORT_SUPERIOR_BODY", "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH")
QUICK_REPORT_ISSUING_BODY = os.environ.get("QUICK_REPORT_ISSUING_BODY", "BAN TUYÊN GIÁO VÀ DÂN VẬN")
QUICK_REPORT_NUMBER_SUFFIX = os.environ.get("QUICK_REPORT_NUMBER_SUFFIX", "-BC/BTGDV")
QUICK_REPORT_PLACE = os.environ.get("QUICK_REPORT_PLACE", "Lâm Đồng")
QUICK_REPORT_SIGNER_AUTHORITY = os.environ.get("QUICK_REPORT_SIGNER_AUTHORITY", "")
QUICK_REPORT_SIGNER_TITLE = os.environ.get("QUICK_REPORT_SIGNER_TITLE", "TRƯỞNG BAN")
QUICK_REPORT_SIGNER_NAME = os.environ.get("QUICK_REPORT_SIGNER_NAME", "")
QUICK_REPORT_RECIPIENTS = [
    item.strip()
    for item in os.environ.get(
        "QUICK_REPORT_RECIPIENTS", "Thường trực Đảng ủy UBND tỉnh (để báo cáo);Lãnh đạo Ban;Lưu Văn phòng Ban"
    ).split(";")
    if item.strip()
]

# Theo dõi trên môi trường mạng (monitoring/, docs/configuration.md). Sources inside private, loopback
# or link-local networks are refused unless allowed: only for fixtures, tests, the demo and the bench.
MONITORING_ALLOW_PRIVATE_ADDRESSES = env_bool("MONITORING_ALLOW_PRIVATE_ADDRESSES", default=DEBUG or TESTING)
MONITORING_USER_AGENT = os.environ.get(
    "MONITORING_USER_AGENT", "LangNghe-monitoring/1.0 (+https://langnghe.lamdong.gov.vn; lien-he@lamdong.gov.vn)"
)
MONITORING_TIMEOUT_SECONDS = float(os.environ.get("MONITORING_TIMEOUT_SECONDS", "15"))
MONITORING_MAX_BYTES = int(os.environ.get("MONITORING_MAX_BYTES", str(5 * 1024 * 1024)))
MONITORING_WORKERS = int(os.environ.get("MONITORING_WORKERS", "8"))
MONITORING_DISABLE_AFTER = float(os.environ.get("MONITORING_DISABLE_AFTER", "5"))
MONITORING_REBUTTAL_SUGGEST = float(os.environ.get("MONITORING_REBUTTAL_SUGGEST", "0.45"))
MONITORING_REBUTTAL_AUTO = float(os.environ.get("MONITORING_REBUTTAL_AUTO", "0.75"))
MONITORING_TEXT_DAYS = int(os.environ.get("MONITORING_TEXT_DAYS", "90"))
MONITORING_AUTHOR_SALT = os.environ.get("MONITORING_AUTHOR_SALT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
FORMS_URLFIELD_ASSUME_HTTPS = True
