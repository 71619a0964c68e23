"""Diagnostics while typing: the whole rule set, published on open, change and save, over stdio."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.conftest import change_file, diagnostics_of, open_file, uri

pytestmark = pytest.mark.asyncio


async def test_a_clean_project_publishes_no_findings_on_open(client, lsp_project: Path):
    address = open_file(client, lsp_project / "specs" / "channels.yaml")
    assert await diagnostics_of(client, address) == []


async def test_an_undeclared_skill_is_underlined_at_once_with_its_did_you_mean(client, lsp_project: Path):
    path = lsp_project / "specs" / "channels.yaml"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    await diagnostics_of(client, address)
    change_file(client, address, text.replace("default_skill: IGD_Ventes_FR", "default_skill: IGD_Ventes_Fr"), 2)
    found = await diagnostics_of(client, address)
    assert [d.code for d in found] == ["RF001"]
    line = text.splitlines().index("    default_skill: IGD_Ventes_FR")
    assert found[0].range == types.Range(types.Position(line, 19), types.Position(line, 32))
    assert found[0].severity == types.DiagnosticSeverity.Error
    assert "did you mean 'IGD_Ventes_FR'?" in found[0].message
    assert found[0].data == {"suggestion": "IGD_Ventes_FR"}
    assert not path.read_text(encoding="utf-8").count("IGD_Ventes_Fr"), "the unsaved text was checked, not the disk"


async def test_a_finding_is_published_on_the_file_it_concerns_not_only_the_one_edited(client, lsp_project: Path):
    skills = lsp_project / "specs" / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    address = open_file(client, skills)
    await diagnostics_of(client, address)
    # Renaming the skill in its own file breaks the channel that names it, in another file.
    change_file(client, address, text.replace("  IGD_Ventes_FR:\n", "  IGD_Sales_FR:\n"), 2)
    channels = uri(lsp_project / "specs" / "channels.yaml")
    found = await diagnostics_of(client, channels)
    assert "RF001" in [d.code for d in found]
    # ... and fixing it clears the other file again.
    change_file(client, address, text, 3)
    client.diagnostics.pop(channels, None)
    assert await diagnostics_of(client, channels) == []


async def test_a_domain_rule_and_its_inline_ignore_in_the_unsaved_text(client, lsp_project: Path):
    skills = lsp_project / "specs" / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    address = open_file(client, skills)
    await diagnostics_of(client, address)
    broken = text.replace("    campaign: Social\n", "    campaign: Social\n    sub_skill: maybe\n", 1)
    change_file(client, address, broken, 2)
    assert [d.code for d in await diagnostics_of(client, address)] == ["SC001"]


async def test_yaml_syntax_errors_and_template_lines(client, lsp_project: Path):
    path = lsp_project / "specs" / "extra.yaml"
    path.write_text("skills:\n  X_Y: {campaign: Social\n", encoding="utf-8")
    address = open_file(client, path)
    found = await diagnostics_of(client, address)
    assert [d.code for d in found] == ["YM001"]
    template = lsp_project / "specs" / "more.yaml.j2"
    template.write_text("# a template\nskills:\n  T_{{ nowhere }}: {campaign: Social}\n", encoding="utf-8")
    address = open_file(client, template)
    found = await diagnostics_of(client, address)
    assert [(d.code, d.range.start.line) for d in found] == [("TP001", 2)]


async def test_rules_settings_of_the_project_file_are_honoured(client, lsp_project: Path):
    config = lsp_project / "acdplan.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "rules:\n  RF001: warning\n", encoding="utf-8")
    path = lsp_project / "specs" / "channels.yaml"
    text = path.read_text(encoding="utf-8").replace("default_skill: IGD_Ventes_FR", "default_skill: Nope")
    address = open_file(client, path, text)
    found = await diagnostics_of(client, address)
    assert [(d.code, d.severity) for d in found] == [("RF001", types.DiagnosticSeverity.Warning)]


async def test_without_a_project_file_the_specs_folder_is_the_project(client, lsp_project: Path):
    (lsp_project / "acdplan.yaml").unlink()
    path = lsp_project / "specs" / "channels.yaml"
    text = path.read_text(encoding="utf-8").replace("default_skill: IGD_Ventes_FR", "default_skill: Nope")
    address = open_file(client, path, text)
    assert [d.code for d in await diagnostics_of(client, address)] == ["RF001"]
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="IGD_Ventes"))
    assert [s.name for s in found] == ["IGD_Ventes_FR"]
