"""Issue 20, item 6: a local state of `{}` and journal lines whose operation cannot be carried out
(no path, a path through a scalar) are ST001 naming the file, never a traceback. Through the CLI."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli


def state_folder(project):
    folder = project / ".acdplan" / "state"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def said(*args: str) -> str:
    result = run_cli(*args)  # exceptions not caught: a traceback fails the test
    assert result.exit_code == 1
    return result.stderr


@pytest.mark.parametrize("command", [("plan", "specs"), ("state", "list"), ("apply", "specs", "--auto-approve")])
def test_a_state_of_an_empty_object_is_st001(project, command):
    (state_folder(project) / "sandbox.json").write_text("{}")
    message = said(*command)
    assert "error ST001" in message and "sandbox.json" in message and "`lineage` and `serial` missing" in message


SNAPSHOT = {"format_version": 1, "environment": "sandbox", "lineage": "l-1", "serial": 1, "resources": {},
            "applied_plans": {}}


@pytest.mark.parametrize(("operation", "expected"), [
    ({"op": "set"}, "a set without a path of keys"),
    ({"op": "delete", "path": []}, "a delete without a path of keys"),
    ({"op": "set", "path": ["lineage", "x"], "value": 1}, "goes through 'lineage', which is no object"),
    ({"op": "set", "path": ["resources", "skill.A", "document", "x"], "value": 1}, None),  # fine: made on the way
    ({"op": "frobnicate", "path": ["a"]}, "unknown operation 'frobnicate'"),
    ({"op": "replace", "value": 3}, "a replace without a document"),
    ({"op": "set", "path": [1, 2], "value": 1}, "a set without a path of keys"),
])
@pytest.mark.parametrize("last", [True, False])
def test_a_journal_record_that_cannot_be_carried_out_is_st001(project, operation, expected, last):
    folder = state_folder(project)
    (folder / "sandbox.json").write_text(json.dumps(SNAPSHOT))
    lines = [{"serial": 2, "ops": [operation]}] + ([] if last else [{"serial": 3, "ops": []}])
    (folder / "sandbox.json.journal").write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = run_cli("state", "list")
    if expected is None:
        assert result.exit_code == 0
        return
    assert result.exit_code == 1
    assert "error ST001" in result.stderr and "sandbox.json.journal" in result.stderr and expected in result.stderr
    assert "error ST001" in said("plan", "specs")
