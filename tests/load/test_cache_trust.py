"""Issue 20, item 2: nothing outside acdplan's own making is trusted as a parse cache.

A pull request can commit files under `.acdplan/cache/` (`git add -f`): whatever is there,
`validate` and `plan` say exactly what they say with `--no-cache`. Entries are authenticated
with a key kept outside the working tree, never followed through symlinks, read with a bound.
Through the CLI, as users run it.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import stat
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acdplan.load import cache as cache_module
from acdplan.load.cache import MAGIC, project_cache
from acdplan.load.cache_key import KEY_FILE, key_folder
from acdplan.load.yaml_source import Limits
from tests.conftest import run_cli

_PART = struct.Struct("<Q16s")


def entry_name(project: Path, spec: str) -> str:
    return project_cache(project).key((project / "specs" / spec).read_bytes(), Limits())


def entry_path(project: Path, spec: str) -> Path:
    return project / ".acdplan" / "cache" / "parse" / f"{entry_name(project, spec)}.bin"


def forged_entry(name: str, data, diagnostics=(), schema_valid=True, checksum=None) -> bytes:
    """An entry laid out as acdplan lays them out, checksummed as a forger can (no key)."""
    checksum = checksum or (lambda index, part: hashlib.blake2b(part, digest_size=16).digest())
    diagnostics = list(diagnostics) if isinstance(diagnostics, (list, tuple)) else diagnostics
    parts = [marshal.dumps((data, diagnostics, schema_valid)), b"", b""]
    return (MAGIC + name.encode() + b"".join(_PART.pack(len(p), checksum(i, p)) for i, p in enumerate(parts))
            + b"".join(parts))


def outputs(*command: str) -> tuple[tuple[int, str], tuple[int, str]]:
    """(exit code, stdout) of the command with the cache, then with --no-cache (a JSON plan without
    what differs between any two runs: its id and time)."""
    cached = run_cli(*command)
    uncached = run_cli(*command, "--no-cache")
    return (cached.exit_code, _comparable(cached.stdout)), (uncached.exit_code, _comparable(uncached.stdout))


def _comparable(stdout: str) -> str:
    if command_is_plan := stdout.startswith("{") and '"plan_id"' in stdout:
        document = json.loads(stdout)
        for key in ("plan_id", "created_at", "seal"):
            document.pop(key, None)
        return json.dumps(document, indent=1) if command_is_plan else stdout
    return stdout


@pytest.fixture
def warm(project: Path) -> Path:
    """The example project, validated once so every spec file has its genuine entry."""
    assert run_cli("validate", "specs").exit_code == 0
    assert entry_path(project, "channels.yaml").is_file()
    return project


def genuine_data(project: Path) -> dict:
    import yaml

    return yaml.safe_load((project / "specs" / "channels.yaml").read_text(encoding="utf-8"))


def test_a_committed_entry_adding_an_object_is_not_planned(warm):
    data = genuine_data(warm)
    first = next(iter(data["channels"].values()))
    data["channels"]["Forged Channel"] = dict(first)
    name = entry_name(warm, "channels.yaml")
    entry_path(warm, "channels.yaml").write_bytes(forged_entry(name, data))
    (cached, uncached) = outputs("plan", "specs", "--format", "json")
    assert "Forged Channel" not in cached[1]
    assert cached == uncached


def test_a_committed_entry_hiding_a_duplicate_key_or_a_schema_error_does_not_pass_validate(warm):
    channels = warm / "specs" / "channels.yaml"
    text = channels.read_text(encoding="utf-8")
    channels.write_text(text.replace("    sla: global                     # \"YES\"",
                                     "    sla: global\n    sla: global\n    colour: blue  #", 1), encoding="utf-8")
    entry_path(warm, "channels.yaml").write_bytes(forged_entry(entry_name(warm, "channels.yaml"), genuine_data(warm)))
    (cached, uncached) = outputs("validate", "specs", "--format", "json")
    rules = {d["rule"] for d in json.loads(cached[1])["diagnostics"]}
    assert {"YM002", "SC001"} <= rules
    assert cached == uncached and cached[0] == 1


def test_an_entry_linked_to_dev_zero_is_not_read(warm):
    entry = entry_path(warm, "channels.yaml")
    entry.unlink()
    entry.symlink_to("/dev/zero")
    (cached, uncached) = outputs("validate", "specs", "--format", "json")
    assert cached == uncached and cached[0] == 0


def test_a_huge_regular_entry_is_not_read_whole(warm):
    import tracemalloc

    entry = entry_path(warm, "channels.yaml")
    with open(entry, "r+b") as handle:
        handle.truncate(256 * 1024 * 1024)  # sparse: no disk used
    tracemalloc.start()
    try:
        (cached, uncached) = outputs("validate", "specs", "--format", "json")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert cached == uncached
    assert peak < 64 * 1024 * 1024


def test_a_linked_cache_folder_is_neither_written_nor_read(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / ".acdplan").mkdir()
    (project / ".acdplan" / "cache").symlink_to(elsewhere, target_is_directory=True)
    (cached, uncached) = outputs("validate", "specs", "--format", "json")
    assert cached == uncached
    assert list(elsewhere.iterdir()) == []


def test_a_linked_acdplan_folder_is_not_written_through(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / ".acdplan").symlink_to(elsewhere, target_is_directory=True)
    assert run_cli("validate", "specs").exit_code == 0
    assert list(elsewhere.iterdir()) == []


def test_the_key_lives_outside_the_working_tree_private_to_its_user(warm):
    key = key_folder() / KEY_FILE
    assert key.is_file() and warm not in key.resolve().parents
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700


def test_a_key_inside_the_project_turns_the_cache_off(project, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / ".cache"))
    assert run_cli("validate", "specs").exit_code == 0
    assert not (project / ".acdplan" / "cache" / "parse").exists() or \
        not list((project / ".acdplan" / "cache" / "parse").glob("*.bin"))


def test_a_key_readable_by_others_is_not_used(project, monkeypatch, tmp_path_factory):
    folder = tmp_path_factory.mktemp("loose-key")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    (folder / "acdplan").mkdir()
    (folder / "acdplan" / KEY_FILE).write_bytes(b"k" * 32)
    os.chmod(folder / "acdplan" / KEY_FILE, 0o644)
    assert run_cli("validate", "specs").exit_code == 0
    assert not list((project / ".acdplan" / "cache" / "parse").glob("*.bin"))


# ----- entries of any shape, made with the key itself or not ----------------------------------
def _keyed(name: str):
    from acdplan.load.cache_key import cache_key

    secret = cache_key(Path.cwd() / ".acdplan" / "cache")
    return lambda index, part: cache_module._checksum(secret, name, index, part)


odd_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5) | st.binary(max_size=5)
    | st.complex_numbers(allow_nan=False),
    lambda children: st.lists(children, max_size=3) | st.tuples(children, children)
    | st.frozensets(st.integers(), max_size=3) | st.dictionaries(st.text(max_size=3) | st.integers(), children,
                                                              max_size=3),
    max_leaves=8)


@st.composite
def forgeries(draw):
    """(spec file, how to put the forgery in place)."""
    spec = draw(st.sampled_from(["channels.yaml", "skills.yaml", "tenant.yaml"]))
    form = draw(st.sampled_from(["bytes", "unkeyed", "keyed_odd", "symlink", "fifo", "folder", "truncated"]))
    payload = draw(odd_values)
    if form == "keyed_odd":  # made with the key, so believed; data of types no parse makes is still a miss
        payload = draw(st.sets(st.integers(), max_size=3) | st.tuples(st.integers()) | st.integers() | st.text()
                       | st.binary() | st.frozensets(st.integers(), max_size=2) | st.complex_numbers(allow_nan=False))
    diagnostics = draw(st.lists(odd_values, max_size=2)) if form != "keyed_odd" else draw(
        st.sampled_from([[], None, 3, "x", [("YM002",)], [None]]))
    noise = draw(st.binary(max_size=64))

    def place(project: Path) -> None:
        path = entry_path(project, spec)
        name = entry_name(project, spec)
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        elif path.exists() or path.is_symlink():
            path.unlink()
        if form == "bytes":
            path.write_bytes(MAGIC + name.encode() + noise)
        elif form == "unkeyed":
            path.write_bytes(forged_entry(name, payload, diagnostics))
        elif form == "keyed_odd":  # an entry made with the key, holding what no parse makes: a miss
            path.write_bytes(forged_entry(name, payload, diagnostics, draw_valid(noise), checksum=_keyed(name)))
        elif form == "symlink":
            path.symlink_to(random_target(noise))
        elif form == "fifo":
            os.mkfifo(path)
        elif form == "folder":
            path.mkdir()
        else:
            genuine = forged_entry(name, payload, diagnostics, checksum=_keyed(name))
            path.write_bytes(genuine[: len(genuine) - 1 - len(noise) % 7])
    return spec, form, place


def draw_valid(noise: bytes):
    return [True, False, 3, None, "yes"][len(noise) % 5]


def random_target(noise: bytes) -> str:
    return ["/dev/zero", "/dev/urandom", "/etc/passwd", "/nonexistent", "."][len(noise) % 5]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(forgery=forgeries())
def test_whatever_the_cache_holds_validate_says_what_no_cache_says(warm, forgery):
    spec, form, place = forgery
    for earlier in (warm / ".acdplan" / "cache" / "parse").iterdir():  # one forgery at a time
        earlier.rmdir() if earlier.is_dir() and not earlier.is_symlink() else earlier.unlink()
    place(warm)
    (cached, uncached) = outputs("validate", "specs", "--format", "json")  # never a traceback (item 6)
    assert cached == uncached, (spec, form)


def test_whatever_the_cache_holds_plan_says_what_no_cache_says(warm):
    for spec in ("channels.yaml", "skills.yaml"):
        name = entry_name(warm, spec)
        entry_path(warm, spec).write_bytes(forged_entry(name, {"channels": {"X": {"type": 3}}}, [("YM999",)],
                                                        checksum=_keyed(name)))
    (cached, uncached) = outputs("plan", "specs", "--format", "json")
    assert cached == uncached and cached[0] == 0
