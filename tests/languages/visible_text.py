"""What a reader sees (or hears) of a page or a template: its text and its spoken attributes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Attributes a screen reader speaks or a browser shows: their words need translating too.
SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "aria-description"}
HIDDEN_CONTENT = {"script", "style"}


class _VisibleText(HTMLParser):
    def __init__(self, *, only_inside: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0
        self._only_inside = only_inside
        self._inside = 0 if only_inside else 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self._only_inside:
            self._inside += 1
        if tag in HIDDEN_CONTENT:
            self._hidden += 1
        if self._inside:
            self.texts += [value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value]
            if tag == "input" and dict(attrs).get("type") in {"submit", "button", "reset"}:
                self.texts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_CONTENT:
            self._hidden -= 1
        if tag == self._only_inside:
            self._inside -= 1

    def handle_data(self, data: str) -> None:
        if self._inside and not self._hidden and data.strip():
            self.texts.append(data.strip())


def visible_texts(html: str, *, only_inside: str | None = None) -> list[str]:
    """Each text node and spoken attribute value, stripped; only_inside: within that element."""
    parser = _VisibleText(only_inside=only_inside)
    parser.feed(html)
    parser.close()
    return parser.texts


def has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]", text) is not None
