"""Help where the cursor is, over stdio: hover on rules, diagnostics and references; completion."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.conftest import diagnostics_of, open_file, position_of

pytestmark = pytest.mark.asyncio


async def _hover(client, address: str, position: types.Position) -> str:
    found = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(address), position))
    assert found is not None
    return found.contents.value


async def test_hover_on_a_rule_id_shows_its_fact_why_and_fix(client, lsp_project: Path):
    path = lsp_project / "specs" / "channels.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    sla: global                     # \"YES\"", "    sla: global                     # acdplan:ignore CH007 because; \"YES\"", 1)
    address = open_file(client, path, text)
    await diagnostics_of(client, address)
    shown = await _hover(client, address, position_of(text, "CH007", 2))
    assert shown.startswith("**CH007** (") and "*Why:*" in shown and "*Fix:*" in shown


async def test_hover_on_a_diagnostic_shows_the_message_and_the_rule(client, lsp_project: Path):
    path = lsp_project / "specs" / "channels.yaml"
    text = path.read_text(encoding="utf-8").replace("default_skill: IGD_Ventes_FR", "default_skill: Nope")
    address = open_file(client, path, text)
    await diagnostics_of(client, address)
    shown = await _hover(client, address, position_of(text, "default_skill: Nope", 16))
    assert "skill 'Nope' is not declared" in shown and "**RF001**" in shown


async def test_hover_on_a_reference_shows_the_objects_summary(client, lsp_project: Path):
    path = lsp_project / "specs" / "channels.yaml"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    await diagnostics_of(client, address)
    shown = await _hover(client, address, position_of(text, "default_skill: IGD_Ventes_FR", 17))
    assert shown.startswith("**skill** `IGD_Ventes_FR` — declared at ")
    assert "campaign: Social" in shown


async def _complete(client, address: str, position: types.Position) -> list[str]:
    found = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(address), position))
    return [item.label for item in found.items]


async def test_completion_offers_the_names_a_field_may_refer_to(client, lsp_project: Path):
    path = lsp_project / "specs" / "channels.yaml"
    text = path.read_text(encoding="utf-8").replace("default_skill: IGD_Ventes_FR", "default_skill: ")
    address = open_file(client, path, text)
    await diagnostics_of(client, address)
    labels = await _complete(client, address, position_of(text, "default_skill: \n", 15))
    assert "IGD_Ventes_FR" in labels and "MSG_Service_FR" in labels and "Social" not in labels
    # an agent's skills are a mapping keyed by skill name
    agents = lsp_project / "specs" / "agents.yaml"
    text = agents.read_text(encoding="utf-8").replace("    skills: {IGD_Ventes_FR: 1, MSG_Service_FR: 3}\n",
                                                      "    skills:\n      IGD_Ventes_FR: 1\n      \n", 1)
    address = open_file(client, agents, text)
    await diagnostics_of(client, address)
    labels = await _complete(client, address, position_of(text, "      IGD_Ventes_FR: 1\n      \n", 29))
    assert "WA_Livraison_FR" in labels


async def test_completion_offers_the_schemas_keys_and_enum_values(client, lsp_project: Path):
    path = lsp_project / "specs" / "skills.yaml"
    text = path.read_text(encoding="utf-8").replace("    media: digital\n", "    media: \n    \n", 1)
    address = open_file(client, path, text)
    await diagnostics_of(client, address)
    assert await _complete(client, address, position_of(text, "media: \n", 7)) == [
        "digital", "voice", "email", "chat", "sms", "work_item"]
    keys = await _complete(client, address, position_of(text, "media: \n    \n", 12))
    assert {"campaign", "direction", "routing", "renamed_from"} <= set(keys)


async def test_a_sensitive_value_is_never_shown_in_a_hover(client, lsp_project: Path):
    channels = lsp_project / "specs" / "channels.yaml"
    channels.write_text(channels.read_text(encoding="utf-8").replace('id: "33170000000"', 'id: !sensitive "33170000000"'),
                        encoding="utf-8")
    roles = lsp_project / "specs" / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    address = open_file(client, roles)
    await diagnostics_of(client, address)
    shown = await _hover(client, address, position_of(text, "      WhatsApp FR: [view", 8))
    assert shown.startswith("**channel** `WhatsApp FR`")
    assert "(sensitive)" in shown and "33170000000" not in shown
