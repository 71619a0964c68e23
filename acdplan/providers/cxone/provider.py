"""The real tenant: plan against and apply to NICE CXone through its public REST APIs.

`read()` turns the tenant's objects into the model's normalised documents (through `mapping`);
`apply_step()` carries out one planned change with the fewest calls that make it true, and is
safe to repeat: every create first looks for what an interrupted earlier attempt may have left.
Server ids are resolved by name at apply time and reported back for acdplan's state; specs never
hold them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.model.documents import KINDS, SECTION_OF_KIND, TENANT_KEY, address
from acdplan.model.objects import SOCIAL_ACCOUNT_TYPES
from acdplan.plan.changes import Action, Change, Plan
from acdplan.report.ui_paths import channel_type_label, ui_path
from acdplan.providers.base import Provider, StepFailed, StepOutcome, TenantSnapshot
from acdplan.providers.cxone import mapping
from acdplan.providers.cxone.client import CxoneClient, CxoneError, Found
from acdplan.providers.cxone.mapping import MappingError, Note


class _NotInTenant(Exception):
    """A name the step refers to has no object in the tenant."""


class CxoneProvider(Provider):
    name = "cxone"
    supports_parallel_steps = True

    def __init__(self, client: CxoneClient, environment: str = "cxone", credentials_hint: str = ""):
        self.client = client
        self.redact = client.redact
        self.environment = environment
        self.credentials_hint = credentials_hint  # e.g. "$CXONE_ACCESS_KEY_ID": where the key comes from
        self._lock = threading.RLock()
        self._ids: dict[str, dict[str, object]] = defaultdict(dict)  # "skill"/"campaign"/... -> name -> id
        self._users: dict[str, object] | None = None  # casefolded user name -> agent id (every active user)
        self._active_skill_ids: set = set()
        self.notes: dict[str, list[Note]] = {}
        self.account_names: dict[str, str] = {}

    # --- reading ----------------------------------------------------------------------------
    def read(self) -> TenantSnapshot:
        client = self.client
        client.api_base()  # authenticate and discover once, before the parallel reads

        def admin_list(path: str, key: str) -> Callable[[], list[dict]]:
            return lambda: list(client.admin_pages(path, key))

        def dfo_list(path: str) -> Callable[[], list[dict]]:
            return lambda: list(client.dfo_pages(path))

        tasks = {
            "business_unit": lambda: client.get_json(client.admin_url(mapping.BUSINESS_UNIT)),
            "sla": lambda: client.get_json(client.dfo_url(mapping.SLA_SETTINGS), ok_missing=True),
            "skills": admin_list(mapping.SKILLS, mapping.SKILLS_KEY),
            "campaigns": admin_list(mapping.CAMPAIGNS, mapping.CAMPAIGNS_KEY),
            "scripts": admin_list(mapping.SCRIPTS, mapping.SCRIPTS_KEY),
            "agents": admin_list(mapping.AGENTS, mapping.AGENTS_KEY),
            "assignments": admin_list(mapping.AGENT_SKILL_ASSIGNMENTS, mapping.ASSIGNMENTS_KEY),
            "channels": dfo_list(mapping.CHANNELS),
            "accounts": dfo_list(mapping.EXTERNAL_ACCOUNTS),
            "roles": dfo_list(mapping.ROLES),
            "queues": dfo_list(mapping.ROUTING_QUEUES),
        }
        with ThreadPoolExecutor(max_workers=6, thread_name_prefix="acdplan-cxone-read") as pool:
            futures = {key: pool.submit(task) for key, task in tasks.items()}
            raw = {key: future.result() for key, future in futures.items()}
        return self._snapshot(raw)

    def _snapshot(self, raw: dict) -> TenantSnapshot:
        objects: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
        ids: dict[str, str] = {}
        notes: dict[str, list[Note]] = {}

        def keep(kind: str, name: str, tenant_id, document: dict, found: list[Note]) -> None:
            item_address = address(kind, name)
            if name in objects[kind]:
                notes.setdefault(item_address, []).append(
                    (None, f"the tenant has several {kind}s named {name!r}; only the first (id {ids[item_address]}) is read"))
                return
            objects[kind][name] = document
            ids[item_address] = str(tenant_id)
            if found:
                notes.setdefault(item_address, []).extend(found)

        campaigns = {item.get(mapping.CAMPAIGN_ID): item.get(mapping.CAMPAIGN_NAME) for item in raw["campaigns"]}
        scripts = {item.get(mapping.SCRIPT_ID): item.get(mapping.SCRIPT_NAME) for item in raw["scripts"]}
        active_skills = [item for item in raw["skills"] if item.get(mapping.IS_ACTIVE, True)]
        skill_names = {item.get(mapping.SKILL_ID): item.get(mapping.SKILL_NAME) for item in active_skills}
        digital_skill_ids = {item.get(mapping.SKILL_ID) for item in active_skills
                             if item.get("mediaTypeId") == mapping.DIGITAL_MEDIA_TYPE_ID}

        business_units = mapping.admin_page_items(raw["business_unit"], mapping.BUSINESS_UNITS_KEY)[0]
        business_unit = business_units[0] if business_units else {}
        tenant, found = mapping.tenant_document(business_unit, raw["sla"])
        keep("tenant", TENANT_KEY, business_unit.get("businessUnitId", ""), tenant, found)

        for item in sorted(active_skills, key=lambda item: str(item.get(mapping.SKILL_ID))):
            document, found = mapping.skill_document(item, campaigns)
            keep("skill", item.get(mapping.SKILL_NAME), item.get(mapping.SKILL_ID), document, found)

        channel_names = {}
        account_names = {}
        for item in raw["channels"]:
            channel_names.setdefault(item.get(mapping.DFO_ID), item.get(mapping.DFO_NAME))
            document, found = mapping.channel_document(item, skill_names, scripts)
            keep("channel", item.get(mapping.DFO_NAME), item.get(mapping.DFO_ID), document, found)
            if mapping.channel_account_name(item):
                account_names.setdefault(item.get(mapping.DFO_NAME), mapping.channel_account_name(item))

        role_names = {}
        for item in raw["roles"]:
            role_names.setdefault(item.get(mapping.DFO_ID), item.get(mapping.DFO_NAME))
            document, found = mapping.role_document(item, channel_names)
            keep("role", item.get(mapping.DFO_NAME), item.get(mapping.DFO_ID), document, found)

        assignments = defaultdict(list)
        for assignment in raw["assignments"]:
            assignments[assignment.get(mapping.AGENT_ID)].append(assignment)
        users = {}
        for item in raw["agents"]:
            if not item.get(mapping.IS_ACTIVE, True):
                continue
            username = item.get(mapping.AGENT_USERNAME)
            users.setdefault(str(username).casefold(), item.get(mapping.AGENT_ID))
            mine = assignments.get(item.get(mapping.AGENT_ID), [])
            if not mapping.is_digital_agent(item, mine, digital_skill_ids):
                continue
            document, found = mapping.agent_document(item, mine, skill_names, role_names, tenant["agent_application"])
            keep("agent", username, item.get(mapping.AGENT_ID), document, found)

        for item in raw["queues"]:
            document, found = mapping.queue_document(item, channel_names, skill_names)
            keep("routing_queue", item.get(mapping.DFO_NAME), item.get(mapping.DFO_ID), document, found)

        authorised = {account for account in map(mapping.authorised_account, raw["accounts"]) if account}
        with self._lock:
            self._ids = defaultdict(dict)
            self._ids["campaign"] = {name: campaign_id for campaign_id, name in campaigns.items() if name}
            self._ids["script"] = {name: script_id for script_id, name in scripts.items() if name}
            self._ids["routing_queue"] = {name: ids[address("routing_queue", name)] for name in objects["routing_queue"]}
            self._ids["skill"] = {name: skill_id for skill_id, name in sorted(skill_names.items(), key=lambda i: str(i[0]), reverse=True)}
            self._ids["channel"] = {name: channel_id for channel_id, name in reversed(list(channel_names.items()))}
            self._ids["role"] = {name: role_id for role_id, name in reversed(list(role_names.items()))}
            self._users = users
            self._active_skill_ids = set(skill_names)
            self.notes = notes
            self.account_names = account_names
        return TenantSnapshot(
            objects=objects, ids=ids,
            campaigns=frozenset(name for name in campaigns.values() if name),
            scripts=frozenset(name for name in scripts.values() if name),
            authorised_accounts=frozenset(authorised),
        )

    def export_hints(self) -> dict:
        """What `acdplan export` needs beyond the documents: notes on unmapped values, account names."""
        return {"notes": dict(self.notes), "account_names": dict(self.account_names)}

    # --- manual steps and preflight -------------------------------------------------------
    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        document = change.after or {}
        if change.kind == "channel" and change.action in (Action.CREATE, Action.REPLACE):
            channel_type = document.get("type", "")
            account_id = str((document.get("account") or {}).get("id", ""))
            accounts = snapshot.authorised_accounts
            if channel_type in SOCIAL_ACCOUNT_TYPES and accounts is not None and (channel_type, account_id) not in accounts:
                label = channel_type_label(channel_type)
                return (f"the {label} account {account_id} is not authorised in the tenant yet: a person must open "
                        f"{ui_path(change)}, log in to the Facebook business account and pick the account (F5); "
                        f"the next plan then creates the channel")
        if change.kind == "agent" and change.action is Action.CREATE:
            with self._lock:
                users = self._users
            if users is not None and change.name.casefold() not in users:
                return (f"user {change.name!r} does not exist in the tenant: a person must create the employee in "
                        f"Admin > Employees (acdplan configures users, it does not create them); "
                        f"the next plan then configures it")
        return None

    def preflight(self, plan: Plan) -> list[Diagnostic]:
        needed = set()
        for change in plan.changes:
            if change.kind != "skill" or change.manual:
                continue
            if change.action in (Action.CREATE, Action.REPLACE):
                needed.add(mapping.PERMISSION_SKILLS_CREATE)
            if change.action in (Action.UPDATE, Action.DELETE, Action.REPLACE):
                needed.add(mapping.PERMISSION_SKILLS_EDIT)
        if not needed:
            return []
        try:
            body = self.client.get_json(self.client.admin_url(mapping.SECURITY_PROFILE_ME), ok_missing=True)
        except CxoneError as error:
            body, failure = None, str(error)
        else:
            failure = "the tenant does not say which permissions the credentials have"
        if body is None:
            return [Diagnostic("PF001", Severity.WARNING,
                               f"could not check before applying that the credentials may "
                               f"{' and '.join(sorted(needed))} ({self.redact(failure)}); "
                               f"if a skill step fails with HTTP 403, grant them (F15)", fact="F15")]
        granted = {str(permission) for permission in body.get(mapping.PERMISSIONS_KEY) or []}
        missing = sorted(needed - granted)
        if not missing:
            return []
        where = f" (access key {self.credentials_hint})" if self.credentials_hint else ""
        return [Diagnostic(
            "PF001", Severity.ERROR,
            f"environment {self.environment!r}: the credentials{where} lack the permission"
            f"{'s' if len(missing) > 1 else ''} {' and '.join(missing)}, needed by this plan's skill steps (F15); "
            f"grant {'them' if len(missing) > 1 else 'it'} to the key's user in Admin > Security > Roles and "
            f"Permissions, or apply with another access key", fact="F15")]

    # --- applying ---------------------------------------------------------------------------
    def apply_step(self, change: Change) -> StepOutcome:
        handler = getattr(self, f"_{change.kind}_{change.action.value}", None)
        if change.action is Action.NOOP:
            return StepOutcome(change.tenant_id)
        if handler is None:
            raise StepFailed(f"{change.address}: acdplan cannot {change.action.value} a {change.kind} in CXone")
        try:
            tenant_id = handler(change)
        except CxoneError as error:
            raise StepFailed(self._failure(change, str(error))) from None
        except (MappingError, _NotInTenant) as error:
            raise StepFailed(self._failure(change, str(error))) from None
        return StepOutcome(None if tenant_id is None else str(tenant_id))

    def _failure(self, change: Change, message: str) -> str:
        section = SECTION_OF_KIND.get(change.kind, change.kind)
        where = f"specs: {section} > {change.name}" if change.kind != "tenant" else "specs: tenant"
        return self.redact(f"{change.address} ({change.action.value}): {message} [{where}]")

    # tenant settings ------------------------------------------------------------------------
    def _tenant_update(self, change: Change):
        document = change.after or {}
        self.client.request("PUT", self.client.admin_url(mapping.BUSINESS_UNIT), json_body=mapping.business_unit_body(document))
        self.client.request("PUT", self.client.dfo_url(mapping.SLA_SETTINGS), json_body=mapping.sla_settings_body(document))
        return change.tenant_id

    _tenant_create = _tenant_update

    # skills -----------------------------------------------------------------------------------
    def _find_skill(self, name: str) -> dict | None:
        """The skill of that exact name, the active one first (searchString matches substrings)."""
        matches = [item for item in self.client.admin_pages(mapping.SKILLS, mapping.SKILLS_KEY,
                                                            {mapping.ADMIN_SEARCH_PARAM: name})
                   if item.get(mapping.SKILL_NAME) == name]
        matches.sort(key=lambda item: (not item.get(mapping.IS_ACTIVE, True), str(item.get(mapping.SKILL_ID))))
        return matches[0] if matches else None

    def _skill_create(self, change: Change):
        document = change.after or {}
        campaign_id = self._lookup("campaign", document.get("campaign"))
        body = mapping.skill_body(change.name, document, campaign_id)
        existing = self._find_skill(change.name)
        if existing is not None:  # an inactive skill of that name (ACD skills are never removed): bring it back
            skill_id = existing[mapping.SKILL_ID]
            self.client.request("PUT", self.client.admin_url(mapping.skill_path(skill_id)),
                                json_body={**body, mapping.IS_ACTIVE: True})
        else:
            result = self.client.create(self.client.admin_url(mapping.SKILLS),
                                        mapping.skill_create_body(change.name, document, campaign_id),
                                        find=lambda: self._find_skill(change.name))
            if not isinstance(result, Found):
                self._check_batch_result(result, "skillsResults")
            created = result.value if isinstance(result, Found) else self._find_skill(change.name)
            if created is None:
                raise CxoneError(f"the skill was accepted but cannot be found by its name {change.name!r}")
            skill_id = created[mapping.SKILL_ID]
        self._remember("skill", change.name, skill_id)
        with self._lock:
            self._active_skill_ids.add(skill_id)
        return skill_id

    def _check_batch_result(self, response, key: str) -> None:
        """[doc] batch creates answer `{errorCount, <key>: [{success, error}]}`."""
        try:
            body = response.json()
        except ValueError:
            return
        for result in (body.get(key) or []) if isinstance(body, dict) else []:
            if isinstance(result, dict) and result.get("success") is False:
                raise CxoneError(f"the tenant refused it: {self.redact(result.get('error') or 'no reason given')}")

    def _skill_id_for(self, change: Change):
        source = change.renamed_from or change.name
        if change.tenant_id:
            return _native(change.tenant_id)
        found = self._find_skill(source)
        if found is None:
            raise _NotInTenant(f"skill {source!r} is not in the tenant any more")
        return found[mapping.SKILL_ID]

    def _skill_update(self, change: Change):
        skill_id = self._skill_id_for(change)
        document = change.after or {}
        campaign_id = self._lookup("campaign", document.get("campaign"))
        self.client.request("PUT", self.client.admin_url(mapping.skill_path(skill_id)),
                            json_body=mapping.skill_body(change.name, document, campaign_id))
        if change.renamed_from:
            self._forget("skill", change.renamed_from)
        self._remember("skill", change.name, skill_id)
        return skill_id

    def _skill_delete(self, change: Change):
        skill_id = self._skill_id_for(change)
        self.client.request("PUT", self.client.admin_url(mapping.skill_path(skill_id)),
                            json_body={mapping.IS_ACTIVE: False})  # [likely] deactivated, never removed
        self._forget("skill", change.name)
        return None

    def _skill_replace(self, change: Change):
        skill_id = self._skill_id_for(change)
        self.client.request("PUT", self.client.admin_url(mapping.skill_path(skill_id)), json_body={
            mapping.SKILL_NAME: mapping.retired_skill_name(change.name, skill_id), mapping.IS_ACTIVE: False})
        self._forget("skill", change.name)
        return self._skill_create(change)

    # channels -----------------------------------------------------------------------------------
    def _find_channel(self, name: str) -> dict | None:
        return _first_named(self.client.dfo_pages(mapping.CHANNELS), name)

    def _channel_body(self, change: Change) -> dict:
        document = change.after or {}
        skill_id = self._lookup("skill", document.get("default_skill"))
        script_id = self._lookup("script", document.get("default_script"))
        return mapping.channel_body(change.name, document, skill_id, script_id)

    def _channel_create(self, change: Change):
        body = self._channel_body(change)
        result = self.client.create(self.client.dfo_url(mapping.CHANNELS), body,
                                    find=lambda: self._find_channel(change.name))
        created = result.value if isinstance(result, Found) else _body(result)
        channel_id = created.get(mapping.DFO_ID) if created else None
        if channel_id is None:
            found = self._find_channel(change.name)
            if found is None:
                raise CxoneError(f"the channel was accepted but cannot be found by its name {change.name!r}")
            channel_id = found[mapping.DFO_ID]
        self._remember("channel", change.name, channel_id)
        return channel_id

    def _channel_id_for(self, change: Change):
        if change.tenant_id:
            return change.tenant_id
        source = change.renamed_from or change.name
        found = self._find_channel(source)
        if found is None:
            raise _NotInTenant(f"channel {source!r} is not in the tenant any more")
        return found[mapping.DFO_ID]

    def _channel_update(self, change: Change):
        channel_id = self._channel_id_for(change)
        self.client.request("PUT", self.client.dfo_url(mapping.channel_path(channel_id)), json_body=self._channel_body(change))
        if change.renamed_from:
            self._forget("channel", change.renamed_from)
        self._remember("channel", change.name, channel_id)
        return channel_id

    def _channel_delete(self, change: Change):
        channel_id = self._channel_id_for(change)
        self.client.request("DELETE", self.client.dfo_url(mapping.channel_path(channel_id)), ok=(200, 202, 204, 404))
        self._forget("channel", change.name)
        return None

    def _channel_replace(self, change: Change):
        self._channel_delete(change)
        return self._channel_create(change)

    # roles --------------------------------------------------------------------------------------
    def _find_role(self, name: str) -> dict | None:
        return _first_named(self.client.dfo_pages(mapping.ROLES), name)

    def _role_body(self, change: Change) -> dict:
        document = change.after or {}
        channel_ids = {channel: self._lookup("channel", channel) for channel in document.get("channels", {})}
        return mapping.role_body(change.name, document, channel_ids)

    def _role_create(self, change: Change):
        body = self._role_body(change)
        result = self.client.create(self.client.dfo_url(mapping.ROLES), body, find=lambda: self._find_role(change.name))
        created = result.value if isinstance(result, Found) else _body(result)
        role_id = created.get(mapping.DFO_ID) if created else None
        if role_id is None:
            found = self._find_role(change.name)
            if found is None:
                raise CxoneError(f"the role was accepted but cannot be found by its name {change.name!r}")
            role_id = found[mapping.DFO_ID]
        self._remember("role", change.name, role_id)
        return role_id

    def _role_id_for(self, change: Change):
        if change.tenant_id:
            return change.tenant_id
        found = self._find_role(change.name)
        if found is None:
            raise _NotInTenant(f"role {change.name!r} is not in the tenant any more")
        return found[mapping.DFO_ID]

    def _role_update(self, change: Change):
        role_id = self._role_id_for(change)
        self.client.request("PUT", self.client.dfo_url(mapping.role_path(role_id)), json_body=self._role_body(change))
        self._remember("role", change.name, role_id)
        return role_id

    def _role_delete(self, change: Change):
        role_id = self._role_id_for(change)
        self.client.request("DELETE", self.client.dfo_url(mapping.role_path(role_id)), ok=(200, 202, 204, 404))
        self._forget("role", change.name)
        return None

    def _role_replace(self, change: Change):
        self._role_delete(change)
        return self._role_create(change)

    # agents -------------------------------------------------------------------------------------
    def _user_id(self, username: str):
        key = username.casefold()
        with self._lock:
            if self._users is not None and key in self._users:
                return self._users[key]
        for item in self.client.admin_pages(mapping.AGENTS, mapping.AGENTS_KEY, {mapping.ADMIN_SEARCH_PARAM: username}):
            if str(item.get(mapping.AGENT_USERNAME)).casefold() == key and item.get(mapping.IS_ACTIVE, True):
                with self._lock:
                    if self._users is not None:
                        self._users[key] = item[mapping.AGENT_ID]
                return item[mapping.AGENT_ID]
        raise _NotInTenant(f"user {username!r} does not exist in the tenant; create the employee in Admin > Employees")

    def _assignments(self, agent_id) -> dict:
        url_path = mapping.agent_skills_path(agent_id)
        return {item.get(mapping.SKILL_ID): item
                for item in self.client.admin_pages(url_path, mapping.ASSIGNMENTS_KEY)}

    def _agent_create(self, change: Change):
        document = change.after or {}
        agent_id = self._user_id(change.name)
        role_id = self._lookup("role", document.get("role"))
        self.client.request("PUT", self.client.admin_url(mapping.agent_path(agent_id)),
                            json_body=mapping.agent_body(document, role_id))
        desired = {self._lookup("skill", name): proficiency for name, proficiency in document.get("skills", {}).items()}
        self._sync_agent_skills(agent_id, desired)
        return agent_id

    _agent_update = _agent_create

    def _agent_delete(self, change: Change):
        """Unbind: the user stays, without its Digital role, attribute and the skills acdplan gave it."""
        agent_id = self._user_id(change.name)
        self.client.request("PUT", self.client.admin_url(mapping.agent_path(agent_id)),
                            json_body=mapping.agent_body(None, None))
        current = self._assignments(agent_id)
        with self._lock:
            skill_ids = dict(self._ids["skill"])
        managed = {skill_ids.get(name) for name in (change.before or {}).get("skills", {})}
        remove = [skill_id for skill_id in current if skill_id in managed]
        if remove:
            self.client.request("DELETE", self.client.admin_url(mapping.agent_skills_path(agent_id)),
                                json_body=mapping.agent_skills_removal_body(remove))
        return None

    def _sync_agent_skills(self, agent_id, desired: dict) -> None:
        current = self._assignments(agent_id)
        with self._lock:
            active = set(self._active_skill_ids)
        add = {skill_id: level for skill_id, level in desired.items() if skill_id not in current}
        change = {skill_id: level for skill_id, level in desired.items()
                  if skill_id in current and (mapping.assignment_proficiency(current[skill_id]) != level
                                              or not current[skill_id].get(mapping.IS_ACTIVE, True))}
        remove = [skill_id for skill_id in current if skill_id not in desired and skill_id in active]
        url = self.client.admin_url(mapping.agent_skills_path(agent_id))
        if add:
            def added():
                now = self._assignments(agent_id)
                return True if all(skill_id in now for skill_id in add) else None

            result = self.client.create(url, mapping.agent_skills_body(add), find=added)
            if not isinstance(result, Found):
                self._check_batch_result(result, "skillResults")
        if change:
            self.client.request("PUT", url, json_body=mapping.agent_skills_body(change))
        if remove:
            self.client.request("DELETE", url, json_body=mapping.agent_skills_removal_body(remove))

    # routing queues -----------------------------------------------------------------------------
    def _routing_queue_update(self, change: Change):
        queue_id = change.tenant_id or self._lookup("routing_queue", change.name)
        document = change.after or {}
        channel_ids = {}
        skill_ids = {}
        for body in document.get("filters", {}).values():
            for channel in body.get("included_channels", []):
                channel_ids[channel] = self._lookup("channel", channel)
            for skill in body.get("included_skills", []):
                skill_ids[skill] = self._lookup("skill", skill)
        self.client.request("PUT", self.client.dfo_url(mapping.queue_filters_path(queue_id)),
                            json_body=mapping.queue_filters_body(document, channel_ids, skill_ids))
        return queue_id

    def _routing_queue_create(self, change: Change):
        raise _NotInTenant(f"routing queue {change.name!r} does not exist, and new routing queues cannot be created (F14)")

    # --- name -> id ------------------------------------------------------------------------------
    def _remember(self, kind: str, name: str, tenant_id) -> None:
        with self._lock:
            self._ids[kind][name] = tenant_id

    def _forget(self, kind: str, name: str) -> None:
        with self._lock:
            self._ids[kind].pop(name, None)

    def _lookup(self, kind: str, name: str | None):
        """The tenant's id for a name (None for None), from the last read or a fresh search."""
        if name is None:
            return None
        with self._lock:
            known = self._ids[kind].get(name)
        if known is not None:
            return known
        found = None
        if kind == "skill":
            item = self._find_skill(name)
            found = item[mapping.SKILL_ID] if item and item.get(mapping.IS_ACTIVE, True) else None
        elif kind == "campaign":
            found = next((item[mapping.CAMPAIGN_ID] for item in self.client.admin_pages(mapping.CAMPAIGNS, mapping.CAMPAIGNS_KEY)
                          if item.get(mapping.CAMPAIGN_NAME) == name), None)
        elif kind == "script":
            found = next((item[mapping.SCRIPT_ID] for item in self.client.admin_pages(mapping.SCRIPTS, mapping.SCRIPTS_KEY)
                          if item.get(mapping.SCRIPT_NAME) == name), None)
        elif kind == "channel":
            item = self._find_channel(name)
            found = item[mapping.DFO_ID] if item else None
        elif kind == "role":
            item = self._find_role(name)
            found = item[mapping.DFO_ID] if item else None
        elif kind == "routing_queue":
            item = _first_named(self.client.dfo_pages(mapping.ROUTING_QUEUES), name)
            found = item[mapping.DFO_ID] if item else None
        if found is None:
            words = {"script": "Studio script", "routing_queue": "routing queue"}
            raise _NotInTenant(f"{words.get(kind, kind)} {name!r} does not exist in the tenant")
        self._remember(kind, name, found)
        return found

    def close(self) -> None:
        self.client.close()


def _first_named(items, name: str) -> dict | None:
    matches = [item for item in items if item.get(mapping.DFO_NAME) == name]
    matches.sort(key=lambda item: str(item.get(mapping.DFO_ID)))
    return matches[0] if matches else None


def _body(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _native(value):
    """Ids come back from state as text; the admin API's ids are numbers."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value
