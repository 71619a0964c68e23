"""Apply a rule's YAML snippet to the base spec (RFC 7386 merge patch) and validate the result.

Each family's test module (test_channels.py for CH, ...) sets `FAMILY` and imports the three
example tests below; conftest.py parametrizes them with that family's rules from the catalogue,
so every rule's failing and fixed snippets (what `acdplan rules ID` shows) are run.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from acdplan import sensitive
from acdplan.validate import validate_path

BASE = Path(__file__).with_name("base.yaml")


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
    return merge_patch(yaml.safe_load(BASE.read_text()), yaml.load(snippet, Loader=_SnippetLoader) or {})


def validate_document(document: dict, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spec.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return validate_path(folder)


def rule_ids(result) -> set[str]:
    return {diagnostic.rule for diagnostic in result.diagnostics}


def findings(tmp_path, snippet: str, rule: str):
    result = validate_document(patched_spec(snippet), tmp_path)
    return [d for d in result.diagnostics if d.rule == rule]


def test_rule_metadata_is_complete(info):
    assert info.summary and info.fix and info.why and info.bad and info.good
    assert info.fact or info.id in ("RF001", "NM001", "NM002", "NM003")  # model rules with no fact of the guide


def test_bad_example_fires_the_rule(info, tmp_path):
    result = validate_document(patched_spec(info.bad), tmp_path)
    assert info.id in rule_ids(result), [(d.rule, d.message) for d in result.diagnostics]


def test_good_example_is_clean(info, tmp_path):
    result = validate_document(patched_spec(info.good), tmp_path)
    assert result.diagnostics == [], [(d.rule, d.message) for d in result.diagnostics]
