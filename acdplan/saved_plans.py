"""Saved-plan files: telling one from specs, writing one (redacted, sealed, atomic) and reading
one back whole (size-capped, shape-checked, seal-checked), for `plan -o`, `apply FILE`, `show FILE`."""

from __future__ import annotations

import json
from pathlib import Path

from acdplan import sensitive
from acdplan.plan import Plan
from acdplan.plan.changes import FORMAT_VERSION as PLAN_FORMAT_VERSION
from acdplan.plan.seal import BrokenSeal, check_seal, seal
from acdplan.plan.serialize import plan_from_dict, plan_to_dict

SPEC_SUFFIXES = (".yaml", ".yml", ".j2")


def is_saved_plan(target: Path | str | None) -> bool:
    """A saved plan is a JSON file (what `plan -o` writes); a folder or a YAML file is specs.

    A `.json` file, or anything else that starts like JSON (an object or a list), is taken for a
    plan, so a broken or empty plan file (`{}`, `[]`) is refused as a plan (PL001) instead of
    being planned as an empty spec (deleting everything) or called a bad spec file (YM001)."""
    if not target or not Path(target).is_file() or str(target).endswith(SPEC_SUFFIXES):
        return False
    if str(target).lower().endswith(".json"):
        return True
    try:
        with open(target, "rb") as handle:
            head = handle.read(64).removeprefix(b"\xef\xbb\xbf").lstrip()
    except OSError:
        return False
    return head.startswith((b"{", b"["))


MAX_PLAN_BYTES = 512 * 1024 * 1024


def save_plan(made: Plan, path: Path) -> None:
    from acdplan.state.atomic import atomic_write

    document = seal(sensitive.redact_data(plan_to_dict(made)))  # plan files never hold sensitive values
    atomic_write(Path(path), json.dumps(document, indent=1, sort_keys=False).encode("utf-8"), backup=False)


def load_saved_plan(path: Path | str) -> Plan:
    """A saved plan, checked whole: readable, sealed, and of the shape acdplan writes (else BrokenSeal)."""
    try:
        if Path(path).stat().st_size > MAX_PLAN_BYTES:
            raise BrokenSeal(f"{path} is over {MAX_PLAN_BYTES:,} bytes: not a plan acdplan wrote")
        data = json.loads(Path(path).read_bytes())
    except (OSError, ValueError, RecursionError) as error:
        raise BrokenSeal(f"{path} is not a plan acdplan can read: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("changes"), list) or "state_fingerprint" not in data:
        raise BrokenSeal(f"{path} is not a plan: it has no `changes` list and `state_fingerprint` "
                         f"(write plans with `acdplan plan -o FILE`)")
    version = data.get("format_version", 1)
    if isinstance(version, int) and not isinstance(version, bool) and version > PLAN_FORMAT_VERSION:
        raise BrokenSeal(f"{path} was written by a newer acdplan (plan format_version {version}; this one reads up "
                         f"to {PLAN_FORMAT_VERSION}): apply it with that acdplan, or plan again with this one")
    check_seal(data)
    try:
        return plan_from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BrokenSeal(f"{path} is not a plan acdplan can read: {type(error).__name__} {error}") from None
