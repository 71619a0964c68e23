"""The language server's latency: one-line edit -> diagnostics published, over a real stdio client.

    python -m bench.lsp [--sizes S,M,L] [--edits 21] [--out bench-results/lsp.json] [--markdown]

For each size it generates a tenant (bench.generate) as a project (acdplan.yaml beside specs/),
starts `acdplan lsp` as an editor would, and drives it with pygls's client:

    open          didOpen of the largest agents file -> its diagnostics (the server's first
                  validation, the project's parse cache empty: every file parsed)
    first nav     the first go to definition (the navigation index built for the whole project)
    edit          a one-line incremental didChange (an agent's proficiency) -> the diagnostics of
                  that version published; repeated, the median, 90th percentile and maximum shown,
                  and the server's own CPU time an edit took (from /proc: what it costs whatever
                  else the machine runs; the load average is printed before and after)
    break         a one-line edit that misspells a skill -> its RF001 published
    definition    go to definition right after an edit (the index rebuilt for the edited file's objects)
    references    the references of a skill held by many agents (index already built)

Times are wall-clock on the client's side, from sending the notification or request to
receiving the answer, so they include the protocol, the server's pause for a burst of edits
(acdplan/lsp/server.py DEBOUNCE_S) and JSON. Target: edit <= 300 ms at L.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient

from bench.generate import generate

TARGET_EDIT_MS = 300.0


class _Client(BaseLanguageClient):
    def __init__(self):
        super().__init__("acdplan-bench", "1")
        self.published: dict[tuple[str, int | None], tuple[float, list[types.Diagnostic]]] = {}
        self.arrived = asyncio.Event()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams) -> None:
            self.published[(params.uri, params.version)] = (time.perf_counter(), list(params.diagnostics))
            self.arrived.set()

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def _log(params: types.LogMessageParams) -> None:
            print(params.message, file=sys.stderr)

    async def diagnostics(self, uri: str, version: int, timeout: float = 300.0) -> tuple[float, list[types.Diagnostic]]:
        deadline = time.monotonic() + timeout
        while (uri, version) not in self.published:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), max(deadline - time.monotonic(), 0.001))
        return self.published[(uri, version)]


def _project(size: str, folder: Path) -> Path:
    generate(size, folder / "specs")
    (folder / "acdplan.yaml").write_text("specs: specs/\n", encoding="utf-8")
    return folder


def _largest_agents_file(specs: Path) -> Path:
    files = sorted((specs / "agents").glob("*.yaml")) or sorted(specs.rglob("*.yaml"))
    return max(files, key=lambda path: path.stat().st_size)


def _edit(uri: str, version: int, line: int, old: str, new: str, column: int) -> types.DidChangeTextDocumentParams:
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(line, column), types.Position(line, column + len(old))), text=new)
    return types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change])


async def measure(size: str, edits: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"acdplan-lsp-{size}-") as temporary:
        root = _project(size, Path(temporary))
        path = _largest_agents_file(root / "specs")
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        uri = path.resolve().as_uri()
        client = _Client()
        await client.start_io(sys.executable, "-m", "acdplan", "lsp", "--stdio", cwd=str(root))
        drain = asyncio.create_task(_forward(client._server.stderr))  # pygls pipes it and never reads it
        try:
            await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                                 root_uri=root.as_uri()))
            client.initialized(types.InitializedParams())
            started = time.perf_counter()
            client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
            arrived, found = await client.diagnostics(uri, 1)
            assert found == [], f"the generated tenant validates clean: {found[:3]}"
            result: dict = {"size": size, "files": len(list((root / "specs").rglob("*.yaml"))),
                            "spec_bytes": sum(p.stat().st_size for p in (root / "specs").rglob("*.yaml")),
                            "edited_file_bytes": path.stat().st_size, "open_ms": (arrived - started) * 1000}
            # one-line edits: an agent's first proficiency, changed and changed back
            number = next(i for i, line in enumerate(lines) if line.strip().startswith("skills: {"))
            column = lines[number].index(": ", lines[number].index("{")) + 2
            started = time.perf_counter()  # the first navigation builds the whole index
            await client.text_document_definition_async(types.DefinitionParams(
                types.TextDocumentIdentifier(uri), types.Position(number, lines[number].index("{") + 2)))
            result["first_definition_ms"] = (time.perf_counter() - started) * 1000
            value = lines[number][column:].split(",")[0].split("}")[0]
            other = "1" if value != "1" else "2"
            version, times, cpu = 1, [], []
            pid = client._server.pid
            for round_number in range(edits):
                version += 1
                old, new = (value, other) if round_number % 2 == 0 else (other, value)
                used = _cpu_s(pid)
                started = time.perf_counter()
                client.text_document_did_change(_edit(uri, version, number, old, new, column))
                arrived, found = await client.diagnostics(uri, version)
                assert found == [], found[:3]
                times.append((arrived - started) * 1000)
                cpu.append((_cpu_s(pid) - used) * 1000)
                await asyncio.sleep(0.05)  # a person types; each edit is its own validation here
            result["edit_ms"] = times
            result["edit_server_cpu_ms"] = cpu
            # a one-line edit that breaks a reference: the RF001 arrives
            skill_column = lines[number].index("{") + 1
            skill = lines[number][skill_column:].split(":")[0]
            version += 1
            started = time.perf_counter()
            client.text_document_did_change(_edit(uri, version, number, skill, skill + "x", skill_column))
            arrived, found = await client.diagnostics(uri, version)
            assert "RF001" in [d.code for d in found], found
            result["break_ms"] = (arrived - started) * 1000
            version += 1
            client.text_document_did_change(_edit(uri, version, number, skill + "x", skill, skill_column))
            await client.diagnostics(uri, version)
            # navigation right after that edit: the index is built again
            started = time.perf_counter()
            location = await client.text_document_definition_async(types.DefinitionParams(
                types.TextDocumentIdentifier(uri), types.Position(number, skill_column + 1)))
            result["definition_ms"] = (time.perf_counter() - started) * 1000
            assert location is not None
            started = time.perf_counter()
            found_references = await client.text_document_references_async(types.ReferenceParams(
                context=types.ReferenceContext(include_declaration=True), text_document=types.TextDocumentIdentifier(uri),
                position=types.Position(number, skill_column + 1)))
            result["references_ms"] = (time.perf_counter() - started) * 1000
            result["references"] = len(found_references or ())
            await client.shutdown_async(None)
            client.exit(None)
        finally:
            if client._server is not None and client._server.returncode is None:
                client._server.kill()  # a measure that failed leaves the server running
            await client.stop()
            drain.cancel()
    return result


def _cpu_s(pid: int) -> float:
    """The server's CPU time so far (user + system, /proc; 10 ms ticks): what an edit costs it,
    whatever else the machine runs meanwhile."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _forward(stream) -> None:
    """The server's standard error, passed on (unread, a full pipe would stop the server)."""
    while stream is not None and (line := await stream.readline()):
        sys.stderr.write(line.decode("utf-8", errors="replace"))


def _row(result: dict) -> list[str]:
    edits = sorted(result["edit_ms"])
    p90 = edits[min(len(edits) - 1, round(0.9 * (len(edits) - 1)))]
    return [result["size"], f"{result['spec_bytes'] / 1e6:.2f} MB / {result['files']} files",
            f"{result['open_ms']:.0f}", f"{statistics.median(edits):.0f}", f"{p90:.0f}", f"{edits[-1]:.0f}",
            f"{statistics.median(result['edit_server_cpu_ms']):.0f}",
            f"{result['break_ms']:.0f}", f"{result['first_definition_ms']:.0f}", f"{result['definition_ms']:.0f}",
            f"{result['references_ms']:.0f} ({result['references']})"]


HEADER = ["size", "specs", "open ms", "edit ms (median)", "edit p90", "edit max", "server CPU ms/edit (median)",
          "break (RF001) ms", "first definition ms", "definition after edit ms", "references ms (found)"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.lsp", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--edits", type=int, default=21)
    parser.add_argument("--out", default="bench-results/lsp.json")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs", file=sys.stderr)
    results = [asyncio.run(measure(size, args.edits)) for size in args.sizes.split(",")]
    rows = [HEADER] + [_row(result) for result in results]
    if args.markdown:
        print("| " + " | ".join(HEADER) + " |\n|" + "---|" + "---:|" * (len(HEADER) - 1))
        for row in rows[1:]:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
        for row in rows:
            print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", file=sys.stderr)
    for result in results:
        if result["size"] == "L":
            median = statistics.median(result["edit_ms"])
            verdict = "met" if median <= TARGET_EDIT_MS and max(result["edit_ms"]) <= TARGET_EDIT_MS else "NOT met"
            print(f"target: one-line edit -> diagnostics <= {TARGET_EDIT_MS:.0f} ms at L: {verdict} "
                  f"(median {median:.0f} ms, max {max(result['edit_ms']):.0f} ms)")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": platform.platform(), "python": platform.python_version(),
                               "results": results}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
