"""What acdplan remembers of a tenant between runs: managed objects, ids, serial and lineage.

Plans read it (what is managed, what was last applied, for drift); applies write it after
every step. The engine reaches it through one interface (`StateBackend`), opened by name
with `open_backend(environment)`: `local` files (the default) or `postgres` tables.
"""

from acdplan.state.backend import StateBackend, StateConflict
from acdplan.state.backends import open_backend
from acdplan.state.corrupt import StateUnusable
from acdplan.state.journal import JournaledStore
from acdplan.state.lock import LockHeld, StateLock, force_unlock
from acdplan.state.store import ManagedResource, State, StateStore

__all__ = ["JournaledStore", "LockHeld", "ManagedResource", "State", "StateBackend", "StateConflict", "StateLock",
           "StateStore", "StateUnusable", "force_unlock", "open_backend"]
