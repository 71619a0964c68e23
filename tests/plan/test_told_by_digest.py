"""Issue 23, item 4: kinds told unchanged by their digests (acdplan/digests.py).

The fast path of a cached no-op plan: when the digest of the specs' canonical text of a kind
equals the tenant's and the state's, the kind's changes are made without a document. Whatever
was changed, and wherever (the specs, the tenant behind acdplan's back, the state by hand, the
cache itself), a plan with the cache says exactly what `--no-cache` says; with nothing changed,
no kind is split into documents. Through the CLI as users run it, and the engine for what only
it can show (which kinds were told).
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acdplan import manager
from acdplan.config import load_config, template_variables
from acdplan.digests import kind_digests
from acdplan.encoded import SectionDocuments
from acdplan.load.cache import project_cache, use_parse_cache
from acdplan.plan.changes import Unchanged
from tests.conftest import run_cli

SANDBOX = Path(".acdplan/sandbox.json")
STATE = Path(".acdplan/state/sandbox.json")
DIGESTS = Path(".acdplan/cache/digests")


def canonical(document) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def plans(*extra: str) -> tuple[dict, dict]:
    """The JSON plan with the cache, then with --no-cache, without what differs between two runs."""
    def made(*flags: str) -> dict:
        result = run_cli("plan", "specs", "--format", "json", *extra, *flags)
        assert result.exit_code in (0, 1, 2), result.stdout  # 1: a plan with errors (IM001), still written
        document = json.loads(result.stdout)
        for key in ("plan_id", "created_at", "seal"):
            document.pop(key, None)
        return document
    return made(), made("--no-cache")


def acting(plan: dict) -> list[tuple[str, str]]:
    return sorted((change["address"], change["action"]) for change in plan["changes"]
                  if change["action"] != "noop" or change.get("import"))


@pytest.fixture
def applied(project: Path) -> Path:
    """The example project applied to its sandbox, then planned once (the digests made)."""
    assert run_cli("apply", "specs", "--auto-approve").exit_code == 0
    cached, uncached = plans()
    assert cached == uncached and not acting(cached)
    return project


def engine_plan(project: Path):
    """The plan as the engine makes it with the project's cache (what the CLI does)."""
    previous = use_parse_cache(project_cache(project))
    try:
        environment = load_config(project).environment(None)
        made = manager.plan(project / "specs", environment, template_variables(environment))
    finally:
        use_parse_cache(previous)
    assert isinstance(made, manager.Planned)
    return made.plan


def test_a_no_op_plan_tells_every_kind_by_its_digest_and_splits_none(applied):
    plan = engine_plan(applied)
    assert plan.changes and not plan.has_changes
    assert all(change.__class__ is Unchanged for change in plan.changes)
    kept = {id(change.text): change.text for change in plan.changes}.values()  # each kind's text, kept whole
    assert len(kept) == len({change.kind for change in plan.changes})
    assert all(isinstance(text, SectionDocuments) and not text.split for text in kept)  # no document was made
    assert len(list(applied.joinpath(DIGESTS).glob("*.bin"))) == 2  # the specs' digests and the state's
    first = plan.changes[0]
    assert first.before == json.loads(applied.joinpath(SANDBOX).read_text())["objects"][first.kind][first.name]


def test_without_a_cache_nothing_is_digested(project):
    assert run_cli("apply", "specs", "--auto-approve", "--no-cache").exit_code == 0
    assert run_cli("plan", "specs", "--no-cache").exit_code == 0
    assert not project.joinpath(DIGESTS).exists()


# ----- whatever changed, the cached plan says what --no-cache says -------------------------------
def _rewrite(path: Path, change: Callable[[dict], None], form: Callable[[dict], str] = canonical) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(form(document), encoding="utf-8")


def _first(document: dict, kind: str) -> str:
    return sorted(document["objects"][kind])[0]


def tenant_field_changed(project: Path) -> None:  # drift: a person changed a skill in CXone
    def change(document):
        name = _first(document, "skill")
        document["objects"]["skill"][name]["description"] = "changed by hand"
    _rewrite(project / SANDBOX, change)


def tenant_object_gone(project: Path) -> None:
    def change(document):
        document["objects"]["channel"].pop(_first(document, "channel"))
    _rewrite(project / SANDBOX, change)


def tenant_object_added(project: Path) -> None:  # unmanaged: listed, never touched
    def change(document):
        skills = document["objects"]["skill"]
        skills["ZZ_Hand_Made"] = dict(skills[_first(document, "skill")])
    _rewrite(project / SANDBOX, change)


def tenant_reformatted(project: Path) -> None:  # the same documents, not canonical text: compared one by one
    _rewrite(project / SANDBOX, lambda document: None, lambda document: json.dumps(document, indent=2))


def state_document_edited(project: Path) -> None:  # what acdplan applied, changed by hand
    def change(document):
        address = sorted(a for a in document["resources"] if a.startswith("agent."))[0]
        document["resources"][address]["document"]["digital_engagement"] = False
    _rewrite(project / STATE, change)


def state_entry_forgotten(project: Path) -> None:  # the state no longer manages one object
    def change(document):
        document["resources"].pop(sorted(a for a in document["resources"] if a.startswith("role."))[0])
    _rewrite(project / STATE, change)


def spec_field_changed(project: Path) -> None:
    path = project / "specs" / "skills.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("timeout_seconds: 900", "timeout_seconds: 600", 1),
                    encoding="utf-8")


def spec_object_removed(project: Path) -> None:  # the state has it, the specs do not: deleted
    path = project / "specs" / "agents.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["agents"].pop(sorted(document["agents"])[-1])
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


EDITS = [tenant_field_changed, tenant_object_gone, tenant_object_added, tenant_reformatted, state_document_edited,
         state_entry_forgotten, spec_field_changed, spec_object_removed]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_after_any_edit_the_cached_plan_is_the_uncached_one(applied, edit):
    edit(applied)
    for _ in range(2):  # the second plan finds the digests the first one made of the edited files
        cached, uncached = plans()
        assert cached == uncached
    said = acting(cached) or [diagnostic["rule"] for diagnostic in cached["diagnostics"]]  # IM001: no longer managed
    assert bool(said) is (edit not in (tenant_object_added, tenant_reformatted)), said
    if edit is tenant_object_added:
        assert "skill.ZZ_Hand_Made" in cached["unmanaged"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.sampled_from(EDITS), min_size=1, max_size=3, unique=True))
def test_after_edits_together_the_cached_plan_is_the_uncached_one(applied, chosen):
    snapshot = {path: (applied / path).read_bytes() for path in (SANDBOX, STATE)}
    specs = {path: path.read_bytes() for path in (applied / "specs").iterdir()}
    try:
        for edit in chosen:
            edit(applied)
        cached, uncached = plans()
        assert cached == uncached, [edit.__name__ for edit in chosen]
    finally:  # hypothesis reuses the fixture: the next example starts from the applied project
        for path, content in {**{applied / p: c for p, c in snapshot.items()}, **specs}.items():
            path.write_bytes(content)


# ----- the cache's entries are believed only when acdplan made them ------------------------------
def test_a_keyed_entry_of_another_shape_is_a_miss(applied):
    spec_field_changed(applied)
    digests = kind_digests_of(applied)
    for entry in applied.joinpath(DIGESTS).glob("*.bin"):  # every entry, with the key: junk of every shape
        name = entry.stem
        for junk in ({"skill": "text"}, ["skill"], {1: b"x"}, "x", None):
            digests._entries._write(name, name, [marshal.dumps(junk), b"", b""])
            cached, uncached = plans()
            assert cached == uncached and acting(cached)


def test_an_entry_without_the_key_is_a_miss(applied, monkeypatch, tmp_path_factory):
    tenant_field_changed(applied)
    plans()  # the digests of the changed tenant's state, made with this user's key
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("another-user")))  # another key
    cached, uncached = plans()
    assert cached == uncached and acting(cached)


def test_specs_with_a_sensitive_value_keep_no_digest(project):
    path = project / "specs" / "skills.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "description: Instagram Direct sales questions, French",
        "description: !sensitive Instagram Direct sales questions, French", 1), encoding="utf-8")
    assert run_cli("apply", "specs", "--auto-approve").exit_code == 0
    cached, uncached = plans()
    assert cached == uncached and not acting(cached)
    assert len(list(project.joinpath(DIGESTS).glob("*.bin"))) == 1  # the state's alone


def kind_digests_of(project: Path):
    previous = use_parse_cache(project_cache(project))
    try:
        found = kind_digests()
    finally:
        use_parse_cache(previous)
    assert found is not None
    return found
