"""The random faults any call may meet: a seeded roll, 429 / 500 / dropped, and Retry-After."""

from __future__ import annotations

import email.utils
import random
import threading
import time


class FaultsMixin:
    """Rolls, for each call, whether it is throttled, failed or dropped (before or after it is carried out)."""

    rng: random.Random
    rng_lock: threading.Lock
    throttle_rate: float
    fail_rate: float
    drop_rate: float
    latency_ms: float
    faults_injected: int

    def set_faults(
        self,
        *,
        latency_ms: float | None = None,
        fail_rate: float | None = None,
        throttle_rate: float | None = None,
        drop_rate: float | None = None,
    ) -> None:
        if latency_ms is not None:
            self.latency_ms = latency_ms
        if fail_rate is not None:
            self.fail_rate = fail_rate
        if throttle_rate is not None:
            self.throttle_rate = throttle_rate
        if drop_rate is not None:
            self.drop_rate = drop_rate

    def fault(self) -> str | None:
        with self.rng_lock:
            roll = self.rng.random()
            half = self.rng.random() < 0.5
        edge = 0.0
        for rate, kind in ((self.throttle_rate, "throttle"), (self.fail_rate, "fail"), (self.drop_rate, "drop")):
            edge += rate
            if roll < edge:
                self.faults_injected += 1
                return kind if kind == "throttle" else f"{kind}-{'before' if half else 'after'}"
        return None

    def retry_after(self) -> str:
        """Half the time in seconds, half as an HTTP date, both meaning 'now' (tests stay fast)."""
        with self.rng_lock:
            as_date = self.rng.random() < 0.5
        return email.utils.formatdate(time.time(), usegmt=True) if as_date else "0"
