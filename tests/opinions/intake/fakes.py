"""A local stand-in (127.0.0.1) for Zalo's OA API and an SMS provider, answering as documented."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.opinions.intake.mails import jpeg

PAYLOADS = Path(__file__).parent / "payloads"
GOOD_TOKEN = "oa-access-token-thu"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, payload, content_type="application/json"):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.endswith(".jpg"):
            return self.reply(200, jpeg(), "image/jpeg")
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if self.path == "/v3.0/oa/message/cs":
            if self.headers.get("access_token") != GOOD_TOKEN:
                return self.reply(200, {"error": -216, "message": "Access token is invalid"})
            user = body["recipient"]["user_id"]
            return self.reply(
                200,
                {
                    "data": {"message_id": "m" + str(len(self.server.requests)), "user_id": user},
                    "error": 0,
                    "message": "Success",
                },
            )
        if self.path == "/sms/send":
            if self.headers.get("Authorization") != "Bearer sms-token":
                return self.reply(401, {"error": "unauthorized"})
            return self.reply(202, {"id": "sms-" + str(len(self.server.requests))})
        self.reply(404, {"error": "not found"})


class FakeApi:
    def __enter__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.requests = []
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def requests(self):
        return self.server.requests


def zalo_event(name, base=""):
    return (PAYLOADS / f"zalo_{name}.json").read_text().replace("{BASE}", base).encode()
