"""Every registered format, plan or diagnostics, holds the escaping properties (issue 21, item 4):
the property loops over the registries, so a format added later is held to them without a line here.

A name a user wrote never reaches the output as a raw control character (newlines aside), and never
starts a line that a CI runner reads as a workflow command (`::error`, `##[error]`)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.plan.changes import Action, AttributeChange, Change, Plan
from acdplan.report.diagnostics_formats import FORMATS as DIAGNOSTIC_FORMATS
from acdplan.report.plan_formats import PLAN_FORMATS

ATTACKS = ["Evil\n::error title=INJECTED::pwned", "\x1b[1A\x1b[2K", "a\rb", "x\u202ey", "##[error]x",
           "\u2028::warning::x", "\x85::error::nel", "%0A::error::x", "\x9b2J", "\x00nul"]
names = st.one_of(st.sampled_from(ATTACKS), st.text(min_size=1, max_size=30))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def raw_controls(output: str) -> list[str]:
    """Control characters, line separators and bidirectional overrides (a format may add its own
    invisible joiners, as markdown breaks @mentions with U+2060)."""
    return [c for c in output if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Zl", "Zp")
                                                      or c in BIDI_CONTROLS)]


def command_lines(output: str) -> list[str]:
    return [line for line in output.split("\n") if re.match(r"\s*(::|##\[)", line)]


def plan_naming(name: str) -> Plan:
    plan = Plan("sandbox", "local")
    plan.changes = [
        Change(f"channel.{name}", "channel", name, Action.CREATE, after={"description": name}, reason=f"new {name}"),
        Change(f"skill.{name}", "skill", name, Action.UPDATE, before={"description": name}, after={"description": "x"},
               attributes=[AttributeChange("description", name, "x")], reason="differs"),
        Change(f"role.{name}", "role", name, Action.CREATE, manual=True, manual_reason=f"log in as {name}",
               ui_path=f"ACD > Digital > {name}", reason="manual"),
    ]
    plan.diagnostics = [diagnostic_naming(name)]
    return plan


def diagnostic_naming(name: str) -> Diagnostic:
    return Diagnostic("RF001", Severity.ERROR, f"unknown skill {name}", f"specs/{name}.yaml", 3, 5, ("skills", name))


@pytest.mark.parametrize("output_format", sorted(PLAN_FORMATS))
@SETTINGS
@given(name=names)
def test_every_plan_format_escapes_names(output_format, name):
    output = PLAN_FORMATS[output_format](plan_naming(name), color=False)
    assert raw_controls(output) == [] and command_lines(output) == [], output_format


@pytest.mark.parametrize("output_format", sorted(DIAGNOSTIC_FORMATS))
@SETTINGS
@given(name=names)
def test_every_diagnostic_format_escapes_names(output_format, name):
    output = DIAGNOSTIC_FORMATS[output_format]([diagnostic_naming(name)])
    assert raw_controls(output) == [], output_format
    if output_format != "github":  # its own annotations are workflow commands, one a finding, by design
        assert command_lines(output) == [], output_format
