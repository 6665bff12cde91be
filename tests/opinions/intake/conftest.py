import pytest

from tests.opinions.intake.dovecot import DOVECOT, Dovecot


@pytest.fixture(scope="module")
def dovecot():
    """A private Dovecot on 127.0.0.1 (a free port), one per test module."""
    if DOVECOT is None:
        pytest.skip("Dovecot chưa được cài (apt-get install dovecot-imapd): bỏ qua các phép thử IMAP thật.")
    with Dovecot() as server:
        yield server


@pytest.fixture
def mailbox(dovecot, settings, tmp_path):
    """The platform pointed at a fresh folder of the private server."""
    import uuid

    folder = "T" + uuid.uuid4().hex[:10]
    imap = dovecot.connect()
    imap.create(folder)
    imap.logout()
    settings.INTAKE_IMAP_HOST, settings.INTAKE_IMAP_PORT = dovecot.host, dovecot.port
    settings.INTAKE_IMAP_USER, settings.INTAKE_IMAP_PASSWORD = dovecot.user, dovecot.password
    settings.INTAKE_IMAP_FOLDER, settings.INTAKE_IMAP_SECURITY = folder, "none"
    settings.MEDIA_ROOT = str(tmp_path)

    class Box:
        server = dovecot
        name = folder

        def deliver(self, *messages):
            dovecot.append(*messages, folder=folder)

    return Box()
