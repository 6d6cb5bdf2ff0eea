"""Nothing the app serves loads from another host: closed networks block other hosts."""

from pathlib import Path

import pytest
from django.conf import settings

from reports.plotly_bundle import REPLACEMENTS, off_host_urls, offline_bundle

STATIC = Path(settings.BASE_DIR) / "static"
SERVED_TEXT = [
    path for path in STATIC.rglob("*") if path.suffix in {".js", ".css", ".html", ".svg", ".json"}
]


@pytest.mark.parametrize("path", SERVED_TEXT, ids=lambda path: str(path.relative_to(STATIC)))
def test_no_static_file_names_another_host(path):
    assert off_host_urls(path.read_text(encoding="utf-8")) == []


def test_the_plotly_bundle_keeps_no_off_host_default():
    served = (STATIC / "vendor" / "plotly" / "plotly.min.js").read_text(encoding="utf-8")
    for original, replacement in REPLACEMENTS.items():
        assert original not in served
        assert replacement in served
    assert offline_bundle(served) == served  # installing it again changes nothing


def test_a_bundle_with_an_unknown_off_host_address_is_refused():
    bundle = "".join(REPLACEMENTS) + 'fetch("https://cdn.example.org/x.json")'
    with pytest.raises(ValueError, match="https://cdn.example.org/x.json"):
        offline_bundle(bundle)
    with pytest.raises(ValueError, match="without"):
        offline_bundle("var Plotly = {};")
