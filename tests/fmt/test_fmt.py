"""acdplan fmt: one layout, comments and data kept, idempotent, --check for CI, clean errors."""

from __future__ import annotations

import re
import shutil

import yaml
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from acdplan.cli import main
from acdplan.fmt import FormatError, format_text
from tests.conftest import EXAMPLE_SPECS

MESSY = """# head comment
skills:
    IG_FR:   # inline
        campaign:    Social
        media: "digital"   \n\n\n
    # between
    WA_FR: {campaign: Social,   popurl: true}
    X:
      description: |
        line   \n\n
        # not a comment
roles:
  R:
    admin_permissions:
    - a
    - b   # c
"""
CANONICAL = """# head comment
skills:
  IG_FR:     # inline
    campaign: Social
    media: "digital"

  # between
  WA_FR: {campaign: Social, popurl: true}
  X:
    description: |
      line   \n\n
      # not a comment
roles:
  R:
    admin_permissions:
      - a
      - b # c
"""


def run(*args):
    return CliRunner().invoke(main, list(args))


def comments(text: str) -> list[str]:
    return [match.strip() for match in re.findall(r"#[^\n]*", text) if "not a comment" not in match]


def test_rewrites_to_the_canonical_layout_keeping_comments_and_data(tmp_path):
    path = tmp_path / "skills.yaml"
    path.write_text(MESSY)
    result = run("fmt", str(path))
    assert result.exit_code == 0 and result.stdout == f"{path}\n"
    assert path.read_text() == CANONICAL
    assert comments(CANONICAL) == comments(MESSY)
    assert yaml.safe_load(CANONICAL) == yaml.safe_load(MESSY)
    assert run("fmt", str(path)).stdout == ""  # idempotent


def test_check_changes_nothing_and_fails_on_unformatted_files(tmp_path):
    path = tmp_path / "skills.yaml"
    path.write_text(MESSY)
    checked = run("fmt", "--check", "--diff", str(tmp_path))
    assert checked.exit_code == 1 and path.read_text() == MESSY
    assert "+  WA_FR: {campaign: Social, popurl: true}" in checked.stdout
    path.write_text(CANONICAL)
    assert run("fmt", "--check", str(tmp_path)).exit_code == 0


def test_the_example_specs_are_canonical_and_the_default_is_the_project_folder(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLE_SPECS, tmp_path / "specs")
    (tmp_path / "specs" / "extra.yaml.j2").write_text("skills:\n    {{ name }}:   {campaign: Social}\n")
    monkeypatch.chdir(tmp_path)
    result = run("fmt", "--check")
    assert result.exit_code == 0, result.output
    assert "0 of 6 files need formatting" in result.stderr  # the template is Jinja, left alone


def test_unreadable_yaml_is_a_diagnostic_not_a_traceback(tmp_path):
    (tmp_path / "bad.yaml").write_text("skills:\n  a: [1, 2\n")
    (tmp_path / "dup.yaml").write_text("a: 1\na: 2\n")
    result = run("fmt", str(tmp_path))
    assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert re.search(r"bad\.yaml:3:1: error YM001 not formatted", result.stderr), result.stderr
    assert "dup.yaml:2:1: error YM001 not formatted" in result.stderr
    assert (tmp_path / "bad.yaml").read_text() == "skills:\n  a: [1, 2\n"


KEYS = st.text(alphabet="abcXYZ_-. é#:", min_size=1, max_size=8)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(KEYS, inner, max_size=4)), max_leaves=20)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(KEYS, DATA, min_size=1, max_size=4), st.sampled_from([0, 1]), st.integers(1, 6))
def test_any_document_keeps_its_data_and_is_stable(data, flow, indent):
    text = yaml.safe_dump(data, default_flow_style=bool(flow) and None, indent=indent + 1, allow_unicode=True)
    try:
        once = format_text(text)
    except FormatError:  # ruamel.yaml fails on some plain scalars (`._`, `-_`): refused (next test), never corrupted
        assume(False)
    assert yaml.safe_load(once) == yaml.safe_load(text)  # (PyYAML itself writes U+0085 raw and reads a space)
    assert format_text(once) == once


def test_what_ruamel_cannot_read_is_refused_not_corrupted(tmp_path):
    for text in ("._: 1\n", "-_: 1\n"):
        (tmp_path / "odd.yaml").write_text(text)
        result = run("fmt", str(tmp_path))
        assert result.exit_code == 1 and "odd.yaml:1:1: error YM001 not formatted" in result.stderr
        assert (tmp_path / "odd.yaml").read_text() == text


# Issue 20 item 7: fmt keeps tags and every plain scalar as written.
AS_WRITTEN = """skills:
  IG_FR:
    campaign: Social
    description: ~
    sub_skill: yes
    popurl: True
    service_level: {goal_percent: +80, threshold_seconds: 0x3C}
    agent_response_countdown_seconds: 1_200
    offset: -0
    ratio: 1.50
channels:
  WhatsApp FR:
    account: {id: !sensitive "33170000000"}
  Email:
    account:
      id: !sensitive sav@example.com
      other: !sensitiv%65 "x"
"""


def test_fmt_keeps_tags_and_scalars_as_written():
    assert format_text(AS_WRITTEN) == AS_WRITTEN
    messy = AS_WRITTEN.replace("description: ~", "description:    ~").replace("offset: -0", "offset:   -0")
    assert format_text(messy) == AS_WRITTEN


def test_fmt_cli_on_a_sensitive_spec(tmp_path):
    spec = tmp_path / "channels.yaml"
    spec.write_text("channels:\n  WA:\n    account:     {id: !sensitive '331'}\n    n: +12\n")
    result = CliRunner().invoke(main, ["fmt", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert spec.read_text() == "channels:\n  WA:\n    account: {id: !sensitive '331'}\n    n: +12\n"
    assert CliRunner().invoke(main, ["fmt", "--check", str(tmp_path)]).exit_code == 0
