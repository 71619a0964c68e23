"""`acdplan coverage`: who can answer each channel, by name, in text, JSON and markdown."""

from __future__ import annotations

import json

from tests.conftest import run_cli

run = run_cli


def edit(project, name: str, old: str, new: str) -> None:
    path = project / "specs" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_text_names_the_agents_with_their_proficiency(project):
    result = run("coverage")
    assert result.exit_code == 0, result.output
    block = result.output.split("Messenger FR (facebook_messenger)")[1].split("WhatsApp FR")[0]
    assert block.splitlines()[1:5] == [
        "  roles that reply: Conseillers Social",
        "  can answer (3):",
        "    chloe.dubois@maisonlumiere.fr (proficiency 1, Conseillers Social)",
        "    hugo.thomas@maisonlumiere.fr (proficiency 2, Conseillers Social)",
    ]
    # The supervisor holds the email skill but his role may not reply (handles_contacts: false).
    assert "  jules.leroy@maisonlumiere.fr (Superviseurs): MAIL_SAV_FR: the role may not reply on Email SAV" \
        in result.output
    assert result.output.endswith("4 channels, 0 with gaps; 1 skill held but not usable.\n")


def test_json_is_the_same_facts(project):
    result = run("coverage", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["summary"] == {"channels": 4, "channels_with_gaps": 0, "unusable_skills": 1}
    email = next(row for row in document["channels"] if row["channel"] == "Email SAV")
    assert email["agents_who_can_answer"] == ["lea.robert@maisonlumiere.fr", "nathan.richard@maisonlumiere.fr",
                                              "manon.petit@maisonlumiere.fr"]
    assert email["holders"][-1] == {"agent": "jules.leroy@maisonlumiere.fr", "role": "Superviseurs",
                                    "proficiency": 5, "can_answer": False, "why_not": "the role may not reply"}
    assert document["unusable_skills"] == [{"agent": "jules.leroy@maisonlumiere.fr", "role": "Superviseurs",
                                            "skill": "MAIL_SAV_FR", "reason": "the role may not reply on Email SAV"}]


def test_a_channel_nobody_can_answer_is_a_gap_and_exit_1(project):
    # Nobody of the replying role holds the WhatsApp skill any more.
    edit(project, "agents.yaml", "skills: {IGD_Ventes_FR: 2, WA_Livraison_FR: 1}", "skills: {IGD_Ventes_FR: 2}")
    edit(project, "agents.yaml", "skills: {WA_Livraison_FR: 2, MSG_Service_FR: 1}", "skills: {MSG_Service_FR: 1}")
    edit(project, "agents.yaml", "    skills: {MAIL_SAV_FR: 5}", "    skills: {MAIL_SAV_FR: 5, WA_Livraison_FR: 4}")
    text = run("coverage")
    assert text.exit_code == 1
    whatsapp = text.output.split("WhatsApp FR (whatsapp)")[1].split("Email SAV")[0]
    assert "  can answer: nobody" in whatsapp
    assert "    jules.leroy@maisonlumiere.fr (proficiency 4, Superviseurs)" in whatsapp
    assert "  GAP: the agents holding the default skill cannot reply" in whatsapp
    document = json.loads(run("coverage", "--format", "json").output)
    row = next(row for row in document["channels"] if row["channel"] == "WhatsApp FR")
    assert row["agents_who_can_answer"] == [] and row["gaps"] == ["the agents holding the default skill cannot reply"]
    markdown = run("coverage", "--format", "markdown")
    assert markdown.exit_code == 1
    assert "| WhatsApp FR | WA_Livraison_FR | Conseillers Social | - | the agents holding the default skill " \
           "cannot reply |" in markdown.output


def test_an_outbound_skill_without_send_outbound_is_not_usable(project):
    edit(project, "roles.yaml", "Email SAV: [view, reply, send_outbound, search_cases]", "Email SAV: [view, reply]")
    document = json.loads(run("coverage", "--format", "json").output)
    assert {(item["agent"], item["skill"]) for item in document["unusable_skills"]} == {
        ("jules.leroy@maisonlumiere.fr", "MAIL_SAV_FR"), ("lea.robert@maisonlumiere.fr", "MAIL_Relance_FR"),
        ("manon.petit@maisonlumiere.fr", "MAIL_Relance_FR")}


def test_markdown_escapes_table_breaking_names(project):
    edit(project, "channels.yaml", "  Email SAV:", "  \"Email | SAV <b>\":")
    edit(project, "roles.yaml", "      Email SAV:", "      \"Email | SAV <b>\":")
    result = run("coverage", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "| Email \\| SAV &lt;b> | MAIL_SAV_FR |" in result.output


def test_control_characters_in_names_never_reach_the_terminal(project):
    # A channel name with an escape sequence and a line that would start a CI workflow command.
    hostile = "Email\\u001b[31m SAV\\n::error::pwned"
    edit(project, "channels.yaml", "  Email SAV:", f'  "{hostile}":')
    edit(project, "roles.yaml", "      Email SAV:", f'      "{hostile}":')
    for output_format in ("text", "markdown", "json"):
        result = run("coverage", "--format", output_format)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\n::error::" not in result.output
    assert json.loads(run("coverage", "--format", "json").output)["channels"][-1]["channel"] == \
        "Email\x1b[31m SAV\n::error::pwned"
    sla = run("sla", "--at", "2026-11-27T16:30:00+01:00")
    assert sla.exit_code == 0 and "\x1b" not in sla.output and "\n::error::" not in sla.output


def test_a_cxone_agent_user_without_the_attribute_cannot_answer(project):
    """Issue 20 item 7: coverage counted a CXone Agent user without Digital Engagement (AG001) as
    able to answer; no digital contact reaches them (F9), whatever their skills and role."""
    (project / "acdplan.yaml").write_text("specs: specs/\nrules: {AG001: off}\n")  # a team that silenced the rule
    edit(project, "agents.yaml", "    role: Conseillers Social\n    digital_engagement: true\n    skills: {WA_Livraison_FR: 2",
         "    role: Conseillers Social\n    digital_engagement: false\n    skills: {WA_Livraison_FR: 2")
    result = run("coverage", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    messenger = next(row for row in document["channels"] if row["channel"] == "Messenger FR")
    assert "chloe.dubois@maisonlumiere.fr" not in messenger["agents_who_can_answer"]
    chloe = next(h for h in messenger["holders"] if h["agent"] == "chloe.dubois@maisonlumiere.fr")
    assert chloe["can_answer"] is False and "AG001" in chloe["why_not"]
    assert any(item["agent"] == "chloe.dubois@maisonlumiere.fr" and "AG001" in item["reason"]
               for item in document["unusable_skills"])
    text = run("coverage").output
    block = text.split("Messenger FR (facebook_messenger)")[1].split("WhatsApp FR")[0]
    assert "can answer (2):" in block and "hold the skill but get no digital contact (1" in block
