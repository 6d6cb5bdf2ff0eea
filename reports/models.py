"""What the scorecards keep: a stamp of the plan data's state, so that what they compute is kept
until that data changes (reports/data_stamp.py)."""

from django.db import models


class DataStamp(models.Model):
    """One row whose ``version`` the database itself changes with every write to the plans'
    data (triggers installed by reports/data_stamp.py), whichever door made it."""

    version = models.BigIntegerField(default=0)
    # PostgreSQL: the transaction that last changed ``version`` (changed once per transaction).
    touched_by = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"data stamp {self.version}"
