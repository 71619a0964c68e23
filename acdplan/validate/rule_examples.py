"""A rule's bad and good examples, run: what `acdplan rules --check` does for every domain rule.

An example is a YAML excerpt applied (an RFC 7386 merge patch) on one complete, valid spec
(rule_examples_base.yaml), so it shows only what matters. The bad example must fire its rule; the
good one must not, and must be a spec acdplan can read (no YAML, schema or template error).
Plugins' rules are held to it as the built-in ones are.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from acdplan import sensitive
from acdplan.validate.catalogue import RuleInfo

BASE = Path(__file__).with_name("rule_examples_base.yaml")
_READING_STAGES = ("load", "render", "schema")


def merge_patch(target, patch):
    """RFC 7386: mappings merge recursively, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


class _SnippetLoader(yaml.SafeLoader):
    """A snippet's `!sensitive` value marked as acdplan's loader marks it (NM003's example)."""


def _sensitive(loader, node):
    value = loader.construct_scalar(node)
    sensitive.mark(value)
    return value


_SnippetLoader.add_constructor("!sensitive", _sensitive)


def patched_spec(snippet: str) -> dict:
    return merge_patch(yaml.safe_load(BASE.read_text(encoding="utf-8")), yaml.load(snippet, Loader=_SnippetLoader) or {})


def validate_document(document: dict, folder: Path):
    from acdplan.validate.engine import validate_path

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spec.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return validate_path(folder)


def check_examples(info: RuleInfo) -> list[str]:
    """What is wrong with the rule's examples; empty when the bad one fires it and the good one does not."""
    problems = []
    if not info.bad or not info.good:
        return ["has no " + " and no ".join(n for n, e in (("bad example", info.bad), ("good example", info.good)) if not e)]
    with tempfile.TemporaryDirectory(prefix="acdplan-rule-") as scratch:
        for name, snippet in (("bad", info.bad), ("good", info.good)):
            try:
                document = patched_spec(snippet)
            except yaml.YAMLError as error:
                problems.append(f"its {name} example is not YAML: {error}".splitlines()[0])
                continue
            result = validate_document(document, Path(scratch) / name)
            fired = [d for d in result.diagnostics if d.rule == info.id]
            if name == "bad" and not fired:
                found = ", ".join(sorted({d.rule for d in result.diagnostics})) or "nothing"
                problems.append(f"its bad example does not fire {info.id} (found: {found})")
            if name == "good":
                problems += [f"its good example fires {info.id}: {d.message}" for d in fired]
                unreadable = [d for d in result.diagnostics if d.is_error and _stage(d.rule) in _READING_STAGES]
                problems += [f"its good example is not a readable spec: {d.rule} {d.message}" for d in unreadable]
    return problems


def _stage(rule_id: str) -> str:
    from acdplan.validate.catalogue import get

    info = get(rule_id)
    return info.stage if info else ""
