"""A team's day replayed through the action (issue 22): a pull request is opened, a push breaks the
specs, a push fixes them, the merge applies, and a schedule watches for drift. Each job runs on a
fresh runner (its own RUNNER_TEMP) against the stub GitHub API; the repository and the sandbox
tenant persist between jobs, as the git repository and the tenant do.

Shared by tests/action/test_pr_loop.py and, for the evidence of the closing note, runnable:
`python -m tests.action.sequence OUT_DIR` writes every comment and issue body as posted (.md) and
as cmarkgfm renders it (.html).
"""

from __future__ import annotations

import itertools
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.action.harness import UsesFailed, base_environment, run_action, write_event
from tests.action.stub_github import TOKEN, StubGitHub
from tests.conftest import EXAMPLE_SPECS, REPO_ROOT

PROJECT_FILE = "specs: specs/\nenvironments:\n  staging:\n    provider: local\n    path: .acdplan/staging.json\n"
MARKER = "<!-- acdplan-plan: staging -->"
DRIFT_MARKER = "<!-- acdplan-drift: staging -->"


def make_repo(root: Path, project_file: str = PROJECT_FILE) -> Path:
    shutil.copytree(EXAMPLE_SPECS, root / "specs")
    (root / "acdplan.yaml").write_text(project_file)
    return root


@dataclass
class Runner:
    """Runs one job of the workflow per call, as GitHub would for an event."""

    stub: StubGitHub
    repo: Path
    scratch: Path
    sarif_fails: bool = False  # a private repository without code scanning: the upload step fails
    counter: itertools.count = field(default_factory=itertools.count)

    def play(self, run_sarif: list):
        def play(uses: str, with_: dict) -> None:
            if uses.startswith("actions/upload-artifact@"):
                self.stub.upload_artifact(with_["name"], Path(with_["path"]))
            elif uses.startswith("github/codeql-action/upload-sarif@"):
                if self.sarif_fails:
                    raise UsesFailed("Code scanning is not enabled for this repository (HTTP 403)")
                run_sarif.append(json.loads(Path(with_["sarif_file"]).read_text()))
            else:
                raise AssertionError(f"unexpected action {uses}")
        return play

    def event(self, event_name: str, payload: dict, ref: str, sha: str, inputs: dict | None = None,
              extra_env: dict | None = None):
        temp = self.scratch / f"runner-{next(self.counter)}"
        temp.mkdir(parents=True)
        event = write_event(temp / "event.json", {"repository": {"default_branch": "main"}, **payload})
        env = {**base_environment(self.stub.url, event, event_name, ref, sha, temp), **(extra_env or {})}
        sarif: list = []
        run = run_action({"environment": "staging", "install": "false", **(inputs or {})},
                         {"token": TOKEN, "action_path": str(REPO_ROOT)}, env, self.repo, self.play(sarif))
        run.sarif = sarif  # type: ignore[attr-defined]
        assert all(TOKEN not in log for log in run.logs.values())  # the token is never printed
        return run

    def pull_request(self, number: int, head_sha: str, inputs: dict | None = None):
        payload = {"number": number, "pull_request": {"number": number, "head": {"sha": head_sha}}}
        return self.event("pull_request", payload, f"refs/pull/{number}/merge", "f" * 40, inputs)

    def merge(self, number: int, head_sha: str, merge_sha: str, inputs: dict | None = None):
        self.stub.pulls_of_commit[merge_sha] = [{"number": number, "merged_at": "2026-12-06T12:00:00Z",
                                                 "head": {"sha": head_sha}}]
        return self.event("push", {}, "refs/heads/main", merge_sha, inputs)

    def schedule(self, sha: str):
        return self.event("schedule", {"schedule": "0 6 * * *"}, "refs/heads/main", sha)


def plan_comments(stub: StubGitHub, number: int) -> list[dict]:
    return [c for c in stub.comments.get(number, []) if c["body"].startswith(MARKER)]


def replies(stub: StubGitHub, number: int) -> list[dict]:
    return [c for c in stub.comments.get(number, []) if c["user"]["login"] == "github-actions[bot]"
            and not c["body"].startswith(MARKER)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drift_tenant(repo: Path, goal_percent: int) -> None:
    """A supervisor changes a skill's service level in CXone (here: the sandbox tenant's file)."""
    tenant_file = repo / ".acdplan" / "staging.json"
    tenant = json.loads(tenant_file.read_text())
    tenant["objects"]["skill"]["IGD_Ventes_FR"]["service_level"]["goal_percent"] = goal_percent
    tenant_file.write_text(json.dumps(tenant))


def replay(stub: StubGitHub, repo: Path, scratch: Path) -> list[tuple[str, object, str]]:
    """The whole day; returns (step, job run, what was posted at that step) for each job."""
    runner = Runner(stub, repo, scratch, sarif_fails=True)
    posted: list[tuple[str, object, str]] = []

    def latest_plan_comment() -> str:
        return plan_comments(stub, 7)[-1]["body"]

    opened = runner.pull_request(7, "a1" * 20)
    posted.append(("1-pr-opened", opened, latest_plan_comment()))

    skills = repo / "specs" / "skills.yaml"
    edit(skills, "    campaign: Social\n", "    campain: Social\n")
    broken = runner.pull_request(7, "b2" * 20)
    posted.append(("2-push-fails-validation", broken, latest_plan_comment()))

    edit(skills, "    campain: Social\n", "    campaign: Social\n")
    edit(skills, "Instagram Direct sales questions, French", "Questions de vente Instagram Direct")
    fixed = runner.pull_request(7, "c3" * 20)
    posted.append(("3-push-fixed", fixed, latest_plan_comment()))

    merged = runner.merge(7, "c3" * 20, "d4" * 20)
    posted.append(("4-merge-applies", merged, replies(stub, 7)[-1]["body"]))

    quiet = runner.schedule("d4" * 20)
    posted.append(("5-schedule-no-drift", quiet, ""))

    drift_tenant(repo, 70)
    drifted = runner.schedule("d4" * 20)
    posted.append(("6-schedule-drift-opens-issue", drifted, _drift_issue(stub)["body"]))

    drift_tenant(repo, 60)
    again = runner.schedule("d4" * 20)
    posted.append(("7-schedule-drift-updates-issue", again, _drift_issue(stub)["body"]))

    from click.testing import CliRunner

    from acdplan.cli import main

    assert CliRunner().invoke(main, ["-C", str(repo), "apply", "-e", "staging", "--auto-approve"]).exit_code == 0
    matched = runner.schedule("d4" * 20)
    issue = _drift_issue(stub)
    posted.append(("8-schedule-matches-closes-issue", matched, stub.comments[issue["number"]][-1]["body"]))
    return posted


def _drift_issue(stub: StubGitHub) -> dict:
    [issue] = [i for i in stub.issues.values() if i["body"].startswith(DRIFT_MARKER)]
    return issue


def main(out: str) -> int:
    from tests.report.markdown_html import to_html

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with StubGitHub() as stub:
        scratch = folder / "work"
        shutil.rmtree(scratch, ignore_errors=True)
        repo = make_repo(scratch / "repo")
        for step, run, body in replay(stub, repo, scratch):
            print(f"{step}: failed step {run.failed or '-'}; outputs "  # type: ignore[attr-defined]
                  f"{ {k: v for k, v in run.outputs.items() if v and k != 'setup'} }")
            if body:
                (folder / f"{step}.md").write_text(body, encoding="utf-8")
                (folder / f"{step}.html").write_text(to_html(body), encoding="utf-8")
            (folder / f"{step}.summary.md").write_text(run.summary, encoding="utf-8")  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
