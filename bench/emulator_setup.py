"""A project folder whose environment is the CXone provider pointed at a fresh in-process emulator.

The runner starts the emulator (acdplan.emulator.Emulator) in its own process, seeds what
acdplan references but no public API creates (campaigns, Studio scripts, message templates,
users, routing queues, roles) and the channels a person creates by hand (manual steps), writes
`acdplan.yaml` naming an environment `emulated` with `provider: cxone`, and hands the worker
the environment variables that environment names. The added latency applies to every API call the worker makes, not to the seeding.
"""

from __future__ import annotations

from pathlib import Path

ENVIRONMENT = "emulated"
URL_VARIABLE = "ACDPLAN_BENCH_CXONE_URL"
DFO_URL_VARIABLE = "ACDPLAN_BENCH_CXONE_DFO_URL"
KEY_VARIABLES = ("ACDPLAN_BENCH_KEY_ID", "ACDPLAN_BENCH_KEY_SECRET")
PROJECT_FILE = f"""\
environments:
  {ENVIRONMENT}:
    provider: cxone
    base_url_env: {URL_VARIABLE}
    dfo_url_env: {DFO_URL_VARIABLE}
    credentials_env: [{KEY_VARIABLES[0]}, {KEY_VARIABLES[1]}]
    state_dir: .acdplan/state
"""


class EmulatorProject:
    def __init__(self, root: Path, latency_ms: float, specs: Path | None = None, read_parallelism: int | None = None):
        self.root = Path(root)
        self.read_parallelism = read_parallelism  # None: the environment's default
        self.latency_ms = latency_ms
        self.specs = specs
        self.environment = ENVIRONMENT
        self.emulator = None
        self.env: dict[str, str] = {}

    def __enter__(self) -> EmulatorProject:
        from acdplan.emulator import Emulator, perform_manual_steps, seed_prerequisites
        from acdplan.validate import validate_path

        self.emulator = Emulator(latency_ms=0).start()
        if self.specs is not None:
            spec = validate_path(self.specs).spec
            if spec is None:
                raise RuntimeError(f"{self.specs} does not validate")
            seed_prerequisites(self.emulator, spec, authorise=True)
            perform_manual_steps(self.emulator, spec)
        self.emulator.set_faults(latency_ms=self.latency_ms)
        self._requests_at_start = self.emulator.requests
        self.root.mkdir(parents=True, exist_ok=True)
        project_file = PROJECT_FILE
        if self.read_parallelism is not None:
            project_file += f"    read_parallelism: {self.read_parallelism}\n"
        (self.root / "acdplan.yaml").write_text(project_file, encoding="utf-8")
        self.env = {URL_VARIABLE: self.emulator.url, DFO_URL_VARIABLE: self.emulator.dfo_url,
                    KEY_VARIABLES[0]: "bench-key", KEY_VARIABLES[1]: "bench-secret"}
        return self

    def calls(self) -> int:
        return self.emulator.requests - self._requests_at_start if self.emulator else 0

    def __exit__(self, *exc) -> None:
        if self.emulator is not None:
            self.emulator.stop()
            self.emulator = None
