"""The example plugin's rules, written exactly as acdplan's built-in ones, with `acdplan.plugin`.

The ids use a prefix of the plugin's own (EX); each rule cites its source (a URL and a line of
why, in place of a fact of the vendor's guide) and carries a bad and a good example, which
`acdplan rules --check` runs.
"""

from __future__ import annotations

from collections.abc import Iterator

from acdplan.plugin import Finding, RuleContext, Severity, rule

HOMEPAGE = "https://github.com/acdplan/acdplan/tree/main/examples/acdplan-rules-example"


@rule("EX001", Severity.ERROR, "a skill whose name contains TEST",
      "rename the skill, or keep test skills in the test tenant's specs only",
      source_url=f"{HOMEPAGE}#ex001",
      why="House rule: test skills are made by hand in the test tenant and never reach production, where "
          "contacts routed to them would wait for agents nobody staffs.",
      bad="skills:\n  IG_TEST_FR: {campaign: Social}\n",
      good="skills:\n  IG_Direct_FR: {campaign: Social}\n")
def no_test_skills(context: RuleContext) -> Iterator[Finding]:
    for name in context.spec.skills:
        if "TEST" in name:
            yield Finding(("skills", name), f"skill {name!r} is a test skill (its name contains TEST): "
                                            f"rename it or keep it out of these specs")
