"""Stage 3, validate: loaded spec -> diagnostics (schema first, then domain rules) and the model."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from acdplan.diagnostic_caps import cap_per_file
from acdplan.diagnostics import Diagnostic, fails, sort_diagnostics
from acdplan.load import LoadedSpec, load_spec_folder
from acdplan.model import Spec, build_spec
from acdplan.validate import suppressions
from acdplan.validate.catalogue import PG001, diagnostic
from acdplan.validate.rules import Finding, RuleContext, domain_rules
from acdplan.validate.rules.base import DomainRule
from acdplan.validate.schema_check import check_schema


@dataclass(slots=True)
class ValidationResult:
    loaded: LoadedSpec
    diagnostics: list[Diagnostic] = field(default_factory=list)
    spec: Spec | None = None  # the model, when the document was sound enough to build one

    def fails(self, strict: bool = False) -> bool:
        return fails(self.diagnostics, strict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def validate_loaded(loaded: LoadedSpec, reuse: dict | None = None) -> ValidationResult:
    """Schema-check the merged document; when it is sound, build the model and run every rule
    (`reuse`: model objects kept from an earlier validation, see build_spec)."""
    diagnostics = list(loaded.diagnostics)
    diagnostics += check_schema(loaded.data, loaded.sources, files_valid=loaded.files_schema_valid)
    result = ValidationResult(loaded)
    if not any(d.is_error for d in diagnostics):
        result.spec = build_spec(loaded.data, reuse)
        diagnostics += run_rules(result.spec, loaded)
    result.diagnostics = cap_per_file(sort_diagnostics(suppressions.apply(diagnostics)))  # acdplan.yaml `rules:`, inline ignores
    return result


def run_rules(spec: Spec, loaded: LoadedSpec) -> list[Diagnostic]:
    context = RuleContext(spec, loaded.data)
    diagnostics = []
    settings = suppressions.current_settings()
    for domain_rule in domain_rules():
        info = domain_rule.info
        if settings.get(info.id) == suppressions.OFF:
            continue  # turned off in acdplan.yaml: not run at all (a broken plugin rule can be set aside)
        findings: Iterable[Finding]
        if info.plugin is None:
            findings = domain_rule.check(context)
        else:
            findings, failure = _plugin_findings(domain_rule, context)
            if failure:
                diagnostics.append(diagnostic(PG001, failure))
        for finding in findings:
            diagnostics.append(diagnostic(info.id, finding.message, loaded.sources, tuple(finding.path),
                                          prefer_value=finding.prefer_value))
    return diagnostics


MAX_PLUGIN_FINDINGS = 10_000  # a rule: a runaway generator is a failure, not a memory exhaustion


def _plugin_findings(domain_rule: DomainRule, context: RuleContext) -> tuple[list[Finding], str | None]:
    """A plugin rule's findings, all of them; or none and why, when it fails (one PG001 naming the
    plugin and the rule: its partial findings would be misleading)."""
    info = domain_rule.info
    findings: list[Finding] = []
    try:
        for finding in domain_rule.check(context):
            if not isinstance(finding, Finding) or not isinstance(finding.message, str):
                raise TypeError(f"it yielded {type(finding).__name__}, not an acdplan.plugin.Finding")
            if not isinstance(finding.path, tuple) or not all(isinstance(part, str | int) for part in finding.path):
                raise TypeError(f"a Finding's path must be a tuple of keys (str) and indexes (int), not {finding.path!r}"[:300])
            findings.append(finding)
            if len(findings) > MAX_PLUGIN_FINDINGS:
                raise RuntimeError(f"it yielded more than {MAX_PLUGIN_FINDINGS:,} findings")
    except Exception as error:  # the plugin's bug, whatever it is
        return [], (f"rule {info.id} of plugin {info.plugin} failed, so its findings are missing: "
                    f"{type(error).__name__}: {error}")
    return findings, None


def validate_path(path: str | os.PathLike, variables: dict | None = None,
                  allow_symlinks_outside: bool = False) -> ValidationResult:
    return validate_loaded(load_spec_folder(path, variables, allow_symlinks_outside=allow_symlinks_outside))
