"""Process-wide settings for the command line (a library user's process is left alone)."""

from __future__ import annotations

import gc
import os
import sys

# Loading a large tenant allocates hundreds of thousands of small containers; with the
# default thresholds the cyclic collector runs thousands of times and takes ~40% of a
# `validate`. Specs and plans hold almost no reference cycles, so collect rarely.
GC_THRESHOLDS = (200_000, 50, 1_000)
_tuned = False


# glibc gives a thread that allocates while another holds the main arena an arena of its own, and
# the pages freed there stay in the process: the CXone read's pool of threads kept ~9 MiB of an L
# plan's peak that way (bench/README.md). Two arenas are what MALLOC_ARENA_MAX=2 gives from outside.
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # mallopt's parameter number (glibc malloc.h)


def tune_for_batch_run() -> None:
    global _tuned
    gc.freeze()  # what was imported at start-up is never garbage
    gc.set_threshold(*GC_THRESHOLDS)
    _tuned = True


def before_reading_in_threads(arenas: int = MALLOC_ARENAS) -> None:
    """Before a tenant is read by a pool of threads (acdplan/read_ahead.py), in the command's
    process: at most `arenas` malloc arenas (glibc), unless MALLOC_ARENA_MAX already says how many.
    A library user's process, another C library or system: nothing."""
    if not _tuned or not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, arenas)
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): its malloc, as it is
        pass


def settle() -> None:
    """What exists now lives until the command ends (the validated specs, during a plan): the
    collector need not walk it again. Without this, the first collection after loading an L
    tenant walks every object of its model (56 ms of a no-op plan). Only in a tuned process."""
    if _tuned:
        gc.freeze()
