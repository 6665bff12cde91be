"""Shared fixtures and helpers of the Open311 tests (imported by tests/opinions/test_open311_*.py)."""

import json
import xml.etree.ElementTree as ET

from opinions.models import ApiKey

BASE = "/open311/v2/"
# Hồ Xuân Hương, in Phường Xuân Hương - Đà Lạt (code 24781).
XUAN_HUONG_POINT = {"lat": "11.9404", "long": "108.4452"}
PERSONAL_VALUES = ["Nguyễn Văn Dân", "0987654321", "dan@example.invalid", "thiet-bi-42", "tai-khoan-7"]


def issue_key():
    """(ApiKey, raw key) of a partner that collects consent."""
    return ApiKey.issue("Ứng dụng thử nghiệm", collects_consent=True)


def post_request(client, raw_key, fmt="json", headers=None, **params):
    data = {"api_key": raw_key, "service_code": "moi-truong", **XUAN_HUONG_POINT}
    data.update(params)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{BASE}requests.{fmt}", data, headers=headers or {})


def parse(response):
    """The body as Python data: JSON as is; XML as (root tag, [dict per child element])."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content.decode("utf-8"))
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    return root.tag, [{child.tag: (child.text or "") for child in item} for item in root]
