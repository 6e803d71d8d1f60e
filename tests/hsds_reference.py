"""The official HSDS 3.0 files in ``../shared/hsds`` (never copied into this repository).

Tests that need them use ``needs_reference``: they are skipped, saying why, when the folder
is absent. ``openapi_document()`` is the official API document with its schema references
resolved offline: the ``raw.githubusercontent.com`` URLs it names point at the same files,
which the shared folder holds (the taxonomy and taxonomy-term schemas are the ones nested in
the compiled service schema); and ``servers`` says the API lives under ``/api/hsds``.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "hsds"
SCHEMAS = REFERENCE / "schema"
EXAMPLES = REFERENCE / "examples"
REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

needs_reference = pytest.mark.skipif(
    not SCHEMAS.is_dir(),
    reason=f"the official HSDS 3.0 files are not in {REFERENCE} (see the HSDS README there)",
)


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """A compiled schema: ``organization``, ``service``, ``service_list``..."""
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def _nested(name: str) -> dict[str, Any]:
    attribute = schema("service")["properties"]["attributes"]["items"]
    term = attribute["properties"]["taxonomy_term"]
    return term if name == "taxonomy_term" else term["properties"]["taxonomy_detail"]


def validator(name: str):
    """A Draft 7 validator (as the HSDS README says) that checks formats too."""
    import jsonschema

    return jsonschema.Draft7Validator(
        schema(name), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def openapi_document() -> dict[str, Any]:
    document = copy.deepcopy(json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8")))
    local = {
        f"{REMOTE}compiled/{name}.json": schema(name)
        for name in (
            "organization",
            "organization_list",
            "service",
            "service_list",
            "service_at_location_list",
        )
    }
    local[f"{REMOTE}taxonomy.json"] = _nested("taxonomy")
    local[f"{REMOTE}taxonomy_term.json"] = _nested("taxonomy_term")
    components = document.setdefault("components", {}).setdefault("schemas", {})
    names = {url: url.removeprefix(REMOTE).replace("/", "_").removesuffix(".json") for url in local}
    for url, name in names.items():
        components[name] = local[url]

    def resolve(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref in names:
                node["$ref"] = f"#/components/schemas/{names[ref]}"
            for value in node.values():
                resolve(value)
        elif isinstance(node, list):
            for value in node:
                resolve(value)

    resolve(document["paths"])
    document["servers"] = [{"url": "/api/hsds"}]
    return document
