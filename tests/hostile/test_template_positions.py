"""Issue 14 item 5: a diagnostic in a `.yaml.j2` file points at the line of the template the
user wrote, although loops, comments, blocks and includes move the rendered lines."""

from __future__ import annotations

from acdplan.load import load_spec_folder
from acdplan.validate import validate_path


def write(folder, files: dict[str, str]):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def places(result) -> list[tuple[str, str, int, int]]:
    return [(d.rule, d.file.rsplit("/", 1)[-1], d.line, d.column) for d in result.diagnostics]


def test_loop_comment_and_condition_point_at_the_template_line(tmp_path):
    write(tmp_path, {"skills.yaml.j2": (
        "{# a comment\n"                      # 1
        "   over three lines #}\n"            # 2
        "campaigns:\n"                        # 3
        "  Social: {}\n"                      # 4
        "skills:\n"                           # 5
        "{% for country in countries %}\n"    # 6
        "  IG_{{ country }}:\n"               # 7
        "    campaign: Social\n"              # 8
        "{% if country == 'BE' %}\n"          # 9
        "    popurll: true\n"                 # 10
        "{% endif %}\n"                       # 11
        "    description: on\n"              # 12
        "{% endfor %}\n")})                   # 13
    result = validate_path(tmp_path, {"countries": ["FR", "BE", "DE"]})
    assert sorted(places(result)) == sorted([
        ("SC001", "skills.yaml.j2", 10, 5),  # the unknown field, in the BE iteration only
        ("YM003", "skills.yaml.j2", 12, 18), ("YM003", "skills.yaml.j2", 12, 18), ("YM003", "skills.yaml.j2", 12, 18),
    ])


def test_include_points_into_the_included_file(tmp_path):
    write(tmp_path, {
        "skills.yaml.j2": "# skills\ncampaigns:\n  Social: {}\nskills:\n{% include 'partials/skills.j2' %}\n"
                          "  IG_After:\n    campaign: Nope\n",
        "partials/skills.j2": "  IG_Included:\n    campaign: Social\n\n    bad_field: 1\n",
    })
    result = validate_path(tmp_path)
    assert places(result) == [("SC001", "skills.j2", 4, 5)]  # the schema error stops the rules (RF001 on line 7)
    assert result.diagnostics[0].file.endswith("partials/skills.j2")


def test_yaml_syntax_error_in_a_loop_points_at_the_template(tmp_path):
    write(tmp_path, {"s.yaml.j2": "{% for i in range(3) %}\n{% endfor %}\n\n{# x #}\ncampaigns:\n  Social: {x: 1\n"})
    [diagnostic] = load_spec_folder(tmp_path).diagnostics
    # rendered, the loop's newlines put the end of the text on line 9; the template ends on line 7
    assert (diagnostic.rule, diagnostic.file.rsplit("/", 1)[-1], diagnostic.line) == ("YM001", "s.yaml.j2", 7)


def test_template_errors_inside_an_include_name_the_include(tmp_path):
    write(tmp_path, {"s.yaml.j2": "a: 1\n{% include 'inc.j2' %}\n", "inc.j2": "\n\nb: {{ missing }}\n"})
    [diagnostic] = load_spec_folder(tmp_path).diagnostics
    assert diagnostic.rule == "TP001" and diagnostic.file.endswith("inc.j2") and diagnostic.line == 3


def test_include_cannot_leave_the_spec_folder(tmp_path):
    (tmp_path / "outside.j2").write_text("secret: 1\n")
    write(tmp_path, {"specs/s.yaml.j2": "{% include '../outside.j2' %}\n",
                     "specs/t.yaml.j2": "{% include 'link.j2' %}\n"})
    (tmp_path / "specs" / "link.j2").symlink_to(tmp_path / "outside.j2")
    diagnostics = load_spec_folder(tmp_path / "specs").diagnostics
    assert [d.rule for d in diagnostics] == ["TP001", "TP001"]
    assert "cannot include" in diagnostics[0].message and "leaves the spec folder" in diagnostics[1].message
    assert all("secret" not in d.message for d in diagnostics)
