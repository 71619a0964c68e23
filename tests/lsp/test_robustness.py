"""Bad input over stdio: diagnostics or a clear message, never a crash of the server."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.conftest import change_file, diagnostics_of, open_file, uri

pytestmark = pytest.mark.asyncio


async def _still_serving(client, lsp_project: Path) -> None:
    """The server answers a request and validates again after whatever came before."""
    address = open_file(client, lsp_project / "specs" / "tenant.yaml")
    assert isinstance(await diagnostics_of(client, address), list)
    assert await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="Social")) is not None


async def test_a_bad_file_gets_diagnostics(client, lsp_project: Path):
    path = lsp_project / "specs" / "bad.yaml"
    for text, rule in (("- a list\n- not sections\n", "SC001"), ("skills: [\n", "YM001"),
                       ("a: &a [x, x]\nb: [*a, *a, *a]\n" + "\t\x00", "YM001")):
        path.write_text(text, encoding="utf-8")
        address = open_file(client, path, text)
        assert rule in [d.code for d in await diagnostics_of(client, address)]
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(address)))
    await _still_serving(client, lsp_project)


async def test_a_file_outside_the_project_gets_a_clear_message(client, lsp_project: Path, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "notes.yaml"
    elsewhere.write_text("skills: {}\n", encoding="utf-8")
    open_file(client, elsewhere)
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    assert len(client.messages) == 1
    assert "is not a spec file of an acdplan project" in client.messages[0].message
    await _still_serving(client, lsp_project)


async def test_a_file_deleted_while_open_says_so_and_the_rest_is_checked_without_it(client, lsp_project: Path):
    path = lsp_project / "specs" / "skills.yaml"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    assert await diagnostics_of(client, address) == []
    path.unlink()
    channels = (lsp_project / "specs" / "channels.yaml").as_uri()
    client.diagnostics.pop(channels, None)
    change_file(client, address, text + "\n", 2)
    found = await diagnostics_of(client, address)
    assert [d.severity for d in found] == [types.DiagnosticSeverity.Information]
    assert "not on disk" in found[0].message
    assert "RF001" in [d.code for d in await diagnostics_of(client, channels)]  # its skills are gone
    await _still_serving(client, lsp_project)


AGENT = "  agent{0:06d}@example.com:\n    role: Conseillers Social\n    digital_engagement: true\n    skills: {{IGD_Ventes_FR: 1}}\n"


@pytest.mark.parametrize(("body", "rule"), [
    ("skills:\n  Huge_One: {campaign: Nowhere}\n", "RF001"),  # a small object in 10 MB of comments: checked
    ("agents:\n", "YM004"),  # 10 MB of agents: over the node limit of a file, said so
])
async def test_a_10_mb_file_gets_diagnostics_and_the_server_stays_up(client, lsp_project: Path, body, rule):
    path = lsp_project / "specs" / "huge.yaml"
    size = 10 * 1024 * 1024
    if rule == "RF001":
        line = "# " + "x" * 98 + "\n"
        text = body + line * (size // len(line))
    else:
        text = body + "".join(AGENT.format(i) for i in range(size // len(AGENT.format(0))))
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    address = open_file(client, path)
    found = await diagnostics_of(client, address)
    assert rule in [d.code for d in found]
    assert time.monotonic() - started < 30
    await _still_serving(client, lsp_project)


async def test_a_spec_file_changed_on_disk_is_seen_when_the_client_says_so(client, lsp_project: Path):
    channels = lsp_project / "specs" / "channels.yaml"
    address = open_file(client, channels)
    assert await diagnostics_of(client, address) == []
    skills = lsp_project / "specs" / "skills.yaml"  # not open: changed by a checkout, say
    skills.write_text(skills.read_text(encoding="utf-8").replace("  IGD_Ventes_FR:\n", "  IGD_Other_FR:\n"), encoding="utf-8")
    client.diagnostics.pop(address, None)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(skills.as_uri(), types.FileChangeType.Changed)]))
    assert "RF001" in [d.code for d in await diagnostics_of(client, address)]


async def test_a_broken_project_file_is_reported_on_it(client, lsp_project: Path):
    config = lsp_project / "acdplan.yaml"
    config.write_text("specs: specs/\nenvironments:\n  sandbox: {provider: local, colour: blue}\n", encoding="utf-8")
    open_file(client, lsp_project / "specs" / "channels.yaml")
    found = await diagnostics_of(client, uri(config))
    assert [d.code for d in found] == ["CF001"] and found[0].range.start.line == 2
    config.write_text("specs: specs/\n", encoding="utf-8")
    client.diagnostics.pop(uri(config), None)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
    assert await diagnostics_of(client, uri(config)) == []
