"""Model objects as documents: what each class's compiled converter writes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from acdplan.encoded import encode_document
from acdplan.model.kinds import REGISTRY
from acdplan.model.kinds.agent import Agent
from acdplan.model.kinds.agent import document as agent_document
from acdplan.model.kinds.role import Role
from acdplan.model.kinds.skill import Routing, ServiceLevel, Skill
from acdplan.model.plain import to_document


def test_sets_are_sorted_lists_mappings_are_sorted_and_empty_fields_left_out():
    role = Role("Agents", admin_permissions=frozenset({"skills.view", "skills.edit"}),
                channels={"WA": frozenset({"view", "reply"}), "IG": frozenset({"reply"})},
                renamed_from="Old", exclusive=("channels",))
    document = to_document(role)
    assert document == {"handles_contacts": True, "admin_permissions": ["skills.edit", "skills.view"],
                        "channels": {"IG": ["reply"], "WA": ["reply", "view"]}}
    assert list(document["channels"]) == ["IG", "WA"]  # keys in order: equal specs, identical documents
    assert "description" not in document and "name" not in document and "renamed_from" not in document


def test_an_agents_document_has_its_one_role_and_sorted_skills():
    agent = Agent("a@example.com", roles=("Agents",), digital_engagement=True, skills={"WA_FR": 1, "IG_FR": 2},
                  description="night shift")
    document = agent_document(agent)
    assert document == {"application": "cxone_agent", "digital_engagement": True, "role": "Agents",
                        "skills": {"IG_FR": 2, "WA_FR": 1}, "description": "night shift"}
    assert list(document["skills"]) == ["IG_FR", "WA_FR"]
    assert agent_document(Agent("b@example.com"))["role"] is None


def test_the_written_out_agent_document_is_the_generic_conversion():
    """agent.document is written out for speed; it stays what to_document makes of an Agent
    (its roles as one role) for every field the class has, so a field added to Agent and
    forgotten there fails here."""
    every_field = Agent("b@example.com", roles=("Agents", "Other"), application="cxone_max", digital_engagement=True,
                        skills={"WA_FR": 1, "IG_FR": 2}, description="night shift", renamed_from="old@example.com",
                        exclusive=("skills",))
    for agent in (Agent("a@example.com"), every_field):
        generic = dict(to_document(agent))  # the compiled converter of the class, as for any kind
        roles = generic.pop("roles", [])
        generic["role"] = roles[0] if roles else None
        assert agent_document(agent) == generic


@given(st.builds(
    Agent, username=st.just("a@example.com"), roles=st.lists(st.text(max_size=5), max_size=2).map(tuple),
    application=st.text(max_size=12), digital_engagement=st.booleans(),
    skills=st.dictionaries(st.text(max_size=8), st.integers(-3, 30), max_size=6) | st.just([("IG_FR", 1)]),
    description=st.none() | st.text(max_size=20)))
def test_an_agents_text_is_its_encoded_document(agent):
    """kind.text makes the canonical text without the sorted document: byte for byte the same."""
    assert REGISTRY["agent"].text(agent) == encode_document(agent_document(agent))


def test_nested_objects_become_nested_documents():
    skill = Skill("IG_FR", campaign="Social", routing=Routing(), service_level=ServiceLevel(threshold_seconds=60))
    document = to_document(skill)
    assert document["routing"] == {"criteria": "proficiency"}
    assert document["service_level"] == {"threshold_seconds": 60}
    assert document["campaign"] == "Social" and "message_template" not in document


def test_a_container_of_another_class_than_declared_is_converted_by_its_class():
    """The converter is written from declared types; a value of another class (a list where a
    frozenset is declared) converts as that class does, never as the declaration says."""
    role = Role("Agents", admin_permissions=["skills.view", "skills.edit"],  # type: ignore[arg-type]
                channels={"IG": {"view", "reply"}})
    assert to_document(role)["admin_permissions"] == ["skills.view", "skills.edit"]  # a list keeps its order
    assert to_document(role)["channels"] == {"IG": ["reply", "view"]}
    agent = Agent("a@example.com", roles=["Agents"], skills=[("IG_FR", 1)])  # type: ignore[arg-type]
    assert agent_document(agent)["role"] == "Agents" and agent_document(agent)["skills"] == [["IG_FR", 1]]
