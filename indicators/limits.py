"""How long each piece of free text may be: the one place every door reads its limits from.

The models, the browser forms, the workbook's columns and the import's messages all use these
numbers, so a text the form takes is a text the workbook takes, and the other way round.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# A result's statement and the reason its data are unavailable, and a portfolio line's
# statement: short, as the Governing Body document prints them.
STATEMENT = 500
# A result's explanation, an accelerating action's text and progress note, a follow-up note.
NOTE = 4000
# A review comment in a result's discussion.
COMMENT = 2000
# The reason given for changing an entry already submitted or approved, kept in the history
# (django-simple-history keeps a change reason in a 100-character column).
REASON = 100
# A web address given as evidence (Django's URLField default).
URL = 200


def too_long(text: str, limit: int) -> str:
    """The message for a text over its limit, or "" when it fits."""
    if len(text) <= limit:
        return ""
    return _("The text is %(length)s characters long; at most %(limit)s are taken.") % {
        "length": number_format(len(text), force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }
