"""SLA rules (SL): examples and the range of every duration part."""

from __future__ import annotations

import pytest

from tests.validate.rules.helpers import (  # noqa: F401  (the example tests run per family)
    findings,
    patched_spec,
    rule_ids,
    test_bad_example_fires_the_rule,
    test_good_example_is_clean,
    test_rule_metadata_is_complete,
    validate_document,
)

FAMILY = "SL"


# A text is an amount (issue 20): "25h" is 1d 1h; a mapping is the screen's fields, each in range.
@pytest.mark.parametrize("duration,fires", [("{hours: 24}", True), ("{minutes: 60}", True), ("{days: -1}", True),
                                            ("{days: 0, hours: 0}", True), ('"0m"', True), ('"25h"', False),
                                            ('"1d23h59m"', False), ("{minutes: 30}", False)])
def test_sl002_parts(tmp_path, duration, fires):
    snippet = f"channels:\n  Instagram Direct FR:\n    sla:\n      first_response: {duration}\n      resolution: 30d\n"
    assert bool(findings(tmp_path, snippet, "SL002")) is fires
