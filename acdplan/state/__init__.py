"""What acdplan remembers of a tenant between runs: managed objects, ids, serial and lineage.

Plans read it (what is managed, what was last applied, for drift); applies write it after
every step. Writes are atomic and journaled, so a crash never loses or invents a step.
"""

from acdplan.state.journal import JournaledStore
from acdplan.state.lock import LockHeld, StateLock, force_unlock
from acdplan.state.store import ManagedResource, State, StateStore

__all__ = ["JournaledStore", "LockHeld", "ManagedResource", "State", "StateLock", "StateStore", "force_unlock"]
