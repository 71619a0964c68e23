"""The example plugin, installed by pip: EX001 runs as a built-in rule does, in every surface users
touch (`acdplan rules`, `--check`, validate in text, JSON and SARIF, `rules:` settings, inline ignores)."""

from __future__ import annotations

import json

from tests.plugins.conftest import acdplan, add_test_skill

SOURCE = "https://github.com/acdplan/acdplan/tree/main/examples/acdplan-rules-example#ex001"


def test_acdplan_rules_lists_and_explains_the_plugin_rule(example_plugin, plugin_project):
    listed = acdplan(plugin_project, "rules", sites=(example_plugin,))
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith("EX001"))
    assert "a skill whose name contains TEST" in row and "[plugin acdplan-rules-example]" in row and "source" in row
    explained = acdplan(plugin_project, "rules", "EX001", sites=(example_plugin,))
    assert f"Source: {SOURCE}" in explained.stdout and "Plugin: acdplan-rules-example" in explained.stdout
    assert "IG_TEST_FR" in explained.stdout  # the bad example
    record = json.loads(acdplan(plugin_project, "rules", "EX001", "--format", "json", sites=(example_plugin,)).stdout)
    assert record["plugin"] == "acdplan-rules-example" and record["source_url"] == SOURCE and record["fact"] is None


def test_rules_check_runs_the_plugin_rule_examples(example_plugin, plugin_project):
    checked = acdplan(plugin_project, "rules", "--check", sites=(example_plugin,))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "EX001 (plugin acdplan-rules-example): ok" in checked.stdout
    assert "SK001: ok" in checked.stdout  # the built-in rules' examples still hold with the plugin installed


def test_without_the_plugin_ex001_is_unknown(plugin_project):
    assert acdplan(plugin_project, "rules", "EX001").returncode == 1


def test_ex001_fires_on_the_example_tenant_in_text_markdown_json_and_sarif(example_plugin, plugin_project):
    clean = acdplan(plugin_project, "validate", sites=(example_plugin,))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    add_test_skill(plugin_project)
    text = acdplan(plugin_project, "validate", sites=(example_plugin,))
    assert text.returncode == 1
    assert "specs/skills.yaml:4:3: error EX001 skill 'IG_TEST_FR' is a test skill" in text.stdout
    markdown = acdplan(plugin_project, "validate", "--format", "markdown", sites=(example_plugin,)).stdout
    assert f"- **error** [EX001](<{SOURCE}>) `specs/skills.yaml:4:3` skill 'IG&#95;TEST&#95;FR' is a test skill" in markdown
    found = json.loads(acdplan(plugin_project, "validate", "--format", "json", sites=(example_plugin,)).stdout)
    (ex001,) = [d for d in found["diagnostics"] if d["rule"] == "EX001"]
    assert (ex001["file"].endswith("skills.yaml"), ex001["line"], ex001["severity"]) == (True, 4, "error")
    sarif = json.loads(acdplan(plugin_project, "validate", "--format", "sarif", sites=(example_plugin,)).stdout)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    index = next(i for i, rule in enumerate(rules) if rule["id"] == "EX001")
    assert rules[index]["helpUri"] == SOURCE  # its own, not docs/rules.md
    assert rules[index]["properties"]["plugin"] == "acdplan-rules-example"
    assert rules[index]["properties"]["source_url"] == SOURCE
    (result,) = [r for r in run["results"] if r["ruleId"] == "EX001"]
    assert result["ruleIndex"] == index and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 3}


def test_rules_settings_and_inline_ignores_apply_to_plugin_rules(example_plugin, plugin_project):
    add_test_skill(plugin_project)
    (plugin_project / "acdplan.yaml").write_text("rules:\n  EX001: warning\n", encoding="utf-8")
    downgraded = acdplan(plugin_project, "validate", sites=(example_plugin,))
    assert downgraded.returncode == 0 and "warning EX001" in downgraded.stdout
    (plugin_project / "acdplan.yaml").write_text("rules:\n  EX001: off\n", encoding="utf-8")
    off = acdplan(plugin_project, "validate", sites=(example_plugin,))
    assert off.returncode == 0 and "EX001" not in off.stdout
    (plugin_project / "acdplan.yaml").unlink()
    skills = plugin_project / "specs" / "skills.yaml"
    skills.write_text(skills.read_text().replace("IG_TEST_FR: {campaign: Social}",
                                                 "IG_TEST_FR: {campaign: Social}  # acdplan:ignore EX001 pilot until May"))
    ignored = acdplan(plugin_project, "validate", sites=(example_plugin,))
    assert ignored.returncode == 0 and "EX001" not in ignored.stdout and "IG001" not in ignored.stdout


def test_rules_settings_name_a_plugin_rule_only_when_it_is_installed(plugin_project):
    (plugin_project / "acdplan.yaml").write_text("rules:\n  EX001: off\n", encoding="utf-8")
    result = acdplan(plugin_project, "validate")
    assert result.returncode == 1 and "EX001 is no rule id" in result.stderr + result.stdout
