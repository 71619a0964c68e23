"""Why a change does what it does, as a closed set (Terraform's ResourceInstanceChangeActionReason).

The plan's `reason` stays the sentence a person reads (names and details filled in); `reason_code`
beside it is one of these members, for what reads plans as data (policies, pipelines, tests).
Adding a member is an extension; renaming or removing one breaks `plan --format json` readers.
"""

from __future__ import annotations

from enum import Enum


class Reason(str, Enum):
    NONE = "none"  # nothing to do, or nothing said
    CREATE_ABSENT = "create_absent"  # in the specs, not in the tenant
    UPDATE_DIFFERS = "update_differs"  # the tenant's object differs from the specs
    UPDATE_RENAMED = "update_renamed"  # `renamed_from`: the same object under a new name
    UPDATE_REBIND = "update_rebind"  # bound to an object that is replaced: bound again to the new one
    REPLACE_BECAUSE_CANNOT_UPDATE = "replace_because_cannot_update"  # an identity field changed
    DELETE_BECAUSE_NO_SPEC = "delete_because_no_spec"  # in acdplan's state, no longer in the specs
    FORGET_GONE = "forget_gone"  # in the state, gone from the tenant already: the state forgets it
    FORGET_REMOVED = "forget_removed"  # `removed:` in the specs: the state forgets it, the tenant keeps it
    IMPORT = "import"  # in the tenant, not yet in acdplan's state: taken over
    RECORD_DRIFT = "record_drift"  # changed outside acdplan to what the specs say: recorded
    RECORD_MANUAL_STEP_DONE = "record_manual_step_done"  # the manual step asked for is done: recorded
    MANUAL_STEP_PENDING = "manual_step_pending"  # a person was asked already; `acdplan confirm` records it
    NOT_MANAGED = "not_managed"  # in the tenant under the spec's name, not acdplan's (IM001)
    AMBIGUOUS_NAME = "ambiguous_name"  # the tenant has several objects with this name (IM002)
    REFRESH_GONE = "refresh_gone"  # a refresh-only plan: gone from the tenant, the state forgets it
    REFRESH_DRIFT = "refresh_drift"  # a refresh-only plan: the state records the tenant's values
    PROMOTE_ONLY_IN_SOURCE = "promote_only_in_source"  # `promote`: in the source environment only
    PROMOTE_ONLY_IN_TARGET = "promote_only_in_target"  # `promote`: in the target environment only
    PROMOTE_DIFFERS = "promote_differs"  # `promote`: differs between the environments


__all__ = ["Reason"]
