"""Issue 20, item 5: the sticky plan comment is found by its marker AND its author. A person's
comment that begins with the marker is never edited (nor, on a 403, the reason no plan is posted).
`python -m acdplan.github_action comment` as the action runs it, against the GitHub stub on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.action.harness import write_event
from tests.action.stub_github import TOKEN, StubGitHub

MARKER = "<!-- acdplan-plan: staging -->"


@pytest.fixture
def github():
    with StubGitHub() as stub:
        yield stub


def post_plan(stub: StubGitHub, tmp_path: Path, markdown: str, **extra: str) -> subprocess.CompletedProcess:
    (tmp_path / "plan.md").write_text(markdown)
    event = write_event(tmp_path / "event.json", {"number": 7, "pull_request": {"number": 7}})
    env = {"PATH": os.environ.get("PATH", ""), "GITHUB_API_URL": stub.url, "GITHUB_REPOSITORY": "acme/cxone-config",
           "GITHUB_EVENT_PATH": str(event), "GITHUB_TOKEN": TOKEN, "LANG": "C.UTF-8",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2]), **extra}
    return subprocess.run([sys.executable, "-m", "acdplan.github_action", "comment", "--markdown",
                           str(tmp_path / "plan.md"), "--environment", "staging"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def test_a_persons_comment_starting_with_the_marker_is_never_taken_for_the_plan(github, tmp_path):
    human = github.add_comment(7, MARKER + "\nI copied the plan here to discuss it", user="octocat")
    first = post_plan(github, tmp_path, "plan one")
    assert first.returncode == 0, first.stderr
    assert human["body"] == MARKER + "\nI copied the plan here to discuss it"  # untouched
    bots = [c for c in github.comments[7] if c["user"]["login"] == "github-actions[bot]"]
    assert [c["body"] for c in bots] == [MARKER + "\nplan one"]
    second = post_plan(github, tmp_path, "plan two")
    assert second.returncode == 0, second.stderr
    assert [c["body"] for c in github.comments[7]] == [MARKER + "\nI copied the plan here to discuss it",
                                                        MARKER + "\nplan two"]
    patched = [path for method, path in github.requests if method == "PATCH"]
    assert patched == [f"/repos/acme/cxone-config/issues/comments/{bots[0]['id']}"]


def test_a_github_apps_comment_is_found_by_its_configured_author(github, tmp_path):
    mine = github.add_comment(7, MARKER + "\nold plan", user="acdplan-app[bot]")
    github.add_comment(7, MARKER + "\nold plan", user="octocat")
    result = post_plan(github, tmp_path, "new plan", ACDPLAN_COMMENT_AUTHOR="acdplan-app[bot]")
    assert result.returncode == 0, result.stderr
    assert mine["body"] == MARKER + "\nnew plan" and len(github.comments[7]) == 2
