"""HTTP the way a good crawler does it: safe addresses, robots.txt, conditional GET, limits.

- An address that resolves to a private, loopback, link-local or reserved network is refused unless
  MONITORING_ALLOW_PRIVATE_ADDRESSES is on (fixtures, tests, the bench); checked again after every
  redirect (followed by hand, at most MAX_REDIRECTS).
- robots.txt is read once per host and process run (cached ROBOTS_TTL) and obeyed for our User-Agent.
- One request at a time per host (a lock per host:port in this process; workers claim sources with
  row locks, monitoring/services.py).
- Size (MONITORING_MAX_BYTES) and time (MONITORING_TIMEOUT_SECONDS, for the whole body) limits;
  gzip bodies and gzip files (sitemap.xml.gz) are unpacked within the same size limit.
Errors are FetchError with a Vietnamese message and a weight (hard 1, soft 0.5, temporary 0.25).
"""

import gzip
import ipaddress
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib import robotparser
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

MAX_REDIRECTS = 5
ROBOTS_TTL = 3600
HARD, SOFT, TEMPORARY = 1.0, 0.5, 0.25


class FetchError(Exception):
    """A page or feed that could not be read; the message is shown on the source's health screen."""

    def __init__(self, message, weight=SOFT):
        super().__init__(message)
        self.weight = weight


@dataclass
class Response:
    url: str
    status: int
    content: bytes = b""
    headers: dict = field(default_factory=dict)

    @property
    def not_modified(self):
        return self.status == 304

    @property
    def charset(self):
        return requests.utils.get_encoding_from_headers(self.headers) if self.headers else None


_host_locks = {}
_host_locks_guard = threading.Lock()
_robots = {}
_local = threading.local()


def _session():
    session = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.headers["User-Agent"] = settings.MONITORING_USER_AGENT
        session.headers["Accept-Encoding"] = "gzip, deflate"
        session.trust_env = False  # no proxy from the environment: the address check must hold
        _local.session = session
    return session


def host_lock(url):
    netloc = urlsplit(url).netloc.lower()
    with _host_locks_guard:
        return _host_locks.setdefault(netloc, threading.Lock())


def check_address(url):
    """Refuse schemes other than http(s) and, unless allowed, addresses inside private networks."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Địa chỉ không hợp lệ: chỉ nhận địa chỉ http:// hoặc https://.", HARD)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"Không tìm thấy máy chủ {parts.hostname}.", HARD) from error
    if settings.MONITORING_ALLOW_PRIVATE_ADDRESSES:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(
                f"Địa chỉ {parts.hostname} trỏ vào mạng nội bộ ({address}); hệ thống không đọc địa chỉ này.", HARD
            )


def _read(response, deadline, limit):
    chunks, size = [], 0
    for chunk in response.iter_content(65536):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"Trang lớn hơn giới hạn {limit // 1024} KB; đã bỏ qua.", SOFT)
        if time.monotonic() > deadline:
            raise FetchError("Máy chủ trả lời quá chậm (quá thời gian chờ).", TEMPORARY)
        chunks.append(chunk)
    return b"".join(chunks)


def _gunzip(content, limit):
    if content[:2] != b"\x1f\x8b":
        return content
    try:
        data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content, limit + 1)
    except (zlib.error, gzip.BadGzipFile) as error:
        raise FetchError("Tệp nén gzip bị hỏng.", SOFT) from error
    if len(data) > limit:
        raise FetchError(f"Tệp giải nén lớn hơn giới hạn {limit // 1024} KB; đã bỏ qua.", SOFT)
    return data


def _get_once(url, headers, deadline):
    timeout = max(0.1, min(settings.MONITORING_TIMEOUT_SECONDS, deadline - time.monotonic()))
    try:
        response = _session().get(url, headers=headers, timeout=timeout, allow_redirects=False, stream=True)
    except requests.Timeout as error:
        raise FetchError("Máy chủ trả lời quá chậm (quá thời gian chờ).", TEMPORARY) from error
    except requests.ConnectionError as error:
        raise FetchError("Không kết nối được tới máy chủ.", TEMPORARY) from error
    except requests.RequestException as error:
        raise FetchError("Yêu cầu tới máy chủ không thành công.", SOFT) from error
    return response


def get(url, *, etag="", last_modified="", check_robots=True):
    """GET with the safety rules; a 304 comes back as Response(status=304) with no content."""
    limit = settings.MONITORING_MAX_BYTES
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(MAX_REDIRECTS + 1):
        check_address(url)
        if check_robots and not allowed_by_robots(url):
            raise FetchError("Tệp robots.txt của trang không cho phép đọc địa chỉ này.", HARD)
        with host_lock(url):
            deadline = time.monotonic() + settings.MONITORING_TIMEOUT_SECONDS  # waiting for the host is not counted
            response = _get_once(url, headers, deadline)
            try:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    url = urljoin(url, location)
                    continue
                if response.status_code == 304:
                    return Response(url, 304, b"", dict(response.headers))
                if response.status_code >= 400:
                    weight = HARD if response.status_code in (401, 403, 404, 410, 451) else SOFT
                    if response.status_code == 429:
                        weight = TEMPORARY
                    raise FetchError(f"Máy chủ trả lời lỗi {response.status_code}.", weight)
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"Trang lớn hơn giới hạn {limit // 1024} KB; đã bỏ qua.", SOFT)
                try:
                    content = _read(response, deadline, limit)
                except requests.RequestException as error:
                    raise FetchError("Máy chủ ngắt kết nối hoặc trả lời quá chậm.", TEMPORARY) from error
                return Response(url, response.status_code, _gunzip(content, limit), dict(response.headers))
            finally:
                response.close()
    raise FetchError("Chuyển hướng quá nhiều lần.", SOFT)


def allowed_by_robots(url):
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}"
    cached = _robots.get(root)
    if cached is None or cached[0] < time.monotonic():
        parser = robotparser.RobotFileParser()
        try:
            response = get(root + "/robots.txt", check_robots=False)
            parser.parse(response.content.decode("utf-8", "replace").splitlines())
        except FetchError:
            parser.parse([])  # no robots.txt (or unreadable): everything is allowed
        cached = (time.monotonic() + ROBOTS_TTL, parser)
        _robots[root] = cached
    return cached[1].can_fetch(settings.MONITORING_USER_AGENT, url)


def forget_robots():
    """Tests and the bench start from a clean cache."""
    _robots.clear()
