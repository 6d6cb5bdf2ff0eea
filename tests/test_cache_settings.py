"""CACHE_URL becomes Django's default cache (config/env.py:env_cache), and a scorecard kept in
Redis reads back as the page it was."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import caches
from django.test.utils import override_settings

from config.env import DUMMY_CACHE, LOCMEM_CACHE, REDIS_CACHE, env_cache
from tests.tools import needs_tool


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", LOCMEM_CACHE, None),
        ("locmem://", LOCMEM_CACHE, None),
        ("redis://127.0.0.1:6379/1", REDIS_CACHE, "redis://127.0.0.1:6379/1"),
        ("rediss://cache.example.org:6380/0", REDIS_CACHE, "rediss://cache.example.org:6380/0"),
        ("dummy://", DUMMY_CACHE, None),
    ],
)
def test_cache_url(monkeypatch, url, backend, location):
    monkeypatch.setenv("CACHE_URL", url)
    cache = env_cache("CACHE_URL")
    assert cache["BACKEND"] == backend
    assert cache.get("LOCATION") == location


def test_a_cache_url_of_another_kind_is_refused(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "memcached://127.0.0.1:11211")
    with pytest.raises(ValueError, match="CACHE_URL starts with locmem://, redis://"):
        env_cache("CACHE_URL")


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@needs_tool(_redis_answers(), "no Redis on 127.0.0.1:6379")
@pytest.mark.django_db
def test_a_scorecards_counts_and_charts_kept_in_redis_read_back_whole(ilo_plan):
    from reports.data_stamp import kept
    from reports.selectors import plan_scope
    from reports.views import _summary_and_charts

    def never() -> None:
        raise AssertionError("computed again: the value kept in Redis was not read")

    redis = {"BACKEND": REDIS_CACHE, "LOCATION": "redis://127.0.0.1:6379/15"}
    with override_settings(CACHES={"default": redis}):
        caches["default"].clear()
        try:
            card, charts = kept(
                1, ("test",), lambda: _summary_and_charts(ilo_plan, 2020, plan_scope(), {})
            )
            kept_card, kept_charts = kept(1, ("test",), never)
        finally:
            caches["default"].clear()
    assert kept_card.counts == card.counts and kept_card.by_section == card.by_section
    assert [chart.figure for chart in kept_charts] == [chart.figure for chart in charts]
