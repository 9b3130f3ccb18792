#!/usr/bin/env python3
"""Times the `versori` verbs against `jq -c .` over one generated NDJSON stream.

The stream is built from the bundled v1 examples (connectors, connections, credentials, auth
scheme configs), each compacted to one line and repeated with a fresh `id` until the stream has
the requested size. Every command reads the same file; each is run several times and the best
(least disturbed) wall time counts. Printed per command: MB/s, the ratio to `jq -c .`, and peak
RSS; and for validate and migrate the speed-up of 2 cores over 1 (`RAYON_NUM_THREADS=1`, pinned
to one CPU with `taskset -c 0`, since the reading and writing threads would use the second).

    python3 scripts/bench-cli.py                 # 100 MB, 3 runs each
    python3 scripts/bench-cli.py --mb 230 --runs 5
    python3 scripts/bench-cli.py --versori target/release/versori --no-build

A benchmark, not a test: the figures go in the README's performance section, with this command.
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def build_stream(path: pathlib.Path, megabytes: float) -> tuple[int, int]:
    """Writes the stream; returns (bytes, lines)."""
    lines = []
    for example in sorted((ROOT / "examples" / "v1").glob("*.json")):
        if "update" in example.stem:
            continue  # PUT payloads, not stored documents
        lines.append(json.loads(example.read_text()))
    for line in (ROOT / "examples" / "streams" / "v1-credentials.ndjson").read_text().splitlines():
        if line.strip():
            lines.append(json.loads(line))
    target = int(megabytes * 1_000_000)
    written = count = 0
    with path.open("w") as out:
        while written < target:
            for doc in lines:
                doc = dict(doc)
                if "id" in doc:
                    doc["id"] = f"{doc['id']}-{count}"
                text = json.dumps(doc, separators=(",", ":")) + "\n"
                out.write(text)
                written += len(text.encode())
                count += 1
                if written >= target:
                    break
    return written, count


def run(cmd: list[str], stdin: pathlib.Path, env: dict[str, str]) -> tuple[float, int]:
    """Runs once with stdout discarded; returns (wall seconds, exit status)."""
    with stdin.open("rb") as inp:
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        return time.perf_counter() - start, proc.returncode


def peak_rss(cmd: list[str], stdin: pathlib.Path, env: dict[str, str]) -> int:
    """Peak RSS in KiB, measured by GNU time (0 when it is not installed)."""
    if not pathlib.Path("/usr/bin/time").exists():
        return 0
    with tempfile.NamedTemporaryFile("r") as report, stdin.open("rb") as inp:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *cmd], stdin=inp,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        text = pathlib.Path(report.name).read_text().strip().splitlines()
        return int(text[-1]) if text else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=100.0, help="stream size in MB (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command; the best counts")
    parser.add_argument("--versori", default=str(ROOT / "target" / "release" / "versori"))
    parser.add_argument("--no-build", action="store_true", help="do not run cargo build --release")
    parser.add_argument("--keep", action="store_true", help="keep the generated stream")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "versori-cli"], cwd=ROOT, check=True)
    versori = args.versori
    work = pathlib.Path(tempfile.mkdtemp(prefix="versori-bench-"))
    stream = work / "stream.ndjson"
    size, count = build_stream(stream, args.mb)
    print(f"stream: {count} documents, {size / 1e6:.1f} MB ({stream})")
    migrated = work / "out.v2.ndjson"
    rejects = work / "rejects.ndjson"

    commands = [
        ("jq -c .", ["jq", "-c", "."]),
        ("versori validate --format json", [versori, "validate", "--format", "json", "--stdin-format", "ndjson", "-"]),
        ("versori detect --format json", [versori, "detect", "--format", "json", "--stdin-format", "ndjson", "-"]),
        ("versori migrate --to v2 --output", [versori, "migrate", "--to", "v2", "--stdin-format", "ndjson",
                                               "--output", str(migrated), "--rejects", str(rejects), "-"]),
    ]
    if not shutil.which("jq"):
        print("jq is not installed; ratios are against the first versori command", file=sys.stderr)
        commands = commands[1:]

    # The one-core runs are pinned to one CPU: `versori` reads, works and writes on threads of
    # their own, so RAYON_NUM_THREADS=1 alone would still spread over both cores.
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    if not pin:
        print("taskset is not installed; the 1-thread runs are not pinned to one core", file=sys.stderr)
    results = {}
    for name, cmd in commands:
        for threads in (["2", "1"] if name.startswith(("versori validate", "versori migrate")) else ["2"]):
            env = dict(os.environ, RAYON_NUM_THREADS=threads)
            run_cmd = pin + cmd if threads == "1" else cmd
            best = None
            for _ in range(args.runs):
                elapsed, status = run(run_cmd, stream, env)
                if status not in (0, 1):
                    print(f"{name}: exit status {status}", file=sys.stderr)
                    return 2
                best = elapsed if best is None else min(best, elapsed)
            rss = peak_rss(run_cmd, stream, env)
            results[(name, threads)] = (best, rss)

    base = results[(commands[0][0], "2")][0]
    print()
    print(f"| command | MB/s | vs `{commands[0][0]}` | peak RSS |")
    print("|---|---:|---:|---:|")
    for name, _ in commands:
        seconds, rss = results[(name, "2")]
        rss_text = f"{rss / 1024:.0f} MiB" if rss else "n/a"
        print(f"| `{name}` | {size / 1e6 / seconds:.0f} | {base / seconds:.1f}x | {rss_text} |")
    print()
    for name, _ in commands:
        if (name, "1") in results:
            one, two = results[(name, "1")][0], results[(name, "2")][0]
            core = "1 core (taskset -c 0, RAYON_NUM_THREADS=1)" if pin else "1 thread (RAYON_NUM_THREADS=1)"
            print(f"{name}: 2 cores {one / two:.2f}x {core} ({size / 1e6 / one:.0f} -> {size / 1e6 / two:.0f} MB/s)")
    if not args.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
