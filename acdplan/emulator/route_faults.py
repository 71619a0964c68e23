"""Faults aimed at one route, the next N calls or every call: the batch fault matrix's faults.

The random faults of the emulator (`fail_rate`, `drop_rate`, ...) hit any call; a batch's
recovery is only proven when each batch route is hit in turn, each way a batch call can end:

- `refuse`: 403 before anything is carried out (a key without the permission, F15);
- `fail-after`: carried out, then a 500 (the admin API's error shape);
- `drop-after`: carried out, then the connection closed with no answer;
- `truncate`: carried out, the answer's headers promise the whole body, half of it is sent and
  the connection closed (a reply cut short in transit);
- `cut-json`: carried out, a well-framed answer whose JSON stops half way (a proxy cutting it);
- `item-failed`: carried out, but the first item the answer reports as a success is reported as
  failed (the per-item results of postSkills `skillsResults`, PUT /agents `agentResults`,
  postAgentsSkills `resultSet.skillResults`, cj:AdminSkillsService.ts, AdminAgentsService.ts).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

KINDS = ("refuse", "fail-after", "drop-after", "truncate", "cut-json", "item-failed")
RESULT_LISTS = ("skillsResults", "agentResults", "skillResults")  # per-item results, by their published names


@dataclass(slots=True)
class RouteFault:
    method: str
    pattern: re.Pattern
    kind: str
    remaining: int | None  # calls still to hit; None: every call


class RouteFaults:
    """The faults aimed at routes; thread-safe (the emulator serves each call on its own thread)."""

    def __init__(self) -> None:
        self._faults: list[RouteFault] = []
        self._lock = threading.Lock()
        self.hits: list[tuple[str, str, str]] = []  # (kind, method, path) of every fault injected

    def add(self, method: str, path_pattern: str, kind: str, times: int | None = 1) -> None:
        """Hit the next `times` calls (None: every call) of `method` on a path matching `path_pattern`
        (a regular expression searched in the path, e.g. r"/skills$")."""
        if kind not in KINDS:
            raise ValueError(f"unknown route fault {kind!r} (known: {', '.join(KINDS)})")
        with self._lock:
            self._faults.append(RouteFault(method.upper(), re.compile(path_pattern), kind, times))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str) -> str | None:
        """The fault this call gets, if any (counted down)."""
        with self._lock:
            for fault in self._faults:
                if fault.method != method or not fault.pattern.search(path):
                    continue
                if fault.remaining is not None:
                    if fault.remaining <= 0:
                        continue
                    fault.remaining -= 1
                self.hits.append((fault.kind, method, path))
                return fault.kind
        return None


def report_first_success_failed(body):
    """The answer with its first successful per-item result turned into a failure (`item-failed`)."""
    if not isinstance(body, dict):
        return body
    nested = body.get("resultSet")
    holder: dict = nested if isinstance(nested, dict) else body
    for key in RESULT_LISTS:
        results = holder.get(key)
        if not isinstance(results, list):
            continue
        for entry in results:
            if isinstance(entry, dict) and entry.get("success"):
                entry["success"] = False
                entry["error"] = "injected: reported as failed although carried out"
                holder["errorCount"] = int(holder.get("errorCount") or 0) + 1
                return body
    return body


__all__ = ["KINDS", "RouteFaults", "report_first_success_failed"]
