"""Edits over stdio: quick fixes (did-you-mean, acdplan:ignore), rename with renamed_from, formatting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lsprotocol import types

from tests.conftest import run_cli
from tests.lsp.conftest import apply_edits, change_file, diagnostics_of, open_file, position_of, uri

pytestmark = pytest.mark.asyncio


async def _actions(client, address: str, found: list[types.Diagnostic]) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(address), found[0].range, types.CodeActionContext(diagnostics=found)))


async def test_the_did_you_mean_of_rf001_is_a_quick_fix(client, lsp_project: Path):
    path = lsp_project / "specs" / "channels.yaml"
    broken = path.read_text(encoding="utf-8").replace("default_skill: IGD_Ventes_FR", "default_skill: IGD_Ventes_Fr")
    address = open_file(client, path, broken)
    found = await diagnostics_of(client, address)
    actions = await _actions(client, address, found)
    fix = next(action for action in actions if action.is_preferred)
    assert fix.title == "Change to IGD_Ventes_FR"
    fixed = apply_edits(broken, fix.edit.changes[address])
    assert fixed == path.read_text(encoding="utf-8")
    change_file(client, address, fixed, 2)
    assert await diagnostics_of(client, address) == []


async def test_the_did_you_mean_of_sc001_renames_an_unknown_field(client, lsp_project: Path):
    path = lsp_project / "specs" / "skills.yaml"
    broken = path.read_text(encoding="utf-8").replace("    campaign: Social\n", "    campain: Social\n", 1)
    address = open_file(client, path, broken)
    found = [d for d in await diagnostics_of(client, address) if d.code == "SC001" and "campain" in d.message]
    fix = next(action for action in await _actions(client, address, found) if action.is_preferred)
    assert apply_edits(broken, fix.edit.changes[address]) == path.read_text(encoding="utf-8")


async def test_ignore_adds_a_comment_with_the_rule_and_a_reason_and_silences_it(client, lsp_project: Path):
    path = lsp_project / "specs" / "skills.yaml"
    # SK013: the skill name breaks the tenant's naming pattern; a domain rule, so it can be ignored.
    text = path.read_text(encoding="utf-8")
    broken = text.replace("  IGD_Ventes_FR:\n", "  igd-ventes:\n").replace("IGD_Ventes_FR", "igd-ventes")
    address = open_file(client, path, broken)
    found = await diagnostics_of(client, address)
    assert found, "the broken name is reported"
    rule = str(found[0].code)
    ignore = next(a for a in await _actions(client, address, found[:1]) if a.title.startswith(f"Ignore {rule}"))
    silenced = apply_edits(broken, ignore.edit.changes[address])
    assert f"# acdplan:ignore {rule} " in silenced
    change_file(client, address, silenced, 2)
    assert rule not in [d.code for d in await diagnostics_of(client, address)]


async def test_rename_renames_every_reference_and_adds_renamed_from_so_the_plan_keeps_the_id(client, lsp_project: Path,
                                                                                              monkeypatch):
    monkeypatch.chdir(lsp_project)
    assert run_cli("apply", "--auto-approve").exit_code == 0
    skills = lsp_project / "specs" / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    address = open_file(client, skills)
    await diagnostics_of(client, address)
    at = position_of(text, "  MSG_Service_FR:", 3)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        types.TextDocumentIdentifier(address), at))
    assert prepared.placeholder == "MSG_Service_FR"
    edit = await client.text_document_rename_async(types.RenameParams(
        types.TextDocumentIdentifier(address), at, "MSG_Support_FR"))
    assert sorted(Path(u).name for u in edit.changes) == ["agents.yaml", "channels.yaml", "skills.yaml"]
    for changed, changes in edit.changes.items():
        file = Path(changed.removeprefix("file://"))
        file.write_text(apply_edits(file.read_text(encoding="utf-8"), changes), encoding="utf-8")
    assert "renamed_from: MSG_Service_FR" in skills.read_text(encoding="utf-8")
    assert "MSG_Service_FR" not in (lsp_project / "specs" / "agents.yaml").read_text(encoding="utf-8")
    planned = run_cli("plan", "--format", "json")
    assert planned.exit_code == 0, planned.output
    summary = json.loads(planned.output)["summary"]
    assert summary["create"] == 0 and summary["delete"] == 0 and summary.get("replace", 0) == 0


async def test_formatting_is_acdplan_fmt(client, lsp_project: Path):
    path = lsp_project / "specs" / "catalog.yaml"
    text = path.read_text(encoding="utf-8")
    messy = text.replace("  Social:\n    description:", "  Social:\n        description:")
    address = open_file(client, path, messy)
    await diagnostics_of(client, address)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        types.TextDocumentIdentifier(address), types.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert apply_edits(messy, edits) == text
    change_file(client, address, text, 2)
    assert list(await client.text_document_formatting_async(types.DocumentFormattingParams(
        types.TextDocumentIdentifier(uri(path)), types.FormattingOptions(tab_size=2, insert_spaces=True)))) == []


async def test_rename_to_a_name_already_declared_is_refused_with_a_message(client, lsp_project: Path):
    skills = lsp_project / "specs" / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    address = open_file(client, skills)
    await diagnostics_of(client, address)
    edit = await client.text_document_rename_async(types.RenameParams(
        types.TextDocumentIdentifier(address), position_of(text, "  MSG_Service_FR:", 3), "IGD_Ventes_FR"))
    assert edit is None
    assert "already declared" in client.messages[-1].message
