"""What the rows of one export print of the few things they share, put in words once.

A data workbook prints the same indicator names, scopes, units, custodians, review states and
statuses row after row, and putting each in words (a translation looked up, a plan text chosen in
the reader's language, a choice's label found) cost more than writing the row's cells: at 10,000
targets, about half the rows' own cost. The language does not change while an export is
written, so each is worded once, on first use, and kept for that export only. Each is keyed by
what decides its words, and worded by the same rule the pages use.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db.models import Choices

from custodians.plan_texts import in_language
from indicators.models import scope_label
from indicators.review import review_mark
from indicators.status import Status


class RowWords:
    """The words of one export's shared things (not kept between exports)."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, str] = {}

    def _once(self, key: Hashable, word: Callable[[], str]) -> str:
        text = self._kept.get(key)
        if text is None:
            text = self._kept[key] = word()
        return text

    def name(self, obj: Any) -> str:
        """A unit's, indicator's or any plan object's text in the reader's language."""
        return self._once((type(obj), obj.pk), lambda: in_language(obj))

    def scope(self, target: Any) -> str:
        """``indicators.models.scope_label``: where the target applies."""
        key = ("scope", target.scope, target.region_id, target.portfolio_id)
        return self._once(key, lambda: scope_label(target))

    def choice(self, choices: type[Choices], value: str) -> str:
        """A choice's label (the value itself when it is none of them, as Django shows it)."""
        return self._once(
            (choices, value),
            lambda: str(choices(value).label) if value in choices.values else str(value),
        )

    def status(self, status: Status, review_state: str | None) -> str:
        """The status as the scorecard words it, marked where the entry is not settled."""

        def word() -> str:
            label = str(status.label)
            mark = review_mark(review_state)
            return f"{label} ({mark})" if mark else label

        return self._once(("status", status, review_state), word)
