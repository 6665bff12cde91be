import pytest

from monitoring import fetch

from .server import FixtureServer


@pytest.fixture
def site(settings):
    settings.MONITORING_TIMEOUT_SECONDS = 2
    settings.MONITORING_MAX_BYTES = 512 * 1024
    settings.MONITORING_WORKERS = 4
    fetch.forget_robots()
    with FixtureServer(slow_seconds=4) as server:
        yield server
    fetch.forget_robots()
