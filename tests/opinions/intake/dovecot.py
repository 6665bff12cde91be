"""A private Dovecot IMAP server for the e-mail channel's tests and bench.

Its own configuration in a temporary folder, a throw-away mailbox (passwd-file auth, plain text on
127.0.0.1 only), a free port chosen at run time. Messages are delivered with IMAP APPEND, as a
mail server's delivery agent would put them in the mailbox.
"""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
USER = "hopthu"
PASSWORD = "mat-khau-thu"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = 0
mail_location = maildir:{root}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Dovecot:
    """Start with `with Dovecot() as server:`; server.host, .port, .user, .password, .append(raw)."""

    def __init__(self, port=None):
        self.host, self.port = "127.0.0.1", port or free_port()
        self.user, self.password = USER, PASSWORD
        self.root = Path(tempfile.mkdtemp(prefix="ln-dovecot-"))
        self.config = self.root / "dovecot.conf"

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def _identities(self):
        if os.geteuid() == 0:
            # Root: Dovecot's own users from the Debian package; the mailbox belongs to nobody.
            mail = pwd.getpwnam("nobody")
            return "dovecot", "dovecot", "dovenull", mail.pw_uid, mail.pw_gid
        me = pwd.getpwuid(os.geteuid())
        return me.pw_name, me.pw_name, me.pw_name, me.pw_uid, me.pw_gid

    def start(self):
        internal, internal_group, login, uid, gid = self._identities()
        for folder in ("run", "state", f"home/{self.user}"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        os.chown(self.root / "home" / self.user, uid, gid)
        os.chmod(self.root, 0o755)
        (self.root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        os.chmod(self.root / "passwd", 0o644)
        self.config.write_text(
            CONFIG.format(
                root=self.root,
                internal=internal,
                internal_group=internal_group,
                login=login,
                uid=uid,
                gid=gid,
                port=self.port,
            )
        )
        # No pipes: the daemon would keep them open and run() would wait for ever.
        subprocess.run(
            [DOVECOT, "-c", str(self.config)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((self.host, self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Dovecot không khởi động được: " + self.log())

    def log(self):
        path = self.root / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def stop(self):
        subprocess.run([DOVECOT, "-c", str(self.config), "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.2)
        shutil.rmtree(self.root, ignore_errors=True)

    def connect(self):
        imap = imaplib.IMAP4(self.host, self.port)
        imap.login(self.user, self.password)
        return imap

    def append(self, *messages, folder="INBOX"):
        """Deliver raw messages (bytes) into the mailbox."""
        imap = self.connect()
        try:
            for raw in messages:
                imap.append(folder, None, None, raw)
        finally:
            imap.logout()
