"""Navigation over stdio: definition and references across files, document and workspace symbols."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.conftest import diagnostics_of, open_file, position_of, uri

pytestmark = pytest.mark.asyncio


async def test_definition_jumps_from_a_channels_default_skill_to_the_skill_in_another_file(client, lsp_project: Path):
    channels = lsp_project / "specs" / "channels.yaml"
    text = channels.read_text(encoding="utf-8")
    address = open_file(client, channels)
    await diagnostics_of(client, address)
    found = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(address), position_of(text, "default_skill: IGD_Ventes_FR", 20)))
    skills = lsp_project / "specs" / "skills.yaml"
    line = skills.read_text(encoding="utf-8").splitlines().index("  IGD_Ventes_FR:")
    assert found == types.Location(uri(skills), types.Range(types.Position(line, 2), types.Position(line, 15)))


@pytest.mark.parametrize(("file", "needle", "offset", "target_file", "declaration"), [
    ("channels.yaml", "default_script: DFO_Social_Routing", 17, "catalog.yaml", "  DFO_Social_Routing:"),  # script
    ("skills.yaml", "campaign: Social", 11, "catalog.yaml", "  Social:"),  # campaign
    ("agents.yaml", "role: Conseillers Social", 7, "roles.yaml", "  Conseillers Social:"),  # role
    ("agents.yaml", "{IGD_Ventes_FR: 1", 2, "skills.yaml", "  IGD_Ventes_FR:"),  # skill as a mapping key
    ("roles.yaml", "      Messenger FR: [view", 8, "channels.yaml", "  Messenger FR:"),  # channel as a key
])
async def test_definition_of_every_kind_of_reference(client, lsp_project: Path, file, needle, offset, target_file,
                                                     declaration):
    path = lsp_project / "specs" / file
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    await diagnostics_of(client, address)
    found = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(address), position_of(text, needle, offset)))
    target = lsp_project / "specs" / target_file
    assert found is not None and found.uri == uri(target)
    assert found.range.start.line == target.read_text(encoding="utf-8").splitlines().index(declaration)


async def test_references_of_a_skill_across_files(client, lsp_project: Path):
    skills = lsp_project / "specs" / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    address = open_file(client, skills)
    await diagnostics_of(client, address)
    found = await client.text_document_references_async(types.ReferenceParams(
        context=types.ReferenceContext(include_declaration=True), text_document=types.TextDocumentIdentifier(address),
        position=position_of(text, "  IGD_Ventes_FR:", 4)))
    files = sorted({Path(location.uri).name for location in found})
    assert files == ["agents.yaml", "channels.yaml", "skills.yaml"]
    agents_text = (lsp_project / "specs" / "agents.yaml").read_text(encoding="utf-8")
    assert sum(1 for location in found if location.uri.endswith("agents.yaml")) == agents_text.count("IGD_Ventes_FR")
    assert found[0].uri == address  # the declaration first


async def test_document_symbols_are_the_files_outline(client, lsp_project: Path):
    catalog = lsp_project / "specs" / "catalog.yaml"
    address = open_file(client, catalog)
    await diagnostics_of(client, address)
    found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        types.TextDocumentIdentifier(address)))
    assert [(s.name, [c.name for c in s.children or ()]) for s in found] == [
        ("campaigns", ["Social", "Service_Client"]), ("scripts", ["DFO_Social_Routing", "DFO_Email_Routing"])]


async def test_workspace_symbols_find_any_object_by_name(client, lsp_project: Path):
    address = open_file(client, lsp_project / "specs" / "tenant.yaml")
    await diagnostics_of(client, address)
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="messenger"))
    assert [(s.name, s.container_name, Path(s.location.uri).name) for s in found] == [
        ("Messenger FR", "channel", "channels.yaml")]
