"""Who may report follow-up on which recommendation. Every view that changes follow-up asks here.

- Administrators and GEDI reviewers report on every recommendation.
- Viewers read everything and change nothing.
- A focal point reports only on recommendations addressed to one of their units.
- Everyone signed in reads the tracker: the recommendations come from public documents.
  (Signing in itself is enforced for every page by LoginRequiredMiddleware.)
"""

from __future__ import annotations

from custodians.roles import User, is_reviewer, is_viewer
from evaluations.models import Recommendation


def can_report_follow_up(user: User, recommendation: Recommendation) -> bool:
    if not user.is_authenticated:
        return False
    if is_reviewer(user):
        return True
    if is_viewer(user):
        return False
    return recommendation.unit_links.filter(unit__memberships__user=user).exists()
