"""Find the spec files of a folder, or refuse: loading is total or it does not happen.

A spec file that is silently skipped is worse than an error: its objects would be planned as
deletions. So every entry that looks like a spec file but cannot be used (a dangling symlink,
a symlink loop, a FIFO or device, a folder that cannot be listed) is a YM001 error that stops
the run, a folder with no spec file at all is an error, and a symlink whose target lies outside
the spec folder is refused unless the project allows it (`allow_symlinks_outside: true` in
acdplan.yaml, docs: schema/config.schema.json), so a pull request cannot make acdplan read
`/etc/shadow` into a diagnostic or a PR annotation.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from acdplan.diagnostics import Diagnostic, Severity
from acdplan.fs_paths import display_path, inside

SPEC_SUFFIXES = (".yaml", ".yml", ".yaml.j2", ".yml.j2")


@dataclass(slots=True)
class Discovery:
    files: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def is_spec_name(name: str) -> bool:
    return name.endswith(SPEC_SUFFIXES)


def find_spec_files(root: Path, allow_symlinks_outside: bool = False) -> Discovery:
    """Every spec file under `root` (or `root` itself), in sorted path order, or the reasons why not."""
    found = Discovery()
    try:
        mode = root.stat().st_mode
    except FileNotFoundError:
        if not os.path.islink(root):
            _refuse(found, root, f"no such spec file or folder: {display_path(root)}")
            return found
        _refuse(found, root, _os_reason(FileNotFoundError(), root))
        return found
    except OSError as error:
        _refuse(found, root, _os_reason(error, root))
        return found
    if stat.S_ISREG(mode):
        if not is_spec_name(root.name):
            _refuse(found, root, f"not a spec file: spec files end in {', '.join(SPEC_SUFFIXES)}")
        else:
            found.files.append(root)
        return found
    if not stat.S_ISDIR(mode):
        _refuse(found, root, f"not a spec file or folder ({_kind(mode)})")
        return found
    real_root = root.resolve()
    _walk(root, real_root, allow_symlinks_outside, {real_root}, found)
    if not found.files and not found.diagnostics:
        _refuse(found, root, f"no spec files ({', '.join('*' + s for s in SPEC_SUFFIXES)}) in this folder: "
                             f"an empty spec folder would plan the deletion of everything")
    return found


def _walk(folder: Path, real_root: Path, allow_outside: bool, visiting: set[Path], found: Discovery) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        _refuse(found, folder, f"cannot list the folder: {error.strerror}")
        return
    for entry in entries:
        path = Path(entry.path)
        spec_name = is_spec_name(entry.name)
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError as error:
            _refuse(found, path, _os_reason(error, path))
            continue
        if is_link:
            _follow_link(path, spec_name, real_root, allow_outside, visiting, found)
        elif is_dir:
            _walk(path, real_root, allow_outside, visiting, found)
        elif spec_name:
            _add_file(path, found)


def _follow_link(path: Path, spec_name: bool, real_root: Path, allow_outside: bool,
                 visiting: set[Path], found: Discovery) -> None:
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        _refuse(found, path, "symlink loop: the link points (through other links) back at itself")
        return
    except OSError as error:
        if spec_name or "." not in path.name:  # a spec file, or maybe a folder of them
            _refuse(found, path, _os_reason(error, path))
        return
    if not (spec_name or stat.S_ISDIR(mode)):
        return  # a link to something that is not a spec: ignored like any other file
    if not allow_outside and not inside(target, real_root):
        _refuse(found, path, f"symlink to {target} leaves the spec folder; refused unless acdplan.yaml sets "
                             f"allow_symlinks_outside: true")
        return
    if stat.S_ISDIR(mode):
        if target in visiting or any(inside(target, seen) for seen in visiting if seen != real_root):
            _refuse(found, path, "symlink loop: the link points at a folder that contains it")
            return
        visiting.add(target)
        _walk(path, real_root, allow_outside, visiting, found)
        visiting.discard(target)
    else:
        _add_file(path, found)


def _add_file(path: Path, found: Discovery) -> None:
    try:
        mode = path.stat().st_mode
    except OSError as error:
        _refuse(found, path, _os_reason(error, path))
        return
    if not stat.S_ISREG(mode):
        _refuse(found, path, f"not a regular file ({_kind(mode)}); a spec file must be a plain file")
        return
    found.files.append(path)


def _os_reason(error: OSError, path: Path) -> str:
    if os.path.islink(path) and not os.path.exists(path):
        return f"dangling symlink: its target {os.readlink(path)} does not exist"
    if error.errno is not None and error.strerror and "Too many levels of symbolic links" in error.strerror:
        return "symlink loop: the link points (through other links) back at itself"
    return f"cannot read: {error.strerror or error}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse(found: Discovery, path: Path, reason: str) -> None:
    found.diagnostics.append(Diagnostic("YM001", Severity.ERROR, reason,
                                        display_path(path), 1, 1))
