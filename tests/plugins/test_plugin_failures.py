"""A plugin that cannot be loaded, clashes, or fails: one clear diagnostic naming the plugin, never a
traceback, never silently skipped (docs/PLUGINS.md)."""

from __future__ import annotations

import pytest

from tests.plugins.conftest import acdplan, add_test_skill, write_plugin

GOOD_RULE = '''
from acdplan.plugin import Finding, Severity, rule

@rule("{id}", Severity.ERROR, "a skill named TEST", "rename it", why="a house rule",
      bad="skills:\\n  IG_TEST_FR: {{campaign: Social}}\\n", good="skills:\\n  IG_Direct_FR: {{campaign: Social}}\\n")
def check(context):
    for name in context.spec.skills:
        if "TEST" in name:
            yield Finding(("skills", name), "a test skill")
'''

RAISING_RULE = '''
from acdplan.plugin import Finding, Severity, rule

@rule("BR001", Severity.WARNING, "every skill, then a crash", "nothing", why="a broken plugin")
def check(context):
    for name in context.spec.skills:
        yield Finding(("skills", name), "seen")
    raise KeyError("nam")
'''


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("command", [("validate",), ("rules",), ("plan",)])
def test_a_plugin_that_fails_to_import_stops_the_run_naming_the_package(make_plugin, plugin_project, command):
    site = make_plugin("acdplan-rules-broken", "import acdplan_no_such_module\n")
    result = acdplan(plugin_project, *command, sites=(site,))
    assert result.returncode == 1
    _no_traceback(result)
    assert "CF003" in result.stderr
    assert "rule plugin acdplan-rules-broken (entry point rules = acdplan_rules_broken) cannot be imported: " \
           "ModuleNotFoundError: No module named 'acdplan_no_such_module'" in result.stderr


def test_an_entry_point_naming_no_module_is_an_error_too(make_plugin, plugin_project):
    site = make_plugin("acdplan-rules-typo", "", entry_point="acdplan_rules_tpyo")
    result = acdplan(plugin_project, "validate", sites=(site,))
    assert result.returncode == 1 and "rule plugin acdplan-rules-typo" in result.stderr
    _no_traceback(result)


def test_a_clash_with_a_built_in_id_names_both(make_plugin, plugin_project):
    site = make_plugin("acdplan-rules-clash", GOOD_RULE.format(id="SK001"))
    result = acdplan(plugin_project, "validate", sites=(site,))
    assert result.returncode == 1
    _no_traceback(result)
    assert "CF003" in result.stderr and "rule plugin acdplan-rules-clash" in result.stderr
    assert "rule SK001 clashes with the built-in rule SK001" in result.stderr


def test_a_built_in_family_prefix_is_not_a_plugin_prefix(make_plugin, plugin_project):
    site = make_plugin("acdplan-rules-prefix", GOOD_RULE.format(id="SK901"))
    result = acdplan(plugin_project, "rules", sites=(site,))
    assert result.returncode == 1 and "uses the prefix SK of the built-in rule" in result.stderr


def test_a_clash_between_two_plugins_names_both(make_plugin, tmp_path, plugin_project):
    first = make_plugin("acdplan-rules-alpha", GOOD_RULE.format(id="HX001"))
    second = write_plugin(tmp_path / "site2", "acdplan-rules-beta", GOOD_RULE.format(id="HX001"))
    result = acdplan(plugin_project, "validate", sites=(first, second))
    assert result.returncode == 1
    _no_traceback(result)
    assert ("rule plugin acdplan-rules-beta (entry point rules = acdplan_rules_beta): rule HX001 clashes with "
            "the rule of plugin acdplan-rules-alpha HX001") in result.stderr


def test_an_id_that_is_no_plugin_id_is_refused(make_plugin, plugin_project):
    site = make_plugin("acdplan-rules-badid", GOOD_RULE.format(id="test-1"))
    result = acdplan(plugin_project, "validate", sites=(site,))
    assert result.returncode == 1 and "rule id 'test-1' is not a plugin rule id" in result.stderr


def test_a_rule_that_raises_becomes_one_diagnostic_naming_plugin_and_rule(make_plugin, plugin_project):
    site = make_plugin("acdplan-rules-crash", RAISING_RULE)
    result = acdplan(plugin_project, "validate", sites=(site,))
    assert result.returncode == 1
    _no_traceback(result)
    lines = [line for line in result.stdout.splitlines() if "BR001" in line]
    assert len(lines) == 1  # its partial findings are dropped: one diagnostic, not a half list
    assert "PG001" in lines[0]
    assert "rule BR001 of plugin acdplan-rules-crash failed, so its findings are missing: KeyError: 'nam'" in lines[0]
    (plugin_project / "acdplan.yaml").write_text("rules:\n  BR001: off\n", encoding="utf-8")
    set_aside = acdplan(plugin_project, "validate", sites=(site,))
    assert set_aside.returncode == 0 and "BR001" not in set_aside.stdout  # turned off: not run at all


def test_a_rule_that_yields_something_else_than_a_finding_fails_the_same_way(make_plugin, plugin_project):
    site = make_plugin("acdplan-rules-odd", RAISING_RULE.replace('yield Finding(("skills", name), "seen")',
                                                                  'yield "seen"').replace('raise KeyError("nam")', ""))
    result = acdplan(plugin_project, "validate", sites=(site,))
    assert result.returncode == 1 and "it yielded str, not an acdplan.plugin.Finding" in result.stdout


def test_rules_check_fails_on_a_plugin_rule_whose_bad_example_does_not_fire(make_plugin, plugin_project):
    source = GOOD_RULE.format(id="HX001").replace("IG_TEST_FR", "IG_Chat_FR")
    site = make_plugin("acdplan-rules-wrong-example", source)
    result = acdplan(plugin_project, "rules", "--check", "HX001", sites=(site,))
    assert result.returncode == 1
    assert "HX001 (plugin acdplan-rules-wrong-example): FAILED: its bad example does not fire HX001" in result.stdout


def test_a_working_hand_made_plugin_runs_with_the_built_in_rules(make_plugin, plugin_project):
    site = make_plugin("acdplan-rules-house", GOOD_RULE.format(id="HX001"))
    add_test_skill(plugin_project, "SOC_TEST_1")
    result = acdplan(plugin_project, "validate", sites=(site,))
    assert result.returncode == 1 and "error HX001 a test skill" in result.stdout


def test_a_finding_with_a_path_acdplan_cannot_place_fails_the_same_way(make_plugin, plugin_project):
    site = make_plugin("acdplan-rules-path", RAISING_RULE.replace('yield Finding(("skills", name), "seen")',
                                                                   'yield Finding(("skills", None), "seen")')
                       .replace('raise KeyError("nam")', ""))
    result = acdplan(plugin_project, "validate", sites=(site,))
    assert result.returncode == 1 and "PG001" in result.stdout and "a Finding's path must be a tuple" in result.stdout
    _no_traceback(result)
