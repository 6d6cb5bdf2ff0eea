"""The exports' plain rows print exactly what the models print, chunk boundaries or not."""

import pytest

from indicators.models import AcceleratingAction, Result, Target
from workbooks import target_chunks
from workbooks.selectors import EXPORT_ORDER
from workbooks.target_chunks import with_export_rows


def _view(target, result, units, lines, actions) -> dict:
    """What an export prints of a target, from a model or a row alike."""
    return {
        "id": target.pk,
        "indicator": (target.indicator.code, target.indicator.section.title),
        "phase": target.phase.label,
        "text": target.display_text,
        "scope": target.scope_label,
        "units": [unit.acronym for unit in units],
        "status": target.status_for(result),
        "result": result
        and (
            result.display_text,
            result.get_review_state_display(),
            result.get_declared_status_display(),
            result.version,
            [(line.portfolio.code, line.custodian.acronym, line.statement) for line in lines],
        ),
        "actions": [(action.custodian_id, action.text) for action in actions],
    }


def _model_view(target: Target, year: int, *, counted_only: bool) -> dict:
    result = Result.objects.filter(target=target, year=year).first()
    if result and counted_only and not result.is_counted:
        result = None
    links = target.custodian_links.order_by("position", "pk")
    lines = result.breakdown_lines.order_by("position", "pk") if result else []
    actions = target.actions.exclude(state=AcceleratingAction.State.DROPPED)
    return _view(
        target,
        result,
        [link.custodian for link in links],
        lines,
        actions.order_by("position", "pk"),
    )


def _row_view(row) -> dict:
    result = row.year_results[0] if row.year_results else None
    lines = result.lines if result else []
    return _view(row, result, row.custodian_units, lines, row.listed_actions)


@pytest.mark.parametrize("counted_only", [True, False])
def test_rows_print_what_the_models_print_across_chunks(ilo_plan, monkeypatch, counted_only):
    monkeypatch.setattr(target_chunks, "EXPORT_CHUNK", 7)  # many chunks, one cut mid-indicator
    Result.objects.filter(target__indicator__code="OVS.1", year=2020).update(review_state="draft")
    targets = Target.objects.filter(indicator__section__plan=ilo_plan).order_by(*EXPORT_ORDER)

    rows = list(
        with_export_rows(targets, year=2020, counted_only=counted_only, with_lines_and_actions=True)
    )

    expected = [_model_view(target, 2020, counted_only=counted_only) for target in targets]
    assert [_row_view(row) for row in rows] == expected
    assert len(rows) == targets.count() > 20
    assert any(view["result"] and view["result"][4] for view in expected)  # breakdown lines
    assert any(view["actions"] for view in expected)
    if counted_only:  # the draft is not counted
        assert any(view["result"] is None for view in expected)
