"""Security headers and input checks that hold for every response, cached pages included.

Placed above the page cache (news/cache.py) in MIDDLEWARE, so a page served from the cache gets the
same headers as a freshly rendered one: X-Frame-Options, Referrer-Policy, nosniff, and the
Content-Security-Policy (django-csp: the public site allows no inline script without a nonce; the
Wagtail back-office, whose own templates carry inline scripts, gets a policy that still forbids
other origins, framing and plugins).
"""

import re

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect

PUBLIC_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "https:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, "https://www.youtube.com", "https://www.youtube-nocookie.com"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "connect-src": [SELF],
}
# C0 control characters but tab and line breaks (PostgreSQL refuses NUL in text).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class SecurityHeadersMiddleware(CSPMiddleware):
    """CSP by area (public or back-office) and the other headers, on every response."""

    def get_policy_parts(self, request, response, report_only=False):
        if not report_only and getattr(response, "_csp_config", None) is None:
            response._csp_config = ADMIN_POLICY if request.path_info.startswith("/admin/") else PUBLIC_POLICY
        return super().get_policy_parts(request, response, report_only)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class RejectControlCharactersMiddleware:
    """A parameter with a NUL or another control character never reaches a view nor the database:
    400 with a Vietnamese message (Open311 answers in its own format, see its views)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/open311/") and self.has_control(request):
            return HttpResponseBadRequest(
                "Yêu cầu chứa ký tự không hợp lệ (ký tự điều khiển). Xin kiểm tra lại nội dung đã nhập.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def has_control(request):
        if CONTROL.search(request.path_info):
            return True
        sources = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            sources.append(request.POST)
        for data in sources:
            for name, values in data.lists():
                if any(CONTROL.search(v) for v in [name, *values]):
                    return True
        return False


def login_locked_out(request, credentials, *args, **kwargs):
    """django-axes: too many wrong passwords for this account from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return HttpResponse(
        f"Tài khoản tạm bị khóa đăng nhập từ địa chỉ này vì nhập sai mật khẩu quá {settings.AXES_FAILURE_LIMIT} "
        f"lần. Xin thử lại sau {minutes} phút hoặc liên hệ quản trị hệ thống.",
        status=429,
        content_type="text/plain; charset=utf-8",
    )


class RefusedDeletionMiddleware:
    """A delete screen whose record other records still need (on_delete PROTECT/RESTRICT, which
    Wagtail's reference index does not know of) answers with a Vietnamese message and the page
    again, never a 500; the database refused before anything was deleted (issue 18's matrix found
    this on areas and reporting periods)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProtectedError | RestrictedError):
            return None
        blocking = getattr(exception, "protected_objects", None) or getattr(exception, "restricted_objects", ())
        count = len(blocking)
        messages.error(request, f"Không thể xóa: còn {count} bản ghi khác đang dùng đến bản ghi này.")
        return redirect(request.get_full_path())
