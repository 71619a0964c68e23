"""The rule catalogue: every diagnostic id acdplan can report, with its fact, why, and fix.

Ids are a contract (docs/DOMAIN.md). Domain rules register themselves here from their own module
(`acdplan.validate.rules`); the ids reported by other stages (YAML, schema, templates, plan,
apply) are declared below, so `acdplan rules`, SARIF and JUnit see one catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from acdplan.diagnostics import Diagnostic, Locator, Severity


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    severity: Severity
    summary: str  # fires when ... (docs/DOMAIN.md's wording)
    fix: str  # what to do about it
    fact: str | None = None  # F-number(s) of the vendor's guide, or None for model/tool rules
    why: str = ""  # the longer explanation shown by `acdplan rules ID`
    bad: str = ""  # a YAML snippet that fires the rule
    good: str = ""  # the same snippet, fixed
    stage: str = "rules"  # load | render | schema | rules | plan | apply
    settable: bool = False  # a later stage's finding that `rules:` may still turn off or re-grade (CP002)
    source_url: str | None = None  # an outside source the rule enforces (cfn-lint's source_url), beside or instead of a fact
    plugin: str | None = None  # the distribution that brought the rule (entry point group acdplan.rules); None: built in
    help_uri: str | None = None  # where the rule is documented, when not docs/rules.md (a plugin's own page)

    @property
    def family(self) -> str:
        return self.id[:2]


_CATALOGUE: dict[str, RuleInfo] = {}


class DuplicateRule(ValueError):
    """An id registered twice; `existing` is the rule that holds it (built in, or a plugin's)."""

    def __init__(self, existing: RuleInfo):
        super().__init__(f"rule {existing.id} registered twice")
        self.existing = existing


def register(info: RuleInfo) -> RuleInfo:
    if info.id in _CATALOGUE:
        raise DuplicateRule(_CATALOGUE[info.id])
    _CATALOGUE[info.id] = info
    return info


def built_in(rule_id: str) -> bool:
    info = _CATALOGUE.get(rule_id)
    return info is not None and info.plugin is None


def get(rule_id: str) -> RuleInfo | None:
    ensure_loaded()
    return _CATALOGUE.get(rule_id.upper())


def all_rules() -> list[RuleInfo]:
    ensure_loaded()
    return sorted(_CATALOGUE.values(), key=lambda info: info.id)


def ensure_loaded() -> None:
    import acdplan.validate.rules  # noqa: F401  (registers the domain rules)
    from acdplan.validate import plugins

    plugins.load()  # then the installed plugins' rules (entry point group acdplan.rules), once


def declare(info: RuleInfo) -> str:
    """Register an id reported outside the domain rules; returns the id, kept as a constant."""
    return register(info).id


def diagnostic(rule_id: str, message: str, sources: Locator | None = None, path: tuple = (), *, prefer_value: bool = False,
               severity: Severity | None = None, file: str | None = None, line: int | None = None,
               column: int | None = None) -> Diagnostic:
    """The one way to make a positioned diagnostic: severity and fact from the catalogue, file,
    line and column from the source map (the closest place to `path` the user wrote)."""
    info = _CATALOGUE.get(rule_id) or get(rule_id)
    location = sources.locate(path, prefer_value=prefer_value) if sources is not None else None
    if location is not None:
        file, line, column = location.file, location.line, location.column
    return Diagnostic(rule_id, severity or (info.severity if info else Severity.ERROR), message, file, line, column,
                      tuple(path), info.fact if info else None)


YM001 = declare(RuleInfo("YM001", Severity.ERROR, "YAML syntax error", "fix the YAML at the position given",
             stage="load", why="The file is not YAML the parser accepts, or uses a tag (`!!python/object`, ...) that plain-data specs do not allow.",
             bad="skills:\n  IG_Direct_FR: {campaign: Social\n", good="skills:\n  IG_Direct_FR: {campaign: Social}\n"))

YM002 = declare(RuleInfo("YM002", Severity.ERROR, "a duplicate key in one mapping, or one object declared in two files",
             "keep one declaration and delete the other", stage="load",
             why="YAML parsers silently keep the last of two equal keys; acdplan refuses, so nothing the user wrote is ignored.",
             bad="skills:\n  IG_Direct_FR: {campaign: Social}\n  IG_Direct_FR: {campaign: Sales}\n",
             good="skills:\n  IG_Direct_FR: {campaign: Social}\n"))

YM003 = declare(RuleInfo("YM003", Severity.WARNING, "an unquoted yes/no/on/off/y/n: read as text, not a boolean",
             "write true or false, or quote the word if text is meant", stage="load",
             why="Specs are read as YAML 1.2, where only true and false are booleans; YAML 1.1 tools read `yes` as true, so the word is ambiguous.",
             bad="skills:\n  IG_Direct_FR: {campaign: Social, popurl: yes}\n",
             good="skills:\n  IG_Direct_FR: {campaign: Social, popurl: true}\n"))

YM004 = declare(RuleInfo("YM004", Severity.ERROR, "input over the limits (alias expansion, nesting depth, file size, YAML nodes a file, digits of an integer)",
             "split the file, flatten the nesting, or write the values out instead of aliasing them", stage="load",
             why="Limits keep a hostile pull request (an alias bomb, a 50 MB file) from exhausting the CI machine.",
             bad="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n# ... nine levels of this",
             good="a: [x, x, x]\n"))

SC001 = declare(RuleInfo("SC001", Severity.ERROR, "the document breaks the JSON Schema (unknown field, wrong type, missing field)",
             "use the field names and types of the spec format; the message names the closest valid field", stage="schema",
             why="Field shapes come from the JSON Schemas under schema/; unknown fields are refused so a typo never passes silently.",
             bad="skills:\n  IG_Direct_FR: {campain: Social}\n", good="skills:\n  IG_Direct_FR: {campaign: Social}\n"))

TP001 = declare(RuleInfo("TP001", Severity.ERROR, "a template fails to render (undefined variable, forbidden operation, include outside the spec folder, time or memory limit)",
             "define the variable (environment vars, --var, --var-file) or remove the forbidden expression", stage="render",
             why="Templates render in Jinja2's sandbox with strict undefined variables, so a missing variable is an error, never an empty string.",
             bad="skills:\n  IG_Direct_{{ country }}: {campaign: Social}   # country undefined\n",
             good="skills:\n  IG_Direct_{{ country }}: {campaign: Social}   # with --var country=FR\n"))

RQ001 = declare(RuleInfo("RQ001", Severity.ERROR, "a routing queue that does not already exist in the tenant is declared",
             "remove the queue, or name an existing one: new routing queues cannot be created, use ACD skills", fact="F14",
             stage="plan", why="Creating routing queues has fully moved to ACD skills; acdplan manages only the filters of queues the tenant already has.",
             bad="routing_queues:\n  New Queue:\n    filters: {Social: {included_channels: [Instagram Direct FR]}}\n",
             good="# route with a digital skill and a Studio script instead\n"))

PF001 = declare(RuleInfo("PF001", Severity.ERROR, "at apply: the credentials lack Skills - Create / Skills - Edit for a plan that creates or edits skills",
             "give the API user's role the operator permissions Skills - Create and Skills - Edit", fact="F15",
             stage="apply", why="Creating or editing skills needs those two permissions; checking first avoids an apply that fails half-way.",
             bad="# the access key's user has no Skills - Create permission\n", good="# the access key's user has Skills - Create and Skills - Edit\n"))

SAFETY = declare(RuleInfo("SAFETY", Severity.ERROR, "the plan deletes or replaces more than the safety threshold allows",
                 "review the plan; if it is intended, run again with --force (or raise `safety:` in acdplan.yaml)",
                 stage="plan",
                 why="A spec folder emptied by mistake, or a bad merge, would delete much of the tenant; as octoDNS does, "
                     "acdplan refuses a plan over a share of the managed objects (30%) or an absolute count (100).",
                 bad="# specs/ emptied by a bad merge: 21 of 22 managed objects planned for deletion\n",
                 good="# the same plan, reviewed, with --force\n"))

CF001 = declare(RuleInfo("CF001", Severity.ERROR, "the project file acdplan.yaml is invalid, or names an unknown environment or provider",
                "fix acdplan.yaml at the position given (its fields are in schema/config.schema.json)", stage="config",
                why="A broken project file must stop the run before any tenant is read: a typo in `state_dir` or "
                    "`credentials_env` would otherwise point the run at the wrong state or tenant.",
                bad="environments:\n  production: {provider: cxone, base_url: https://...}\n",
                good="environments:\n  production: {provider: cxone, base_url_env: CXONE_BASE_URL}\n"))

CF002 = declare(RuleInfo("CF002", Severity.ERROR, "a template variable file or --var cannot be used",
                "give --var as NAME=VALUE, and --var-file a readable YAML mapping of names to values", stage="config",
                why="Template variables fill the specs; a malformed one would render the specs wrong.",
                bad="acdplan plan --var country\n", good="acdplan plan --var country=FR\n"))

PV001 = declare(RuleInfo("PV001", Severity.ERROR, "the tenant cannot be reached or read",
                "check the environment's URL and credentials variables, and that the API answers",
                stage="provider",
                why="Nothing can be planned against a tenant that was not read; the message says why, without secrets.",
                bad="# CXONE_ACCESS_KEY_SECRET holds an expired key\n", good="# a valid access key\n"))

PV002 = declare(RuleInfo("PV002", Severity.WARNING, "a kind of object could not be read from the tenant, so it was not planned",
                "grant the API user read access to it, or manage those objects by hand",
                stage="provider",
                why="A read route the tenant refuses (403, 404) must not abort the plan, nor make every object of that "
                    "kind look missing (and be created again): the kind is left out, and this says so.",
                bad="# the access key's role cannot read Digital roles\n", good="# the access key's role can\n"))

LK001 = declare(RuleInfo("LK001", Severity.ERROR, "the state is locked by another run",
                "wait for it (--lock-timeout SECONDS), or, if that run is gone, `acdplan force-unlock ID`",
                stage="state",
                why="Two applies at once would both change the tenant and both write the state; one lock serialises them.",
                bad="# two CI jobs apply the same environment at once\n", good="# the second waits: --lock-timeout 300\n"))

PL001 = declare(RuleInfo("PL001", Severity.ERROR, "a saved plan cannot be applied: unreadable, for another environment, stale, or applied already",
                "make a new plan with `acdplan plan -o FILE` and apply that", stage="apply",
                why="A saved plan is applied only to the tenant and state it was made against, once; anything else "
                    "would carry out changes nobody reviewed.",
                bad="acdplan apply old-plan.json   # the state changed since\n",
                good="acdplan plan -o plan.json && acdplan apply plan.json\n"))

IM001 = declare(RuleInfo("IM001", Severity.ERROR, "an object in the tenant has a spec's name but acdplan does not manage it",
                "list it under `import:` in the specs (or plan with --import-existing) to take it over, or rename the spec's object",
                stage="plan",
                why="Taking over an object made by hand silently would let a later plan change or delete it; acdplan "
                    "adopts it only through a visible import in the plan (docs/DOMAIN.md, ownership).",
                bad="roles:\n  Superviseurs: {...}   # a role of that name was made by hand in the tenant\n",
                good="import:\n  roles: [Superviseurs]\nroles:\n  Superviseurs: {...}\n"))

IM002 = declare(RuleInfo("IM002", Severity.ERROR, "the tenant has several objects with the name of an object the plan would act on",
                "rename or remove in CXone the object that is not the spec's (the message lists every id), then plan again",
                stage="plan",
                why="Choosing one of two objects with one name would take over, change or delete the wrong one (another "
                    "mailbox, a person's channel); acdplan never chooses: only the id its state recorded decides.",
                bad="channels:\n  Mail FR: {type: email, ...}   # two channels are named Mail FR in the tenant\n",
                good="channels:\n  Mail FR: {type: email, ...}   # the other one renamed in CXone first\n"))

LO001 = declare(RuleInfo("LO001", Severity.ERROR, "the plan removes from the applying credential's own role a permission applies need",
                "keep Skills - Create and Skills - Edit on the role of the user acdplan applies as, or run with --force",
                fact="F15", stage="plan",
                why="Creating or editing skills needs those permissions; a plan that removes them from the applying "
                    "user's own role locks acdplan out: the apply fails at the next skill step with HTTP 403 and only "
                    "a person can repair it.",
                bad="roles:\n  Admins: {admin_permissions: [skills.view]}   # acdplan applies as a user of Admins\n",
                good="roles:\n  Admins: {admin_permissions: [skills.view, skills.create, skills.edit]}\n"))

ST001 = declare(RuleInfo("ST001", Severity.ERROR, "a state, journal or sandbox file is damaged (not JSON, wrong shape, a damaged record, or missing beside its backup)",
                "recover with `acdplan state pull --salvage > recovered.json` then `acdplan state push --force recovered.json`, or push the backup the message names",
                stage="state",
                why="An unreadable state is never replaced by an empty one silently: that would plan every managed object as an "
                    "import and forget what acdplan must delete (README, 'Where state lives').",
                bad="# .acdplan/state/sandbox.json cut short by a full disk\n",
                good="# restored: acdplan state push --force .acdplan/state/sandbox.json.backup\n"))

ST002 = declare(RuleInfo("ST002", Severity.ERROR, "the state backend cannot be used (unknown backend, DSN variable not set, database unreachable)",
                "set the variable named by state.dsn_env, check the database is reachable, or use backend: local",
                stage="state",
                why="The state decides what acdplan may delete; a run that cannot read it stops before reading the tenant.",
                bad="environments:\n  production:\n    state: {backend: postgres, dsn_env: ACDPLAN_STATE_DSN}   # variable not set\n",
                good="# export ACDPLAN_STATE_DSN='host=db.example dbname=acdplan user=ci'\n"))

ST003 = declare(RuleInfo("ST003", Severity.ERROR, "a wait on the state's database passed its bound (a lock held by another session, or a statement too slow)",
                "find the session the message names (pg_stat_activity) and end its transaction, or raise state.lock_timeout / state.statement_timeout",
                stage="state",
                why="A plan or apply never waits silently forever: every statement on the state's database runs under a "
                    "lock timeout and a statement timeout, and the message says what waited, for how long, on whom.",
                bad="# another session ran LOCK TABLE acdplan.states and left its transaction open\n",
                good="environments:\n  production:\n    state: {backend: postgres, lock_timeout: 30, statement_timeout: 300}\n"))

ST004 = declare(RuleInfo("ST004", Severity.ERROR, "the state's tables in PostgreSQL are missing or not as acdplan made them",
                "restore the schema from a backup, or move it aside and `acdplan state push --force` a state pulled before",
                stage="state",
                why="A table dropped or altered by hand is not an empty state: acdplan stops rather than forget what it manages.",
                bad="DROP TABLE acdplan.resources;\n", good="# restored from the database's backup\n"))

LK002 = declare(RuleInfo("LK002", Severity.ERROR, "this run lost its state lock (broken by force-unlock) and stopped writing",
                "check what the run did with `acdplan plan`, then run it again",
                stage="state",
                why="A run whose lock was taken must not go on writing the state beside the run that holds it now: every "
                    "state commit first checks that the lock is still this run's (a fencing check).",
                bad="acdplan force-unlock ID   # while that apply still runs\n",
                good="# force-unlock only a run that is gone\n"))

IO001 = declare(RuleInfo("IO001", Severity.ERROR, "a file acdplan would write is not a regular file (a device, a FIFO, a symbolic link or a folder)",
                "give a path to a regular file, or none there yet",
                stage="output",
                why="A file is written aside and renamed over its path; over a device, a FIFO or a link that would "
                    "replace something that is not acdplan's with a file. acdplan writes only regular files it means to.",
                bad="acdplan plan -o /dev/null\n", good="acdplan plan -o plan.json\n"))

IO002 = declare(RuleInfo("IO002", Severity.ERROR, "a file could not be written or read (disk full, read-only, no permission)",
                "free space or fix the permission the message names, then run again",
                stage="output",
                why="Files are written aside and renamed, so a full disk leaves the previous version whole; the message "
                    "names the file and the reason instead of a traceback.",
                bad="# the disk holding .acdplan/ is full\n", good="# space freed\n"))

IG001 = declare(RuleInfo("IG001", Severity.WARNING, "an `# acdplan:ignore` comment without rule ids or without a reason",
                "write `# acdplan:ignore ID reason`, e.g. `# acdplan:ignore CH007 channel opens next month`", stage="load",
                why="A silenced finding must say why, so a reviewer can judge it; a comment that cannot be read silences nothing.",
                bad="channels:\n  Chat FR:   # acdplan:ignore CH007\n",
                good="channels:\n  Chat FR:   # acdplan:ignore CH007 opens in March\n"))

TG001 = declare(RuleInfo("TG001", Severity.ERROR, "a --target names no object of the plan",
                "give the address as kind.name (e.g. skill.IG_Direct_FR), as the plan lists it", stage="plan",
                why="Planning a part of the specs must never silently plan nothing: a mistyped address is an error that names the closest one.",
                bad="acdplan plan --target skill.IG_Direct_F\n", good="acdplan plan --target skill.IG_Direct_FR\n"))

LC003 = declare(RuleInfo("LC003", Severity.ERROR, "the plan would delete or replace an object whose `lifecycle` sets `prevent_destroy: true`",
                "change the spec so the object is kept (undo the change that replaces it), or remove `prevent_destroy` "
                "in a reviewed change first", stage="plan",
                why="Some objects (the brand's WhatsApp channel, a skill other business units route on) must never be "
                    "deleted and created again by a plan; as Terraform's prevent_destroy, the plan stops and names them.",
                bad="channels:\n  WhatsApp FR:\n    type: whatsapp\n    account: {id: \"33170000001\"}   # was ...000\n"
                    "    lifecycle: {prevent_destroy: true}\n",
                good="channels:\n  WhatsApp FR:\n    type: whatsapp\n    account: {id: \"33170000000\"}\n"
                     "    lifecycle: {prevent_destroy: true}\n"))
CF003 = declare(RuleInfo("CF003", Severity.ERROR, "a rule plugin cannot be loaded: it fails to import, a rule id has no prefix of its own, or an id clashes with a built-in rule or another plugin's",
                "fix or uninstall the plugin the message names (`pip uninstall PACKAGE`), or give its rules ids of their own",
                stage="config",
                why="Rules installed as plugins (entry point group `acdplan.rules`) run with the built-in ones; a plugin that "
                    "cannot be loaded must stop the run, never be skipped silently (its rules would pass unseen), and two "
                    "rules must never share an id (`rules:` settings and `# acdplan:ignore` name them).",
                bad="# a plugin declares SK001, the id of a built-in rule\n",
                good="# the plugin's rules use a prefix of its own: EX001\n"))

CF004 = declare(RuleInfo("CF004", Severity.ERROR, "a policy of acdplan.yaml cannot be used: its `deny` expression does not compile, or its id is taken",
                "fix the CEL expression at the position given, or give the policy an id of its own", stage="config",
                why="Policies gate plans (`policies:` in acdplan.yaml, docs/PLUGINS.md); a policy that cannot be read must stop "
                    "the run rather than let every change through.",
                bad="policies:\n  - {id: POL001, description: No deletes, deny: 'change.action == '}\n",
                good="policies:\n  - {id: POL001, description: No deletes, deny: 'change.action == \"delete\"'}\n"))

PG001 = declare(RuleInfo("PG001", Severity.ERROR, "a plugin's rule failed while checking the specs (it raised, or yielded something that is not a Finding)",
                "report it to the plugin's authors; meanwhile turn the rule off in acdplan.yaml (`rules: {ID: off}`)",
                stage="plugin",
                why="A plugin's bug must not stop acdplan with a traceback nor pass silently: the rule's findings are "
                    "missing, so the run fails with one diagnostic naming the plugin and the rule.",
                bad="# a plugin rule reads skill.nam (a typo) and raises AttributeError\n",
                good="# the plugin fixed, or `rules: {EX001: off}` until it is\n"))
