"""Provider coverage is a declared contract (issue 21): every managed kind walked against every provider.

Each provider declares, per kind, what its API does (read, create, update, delete; octoDNS's
SUPPORTS). A kind it does not read is unreadable there (PV002) and never planned; a step it does
not perform is a manual step. The CXone side runs against the emulator over loopback.
"""

from __future__ import annotations

import pytest

from acdplan.model.kinds import MANAGED, REGISTRY, rank
from acdplan.plan.changes import Action, Change, Plan
from acdplan.providers.base import Provider
from acdplan.providers.coverage import EVERY_OPERATION, NEEDED, Operation
from acdplan.providers.cxone.kinds import REGISTRY as ADAPTERS
from acdplan.providers.cxone.kinds import Adapter
from acdplan.providers.local import LocalProvider
from tests.plan.sandbox_runner import Sandbox
from tests.providers.cxone.conftest import seed_for, spec_data


@pytest.fixture(params=["local", "cxone"])
def run(request, tmp_path, emulator):
    """A plan-and-apply runner on each provider, its tenant seeded with what the specs name."""
    if request.param == "local":
        return Sandbox(tmp_path)
    seed_for(emulator, spec_data(), channels=True)
    return request.getfixturevalue("cxone")


def test_every_provider_declares_each_managed_kind_and_reads_what_it_declares(run):
    provider: Provider = run.provider()
    try:
        supports = provider.supports
        snapshot = provider.read()
    finally:
        provider.close()
    for kind in MANAGED:
        declared = supports.get(kind.name, frozenset())
        assert declared <= EVERY_OPERATION
        if Operation.READ in declared:
            assert kind.name not in snapshot.unreadable and kind.name in snapshot.objects, kind.name
        else:
            assert kind.name in snapshot.unreadable and kind.name not in snapshot.objects, kind.name


def test_a_step_a_provider_does_not_perform_is_never_sent_blind(run):
    """Every action of every managed kind: performed by the provider, or a manual step with a reason."""
    provider = run.provider()
    try:
        supports, snapshot = provider.supports, provider.read()
        for kind in MANAGED:
            if Operation.READ not in supports.get(kind.name, frozenset()):
                continue  # never planned (the test above)
            for action in (Action.CREATE, Action.UPDATE, Action.REPLACE, Action.DELETE):
                if NEEDED[action] <= supports[kind.name]:
                    continue
                change = Change(f"{kind.name}.N", kind.name, "N", action, before={} if action is not Action.CREATE
                                else None, after={} if action is not Action.DELETE else None)
                provider.mark_manual(Plan(run.environment_name, provider.name, changes=[change]), snapshot)
                assert change.manual and change.manual_reason, (kind.name, action)
    finally:
        provider.close()


@pytest.mark.parametrize("kind", sorted(ADAPTERS), ids=str)
def test_each_cxone_adapter_implements_what_it_declares(kind):
    adapter = ADAPTERS[kind]
    assert Operation.READ in adapter.supports and adapter.sources, "a declared read needs the lists it is built from"
    for operation in adapter.supports - {Operation.READ}:
        assert getattr(adapter, operation.value) is not getattr(Adapter, operation.value), (kind, operation)


def test_a_kind_a_provider_does_not_support_is_unreadable_and_never_planned(run):
    """Without channels (a provider of an older acdplan, or a kind CXone has no API for): PV002, and
    no channel change, whatever the specs and the tenant hold."""
    provider = run.provider()
    if isinstance(provider, LocalProvider):
        provider.close()
        provider = _WithoutChannels(provider.path, fsync=False)
    else:
        del provider.adapters["channel"]
    plan, provider, store, _ = run.plan(spec_data(), provider=provider)
    provider.close()
    store.close()
    assert not [change for change in plan.changes if change.kind == "channel"]
    warning = [d for d in plan.diagnostics if d.rule == "PV002"]
    assert len(warning) == 1 and "channels were not planned" in warning[0].message
    assert f"the {provider.name} provider does not support channels" in warning[0].message
    assert any(change.kind == "skill" and change.acts for change in plan.changes)  # the rest is planned


class _WithoutChannels(LocalProvider):
    @property
    def supports(self):
        return {kind: operations for kind, operations in super().supports.items() if kind != "channel"}


def test_cxone_reads_its_kinds_in_the_order_their_references_give():
    """An agent's skills are named through the skills read: skills are built first because agents
    refer to them (the kinds' `refs`), not because of a hand-ordered list."""
    assert list(ADAPTERS) == sorted(ADAPTERS, key=rank)
    for kind in ADAPTERS:
        for ref in REGISTRY[kind].refs:
            if ref.target in ADAPTERS:
                assert list(ADAPTERS).index(ref.target) < list(ADAPTERS).index(kind), (kind, ref.target)
