"""The pull-request loop a team keeps (issue 22, item 1 and the drift schedule of item 2), through
action.yml's steps against a replayed event and the stub GitHub API: the comment carries the head
commit, the run, the validation status and what merging does; a push that fails validation marks
the comment failed for that commit; an optional SARIF upload that fails stops nothing; the merge job
replies on the merged pull request and writes the job summary; manual steps (exit 3) are not red;
`lock-timeout` and `force` reach acdplan; the setup installs the PostgreSQL driver a postgres state
backend needs; `mode: drift` keeps one issue open while the tenant drifts."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from acdplan.config import load_config
from acdplan.emulator import Emulator, seed_prerequisites
from acdplan.load import load_spec_folder
from acdplan.model import build_spec
from acdplan.state.backends import open_backend
from tests.action.sequence import (
    DRIFT_MARKER,
    MARKER,
    Runner,
    make_repo,
    plan_comments,
    replay,
    replies,
)
from tests.action.stub_github import StubGitHub
from tests.conftest import EXAMPLE_SPECS
from tests.report.markdown_html import rendered


@pytest.fixture
def github():
    with StubGitHub() as stub:
        yield stub


def test_the_replayed_day_pr_push_merge_schedule(github, tmp_path):
    repo = make_repo(tmp_path / "repo")
    steps = {step: (run, body) for step, run, body in replay(github, repo, tmp_path / "runners")}

    run, body = steps["1-pr-opened"]
    assert run.failed is None and run.logs["sarif"].startswith("Code scanning is not enabled")  # SARIF upload failed
    assert body.startswith(MARKER + "\n**Plan for `staging`:** 22 to create")
    root = rendered(body)
    footer = root.find_all("p")[-2].text()
    assert footer.startswith("Commit a1a1a1a1a1a1 · validation passed (0 errors, 0 warnings) · workflow run")
    assert [a.attrs["href"] for a in root.find_all("a")][-1] == "https://github.com/acme/cxone-config/actions/runs/4242"
    assert root.find_all("p")[-1].text().startswith("Merging this pull request applies this plan to staging")
    assert body[len(MARKER) + 1:] in run.summary

    run, body = steps["2-push-fails-validation"]
    assert run.failed == "validate" and run.outputs["validate"]["status"] == "1"
    assert "plan-file" not in run.outputs["plan"]  # no artifact: nothing reviewable for b2
    root = rendered(body)
    assert root.find_all("p")[0].text() == ("Plan for staging: not made: the specs fail validation at commit "
                                            "b2b2b2b2b2b2. Any plan shown here before is out of date.")
    assert [td.text() for td in root.find_all("td")] == [
        "SC001", "specs/skills.yaml:6", "unknown field 'campain' in skills.IGD_Ventes_FR; did you mean 'campaign'?"]
    assert "validation failed (1 error, 0 warnings)" in body and "22 to create" not in body
    assert "Nothing can be applied to `staging`" in body

    run, body = steps["3-push-fixed"]
    assert run.failed is None and "Commit `c3c3c3c3c3c3` · validation passed" in body
    assert "Questions de vente Instagram Direct" in body
    assert len(plan_comments(github, 7)) == 1  # one sticky comment through all three pushes

    run, body = steps["4-merge-applies"]
    assert run.failed is None and run.outputs["apply"]["exitcode"] == "0"
    assert body.startswith("**Applied to `staging`** at commit `d4d4d4d4d4d4`.")
    assert "Apply complete." in body and body in run.summary
    assert [r["body"] for r in replies(github, 7)] == [body]  # a reply, the plan comment stays as reviewed
    assert "Commit `c3c3c3c3c3c3`" in plan_comments(github, 7)[0]["body"]
    assert "Questions de vente Instagram Direct" in (repo / ".acdplan" / "staging.json").read_text()

    run, _ = steps["5-schedule-no-drift"]
    assert run.outputs["setup"]["mode"] == "drift" and run.outputs["drift"]["drift"] == "false"
    assert run.outputs["drift"]["issue-url"] == ""

    run, body = steps["6-schedule-drift-opens-issue"]
    assert run.failed is None and run.outputs["drift"] == {"drift": "true",
                                                           "issue-url": "https://github.com/acme/cxone-config/issues/101"}
    assert body.startswith(DRIFT_MARKER) and "-      goal_percent: 70\n+      goal_percent: 80" in body
    assert "update (drift)" in [td.text() for td in rendered(body).find_all("td")]

    run, body = steps["7-schedule-drift-updates-issue"]
    assert run.outputs["drift"]["issue-url"].endswith("/issues/101") and "goal_percent: 60" in body
    assert [label["name"] for label in github.issues[101]["labels"]] == ["acdplan-drift"]

    run, body = steps["8-schedule-matches-closes-issue"]
    assert run.outputs["drift"]["drift"] == "false" and github.issues[101]["state"] == "closed"
    issue_calls = [(m, p.rsplit("/", 1)[-1]) for m, p in github.requests if "/issues/101" in p or p.endswith("/issues")]
    assert [call for call in issue_calls if call[0] != "GET"] == [
        ("POST", "issues"), ("PATCH", "101"), ("POST", "comments"), ("PATCH", "101")]  # opened, updated, closed
    assert len(github.issues) == 1
    assert body.startswith("The tenant of `staging` matches the specs again. Checked at commit `d4d4d4d4d4d4`")


def test_force_and_lock_timeout_reach_plan_and_apply(github, tmp_path):
    repo = make_repo(tmp_path / "repo")
    runner = Runner(github, repo, tmp_path / "runners")
    assert runner.pull_request(1, "a1" * 20).failed is None
    assert runner.merge(1, "a1" * 20, "b1" * 20).failed is None
    (repo / "specs" / "agents.yaml").unlink()  # 9 of 22 objects go: over the 30% safety threshold
    refused = runner.pull_request(2, "c2" * 20)
    assert refused.failed == "plan" and "SAFETY" in plan_comments(github, 2)[0]["body"]
    forced = runner.pull_request(2, "d2" * 20, inputs={"force": "true"})
    assert forced.failed is None and "--force" not in plan_comments(github, 2)[0]["body"]
    assert "to delete" in plan_comments(github, 2)[0]["body"] and "SAFETY" not in plan_comments(github, 2)[0]["body"]
    assert runner.merge(2, "d2" * 20, "e2" * 20).failed == "apply"  # apply checks the threshold again
    applied = runner.merge(2, "d2" * 20, "f2" * 20, inputs={"force": "true"})
    assert applied.failed is None and applied.outputs["apply"]["exitcode"] == "0"

    # Another run holds the state lock: lock-timeout 0 fails at once; 30 waits until it is let go
    # (here: a second after the plan step started).
    (repo / "specs" / "notes.yaml").write_text("skills:\n  XX_Notes: {campaign: Social}\n")
    for sha, timeout, expected in (("a3" * 20, "0", "plan"), ("b3" * 20, "30", None)):
        backend = open_backend(load_config(repo).environment("staging"))
        started = set(runner.scratch.glob("runner-*/acdplan/plan"))
        held, done = threading.Event(), threading.Event()

        def hold(backend=backend, held=held, done=done, started=started, wait=timeout != "0"):
            with backend.lock("apply", 0):
                held.set()
                while not done.is_set():
                    if wait and set(runner.scratch.glob("runner-*/acdplan/plan")) - started:
                        time.sleep(1)
                        break
                    time.sleep(0.05)

        holder = threading.Thread(target=hold)
        holder.start()
        assert held.wait(5)
        run = runner.pull_request(3, sha, inputs={"lock-timeout": timeout})
        done.set()
        holder.join()
        backend.close()
        assert run.failed == expected, run.logs
        if expected:
            assert "LK001" in plan_comments(github, 3)[0]["body"]
        else:
            assert "1 to create" in plan_comments(github, 3)[0]["body"]


def test_manual_steps_pending_are_not_a_red_job_nor_drift(github, tmp_path):
    project = ("specs: specs/\nenvironments:\n  staging:\n    provider: cxone\n    base_url_env: EMU_URL\n"
               "    dfo_url_env: EMU_DFO_URL\n    credentials_env: [EMU_KEY_ID, EMU_KEY_SECRET]\n")
    repo = make_repo(tmp_path / "repo", project)
    with Emulator() as emulator:
        seed_prerequisites(emulator, build_spec(load_spec_folder(EXAMPLE_SPECS).data))
        env = {"EMU_URL": emulator.url, "EMU_DFO_URL": emulator.dfo_url, "EMU_KEY_ID": "id", "EMU_KEY_SECRET": "s"}
        runner = Runner(github, repo, tmp_path / "runners")
        payload = {"number": 4, "pull_request": {"number": 4, "head": {"sha": "a4" * 20}}}
        planned = runner.event("pull_request", payload, "refs/pull/4/merge", "f" * 40, extra_env=env)
        assert planned.failed is None, planned.logs
        assert "manual step" in plan_comments(github, 4)[0]["body"]
        github.pulls_of_commit["b4" * 20] = [{"number": 4, "merged_at": "2026-12-06T12:00:00Z",
                                              "head": {"sha": "a4" * 20}}]
        merged = runner.event("push", {}, "refs/heads/main", "b4" * 20, extra_env=env)
        # The schedule the next morning: only manual steps wait (channels only the UI creates, the
        # settings no API reads back): pending work, not drift, so no issue is opened.
        waiting = runner.event("schedule", {}, "refs/heads/main", "b4" * 20, extra_env=env)
        issues_while_waiting = len(github.issues)
        skill = emulator.tenant.find("skills", "skillName", "MAIL_SAV_FR")
        with emulator.tenant.lock:
            skill["requireManualAccept"] = True  # changed in CXone by hand
            emulator.tenant.save()
        drifted = runner.event("schedule", {}, "refs/heads/main", "b4" * 20, extra_env=env)
    assert waiting.failed is None and waiting.outputs["drift"] == {"drift": "false", "issue-url": ""}, waiting.logs
    assert "manual step" in waiting.summary and issues_while_waiting == 0
    assert drifted.failed is None and drifted.outputs["drift"]["drift"] == "true", drifted.logs
    [issue] = github.issues.values()
    assert "skill.MAIL_SAV_FR" in issue["body"] and "accept_reject" in issue["body"]
    assert merged.failed is None and merged.outputs["apply"]["exitcode"] == "3", merged.logs
    assert "::warning title=acdplan::manual steps wait" in merged.logs["apply"]
    [reply] = replies(github, 4)
    assert "**manual steps wait** for a person in CXone" in reply["body"] and "The job is not red" in reply["body"]
    assert "manual: channel.WhatsApp FR: no public CXone API creates WhatsApp channels" in reply["body"]
    assert reply["body"] in merged.summary


def _fake_pip(folder: Path) -> tuple[Path, Path]:
    """A `python3` first on PATH that records `-m pip` calls (no network) and runs anything else."""
    folder.mkdir()
    log = folder / "pip.log"
    script = folder / "python3"
    script.write_text(f'#!/bin/bash\nif [ "$1" = -m ] && [ "$2" = pip ]; then echo "$*" >> {log}; exit 0; fi\n'
                      f'exec {sys.executable} "$@"\n')
    script.chmod(0o755)
    return folder, log


def test_setup_installs_the_postgres_driver_a_postgres_state_needs(github, tmp_path):
    project = ("specs: specs/\nenvironments:\n  staging:\n    provider: local\n    path: .acdplan/staging.json\n"
               "    state: {backend: postgres, dsn_env: ACDPLAN_STATE_DSN}\n")
    repo = make_repo(tmp_path / "repo", project)
    fake, log = _fake_pip(tmp_path / "fake")
    runner = Runner(github, repo, tmp_path / "runners")
    path = {"PATH": f"{fake}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = runner.event("push", {}, "refs/heads/feature", "a5" * 20, inputs={"install": "true"}, extra_env=path)
    assert run.failed is None, run.logs
    action_path = str(Path(__file__).resolve().parents[2])
    calls = log.read_text().splitlines()
    assert calls == [f"-m pip install --quiet --disable-pip-version-check {action_path}",
                     f"-m pip install --quiet --disable-pip-version-check {action_path}[postgres]"]

    (repo / "acdplan.yaml").write_text(project.replace("backend: postgres, dsn_env: ACDPLAN_STATE_DSN", "backend: local"))
    log.unlink()
    run = runner.event("push", {}, "refs/heads/feature", "b5" * 20, inputs={"install": "true"}, extra_env=path)
    assert run.failed is None and log.read_text().splitlines() == [
        f"-m pip install --quiet --disable-pip-version-check {action_path}"]


def test_a_broken_project_file_fails_the_setup_with_its_diagnostic(github, tmp_path):
    repo = make_repo(tmp_path / "repo", "specs: specs/\nenvironments:\n  staging: {provider: nope}\n")
    run = Runner(github, repo, tmp_path / "runners").pull_request(6, "a6" * 20)
    assert run.failed == "setup" and "::error title=acdplan CF001::" in run.logs["setup"]
    assert "Traceback" not in run.logs["setup"] and "validate" not in run.logs
    [comment] = plan_comments(github, 6)  # an older plan must not look current: this commit failed
    assert "**Plan for `staging`:** failed" in comment["body"] and "could not validate commit a6a6a6a6a6a6" in comment["body"]
    assert "CF001" in comment["body"] and "Commit `a6a6a6a6a6a6` · validation not run" in comment["body"]


def test_the_drift_workflow_example_runs_the_action_in_drift_mode():
    import yaml

    from tests.conftest import REPO_ROOT

    example = yaml.safe_load((REPO_ROOT / "examples" / "github-drift.yml").read_text())
    assert "schedule" in example[True] and example["permissions"]["issues"] == "write"
    [step] = [s for s in example["jobs"]["drift"]["steps"] if s.get("uses", "").startswith("acdplan/acdplan@")]
    assert step["with"]["mode"] == "drift"


def test_a_plan_cut_to_the_limit_keeps_the_status_block_outside_its_code():
    from acdplan.github_loop import plan_comment
    from acdplan.report.plan_markdown import LIMIT

    details = "<details><summary>update <code>skill.X</code></summary>\n\n```diff\n" + "+ line\n" * 20_000 + "```\n\n</details>\n"
    body = plan_comment("staging", "**Plan for `staging`:** 1 to update.\n\n" + details, "changes", "ab" * 20,
                        "https://github.com/acme/cxone-config/actions/runs/1", None)
    assert len(body) <= LIMIT
    root = rendered(body)
    assert root.find_all("p")[-1].text().startswith("Merging this pull request applies this plan to staging")
    assert "Commit abababababab" in root.find_all("p")[-2].text()


def test_findings_in_the_comment_are_shown_literally(github, tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "specs" / "extra.yaml").write_text('skills:\n  IG_X_FR: {campaign: Social, "<b>x|y</b> [a](http://e.vil)": 1}\n')
    run = Runner(github, repo, tmp_path / "runners").pull_request(12, "a7" * 20)
    assert run.failed == "validate"
    root = rendered(plan_comments(github, 12)[0]["body"])
    cells = [td.text() for td in root.find_all("td")]
    assert len(cells) == 3 and "<b>x|y</b> [a](http://e.vil)" in cells[2]
    assert "b" not in root.tags() and not [a for a in root.find_all("a") if "e.vil" in a.attrs.get("href", "")]
