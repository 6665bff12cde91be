"""REDIS_URL moves the cache to Redis: the real server this machine runs (127.0.0.1:6379)."""

import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache


def redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_up(), reason="Redis không chạy tại 127.0.0.1:6379 (.ci/run khởi động nó)")
def test_it_shares_cached_values_through_redis():
    writer = RedisCache("redis://127.0.0.1:6379/0", {})
    reader = RedisCache("redis://127.0.0.1:6379/0", {})
    key = f"lang-nghe-test-{uuid.uuid4().hex}"
    writer.set(key, "Đất đai", timeout=30)
    assert reader.get(key) == "Đất đai"
    writer.delete(key)
    assert reader.get(key) is None
