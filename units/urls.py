"""GEDI's pages for custodian units and focal points, under /units/ (config/urls.py)."""

from django.urls import path

from units.views import focal_points, units

app_name = "units"

urlpatterns = [
    path("", units.units_page, name="units"),
    # Before the unit's address: no unit takes this slug (services.RESERVED_SLUGS).
    path("focal-points/", focal_points.focal_points_page, name="focal_points"),
    path("<slug:slug>/", units.unit_page, name="unit"),
    path("<slug:slug>/rename/", units.unit_rename, name="rename"),
    path("<slug:slug>/move/", units.unit_move, name="move"),
    path("<slug:slug>/retire/", units.unit_retire, name="retire"),
    path("<slug:slug>/restore/", units.unit_restore, name="restore"),
    path("<slug:slug>/focal-points/", units.unit_add_focal_point, name="add_focal_point"),
    path(
        "<slug:slug>/focal-points/<int:membership_pk>/remove/",
        units.unit_remove_focal_point,
        name="remove_focal_point",
    ),
]
