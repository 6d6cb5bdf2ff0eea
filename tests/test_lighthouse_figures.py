"""What the Lighthouse runner (benchmarks/lighthouse.py) reads of a report, and its goal."""

from __future__ import annotations

from benchmarks.lighthouse import lighthouse_figures


def _report(score: float, tasks: list[float]) -> dict:
    def audit(value: float) -> dict:
        return {"numericValue": value}

    return {
        "categories": {"performance": {"score": score}},
        "audits": {
            "first-contentful-paint": audit(812.4),
            "largest-contentful-paint": audit(1290.6),
            "total-blocking-time": audit(35.0),
            "cumulative-layout-shift": audit(0.00042),
            "long-tasks": {"details": {"items": [{"duration": d} for d in tasks]}},
        },
        "environment": {"benchmarkIndex": 1800},
    }


def test_a_fast_page_meets_the_goal():
    figures = lighthouse_figures(_report(0.97, [120.0, 64.5]))
    assert figures["score"] == 97 and figures["longest_task_ms"] == 120
    assert figures["largest_contentful_paint_ms"] == 1291
    assert figures["cumulative_layout_shift"] == 0.0
    assert figures["met"] is True


def test_a_long_task_misses_the_goal_whatever_the_score():
    assert lighthouse_figures(_report(0.99, [201.0]))["met"] is False
    assert lighthouse_figures(_report(0.89, []))["met"] is False
    assert lighthouse_figures(_report(0.90, []))["met"] is True
