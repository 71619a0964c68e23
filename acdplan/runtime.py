"""Process-wide settings for the command line (a library user's process is left alone)."""

from __future__ import annotations

import gc

# Loading a large tenant allocates hundreds of thousands of small containers; with the
# default thresholds the cyclic collector runs thousands of times and takes ~40% of a
# `validate`. Specs and plans hold almost no reference cycles, so collect rarely.
GC_THRESHOLDS = (200_000, 50, 1_000)
_tuned = False


def tune_for_batch_run() -> None:
    global _tuned
    gc.freeze()  # what was imported at start-up is never garbage
    gc.set_threshold(*GC_THRESHOLDS)
    _tuned = True


def settle() -> None:
    """What exists now lives until the command ends (the validated specs, during a plan): the
    collector need not walk it again. Without this, the first collection after loading an L
    tenant walks every object of its model (56 ms of a no-op plan). Only in a tuned process."""
    if _tuned:
        gc.freeze()
