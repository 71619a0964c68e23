"""Tenant settings (agent application, dynamic delivery, working hours, global SLA).

`GET /business-unit` (cj:admin/AdminGeneralService.ts) is the only public read of the business
unit, and none of its published fields is one of these settings; nothing public writes them.
So the tenant reads as the model's defaults, and any other value is a manual step whose reason
gives the screen and the values: the next plan shows it again, as no read can confirm it.
"""

from __future__ import annotations

from typing import ClassVar

from acdplan.model.documents import TENANT_KEY
from acdplan.plan.changes import Action, Change
from acdplan.providers.base import TenantSnapshot
from acdplan.providers.cxone import routes
from acdplan.providers.cxone.client import CxoneClient, admin_page_items
from acdplan.providers.cxone.kinds.base import Adapter, KindRead, NotInTenant, Sources, changed_fields, values_text

DEFAULTS = {"agent_application": "cxone_agent", "dynamic_delivery": False}
SCREENS = {
    "agent_application": "Admin > Business Unit > Details (default agent application)",
    "dynamic_delivery": "ACD > Digital > Settings (dynamic delivery, a feature NICE enables)",
    "working_hours": "ACD > Digital > SLA > Working hours",
    "sla": "ACD > Digital > SLA > Global SLA",
}


def read_business_unit(client: CxoneClient) -> list[dict]:
    return admin_page_items(client.get_json(client.admin_url(routes.BUSINESS_UNIT)), "businessUnits")[0]


class TenantAdapter(Adapter):
    kind = "tenant"
    sources: ClassVar[Sources] = {"business_unit": read_business_unit}
    unread = ("agent_application", "dynamic_delivery", "working_hours", "sla")  # none is published

    def build(self, raw: dict) -> KindRead:
        read = self.read_of_kind()
        units = raw["business_unit"] or [{}]
        read.keep(TENANT_KEY, units[0].get("businessUnitId", ""), dict(DEFAULTS))
        return read

    def manual_reason(self, change: Change, snapshot: TenantSnapshot) -> str | None:
        if change.action is Action.DELETE:
            return None
        document = change.after or {}
        changed = changed_fields(change) if change.before is not None else set(document)
        where = "; ".join(f"{SCREENS.get(name, name)}: {values_text(document, [name])}" for name in sorted(changed))
        return (
            f"no public CXone API reads or sets the tenant's {', '.join(sorted(changed))}: set them by hand "
            f"({where}); acdplan cannot read them back, so the plan keeps showing this step"
        )

    def update(self, change: Change):
        """Only reached by a plan made without this provider's manual_reason (an older saved plan)."""
        raise NotInTenant("no public CXone API sets the tenant's settings: it is a manual step (docs/CXONE.md)")

    create = update
