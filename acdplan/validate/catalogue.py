"""The rule catalogue: every diagnostic id acdplan can report, with its fact, why, and fix.

Ids are a contract (DOMAIN.md). Domain rules register themselves here from their own module
(`acdplan.validate.rules`); the ids reported by other stages (YAML, schema, templates, plan,
apply) are declared below, so `acdplan rules`, SARIF and JUnit see one catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from acdplan.diagnostics import Severity


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    severity: Severity
    summary: str  # fires when ... (DOMAIN.md's wording)
    fix: str  # what to do about it
    fact: str | None = None  # F-number(s) of the vendor's guide, or None for model/tool rules
    why: str = ""  # the longer explanation shown by `acdplan rules ID`
    bad: str = ""  # a YAML snippet that fires the rule
    good: str = ""  # the same snippet, fixed
    stage: str = "rules"  # load | render | schema | rules | plan | apply

    @property
    def family(self) -> str:
        return self.id[:2]


_CATALOGUE: dict[str, RuleInfo] = {}


def register(info: RuleInfo) -> RuleInfo:
    if info.id in _CATALOGUE:
        raise ValueError(f"rule {info.id} registered twice")
    _CATALOGUE[info.id] = info
    return info


def get(rule_id: str) -> RuleInfo | None:
    _ensure_loaded()
    return _CATALOGUE.get(rule_id.upper())


def all_rules() -> list[RuleInfo]:
    _ensure_loaded()
    return sorted(_CATALOGUE.values(), key=lambda info: info.id)


def _ensure_loaded() -> None:
    import acdplan.validate.rules  # noqa: F401  (registers the domain rules)


for _info in [
    RuleInfo("YM001", Severity.ERROR, "YAML syntax error", "fix the YAML at the position given",
             stage="load", why="The file is not YAML the parser accepts, or uses a tag (`!!python/object`, ...) that plain-data specs do not allow.",
             bad="skills:\n  IG_Direct_FR: {campaign: Social\n", good="skills:\n  IG_Direct_FR: {campaign: Social}\n"),
    RuleInfo("YM002", Severity.ERROR, "a duplicate key in one mapping, or one object declared in two files",
             "keep one declaration and delete the other", stage="load",
             why="YAML parsers silently keep the last of two equal keys; acdplan refuses, so nothing the user wrote is ignored.",
             bad="skills:\n  IG_Direct_FR: {campaign: Social}\n  IG_Direct_FR: {campaign: Sales}\n",
             good="skills:\n  IG_Direct_FR: {campaign: Social}\n"),
    RuleInfo("YM003", Severity.WARNING, "an unquoted yes/no/on/off/y/n: read as text, not a boolean",
             "write true or false, or quote the word if text is meant", stage="load",
             why="Specs are read as YAML 1.2, where only true and false are booleans; YAML 1.1 tools read `yes` as true, so the word is ambiguous.",
             bad="skills:\n  IG_Direct_FR: {campaign: Social, popurl: yes}\n",
             good="skills:\n  IG_Direct_FR: {campaign: Social, popurl: true}\n"),
    RuleInfo("YM004", Severity.ERROR, "input over the limits (alias expansion, nesting depth, file size)",
             "split the file, flatten the nesting, or write the values out instead of aliasing them", stage="load",
             why="Limits keep a hostile pull request (an alias bomb, a 50 MB file) from exhausting the CI machine.",
             bad="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n# ... nine levels of this",
             good="a: [x, x, x]\n"),
    RuleInfo("SC001", Severity.ERROR, "the document breaks the JSON Schema (unknown field, wrong type, missing field)",
             "use the field names and types of the spec format; the message names the closest valid field", stage="schema",
             why="Field shapes come from the JSON Schemas under schema/; unknown fields are refused so a typo never passes silently.",
             bad="skills:\n  IG_Direct_FR: {campain: Social}\n", good="skills:\n  IG_Direct_FR: {campaign: Social}\n"),
    RuleInfo("TP001", Severity.ERROR, "a template fails to render (undefined variable, forbidden operation)",
             "define the variable (environment vars, --var, --var-file) or remove the forbidden expression", stage="render",
             why="Templates render in Jinja2's sandbox with strict undefined variables, so a missing variable is an error, never an empty string.",
             bad="skills:\n  IG_Direct_{{ country }}: {campaign: Social}   # country undefined\n",
             good="skills:\n  IG_Direct_{{ country }}: {campaign: Social}   # with --var country=FR\n"),
    RuleInfo("RQ001", Severity.ERROR, "a routing queue that does not already exist in the tenant is declared",
             "remove the queue, or name an existing one: new routing queues cannot be created, use ACD skills", fact="F14",
             stage="plan", why="Creating routing queues has fully moved to ACD skills; acdplan manages only the filters of queues the tenant already has.",
             bad="routing_queues:\n  New Queue:\n    filters: {Social: {included_channels: [Instagram Direct FR]}}\n",
             good="# route with a digital skill and a Studio script instead\n"),
    RuleInfo("IG001", Severity.WARNING, "an `# acdplan:ignore` comment without rule ids or without a reason",
             "write `# acdplan:ignore ID reason`, e.g. `# acdplan:ignore CH007 channel opens next month`", stage="load",
             why="A silenced finding must say why, so a reviewer can judge it; a comment that cannot be read silences nothing.",
             bad="channels:\n  Chat FR:   # acdplan:ignore CH007\n", good="channels:\n  Chat FR:   # acdplan:ignore CH007 opens in March\n"),
    RuleInfo("PF001", Severity.ERROR, "at apply: the credentials lack Skills - Create / Skills - Edit for a plan that creates or edits skills",
             "give the API user's role the operator permissions Skills - Create and Skills - Edit", fact="F15",
             stage="apply", why="Creating or editing skills needs those two permissions; checking first avoids an apply that fails half-way.",
             bad="# the access key's user has no Skills - Create permission\n", good="# the access key's user has Skills - Create and Skills - Edit\n"),
]:
    register(_info)
