"""The interface's compiled catalogues: each ``locale/<language>/LC_MESSAGES/django.po`` written to
the ``django.mo`` beside it, which is what Django reads.

Django's own ``compilemessages`` calls GNU gettext's ``msgfmt``, which a fresh machine lacks
(the README promises Python and nothing else), so Babel, installed with the project, compiles
them in pure Python: ``python -m config.translations``, which ``dev.py`` runs after every install
check and a deployment runs after installing (beside collectstatic). A module, not a management
command: config/ is not an app, and it needs no settings (no SECRET_KEY in a build step). The .mo
files are made, not kept in git. How the team adds and updates strings: docs/languages.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


class CatalogueError(Exception):
    """A .po file that cannot be read, or whose translations do not fit their messages."""


def read_catalogue(po_path: Path) -> Catalog:
    """The catalogue, refused if it is malformed or a translation breaks its message.

    Babel's checks are msgfmt's: the same ``%(name)s`` placeholders as the message, and as many
    plural forms as the language's ``Plural-Forms`` header says.
    """
    try:
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, abort_invalid=True)
    except Exception as error:  # Babel's PoFileError, or a file that is not UTF-8
        raise CatalogueError(f"{po_path}: {error}") from error
    problems = [
        f"{po_path}: {message.id!r}: {problem}"
        for message, problems in catalogue.check()
        for problem in problems
    ]
    if problems:
        raise CatalogueError("\n".join(problems))
    return catalogue


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo beside the .po; a fuzzy translation is left out, as msgfmt does."""
    catalogue = read_catalogue(po_path)
    mo_path = po_path.with_suffix(".mo")
    # Written aside, then moved in place: a running server never reads half a file.
    partial = mo_path.with_suffix(".mo.partial")
    with partial.open("wb") as mo_file:
        write_mo(mo_file, catalogue, use_fuzzy=False)
    partial.replace(mo_path)
    return mo_path


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every catalogue under locale_dir, compiled; a few milliseconds, so always all of them."""
    return [compile_catalogue(po_path) for po_path in po_files(locale_dir)]


def main() -> None:
    try:
        compiled = compile_catalogues()
    except CatalogueError as error:
        sys.exit(f"The translations could not be compiled:\n{error}")
    if "--verbose" in sys.argv:
        for mo_path in compiled:
            print(f"Compiled {mo_path.relative_to(LOCALE_DIR.parent)}")


if __name__ == "__main__":
    main()
