"""What a domain rule is: metadata in the catalogue plus one generator of findings.

A rule sees the typed model (and the raw merged data, for the few rules about how something
was written) and yields findings that carry the spec path they are about; the engine turns
the path into file, line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from acdplan.diagnostics import Severity
from acdplan.model import Spec
from acdplan.validate.catalogue import RuleInfo, register


@dataclass(frozen=True, slots=True)
class Finding:
    path: tuple[str | int, ...]
    message: str
    prefer_value: bool = False  # point at the value rather than the key


@dataclass(slots=True)
class RuleContext:
    spec: Spec
    data: dict  # the raw merged document, for rules about how a value was written
    _cache: dict = field(default_factory=dict)

    def cached(self, key: str, compute: Callable):
        """Indexes shared by several rules (who holds a skill, ...), computed once per run."""
        if key not in self._cache:
            self._cache[key] = compute(self.spec)
        return self._cache[key]


Check = Callable[[RuleContext], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class DomainRule:
    info: RuleInfo
    check: Check


_RULES: list[DomainRule] = []
# Set by the plugin loader (acdplan/validate/plugins.py) while it imports a plugin's module: it names
# the distribution whose rules are being declared and vets their ids before they are registered.
_DECLARING: list[Callable[[RuleInfo], RuleInfo]] = []


def rule(id: str, severity: Severity, summary: str, fix: str, fact: str | None = None,
         why: str = "", bad: str = "", good: str = "", *, source_url: str | None = None,
         help_uri: str | None = None) -> Callable[[Check], Check]:
    """Register a domain rule: its catalogue entry and its check.

    A rule cites what it enforces: a fact of the vendor's guide (`fact`), or an outside source
    (`source_url` and a line of `why`), as cfn-lint rules carry `source_url`."""

    def decorate(check: Check) -> Check:
        info = RuleInfo(id, severity, summary, fix, fact, why, bad, good, stage="rules", source_url=source_url,
                        help_uri=help_uri)
        if _DECLARING:
            info = _DECLARING[-1](info)
        register(info)
        _RULES.append(DomainRule(info, check))
        return check

    return decorate


def domain_rules() -> list[DomainRule]:
    """The built-in rules and the installed plugins' (loaded on first use)."""
    from acdplan.validate.catalogue import ensure_loaded

    ensure_loaded()
    return sorted(_RULES, key=lambda r: r.info.id)
