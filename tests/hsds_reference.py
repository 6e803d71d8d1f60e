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


# A column naming another table's id, by the HSDS convention ``<table>_id``; these two do not
# follow it. ``link_id`` (attributes) and ``resource_id`` (metadata) may name any table.
_REFERENCED = {"parent_organization_id": "organization", "parent_id": "taxonomy_term"}


def tabular_package(folder: Path) -> dict[str, Any]:
    """The official tabular schema (``tabular.json``) as a Frictionless data package
    descriptor for the CSV files in ``folder``: types (``datapackage_type`` where given),
    formats, enums, required fields (``required`` and ``tabular_required``), ``id`` as the
    primary key and the ``<table>_id`` columns as foreign keys. A table without a file in
    ``folder`` is an empty table (its header only), so any value naming one of its rows is a
    foreign-key error."""
    tables = schema("tabular")["properties"]
    resources = []
    for name, table in tables.items():
        item = table["items"]
        required = set(item.get("required", [])) | set(item.get("tabular_required", []))
        fields = []
        foreign_keys = []
        for column, spec in item["properties"].items():
            if spec["type"] == "array":
                continue
            kind = spec.get("datapackage_type") or spec["type"]
            field: dict[str, Any] = {"name": column, "type": kind}
            if spec.get("format") in ("uuid", "email", "uri"):
                field["format"] = spec["format"]
            constraints: dict[str, Any] = {"required": column in required}
            if column != "id" and spec.get("constraints", {}).get("unique"):
                constraints["unique"] = True
            if spec.get("enum"):
                constraints["enum"] = spec["enum"]
            field["constraints"] = constraints
            fields.append(field)
            target = _REFERENCED.get(column) or column.removesuffix("_id")
            if column != "id" and column.endswith("_id") and target in tables:
                foreign_keys.append(
                    {"fields": column, "reference": {"resource": target, "fields": "id"}}
                )
        where = (
            {"path": item["path"]}
            if (folder / item["path"]).is_file()
            else {"data": [[field["name"] for field in fields]]}
        )
        resources.append(
            {
                "name": name,
                **where,
                "profile": "tabular-data-resource",
                "schema": {"fields": fields, "primaryKey": ["id"], "foreignKeys": foreign_keys},
            }
        )
    return {"name": "hsds-tabular", "resources": resources}
