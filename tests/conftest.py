import os
import shutil

import pytest
from django.contrib.auth.models import Group

from opinions import access
from opinions.models import Area, Case, Field, Signal, StaffProfile, Unit
from opinions.reference import load_reference_data

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told that this is intended (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_configure(config):
    """`--reuse-db` on SQLite keeps the test database in a file under VAR_DIR.

    Django's SQLite test database is in memory by default, so without this `--reuse-db` would rebuild
    it (about 200 migrations, Wagtail's included) on every run. CI never passes `--reuse-db`.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if config.getoption("reuse_db", False) and database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(settings.VAR_DIR / "test-reuse.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data (124 communes, fields, units, roles) once for the whole session."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def clear_page_cache():
    """Cached pages (news/cache.py) live outside the database that each test rolls back."""
    from news.cache import page_cache

    page_cache().clear()


@pytest.fixture
def reference_data(db):
    """For transactional tests, whose flush removes the session's reference data."""
    if not Area.objects.exists():
        load_reference_data()


def make_user(django_user_model, username, group=None, unit_code=None):
    user = django_user_model.objects.create_user(username=username, password="mat-khau-thu-nghiem")
    if group:
        user.groups.add(Group.objects.get(name=group))
    if unit_code:
        StaffProfile.objects.create(user=user, unit=Unit.objects.get(code=unit_code))
    return user


@pytest.fixture
def office_user(db, django_user_model):
    return make_user(django_user_model, "vanphong", access.OFFICE_GROUP, "ban-tuyen-giao-dan-van")


@pytest.fixture
def handler_user(db, django_user_model):
    """A handler in UBND Phường Xuân Hương - Đà Lạt."""
    return make_user(django_user_model, "canbo_a", access.HANDLER_GROUP, "ubnd-24781")


@pytest.fixture
def other_handler_user(db, django_user_model):
    """A handler in another commune (UBND Phường Mũi Né)."""
    return make_user(django_user_model, "canbo_b", access.HANDLER_GROUP, "ubnd-22918")


@pytest.fixture
def editor_user(db, django_user_model):
    return make_user(django_user_model, "bientap", access.EDITOR_GROUP, "ban-tuyen-giao-dan-van")


@pytest.fixture
def leader_user(db, django_user_model):
    return make_user(django_user_model, "lanhdao", access.LEADER_GROUP, "dang-uy-ubnd-tinh")


@pytest.fixture
def outsider_user(db, django_user_model):
    return make_user(django_user_model, "nguoingoai")


@pytest.fixture
def case_factory(db):
    def make(unit_code="ubnd-24781", title="Đường hư hỏng", with_contact=True):
        unit = Unit.objects.get(code=unit_code)
        area = unit.areas.first()
        field = Field.objects.get(code="giao-thong-ha-tang")
        case = Case.objects.create(title=title, field=field, area=area, assigned_unit=unit, status=Case.Status.ASSIGNED)
        Signal.objects.create(
            channel="web",
            kind="report",
            text=f"{title}: nhiều ổ gà, mất an toàn giao thông.",
            field=field,
            area=area,
            case=case,
            status=Signal.Status.ATTACHED,
            reporter_name="Nguyễn Văn Dân" if with_contact else "",
            reporter_phone="0987654321" if with_contact else "",
            consent_personal_data=with_contact,
        )
        return case

    return make


@pytest.fixture
def browser():
    """Headless Chromium from the system (Debian's package), driven by Playwright."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chưa cài Chromium (apt-get install chromium); .ci/run cài sẵn.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
