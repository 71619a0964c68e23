"""The pull-request loop around the action's plan comment (issue 22): what each job tells the team.

- extras: the pip extras acdplan needs for the project's `acdplan.yaml` (the PostgreSQL driver
  when the environment's state backend is `postgres`), so an ephemeral runner installs them.
- plan-comment: the plan comment's status block: head commit, run link, validation status, and
  what merging will do; a push whose specs fail validation replaces the plan with that failure,
  so an older plan never looks current.
- apply-report: after the merge job applied (or could not), its result in the job summary and as
  a reply on the merged pull request.
- drift-issue: on a schedule, one open issue listing what the tenant has that the specs do not
  say, updated while drift remains, closed when the tenant matches again.

Run through `python -m acdplan.github_action` (its `main` adds these commands).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from acdplan.github_action import ActionError, GitHub, _escape, _output
from acdplan.report import markdown_safe as md
from acdplan.report.plan_markdown import LIMIT, size

MAX_FINDINGS = 20  # validation findings listed in a comment; the rest are in code scanning and the log
DRIFT_LABEL = "acdplan-drift"


# ---- extras ------------------------------------------------------------------------------------

def required_extras(environment: str, root: str | None = None) -> list[str]:
    """The extras of the acdplan package this project's environment needs at run time."""
    from acdplan.config import load_config
    from acdplan.state.backends import backend_name

    env = load_config(root).environment(environment or None)
    return ["postgres"] if backend_name(env) == "postgres" else []


# ---- the plan comment ----------------------------------------------------------------------------

def findings(sarif_path: str | None) -> list[dict]:
    """The validation's results, as the SARIF file the validate step wrote (empty if none)."""
    if not sarif_path or not Path(sarif_path).is_file():
        return []
    try:
        document = json.loads(Path(sarif_path).read_text(encoding="utf-8"))
        return list(document["runs"][0]["results"])
    except (ValueError, KeyError, IndexError, TypeError):
        return []


def validation_status(results: list[dict], validated: bool) -> str:
    """Words of acdplan's own (no user text): "passed (0 errors, 1 warning)", "failed (...)", "not run"."""
    errors = sum(1 for r in results if r.get("level") == "error")
    warnings = len(results) - errors
    if not validated:
        return "not run"
    word = "failed" if errors else "passed"
    return f"{word} ({errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)})"


def _where(result: dict) -> str:
    try:
        physical = result["locations"][0]["physicalLocation"]
        line = physical.get("region", {}).get("startLine")
        return physical["artifactLocation"]["uri"] + (f":{line}" if line else "")
    except (KeyError, IndexError, TypeError):
        return ""


def status_block(head_sha: str, run_url: str, validation: str, merging: str) -> str:
    """The lines under every comment: which commit, which run, validation, and what merging does."""
    commit = md.code(head_sha[:12]) if head_sha else "(unknown)"
    run = md.link("workflow run", run_url) if run_url else "workflow run"
    return "\n".join(["", "---", f"Commit {commit} · validation {validation} · {run}", "", merging, ""])


def merging_says(environment: str, state: str) -> str:
    env = md.code(environment or "sandbox")
    return {
        "changes": f"**Merging this pull request applies this plan to {env}** (refused if the tenant changed "
                   "since: then re-run this job and merge again).",
        "none": f"**Merging this pull request changes nothing in {env}.**",
        "invalid": f"**Nothing can be applied to {env}** until the specs validate: fix them and push.",
        "failed": f"**Nothing can be applied to {env}** until the plan succeeds: fix it and push.",
    }[state]


def plan_comment(environment: str, markdown: str, state: str, head_sha: str, run_url: str, sarif: str | None,
                 validated: bool = True) -> str:
    """The comment for one commit: the plan (or why there is none) and the status block."""
    results = findings(sarif)
    block = status_block(head_sha, run_url, validation_status(results, validated), merging_says(environment, state))
    budget = LIMIT - size(block) - 256
    if size(markdown) > budget:
        note = "\n\n_… cut to GitHub's comment limit; the full plan is in the workflow run._\n"
        markdown = _closed(markdown[: budget - size(note) - 64].rsplit("\n", 1)[0]) + note
    return markdown.rstrip("\n") + "\n" + block


def _closed(cut: str) -> str:
    """A cut markdown with the code fence and the <details> it was cut inside closed again, so
    what follows (the status block) renders as text, not inside them."""
    closing = ""
    if sum(1 for line in cut.splitlines() if line.startswith("```")) % 2:
        closing += "\n```"
    opened = cut.count("<details>") - cut.count("</details>")
    closing += "\n\n</details>" * max(0, opened)
    return cut + closing


def invalid_markdown(environment: str, head_sha: str, sarif: str | None) -> str:
    """What replaces the plan when this commit's specs fail validation."""
    results = [r for r in findings(sarif) if r.get("level") == "error"] or findings(sarif)
    lines = [f"**Plan for {md.code(environment or 'sandbox')}:** not made: the specs fail validation at commit "
             f"{md.code(head_sha[:12])}. Any plan shown here before is out of date.", ""]
    if results:
        lines += ["| rule | where | finding |", "|---|---|---|"]
        for result in results[:MAX_FINDINGS]:
            lines.append(f"| {md.code(result.get('ruleId', ''), in_table=True)} | "
                         f"{md.code(_where(result), in_table=True)} | "
                         f"{md.text((result.get('message') or {}).get('text', ''))} |")
        if len(results) > MAX_FINDINGS:
            lines.append(f"| … | | {len(results) - MAX_FINDINGS} more in the job log and code scanning |")
    return "\n".join(lines) + "\n"


def failed_markdown(environment: str, log: str) -> str:
    return (f"**Plan for {md.code(environment or 'sandbox')}:** failed, nothing can be applied until it is fixed."
            f"\n\n{md.fenced(log[-20_000:])}\n")


# ---- after the merge -------------------------------------------------------------------------------

def merged_pull(github: GitHub, sha: str) -> dict | None:
    """The pull request merged as `sha`, if any."""
    pulls = github.call("GET", f"/commits/{sha}/pulls").json()
    merged = [p for p in pulls if p.get("merged_at")] or pulls
    return merged[0] if merged else None


def apply_markdown(environment: str, exitcode: int, log: str, sha: str, run_url: str) -> str:
    env = md.code(environment or "sandbox")
    outcome = {
        0: f"**Applied to {env}** at commit {md.code(sha[:12])}.",
        3: f"**Applied to {env}** at commit {md.code(sha[:12])}, but **manual steps wait** for a person in CXone "
           "(listed below). The job is not red: once they are done in CXone, the next plan (a pull request, or "
           "the drift schedule) takes over what they made and shows anything left.",
    }.get(exitcode, f"**Apply to {env} failed** at commit {md.code(sha[:12])} (exit {exitcode}). Nothing after "
                    "the failed step ran; the log below says why. Re-run the plan on a pull request and merge again.")
    tail = "\n".join(log.rstrip("\n").splitlines()[-60:])[-20_000:]  # the end of the log: the result and its steps
    run = f"\n\n{md.link('The workflow run', run_url)} has the whole log." if run_url else ""
    return f"{outcome}\n\n{md.fenced(tail)}{run}\n"


# ---- drift ---------------------------------------------------------------------------------------------

def drifted(plan) -> bool:
    """Whether the tenant drifted from the specs: a change acdplan itself would make. Manual steps
    (a channel only the UI creates, settings no API reads back) wait for a person: acdplan cannot
    tell a step not done yet from one undone since, and counting them would keep the issue open
    for ever. They stay listed in the job summary of every run, and in the issue while it is open."""
    return any(change.acts and not change.manual for change in plan.changes)


def drift_marker(environment: str) -> str:
    return f"<!-- acdplan-drift: {md.html_text(environment or 'sandbox').replace('--', '- -')} -->"


def open_drift_issue(github: GitHub, environment: str) -> dict | None:
    tag = drift_marker(environment)
    for page in range(1, 11):
        batch = github.call("GET", "/issues", params={"state": "open", "labels": DRIFT_LABEL, "per_page": 100,
                                                       "page": page}).json()
        for issue in batch:
            if "pull_request" not in issue and (issue.get("body") or "").startswith(tag):
                return issue
        if len(batch) < 100:
            break
    return None


def sync_drift_issue(github: GitHub, environment: str, drifted: bool, markdown: str, sha: str,
                     run_url: str) -> tuple[str, str]:
    """Opens, updates or closes the one drift issue; returns (what was done, the issue's url)."""
    issue = open_drift_issue(github, environment)
    env = environment or "sandbox"
    checked = f"Checked at commit {md.code(sha[:12])}" + (f" by {md.link('this run', run_url)}" if run_url else "")
    if drifted:
        body = (f"{drift_marker(environment)}\nThe tenant of {md.code(env)} differs from the specs on the default "
                f"branch. Either change the specs to what the tenant should keep (a pull request), or apply "
                f"them to undo the change made in CXone.\n\n{markdown.rstrip()}\n\n---\n{checked}.\n")
        if size(body) > LIMIT:
            body = _closed(body[: LIMIT - 300].rsplit("\n", 1)[0]) + "\n\n_… cut; the full plan is in the workflow run._\n"
        if issue is None:
            created = github.call("POST", "/issues", json={"title": f"acdplan: drift in {env}", "body": body,
                                                           "labels": [DRIFT_LABEL]}).json()
            return "opened", created.get("html_url", "")
        github.call("PATCH", f"/issues/{issue['number']}", json={"body": body})
        return "updated", issue.get("html_url", "")
    if issue is None:
        return "none", ""
    github.call("POST", f"/issues/{issue['number']}/comments",
                json={"body": f"The tenant of {md.code(env)} matches the specs again. {checked}."})
    github.call("PATCH", f"/issues/{issue['number']}", json={"state": "closed", "state_reason": "completed"})
    return "closed", issue.get("html_url", "")


# ---- commands ----------------------------------------------------------------------------------------

def _run_url() -> str:
    server, repository, run_id = (os.environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY",
                                                                   "GITHUB_RUN_ID"))
    return f"{server}/{repository}/actions/runs/{run_id}" if server and repository and run_id else ""


EXTRA_MODULES = {"postgres": "psycopg"}  # pyproject.toml's extras, and the module each one brings


def _extras(args) -> int:
    from acdplan.config import ConfigError

    try:
        extras = required_extras(args.environment)
    except ConfigError as error:
        for diagnostic in error.diagnostics:
            print(f"::error title=acdplan {diagnostic.rule}::{_escape(f'{diagnostic.file}: {diagnostic.message}')}",
                  file=sys.stderr)
        return 1
    if not args.check:
        print(",".join(extras))
        return 0
    import importlib.util

    missing = [extra for extra in extras if importlib.util.find_spec(EXTRA_MODULES[extra]) is None]
    if missing:
        wanted = f"acdplan[{','.join(missing)}]"
        print(f"::error title=acdplan::{_escape(f'acdplan.yaml needs {wanted} (the state backend of this environment); install it, or leave the action input install at true')}",
              file=sys.stderr)
        return 1
    return 0


def _plan_comment(args) -> int:
    if args.state == "invalid":
        markdown = invalid_markdown(args.environment, args.head_sha, args.sarif)
    elif args.state == "failed":
        markdown = failed_markdown(args.environment, Path(args.log).read_text(encoding="utf-8", errors="replace"))
    else:
        markdown = Path(args.markdown).read_text(encoding="utf-8")
    body = plan_comment(args.environment, markdown, args.state, args.head_sha, _run_url(), args.sarif,
                        validated=args.state != "failed" or bool(args.sarif))
    Path(args.out).write_text(body, encoding="utf-8")
    return 0


def _apply_report(args) -> int:
    log = Path(args.log).read_text(encoding="utf-8", errors="replace") if Path(args.log).is_file() else ""
    sha = os.environ.get("GITHUB_SHA", "")
    markdown = apply_markdown(args.environment, args.exitcode, log, sha, _run_url())
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(markdown)
    try:
        github = GitHub.from_environment()
        pull = merged_pull(github, sha)
        if pull is None:
            print("acdplan: this commit came through no pull request: the result is in the job summary only",
                  file=sys.stderr)
            return 0
        _, url = _reply(github, pull["number"], markdown)
        print(f"acdplan: replied on pull request #{pull['number']}: {url}", file=sys.stderr)
    except ActionError as error:  # the apply is done either way: a failed reply is a warning
        print(f"::warning title=acdplan::{_escape(f'the apply result could not be posted: {error}')}", file=sys.stderr)
    return 0


def _reply(github: GitHub, number: int, markdown: str) -> tuple[str, str]:
    """A new comment on the merged pull request (never the sticky plan comment, which stays as reviewed)."""
    response = github.call("POST", f"/issues/{number}/comments", json={"body": markdown})
    return "created", response.json().get("html_url", "")


def _drift_issue(args) -> int:
    markdown = Path(args.markdown).read_text(encoding="utf-8") if args.markdown else ""
    if args.plan:
        from acdplan.manager import load_saved_plan
        from acdplan.plan.seal import BrokenSeal

        try:
            found = drifted(load_saved_plan(Path(args.plan)))
        except BrokenSeal as error:
            raise ActionError(str(error)) from None
    else:
        found = args.drifted == "true"
    _output("drift", "true" if found else "false")
    done, url = sync_drift_issue(GitHub.from_environment(), args.environment, found, markdown,
                                 os.environ.get("GITHUB_SHA", ""), _run_url())
    print(f"acdplan: drift issue {done}{': ' + url if url else ''}", file=sys.stderr)
    _output("issue-url", url)
    return 0


def add_commands(sub) -> dict:
    """The loop's subcommands, added to github_action's parser; returns name -> handler."""
    extras = sub.add_parser("extras", help="the pip extras acdplan.yaml's environment needs (comma-separated)")
    extras.add_argument("--environment", default="")
    extras.add_argument("--check", action="store_true", help="fail, with what to install, when one is missing")
    comment = sub.add_parser("plan-comment", help="the plan comment body for this commit, with its status block")
    comment.add_argument("--environment", default="")
    comment.add_argument("--state", choices=["changes", "none", "invalid", "failed"], required=True)
    comment.add_argument("--markdown", default="")
    comment.add_argument("--log", default="")
    comment.add_argument("--sarif", default="")
    comment.add_argument("--head-sha", default="")
    comment.add_argument("--out", required=True)
    report = sub.add_parser("apply-report", help="the merge job's result: job summary and a reply on the merged PR")
    report.add_argument("--environment", default="")
    report.add_argument("--exitcode", type=int, required=True)
    report.add_argument("--log", required=True)
    drift = sub.add_parser("drift-issue", help="open, update or close the one drift issue")
    drift.add_argument("--environment", default="")
    drift.add_argument("--plan", default="", help="the saved plan: drift is judged from it (see drifted())")
    drift.add_argument("--drifted", choices=["true", "false"], default="false", help="without --plan: the verdict")
    drift.add_argument("--markdown", default="")
    return {"extras": _extras, "plan-comment": _plan_comment, "apply-report": _apply_report,
            "drift-issue": _drift_issue}


__all__ = ["add_commands", "apply_markdown", "plan_comment", "required_extras", "sync_drift_issue"]
