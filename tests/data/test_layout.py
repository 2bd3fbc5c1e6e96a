"""The macros package's shape: one job per module, no import cycles, the data loaded once a build.

The import graph is read from the source (ast), so a new module is covered without
editing this test; the calculator pages are one of the renderers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import macros.data.loader as loader

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = REPO_ROOT / "macros"
OUTSIDE: set[str] = set()
LEAVES = {"macros.data.problems", "macros.data.paths", "macros.formatting"}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (at any level of the file)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if name in OUTSIDE:
            continue
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package
                for _ in range((node.level or 1) - 1):
                    base = base.rpartition(".")[0]
                target = f"{base}.{node.module}" if node.level and node.module else (node.module if not node.level else base)
                if not target.startswith("macros"):
                    continue
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists()
                              or (PACKAGE.parent / Path(*candidate.split("."))).is_dir() else target)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("macros")}
        graph[name] = {m for m in found if m != name}
    return graph


GRAPH = imports()


def test_the_package_has_no_import_cycle():
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, f"import cycle: {' -> '.join(visiting[visiting.index(name):] + [name])}"
        visiting.append(name)
        for other in sorted(GRAPH.get(name, ())):
            if other in GRAPH and not name.startswith(other + "."):  # a package's own __init__ is not a cycle
                visit(other)
        visiting.pop()
        done.add(name)

    for name in GRAPH:
        visit(name)


def test_the_data_layer_never_imports_the_renderers():
    for name, targets in GRAPH.items():
        if name.startswith("macros.data"):
            assert not any(t.startswith("macros.render") for t in targets), (name, targets)


@pytest.mark.parametrize("leaf", sorted(LEAVES))
def test_problems_paths_and_formatting_are_leaves(leaf):
    assert GRAPH[leaf] == set(), f"{leaf} imports {GRAPH[leaf]}"


def test_the_renderers_read_the_data_they_are_given_not_the_folder():
    for name, targets in GRAPH.items():
        if name.startswith("macros.render") and name != "macros.render.text":
            assert "macros.data.loader" not in targets, f"{name} loads the data itself"


def test_the_package_entry_point_only_registers():
    tree = ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert functions == {"define_env", "on_post_page_macros", "on_post_build"}
    assert not any(isinstance(n, ast.ClassDef) for n in tree.body)


@pytest.mark.slow
def test_a_build_loads_the_data_once_and_a_rebuild_sees_an_edit(fixture_site, data_copy, monkeypatch, tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from macros import export_presets

    # the build writes the presets of the edited copy: not over the repository's own
    monkeypatch.setattr(export_presets, "DEFAULT_OUTPUT", tmp_path / "presets.json")

    calls = []
    real = loader._load
    monkeypatch.setattr(loader, "_load", lambda *a: calls.append(a) or real(*a))
    loader._CACHE.clear()
    monkeypatch.setenv(loader.DATA_DIR_VARIABLE, str(data_copy.root))
    page = "# Page\n\n{{ table1() }}\n\n{{ cite('addicott-2014', '9') }} {{ fact('bedfordshire', 'contract.total_value.amount') }}\n"
    for name, text in {"index.md": page, "references.md": "# References\n\n{{ references() }}\n",
                       "glossary.md": "# Glossary\n\n{{ glossary() }}\n"}.items():
        (fixture_site.root / "docs").mkdir(exist_ok=True)
        (fixture_site.root / "docs" / name).write_text(text, "utf-8")

    def built() -> str:
        config = load_config(str(fixture_site.root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
        build(config)
        return (tmp_path / "out" / "index.html").read_text("utf-8")

    assert "£130 million" in built()
    assert len(calls) == 1, f"the data was read {len(calls)} times in one build"
    built()
    assert len(calls) == 1, "an unchanged data folder is not read again"
    data_copy.replace_text("case-studies/bedfordshire.yaml", "amount: 130000000", "amount: 131500000")
    assert "£131.5 million" in built(), "a rebuild after an edit must show it"
    assert len(calls) == 2
