"""Role rules (RL): each rule's failing and fixed example."""

from __future__ import annotations

from tests.validate.rules.helpers import (  # noqa: F401  (the example tests run per family)
    findings,
    patched_spec,
    rule_ids,
    test_bad_example_fires_the_rule,
    test_good_example_is_clean,
    test_rule_metadata_is_complete,
    validate_document,
)

FAMILY = "RL"


def test_rl004_a_watch_only_role_needs_a_search_permission_per_channel(tmp_path):
    """Issue 20 item 7: fact F10 (searching posts, cases or messages needs the matching permission)."""
    base = "roles:\n  Watchers:\n    handles_contacts: false\n    admin_permissions: [digital_engagement.view]\n"
    found = findings(tmp_path / "a", base + "    channels: {Instagram Direct FR: [view]}\n", "RL004")
    assert [(d.severity.value, d.path, d.fact) for d in found] == [
        ("warning", ("roles", "Watchers", "channels", "Instagram Direct FR"), "F10")]
    assert "search_cases / search_messages" in found[0].message
    for permissions in ("[view, search_cases]", "[view, search_messages]", "[view, search_posts]"):
        assert findings(tmp_path / permissions, base + f"    channels: {{Instagram Direct FR: {permissions}}}\n",
                        "RL004") == []
    # A role that handles contacts is RL001's (reply); searching is its own choice.
    assert findings(tmp_path / "agents", "roles:\n  Social Agents:\n    channels: {Instagram Direct FR: [view, reply]}\n",
                    "RL004") == []
