"""The example tenant with demand on three of its channels, as docs/CAPACITY.md shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

INSTAGRAM = """    demand:
      contacts_per_hour: 14         # in every working hour
      handle_minutes: 9             # one conversation, start to end
      patience_minutes: 240         # customers give up after 4 hours on average
"""
MESSENGER = """    demand:
      contacts_per_hour: 14
      handle_minutes: 8
"""
WHATSAPP = """    demand:                         # a week of hourly rates (00:00 to 23:00); a missing day gets none
      contacts_per_hour:
        mon: [0, 0, 0, 0, 0, 0, 0, 2, 6, 9, 9, 8, 6, 7, 8, 8, 7, 6, 4, 3, 2, 1, 0, 0]
        tue: [0, 0, 0, 0, 0, 0, 0, 2, 5, 8, 8, 7, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0, 0]
        wed: [0, 0, 0, 0, 0, 0, 0, 2, 5, 8, 8, 7, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0, 0]
        thu: [0, 0, 0, 0, 0, 0, 0, 2, 5, 8, 8, 7, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0, 0]
        fri: [0, 0, 0, 0, 0, 0, 0, 2, 5, 8, 8, 7, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0, 0]
        sat: [0, 0, 0, 0, 0, 0, 0, 1, 3, 5, 5, 4, 3, 3, 3, 2, 2, 1, 1, 1, 0, 0, 0, 0]
      handle_minutes: 12
      patience_minutes: 480
"""


def add_demand(specs: Path) -> None:
    """Demand after each channel's `sla:` (YAML as a person writes it), and two conversations at once."""
    channels = specs / "channels.yaml"
    text = channels.read_text(encoding="utf-8")
    for anchor, block in (("    sla: global                     # \"YES\": the global SLA (F26)\n", INSTAGRAM),
                          ("    default_skill: MSG_Service_FR\n    default_script: DFO_Social_Routing\n    sla: global\n",
                           MESSENGER),
                          ("      resolution: {days: 3}\n", WHATSAPP)):
        assert anchor in text, anchor
        text = text.replace(anchor, anchor + block, 1)
    channels.write_text(text, encoding="utf-8")
    tenant = specs / "tenant.yaml"
    tenant.write_text(tenant.read_text(encoding="utf-8").replace(
        "  sla:                             # the global SLA (F26, F27)",
        "  max_concurrent_contacts: 2       # conversations an agent handles at once (the forecast's input)\n"
        "  sla:                             # the global SLA (F26, F27)"), encoding="utf-8")


@pytest.fixture
def project(project: Path) -> Path:
    """The example project (tests/conftest.py), with demand."""
    add_demand(project / "specs")
    return project
