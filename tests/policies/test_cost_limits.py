"""The whole-plan limit of a policy (the per-change one is held end to end in test_policies.py): over
it, the change being judged and every change not yet judged count as denied, and judging stops."""

from __future__ import annotations

import time

from acdplan import policies


def _plan(count: int) -> dict:
    changes = [{"address": f"skill.S{n}", "kind": "skill", "name": f"S{n}", "action": "create", "before": None,
                "after": {"campaign": "Social"}} for n in range(count)]
    return {"changes": changes, "summary": {"create": count}}


def _policy(deny: str) -> policies.Policy:
    (policy,), problems = policies.compile_policies(
        [{"id": "POL100", "description": "test", "deny": deny, "severity": "warning"}], None, "acdplan.yaml")
    assert problems == []
    return policy


def test_a_plain_policy_judges_every_change_of_a_plan():
    denials = policies.judge([_policy('change.action == "create" && change.name.endsWith("7")')], _plan(200))
    assert sorted(d.change["name"] for d in denials) == sorted(f"S{n}" for n in range(200) if str(n).endswith("7"))
    assert all(d.why == "" for d in denials)


def test_over_the_whole_plan_limit_the_rest_counts_as_denied(monkeypatch):
    monkeypatch.setattr(policies, "COST_PER_POLICY", 20_000)
    monkeypatch.setattr(policies, "COST_PER_POLICY_CHANGE", 0)
    started = time.monotonic()
    denials = policies.judge([_policy('plan.changes.exists(c, c.name == "none")')], _plan(60))
    assert time.monotonic() - started < 10
    first = int(denials[0].change["name"][1:])
    assert 0 < first < 60 and [d.change["name"] for d in denials] == [f"S{n}" for n in range(first, 60)]
    assert all(d.why == "it went over its cost limit for the whole plan" for d in denials)


def test_the_metering_sees_every_node():
    """cel-python's interpreter evaluates through lark's Interpreter._visit_tree, which the meter
    wraps; if an upgrade bypassed it, nothing would be counted and this would fail."""
    budget = policies._Budget(10**9, 10**9)
    import celpy

    policy = _policy('change.kind == "skill" && ["a", "b"].size() == 2')
    metered = policies._metered(celpy)(policy.program.ast, policy.program.new_activation(), budget)
    assert metered.evaluate({"change": celpy.json_to_cel({"kind": "skill"})}) is not None
    assert 20 < 10**9 - budget.change_left < 1_000


NOT_CEL = ['"unterminated', "\x00", "1 +", "{", "a.b(", "[1,2", "'''", "😀 == 1"]
UNDECIDED = ["in", "(" * 900 + "true" + ")" * 900, "!" * 1500 + "true", "1/0 == 1", 'change.name.matches("(")',
             'int("x") == 1', '"a" * 3', "change.after.x.y == 1", "-9223372036854775808 - 1 == 0"]


def test_hostile_expressions_are_cf004_or_undecided_never_a_crash():
    for text in NOT_CEL:
        compiled, problems = policies.compile_policies([{"id": "P1", "description": "d", "deny": text}], None, "acdplan.yaml")
        assert compiled == [] and len(problems) == 1 and problems[0].rule == "CF004", text
    change = {"address": "skill.A", "kind": "skill", "name": "A", "action": "create", "before": None, "after": {"x": None}}
    for text in UNDECIDED:
        denials = policies.judge([_policy(text)], {"changes": [change]})
        assert len(denials) == 1 and denials[0].why.startswith(("it could not be evaluated", "it nests too deeply")), text
