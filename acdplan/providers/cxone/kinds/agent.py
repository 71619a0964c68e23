"""Agents (users with a Digital configuration), from the admin API (cj:admin/AdminAgentsService.ts):

- read: `GET /agents` (skip/top; `DigitalEngagementEnabled`, `notes`) and every assignment with
  `GET /agents/skills` (`agentSkillAssignments`: agentId, skillId, agentProficiencyValue, isActive);
- write, batched: `PUT /agents {agents: [{agentId, digitalEngagementEnabled, notes, roleId}]}`
  (`agentResults` checked per agent) and `POST /agents/skills {agentAndSkillDetails: [{agentIds,
  skills: [{skillId, proficiency, isActive}]}]}` (`resultSet.skillResults` checked per item);
- remove skills: `DELETE /agents/{id}/skills {skills: [{skillId}]}` (ps:Remove-ICAgentSkill.ps1).

An agent's role is written by id and no public call reads it back, so it is taken from what acdplan
last applied (its state), as a write-only value. The agent application has no public field at
all: a manual step. Users are never created (Admin > Employees).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import ClassVar, cast

from acdplan.encoded import Encoded, decode_document, encode_document
from acdplan.model.documents import address
from acdplan.plan.changes import Action, Change, without_entries
from acdplan.providers.base import TenantSnapshot
from acdplan.providers.coverage import Operation
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import CxoneClient, CxoneError
from acdplan.providers.cxone.kinds.base import (
    Adapter,
    KindRead,
    Note,
    NotInTenant,
    Sources,
    changed_fields,
    refused_outright,
    reply_body,
    values_text,
)
from acdplan.providers.cxone.rows import AgentRow, AssignmentRow
from acdplan.report.ui_paths import ui_path

BATCH = 100  # agents per PUT /agents and per POST /agents/skills
MANUAL_FIELDS = frozenset({"application"})


def list_agents(client: CxoneClient) -> list[dict]:
    return client.admin_list(routes.AGENTS, "agents", row=AgentRow)  # only what the plan reads (rows.py)


def list_assignments(client: CxoneClient) -> list[dict]:
    return client.admin_list(routes.AGENTS_SKILLS, "agentSkillAssignments", row=AssignmentRow)


def digital_engagement(raw: dict) -> bool:
    return bool(raw.get("DigitalEngagementEnabled", raw.get("digitalEngagementEnabled")))  # GET list / by id spelling


def unknown_to_export(document: dict, has_digital_skill: bool) -> list[Note]:
    """Export's visible markers for an agent acdplan never configured: its application and role are
    not read back (no published field), so the exported spec says they must be set by hand; where
    the CXone Agent default would break F9's rules, those rules are silenced on that line with why."""
    notes: list[Note] = [(None, "set by hand: `application` and `role` (no public CXone API reads a user's "
                                "agent application or role)")]
    rules = [rule for rule, broken in (("AG001", not document.get("digital_engagement")),
                                       ("AG002", not has_digital_skill)) if broken]
    if rules:
        notes.append((None, f"acdplan:ignore {', '.join(rules)} the agent application is not read back from CXone: "
                            f"set `application` by hand"))
    return notes


def proficiency(assignment: dict) -> int:
    return int(assignment.get("agentProficiencyValue") or assignment.get("proficiency") or 1)


class _Assignments:
    """Every agent's skill assignments as read, kept as one text until an apply asks for an
    agent's (a plan never does): 20,000 agents' lists took a text and a header each."""

    __slots__ = ("_by_agent", "_text")

    def __init__(self, by_agent: list[list]):
        self._text: Encoded = encode_document(by_agent)  # [[agent id, [assignment, ...]], ...]: ids keep their type
        self._by_agent: dict[object, list[dict]] | None = None

    def get(self, agent_id) -> list[dict] | None:
        if self._by_agent is None:
            self._by_agent = {agent: mine for agent, mine in decode_document(self._text)}
        return self._by_agent.get(agent_id)


class AgentAdapter(Adapter):
    kind = "agent"
    # an existing user: its Digital attribute and skills through the admin API; delete unbinds them
    supports = frozenset({Operation.READ, Operation.CREATE, Operation.UPDATE, Operation.DELETE})
    sources: ClassVar[Sources] = {"agents": list_agents, "assignments": list_assignments}
    unread = ("application",)  # no published field on users

    def unwritten(self, change: Change) -> dict[str, object]:
        return {"application": "cxone_agent"}  # what the read shows of a user acdplan never configured

    def __init__(self, context):
        super().__init__(context)
        self._batch_lock = threading.Lock()
        self._pending: dict[str, Change] = {}
        self._outcomes: dict[str, object] = {}
        # agent id -> its assignments as last read, kept as JSON text (70,000 dicts at L otherwise)
        self._assignments: _Assignments | None = None
        self._sent: set[str] = set()  # agents in a call the tenant may have carried out (not a 4xx)

    # --- reading ---------------------------------------------------------------------------
    def build(self, raw: dict) -> KindRead:
        read = self.read_of_kind()
        with self.context.lock:
            skill_names = {skill_id: name for name, skill_id in self.context.ids.get("skill", {}).items()}
            digital = set(self.context.raw.get("digital_skill_ids", ()))
        # agent id -> its assignments: a list each (the read checked that no skill is listed twice
        # for one agent: IDENTITIES), smaller than a dict for each of 20,000 agents.
        assignments: dict[object, list] = defaultdict(list)
        for assignment in raw["assignments"]:
            assignments[assignment.get("agentId")].append(assignment)
        users: dict[str, object] = {}  # user name (casefolded) -> agent id
        spelled: dict[str, str] = {}  # user name (casefolded) -> as the first user with it writes it
        several: dict[str, list[tuple[str, object]]] = {}  # casefolded -> (name, id) of each, when more than one
        for item in sorted(raw["agents"], key=lambda item: str(item.get("agentId"))):
            if not item.get("isActive", True):
                continue
            username = str(item.get("userName"))
            folded = username.casefold()
            if folded in users:
                several.setdefault(folded, [(spelled[folded], users[folded])]).append((username, item.get("agentId")))
            else:
                users[folded], spelled[folded] = item.get("agentId"), username
            mine = assignments.get(item.get("agentId"), [])
            applied = self.context.applied(address("agent", username))
            digital_skill = any(assignment.get("skillId") in digital for assignment in mine)
            if not (digital_engagement(item) or applied is not None or digital_skill):
                continue
            document, notes = self._document(item, mine, skill_names, applied)
            if applied is None:  # never applied: what no public call reads is unknown, said where export writes it
                notes += unknown_to_export(document, digital_skill)
            read.keep(username, item.get("agentId"), document, notes)
        for spellings in several.values():  # user names are matched without case: one name, several users
            for username, _ in spellings:
                read.ambiguous[username] = [agent_id for _, agent_id in spellings]
        with self.context.lock:
            self.context.ids["user"] = users
            self.context.raw["user_names"] = {str(item.get("agentId")): str(item.get("userName"))
                                              for item in raw["agents"] if item.get("isActive", True)}
        self._assignments = _Assignments([[agent, mine] for agent, mine in assignments.items()])
        return read

    @staticmethod
    def _document(raw: dict, assignments: list, skill_names: dict, applied: dict | None) -> tuple[dict, list[Note]]:
        skills = {}
        for assignment in assignments:
            name = skill_names.get(assignment.get("skillId"))
            if name is not None and assignment.get("isActive", True):  # inactive skills are not configuration
                skills[name] = proficiency(assignment)
        document: dict = {
            "application": "cxone_agent",  # no public field: see MANUAL_FIELDS
            "digital_engagement": digital_engagement(raw),
            "skills": {name: skills[name] for name in sorted(skills)},
            "role": (applied or {}).get("role"),  # written by id, read back from acdplan's state
        }
        if raw.get("notes"):
            document["description"] = raw["notes"]
        return document, []

    # --- manual steps ----------------------------------------------------------------------
    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        if change.action is Action.DELETE:
            return None
        with self.context.lock:
            users = self.context.ids.get("user")
        if change.action is Action.CREATE and users is not None and change.name.casefold() not in users:
            return (
                f"user {change.name!r} does not exist in the tenant: a person must create the employee in "
                f"Admin > Employees (acdplan configures users, it does not create them); "
                f"the next plan then configures it"
            )
        changed = changed_fields(change)
        if change.action is Action.UPDATE and changed and changed <= MANUAL_FIELDS:
            return (
                f"no public CXone API sets a user's agent application: open {ui_path(change)} and set "
                f"{values_text(change.after or {}, changed)}; acdplan cannot read it back, so the plan keeps "
                f"showing this step"
            )
        return None

    # --- writing ---------------------------------------------------------------------------
    def prepare(self, changes: list[Change]) -> None:
        with self._batch_lock:
            self._pending = {
                change.name: change
                for change in changes
                if change.action in (Action.CREATE, Action.UPDATE) and not change.manual
            }

    def _user_id(self, username: str):
        with self.context.lock:
            known = (self.context.ids.get("user") or {}).get(username.casefold())
        if known is not None:
            return known
        for item in self.client.admin_list(routes.AGENTS, "agents", {"searchString": username}):
            if str(item.get("userName")).casefold() == username.casefold() and item.get("isActive", True):
                return item.get("agentId")
        raise NotInTenant(f"user {username!r} does not exist in the tenant; create the employee in Admin > Employees")

    def _resolved(self, change: Change) -> tuple[object, dict, object] | None:
        """(user id, skill id -> proficiency, role id) when every name is known now, else None."""
        document = change.after or {}
        with self.context.lock:
            users = self.context.ids.get("user") or {}
            skills = self.context.ids.get("skill") or {}
            roles = self.context.ids.get("role") or {}
        user_id = users.get(change.name.casefold())
        wanted = {skills.get(name): level for name, level in document.get("skills", {}).items()}
        role_id = roles.get(document["role"]) if document.get("role") else None
        if user_id is None or None in wanted or (document.get("role") and role_id is None):
            return None
        return user_id, wanted, role_id

    def _resolve(self, change: Change) -> tuple[object, dict, object]:
        resolved = self._resolved(change)
        if resolved is not None:
            return resolved
        document = change.after or {}
        user_id = self._user_id(change.name)
        wanted = {
            self.context.lookup("skill", name, self._skill_ids): level
            for name, level in document.get("skills", {}).items()
        }
        role_id = self.context.lookup("role", document.get("role"), self._role_ids) if document.get("role") else None
        return user_id, wanted, role_id

    def _skill_ids(self) -> dict:
        from acdplan.providers.cxone.kinds.skill import list_skills

        return {
            item.get("skillName"): item.get("skillId")
            for item in list_skills(self.client)
            if item.get("isActive", True)
        }

    def _role_ids(self) -> dict:
        from acdplan.providers.cxone.kinds.role import search_roles

        return {role.get("roleName"): role.get("roleId") for role in search_roles(self.client)}

    def _current(self, agent_id) -> dict:
        if self._assignments is not None:  # the read listed every assignment: none here means none
            mine = self._assignments.get(agent_id)
            return {} if mine is None else {item.get("skillId"): item for item in mine}
        items = self.client.admin_list(routes.agent_skills_path(agent_id), "agentSkillAssignments")
        return {item.get("skillId"): item for item in items}

    def _apply_batch(self, changes: list[tuple[Change, tuple]]) -> None:
        """Attributes, then skill additions and changes, for many agents in few calls; removals per agent."""
        attributes = []
        for change, (agent_id, _, role_id) in changes:
            if change.action is Action.CREATE or changed_fields(change) & {"digital_engagement", "description", "role"}:
                document = change.after or {}
                entry = {
                    "agentId": str(agent_id),  # published as a string (cj:AdminAgentsService.ts PUT /agents)
                    "digitalEngagementEnabled": bool(document.get("digital_engagement")),
                    "notes": document.get("description") or "",
                }
                if role_id is not None:
                    entry["roleId"] = str(role_id)
                attributes.append((change.name, entry))
        for start in range(0, len(attributes), BATCH):
            chunk = attributes[start : start + BATCH]
            try:
                response = self.client.request(
                    "PUT", self.client.admin_url(routes.AGENTS), json_body={"agents": [entry for _, entry in chunk]}
                )
            except CxoneError as error:  # the skills are still sent: each call of the batch stands alone
                self._failed_call([name for name, _ in chunk], error)
                continue
            self._sent.update(name for name, _ in chunk)
            self._per_item(response, "agentResults", chunk)
        groups: dict[tuple, list] = defaultdict(list)
        removals = []
        for change, (agent_id, wanted, _) in changes:
            current = self._current(agent_id)
            upsert = tuple(
                sorted(
                    (skill_id, level)
                    for skill_id, level in wanted.items()
                    if skill_id not in current
                    or proficiency(current[skill_id]) != level
                    or not current[skill_id].get("isActive", True)
                )
            )
            if upsert:
                groups[upsert].append((change.name, agent_id))
            managed = {self.context.known("skill", name) for name in (change.before or {}).get("skills", {})}
            gone = [skill_id for skill_id in current if skill_id not in wanted and skill_id in managed]
            if gone:
                removals.append((change.name, agent_id, gone))
        entries = [(skills, members) for skills, members in groups.items()]
        groups_chunk: list[tuple[tuple, list]] = []  # (skill levels, agents) groups, up to BATCH agents
        size = 0
        for skills, members in entries:
            for start in range(0, len(members), BATCH):
                groups_chunk.append((skills, members[start : start + BATCH]))
                size += len(members[start : start + BATCH])
                if size >= BATCH:
                    self._post_skills(groups_chunk)
                    groups_chunk, size = [], 0
        if groups_chunk:
            self._post_skills(groups_chunk)
        for name, agent_id, gone in removals:
            try:
                self.client.request(
                    "DELETE",
                    self.client.admin_url(routes.agent_skills_path(agent_id)),
                    json_body={"skills": [{"skillId": str(skill_id)} for skill_id in gone]},
                )
            except CxoneError as error:
                self._failed_call([name], error)
                continue
            self._sent.add(name)

    def _post_skills(self, chunk: list) -> None:
        body = {
            "agentAndSkillDetails": [
                {
                    "agentIds": [str(agent_id) for _, agent_id in members],
                    "skills": [
                        {"skillId": str(skill_id), "proficiency": level, "isActive": True}  # a string, as published
                        for skill_id, level in skills
                    ],
                }
                for skills, members in chunk
            ]
        }
        names = [(name, agent_id) for _, members in chunk for name, agent_id in members]
        try:
            response = self.client.request(
                "POST", self.client.admin_url(routes.AGENTS_SKILLS), json_body=body, retry_post=True
            )  # add or modify: repeating it is harmless
        except CxoneError as error:
            self._failed_call([name for name, _ in names], error)
            return
        self._sent.update(name for name, _ in names)
        result, readable = reply_body(response)
        if not readable:
            for name, _ in names:
                self._fail(name, CxoneError("the answer was cut short: whether the skills were assigned is unknown"))
            return
        result = result.get("resultSet", result) if isinstance(result, dict) else {}
        for entry in result.get("skillResults") or []:
            if isinstance(entry, dict) and entry.get("success") is False:
                failed = [name for name, agent_id in names if str(entry.get("agentId")) == str(agent_id)] or [
                    name for name, _ in names
                ]
                for name in failed:
                    self._fail(
                        name,
                        CxoneError(
                            f"the tenant refused skill {entry.get('skillId')}: "
                            f"{entry.get('error') or 'no reason given'}"
                        ),
                    )

    def _made(self, change: Change) -> set:
        """Ids of the skills acdplan gave this agent and may take away: the tenant's, less those the
        plan keeps as hand-made, and only those its state says it applied (issue 20)."""
        names = set((without_entries(change.before, change.kept) if change.before else {}).get("skills", {}))
        applied = self.context.applied(change.address)
        if applied is not None:
            names &= set(applied.get("skills") or {})
        return {self.context.known("skill", name) for name in names} - {None}

    def _fail(self, name: str, error: CxoneError) -> None:
        if not isinstance(self._outcomes.get(name), CxoneError):
            self._outcomes[name] = error

    def _failed_call(self, names: list[str], error: CxoneError) -> None:
        """A call of the batch failed: its agents' steps fail; unless the tenant refused it outright,
        it may have been carried out (read back by the applier before anything is recorded)."""
        for name in names:
            self._fail(name, error)
        if not refused_outright(error):
            self._sent.update(names)

    def unreported(self) -> tuple[dict[str, object], set[str]]:
        """Agents the batch configured whose steps never took the outcome, and those a call of the
        batch may have changed though it failed (read back by the applier before they are recorded)."""
        with self._batch_lock:
            written = {name: found for name, found in self._outcomes.items() if not isinstance(found, Exception)}
            return written, self._sent - written.keys()

    def _per_item(self, response, key: str, chunk: list) -> None:
        body, readable = reply_body(response)
        if not readable:
            for name, _ in chunk:
                self._fail(name, CxoneError("the answer was cut short: whether the agent was changed is unknown"))
            return
        results = body.get(key) if isinstance(body, dict) else None
        by_id = {str(entry.get("agentId")): entry for entry in results or [] if isinstance(entry, dict)}
        for name, entry in chunk:
            result = by_id.get(str(entry["agentId"]))
            if result is not None and result.get("success") is False:
                self._fail(name, CxoneError(f"the tenant refused it: {result.get('error') or 'no reason given'}"))

    def _run(self, change: Change):
        with self._batch_lock:
            if change.name not in self._outcomes:
                batch = [(change, self._resolve(change))]
                for name, other in list(self._pending.items()):
                    if name == change.name:
                        continue
                    resolved = self._resolved(other)
                    if resolved is not None:
                        batch.append((other, resolved))
                        self._pending.pop(name)
                self._pending.pop(change.name, None)
                for member, (agent_id, _, _) in batch:
                    self._outcomes[member.name] = agent_id
                try:
                    self._apply_batch(batch)
                except CxoneError as error:
                    for member, _ in batch:
                        self._outcomes[member.name] = error
            outcome = self._outcomes.pop(change.name)
        if isinstance(outcome, (CxoneError, NotInTenant)):
            raise outcome
        return outcome

    def create(self, change: Change):
        return self._run(change)

    update = create

    def delete(self, change: Change):
        """Unbind: the user stays, without the Digital attribute and the skills acdplan gave it."""
        agent_id = self._user_id(change.name)
        response = self.client.request(
            "PUT",
            self.client.admin_url(routes.AGENTS),
            json_body={"agents": [{"agentId": str(agent_id), "digitalEngagementEnabled": False}]},
        )
        self._per_item(response, "agentResults", [(change.name, {"agentId": agent_id})])
        outcome = self._outcomes.pop(change.name, None)
        if outcome is not None:
            # Only `_fail` (through `_per_item` just above) leaves an entry for a deleted agent: a CxoneError.
            raise cast(CxoneError, outcome)
        current = self._current(agent_id)
        gone = [skill_id for skill_id in current if skill_id in self._made(change)]
        if gone:
            self.client.request(
                "DELETE",
                self.client.admin_url(routes.agent_skills_path(agent_id)),
                json_body={"skills": [{"skillId": str(skill_id)} for skill_id in gone]},
            )
        return None
