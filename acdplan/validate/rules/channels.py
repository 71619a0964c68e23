"""Channel rules (CH): every digital touchpoint needs its defaults, a sound account, and a role."""

from __future__ import annotations

from acdplan.diagnostics import Severity
from acdplan.validate.rules.base import Finding, rule

INSTAGRAM_TYPES = frozenset({"instagram", "instagram_direct"})


@rule("CH001", Severity.ERROR, "a channel has no default skill",
      "set `default_skill:` to a digital skill (ACD > Digital > Digital touchpoints > channel > Edit)", fact="F3",
      why="Every channel must have a default skill: it is where contacts go when the Studio script does not route them elsewhere.",
      bad="channels:\n  Instagram Direct FR:\n    default_skill: null\n",
      good="channels:\n  Instagram Direct FR:\n    default_skill: IG_Direct_FR\n")
def channel_without_default_skill(context):
    for channel in context.spec.channels.values():
        if not channel.default_skill:
            yield Finding(("channels", channel.name),
                          f"channel {channel.name!r} has no default skill: set default_skill to a digital skill")


@rule("CH002", Severity.ERROR, "a channel has no default Studio script",
      "set `default_script:` to an existing Studio script", fact="F3",
      why="Every channel must have a default Studio script: scripts are the recommended way to route digital contacts (F13).",
      bad="channels:\n  Instagram Direct FR:\n    default_script: null\n",
      good="channels:\n  Instagram Direct FR:\n    default_script: DFO_Social_Routing\n")
def channel_without_default_script(context):
    for channel in context.spec.channels.values():
        if not channel.default_script:
            yield Finding(("channels", channel.name),
                          f"channel {channel.name!r} has no default Studio script: set default_script")


@rule("CH003", Severity.ERROR, "an instagram / instagram_direct channel's account is not professional",
      "convert the Instagram account to a professional (business) account, then set `account.professional: true`", fact="F1",
      why="Only Instagram professional (business) accounts can be connected to Digital Experience.",
      bad="channels:\n  Instagram Direct FR:\n    account: {professional: false}\n",
      good="channels:\n  Instagram Direct FR:\n    account: {professional: true}\n")
def instagram_account_not_professional(context):
    for channel in context.spec.channels.values():
        if channel.type in INSTAGRAM_TYPES and not channel.account.professional:
            yield Finding(("channels", channel.name, "account", "professional"),
                          f"channel {channel.name!r}: only Instagram professional accounts can be connected; "
                          f"switch account {channel.account.name or channel.account.id!r} to professional and set professional: true")


@rule("CH004", Severity.ERROR, "an instagram_direct channel's account does not allow access to messages",
      "turn on Instagram's privacy setting \"Allow access to messages\", then set `account.allow_message_access: true`", fact="F2",
      why="Instagram Direct reads the account's messages; Instagram refuses unless the account allows access to messages.",
      bad="channels:\n  Instagram Direct FR:\n    account: {allow_message_access: false}\n",
      good="channels:\n  Instagram Direct FR:\n    account: {allow_message_access: true}\n")
def instagram_direct_without_message_access(context):
    for channel in context.spec.channels.values():
        if channel.type == "instagram_direct" and not channel.account.allow_message_access:
            yield Finding(("channels", channel.name, "account", "allow_message_access"),
                          f"channel {channel.name!r}: the Instagram account must allow access to messages; "
                          f"turn the privacy setting on and set allow_message_access: true")


@rule("CH005", Severity.ERROR, "a channel's default skill is not a digital skill",
      "name a skill with `media: digital` as the channel's default skill", fact="F3, F17",
      why="Digital contacts are routed through ACD digital skills; a voice or other skill cannot receive them.",
      bad="skills:\n  IG_Direct_FR:\n    media: voice\n",
      good="skills:\n  IG_Direct_FR:\n    media: digital\n")
def default_skill_not_digital(context):
    skills = context.spec.skills
    for channel in context.spec.channels.values():
        skill = skills.get(channel.default_skill) if channel.default_skill else None
        if skill is not None and not skill.is_digital:
            yield Finding(("channels", channel.name, "default_skill"),
                          f"channel {channel.name!r}: default skill {skill.name!r} is a {skill.media} skill; "
                          f"name a digital skill", prefer_value=True)


@rule("CH006", Severity.ERROR, "two channels of the same type connect the same account",
      "keep one channel per account and type; an Instagram and an Instagram Direct channel may share an account", fact="F4",
      why="Each account connects once per channel type; a second channel of the same type on the same account is a mistake (model choice).",
      bad="channels:\n  Instagram Direct FR 2:\n    type: instagram_direct\n    account: {id: \"17841400000000000\", professional: true, allow_message_access: true}\n    default_skill: IG_Direct_FR\n    default_script: DFO_Social_Routing\n"
          "roles:\n  Social Agents:\n    channels: {Instagram Direct FR 2: [view, reply]}\n",
      good="channels:\n  Instagram Direct FR 2:\n    type: instagram_direct\n    account: {id: \"17841400000000001\", professional: true, allow_message_access: true}\n    default_skill: IG_Direct_FR\n    default_script: DFO_Social_Routing\n"
           "roles:\n  Social Agents:\n    channels: {Instagram Direct FR 2: [view, reply]}\n")
def same_account_twice(context):
    first_by_account: dict[tuple[str, str], str] = {}
    for channel in context.spec.channels.values():
        key = (channel.type, channel.account.id)
        if key in first_by_account:
            yield Finding(("channels", channel.name, "account", "id"),
                          f"channel {channel.name!r} connects the same {channel.type} account {channel.account.id!r} "
                          f"as channel {first_by_account[key]!r}; keep one channel per account", prefer_value=True)
        else:
            first_by_account[key] = channel.name


@rule("CH007", Severity.ERROR, "a channel is added to no role: nobody can handle it",
      "add the channel to every role that will use it, with its permissions (ACD > Digital > Roles)", fact="F6",
      why="A channel must be added to each role that uses it; with no role, no user can see or answer its contacts.",
      bad="roles:\n  Social Agents:\n    channels: {Instagram Direct FR: null}\n",
      good="roles:\n  Social Agents:\n    channels: {Instagram Direct FR: [view, reply]}\n")
def channel_in_no_role(context):
    granted = {channel for role in context.spec.roles.values() for channel in role.channels}
    for channel in context.spec.channels.values():
        if channel.name not in granted:
            yield Finding(("channels", channel.name),
                          f"channel {channel.name!r} is in no role, so nobody can handle it: "
                          f"add it to the roles that use it, with their permissions")
