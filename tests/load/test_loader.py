"""The loader: exact positions for every diagnostic family, YAML 1.2 scalars, both parsers equal."""

from __future__ import annotations

from acdplan.load import load_spec_folder
from acdplan.load.yaml_source import parse_yaml
from acdplan.validate import validate_path
from tests.conftest import EXAMPLE_SPECS


def test_syntax_error_position():
    parsed = parse_yaml("skills:\n  A: {campaign: x\n", "s.yaml")
    [diagnostic] = parsed.diagnostics
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("YM001", 3, 1)


def test_duplicate_key_in_one_mapping_names_both_lines():
    parsed = parse_yaml("skills:\n  A: {campaign: x}\n  B: {}\n  A: {campaign: y}\n", "s.yaml")
    [diagnostic] = parsed.diagnostics
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("YM002", 4, 3)
    assert "first defined at line 2" in diagnostic.message
    assert (diagnostic.related[0].line, diagnostic.related[0].column) == (2, 3)


def test_same_object_in_two_files_names_both_files(tmp_path):
    (tmp_path / "a.yaml").write_text("campaigns:\n  Social: {}\n")
    (tmp_path / "b.yaml").write_text("# second\ncampaigns:\n  Sales: {}\n  Social: {}\n")
    spec = load_spec_folder(tmp_path)
    [diagnostic] = spec.diagnostics
    assert diagnostic.rule == "YM002" and diagnostic.file.endswith("b.yaml")
    assert (diagnostic.line, diagnostic.column) == (4, 3)
    assert "a.yaml:2:3" in diagnostic.message and diagnostic.related[0].file.endswith("a.yaml")
    assert spec.data["campaigns"] == {"Social": {}, "Sales": {}}


def test_yaml_1_1_booleans_stay_text_with_a_warning():
    parsed = parse_yaml("a: yes\nb: 'no'\nc: On\nd: true\n", "s.yaml")
    assert parsed.data == {"a": "yes", "b": "no", "c": "On", "d": True}
    assert [(d.rule, d.line, d.column) for d in parsed.diagnostics] == [("YM003", 1, 4), ("YM003", 3, 4)]


def test_no_sexagesimals_or_timestamps():
    parsed = parse_yaml("a: 10:00\nb: 2026-11-24\nc: 0o17\nd: 0x1F\ne: 1_000\n", "s.yaml")
    assert parsed.data == {"a": "10:00", "b": "2026-11-24", "c": 15, "d": 31, "e": "1_000"}


def test_merge_keys():
    parsed = parse_yaml("base: &b {campaign: Social, popurl: false}\nskill:\n  <<: *b\n  popurl: true\n", "s.yaml")
    assert parsed.data["skill"] == {"campaign": "Social", "popurl": True}
    assert parsed.diagnostics == []


def test_schema_error_points_at_the_unknown_key(tmp_path):
    (tmp_path / "skills.yaml").write_text("skills:\n  IG_FR:\n    campaign: Social\n    popurll: true\n")
    result = validate_path(tmp_path)
    [diagnostic] = result.diagnostics
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("SC001", 4, 5)
    assert "did you mean 'popurl'?" in diagnostic.message


def test_wrong_enum_points_at_the_value(tmp_path):
    (tmp_path / "skills.yaml").write_text("skills:\n  IG_FR:\n    campaign: Social\n    media: digitl\n")
    [diagnostic] = validate_path(tmp_path).diagnostics
    assert (diagnostic.line, diagnostic.column) == (4, 12) and "did you mean 'digital'?" in diagnostic.message


def test_every_schema_violation_is_reported_in_order(tmp_path):
    (tmp_path / "s.yaml").write_text("skills:\n  A: {campain: x, media: 3}\nchannels:\n  C: {type: fax}\n")
    rows = [(d.rule, d.line) for d in validate_path(tmp_path).diagnostics]
    assert rows == [("SC001", 2), ("SC001", 2), ("SC001", 4), ("SC001", 4)]


def test_both_parsers_read_the_example_specs_alike():
    for path in sorted(EXAMPLE_SPECS.glob("*.yaml")):
        text = path.read_bytes()
        fast, pure = parse_yaml(text, path.name), parse_yaml(text, path.name, pure=True)
        assert fast.data == pure.data and fast.sources == pure.sources and fast.diagnostics == pure.diagnostics


def test_not_utf8_is_a_clean_error(tmp_path):
    (tmp_path / "s.yaml").write_bytes(b"campaigns:\n  S\xe9: {}\n")
    [diagnostic] = load_spec_folder(tmp_path).diagnostics
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("YM001", 2, 4)
