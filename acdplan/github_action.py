"""The GitHub side of the action (action.yml): the sticky plan comment and the reviewed plan's artifact.

Run as `python -m acdplan.github_action comment|fetch-plan`, with what GitHub Actions provides in
the environment (GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_SHA, a token).

- comment: one comment per pull request and environment, found again by a hidden marker AND its
  author (the token's user: `GET /user`, else `github-actions[bot]`, or ACDPLAN_COMMENT_AUTHOR)
  and updated on every push, never a new one per push; a person's comment that happens to start
  with the marker is never taken for it (issue 20). The body stays within GitHub's limit.
- fetch-plan: on the default branch, the plan reviewed on the pull request this commit merged:
  the artifact its plan job uploaded for the pull request's head commit. `acdplan apply` then
  refuses it if the tenant changed since (the stale-plan check), so what is applied is what was
  reviewed, or nothing.

The token is sent only to GITHUB_API_URL and never printed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import requests

from acdplan.report import markdown_safe as md
from acdplan.report.plan_markdown import GITHUB_LIMIT, size
from acdplan.state.atomic import atomic_write

TIMEOUT = 30
PAGE = 100
MAX_PAGES = 50  # 5,000 comments: a pull request with more is not searched further
MAX_ARTIFACT_BYTES = 256 * 1024 * 1024


class ActionError(Exception):
    """What went wrong, in words for the job log (no token, no response body beyond a short excerpt)."""


def marker(environment: str) -> str:
    """The hidden line that identifies acdplan's comment for one environment of one pull request."""
    return f"<!-- acdplan-plan: {md.html_text(environment or 'sandbox').replace('--', '- -')} -->"


def artifact_name(environment: str, head_sha: str) -> str:
    return f"acdplan-plan-{environment or 'sandbox'}-{head_sha}"


class GitHub:
    def __init__(self, api_url: str, repository: str, token: str):
        if not token:
            raise ActionError("no GitHub token: give the action `github-token` (the default is github.token)")
        self.api = api_url.rstrip("/")
        self.repository = repository
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json",
                                     "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "acdplan-action"})

    @classmethod
    def from_environment(cls) -> GitHub:
        return cls(os.environ.get("GITHUB_API_URL", "https://api.github.com"), os.environ["GITHUB_REPOSITORY"],
                   os.environ.get("GITHUB_TOKEN") or os.environ.get("INPUT_GITHUB_TOKEN", ""))

    def call(self, method: str, path: str, **kwargs):
        url = path if path.startswith("http") else f"{self.api}/repos/{self.repository}{path}"
        try:
            response = self.session.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as error:
            raise ActionError(f"{method} {path}: {type(error).__name__}") from None
        if response.status_code >= 400:
            raise ActionError(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")
        return response

    def comments(self, number: int) -> list[dict]:
        found = []
        for page in range(1, MAX_PAGES + 1):
            batch = self.call("GET", f"/issues/{number}/comments", params={"per_page": PAGE, "page": page}).json()
            found += batch
            if len(batch) < PAGE:
                break
        return found


def comment_body(environment: str, markdown: str) -> str:
    """The marker, then the plan; cut (never refused by GitHub) if a caller's markdown is over the limit."""
    body = f"{marker(environment)}\n{markdown}"
    if size(body) > GITHUB_LIMIT:
        note = "\n\n_… cut to GitHub's comment limit; the full plan is in the workflow run._\n"
        body = body[: GITHUB_LIMIT - size(note) - 1024].rsplit("\n", 1)[0] + note
    return body


BOT_LOGIN = "github-actions[bot]"  # who posts with the workflow's GITHUB_TOKEN


def comment_author(github: GitHub) -> str:
    """The login acdplan's comments are posted as: ACDPLAN_COMMENT_AUTHOR when set (a GitHub App's
    `<slug>[bot]`), else the token's user (a personal token), else the Actions bot (GITHUB_TOKEN,
    for which `GET /user` is refused)."""
    configured = os.environ.get("ACDPLAN_COMMENT_AUTHOR", "").strip()
    if configured:
        return configured
    try:
        login = github.call("GET", f"{github.api}/user").json().get("login")
    except (ActionError, ValueError, AttributeError):
        login = None
    return login if isinstance(login, str) and login else BOT_LOGIN


def upsert_comment(github: GitHub, number: int, environment: str, markdown: str) -> tuple[str, str]:
    """Updates acdplan's comment for `environment` on pull request `number`, or creates it once.
    Returns (created|updated, its html_url)."""
    body = comment_body(environment, markdown)
    tag = marker(environment)
    author = comment_author(github)
    mine = [c for c in github.comments(number)
            if (c.get("body") or "").startswith(tag) and ((c.get("user") or {}).get("login") == author)]
    if mine:
        response = github.call("PATCH", f"/issues/comments/{mine[0]['id']}", json={"body": body})
        return "updated", response.json().get("html_url", "")
    response = github.call("POST", f"/issues/{number}/comments", json={"body": body})
    return "created", response.json().get("html_url", "")


def event() -> dict:
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        raise ActionError("GITHUB_EVENT_PATH does not name the event file")
    return json.loads(Path(path).read_text(encoding="utf-8"))


def pull_request_number(payload: dict) -> int:
    number = (payload.get("pull_request") or {}).get("number") or payload.get("number")
    if not isinstance(number, int):
        raise ActionError("this event is no pull request: the plan comment needs one")
    return number


def merged_head_sha(github: GitHub, sha: str) -> str:
    """The head commit of the pull request merged as `sha` (a merge, squash or rebase commit)."""
    pulls = github.call("GET", f"/commits/{sha}/pulls").json()
    merged = [p for p in pulls if p.get("merged_at")] or pulls
    if not merged:
        raise ActionError(f"commit {sha[:12]} came through no pull request, so no plan was reviewed for it: "
                          "changes reach the default branch through pull requests")
    return merged[0]["head"]["sha"]


def fetch_plan(github: GitHub, environment: str, sha: str, out: Path) -> str:
    """Writes the reviewed plan (plan.json of the newest matching artifact) to `out`; returns the artifact name."""
    name = artifact_name(environment, merged_head_sha(github, sha))
    listed = github.call("GET", "/actions/artifacts", params={"name": name, "per_page": 20}).json()
    artifacts = [a for a in listed.get("artifacts", []) if not a.get("expired")]
    if not artifacts:
        raise ActionError(f"no artifact {name}: the pull request's plan job did not finish, or its artifact expired; "
                          "re-run the plan on the pull request")
    newest = max(artifacts, key=lambda a: a.get("created_at") or "")
    if newest.get("size_in_bytes", 0) > MAX_ARTIFACT_BYTES:
        raise ActionError(f"artifact {name} is over {MAX_ARTIFACT_BYTES} bytes")
    archive = github.call("GET", newest["archive_download_url"]).content
    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        if "plan.json" not in bundle.namelist():
            raise ActionError(f"artifact {name} holds no plan.json")
        atomic_write(out, bundle.read("plan.json"), backup=False)  # a regular file, never through a link
    return name


def _comment(args) -> int:
    markdown = Path(args.markdown).read_text(encoding="utf-8")
    number = pull_request_number(event())
    try:
        action, url = upsert_comment(GitHub.from_environment(), number, args.environment, markdown)
    except ActionError as error:
        if args.soft:  # a fork's pull request gets a read-only token: the plan is still in the job summary
            print(f"::warning title=acdplan::{_escape(f'the plan comment could not be posted: {error}')}", file=sys.stderr)
            return 0
        raise
    print(f"acdplan: {action} the plan comment on pull request #{number}: {url}", file=sys.stderr)
    _output("comment-url", url)
    return 0


def _fetch(args) -> int:
    name = fetch_plan(GitHub.from_environment(), args.environment, os.environ["GITHUB_SHA"], Path(args.out))
    print(f"acdplan: the reviewed plan is artifact {name}", file=sys.stderr)
    return 0


def _failed(args) -> int:
    """The comment for a plan that could not be made: what acdplan said, as a code block."""
    log = Path(args.log).read_text(encoding="utf-8", errors="replace")[-20_000:]
    atomic_write(Path(args.out), f"**Plan for {md.code(args.environment or 'sandbox')}:** failed, nothing can be "
                                 f"applied until it is fixed.\n\n{md.fenced(log)}\n".encode(), backup=False, mode=0o644)
    return 0


def _escape(message: str) -> str:
    """A workflow command's message: %, CR and LF encoded, as GitHub's toolkit does."""
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _output(key: str, value: str) -> None:
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{key}={value}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m acdplan.github_action")
    sub = parser.add_subparsers(dest="command", required=True)
    comment = sub.add_parser("comment", help="create or update the sticky plan comment")
    comment.add_argument("--markdown", required=True)
    comment.add_argument("--environment", default="")
    comment.add_argument("--soft", action="store_true", help="a failure to post is a warning, not an error")
    fetch = sub.add_parser("fetch-plan", help="download the plan reviewed on the merged pull request")
    fetch.add_argument("--environment", default="")
    fetch.add_argument("--out", required=True)
    failed = sub.add_parser("failed-comment", help="the comment body for a plan that failed")
    failed.add_argument("--environment", default="")
    failed.add_argument("--log", required=True)
    failed.add_argument("--out", required=True)
    from acdplan import github_loop  # the loop's commands (issue 22): extras, plan-comment, apply-report, drift-issue

    handlers = {"comment": _comment, "fetch-plan": _fetch, "failed-comment": _failed, **github_loop.add_commands(sub)}
    args = parser.parse_args(argv)
    try:
        return handlers[args.command](args)
    except (ActionError, KeyError, OSError, ValueError) as error:
        print(f"::error title=acdplan::{_escape(str(error))}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
