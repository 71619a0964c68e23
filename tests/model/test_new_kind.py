"""A kind is declared in one module and picked up everywhere: the count of files docs/DOMAIN.md gives.

In a scratch copy of the package, a `disposition` kind that skills refer to is added by exactly
the files of the first row of docs/DOMAIN.md's "Where a change goes"; then, with no other line
changed, the registry's contract tests pass on the copy, and the command line validates, plans
and applies it on a sandbox in the order its reference gives, with RF001, the name rules and the
providers' coverage (CXone has no adapter for it: unreadable, never planned) knowing it.
"""

from __future__ import annotations

import json
import re

from tests.conftest import REPO_ROOT
from tests.model.scratch import run, scratch_copy

DOMAIN_MD = REPO_ROOT / "docs" / "DOMAIN.md"

DISPOSITION = '''"""Dispositions: what an agent records at the end of a contact; a skill names its default one."""

from __future__ import annotations

from dataclasses import dataclass

from acdplan.model.kinds.base import HandWork, Kind
from acdplan.model.values import construct


@dataclass(frozen=True, slots=True)
class Disposition:
    name: str
    description: str | None = None


KIND = Kind(
    name="disposition", section="dispositions", model=Disposition, label="disposition",
    build=lambda name, data, tenant: construct(Disposition, data, name=name),
    hand=HandWork(create="ACD > Dispositions > Create", update="ACD > Dispositions > {name}",
                  delete="ACD > Dispositions > {name} > Delete"),
)
'''

DISPOSITION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Disposition", "type": "object",
    "additionalProperties": False, "properties": {"description": {"type": "string"}},
}


def _add_section(schema: dict) -> dict:
    schema["properties"]["dispositions"] = {"type": "object", "description": "Dispositions by name.",
                                            "additionalProperties": {"$ref": "disposition.schema.json"}}
    schema["properties"]["import"]["propertyNames"]["enum"].insert(0, "dispositions")
    items = schema["properties"]["removed"]["items"]
    items["pattern"] = items["pattern"].replace("^(", "^(disposition|", 1)
    return schema


def _refer_from_skills(source: str) -> str:
    source = source.replace("    description: str | None = None\n    renamed_from",
                            "    description: str | None = None\n    default_disposition: str | None = None\n    renamed_from", 1)
    return source.replace('refs=(Ref(("campaign",), "campaign"),),',
                          'refs=(Ref(("campaign",), "campaign"), Ref(("default_disposition",), "disposition")),', 1)


def _skill_schema(schema: dict) -> dict:
    schema["properties"]["default_disposition"] = {"type": "string", "description": "Its default disposition."}
    return schema


def _json(change):
    return lambda text: json.dumps(change(json.loads(text)), indent=2) + "\n"


# path in the repository -> (the new text from the old, or the text of a new file)
CHANGES = {
    "acdplan/model/kinds/disposition.py": DISPOSITION,
    "schema/disposition.schema.json": json.dumps(DISPOSITION_SCHEMA, indent=2) + "\n",
    "schema/spec.schema.json": _json(_add_section),
    "acdplan/model/kinds/skill.py": _refer_from_skills,
    "schema/skill.schema.json": _json(_skill_schema),
}

CONTRACT_TESTS = ("tests/__init__.py", "tests/conftest.py", "tests/model/__init__.py", "tests/model/test_kinds.py",
                  "tests/model/test_registry_contract.py")

SPECS = """\
campaigns: {Social: {}}
scripts: {Routing: {}}
dispositions:
  Resolved: {description: closed on first contact}
skills:
  IG_FR: {campaign: Social, default_disposition: Resolved}
"""

CHECK = """
import json
from acdplan.model.kinds import REGISTRY, rank
from acdplan.providers.cxone.kinds import REGISTRY as CXONE_ADAPTERS
from acdplan.providers.coverage import unread_kinds
from acdplan.validate.rules.names import NAMED_SECTIONS
from acdplan.validate.catalogue import all_rules
print(json.dumps({
    "before_skill": rank("disposition") < rank("skill"),
    "named": "dispositions" in NAMED_SECTIONS,
    "rf001": "disposition" in next(r.summary for r in all_rules() if r.id == "RF001"),
    "cxone_unread": "disposition" in unread_kinds({k: a.supports for k, a in CXONE_ADAPTERS.items()}),
}))
"""


def documented_files() -> set[str]:
    row = next(line for line in DOMAIN_MD.read_text(encoding="utf-8").splitlines()
               if line.startswith("| a kind with a reference |"))
    return set(re.findall(r"`([a-z_/.]+\.(?:py|json))`", row))


def test_docs_name_the_files_a_kind_with_a_reference_touches():
    assert documented_files() == set(CHANGES)


def test_a_kind_declared_in_its_module_is_picked_up_everywhere(tmp_path):
    copy = scratch_copy(tmp_path / "repo", CHANGES, tests=CONTRACT_TESTS)
    assert run(copy, "-c", "import acdplan; print(acdplan.__file__)").stdout.startswith(str(copy))

    contract = run(copy, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                   "tests/model/test_registry_contract.py", "tests/model/test_kinds.py")
    assert contract.returncode == 0, contract.stdout[-3000:] + contract.stderr[-2000:]
    collected = run(copy, "-m", "pytest", "-o", "addopts=", "-q", "--collect-only", "-p", "no:randomly",
                    "-p", "no:cacheprovider", "tests/model/test_kinds.py", "tests/model/test_registry_contract.py")
    assert "[disposition]" in collected.stdout  # the per-kind contract ran on the new kind too

    facts = json.loads(run(copy, "-c", CHECK).stdout)
    assert facts == {"before_skill": True, "named": True, "rf001": True, "cxone_unread": True}

    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    (project / "specs" / "tenant.yaml").write_text(SPECS, encoding="utf-8")
    cli = ("-m", "acdplan")
    assert run(copy, *cli, "validate", "specs", cwd=project).returncode == 0

    (project / "specs" / "typo.yaml").write_text("skills:\n  IG_EN: {campaign: Social, default_disposition: Resolvd}\n")
    typo = run(copy, *cli, "validate", "specs", cwd=project)
    assert typo.returncode == 1 and "RF001" in typo.stdout and "did you mean 'Resolved'" in typo.stdout
    (project / "specs" / "typo.yaml").unlink()

    plan = run(copy, *cli, "plan", "--format", "json", "specs", cwd=project)
    assert plan.returncode == 0, plan.stderr
    order = [change["address"] for change in json.loads(plan.stdout)["changes"] if change["action"] == "create"]
    assert order.index("disposition.Resolved") < order.index("skill.IG_FR")

    applied = run(copy, *cli, "apply", "--auto-approve", "specs", cwd=project)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    again = run(copy, *cli, "plan", "specs", cwd=project)
    assert again.returncode == 0 and "No changes" in again.stdout, again.stdout
