"""The report's own graph layout: topological columns, and an end even on a cycle."""

from __future__ import annotations

from acdplan.report.html.graph_svg import layers, place, render_svg

EDGES = [("skill.A", "campaign.C"), ("channel.X", "skill.A"), ("channel.X", "script.S"), ("role.R", "channel.X"),
         ("agent.u", "role.R"), ("agent.u", "skill.A")]


def test_each_object_sits_right_of_what_it_refers_to():
    layer = layers([], EDGES)
    assert layer == {"campaign.C": 0, "script.S": 0, "skill.A": 1, "channel.X": 2, "role.R": 3, "agent.u": 4}
    placed = place([], EDGES)
    assert all(placed[source].x > placed[target].x + placed[target].width for source, target in EDGES)


def test_a_cycle_still_ends_and_draws():
    cycle = [("role.a", "role.b"), ("role.b", "role.c"), ("role.c", "role.a")]
    assert sorted(layers([], cycle).values()) == [0, 1, 2]
    assert render_svg([], cycle).count('<g class="node"') == 3


def test_lone_nodes_and_actions_are_drawn():
    svg = render_svg(["skill.Lonely"], [], {"skill.Lonely": "delete"})
    assert 'data-action="delete"' in svg and 'stroke-dasharray="4 3"' in svg
    assert render_svg([], []) == '<p class="empty">No objects.</p>'
