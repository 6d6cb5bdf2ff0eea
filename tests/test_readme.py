"""The README stays a short first page, and every path it or docs/ names is in the repository.

Plain functions, no database. What counts as a path:

- an inline code span without spaces that contains a ``/`` or ends in a file extension
  (``indicators/status.py``, ``.ci/run``, ``dev.py``), unless it is a URL, an address of the app
  (starts with ``/``) or a placeholder (``<plan>``, ``…``); a Python name such as
  ``indicators.status.target_status`` ends in no file extension and is not a path;
- in a code span or fenced block with spaces (a command), each word whose first part names a
  file or folder at the top of the repository (``loadtest/run.py`` in
  ``.venv/bin/python loadtest/run.py``);
- the target of a Markdown link that is not a URL or an anchor, read from the linking file's
  folder, with its ``#anchor`` checked against the headings of the linked page.

A path git ignores (``test-results/``, ``bench-results/``: what running the project makes) need
not exist; everything else must.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
MAX_README_LINES = 250

EXTENSIONS = {
    *(".py", ".md", ".json", ".toml", ".txt", ".html", ".css", ".js", ".svg"),
    *(".cfg", ".ini", ".yml", ".yaml", ".sh", ".xlsx", ".csv", ".sqlite3"),
}

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:, sqlite:, …
PLACEHOLDER = re.compile(r"[<>…{}$|]|\.\.\.")


def _ignored_patterns() -> list[str]:
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def is_ignored(path: str) -> bool:
    """Whether .gitignore covers the path or one of its folders (a file the project makes)."""
    parts = path.strip("/").split("/")
    for pattern in _ignored_patterns():
        anchored = pattern.startswith("/")
        pattern = pattern.strip("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            name = parts[depth - 1]
            if fnmatch.fnmatchcase(prefix, pattern) or (
                not anchored and fnmatch.fnmatchcase(name, pattern)
            ):
                return True
    return False


def _top_level_names() -> set[str]:
    return {p.name for p in ROOT.iterdir() if not is_ignored(p.name) and p.name != ".git"}


def _looks_like_path(text: str) -> bool:
    if not text or any(ch.isspace() for ch in text):
        return False
    if URL.match(text) or text.startswith(("/", "#", "-", "~")) or PLACEHOLDER.search(text):
        return False
    if "/" in text:
        return True
    stem, dot, ext = text.rpartition(".")
    return bool(dot and stem and not stem.startswith(".") and f".{ext}" in EXTENSIONS)


def _command_words(text: str, top: set[str]) -> list[str]:
    """Words of a command that name something at the top of the repository."""
    found = []
    for word in re.split(r"[\s=\"'(),;]+", text):
        word = word.rstrip(".:")
        if not word or URL.match(word) or PLACEHOLDER.search(word) or word.startswith("/"):
            continue
        if word.split("/")[0] in top and (word != word.split("/")[0] or "." in word):
            found.append(word)
    return found


def paths_named(markdown: str, top: set[str] | None = None) -> list[str]:
    """The repository paths a Markdown text names in code spans and fenced blocks."""
    top = _top_level_names() if top is None else top
    found: list[str] = []
    for block in FENCE.finditer(markdown):
        body = block.group(0).split("\n", 1)[1] if "\n" in block.group(0) else ""
        found += _command_words(body, top)
    prose = FENCE.sub("", markdown)
    for span in CODE_SPAN.finditer(prose):
        text = span.group(2).strip()
        if any(ch.isspace() for ch in text):
            found += _command_words(text, top)
        elif _looks_like_path(text):
            found.append(text)
    return found


def links_named(markdown: str) -> list[str]:
    """Targets of Markdown links that point into the repository (not URLs, not bare anchors)."""
    prose = CODE_SPAN.sub("", FENCE.sub("", markdown))
    return [
        target
        for target in (m.group(1) for m in LINK.finditer(prose))
        if not URL.match(target) and not target.startswith("#")
    ]


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__", "", heading.strip()).lower()
    text = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in {"L", "N"})
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    prose = FENCE.sub("", markdown)
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", prose, re.MULTILINE)}


def _exists(path: str) -> bool:
    if "*" in path or "?" in path:
        return any(ROOT.glob(path))
    return (ROOT / path).exists()


def _link_is_broken(target: str, page: Path) -> bool:
    """A link to nothing in the repository, outside it, or to a heading its page lacks."""
    file_part, _, anchor = target.partition("#")
    resolved = (page.parent / file_part).resolve()
    if not resolved.is_relative_to(ROOT):
        return True
    if not resolved.exists():
        return not is_ignored(resolved.relative_to(ROOT).as_posix())
    if anchor and resolved.suffix == ".md" and resolved.is_file():
        return anchor not in anchors(resolved.read_text(encoding="utf-8"))
    return False


def missing_paths(markdown: str, page: Path) -> list[str]:
    """Paths and links of a page that name nothing in the repository."""
    missing = [p for p in paths_named(markdown) if not _exists(p) and not is_ignored(p)]
    return missing + [t for t in links_named(markdown) if _link_is_broken(t, page)]


def _pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_README_LINES, (
        f"README.md has {len(lines)} lines; keep it to {MAX_README_LINES} and move detail to docs/"
    )


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_path_named_exists(page: Path):
    missing = missing_paths(page.read_text(encoding="utf-8"), page)
    assert not missing, f"{page.relative_to(ROOT)} names paths that do not exist: {missing}"


def test_every_docs_page_is_linked_from_the_readme():
    linked = {(ROOT / t.partition("#")[0]).resolve() for t in links_named(README.read_text())}
    unlinked = [p.name for p in DOCS.glob("*.md") if p.resolve() not in linked]
    assert not unlinked, f"docs pages the README does not link: {unlinked}"


# The extraction itself: it must find what a page names, and not take prose or URLs for paths.

SAMPLE = """
See `indicators/status.py`, `dev.py`, `.ci/run` and [the rule](docs/nowhere.md#x).
Not paths: `/scorecards/<plan>/`, `https://example.org/a.py`, `Target.status_for(result)`,
`indicators.permissions.result_edit_refusal`, `DEBUG`, `1`, `.xlsx`, `sqlite:///path`.
`python manage.py load_plan fixtures/plan.json` and [a site](https://example.org/x).

```sh
.venv/bin/python loadtest/nowhere.py --out data.xlsx
```
"""


def test_extraction_finds_the_paths_a_page_names():
    top = {"indicators", "dev.py", ".ci", "fixtures", "loadtest", "docs"}
    assert sorted(paths_named(SAMPLE, top)) == sorted(
        [
            "indicators/status.py",
            "dev.py",
            ".ci/run",
            "fixtures/plan.json",
            "loadtest/nowhere.py",
        ]
    )
    assert links_named(SAMPLE) == ["docs/nowhere.md#x"]


def test_a_path_that_does_not_exist_is_reported():
    text = "Read `indicators/no_such_module.py` and [this](docs/no-such-page.md).\n"
    text += "[up](../outside.md), [a heading](docs/testing.md#no-such-heading)\n"
    text += "```sh\npython3 loadtest/no_such_script.py\n```\n"
    assert sorted(missing_paths(text, README)) == [
        "../outside.md",
        "docs/no-such-page.md",
        "docs/testing.md#no-such-heading",
        "indicators/no_such_module.py",
        "loadtest/no_such_script.py",
    ]
    assert missing_paths("`test-results/playwright/` and `dev.py`", README) == []


def test_anchors_follow_github_headings():
    assert _slug("Two commands for a fresh clone") == "two-commands-for-a-fresh-clone"
    heading = "Figures of 2026-12-01 (2 cores, `nproc` 2)"
    assert _slug(heading) == "figures-of-2026-12-01-2-cores-nproc-2"
