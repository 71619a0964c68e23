"""The parse cache: an unchanged spec file is not parsed again, and any edit, addition or removal
of a file is seen; a corrupt or foreign cache is ignored. Through the CLI, as users run it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import acdplan.load.specset as specset
from acdplan.cli import main
from acdplan.load import load_spec_folder
from acdplan.load.cache import ParseCache, project_cache
from acdplan.load.positions import source_map_from_arrays
from acdplan.load.yaml_source import POSITION_ARRAYS, parse_yaml
from tests.conftest import EXAMPLE_SPECS


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project folder (the working directory) holding a copy of the example specs."""
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files the loader parses (a spy around the real parser: every call still parses)."""
    seen: list[str] = []
    real = specset.parse_yaml

    def counting(text, file, *args, **kwargs):
        seen.append(file)
        return real(text, file, *args, **kwargs)

    monkeypatch.setattr(specset, "parse_yaml", counting)
    return seen


def validate(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["validate", "specs", "--format", "json", *args], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def findings(document: dict) -> list[tuple]:
    return [(d["rule"], d["file"], d["line"], d["column"], d["message"]) for d in document["diagnostics"]]


def entries(project: Path) -> list[Path]:
    return sorted((project / ".acdplan" / "cache" / "parse").glob("*.bin"))


def edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """Change the text without changing its length or modification time (what an mtime cache misses)."""
    assert len(old) == len(new)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


def test_an_unchanged_file_is_read_from_the_cache_not_parsed(project, parses):
    code, first = validate()
    assert code == 0 and len(parses) == 6
    assert len(entries(project)) == 6
    assert (project / ".acdplan" / "cache" / "CACHEDIR.TAG").exists()
    assert (project / ".acdplan" / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    parses.clear()
    code, second = validate()
    assert code == 0 and parses == []
    assert second == first


def test_an_edit_keeping_size_and_mtime_is_seen_at_its_position(project, parses):
    validate()
    skills = project / "specs" / "skills.yaml"
    edit_keeping_size_and_time(skills, "    campaign: Service_Client\n", "    campaigX: Service_Client\n")
    parses.clear()
    code, document = validate()
    assert code == 1
    assert parses == [os.path.join("specs", "skills.yaml")]  # only the edited file is parsed
    line = next(n for n, row in enumerate(skills.read_text().splitlines(), 1) if "campaigX:" in row)
    assert [(f[0], f[1], f[2], f[3]) for f in findings(document) if "campaigX" in f[4]] == [
        ("SC001", os.path.join("specs", "skills.yaml"), line, 5)]
    # and back: the first entry is found again, nothing is parsed
    edit_keeping_size_and_time(skills, "    campaigX: Service_Client\n", "    campaign: Service_Client\n")
    parses.clear()
    assert validate()[0] == 0 and parses == []


def test_positions_from_the_cache_equal_a_fresh_parse(project, parses):
    """A rule error and a parser warning in unchanged files point where a parse without cache points."""
    channels = project / "specs" / "channels.yaml"
    channels.write_text(channels.read_text().replace("    default_skill: MSG_Service_FR\n", "", 1))
    roles = project / "specs" / "roles.yaml"
    roles.write_text(roles.read_text() + "\nnote_for_yaml: yes\n")
    uncached = validate("--no-cache")
    assert not (project / ".acdplan" / "cache").exists()  # --no-cache neither reads nor writes
    cold = validate()
    parses.clear()
    warm = validate()
    assert parses == []
    assert uncached == cold == warm
    rules = {f[0] for f in findings(warm[1])}
    assert "YM003" in rules and len(findings(warm[1])) >= 2


def test_added_and_removed_files_are_seen(project):
    assert validate()[0] == 0
    extra = project / "specs" / "zz-more-skills.yaml"  # after skills.yaml: the second declaration
    extra.write_text("skills:\n  MSG_Service_FR:\n    media: chat\n", encoding="utf-8")
    code, document = validate()
    assert code == 1 and any(f[0] == "YM002" and f[1].endswith("zz-more-skills.yaml") for f in findings(document))
    extra.unlink()
    assert validate()[0] == 0
    (project / "specs" / "skills.yaml").unlink()  # channels and agents now name skills that are gone
    code, document = validate()
    assert code == 1 and findings(document)
    assert (code, findings(document)) == (lambda r: (r[0], findings(r[1])))(validate("--no-cache"))


def test_the_same_text_under_another_name_is_reported_under_that_name(project):
    validate()
    (project / "specs" / "roles.yaml").rename(project / "specs" / "roles-renamed.yaml")
    roles = project / "specs" / "roles-renamed.yaml"
    roles.write_text(roles.read_text(), encoding="utf-8")  # same bytes: the same entry
    roles.write_text(roles.read_text() + "\nflag: no\n", encoding="utf-8")
    validate()  # cached under the new text
    document = validate()[1]
    assert [f[1] for f in findings(document) if f[0] == "YM003"] == [os.path.join("specs", "roles-renamed.yaml")]


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "swapped", "empty"])
def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(project, parses, damage):
    _, expected = validate()
    found = entries(project)
    for path in found:
        blob = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(blob[: len(blob) // 2])
        elif damage == "flip":
            path.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
        elif damage == "foreign":
            path.write_bytes(b"PK\x03\x04 not ours at all" + blob[40:])
        elif damage == "empty":
            path.write_bytes(b"")
    if damage == "swapped":  # whole, well-formed entries, but under each other's names
        blobs = [path.read_bytes() for path in found]
        for path, blob in zip(found, blobs[1:] + blobs[:1], strict=True):
            path.write_bytes(blob)
    parses.clear()
    assert validate() == (0, expected)
    assert len(parses) == 6  # every damaged entry was a miss
    parses.clear()
    assert validate() == (0, expected) and parses == []  # and was rewritten whole


def test_a_read_only_cache_folder_does_not_fail_a_run(project):
    cache = project / ".acdplan" / "cache" / "parse"
    cache.mkdir(parents=True)
    cache.chmod(0o500)
    try:
        code, document = validate()
    finally:
        cache.chmod(0o700)
    assert code == 0 and document == validate("--no-cache")[1]


def test_plan_and_apply_use_the_cache_and_accept_no_cache(project, parses):
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "specs", "--auto-approve"], catch_exceptions=False).exit_code == 0
    assert len(parses) == 6
    parses.clear()
    first = runner.invoke(main, ["plan", "specs", "--detailed-exitcode"], catch_exceptions=False)
    assert first.exit_code == 0 and parses == []
    uncached = runner.invoke(main, ["plan", "specs", "--detailed-exitcode", "--no-cache"], catch_exceptions=False)
    assert uncached.exit_code == 0 and len(parses) == 6 and uncached.stdout == first.stdout
    edit_keeping_size_and_time(project / "specs" / "skills.yaml", "goal_percent: 90", "goal_percent: 80")
    parses.clear()
    changed = runner.invoke(main, ["plan", "specs", "--detailed-exitcode"], catch_exceptions=False)
    assert changed.exit_code == 2 and len(parses) == 1, changed.output


def test_a_template_is_rendered_and_parsed_on_every_run_beside_cached_plain_files(project, parses):
    """Templates render in a bounded child process with their own line map (acdplan/render/budget.py):
    they are not cached, and each change of their variables is seen; the plain files still are."""
    (project / "specs" / "extra.yaml.j2").write_text(
        "campaigns:\n  {{ name }}:\n    description: made by a template\n", encoding="utf-8")
    run = CliRunner().invoke
    assert run(main, ["validate", "specs", "--var", "name=One"], catch_exceptions=False).exit_code == 0
    parses.clear()
    assert run(main, ["validate", "specs", "--var", "name=One"], catch_exceptions=False).exit_code == 0
    assert parses == [os.path.join("specs", "extra.yaml.j2")]
    twice = run(main, ["validate", "specs", "--var", "name=Social", "--format", "json"], catch_exceptions=False)
    assert twice.exit_code == 1 and '"YM002"' in twice.stdout  # Social is also declared in catalog.yaml


def test_the_library_loads_without_a_cache_unless_given_one(tmp_path):
    loaded = load_spec_folder(EXAMPLE_SPECS)
    assert not (tmp_path / ".acdplan").exists()
    cache = project_cache(tmp_path)
    cold = load_spec_folder(EXAMPLE_SPECS, cache=cache)
    warm = load_spec_folder(EXAMPLE_SPECS, cache=ParseCache(cache.directory))
    assert loaded.data == cold.data == warm.data and loaded.spec_hash == cold.spec_hash == warm.spec_hash


YAML_TEXTS = [
    "a: 1\nb: [x, {c: d, e: [1, 2.5, null, true]}]\n",
    "base: &b {x: 1, y: [1, 2]}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n",
    "- 1\n- - 2\n  - {k: v}\n- ''\n",
    "key: yes\n'quoted': \"two\\nlines\"\nempty:\n",
    "dup: 1\ndup: 2\nother: {a: 1}\n",
]


@pytest.mark.parametrize("text", YAML_TEXTS)
def test_position_arrays_replay_to_the_same_source_map(text):
    full = parse_yaml(text, "f.yaml")
    flat = parse_yaml(text, "f.yaml", positions=POSITION_ARRAYS)
    assert flat.data == full.data
    replayed = source_map_from_arrays(flat.data, "f.yaml", *flat.position_arrays)
    assert replayed.keys == full.sources.keys and replayed.values == full.sources.values


scalars = st.one_of(st.integers(-10**6, 10**6), st.text("abcxyz :-", max_size=6), st.booleans(), st.none())
documents = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text("abcdef", min_size=1, max_size=4), children, max_size=4)),
    max_leaves=25)


@settings(max_examples=60, deadline=None)
@given(documents, st.booleans())
def test_position_arrays_replay_any_document(document, flow):
    import yaml

    text = yaml.safe_dump({"root": document}, default_flow_style=flow, sort_keys=False)
    full = parse_yaml(text, "f.yaml")
    flat = parse_yaml(text, "f.yaml", positions=POSITION_ARRAYS)
    replayed = source_map_from_arrays(flat.data, "f.yaml", *flat.position_arrays)
    assert replayed.keys == full.sources.keys and replayed.values == full.sources.values


def test_schema_errors_of_unchanged_files_are_reported_again(project):
    skills = project / "specs" / "skills.yaml"
    skills.write_text(skills.read_text().replace("    campaign: Service_Client\n", "    campain: Service_Client\n", 1))
    uncached = validate("--no-cache")
    cold, warm = validate(), validate()
    assert uncached == cold == warm and uncached[0] == 1
    assert [f[0] for f in findings(warm[1])].count("SC001") == 1


def test_a_tenant_of_valid_unchanged_files_is_not_schema_checked_again(project, monkeypatch):
    import acdplan.validate.schema_check as schema_check

    checked: list[int] = []
    real = schema_check.is_valid_fast
    monkeypatch.setattr(schema_check, "is_valid_fast", lambda data, *a: checked.append(1) or real(data, *a))
    assert validate()[0] == 0 and len(checked) == 6  # each file once, as it is parsed
    checked.clear()
    assert validate()[0] == 0 and checked == []
    assert validate("--no-cache")[0] == 0 and len(checked) == 1  # the merged document, as without a cache


def test_only_a_schema_that_merges_file_by_file_lets_file_verdicts_stand(monkeypatch):
    import acdplan.validate.schema_check as schema_check

    shipped = schema_check.schema_documents()
    assert schema_check.merges_file_by_file()
    for change in ({"required": ["tenant"]}, {"minProperties": 1},
                   {"properties": {**shipped["spec.schema.json"]["properties"], "skills": {"type": "object", "maxProperties": 3}}}):
        documents = {**shipped, "spec.schema.json": {**shipped["spec.schema.json"], **change}}
        monkeypatch.setattr(schema_check, "schema_documents", lambda documents=documents: documents)
        schema_check.merges_file_by_file.cache_clear()
        try:
            assert not schema_check.merges_file_by_file(), change
        finally:
            schema_check.merges_file_by_file.cache_clear()


def test_the_tenant_and_state_files_are_read_anew_by_every_plan(project):
    """The state and sandbox JSON are never cached (read with their documents as text, they are
    faster to read than a cached copy): a change made outside acdplan, even one keeping the
    file's size and time, is seen by the next plan."""
    runner = CliRunner()
    assert runner.invoke(main, ["apply", "specs", "--auto-approve"], catch_exceptions=False).exit_code == 0
    plan = ["plan", "specs", "--detailed-exitcode"]
    assert runner.invoke(main, plan, catch_exceptions=False).exit_code == 0
    assert not list((project / ".acdplan" / "cache" / "parse").glob("json-*.bin"))
    edit_keeping_size_and_time(project / ".acdplan" / "sandbox.json", '"goal_percent":90', '"goal_percent":70')
    drifted = runner.invoke(main, plan, catch_exceptions=False)
    assert drifted.exit_code == 2 and "goal_percent" in drifted.stdout, drifted.output


def test_positions_when_the_entry_is_gone_come_from_the_file_if_unchanged(tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(EXAMPLE_SPECS, specs)
    cache = project_cache(tmp_path)
    load_spec_folder(specs, cache=cache)
    path = ("skills", "MSG_Service_FR", "campaign")
    expected = load_spec_folder(specs).sources.locate(path)
    assert load_spec_folder(specs, cache=cache).sources.locate(path) == expected
    loaded = load_spec_folder(specs, cache=cache)
    shutil.rmtree(cache.directory)
    assert loaded.sources.locate(path) == expected  # parsed again from the unchanged file
    edited = load_spec_folder(specs, cache=cache)
    shutil.rmtree(cache.directory)
    skills = specs / "skills.yaml"
    skills.write_text("# moved down\n" + skills.read_text(), encoding="utf-8")
    assert edited.sources.locate(path) is None  # never a stale place


def test_entries_unused_for_weeks_are_removed_when_a_run_writes(project):
    validate()
    stale = project / ".acdplan" / "cache" / "parse" / ("0" * 64 + ".bin")
    stale.write_bytes(b"an entry of a text no longer in the specs")
    long_ago = stale.stat().st_mtime - 30 * 86_400
    os.utime(stale, (long_ago, long_ago))
    kept = entries(project)
    validate()  # nothing new written: nothing removed
    assert stale.exists()
    (project / "specs" / "roles.yaml").write_text((project / "specs" / "roles.yaml").read_text() + "\n# edited\n")
    validate()
    assert not stale.exists() and set(kept) - {stale} <= set(entries(project))
