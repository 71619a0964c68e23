"""Capacity rules (CP): each rule's failing and fixed example."""

from __future__ import annotations

from tests.validate.rules.helpers import (  # noqa: F401  (the example tests run per family)
    test_bad_example_fires_the_rule,
    test_good_example_is_clean,
    test_rule_metadata_is_complete,
)

FAMILY = "CP"
