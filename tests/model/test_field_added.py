"""Documents are safe to evolve (issue 21, item 2): a field added to a kind with a default plans no
update of the objects that do not set it, against a sandbox and a state written before the field.

Documents drop `None` only, so a plain default (`labels: frozenset = frozenset()`) enters every
object's document: the last test shows the next plan updating every skill. A field declared with
`added(default)` (acdplan/model/evolve.py) stays out of documents at its default.
"""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from acdplan.model.evolve import OMITTED_AT_DEFAULT, added
from acdplan.model.kinds import MANAGED
from acdplan.model.plain import _document_fields, to_document
from tests.conftest import EXAMPLE_SPECS, REPO_ROOT
from tests.model.scratch import run, scratch_copy

# The fields documents carried at their default before `added` existed: objects were applied with
# them, so they stay. Any other field with a default that is not None is declared with `added`.
WRITTEN_AT_DEFAULT = {
    "tenant": {"agent_application", "dynamic_delivery"},
    "skill": {"media", "direction", "personal_connection", "byoc", "sub_skill", "popurl", "accept_reject"},
    "channel": {"type", "account"},
    "role": {"handles_contacts", "admin_permissions", "channels"},
    "routing_queue": {"filters"},
    "agent": {"roles", "application", "digital_engagement", "skills"},
}


@pytest.mark.parametrize("kind", MANAGED, ids=lambda kind: kind.name)
def test_a_new_field_with_a_default_is_declared_with_added(kind):
    for field in dataclasses.fields(kind.model):
        if field.name not in _document_fields(kind.model) or field.metadata.get(OMITTED_AT_DEFAULT):
            continue
        if field.default is None:
            continue  # documents drop None: an object that does not set it keeps its document
        assert field.name in WRITTEN_AT_DEFAULT.get(kind.name, set()), (
            f"{kind.name}.{field.name} has a default that enters every document: the next plan would update "
            f"every {kind.label} applied before it; declare it `{field.name}: ... = added(default)` "
            f"(acdplan/model/evolve.py, docs/DOMAIN.md \"Kinds in the code\")")


def test_added_leaves_the_default_out_and_writes_any_other_value():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Labelled:
        media: str = "digital"
        labels: frozenset[str] = added(frozenset())
        weights: dict[str, int] = added({})

    assert to_document(Labelled()) == {"media": "digital"}
    assert to_document(Labelled(labels=frozenset({"vip", "fr"}), weights={"a": 1})) == {
        "labels": ["fr", "vip"], "media": "digital", "weights": {"a": 1}}
    assert Labelled().weights is not Labelled().weights  # a mutable default is not shared


def _with_labels(declaration: str):
    def change(source: str) -> str:
        source = source.replace("    description: str | None = None\n    renamed_from",
                                f"    description: str | None = None\n    {declaration}\n    renamed_from", 1)
        source = source.replace("from acdplan.model.values import construct, without_defaults",
                                "from acdplan.model.evolve import added\nfrom acdplan.model.values import construct, "
                                "without_defaults", 1)
        return source.replace("    return construct(Skill, data, **given)",
                              "    if data.get('labels') is not None:\n        given['labels'] = frozenset(data['labels'])\n"
                              "    return construct(Skill, data, **given)", 1)
    return change


def _labels_schema(text: str) -> str:
    schema = json.loads(text)
    schema["properties"]["labels"] = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
    return json.dumps(schema, indent=2) + "\n"


def _copy(folder, declaration: str):
    return scratch_copy(folder, {"acdplan/model/kinds/skill.py": _with_labels(declaration),
                                 "schema/skill.schema.json": _labels_schema})


def test_a_field_added_with_a_default_plans_nothing_for_objects_applied_before(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE_SPECS, project / "specs")
    applied = run(REPO_ROOT, "-m", "acdplan", "apply", "--auto-approve", cwd=project)  # this version
    assert applied.returncode == 0, applied.stdout + applied.stderr

    evolved = _copy(tmp_path / "added", "labels: frozenset[str] = added(frozenset())")
    plan = run(evolved, "-m", "acdplan", "plan", cwd=project)
    assert plan.returncode == 0 and "No changes" in plan.stdout, plan.stdout + plan.stderr

    skills = project / "specs" / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("  ") and not line.startswith("   "))
    skills.write_text(text.replace(first + "\n", first + "\n    labels: [vip]\n", 1), encoding="utf-8")
    plan = run(evolved, "-m", "acdplan", "plan", "--format", "json", cwd=project)
    changed = [change["address"] for change in json.loads(plan.stdout)["changes"] if change["action"] != "noop"]
    assert changed == [f"skill.{first.strip().rstrip(':')}"], plan.stdout[:3000]


def test_a_plain_default_would_update_every_object(tmp_path):
    """Why the rule exists: the same field with a plain default enters every skill's document."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE_SPECS, project / "specs")
    assert run(REPO_ROOT, "-m", "acdplan", "apply", "--auto-approve", cwd=project).returncode == 0
    plain = _copy(tmp_path / "plain", "labels: frozenset[str] = frozenset()")
    plan = run(plain, "-m", "acdplan", "plan", "--format", "json", cwd=project)
    updated = {change["address"] for change in json.loads(plan.stdout)["changes"] if change["action"] == "update"}
    assert updated and all(address.startswith("skill.") for address in updated)
