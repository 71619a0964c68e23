"""Parametrize a family module's example tests with that family's rules from the catalogue."""

from __future__ import annotations

from acdplan.validate.catalogue import all_rules


def pytest_generate_tests(metafunc):
    family = getattr(metafunc.module, "FAMILY", None)
    if family and "info" in metafunc.fixturenames:
        rules = [info for info in all_rules() if info.stage == "rules" and info.family == family]
        assert rules, f"no rule of family {family}"
        metafunc.parametrize("info", rules, ids=lambda info: info.id)
