"""Apply a rule's YAML snippet to the base spec (RFC 7386 merge patch) and validate the result."""

from __future__ import annotations

from pathlib import Path

import yaml

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


def patched_spec(snippet: str) -> dict:
    return merge_patch(yaml.safe_load(BASE.read_text()), yaml.safe_load(snippet) or {})


def validate_document(document: dict, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spec.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return validate_path(folder)


def rule_ids(result) -> set[str]:
    return {diagnostic.rule for diagnostic in result.diagnostics}
