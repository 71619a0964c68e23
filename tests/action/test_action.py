"""The GitHub Action, end to end: its steps run against a fake GITHUB_* environment and a stub of
GitHub's API on loopback. A pull request gets one plan comment, updated on each push; merging
applies the plan that was reviewed; broken specs fail with annotations and SARIF."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from acdplan.report.plan_markdown import GITHUB_LIMIT
from tests.action.harness import base_environment, run_action, write_event
from tests.action.stub_github import TOKEN, StubGitHub
from tests.conftest import EXAMPLE_SPECS, REPO_ROOT
from tests.report.markdown_html import rendered

PROJECT_FILE = "specs: specs/\nenvironments:\n  staging:\n    provider: local\n    path: .acdplan/staging.json\n"
MARKER = "<!-- acdplan-plan: staging -->"
RUNS = itertools.count()


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE_SPECS, root / "specs")
    (root / "acdplan.yaml").write_text(PROJECT_FILE)
    return root


@pytest.fixture
def github():
    with StubGitHub() as stub:
        yield stub


def _play(stub: StubGitHub, sarif_checked: list):
    def play(uses: str, with_: dict) -> None:
        if uses.startswith("actions/upload-artifact@"):
            stub.upload_artifact(with_["name"], Path(with_["path"]))
        elif uses.startswith("github/codeql-action/upload-sarif@"):
            document = json.loads(Path(with_["sarif_file"]).read_text())
            assert document["version"] == "2.1.0" and with_["category"] == "acdplan"
            sarif_checked.append(document)
        else:
            raise AssertionError(f"unexpected action {uses}")
    return play


def run_event(stub, repo, tmp_path, event_name, payload, ref, sha, inputs=None):
    temp = tmp_path / f"runner-{next(RUNS)}"  # a fresh runner for every job, as on GitHub
    temp.mkdir()
    event = write_event(temp / "event.json", {"repository": {"default_branch": "main"}, **payload})
    env = base_environment(stub.url, event, event_name, ref, sha, temp)
    sarif = []
    run = run_action({"environment": "staging", "install": "false", **(inputs or {})},
                     {"token": TOKEN, "action_path": str(REPO_ROOT)}, env, repo, _play(stub, sarif))
    run.sarif = sarif
    assert all(TOKEN not in log for log in run.logs.values())  # the token is never printed
    return run


def pull_request(stub, repo, tmp_path, number, head_sha):
    payload = {"number": number, "pull_request": {"number": number, "head": {"sha": head_sha}}}
    return run_event(stub, repo, tmp_path, "pull_request", payload, f"refs/pull/{number}/merge", "f" * 40)


def ours(stub, number) -> list[dict]:
    return [c for c in stub.comments.get(number, []) if c["body"].startswith(MARKER)]


def test_pull_request_gets_one_sticky_comment_and_merge_applies_the_reviewed_plan(github, repo, tmp_path):
    human = github.add_comment(7, "Looks fine to me")
    first = pull_request(github, repo, tmp_path, 7, "a1" * 20)
    assert first.failed is None, first.logs
    assert first.outputs["setup"]["mode"] == "plan" and first.outputs["plan"]["has-changes"] == "true"
    [comment] = ours(github, 7)
    body = comment["body"]
    assert body.startswith(MARKER + "\n**Plan for `staging`:** 22 to create, 0 to update, 0 to replace, 0 to delete.")
    root = rendered(body)
    assert len(root.find_all("tbody")[0].find_all("tr")) == 22
    assert "skill.IGD_Ventes_FR" in [code.text() for code in root.find_all("code")]
    assert body[len(MARKER) + 1:] in first.summary  # the job summary shows the same plan
    assert first.sarif and first.sarif[0]["runs"][0]["results"] == []
    assert ("actions/upload-artifact@v4", {"name": f"acdplan-plan-staging-{'a1' * 20}",
                                           "path": first.outputs["setup"]["workdir"] + "/plan/",
                                           "retention-days": "30"}) in first.uses

    skills = repo / "specs" / "skills.yaml"
    skills.write_text(skills.read_text().replace("Instagram Direct sales questions, French", "Revu en PR"))
    second = run_event(github, repo, tmp_path, "pull_request",
                       {"number": 7, "pull_request": {"number": 7, "head": {"sha": "b2" * 20}}},
                       "refs/pull/7/merge", "e" * 40)
    assert second.failed is None, second.logs
    assert [c["id"] for c in ours(github, 7)] == [comment["id"]]  # the same comment, updated
    assert "Revu en PR" in ours(github, 7)[0]["body"]
    assert github.comments[7][0] == human and len(github.comments[7]) == 2
    assert [m for m, p in github.requests if p.endswith("/issues/7/comments") and m == "POST"] == ["POST"]
    assert [m for m, p in github.requests if "/issues/comments/" in p] == ["PATCH"]

    github.pulls_of_commit["c3" * 20] = [{"number": 7, "merged_at": "2026-11-25T17:00:00Z", "head": {"sha": "b2" * 20}}]
    merged = run_event(github, repo, tmp_path, "push", {}, "refs/heads/main", "c3" * 20)
    assert merged.failed is None, merged.logs
    assert merged.outputs["setup"]["mode"] == "apply" and merged.outputs["apply"]["exitcode"] == "0"
    assert "Apply complete." in merged.logs["apply"]
    tenant = (repo / ".acdplan" / "staging.json").read_text()
    assert "Revu en PR" in tenant  # what was applied is the second, reviewed plan

    after = pull_request(github, repo, tmp_path, 8, "d4" * 20)
    assert after.outputs["plan"]["has-changes"] == "false"
    body = ours(github, 8)[0]["body"]
    assert body.startswith(MARKER + "\n**Plan for `staging`:** no changes. The tenant matches the specs.\n")
    assert body.endswith("**Merging this pull request changes nothing in `staging`.**\n")


def test_broken_specs_fail_with_annotations_and_sarif_and_no_plan(github, repo, tmp_path):
    (repo / "specs" / "extra.yaml").write_text("skills:\n  IG_X_FR: {campain: Social}\n")
    run = pull_request(github, repo, tmp_path, 9, "e5" * 20)
    assert run.failed == "validate"
    assert "::error file=specs/extra.yaml,line=2,col=" in run.logs["validate"] and "title=SC001::" in run.logs["validate"]
    assert run.sarif[0]["runs"][0]["results"][0]["ruleId"] == "SC001"  # uploaded although the step failed
    assert "plan-file" not in run.outputs["plan"]  # no plan, no artifact: the comment says why (test_pr_loop.py)
    assert "not made: the specs fail validation at commit `e5e5e5e5e5e5`" in ours(github, 9)[0]["body"]


def test_a_plan_that_fails_is_commented_as_failed(github, repo, tmp_path):
    (repo / "specs" / "queues.yaml").write_text(
        "routing_queues:\n  New Queue:\n    filters: {Social: {included_channels: [Instagram Direct FR]}}\n")
    run = pull_request(github, repo, tmp_path, 10, "f6" * 20)
    assert run.failed == "plan"
    [comment] = ours(github, 10)
    assert "**Plan for `staging`:** failed" in comment["body"] and "RQ001" in comment["body"]
    assert not [uses for uses, _ in run.uses if uses.startswith("actions/upload-artifact")]


def test_merge_refuses_a_plan_made_stale_by_a_change_since_review(github, repo, tmp_path):
    assert pull_request(github, repo, tmp_path, 11, "a7" * 20).failed is None
    from click.testing import CliRunner

    from acdplan.cli import main

    skills = repo / "specs" / "skills.yaml"
    original = skills.read_text()
    skills.write_text(original.replace("Instagram Direct sales questions, French", "applied by hand"))
    assert CliRunner().invoke(main, ["-C", str(repo), "apply", "-e", "staging", "--auto-approve"]).exit_code == 0
    skills.write_text(original)
    github.pulls_of_commit["b8" * 20] = [{"number": 11, "merged_at": "2026-11-25T17:00:00Z", "head": {"sha": "a7" * 20}}]
    merged = run_event(github, repo, tmp_path, "push", {}, "refs/heads/main", "b8" * 20)
    assert merged.failed == "apply" and "stale" in merged.logs["apply"].lower()


def test_a_push_that_came_through_no_pull_request_applies_nothing(github, repo, tmp_path):
    merged = run_event(github, repo, tmp_path, "push", {}, "refs/heads/main", "c9" * 20)
    assert merged.failed == "apply" and "came through no pull request" in merged.logs["apply"]
    assert not (repo / ".acdplan" / "staging.json").exists()


def test_a_push_to_another_branch_only_validates(github, repo, tmp_path):
    run = run_event(github, repo, tmp_path, "push", {}, "refs/heads/feature", "d0" * 20)
    assert run.failed is None and run.outputs["setup"]["mode"] == "validate"
    assert run.outputs.get("plan", {}) == {} and run.outputs["apply"] == {}


def test_comment_body_stays_within_githubs_limit():
    from acdplan.github_action import comment_body

    body = comment_body("staging", "x" * 70_000)
    assert len(body) <= GITHUB_LIMIT and body.startswith(MARKER)


def test_readme_names_every_input_and_output_of_the_action():
    import yaml

    action = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme[readme.index("### GitHub Actions"):readme.index("### Other CI systems")]
    for name in [*action["inputs"], *action["outputs"]]:
        assert f"`{name}`" in section, name
    example = yaml.safe_load((REPO_ROOT / "examples" / "github-workflow.yml").read_text())
    steps = example["jobs"]["acdplan"]["steps"]
    assert any(step.get("uses", "").startswith("acdplan/acdplan@") for step in steps)
    assert example["permissions"] == {"contents": "read", "pull-requests": "write", "security-events": "write",
                                      "actions": "read"}
