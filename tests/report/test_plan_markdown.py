"""The pull-request comment, checked as GitHub renders it (cmarkgfm): every name and value reads
back exactly, nothing a user wrote becomes a tag, link or emphasis, and the size cap holds."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.plan.changes import Action, AttributeChange, Change, Plan
from acdplan.report import markdown_safe, plan_markdown
from acdplan.report.ui_paths import ui_path
from tests.report.markdown_html import rendered

# Tags the comment's own structure uses; anything else in the HTML came from a name or value.
OWN_TAGS = {"p", "strong", "em", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "blockquote",
            "ul", "li", "details", "summary", "a"}
NASTY = [
    "<script>alert(1)</script>", "**bold**", "[link](https://evil.example)", "`tick` ``two``", "a|b|c",
    "l'équipe & \"co\"", "&#x27;&amp;", "\\*not\\* escaped\\", "www.evil.example", "http://evil.example/x",
    "bob@example.com", "</code></summary><img src=x onerror=alert(1)>", "<!-- c -->", "# heading", "- item",
    "> quote", "~~strike~~", "_under_", "![img](x.png)", "line\nbreak", " lead and trail ", "`", "|", "😀 émoji",
    "[!WARNING]", "```", "~~~", "<details>", "1. one", "=====", "@mention", ":+1:", "${{ github.token }}",
]


def _change(kind, name, action, **extra) -> Change:
    change = Change(f"{kind}.{name}", kind, name, action, **extra)
    change.ui_path = ui_path(change)
    return change


def full_plan(name: str = "IG_FR", value: str = "Social", reason: str = "not in the tenant",
              environment: str = "production") -> Plan:
    """A plan with every kind of change: create, update, replace, delete, import and a manual step."""
    plan = Plan(environment, "cxone")
    plan.changes = [
        _change("skill", name, Action.CREATE, after={"campaign": value, "media": "digital", "popurl": True},
                reason=reason),
        _change("skill", "WA_Livraison_FR", Action.UPDATE, drift=True, reason="differs from the specs",
                before={"campaign": "Social", "service_level": {"goal_percent": 80, "threshold_seconds": 30}},
                after={"campaign": "Social", "service_level": {"goal_percent": 85, "threshold_seconds": 120}},
                attributes=[AttributeChange("service_level.goal_percent", 80, 85)]),
        _change("channel", "Instagram FR", Action.REPLACE, reason="type changed: a channel's type cannot be edited",
                before={"type": "instagram", "account": {"id": "17841400000000000"}, "default_skill": "IGD_Ventes_FR"},
                after={"type": "instagram_direct", "account": {"id": "17841400000000000"},
                       "default_skill": "IGD_Ventes_FR"},
                attributes=[AttributeChange("type", "instagram", "instagram_direct")]),
        _change("channel", "WhatsApp FR", Action.CREATE, manual=True, reason="not in the tenant",
                manual_reason="a person must connect the WhatsApp account with Facebook",
                after={"type": "whatsapp", "account": {"id": "33170000000"}, "default_skill": "WA_Livraison_FR"}),
        _change("skill", "OLD_Promo", Action.DELETE, before={"campaign": "Social"}, reason="no longer in the specs"),
        _change("agent", "bob@example.com", Action.NOOP, before={}, after={}, adopt=True,
                reason="in the tenant, not yet in acdplan's state: recorded"),
        _change("role", "Agents", Action.NOOP, before={}, after={}),
    ]
    plan.diagnostics = [Diagnostic("RF001", Severity.WARNING, f"a warning about {name}")]
    plan.unmanaged = ["skill.Legacy_Voice"]
    return plan


def _body_rows(root):
    [table] = root.find_all("table")
    [tbody] = table.find_all("tbody") or [None]
    return [row.find_all("td") for row in (tbody.find_all("tr") if tbody else [])]


def _visible(text: str) -> str:
    return " ".join(text.replace(markdown_safe.WORD_JOINER, "").split())


def test_summary_line_counts_every_action_and_imports():
    first = plan_markdown.render(full_plan()).splitlines()[0]
    assert first == ("**Plan for `production`:** 2 to create, 1 to update, 1 to replace, 1 to delete, 1 to import, "
                     "1 manual step.")


def test_renders_as_github_shows_it():
    root = rendered(plan_markdown.render(full_plan()))
    assert root.tags() <= OWN_TAGS - {"a"}
    assert [cells[1].find_all("code")[0].text() for cells in _body_rows(root)] == [
        "skill.IG_FR", "skill.WA_Livraison_FR", "channel.Instagram FR", "channel.WhatsApp FR", "skill.OLD_Promo",
        "agent.bob@example.com"]
    assert [_visible(cells[0].text()) for cells in _body_rows(root)] == [
        "create", "update (drift)", "replace", "create (manual)", "delete", "import"]
    quotes = [_visible(quote.text()) for quote in root.find_all("blockquote")]
    assert any(q.startswith("[!WARNING] This plan deletes 1 object and replaces 1 object") and "skill.OLD_Promo" in q
               for q in quotes)
    [manual] = [q for q in quotes if q.startswith("[!IMPORTANT]")]
    assert "channel.WhatsApp FR: a person must connect the WhatsApp account with Facebook (in CXone: ACD > Digital" \
        in manual
    summaries = [_visible(s.text()) for s in root.find_all("summary")]
    assert summaries == ["create skill.IG_FR", "update skill.WA_Livraison_FR", "replace channel.Instagram FR",
                         "create channel.WhatsApp FR"]


def test_creates_show_the_spec_yaml_and_updates_a_yaml_diff():
    root = rendered(plan_markdown.render(full_plan()))
    blocks = {pre.attrs.get("lang"): [] for pre in root.find_all("pre")}
    for pre in root.find_all("pre"):
        blocks[pre.attrs.get("lang")].append(pre.text())
    created = yaml.safe_load(blocks["yaml"][0])
    assert created == {"skills": {"IG_FR": {"campaign": "Social", "popurl": True}}}  # defaults left out, as in specs
    update = blocks["diff"][0].splitlines()
    assert "-      goal_percent: 80" in update and "+      goal_percent: 85" in update
    assert "+      threshold_seconds: 120" in update
    replace = blocks["diff"][1].splitlines()
    assert "-    type: instagram" in replace and "+    type: instagram_direct" in replace


def test_no_literal_entities_or_stray_backslashes():
    plan = full_plan(name="IG_l'équipe", reason="l'équipe a dit \"non\" & c'est tout (v1.2) #3")
    root = rendered(plan_markdown.render(plan))
    text = root.text()
    assert "&#x27;" not in text and "&amp;" not in text and "\\" not in text
    assert "l'équipe a dit \"non\" & c'est tout (v1.2) #3" in text
    assert "create skill.IG_l'équipe" in [_visible(s.text()) for s in root.find_all("summary")]


def _check_inert(name: str, value: str, reason: str, environment: str) -> None:
    markdown = plan_markdown.render(full_plan(name, value, reason, environment))
    root = rendered(markdown)
    assert root.tags() <= OWN_TAGS - {"a"}, root.tags()
    rows = _body_rows(root)
    assert len(rows) == 6 and all(len(cells) == 3 for cells in rows)  # no pipe broke out of a cell
    assert rows[0][1].find_all("code")[0].text() == markdown_safe.one_line(f"skill.{name}")
    assert _visible(rows[0][2].text()) == _visible(markdown_safe.one_line(reason))
    assert _visible(root.find_all("summary")[0].text()) == _visible("create skill." + markdown_safe.one_line(name))
    assert root.find_all("code")[0].text() == markdown_safe.one_line(environment)
    created = yaml.safe_load(root.find_all("pre")[0].text())
    assert list(created["skills"]) == [name] and created["skills"][name]["campaign"] == value


def test_hostile_names_and_values_stay_inert():
    for hostile in NASTY:
        _check_inert(hostile, hostile, hostile, hostile)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40))
def test_any_text_stays_inert(hostile):
    _check_inert(hostile, hostile, hostile, hostile)


def test_two_thousand_deletions_fit_with_a_count_of_what_is_cut():
    plan = Plan("production", "cxone")
    plan.changes = [_change("skill", f"OLD_Promo_{index:04d}", Action.DELETE, before={"campaign": "Social"},
                            reason="no longer in the specs") for index in range(2000)]
    url = "https://github.com/acme/cxone/actions/runs/42"
    markdown = plan_markdown.render(plan, full_plan_url=url)
    assert plan_markdown.size(markdown) <= plan_markdown.LIMIT < plan_markdown.GITHUB_LIMIT
    root = rendered(markdown)
    [warning] = [q for q in root.find_all("blockquote") if "[!WARNING]" in q.text()]
    items = warning.find_all("li")
    shown = len(items) - 1
    assert 500 < shown < 2000
    assert _visible(items[-1].text()) == f"… {2000 - shown:,} more not shown"
    [note] = [q for q in root.find_all("blockquote") if "[!NOTE]" in q.text()]
    assert f"{2000 - shown:,} of 2,000 deletions and replacements" in _visible(note.text())
    assert [a.attrs["href"] for a in note.find_all("a")] == [url]


def test_every_part_is_capped_whatever_the_plan():
    big = {"campaign": "Social", "description": "x" * 5000}
    plan = Plan("production", "cxone")
    plan.changes = (
        [_change("skill", f"NEW_😀_{i}", Action.CREATE, after=big, reason="not in the tenant") for i in range(300)]
        + [_change("channel", f"C{i}", Action.CREATE, manual=True, manual_reason="log in " * 30, after={"type": "x"})
           for i in range(300)]
        + [_change("skill", f"OLD_{i}", Action.DELETE, before=big, reason="gone " * 40) for i in range(3000)]
    )
    plan.diagnostics = [Diagnostic("RF001", Severity.WARNING, "w" * 300) for _ in range(500)]
    markdown = plan_markdown.render(plan, full_plan_url="https://example.com/" + "a" * 10_000)
    assert plan_markdown.size(markdown) <= plan_markdown.LIMIT
    assert "Cut to stay under GitHub's 65,536-character comment limit" in markdown
    rendered(markdown)  # renders


def test_no_changes():
    plan = Plan("production", "cxone")
    assert plan_markdown.render(plan) == "**Plan for `production`:** no changes. The tenant matches the specs.\n"
