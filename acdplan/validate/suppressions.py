"""What the team decided about rules: the `rules:` section of acdplan.yaml and inline ignores.

The lint habits of tflint and cfn-lint (docs/rules.md):
- `rules: {SK013: off, CH007: warning}` in acdplan.yaml disables a rule or changes its severity
  for the whole project;
- `# acdplan:ignore CH007 reason` at the end of a line, or alone on the line above, silences that
  rule's findings on that line. The reason is required: a silenced finding must say why.

Only domain rules (stage `rules`) and the few later findings declared `settable` (CP002, the
plan's forecast) can be changed: without YAML, schema and template checks the specs cannot be
read at all. Applied in one place, `apply()`, called by the validate engine.
"""

from __future__ import annotations

import dataclasses
import re
from contextvars import ContextVar
from pathlib import Path

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.load.buffers import read_bytes

OFF = "off"
_SETTINGS: ContextVar[dict[str, str] | None] = ContextVar("acdplan_rule_settings", default=None)
_IGNORE = re.compile(r"#\s*acdplan:ignore\b(?P<body>.*)$")
_IDS = re.compile(r"\s*(?P<ids>[A-Za-z]{2,4}\d{3}(?:\s*,\s*[A-Za-z]{2,4}\d{3})*)(?P<reason>.*)$")  # plugins: 2-4 letters
MAX_SCANNED_BYTES = 8 * 1024 * 1024  # spec files are capped far lower by the loader (YM004)


class RuleSettingsError(ValueError):
    """A `rules:` entry names no rule, or one that cannot be changed; the message says which."""


def configurable_rules() -> dict[str, object]:
    from acdplan.validate.catalogue import all_rules

    return {info.id: info for info in all_rules() if info.stage == "rules" or info.settable}


def parse_settings(rules: dict | None) -> dict[str, str]:
    """acdplan.yaml's `rules:` (already schema-checked) as {id: off|warning|error}."""
    settings = {}
    known = configurable_rules()
    for rule_id, value in (rules or {}).items():
        if rule_id not in known:
            from acdplan.validate.catalogue import get

            why = ("is reported before the rules run and cannot be changed" if get(rule_id)
                   else "is no rule id (`acdplan rules` lists them)")
            raise RuleSettingsError(f"rules: {rule_id} {why}")
        settings[rule_id] = OFF if value in (False, OFF) else str(value)
    return settings


def use_settings(settings: dict[str, str]) -> None:
    """The project's rule settings for the validations of this run (set when acdplan.yaml is read)."""
    _SETTINGS.set(dict(settings))


def current_settings() -> dict[str, str]:
    return _SETTINGS.get() or {}


def apply(diagnostics: list[Diagnostic], settings: dict[str, str] | None = None) -> list[Diagnostic]:
    """The findings left once project settings and inline ignores are applied; severities changed
    where the project says so. Findings of other stages pass through untouched."""
    settings = current_settings() if settings is None else settings
    configurable = None
    ignores = _InlineIgnores()
    kept = []
    for diagnostic in diagnostics:
        if diagnostic.rule in settings or (diagnostic.file and diagnostic.line):
            configurable = configurable if configurable is not None else configurable_rules()
        else:
            kept.append(diagnostic)
            continue
        if diagnostic.rule not in configurable:
            kept.append(diagnostic)
            continue
        setting = settings.get(diagnostic.rule)
        if setting == OFF or ignores.silences(diagnostic):
            continue
        if setting in (Severity.ERROR.value, Severity.WARNING.value):
            diagnostic = dataclasses.replace(diagnostic, severity=Severity(setting))
        kept.append(diagnostic)
    return kept + [problem for problem in ignores.problems if settings.get(problem.rule) != OFF]


class _InlineIgnores:
    """`# acdplan:ignore ID reason` comments, read only from files that have findings."""

    def __init__(self):
        self.by_file: dict[str, dict[int, set[str]]] = {}
        self.problems: list[Diagnostic] = []

    def silences(self, diagnostic: Diagnostic) -> bool:
        file, line = diagnostic.file, diagnostic.line
        if file is None:  # a finding about no file (a configured rule's) has no line to ignore it on
            return False
        lines = self.by_file.get(file)
        if lines is None:
            lines = self.by_file[file] = self._read(file)
        return line is not None and diagnostic.rule in lines.get(line, ())

    def _read(self, file: str) -> dict[int, set[str]]:
        try:  # an editor's unsaved text when the language server has it open (acdplan/load/buffers.py)
            text = read_bytes(Path(file), MAX_SCANNED_BYTES).decode("utf-8", errors="replace")
        except OSError:
            return {}
        silenced: dict[int, set[str]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            match = _IGNORE.search(line)
            if not match:
                continue
            ids = _IDS.match(match.group("body"))
            if not ids or not ids.group("reason").strip(" \t-:—"):
                self.problems.append(Diagnostic(
                    "IG001", Severity.WARNING,
                    "an acdplan:ignore comment needs rule ids and a reason, e.g. `# acdplan:ignore CH007 kept for the "
                    "launch`; it silences nothing", file, number, match.start() + 1))
                continue
            rules = {rule.strip().upper() for rule in ids.group("ids").split(",")}
            target = number + 1 if line[: match.start()].strip() == "" else number  # alone on a line: the next one
            silenced.setdefault(target, set()).update(rules)
        return silenced
