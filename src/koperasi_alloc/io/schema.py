"""Write the JSON Schemas of the scenario and plan files.

Run ``python -m koperasi_alloc.io.schema [out_dir]`` (``out_dir`` defaults to
``docs/schema``) after changing a model; a test fails while the committed schemas differ
from what the models produce.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario

__all__ = ["DEFAULT_OUT_DIR", "SCHEMA_FILES", "render_schemas", "schemas", "write_schemas"]

DEFAULT_OUT_DIR = Path("docs/schema")

SCHEMA_FILES: dict[str, str] = {
    "scenario": "scenario.schema.json",
    "plan": "plan.schema.json",
}


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each file format, by name (``scenario``, ``plan``).

    Returns
    -------
    dict
        ``Scenario.model_json_schema()`` and ``Plan.model_json_schema()``, each with a
        ``$schema`` keyword naming the JSON Schema dialect (2020-12).
    """
    result: dict[str, dict[str, Any]] = {}
    for name, model in (("scenario", Scenario), ("plan", Plan)):
        schema = model.model_json_schema()
        result[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return result


def render_schemas() -> dict[str, str]:
    """The text of each schema file, by file name, exactly as :func:`write_schemas` writes it.

    Returns
    -------
    dict
        File name (``scenario.schema.json``, ``plan.schema.json``) to its text.
    """
    return {
        SCHEMA_FILES[name]: json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        for name, schema in schemas().items()
    }


def write_schemas(out_dir: str | Path = DEFAULT_OUT_DIR) -> list[Path]:
    """Write ``scenario.schema.json`` and ``plan.schema.json`` into ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder to write into; created when missing.

    Returns
    -------
    list of Path
        The files written.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, text in render_schemas().items():
        target = folder / file_name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m koperasi_alloc.io.schema [out_dir]``.

    Parameters
    ----------
    argv
        Arguments after the program name; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        The exit status (0, or 2 for wrong usage).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m koperasi_alloc.io.schema [out_dir]", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    for path in write_schemas(args[0] if args else DEFAULT_OUT_DIR):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
