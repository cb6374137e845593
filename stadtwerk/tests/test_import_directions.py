"""Apps import each other only the way DESIGN.md's arrows point; the project package
composes them. Tests are left out: a journey may cross apps."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "privacy": set(),
    "website": {"privacy", "inquiries"},
    "inquiries": {"privacy"},
    "portal": {"privacy"},
    "sms": {"portal", "privacy"},
    "traffic": {"privacy"},
}
PROJECT = {*ALLOWED, "stadtwerk", "bench"}


def imported_packages(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(), filename=str(source))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & PROJECT


def modules_of(app: str):
    for source in sorted((ROOT / app).rglob("*.py")):
        parts = source.relative_to(ROOT / app).parts
        if "tests" not in parts and "fixture_app" not in parts:
            yield source


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_what_its_arrows_allow(app):
    wrong = {
        str(source.relative_to(ROOT)): sorted(imported - ALLOWED[app] - {app})
        for source in modules_of(app)
        if (imported := imported_packages(source)) - ALLOWED[app] - {app}
    }

    assert wrong == {}


def tag_library_owners() -> dict[str, str]:
    return {
        library.stem: app
        for app in ALLOWED
        for library in (ROOT / app / "templatetags").glob("*.py")
        if library.stem != "__init__"
    }


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_apps_templates_load_only_tag_libraries_its_arrows_allow(app):
    owners = tag_library_owners()
    wrong = {}
    for template in sorted((ROOT / app / "templates").rglob("*.html")):
        for load in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", template.read_text()):
            libraries = load.split(" from ")[-1].split()
            foreign = {owners[name] for name in libraries if name in owners} - ALLOWED[app] - {app}
            if foreign:
                wrong[str(template.relative_to(ROOT))] = sorted(foreign)

    assert wrong == {}
