"""Name rules (NM): look-alike, bidi and control characters in names."""

from __future__ import annotations

import yaml

from tests.validate.rules.helpers import (  # noqa: F401  (the example tests run per family)
    findings,
    test_bad_example_fires_the_rule,
    test_good_example_is_clean,
    test_rule_metadata_is_complete,
)

FAMILY = "NM"


def test_nm002_refuses_control_characters_in_names_and_former_names(tmp_path):
    """Issue 20 item 7: control characters in names passed validation (NM001 only warned)."""
    for index, name in enumerate(["Evil\n::error title=X::y", "tab\there", "esc\x1b[2K", "del\x7f", "line\u2028sep",
                                  "c1\x9b2J"]):
        snippet = yaml.safe_dump({"roles": {name: {"handles_contacts": False,
                                                   "admin_permissions": ["digital_engagement.view"]}}})
        found = findings(tmp_path / str(index), snippet, "NM002")
        assert [(d.severity.value, d.path) for d in found] == [("error", ("roles", name))], name
        assert findings(tmp_path / str(index), snippet, "NM001") == []  # one message for one fault
    renamed = "roles:\n  Watchers:\n    renamed_from: \"Old\\nname\"\n    handles_contacts: false\n"
    [found] = findings(tmp_path / "renamed", renamed, "NM002")
    assert found.path == ("roles", "Watchers", "renamed_from") and "U+000A LINE FEED" in found.message
    assert findings(tmp_path / "fine", "roles:\n  Équipe Ελλάδα:\n    handles_contacts: false\n", "NM002") == []
