#!/usr/bin/env python3
"""Check that the declared minimum supported Rust version (MSRV) is one users can rely on.

Only the newest stable toolchain is available to CI, so the MSRV cannot be checked by building
with it. This checks what can be checked cheaply, from `cargo metadata` (no build):

- every workspace package declares `rust-version.workspace = true`, so there is one MSRV, the
  `[workspace.package] rust-version`;
- no package in Cargo.lock declares a `rust-version` above it: a user on the MSRV must be able
  to build the locked dependencies (the highest one found is printed);
- README.md states the same version.

Std APIs newer than the MSRV are clippy's `incompatible_msrv` lint (denied in the workspace
lints, and in tests too through clippy.toml), which `cargo clippy` in .ci/run runs.

Usage: .ci/check-msrv.py [REPO]   (REPO defaults to the repository holding this script)
Exit status: 0 consistent; 1 a check failed; 2 setup problem.
"""

import json
import pathlib
import re
import subprocess
import sys


def version(text):
    """`1.85` or `1.85.0` as a comparable tuple (missing parts are 0)."""
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    repo = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    repo = repo.resolve()
    try:
        out = subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            cwd=repo, check=True, capture_output=True, text=True,
        ).stdout
    except OSError as err:
        print(f"cannot run cargo: {err}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as err:
        print(f"cargo metadata failed:\n{err.stderr}", file=sys.stderr)
        return 2
    meta = json.loads(out)
    members = set(meta["workspace_members"])
    problems = []

    declared = set()
    for pkg in meta["packages"]:
        if pkg["id"] not in members:
            continue
        manifest = pathlib.Path(pkg["manifest_path"])
        if not re.search(r"(?m)^rust-version\.workspace\s*=\s*true\s*$", manifest.read_text()):
            problems.append(f"{manifest.relative_to(repo)}: no `rust-version.workspace = true`")
        declared.add(pkg["rust_version"])
    if len(declared) != 1 or None in declared:
        problems.append(f"workspace packages declare rust-version {sorted(map(str, declared))}, not one")
        msrv = None
    else:
        msrv = declared.pop()

    deps = [p for p in meta["packages"] if p["id"] not in members and p["rust_version"]]
    if deps and msrv:
        top = max(version(p["rust_version"]) for p in deps)
        at_top = sorted(f"{p['name']} {p['version']}" for p in deps if version(p["rust_version"]) == top)
        print(f"MSRV {msrv}; highest rust-version among the {len(deps)} locked dependencies that "
              f"declare one: {'.'.join(map(str, top))} ({', '.join(at_top)})")
        for p in sorted(deps, key=lambda p: p["name"]):
            if version(p["rust_version"]) > version(msrv):
                problems.append(f"{p['name']} {p['version']} needs Rust {p['rust_version']}, "
                                f"above the declared {msrv}")

    if msrv:
        readme = (repo / "README.md").read_text()
        stated = re.findall(r"minimum\s+supported\s+Rust\s+version\s+is\s+([0-9.]*[0-9])", readme)
        if stated != [msrv]:
            problems.append(f"README.md states the MSRV as {stated or 'nothing'}, not {msrv}")

    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
