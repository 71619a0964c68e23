"""A transcript of one editing session with `acdplan lsp`, the JSON-RPC messages as sent and received.

    python -m bench.lsp_transcript [PROJECT]     # default: a copy of this repository's example project

initialize, open a spec file, a typo in a channel's default skill (RF001 published), the quick
fix asked for and applied, go to definition of the default skill, and a rename of the skill
(`renamed_from` added). The messages are framed by hand (Content-Length headers) over the
server's stdin and stdout: what any editor sends. Long texts are shortened in the print.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class Session:
    def __init__(self, root: Path):
        self.server = subprocess.Popen([sys.executable, "-m", "acdplan", "lsp"], cwd=root, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, method: str, params, request: bool = True) -> int | None:
        message: dict = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.server.stdin is not None
        self.server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.server.stdin.flush()
        _show("-->", message)
        return message.get("id")

    def receive(self) -> dict:
        assert self.server.stdout is not None
        length = 0
        while (line := self.server.stdout.readline().strip()):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(self.server.stdout.read(length))
        _show("<--", message)
        return message

    def until(self, test) -> dict:
        while True:
            message = self.receive()
            if test(message):
                return message


def _show(arrow: str, message: dict) -> None:
    def shorten(value):
        if isinstance(value, str) and len(value) > 120:
            return value[:100] + f"... ({len(value)} characters)"
        if isinstance(value, dict):
            return {k: shorten(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shorten(v) for v in value[:8]] + ([f"... {len(value) - 8} more"] if len(value) > 8 else [])
        return value

    print(f"{arrow} {json.dumps(shorten(message), ensure_ascii=False)}", flush=True)


def _apply(text: str, edits: list[dict]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start = offsets[edit["range"]["start"]["line"]] + edit["range"]["start"]["character"]
        end = offsets[edit["range"]["end"]["line"]] + edit["range"]["end"]["character"]
        text = text[:start] + edit["newText"] + text[end:]
    return text


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="acdplan-lsp-transcript-") as temporary:
        root = Path(argv[0]).resolve() if argv else Path(temporary)
        if not argv:
            shutil.copytree(REPO / "specs", root / "specs")
            shutil.copy(REPO / "acdplan.yaml", root / "acdplan.yaml")
        channels = root / "specs" / "channels.yaml"
        uri = channels.as_uri()
        text = channels.read_text(encoding="utf-8")
        session = Session(root)
        started = time.monotonic()
        print("# initialize")
        session.send("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        session.until(lambda m: m.get("id") == 1)
        session.send("initialized", {}, request=False)
        print("\n# open channels.yaml: nothing to say")
        session.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
                     request=False)
        session.until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        print("\n# a typo in the default skill: RF001, with its did-you-mean")
        line = text.split("\n").index("    default_skill: IGD_Ventes_FR")
        session.send("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": line, "character": 30}, "end": {"line": line, "character": 32}},
                                "text": "Fr"}]}, request=False)
        typed = text.replace("default_skill: IGD_Ventes_FR", "default_skill: IGD_Ventes_Fr", 1)
        published = session.until(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                   and m["params"]["uri"] == uri and m["params"]["diagnostics"])
        diagnostic = published["params"]["diagnostics"][0]
        print("\n# the quick fix")
        asked = session.send("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diagnostic["range"],
                                                         "context": {"diagnostics": [diagnostic]}})
        actions = session.until(lambda m: m.get("id") == asked)["result"]
        fix = next(action for action in actions if action.get("isPreferred"))
        fixed = _apply(typed, fix["edit"]["changes"][uri])
        assert fixed == text
        session.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                                "contentChanges": [{"text": fixed}]}, request=False)
        session.until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        print("\n# go to definition of the default skill")
        asked = session.send("textDocument/definition", {"textDocument": {"uri": uri},
                                                         "position": {"line": line, "character": 22}})
        session.until(lambda m: m.get("id") == asked)
        print("\n# rename the skill everywhere (renamed_from added)")
        asked = session.send("textDocument/rename", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 22},
                                                     "newName": "IGD_Sales_FR"})
        session.until(lambda m: m.get("id") == asked)
        asked = session.send("shutdown", None)
        session.until(lambda m: m.get("id") == asked)
        session.send("exit", None, request=False)
        session.server.wait(timeout=10)
        print(f"\n# {time.monotonic() - started:.2f} s, server exit code {session.server.returncode}")


if __name__ == "__main__":
    main(sys.argv[1:])
