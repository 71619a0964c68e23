"""Skill rules (SK): names, direction, campaign, and the settings each application supports (F15-F25)."""

from __future__ import annotations

import re

from acdplan.diagnostics import Severity
from acdplan.model.objects import MAX, OUTBOUND, PREFERRED_AGENT
from acdplan.validate.rules.base import Finding, rule
from acdplan.validate.rules.indexes import max_holders_by_skill
from acdplan.validate.user_regex import PatternError, compile_search

NAME_CHARACTERS = re.compile(r"[A-Za-z0-9._:-]")
MAX_TIMEOUT_SECONDS = 5_256_000


def _on_max(context, skill) -> list[str] | None:
    """Who makes this skill's CXone-Agent-only settings useless: its MAX holders, or, when
    nobody holds it, the tenant's default application if that is MAX. None when nobody."""
    held, on_max = context.cached("max_holders_by_skill", max_holders_by_skill)
    if skill.name in held:
        return on_max.get(skill.name) or None
    return ["the tenant default (max)"] if context.spec.tenant.agent_application == MAX else None


def _who(names: list[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


@rule("SK001", Severity.ERROR, "skill name shorter than 2 or longer than 30 characters",
      "rename the skill to 2..30 characters (keep its identity with `renamed_from:`)", fact="F16",
      why="A skill name must have at least 2 and at most 30 characters.",
      bad="skills:\n  X: {campaign: Social}\n", good="skills:\n  XX_Support: {campaign: Social}\n")
def name_length(context):
    for name in context.spec.skills:
        if not 2 <= len(name) <= 30:
            yield Finding(("skills", name),
                          f"skill name {name!r} has {len(name)} characters; a skill name has 2 to 30: rename it")


@rule("SK002", Severity.ERROR, "skill name has a character outside letters, digits, `- _ . :`",
      "use only letters, digits, hyphen, underscore, dot and colon", fact="F16",
      why="Skill names may contain only letters, digits and the special characters - _ . :",
      bad="skills:\n  IG Direct/FR: {campaign: Social}\n", good="skills:\n  IG_Direct_BE: {campaign: Social}\n")
def name_characters(context):
    for name in context.spec.skills:
        bad = sorted({character for character in name if not NAME_CHARACTERS.fullmatch(character)})
        if bad:
            shown = ", ".join(repr(character) for character in bad)
            yield Finding(("skills", name),
                          f"skill name {name!r} contains {shown}: use only letters, digits, - _ . and :")


@rule("SK003", Severity.ERROR, "a digital skill is outbound without Personal Connection or BYOC",
      "make the skill inbound, or enable `personal_connection: true` or `byoc: true`", fact="F17",
      why="Digital skills are inbound unless Personal Connection or BYOC is used.",
      bad="skills:\n  IG_Direct_FR:\n    direction: outbound\n",
      good="skills:\n  IG_Direct_FR:\n    direction: outbound\n    personal_connection: true\n")
def outbound_digital(context):
    for skill in context.spec.skills.values():
        if skill.is_digital and skill.direction == OUTBOUND and not (skill.personal_connection or skill.byoc):
            yield Finding(("skills", skill.name, "direction"),
                          f"skill {skill.name!r} is an outbound digital skill without Personal Connection or BYOC: "
                          f"make it inbound or set personal_connection or byoc", prefer_value=True)


@rule("SK004", Severity.ERROR, "a skill has no campaign",
      "set `campaign:` to the campaign the skill belongs to", fact="F18",
      why="Every skill belongs to a campaign; CXone refuses a skill without one.",
      bad="skills:\n  IG_Direct_FR:\n    campaign: null\n", good="skills:\n  IG_Direct_FR:\n    campaign: Social\n")
def without_campaign(context):
    for skill in context.spec.skills.values():
        if not skill.campaign:
            yield Finding(("skills", skill.name), f"skill {skill.name!r} has no campaign: set campaign")


@rule("SK005", Severity.WARNING, "a message template on an inbound skill",
      "remove `message_template`, or make the skill outbound (with Personal Connection or BYOC)", fact="F19",
      why="A message template gives rich content to outbound messages; on an inbound skill it is never used.",
      bad="skills:\n  IG_Direct_FR:\n    message_template: Promo\n", good="skills:\n  IG_Direct_FR:\n    message_template: null\n")
def template_on_inbound(context):
    for skill in context.spec.skills.values():
        if skill.message_template and skill.direction != OUTBOUND:
            yield Finding(("skills", skill.name, "message_template"),
                          f"skill {skill.name!r} is inbound, so its message template {skill.message_template!r} "
                          f"is never used: remove it or make the skill outbound")


def _skills_used_by_queues(spec) -> set[str]:
    used = set()
    for queue in spec.routing_queues.values():
        for queue_filter in queue.filters.values():
            used.update(queue_filter.included_skills)
            for channel in queue_filter.included_channels:
                if channel in spec.channels and spec.channels[channel].default_skill:
                    used.add(spec.channels[channel].default_skill)
    return used


@rule("SK006", Severity.WARNING, "sub-skill on a skill that no routing queue uses",
      "remove `sub_skill`, or route the skill through a routing queue that assigns by skill", fact="F20",
      why="Sub-skills apply only when digital routing queues assign contacts by skill, not the recommended routing.",
      bad="skills:\n  IG_Direct_FR:\n    sub_skill: true\n", good="skills:\n  IG_Direct_FR:\n    sub_skill: false\n")
def unused_sub_skill(context):
    used = context.cached("skills_used_by_queues", _skills_used_by_queues)
    for skill in context.spec.skills.values():
        if skill.sub_skill and skill.name not in used:
            yield Finding(("skills", skill.name, "sub_skill"),
                          f"skill {skill.name!r} is a sub-skill but no routing queue assigns by it, so the setting "
                          f"has no effect: remove sub_skill")


@rule("SK007", Severity.WARNING, "POPURL on a skill whose users (or the tenant default) are on MAX",
      "move those users to CXone Agent, or remove `popurl`", fact="F21",
      why="The POPURL action in Studio is supported only in the CXone Agent suite.",
      bad="agents:\n  alice@example.com:\n    application: max\nskills:\n  IG_Direct_FR:\n    popurl: true\n",
      good="skills:\n  IG_Direct_FR:\n    popurl: true\n")
def popurl_on_max(context):
    for skill in context.spec.skills.values():
        if skill.popurl:
            on_max = _on_max(context, skill)
            if on_max:
                yield Finding(("skills", skill.name, "popurl"),
                              f"skill {skill.name!r} uses POPURL, supported only in CXone Agent, but is used on MAX "
                              f"by {_who(on_max)}: move them to CXone Agent or remove popurl")


@rule("SK008", Severity.ERROR, "preferred-agent routing without a timeout, or one outside 1..5,256,000 s",
      "set `routing.preferred_agent.timeout_seconds` between 1 and 5256000", fact="F22",
      why="Preferred-agent routing needs a timeout from 1 to 5,256,000 seconds; an empty one is an error in CXone.",
      bad="skills:\n  IG_Direct_FR:\n    routing:\n      criteria: preferred_agent\n"
          "      preferred_agent: {metric: same_contact, fallback: when_offline, timeout_seconds: 0}\n",
      good="skills:\n  IG_Direct_FR:\n    routing:\n      criteria: preferred_agent\n"
           "      preferred_agent: {metric: same_contact, fallback: when_offline, timeout_seconds: 900}\n")
def preferred_agent_timeout(context):
    for skill in context.spec.skills.values():
        routing = skill.routing
        if routing is None or routing.criteria != PREFERRED_AGENT:
            continue
        timeout = routing.preferred_agent.timeout_seconds if routing.preferred_agent else None
        path = ("skills", skill.name, "routing")
        if timeout is None:
            yield Finding(path, f"skill {skill.name!r} routes to the preferred agent without a timeout: set "
                                f"preferred_agent.timeout_seconds (1..{MAX_TIMEOUT_SECONDS})")
        elif not 1 <= timeout <= MAX_TIMEOUT_SECONDS:
            yield Finding(path + ("preferred_agent", "timeout_seconds"),
                          f"skill {skill.name!r}: timeout {timeout} s is outside 1..{MAX_TIMEOUT_SECONDS}: set a "
                          f"value in that range", prefer_value=True)


@rule("SK009", Severity.ERROR, "preferred-agent routing without a priority metric or a fallback",
      "set `metric` (same_contact or same_case) and `fallback` (when_offline or when_available)", fact="F22",
      why="Preferred-agent routing needs a priority metric (last agent of the same contact or case) and a fallback.",
      bad="skills:\n  IG_Direct_FR:\n    routing:\n      criteria: preferred_agent\n"
          "      preferred_agent: {timeout_seconds: 900}\n",
      good="skills:\n  IG_Direct_FR:\n    routing:\n      criteria: preferred_agent\n"
           "      preferred_agent: {metric: same_case, fallback: when_available, timeout_seconds: 900}\n")
def preferred_agent_settings(context):
    for skill in context.spec.skills.values():
        routing = skill.routing
        if routing is None or routing.criteria != PREFERRED_AGENT:
            continue
        settings = routing.preferred_agent
        missing = [name for name in ("metric", "fallback") if settings is None or getattr(settings, name) is None]
        if missing:
            yield Finding(("skills", skill.name, "routing"),
                          f"skill {skill.name!r} routes to the preferred agent without {' and '.join(missing)}: "
                          f"set preferred_agent.{missing[0]}")


@rule("SK010", Severity.ERROR, "a routing configuration while the tenant has no dynamic delivery",
      "remove the skill's `routing:`, or set `tenant.dynamic_delivery: true` if the tenant has it", fact="F22",
      why="The routing configuration section exists only for tenants with dynamic delivery.",
      bad="tenant:\n  dynamic_delivery: false\nskills:\n  IG_Direct_FR:\n    routing: {criteria: proficiency}\n",
      good="tenant:\n  dynamic_delivery: true\nskills:\n  IG_Direct_FR:\n    routing: {criteria: proficiency}\n")
def routing_without_dynamic_delivery(context):
    if context.spec.tenant.dynamic_delivery:
        return
    for skill in context.spec.skills.values():
        if skill.routing is not None:
            yield Finding(("skills", skill.name, "routing"),
                          f"skill {skill.name!r} has a routing configuration but the tenant has no dynamic "
                          f"delivery: remove routing, or set tenant.dynamic_delivery: true if it has")


@rule("SK011", Severity.ERROR, "service level settings on an outbound skill",
      "remove `service_level` from the outbound skill", fact="F23",
      why="Service level settings exist only for inbound skills.",
      bad="skills:\n  IG_Direct_FR:\n    direction: outbound\n    personal_connection: true\n"
          "    service_level: {goal_percent: 80, threshold_seconds: 30}\n",
      good="skills:\n  IG_Direct_FR:\n    direction: outbound\n    personal_connection: true\n")
def service_level_on_outbound(context):
    for skill in context.spec.skills.values():
        if skill.service_level is not None and skill.direction == OUTBOUND:
            yield Finding(("skills", skill.name, "service_level"),
                          f"skill {skill.name!r} is outbound; service levels exist only for inbound skills: "
                          f"remove service_level")


@rule("SK012", Severity.WARNING, "response countdowns on a skill whose users (or the tenant default) are on MAX",
      "move those users to CXone Agent, or remove the countdowns", fact="F25",
      why="Agent and customer response countdowns are supported only in CXone Agent.",
      bad="agents:\n  alice@example.com:\n    application: max\nskills:\n  IG_Direct_FR:\n"
          "    agent_response_countdown_seconds: 120\n",
      good="skills:\n  IG_Direct_FR:\n    agent_response_countdown_seconds: 120\n")
def countdowns_on_max(context):
    for skill in context.spec.skills.values():
        if skill.has_countdowns:
            on_max = _on_max(context, skill)
            if on_max:
                field = ("agent_response_countdown_seconds" if skill.agent_response_countdown_seconds is not None
                         else "customer_response_countdown")
                yield Finding(("skills", skill.name, field),
                              f"skill {skill.name!r} uses response countdowns, supported only in CXone Agent, but is "
                              f"used on MAX by {_who(on_max)}: move them to CXone Agent or remove the countdowns")


@rule("SK013", Severity.WARNING, "a skill name that breaks the tenant's naming pattern",
      "rename the skill to match `tenant.naming.skill_pattern` (keep its identity with `renamed_from:`)", fact="F16",
      why="Skill names should follow one naming convention so that they stay meaningful and consistent.",
      bad="skills:\n  IG_Direct_FR: null\n  instagram-fr: {campaign: Social}\n"
          "channels:\n  Instagram Direct FR: {default_skill: instagram-fr}\n"
          "agents:\n  alice@example.com: {skills: {IG_Direct_FR: null, instagram-fr: 1}}\n",
      good="skills:\n  IG_Direct_FR: null\n  IG_Insta_FR: {campaign: Social}\n"
           "channels:\n  Instagram Direct FR: {default_skill: IG_Insta_FR}\n"
           "agents:\n  alice@example.com: {skills: {IG_Direct_FR: null, IG_Insta_FR: 1}}\n")
def naming_pattern(context):
    pattern = context.spec.tenant.skill_pattern
    if not pattern:
        return
    try:
        matches = compile_search(pattern)  # RE2: no catastrophic backtracking on a hostile pattern
    except PatternError as error:
        yield Finding(("tenant", "naming", "skill_pattern"),
                      f"the naming pattern is not a valid regular expression ({error}): fix it", prefer_value=True)
        return
    for name in context.spec.skills:
        if not matches(name):
            yield Finding(("skills", name), f"skill name {name!r} does not follow the tenant's naming pattern "
                                            f"{pattern!r}: rename it")


@rule("SK014", Severity.WARNING, "two skill names that differ only by letter case",
      "give the skills names that differ by more than case, or merge them", fact="F16",
      why="Names differing only by case are easily confused in CXone's lists and in Studio scripts (model).",
      bad="skills:\n  IG_DIRECT_FR: {campaign: Social}\n", good="skills:\n  IG_Direct_BE: {campaign: Social}\n")
def case_twins(context):
    first: dict[str, str] = {}
    for name in context.spec.skills:
        folded = name.casefold()
        if folded in first:
            yield Finding(("skills", name), f"skill {name!r} differs from skill {first[folded]!r} only by letter case: "
                                            f"rename one of them")
        else:
            first[folded] = name


