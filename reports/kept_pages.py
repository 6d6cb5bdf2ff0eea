"""Pages kept as rendered: what a scorecard page shows between the site's header and footer
depends on its address (scope, year, filters, sorting, the table's page), the language and the
data, never on the reader (the plan's visibility is checked before). It is kept under the data's
stamp (reports/data_stamp.py), so that a page read again runs no count, builds no table and
renders none of it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from reports.data_stamp import kept


@dataclass(frozen=True)
class KeptPage:
    """A page's title and its content as rendered."""

    title: str
    content: SafeString


def kept_page(
    request: HttpRequest,
    stamp: int | None,
    compute: Callable[[], tuple[str, str, dict[str, Any]]],
) -> KeptPage:
    """The page of this address for the data of ``stamp``: from the cache when a read of the
    same address, language and data rendered it, else ``compute``'s title, and its template
    rendered with its context."""

    def rendered() -> KeptPage:
        title, template, context = compute()
        return KeptPage(title=title, content=render_to_string(template, context, request))

    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return kept(stamp, ("page-html", address), rendered)
