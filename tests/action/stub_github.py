"""A stub of the GitHub REST API on loopback: issue comments, commits' pull requests, artifacts, issues.

Only the endpoints acdplan.github_action calls, with GitHub's shapes (docs.github.com/rest:
issues/comments, commits/commits#list-pull-requests-associated-with-a-commit, actions/artifacts,
issues/issues: list a repository's issues with state and labels filters, create, update).
It records every request, so tests can say "updated, never created a second".
"""

from __future__ import annotations

import io
import json
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

TOKEN = "ghs_fake-token-for-tests"
REPO = "/repos/acme/cxone-config"


class StubGitHub:
    def __init__(self):
        self.comments: dict[int, list[dict]] = {}
        self.pulls_of_commit: dict[str, list[dict]] = {}
        self.artifacts: list[dict] = []
        self.blobs: dict[int, bytes] = {}
        self.requests: list[tuple[str, str]] = []
        self.issues: dict[int, dict] = {}
        self.next_issue = 100
        self.next_id = 1000
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status: int, body) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/zip" if isinstance(body, bytes) else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method: str) -> None:
                url = urlparse(self.path)
                stub.requests.append((method, url.path))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._reply(401, {"message": "Bad credentials"})
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                status, reply = stub.route(method, url.path, parse_qs(url.query), body)
                self._reply(status, reply)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_PATCH(self):
                self._handle("PATCH")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def add_comment(self, number: int, body: str, user: str = "octocat") -> dict:
        comment = {"id": self._id(), "body": body, "user": {"login": user},
                   "html_url": f"https://github.com/acme/cxone-config/pull/{number}#issuecomment-{self.next_id}"}
        self.comments.setdefault(number, []).append(comment)
        return comment

    def upload_artifact(self, name: str, folder: Path) -> None:
        """What actions/upload-artifact does: the folder's files, zipped, listed under `name`."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as bundle:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    bundle.write(path, path.relative_to(folder).as_posix())
        artifact_id = self._id()
        self.blobs[artifact_id] = buffer.getvalue()
        self.artifacts.append({"id": artifact_id, "name": name, "expired": False, "size_in_bytes": len(buffer.getvalue()),
                               "created_at": f"2026-11-25T16:{len(self.artifacts):02d}:00Z",
                               "archive_download_url": f"{self.url}{REPO}/actions/artifacts/{artifact_id}/zip"})

    def _issues(self, method: str, query: dict, body):
        if method == "POST":
            if not body.get("title"):
                return 422, {"message": "Validation Failed"}
            self.next_issue += 1
            number = self.next_issue
            self.issues[number] = {"number": number, "title": body["title"], "body": body.get("body") or "",
                                   "state": "open", "labels": [{"name": name} for name in body.get("labels", [])],
                                   "user": {"login": "github-actions[bot]"},
                                   "html_url": f"https://github.com/acme/cxone-config/issues/{number}"}
            return 201, self.issues[number]
        state = query.get("state", ["open"])[0]
        labels = set(query.get("labels", [""])[0].split(",")) - {""}
        listed = [issue for issue in self.issues.values() if state in ("all", issue["state"])
                  and labels <= {label["name"] for label in issue["labels"]}]
        per_page, page = int(query.get("per_page", ["30"])[0]), int(query.get("page", ["1"])[0])
        return 200, listed[(page - 1) * per_page: page * per_page]

    def route(self, method: str, path: str, query: dict, body):
        if not path.startswith(REPO + "/"):
            return 404, {"message": "Not Found"}
        path = path[len(REPO):]
        if match := re.fullmatch(r"/issues/(\d+)/comments", path):
            number = int(match.group(1))
            if method == "GET":
                per_page, page = int(query.get("per_page", ["30"])[0]), int(query.get("page", ["1"])[0])
                listed = self.comments.get(number, [])
                return 200, listed[(page - 1) * per_page: page * per_page]
            return 201, self.add_comment(number, body["body"], user="github-actions[bot]")
        if path == "/issues":
            return self._issues(method, query, body)
        if (match := re.fullmatch(r"/issues/(\d+)", path)) and method == "PATCH" and int(match.group(1)) in self.issues:
            issue = self.issues[int(match.group(1))]
            if body.get("state") not in (None, "open", "closed"):
                return 422, {"message": "Validation Failed"}
            issue.update({key: body[key] for key in ("body", "title", "state", "state_reason") if key in body})
            return 200, issue
        if (match := re.fullmatch(r"/issues/comments/(\d+)", path)) and method == "PATCH":
            for comment in (c for listed in self.comments.values() for c in listed):
                if comment["id"] == int(match.group(1)):
                    comment["body"] = body["body"]
                    return 200, comment
            return 404, {"message": "Not Found"}
        if match := re.fullmatch(r"/commits/([0-9a-f]+)/pulls", path):
            return 200, self.pulls_of_commit.get(match.group(1), [])
        if path == "/actions/artifacts":
            named = [a for a in self.artifacts if a["name"] == query.get("name", [None])[0]]
            return 200, {"total_count": len(named), "artifacts": named}
        if match := re.fullmatch(r"/actions/artifacts/(\d+)/zip", path):
            return 200, self.blobs[int(match.group(1))]
        return 404, {"message": "Not Found"}
