from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from entries.models import ResultComment


@admin.register(ResultComment)
class ResultCommentAdmin(admin.ModelAdmin):
    """Read-only: the discussion is part of the review record, written from the result page."""

    list_display = ["created_at", "author", "step", "result", "text"]
    list_filter = ["step"]
    list_select_related = ["author", "result__target__indicator"]
    search_fields = ["text", "author__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ResultComment | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ResultComment | None = None) -> bool:
        return False
