#!/usr/bin/env python3
"""Validate every example and fixture against the committed JSON Schemas with an independent
validator: Python `jsonschema`, Draft202012Validator, with format checking.

The rules are those of tests/schema_export.rs:

- examples/<version>/*.json and the examples/streams/*.ndjson lines take their version and kind
  from the table in examples/README.md (the `mixed` stream from its "line order" note);
  tests/fixtures/<version>/<kind>/*.json are that version and kind. Each must be accepted by the
  strict schema (schemas/<version>/<kind>.schema.json) and by the lenient one
  (schemas/lenient/<version>/<kind>.schema.json), except the reference pages' placeholder bodies,
  whose outcome tests/schema_reference_pages.json states.
- tests/fixtures/unknown/*.json (version and kind from its README) carry keys or values this
  release does not know: the strict schema must reject each, the lenient one accept it.
- Every committed schema must itself be a valid draft 2020-12 schema whose $id names its path.

Usage: .ci/check-schemas-python.py [REPO]   (REPO defaults to the repository holding this script)
Needs: pip install 'jsonschema[format-nongpl]'  (format checkers for uri, uri-reference, date-time)
Exit status: 0 everything agrees; 1 a document or schema disagrees; 2 setup problem.
"""

import json
import re
import sys
from pathlib import Path

try:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
except ImportError:
    print("error: the `jsonschema` package is missing: pip install 'jsonschema[format-nongpl]'", file=sys.stderr)
    sys.exit(2)

BASE_URI = "https://schemas.versori.dev/"
VERSIONS = ("v1alpha1", "v1", "v2")
FORMATS = ("uri", "uri-reference", "date-time")


class Setup(Exception):
    """A problem with the inputs rather than a disagreement."""


def load_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise Setup(f"{path}: {err}") from err


def readme_rows(readme):
    """(file, version, kind, notes) for each table row whose first cell is a backticked file."""
    rows = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) < 6:
            continue
        file = cells[1]
        if len(file) > 2 and file.startswith("`") and file.endswith("`"):
            rows.append((file[1:-1], cells[2], cells[3], cells[4]))
    return rows


def line_kinds(notes):
    """{line: (version, kind)} from a note such as "line order: 1: v1 credential, 2: ...)"."""
    if "line order:" not in notes:
        return {}
    order = notes.split("line order:", 1)[1].split(")", 1)[0]
    return {
        int(m.group(1)): (m.group(2), m.group(3))
        for m in re.finditer(r"(\d+):\s*(\S+)\s+([a-z-]+)", order)
    }


def documents(repo):
    """(source, version, kind, value, expectation); expectation is (strict, lenient)."""
    pages = load_json(repo / "tests/schema_reference_pages.json")
    placeholder = json.dumps(pages["placeholder"])
    expected = {row["file"]: (row["strict"], row["lenient"]) for row in pages["documents"]}
    docs = []

    def add(source, version, kind, value, want=None):
        if want is None:
            if source in expected:
                want = expected[source]
            elif placeholder in json.dumps(value):
                raise Setup(f"{source}: holds reference-page placeholders; list it in tests/schema_reference_pages.json")
            else:
                want = (True, True)
        docs.append((source, version, kind, value, want))

    examples = repo / "examples"
    rows = readme_rows(examples / "README.md")
    for file, version, kind, notes in rows:
        path = examples / file
        if file.endswith(".json"):
            add(f"examples/{file}", version, kind, load_json(path))
        elif file.endswith(".ndjson"):
            per_line = line_kinds(notes)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                source = f"examples/{file}:{number}"
                line_version, line_kind = (version, kind) if version != "mixed" else per_line.get(number, (None, None))
                if line_version is None:
                    raise Setup(f"{source}: examples/README.md gives no version and kind")
                add(source, line_version, line_kind, json.loads(line))
    listed = {file for file, *_ in rows}
    for version in VERSIONS:
        for path in sorted((examples / version).glob("*.json")):
            if f"{version}/{path.name}" not in listed:
                raise Setup(f"examples/{version}/{path.name} is not in examples/README.md's table")

    fixtures = repo / "tests/fixtures"
    for version in VERSIONS:
        for kind_dir in sorted(p for p in (fixtures / version).glob("*") if p.is_dir()):
            for path in sorted(kind_dir.glob("*.json")):
                add(str(path.relative_to(repo)), version, kind_dir.name, load_json(path))
    for source in expected:
        if not any(doc[0] == source for doc in docs):
            raise Setup(f"{source}: listed in tests/schema_reference_pages.json but not found")

    unknown = fixtures / "unknown"
    unknown_rows = readme_rows(unknown / "README.md")
    for file, version, kind, _ in unknown_rows:
        add(f"tests/fixtures/unknown/{file}", version, kind, load_json(unknown / file), (False, True))
    for path in sorted(unknown.glob("*.json")):
        if path.name not in {file for file, *_ in unknown_rows}:
            raise Setup(f"tests/fixtures/unknown/{path.name} is not in its README")
    return docs


def validators(repo, failures):
    """{(variant, version, kind): validator} for every committed schema."""
    checker = Draft202012Validator.FORMAT_CHECKER
    missing = [name for name in FORMATS if name not in checker.checkers]
    if missing:
        raise Setup(
            f"no format checker for {', '.join(missing)}: pip install 'jsonschema[format-nongpl]'"
        )
    out = {}
    schemas = repo / "schemas"
    for variant, root in (("strict", schemas), ("lenient", schemas / "lenient")):
        for version in VERSIONS:
            for path in sorted((root / version).glob("*.schema.json")):
                schema = load_json(path)
                relative = path.relative_to(schemas).as_posix()
                try:
                    Draft202012Validator.check_schema(schema)
                except SchemaError as err:
                    failures.append(f"schemas/{relative}: not a valid 2020-12 schema: {err.message}")
                    continue
                if schema.get("$id") != BASE_URI + relative:
                    failures.append(f"schemas/{relative}: $id is {schema.get('$id')!r}")
                kind = path.name[: -len(".schema.json")]
                out[(variant, version, kind)] = Draft202012Validator(schema, format_checker=checker)
    return out


def first_errors(validator, value):
    errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))[:3]
    return "; ".join(f"{e.message[:200]} at /{'/'.join(map(str, e.absolute_path))}" for e in errors)


def main():
    repo = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    failures = []
    try:
        checks = validators(repo, failures)
        docs = documents(repo)
    except Setup as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for source, version, kind, value, (want_strict, want_lenient) in docs:
        for variant, want in (("strict", want_strict), ("lenient", want_lenient)):
            validator = checks.get((variant, version, kind))
            if validator is None:
                failures.append(f"{source}: no {variant} schema for {version} {kind}")
                continue
            valid = validator.is_valid(value)
            if valid and not want:
                failures.append(f"{source}: the {variant} schema accepts it")
            elif not valid and want:
                failures.append(f"{source}: the {variant} schema rejects it: {first_errors(validator, value)}")
    for failure in failures:
        print(failure)
    print(
        f"{len(docs)} documents against {len(checks)} schemas: "
        + (f"{len(failures)} failures" if failures else "all agree")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
