"""The real tenant: plan against and apply to NICE CXone through its public REST APIs.

Each object kind has its adapter (`kinds/`, found by kind in `kinds.REGISTRY`). `read()` fetches
every list the adapters need at once (each list's pages in parallel), then lets each adapter
build its documents; a list the tenant refuses (403/404) makes the kinds built from it unreadable,
named in the snapshot, never an aborted plan. `apply_step()` hands a change to its kind's adapter;
`prepare()` gives each adapter the plan's changes first, so skills and agents are written in
batches (POST /skills and POST /agents/skills take arrays).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor

from acdplan.diagnostics import Diagnostic
from acdplan.encoded import EncodedDocuments
from acdplan.model.documents import KINDS, SECTION_OF_KIND, address
from acdplan.plan.changes import Action, Change, Plan
from acdplan.providers.base import BatchOutcomes, Provider, StepFailed, StepOutcome, TenantSnapshot
from acdplan.providers.coverage import Coverage
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import AuthenticationFailed, CxoneClient, CxoneError, Unreachable
from acdplan.providers.cxone.kinds import REGISTRY, Adapter, Context, MappingError, NotInTenant
from acdplan.tenant import IdsByKind

REFUSED = (403, 404, 405)  # a route this key may not use, or that this tenant does not have


def search_scripts(client: CxoneClient) -> list[dict]:
    """Studio scripts through the published search (cj:admin/AdminGeneralService.ts getSearchScript)."""
    return client.admin_list(routes.SCRIPTS_SEARCH, "scriptSearchDetails")


class CxoneProvider(Provider):
    name = "cxone"
    supports_parallel_steps = True
    reads_over_network = True

    def __init__(
        self,
        client: CxoneClient,
        environment: str = "cxone",
        credentials_hint: str = "",
        applied: Callable[[str], dict | None] | None = None,
    ):
        self.client = client
        self.redact = client.redact
        self.environment = environment
        self.credentials_hint = credentials_hint  # e.g. "$CXONE_ACCESS_KEY_ID": where the key comes from
        self.context = Context(client, applied)
        self.adapters: dict[str, Adapter] = {kind: adapter(self.context) for kind, adapter in REGISTRY.items()}
        self.notes: dict[str, list] = {}

    @property
    def supports(self) -> Coverage:
        """Each adapter's declaration (`Adapter.supports`); a kind without an adapter is not supported."""
        return {kind: adapter.supports for kind, adapter in self.adapters.items()}

    # --- reading ----------------------------------------------------------------------------
    def read(self) -> TenantSnapshot:
        client = self.client
        client.token()  # log in (a refused key stops here) and discover once, before the parallel reads
        client.api_base()
        sources: dict[str, Callable[[CxoneClient], list[dict]]] = {"scripts": search_scripts}
        for adapter in self.adapters.values():
            sources.update(adapter.sources)
        raw: dict[str, list[dict]] = {}
        refused: dict[str, str] = {}
        with ThreadPoolExecutor(max_workers=len(sources), thread_name_prefix="acdplan-cxone-read") as pool:
            futures = {name: pool.submit(source, client) for name, source in sources.items()}
            for name, future in futures.items():
                try:
                    raw[name] = future.result()
                except (Unreachable, AuthenticationFailed):
                    raise
                except CxoneError as error:
                    if error.status not in REFUSED:
                        raise
                    refused[name] = f"{error.method} {error.path} answered HTTP {error.status}"
        objects: dict[str, Mapping[str, dict]] = {kind: {} for kind in KINDS}
        ids: dict[str, dict[str, object]] = {}  # kind -> name -> id (IdsByKind: no address made per object)
        unreadable: dict[str, str] = {}
        notes: dict[str, list] = {}
        ambiguous: dict[str, list[str]] = {}  # one name, several objects: never taken over by name
        for kind, adapter in self.adapters.items():
            optional = adapter.optional_sources
            missing = [refused[name] for name in adapter.sources if name in refused and name not in optional]
            if missing:
                unreadable[kind] = self.redact(f"the tenant refused the read ({'; '.join(missing)})")
                continue
            read = adapter.build({name: raw.get(name, []) for name in adapter.sources})
            if adapter.unreadable:
                unreadable[kind] = adapter.unreadable
                continue
            # Kept as their canonical text, by name, as the sandbox keeps them (acdplan/encoded.py), what
            # no public route reads taken from the state (docs/CXONE.md; Adapter.read_of_kind): an unchanged
            # kind is told by comparing texts, and 20,000 agents take a fifth of the memory.
            documents = read.documents
            objects[kind] = EncodedDocuments({name: documents[name] for name in sorted(documents)})
            ids[kind] = read.ids
            for name, found in read.notes.items():
                notes[address(kind, name)] = found
            for name, several in read.ambiguous.items():
                ambiguous[address(kind, name)] = [str(tenant_id) for tenant_id in several]
        scripts = raw.get("scripts")
        with self.context.lock:
            if scripts is not None:
                # Nameless scripts left out: ids are looked up by name only (Context.known / lookup).
                self.context.ids["script"] = {
                    script: item.get("masterID") for item in scripts if (script := item.get("scriptName")) is not None
                }
            campaigns = self.context.ids.get("campaign")
        self.notes = notes
        snapshot = TenantSnapshot(
            objects=objects,
            ids=IdsByKind(ids),
            campaigns=None if "campaigns" in refused else frozenset(name for name in campaigns or {} if name),
            scripts=None
            if scripts is None
            else frozenset(script for item in scripts if (script := item.get("scriptName"))),
            authorised_accounts=None,  # no public read: a social channel's creation is manual anyway
            made_by_hand=frozenset({"role"}),  # nothing public creates a role (docs/CXONE.md)
        )
        snapshot.unreadable.update(unreadable)
        snapshot.ambiguous.update(ambiguous)
        return self.cover(snapshot)  # a managed kind no adapter reads: unreadable (PV002), never planned

    def export_hints(self) -> dict:
        """What `acdplan export` needs beyond the documents: notes on values that could not be mapped."""
        return {"notes": dict(self.notes), "account_names": {}}

    def credential_user(self) -> str | None:
        """The user acdplan applies as, for LO001: the token's `icAgentId` claim found in the agents
        list, else its `name` claim (auth-sdk cxone-user.js setUserDetails reads both from the
        id_token). None when the token names no user (the guard then has nobody to protect)."""
        claims = self.client.claims()
        with self.context.lock:
            names = dict(self.context.raw.get("user_names") or {})
        agent_id = claims.get("icAgentId")
        if agent_id is not None and str(agent_id) in names:
            return names[str(agent_id)]
        name = claims.get("name")
        return name if isinstance(name, str) and name else None

    def use_state(self, applied: Callable[[str], dict | None]) -> None:
        self.context.applied = applied  # an agent's role: no public call reads it back

    # --- manual steps and preflight -------------------------------------------------------
    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        adapter = self.adapters.get(change.kind)
        if adapter is None or change.action is Action.NOOP:
            return None
        return adapter.manual_reason(change, snapshot)

    def unwritten(self, change: Change) -> dict[str, object]:
        adapter = self.adapters.get(change.kind)
        return {} if adapter is None else adapter.unwritten(change)

    def preflight(self, plan: Plan) -> list[Diagnostic]:
        """PF001 before the first write: the applying user (credential_user) has, in acdplan's state,
        a role whose admin permissions lack Skills - Create / Skills - Edit that the plan's skill
        steps need (F15). No public route reads those permissions by name (docs/CXONE.md), so only
        what acdplan applied or a person confirmed is judged; nothing known: no finding."""
        writes = {change.action for change in plan.changes if change.kind == "skill" and not change.manual}
        needed = ({"skills.create"} if writes & {Action.CREATE, Action.REPLACE} else set()) | (
            {"skills.edit"} if writes & {Action.UPDATE, Action.DELETE, Action.REPLACE} else set())
        user = self.credential_user() if needed else None
        role = (self.context.applied(address("agent", user)) or {}).get("role") if user else None
        known = self.context.applied(address("role", role)) if role else None
        if known is None:
            return []
        missing = sorted(needed - set(known.get("admin_permissions") or ()))
        if not missing:
            return []
        from acdplan.validate.catalogue import PF001, diagnostic

        return [diagnostic(PF001, self.redact(
            f"{user!r}, the user acdplan applies as, has role {role!r}, which lacks {', '.join(missing)} (as "
            f"acdplan's state records it): the skill steps would be refused with HTTP 403 (F15); tick them in "
            f"ACD > Digital > Roles > {role} (Admin permissions) and `acdplan confirm role.{role}`, or apply as "
            f"another user"))]

    def adapter(self, kind: str) -> Adapter:
        found = self.adapters.get(kind)
        if found is None:
            raise StepFailed(f"acdplan has no CXone adapter for {kind!r}")
        return found

    def prepare(self, plan: Plan) -> None:
        """Hand each adapter its changes before any step runs, so skills and agents are written in
        batches (docs/CXONE.md)."""
        waiting = {
            change.address
            for change in plan.changes
            if change.manual and change.action in (Action.CREATE, Action.REPLACE)
        }
        grew = True
        while grew:  # what waits for a person, directly or through what it depends on: never batched
            before = len(waiting)
            waiting |= {change.address for change in plan.changes if waiting.intersection(change.depends_on)}
            grew = len(waiting) > before
        by_kind: dict[str, list[Change]] = {}
        for change in plan.changes:
            if change.address in waiting:
                continue
            by_kind.setdefault(change.kind, []).append(change)
        for kind, changes in by_kind.items():
            if kind in self.adapters:
                self.adapters[kind].prepare(changes)

    # --- applying ---------------------------------------------------------------------------
    def apply_step(self, change: Change) -> StepOutcome:
        if change.action is Action.NOOP:
            return StepOutcome(change.tenant_id)
        adapter = self.adapters.get(change.kind)
        if adapter is None:
            raise StepFailed(f"{change.address}: acdplan cannot {change.action.value} a {change.kind} in CXone")
        try:
            tenant_id = adapter.run(change)
        except (CxoneError, MappingError, NotInTenant) as error:
            raise StepFailed(self._failure(change, str(error))) from None
        return StepOutcome(None if tenant_id is None else str(tenant_id))

    def unreported(self) -> BatchOutcomes:
        """What the skill and agent batches wrote, or may have written, for steps that never took it."""
        outcomes = BatchOutcomes()
        for kind, adapter in self.adapters.items():
            written, in_doubt = adapter.unreported()
            for name, tenant_id in written.items():
                outcomes.written[address(kind, name)] = StepOutcome(None if tenant_id is None else str(tenant_id))
            outcomes.in_doubt |= {address(kind, name) for name in in_doubt}
        return outcomes

    def _failure(self, change: Change, message: str) -> str:
        section = SECTION_OF_KIND.get(change.kind, change.kind)
        where = f"specs: {section} > {change.name}" if change.kind != "tenant" else "specs: tenant"
        hint = (
            " (the access key's user needs the Skills - Create / Skills - Edit permissions, F15)"
            if change.kind == "skill" and " 403" in message
            else ""
        )
        return self.redact(f"{change.address} ({change.action.value}): {message}{hint} [{where}]")

    def abandon(self) -> None:
        self.client.abandon()

    def close(self) -> None:
        self.client.close()
