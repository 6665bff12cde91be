"""A real HTTP server on 127.0.0.1 serving the recorded feeds and pages (monitoring/fixtures/site),
with the faults a crawler meets: gzip, 304, redirects, a wrong charset, a page over the size limit,
a slow page, robots.txt. Every request is logged (path, headers) so tests can check what was asked."""

import gzip
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).resolve().parents[2] / "monitoring" / "fixtures" / "site"
TYPES = {
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".txt": "text/plain",
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _body(self, path):
        file = (SITE / path.lstrip("/")).resolve()
        if path.endswith("/"):
            file = file / "index.html"
        if not str(file).startswith(str(SITE)) or not file.is_file():
            return None
        return file.read_bytes().replace(b"{BASE}", self.server.base.encode())

    def _send(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (size limit): what a real server sees too

    def do_GET(self):  # noqa: C901 - one branch per recorded fault
        self.server.requests.append((self.path, dict(self.headers)))
        path = self.path.split("?")[0]
        if path in self.server.overrides:
            status, body, headers = self.server.overrides[path]
            return self._send(status, body, headers)
        if path.startswith("/chuyen/"):
            return self._send(301, b"", {"Location": path[len("/chuyen") :]})
        if path.startswith("/cham/"):
            time.sleep(self.server.slow_seconds)
            path = path[len("/cham") :]
        if path.startswith("/lon/"):
            return self._send(
                200, b"<html><body>" + b"<p>x</p>" * 200_000 + b"</body></html>", {"Content-Type": "text/html"}
            )
        charset = "utf-8"
        if path.startswith("/sai-ma/"):
            charset, path = "iso-8859-1", path[len("/sai-ma") :]
        zipped = path.startswith("/gzip/")
        if zipped:
            path = path[len("/gzip") :]
        gz_file = path.endswith(".gz")
        body = self._body(path[:-3] if gz_file else path)
        if body is None:
            return self._send(404, "Không tìm thấy".encode())
        etag = '"' + hashlib.md5(body).hexdigest() + '"'
        headers = {"ETag": etag, "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"}
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", headers)
        suffix = Path(path).suffix
        headers["Content-Type"] = f"{TYPES.get(suffix, 'text/html')}; charset={charset}"
        if gz_file:
            body, headers["Content-Type"] = gzip.compress(body), "application/x-gzip"
        elif zipped:
            body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
        self._send(200, body, headers)


class FixtureServer:
    def __init__(self, slow_seconds=3.0):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.httpd.base = self.base
        self.httpd.requests = []
        self.httpd.overrides = {}
        self.httpd.slow_seconds = slow_seconds
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path):
        return self.base + path

    @property
    def requests(self):
        return self.httpd.requests

    def override(self, path, status=200, body=b"", headers=None):
        self.httpd.overrides[path] = (status, body, headers or {})

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
