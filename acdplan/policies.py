"""Policies on the plan: `policies:` in acdplan.yaml, CEL expressions that deny changes.

As conftest/OPA on Terraform's plan JSON or Sentinel: each policy's `deny` is evaluated for each
change of the plan, with `change` bound to that change as `plan --format json` writes it (values
marked sensitive already hidden) and `plan` to the whole plan document. A change it denies is a
diagnostic under the policy's id, shown by every plan format; an `error` policy fails `plan` and
stops `apply`, unless --force (then it is shown as a warning), a `warning` one is shown only.

CEL (cel-python, imported as `celpy`) has no runaway loops, but its macros nest and its lists and
strings grow. cel-python offers no cost limit, so evaluation is metered here as CEL's own cost
limits do: every node evaluated costs one unit and every list, map or string made costs its
size; a policy over its budget stops, and the change counts as denied (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from acdplan.diagnostics import Diagnostic, Location, Locator, Severity
from acdplan.validate import catalogue

MAX_EXPRESSION_CHARS = 2_000  # a policy is a line or two; longer is not a reviewable policy
COST_PER_CHANGE = 10_000  # units one change's evaluation may spend (a plain deny spends about 130)...
COST_PER_CHANGE_OF_PLAN = 50  # ...plus this much for each change of the plan (one pass over plan.changes)
COST_PER_POLICY = 1_000_000  # units a policy may spend on a whole plan (seconds of cel-python)...
COST_PER_POLICY_CHANGE = 500  # ...plus this much for each change judged (four plain denies' worth)


class CostLimitExceeded(BaseException):
    """Raised through cel-python (which turns an Exception into a CEL error value) when a budget is spent."""


@dataclass
class _Budget:
    change_left: int
    policy_left: int

    def spend(self, units: int) -> None:
        self.change_left -= units
        self.policy_left -= units
        if self.change_left < 0 or self.policy_left < 0:
            raise CostLimitExceeded()


@dataclass(frozen=True)
class Policy:
    id: str
    description: str
    deny: str
    severity: Severity
    program: Any  # the compiled CEL expression (cel-python's runner: its tree and functions)
    location: Location | None = None  # the `deny:` in acdplan.yaml

    def rule_info(self) -> catalogue.RuleInfo:
        """The policy as rule metadata, for SARIF's rule list."""
        return catalogue.RuleInfo(self.id, self.severity, self.description,
                                  "change the plan, or have the change made the way the policy asks; --force overrides",
                                  why=f"A policy of acdplan.yaml denies: {self.deny}", stage="policy")


_POLICIES: ContextVar[tuple[Policy, ...]] = ContextVar("acdplan_policies", default=())


def use_policies(policies: list[Policy] | tuple[Policy, ...]) -> None:
    """The project's policies for the plans of this run (set when acdplan.yaml is read)."""
    _POLICIES.set(tuple(policies))


def current_policies() -> tuple[Policy, ...]:
    return _POLICIES.get()


def compile_policies(entries: list[dict], sources: Locator | None, file: str) -> tuple[list[Policy], list[Diagnostic]]:
    """acdplan.yaml's `policies:` (already schema-checked) compiled; CF004 at the line of what is wrong."""
    if not entries:
        return [], []
    import celpy

    policies: list[Policy] = []
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}
    environment = celpy.Environment()

    def problem(message: str, path: tuple) -> None:
        problems.append(catalogue.diagnostic(catalogue.CF004, message, sources, ("policies", *path), prefer_value=True,
                                             file=file, line=1, column=1))

    for index, entry in enumerate(entries):
        policy_id, text = entry["id"], entry["deny"]
        taken = catalogue.get(policy_id)
        if policy_id in seen:
            problem(f"policy {policy_id}: the id is already the id of policy number {seen[policy_id] + 1}", (index, "id"))
            continue
        if taken is not None:
            owner = f"rule of plugin {taken.plugin}" if taken.plugin else "built-in rule"
            problem(f"policy {policy_id}: the id is the id of the {owner} {policy_id}: give the policy an id of its own",
                    (index, "id"))
            continue
        seen[policy_id] = index
        if len(text) > MAX_EXPRESSION_CHARS:
            problem(f"policy {policy_id}: deny has {len(text):,} characters, over the limit of {MAX_EXPRESSION_CHARS:,}",
                    (index, "deny"))
            continue
        try:
            program = environment.program(environment.compile(text))
        except celpy.CELParseError as error:
            shown = " ".join(str(error).split())
            where = f" at line {error.line}, column {error.column} of the expression" if error.line else ""
            problem(f"policy {policy_id}: deny is not a CEL expression{where}: {shown}", (index, "deny"))
            continue
        except RecursionError:
            problem(f"policy {policy_id}: deny nests too deeply", (index, "deny"))
            continue
        except Exception as error:  # whatever else cel-python's parser raises: still a diagnostic
            problem(f"policy {policy_id}: deny cannot be compiled: {type(error).__name__}: {error}", (index, "deny"))
            continue
        location = sources.locate(("policies", index, "deny"), prefer_value=True) if sources is not None else None
        policies.append(Policy(policy_id, entry["description"], text, Severity(entry.get("severity", "error")), program,
                               location))
    return policies, problems


@dataclass(frozen=True, slots=True)
class Denial:
    policy: Policy
    change: dict  # the change as plan JSON writes it
    why: str = ""  # set when the policy could not decide (error, cost limit): the change counts as denied


def judge(policies: tuple[Policy, ...] | list[Policy], plan_document: dict,
          judged: Callable[[dict], bool] = lambda change: True) -> list[Denial]:
    """The changes each policy denies: `plan_document` as `plan --format json` writes it; `judged`
    says which of its changes are judged."""
    if not policies:
        return []
    import celpy

    plan_value: Any = celpy.json_to_cel(plan_document)  # a MapType of the plan document
    changes = [(document, value) for document, value in zip(plan_document["changes"], plan_value["changes"], strict=True)
               if judged(document)]
    denials: list[Denial] = []
    metered = _metered(celpy)
    per_change = COST_PER_CHANGE + COST_PER_CHANGE_OF_PLAN * len(plan_document["changes"])
    per_policy = COST_PER_POLICY + COST_PER_POLICY_CHANGE * len(changes)  # linear in the plan, as planning is
    for policy in policies:
        budget = _Budget(per_change, per_policy)
        activation = policy.program.new_activation()  # functions and names, shared by its evaluations
        for position, (document, value) in enumerate(changes):
            budget.change_left = per_change
            try:
                denied = metered(policy.program.ast, activation, budget).evaluate({"change": value, "plan": plan_value})
            except CostLimitExceeded:
                limit = "per change" if budget.change_left < 0 else "for the whole plan"
                denials.append(Denial(policy, document, f"it went over its cost limit {limit}"))
                if budget.policy_left < 0:  # the rest of the plan is not judged: it counts as denied too
                    denials += [Denial(policy, other, "it went over its cost limit for the whole plan")
                                for other, _ in changes[position + 1:]]
                    break
                continue
            except celpy.CELEvalError as error:
                denials.append(Denial(policy, document, f"it could not be evaluated: {_eval_message(error)}"))
                continue
            except RecursionError:
                denials.append(Denial(policy, document, "it nests too deeply to be evaluated"))
                continue
            except Exception as error:  # cel-python wraps what it knows; anything else still decides nothing
                denials.append(Denial(policy, document, f"it could not be evaluated: {type(error).__name__}: {error}"))
                continue
            if not isinstance(denied, celpy.celtypes.BoolType):
                denials.append(Denial(policy, document, f"deny gave {type(denied).__name__}, not a boolean"))
            elif denied:
                denials.append(Denial(policy, document))
    return denials


def diagnostics_for(denials: list[Denial], force: bool, locate: Callable[[dict], Location | None]) -> list[Diagnostic]:
    """One diagnostic a denied change, under its policy's id; --force makes an error a warning, still shown."""
    found = []
    for denial in denials:
        policy, change = denial.policy, denial.change
        severity = Severity.WARNING if force else policy.severity
        message = f"policy denies {change['action']} of {change['address']}: {policy.description}"
        if denial.why:
            message += f" (counted as denied: {denial.why})"
        if force and policy.severity is Severity.ERROR:
            message += "; accepted with --force"
        where = locate(change) or policy.location
        related = (policy.location,) if policy.location is not None and where is not policy.location else ()
        found.append(Diagnostic(policy.id, severity, message, where.file if where else None,
                                where.line if where else None, where.column if where else None,
                                related=related))
    return found


def _eval_message(error) -> str:
    return " ".join(str(error.args[0] if error.args else error).split())


_METERED: list[type] = []
# The nodes of cel-python's grammar that make new values: + and *, calls and macros (map, filter, ...),
# list and map literals. Other nodes pass their child's value up, already paid for.
_MAKES_VALUES = frozenset({"addition", "multiplication", "member_dot_arg", "ident_arg", "list_lit", "map_lit",
                           "exprlist", "mapinits", "fieldinits", "member_object"})


def _metered(celpy) -> type:
    """cel-python's interpreter, with every node it evaluates, and every value it makes, paid for."""
    if _METERED:
        return _METERED[0]

    class Metered(celpy.Evaluator):
        def __init__(self, ast, activation, budget: _Budget):
            super().__init__(ast, activation)
            self.budget = budget

        def sub_evaluator(self, ast):  # the body of a macro (map, filter, all, exists): the same budget
            return Metered(ast, self.activation, self.budget)

        def _visit_tree(self, tree):  # lark's Interpreter evaluates every node through here (tests/policies hold it)
            self.budget.spend(1)
            value = super()._visit_tree(tree)
            if tree.data in _MAKES_VALUES and isinstance(value, str | bytes | list | dict):
                self.budget.spend(len(value))  # a value made (not one passed up from a child): its size
            return value

    _METERED.append(Metered)
    return Metered
