"""Deterministic synthetic tenants for the benchmarks: valid specs (zero errors, zero warnings).

    python -m bench.generate --size L --out /tmp/tenant-L [--seed 5] [--mutate 0.1]

A tenant is split over files the way users split theirs: `tenant.yaml`, `catalog.yaml`
(campaigns and scripts), `skills/<team>.yaml`, `channels.yaml`, `roles.yaml` and
`agents/agents-NNN.yaml` in chunks of 1,000. Everything comes from one seeded
`random.Random`, so the same size and seed give byte-identical files.

Variety, within every rule of DOMAIN.md's catalogue:
- skills: digital inbound (service levels, preferred-agent and proficiency routing, accept/reject,
  POPURL and response countdowns on CXone-Agent-only skills), digital outbound with Personal
  Connection or BYOC (message templates), and some voice skills;
- channels of every type, each with a default skill and script, an account id unique per type,
  Instagram accounts professional with message access, the global SLA or their own;
- per team: agent roles (view + reply + searches, skills.view, a digital_engagement permission)
  that together grant every channel, and a supervisor role that only watches;
- agents on CXone Agent (the attribute and a digital skill) and on MAX (never a POPURL or
  countdown skill), holding a channel's default skill only when their role grants the channel.

`--mutate 0.1` writes the same tenant with 10% of its skills, channels and agents changed in
place (an update each, never a replacement): the "plan with 10% changed" input.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

try:  # the C emitter: same output, ten times faster for the L size
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper


@dataclass(frozen=True)
class Size:
    skills: int
    channels: int
    roles: int
    agents: int
    teams: int


SIZES = {
    "S": Size(skills=20, channels=5, roles=5, agents=100, teams=2),
    "M": Size(skills=200, channels=50, roles=30, agents=2_000, teams=5),
    "L": Size(skills=2_000, channels=500, roles=300, agents=20_000, teams=20),
    # Twice and four times L, to show that time and memory grow linearly past it.
    "2L": Size(skills=4_000, channels=1_000, roles=600, agents=40_000, teams=40),
    "4L": Size(skills=8_000, channels=2_000, roles=1_200, agents=80_000, teams=80),
}
DEFAULT_SEED = 5
AGENTS_PER_FILE = 1_000
SKILL_PATTERN = "^[A-Z]{2,4}_[A-Za-z0-9_]+$"

COUNTRIES = ["FR", "DE", "ES", "IT", "NL", "BE", "UK", "US", "CA", "BR", "MX", "PT", "PL", "SE", "NO", "DK",
             "FI", "AT", "CH", "IE", "JP", "AU"]
TIMEZONES = {"FR": "Europe/Paris", "DE": "Europe/Berlin", "UK": "Europe/London", "US": "America/New_York"}
BRANDS = ["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wonka"]
FIRST_NAMES = ["alice", "bruno", "chloe", "david", "emma", "farid", "giulia", "hugo", "ines", "jonas", "karim",
               "lea", "marta", "nadia", "oscar", "paula", "quentin", "rosa", "sven", "tomas", "ursula", "victor",
               "wiebke", "xavier", "yasmin", "zoe"]
LAST_NAMES = ["martin", "bernard", "dubois", "muller", "schmidt", "garcia", "rossi", "jansen", "silva", "nowak",
              "berg", "smith", "tanaka", "kowalski", "moreau", "fischer", "lopez", "ricci", "peeters", "olsen"]

# Channel types, how often they occur, the prefix of their default skill, and a label for names.
CHANNEL_TYPES = [
    ("instagram_direct", 4, "IGD", "Instagram Direct"),
    ("instagram", 2, "IGP", "Instagram"),
    ("facebook_messenger", 3, "FBM", "Messenger"),
    ("whatsapp", 3, "WA", "WhatsApp"),
    ("email", 3, "EML", "Email"),
    ("chat", 3, "CHT", "Chat"),
    ("sms", 2, "SMS", "SMS"),
]
INSTAGRAM_TYPES = {"instagram", "instagram_direct"}
ROLE_ADMIN_PERMISSIONS = ["skills.view", "digital_engagement.view"]
ROLE_EXTRA_ADMIN = ["digital_engagement.edit", "skills.edit"]
SUPERVISOR_ADMIN = ["skills.view", "digital_engagement.view", "digital_engagement.edit"]
AGENT_CHANNEL_PERMISSIONS = ["view", "reply"]
AGENT_EXTRA_PERMISSIONS = ["search_messages", "search_cases", "send_outbound", "hide"]
SOCIAL_EXTRA_PERMISSIONS = ["search_posts", "delete"]
SUPERVISOR_CHANNEL_PERMISSIONS = ["view", "search_messages", "search_cases"]
HEADER = "# Synthetic tenant of bench.generate (size {size}, seed {seed}{mutated}). Do not edit by hand.\n"


def _split(total: int, parts: int) -> list[int]:
    """`total` in `parts` nearly equal whole parts, larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


class _Generator:
    def __init__(self, size: Size, seed: int):
        self.size = size
        self.rng = random.Random(seed)
        self.skills: dict[str, dict] = {}
        self.skill_team: dict[str, int] = {}
        self.channels: dict[str, dict] = {}
        self.roles: dict[str, dict] = {}
        self.agents: dict[str, dict] = {}
        self.campaigns = {
            f"{brand.capitalize()} {kind}": ({"description": f"{kind} contacts of {brand}"} if index % 2 else {})
            for index, (brand, kind) in enumerate((b, k) for b in BRANDS[:4] for k in ("Social", "Service", "Sales"))
        }
        self.scripts = {name: {} for name in (
            "DFO_Social_Routing", "DFO_Messaging_Routing", "DFO_Email_Routing", "DFO_Chat_Routing",
            "DFO_SMS_Routing", "DFO_VIP_Routing")}
        self.script_for_type = {
            "instagram_direct": "DFO_Social_Routing", "instagram": "DFO_Social_Routing",
            "facebook_messenger": "DFO_Messaging_Routing", "whatsapp": "DFO_Messaging_Routing",
            "email": "DFO_Email_Routing", "chat": "DFO_Chat_Routing", "sms": "DFO_SMS_Routing",
        }
        self.account_serial = 0
        self.team_files: list[tuple[str, list[str]]] = []  # (file stem, skill names)

    # ----- the tenant, settings first -------------------------------------------------
    def tenant(self) -> dict:
        return {
            "agent_application": "cxone_agent",
            "dynamic_delivery": True,
            "working_hours": {
                "timezone": "Europe/Paris",
                "mon": ["08:00-12:00", "13:00-18:00"],
                "tue": ["08:00-18:00"],
                "wed": ["08:00-18:00"],
                "thu": ["08:00-18:00"],
                "fri": ["08:00-17:00"],
                "sat": ["09:00-12:00"],
            },
            "naming": {"skill_pattern": SKILL_PATTERN},
            "sla": {"first_response": {"hours": 1}, "resolution": {"days": 2}},
        }

    def build(self) -> None:
        size = self.size
        for team, (n_skills, n_channels, n_roles, n_agents) in enumerate(zip(
                _split(size.skills, size.teams), _split(size.channels, size.teams),
                _split(size.roles, size.teams), _split(size.agents, size.teams), strict=True)):
            self.team(team, n_skills, n_channels, n_roles, n_agents)

    def team(self, team: int, n_skills: int, n_channels: int, n_roles: int, n_agents: int) -> None:
        rng = self.rng
        country = COUNTRIES[team % len(COUNTRIES)]
        code = f"{country}{team + 1:02d}"
        brand = BRANDS[team % len(BRANDS)]
        campaigns = [name for name in self.campaigns if name.lower().startswith(BRANDS[team % 4])]
        assert n_skills >= n_channels >= 1 and n_roles >= 1

        # Channels, each with its own default skill (digital, inbound).
        channel_names: list[str] = []
        default_of: dict[str, str] = {}  # skill -> channel
        team_skills: list[str] = []
        weights = [weight for _, weight, _, _ in CHANNEL_TYPES]
        for index in range(n_channels):
            kind, _, prefix, label = rng.choices(CHANNEL_TYPES, weights)[0]
            skill = f"{prefix}_{code}_{index + 1:04d}"
            name = f"{label} {code}-{index + 1:02d}"
            self.skills[skill] = self.skill(rng, campaigns, digital=True, inbound=True, default=True)
            team_skills.append(skill)
            default_of[skill] = name
            self.channels[name] = self.channel(rng, kind, code, brand, index, skill)
            channel_names.append(name)
        # The team's other skills: mostly digital inbound, some outbound, some voice.
        for index in range(n_channels, n_skills):
            draw = rng.random()
            if draw < 0.12:
                skill, body = f"OUT_{code}_{index + 1:04d}", self.skill(rng, campaigns, digital=True, inbound=False)
            elif draw < 0.22:
                skill, body = f"VOX_{code}_{index + 1:04d}", self.skill(rng, campaigns, digital=False, inbound=True)
            else:
                skill, body = f"DIG_{code}_{index + 1:04d}", self.skill(rng, campaigns, digital=True, inbound=True)
            self.skills[skill] = body
            team_skills.append(skill)
        for skill in team_skills:
            self.skill_team[skill] = team
        self.team_files.append((f"team-{code.lower()}", team_skills))

        # Roles: one supervisor role that only watches (when the team has room for one), and
        # agent roles that together grant every channel with reply.
        role_names = [f"{code} Agents {index + 1:02d}" for index in range(n_roles)]
        supervisor = f"{code} Supervisors" if n_roles >= 2 else None
        agent_roles = role_names[: n_roles - 1] if supervisor else role_names
        grants: dict[str, list[str]] = {role: [] for role in agent_roles}
        for index, channel in enumerate(channel_names):
            grants[agent_roles[index % len(agent_roles)]].append(channel)
        for role in agent_roles:
            extra = rng.sample(channel_names, k=min(len(channel_names), rng.randint(0, 3)))
            for channel in extra:
                if channel not in grants[role]:
                    grants[role].append(channel)
            if not grants[role]:
                grants[role].append(rng.choice(channel_names))
            self.roles[role] = self.agent_role(rng, sorted(grants[role]))
        if supervisor:
            self.roles[supervisor] = {
                "handles_contacts": False,
                "description": f"team leads of {code}: watch and search, never reply",
                "admin_permissions": list(SUPERVISOR_ADMIN),
                "channels": {channel: list(SUPERVISOR_CHANNEL_PERMISSIONS) for channel in channel_names},
            }
            grants[supervisor] = list(channel_names)

        # Agents.
        cxone_only = {skill for skill in team_skills if self._cxone_only(self.skills[skill])}
        digital = {skill for skill in team_skills if self.skills[skill].get("media", "digital") == "digital"}
        for _ in range(n_agents):
            role = supervisor if supervisor and rng.random() < 0.08 else rng.choice(agent_roles)
            granted = set(grants[role])
            eligible = [skill for skill in team_skills if skill not in default_of or default_of[skill] in granted]
            draw = rng.random()
            application = "max" if draw < 0.2 else ("cxone_agent" if draw < 0.3 else None)
            if application == "max":
                eligible = [skill for skill in eligible if skill not in cxone_only]
            eligible_digital = [skill for skill in eligible if skill in digital]
            first = rng.choice(eligible_digital)
            others = rng.sample(eligible, k=min(len(eligible), rng.randint(0, 5)))
            held = [first] + [skill for skill in others if skill != first]
            body: dict = {"role": role}
            if application:
                body["application"] = application
            body["digital_engagement"] = True if application != "max" else rng.random() < 0.7
            body["skills"] = {skill: rng.randint(1, 20) for skill in held}
            username = self.username(rng, brand, len(self.agents))
            self.agents[username] = body

    @staticmethod
    def _cxone_only(skill: dict) -> bool:
        return bool(skill.get("popurl") or "agent_response_countdown_seconds" in skill
                    or "customer_response_countdown" in skill)

    def skill(self, rng: random.Random, campaigns: list[str], digital: bool, inbound: bool,
              default: bool = False) -> dict:
        body: dict = {"campaign": rng.choice(campaigns)}
        if not digital:
            body["media"] = "voice"
        elif rng.random() < 0.3:
            body["media"] = "digital"  # written out by some, left to the default by others
        if not inbound:
            body["direction"] = "outbound"
            if rng.random() < 0.7:
                body["personal_connection"] = True
            else:
                body["byoc"] = True
            if rng.random() < 0.6:
                body["message_template"] = rng.choice(["order_update", "appointment_reminder", "welcome_back"])
            return body
        if rng.random() < 0.65:
            body["service_level"] = {"goal_percent": rng.choice([70, 80, 85, 90, 95]),
                                     "threshold_seconds": rng.choice([20, 30, 60, 120, 300, 3600])}
        if digital:
            draw = rng.random()
            if draw < 0.3:
                body["routing"] = {
                    "criteria": "preferred_agent",
                    "preferred_agent": {
                        "metric": rng.choice(["same_contact", "same_case"]),
                        "fallback": rng.choice(["when_offline", "when_available"]),
                        "timeout_seconds": rng.choice([60, 300, 900, 3600, 86400]),
                    },
                }
            elif draw < 0.45:
                body["routing"] = {"criteria": "proficiency"}
            if rng.random() < 0.2:
                body["accept_reject"] = True
            if not default and rng.random() < 0.25:  # CXone Agent only: never held by a MAX user
                feature = rng.random()
                if feature < 0.4:
                    body["popurl"] = True
                elif feature < 0.7:
                    body["agent_response_countdown_seconds"] = rng.choice([60, 120, 300])
                else:
                    body["customer_response_countdown"] = {"seconds": rng.choice([3600, 86400]),
                                                           "unassign": rng.random() < 0.5}
        if rng.random() < 0.1:
            body["description"] = "synthetic skill for the benchmarks"
        return body

    def channel(self, rng: random.Random, kind: str, code: str, brand: str, index: int, skill: str) -> dict:
        self.account_serial += 1
        serial = self.account_serial
        if kind in INSTAGRAM_TYPES or kind == "facebook_messenger":
            account = {"id": str(17841400000000000 + serial), "name": f"{brand}.{code.lower()}.{index + 1}"}
        elif kind in ("whatsapp", "sms"):
            account = {"id": f"+1555{serial:07d}", "name": f"{brand} {code} line {index + 1}"}
        elif kind == "email":
            account = {"id": f"support-{code.lower()}-{index + 1}@{brand}.example", "name": f"{brand} support"}
        else:
            account = {"id": f"chat-{code.lower()}-{serial:05d}", "name": f"{brand} web chat"}
        if kind in INSTAGRAM_TYPES:
            account["professional"] = True
            account["allow_message_access"] = True
        body = {"type": kind, "account": account, "default_skill": skill,
                "default_script": self.script_for_type[kind]}
        draw = rng.random()
        if draw < 0.55:
            body["sla"] = "global"
        elif draw < 0.8:
            first = rng.choice([{"minutes": 15}, {"minutes": 30}, {"hours": 2}, {"hours": 4}])
            body["sla"] = {"first_response": first, "resolution": rng.choice([{"days": 1}, {"days": 3}])}
        elif draw < 0.9:
            body["sla"] = {"first_response": rng.choice(["30m", "1h", "1h30m"]), "resolution": rng.choice(["1d", "2d12h"])}
        # else: no SLA of its own and none inherited
        return body

    def agent_role(self, rng: random.Random, channels: list[str]) -> dict:
        admin = list(ROLE_ADMIN_PERMISSIONS)
        if rng.random() < 0.3:
            admin.append(rng.choice(ROLE_EXTRA_ADMIN))
        permissions = {}
        for channel in channels:
            perms = list(AGENT_CHANNEL_PERMISSIONS)
            perms += [p for p in AGENT_EXTRA_PERMISSIONS if rng.random() < 0.4]
            if self.channels[channel]["type"] in INSTAGRAM_TYPES | {"facebook_messenger"}:
                perms += [p for p in SOCIAL_EXTRA_PERMISSIONS if rng.random() < 0.3]
            permissions[channel] = perms
        return {"admin_permissions": admin, "channels": permissions}

    def username(self, rng: random.Random, brand: str, serial: int) -> str:
        return f"{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}{serial + 1}@{brand}.example"

    # ----- the 10% change for "plan with changes" --------------------------------------
    def mutate(self, fraction: float, seed: int) -> None:
        """Change `fraction` of skills, channels and agents in place (updates, never replacements)."""
        rng = random.Random(seed * 7919 + 1)
        for name in _pick(rng, self.skills, fraction):
            body = self.skills[name]
            body["accept_reject"] = not body.get("accept_reject", False)
        for name in _pick(rng, self.channels, fraction):
            channel = self.channels[name]
            if channel.get("sla") == "global":
                channel["sla"] = {"first_response": {"hours": 3}, "resolution": {"days": 2}}
            else:
                channel["sla"] = "global"
        for name in _pick(rng, self.agents, fraction):
            skills = self.agents[name]["skills"]
            first = next(iter(skills))
            skills[first] = skills[first] % 20 + 1

    # ----- files ------------------------------------------------------------------------
    def files(self, header: str) -> dict[str, str]:
        files = {
            "tenant.yaml": _dump({"acdplan": 1, "tenant": self.tenant()}, header),
            "catalog.yaml": _dump({"campaigns": self.campaigns, "scripts": self.scripts}, header),
            "channels.yaml": _dump({"channels": self.channels}, header),
            "roles.yaml": _dump({"roles": self.roles}, header),
        }
        for stem, skills in self.team_files:
            files[f"skills/{stem}.yaml"] = _dump({"skills": {name: self.skills[name] for name in skills}}, header)
        usernames = list(self.agents)
        for number, start in enumerate(range(0, len(usernames), AGENTS_PER_FILE), start=1):
            chunk = usernames[start:start + AGENTS_PER_FILE]
            files[f"agents/agents-{number:03d}.yaml"] = _dump({"agents": {u: self.agents[u] for u in chunk}}, header)
        return files


def _pick(rng: random.Random, objects: dict, fraction: float) -> list[str]:
    names = list(objects)
    return rng.sample(names, k=round(len(names) * fraction))


def _dump(document: dict, header: str) -> str:
    return header + yaml.dump(document, Dumper=_Dumper, default_flow_style=None, sort_keys=False,
                              allow_unicode=True, width=200)


def tenant_files(size: str, seed: int = DEFAULT_SEED, mutate: float = 0.0) -> dict[str, str]:
    """The spec files of a synthetic tenant: relative path -> text."""
    generator = _Generator(SIZES[size], seed)
    generator.build()
    if mutate:
        generator.mutate(mutate, seed)
    header = HEADER.format(size=size, seed=seed, mutated=f", {mutate:.0%} changed" if mutate else "")
    return generator.files(header)


def generate(size: str, out: str | Path, seed: int = DEFAULT_SEED, mutate: float = 0.0) -> Path:
    """Write the tenant under `out` (emptied first); returns `out`."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    for relative, text in tenant_files(size, seed, mutate).items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--out", required=True, help="folder to write (emptied first)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--mutate", type=float, default=0.0, help="fraction of skills/channels/agents to change")
    args = parser.parse_args(argv)
    out = generate(args.size, args.out, args.seed, args.mutate)
    files = sorted(p for p in out.rglob("*.yaml"))
    total = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} files, {total:,} bytes, under {out}")


if __name__ == "__main__":
    main()
