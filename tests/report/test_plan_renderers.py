"""Plan renderers: text summary line, markdown escaping and cutting, runbook numbering, JSON."""

from __future__ import annotations

import json
import re

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.plan.changes import Action, AttributeChange, Change, Plan
from acdplan.report.ui_paths import ui_path
from acdplan.report import plan_json, plan_markdown, plan_runbook, plan_text


def _change(kind, name, action, **extra) -> Change:
    change = Change(f"{kind}.{name}", kind, name, action, **extra)
    change.ui_path = ui_path(change)
    return change


def sample_plan() -> Plan:
    plan = Plan("sandbox", "local")
    plan.changes = [
        _change("skill", "IG_FR", Action.CREATE, after={"campaign": "Social", "media": "digital"}, reason="not in the tenant"),
        _change("skill", "WA_FR", Action.UPDATE, before={"popurl": False}, after={"popurl": True}, drift=True,
                attributes=[AttributeChange("popurl", False, True)], reason="differs from the specs"),
        _change("channel", "IG", Action.REPLACE, before={"type": "instagram"}, after={"type": "instagram_direct"},
                attributes=[AttributeChange("type", "instagram", "instagram_direct")], reason="type changed"),
        _change("channel", "WA", Action.CREATE, after={"type": "whatsapp", "account": {"id": "1"}}, manual=True,
                manual_reason="authorise the account with Facebook", reason="not in the tenant"),
        _change("skill", "OLD", Action.DELETE, before={"campaign": "Social"}, reason="no longer in the specs"),
        _change("agent", "bob@example.com", Action.NOOP, before={}, after={}, adopt=True, reason="record it"),
        _change("role", "Agents", Action.NOOP, before={}, after={}),
    ]
    plan.unmanaged = ["skill.Legacy_Voice"]
    return plan


def test_text_summary_line_is_exact():
    text = plan_text.render(sample_plan())
    assert "Plan: 2 to create, 1 to update, 1 to replace, 1 to delete. 1 to import into the state. 1 manual step." in text
    assert "MANUAL: authorise the account with Facebook" in text
    assert "popurl: false -> true" in text
    assert "skill.Legacy_Voice" in text and "1 object unchanged." in text
    assert "\x1b[" not in text
    assert "\x1b[32m" in plan_text.render(sample_plan(), color=True)


def test_text_without_changes():
    plan = Plan("sandbox", "local", changes=[_change("skill", "A", Action.NOOP, before={}, after={})])
    assert plan_text.render(plan).rstrip().endswith("No changes. The tenant matches the specs.")


def test_text_lists_plan_diagnostics():
    plan = sample_plan()
    plan.diagnostics = [Diagnostic("RQ001", Severity.ERROR, "queue missing", "specs/q.yaml", 3, 3)]
    assert "specs/q.yaml:3:3: error RQ001 queue missing" in plan_text.render(plan)


def test_json_is_the_serialised_plan():
    document = json.loads(plan_json.render(sample_plan()))
    assert document["summary"]["replace"] == 1
    assert [c["action"] for c in document["changes"]][:3] == ["create", "update", "replace"]


def test_markdown_summary_first_and_banners():
    text = plan_markdown.render(sample_plan())
    assert text.splitlines()[0].startswith("**Plan for sandbox:** 2 to create, 1 to update, 1 to replace, 1 to delete")
    assert "> [!WARNING]" in text and "> [!IMPORTANT]" in text
    assert text.index("[!WARNING]") < text.index("| action | address | reason |")
    assert "<details>" in text


def test_markdown_escapes_names_and_values():
    plan = Plan("prod<b>", "cxone")
    hostile = "<script>alert(1)</script>|x"
    plan.changes = [_change("skill", hostile, Action.UPDATE, before={"d": "a"}, after={"d": "`|<img>"},
                            attributes=[AttributeChange("d", "a", "`|</code><img src=x>")], reason="x|y")]
    text = plan_markdown.render(plan)
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    table_rows = [line for line in text.splitlines() if line.startswith("| ")]
    for row in table_rows:  # every row keeps its cell count: no pipe breaks out
        assert len(re.findall(r"(?<!\\)\|", row)) in (4,), row


def test_markdown_is_cut_under_the_limit():
    plan = Plan("sandbox", "local")
    plan.changes = [_change("agent", f"agent{index:05d}@example.com", Action.CREATE,
                            after={"role": "Agents", "skills": {"IG_FR": 1}}, reason="not in the tenant")
                    for index in range(20_000)]
    text = plan_markdown.render(plan)
    assert len(text) < 65_000
    assert text.startswith("**Plan for sandbox:** 20000 to create")
    assert "more changes not shown (output cut to stay under 65,000 characters)" in text


def test_runbook_numbers_acting_changes_with_their_clicks():
    text = plan_runbook.render(sample_plan())
    assert "1. create skill IG_FR" in text
    assert "ACD > Contact Settings > ACD Skills > Create New > Single Skill" in text
    assert "(MANUAL: authorise the account with Facebook)" in text
    assert "Connect with Facebook" in text
    numbers = [int(match) for match in re.findall(r"^(\d+)\. ", text, re.M)]
    assert numbers == list(range(1, 7))
