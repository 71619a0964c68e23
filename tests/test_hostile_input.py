"""Hostile specs from a pull request: each is refused quickly with a clean diagnostic."""

from __future__ import annotations

import json
import time

from click.testing import CliRunner

from acdplan.cli import main


def validate(path, *extra):
    started = time.monotonic()
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json", *extra])
    elapsed = time.monotonic() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    document = json.loads(result.stdout)
    return result.exit_code, document["diagnostics"], elapsed


def test_billion_laughs_is_refused_before_expansion(tmp_path):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    (tmp_path / "spec.yaml").write_text("\n".join(levels) + "\n")
    code, diagnostics, elapsed = validate(tmp_path)
    assert code == 1 and [d["rule"] for d in diagnostics] == ["YM004"]
    assert "alias" in diagnostics[0]["message"] and elapsed < 1.0


def test_deep_nesting_is_refused(tmp_path):
    for name, text in {"flow.yaml": "[" * 10_000 + "]" * 10_000,
                       "block.yaml": "- " * 10_000 + "x\n"}.items():  # compact block sequences
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        (folder / name).write_text(text)
        code, diagnostics, elapsed = validate(folder)
        assert code == 1 and [d["rule"] for d in diagnostics] == ["YM004"], diagnostics
        assert "nesting deeper than the limit of 64 levels" in diagnostics[0]["message"]
        assert elapsed < 10


def test_a_50_mb_file_is_refused_unread(tmp_path):
    with open(tmp_path / "huge.yaml", "wb") as handle:
        line = b"# padding padding padding padding padding padding padding padding\n"
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    code, diagnostics, elapsed = validate(tmp_path)
    assert code == 1 and [d["rule"] for d in diagnostics] == ["YM004"]
    assert "over the limit of 16,777,216 bytes" in diagnostics[0]["message"]
    assert elapsed < 2


def test_python_tags_construct_nothing(tmp_path):
    marker = tmp_path / "PWNED"
    (tmp_path / "spec.yaml").write_text(f'skills: !!python/object/apply:os.system ["touch {marker}"]\n')
    code, diagnostics, _ = validate(tmp_path)
    assert code == 1 and [d["rule"] for d in diagnostics] == ["YM001"]
    assert "tag" in diagnostics[0]["message"] and (diagnostics[0]["line"], diagnostics[0]["column"]) == (1, 9)
    assert not marker.exists()


def test_template_sandbox_refuses_class_walks(tmp_path):
    (tmp_path / "spec.yaml.j2").write_text("campaigns:\n  X: {description: \"{{ ''.__class__.__mro__ }}\"}\n")
    code, diagnostics, _ = validate(tmp_path)
    assert code == 1 and [d["rule"] for d in diagnostics] == ["TP001"]
    assert diagnostics[0]["line"] == 2


def test_templates_cannot_render_a_gigabyte(tmp_path):
    cases = {
        "multiply": "campaigns:\n  X: {description: \"{{ 'x' * 1000000000 }}\"}\n",
        "loops": "campaigns:\n{% for a in range(100000) %}{% for b in range(100000) %}  C{{a}}_{{b}}: {}\n"
                 "{% endfor %}{% endfor %}",
    }
    for name, text in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "spec.yaml.j2").write_text(text)
        code, diagnostics, elapsed = validate(folder)
        assert code == 1 and [d["rule"] for d in diagnostics] == ["TP001"], diagnostics
        assert "limit" in diagnostics[0]["message"]
        assert elapsed < 15, name


def test_undefined_variable_points_at_the_template_line(tmp_path):
    (tmp_path / "spec.yaml.j2").write_text("campaigns:\n  Social: {}\n  Sales_{{ country }}: {}\n")
    code, diagnostics, _ = validate(tmp_path)
    assert code == 1 and diagnostics[0]["rule"] == "TP001"
    assert "country" in diagnostics[0]["message"] and diagnostics[0]["line"] == 3
    code, diagnostics, _ = validate(tmp_path, "--var", "country=FR")
    assert code == 0 and diagnostics == []
