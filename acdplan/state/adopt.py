"""What `acdplan import` records: one object of the tenant, as the tenant holds it, under its address."""

from __future__ import annotations

from acdplan.model.documents import KINDS
from acdplan.state.document import ManagedResource, State, now
from acdplan.state.text import printable
from acdplan.tenant import TenantSnapshot


def adoption(state: State, snapshot: TenantSnapshot, address: str, tenant_id: str) -> list[dict]:
    """The state operations adopting `tenant_id` as `address`; ValueError/LookupError say why not."""
    kind, _, name = address.partition(".")
    if kind not in KINDS or not name:
        raise ValueError(f"{printable(address)} is not an address: KIND.NAME with KIND one of {', '.join(KINDS)}")
    if address in state.resources:
        raise ValueError(f"{printable(address)} is already in the state (id {state.resources[address].get('id')})")
    several = snapshot.ambiguous.get(address)
    if several:  # the tenant's object of that name cannot be told: never a silent choice (issue 20)
        raise ValueError(f"the tenant has {len(several)} objects named {printable(address)} "
                         f"(ids {', '.join(printable(tenant_id) for tenant_id in several)}): rename or remove in "
                         f"CXone the one that is not the spec's, then import")
    found = [held for held, held_id in snapshot.ids.items() if held_id == tenant_id]
    if not found:
        raise LookupError(f"the tenant has no object with id {printable(tenant_id)}")
    held = found[0]
    if held != address:
        raise ValueError(f"the tenant's object {printable(tenant_id)} is {printable(held)}, not {printable(address)}: "
                         f"import it as {printable(held)}")
    held_kind, _, held_name = held.partition(".")
    document = snapshot.get(held_kind, held_name)
    if document is None:
        raise LookupError(f"the tenant lists id {printable(tenant_id)} but not its object {printable(held)}")
    resource = ManagedResource(address, tenant_id, document, now())
    return [{"op": "set", "path": ["resources", address], "value": resource.as_dict()}]
