"""The project's packages depend on each other in one direction only, down the layers below.

Every module of every first-party package (migrations included) is read with ``ast``: an
``import`` or ``from … import`` of another package, or a migration's dependency on another app's
migration, must go to a lower layer. A package never imports one of its own layer or above, so
the graph has no cycle. When an import breaks the rule, move the code that needs both packages
up to a package that may read both (as reports/indicator_page.py does for indicators and
evaluations) rather than moving a package's layer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# Lowest first.
LAYERS: list[set[str]] = [
    {"custodians"},  # custodian units, portfolios, regions and the roles of their members
    {"indicators"},  # the plan: its targets, results, actions and their rules
    {"entries", "workbooks"},  # entering results by page and by spreadsheet
    {"evaluations"},  # its export writes its cells as the workbooks do (workbooks.cells)
    {"units"},  # GEDI keeps up units and focal points; reads what each still has to report
    {"reports"},  # scorecards, and the indicator page with its evaluation recommendations
    {"config", "benchmarks"},  # settings and URLs that put the apps together; the tools
]
LAYER_OF = {package: level for level, packages in enumerate(LAYERS) for package in packages}


def first_party_packages() -> set[str]:
    return {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests"} and not path.parent.name.startswith(".")
    }


def modules(package: str) -> Iterator[Path]:
    yield from sorted((ROOT / package).rglob("*.py"))


def migration_dependencies(tree: ast.Module) -> Iterator[tuple[str, int]]:
    """``("app", "0001_…")`` entries of a migration's ``dependencies``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "dependencies" for target in node.targets
        ):
            for item in ast.walk(node.value):
                if (
                    isinstance(item, ast.Tuple)
                    and len(item.elts) == 2
                    and all(
                        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in item.elts
                    )
                ):
                    yield item.elts[0].value, item.lineno


def imported(path: Path) -> Iterator[tuple[str, int]]:
    """The top-level package of each absolute import in the module, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.partition(".")[0], node.lineno
    if path.parent.name == "migrations":
        yield from migration_dependencies(tree)


def dependencies() -> dict[str, dict[str, list[str]]]:
    """package -> the other first-party packages it reads -> where ("path:line")."""
    found: dict[str, dict[str, list[str]]] = {}
    for package in sorted(LAYER_OF):
        found[package] = {}
        for path in modules(package):
            for other, line in imported(path):
                if other in LAYER_OF and other != package:
                    where = f"{path.relative_to(ROOT)}:{line}"
                    found[package].setdefault(other, []).append(where)
    return found


def test_every_first_party_package_has_a_layer():
    assert first_party_packages() == set(LAYER_OF)


def test_the_installed_apps_are_the_layered_packages_but_config_and_the_tools():
    installed = {app.partition(".")[0] for app in settings.INSTALLED_APPS}
    assert installed & set(LAYER_OF) == set(LAYER_OF) - {"config", "benchmarks"}


def test_every_import_goes_down_the_layers():
    against = [
        f"{where}: {package} (layer {LAYER_OF[package]}) imports {other} (layer {LAYER_OF[other]})"
        for package, others in dependencies().items()
        for other, places in others.items()
        if LAYER_OF[other] >= LAYER_OF[package]
        for where in places
    ]
    assert not against, "imports against the layering:\n" + "\n".join(against)


def test_the_packages_import_each_other_without_a_cycle():
    graph = {package: set(others) for package, others in dependencies().items()}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"the packages import each other in a cycle: {exc.args[1]}") from exc
    assert set(order) == set(LAYER_OF)


def test_the_rule_sees_the_imports_it_checks():
    """The reader finds the known ones, so an empty list of faults means something."""
    found = dependencies()
    assert "custodians" in found["indicators"]
    assert "workbooks" in found["evaluations"]
    assert {"indicators", "evaluations"} <= set(found["reports"])
    assert "indicators" in found["evaluations"]  # from its migrations as well as its modules
    migrations = [where for where in found["evaluations"]["indicators"] if "migrations" in where]
    assert migrations
