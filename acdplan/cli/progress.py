"""What apply shows while it runs (stderr) and when it ends (stdout): a renderer at the edge."""

from __future__ import annotations

import sys
import time

import click

from acdplan.apply import ApplyResult, StepReport, StepStatus
from acdplan.cli import options
from acdplan.report.escape import no_commands, terminal
from acdplan.sensitive import redact_text

LINE_PER_STEP_UP_TO = 40


class ApplyProgress:
    """One line a step for small applies; a progress line every second or so for long ones."""

    def __init__(self, stream=None, interval: float = 1.0):
        self.stream = stream or sys.stderr
        self.interval = interval
        self.last = 0.0
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()

    def __call__(self, report: StepReport, finished: int, total: int) -> None:
        change = report.change
        if options.current().quiet and report.status is StepStatus.DONE:
            return  # -q: only what went wrong
        if total <= LINE_PER_STEP_UP_TO or report.status is not StepStatus.DONE:
            suffix = f": {terminal(redact_text(str(report.error)))}" if report.error else ""
            verb = "forget" if change.forget else "refresh" if change.refresh else change.action.value
            click.echo(no_commands(f"[{finished}/{total}] {verb} {terminal(change.address)}: "
                                   f"{report.status.value}{suffix}"), file=self.stream)
            return
        now = time.monotonic()
        if now - self.last >= self.interval or finished == total:
            self.last = now
            rate = finished / max(now - self.started, 1e-9)
            line = f"Applying: {finished}/{total} steps ({100 * finished // total}%), {rate:.0f} steps/s"
            click.echo(("\r" + line) if self.tty else line, file=self.stream, nl=not self.tty)

    def close(self) -> None:
        if self.tty:
            click.echo("", file=self.stream)


def describe_result(result: ApplyResult) -> str:
    counts = {status: len(result.with_status(status)) for status in StepStatus}
    lines = []
    if result.failed:
        lines.append("Apply failed. What was done is recorded in the state; run acdplan plan to see what is left.")
        for step in result.with_status(StepStatus.FAILED):
            lines.append(f"  failed: {terminal(step.change.address)} ({step.change.action.value}): {terminal(step.error)}")
    elif result.stopped_for_person:
        lines.append("Apply stopped before manual steps; everything that does not depend on them was applied.")
        for step in result.with_status(StepStatus.MANUAL):
            lines.append(f"  manual: {terminal(step.change.address)}: {terminal(step.error)} "
                         f"({terminal(step.change.ui_path)})")
        lines.append("Do these steps in CXone, then run acdplan plan and apply again.")
    else:
        lines.append("Apply complete.")
    lines.append(
        f"{counts[StepStatus.DONE]} done, {counts[StepStatus.FAILED]} failed, "
        f"{counts[StepStatus.MANUAL]} manual, {counts[StepStatus.BLOCKED]} waiting on manual steps, "
        f"{counts[StepStatus.NOT_STARTED]} not started."
    )
    return redact_text("\n".join(lines))
