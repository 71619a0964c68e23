"""The simulation's behaviour a contact-center lead relies on: seeded, working hours counted as
the SLA counts them (F28), patience, agents shared between channels, concurrency."""

from __future__ import annotations

from acdplan.capacity.simulate import WEEK, ChannelLoad, Pool, Scenario, simulate

DAY = 24 * 60
WEEKDAYS_9_TO_17 = tuple((day * DAY + 9 * 60.0, day * DAY + 17 * 60.0) for day in range(5))


def _share(runs, channel: int = 0) -> float:
    offered = sum(run[channel].offered for run in runs)
    return 100 * sum(run[channel].within_target for run in runs) / offered


def test_the_same_seed_gives_the_same_week_and_another_seed_another():
    scenario = Scenario((ChannelLoad("chat", ((0.0, float(WEEK), 1.0),), 6, 30, 2),), (Pool(7, 1, ((0, 1),)),),
                        ((0.0, float(WEEK)),))
    first, again, other = simulate(scenario, 2, seed=3), simulate(scenario, 2, seed=3), simulate(scenario, 2, seed=4)
    assert first == again
    assert first != other


def test_a_night_arrival_counts_from_the_opening():
    # Contacts arrive only from 02:00 to 03:00, when nobody works; plenty of agents at 09:00.
    night = tuple((day * DAY + 120.0, day * DAY + 180.0, 0.5) for day in range(5))
    scenario = Scenario((ChannelLoad("email", night, 5, None, 10),), (Pool(50, 1, ((0, 1),)),), WEEKDAYS_9_TO_17)
    runs = simulate(scenario, 3, seed=1)
    assert sum(run[0].offered for run in runs) > 200
    assert _share(runs) == 100.0  # six hours of real waiting, none of it working time


def test_patient_customers_wait_the_night_impatient_ones_give_up():
    night = tuple((day * DAY + 120.0, day * DAY + 180.0, 0.5) for day in range(5))
    for patience, answered in ((24 * 60 * 10, 95.0), (30, 5.0)):
        scenario = Scenario((ChannelLoad("email", night, 5, patience, 10),), (Pool(50, 1, ((0, 1),)),),
                            WEEKDAYS_9_TO_17)
        runs = simulate(scenario, 3, seed=1)
        share = _share(runs)
        assert share >= answered if answered > 50 else share <= answered, (patience, share)


def test_a_busy_channel_takes_agents_from_the_channel_it_shares_them_with():
    calm = ChannelLoad("calm", ((0.0, float(WEEK), 0.2),), 6, None, 1)
    shared = (Pool(4, 1, ((0, 1), (1, 1))),)
    alone = simulate(Scenario((calm, ChannelLoad("busy", (), 6, None, 1)), shared, ((0.0, float(WEEK)),)), 4, seed=2)
    crowded = simulate(Scenario((calm, ChannelLoad("busy", ((0.0, float(WEEK), 0.45),), 6, None, 1)), shared,
                                ((0.0, float(WEEK)),)), 4, seed=2)
    assert _share(alone) > 95
    assert _share(crowded) < _share(alone) - 10


def test_two_conversations_at_once_serve_like_twice_the_agents():
    load = ChannelLoad("chat", ((0.0, float(WEEK), 1.3),), 6, None, 1)
    single = _share(simulate(Scenario((load,), (Pool(5, 1, ((0, 1),)),), ((0.0, float(WEEK)),)), 4, seed=5))
    double = _share(simulate(Scenario((load,), (Pool(5, 2, ((0, 1),)),), ((0.0, float(WEEK)),)), 4, seed=5))
    assert double > single + 10
