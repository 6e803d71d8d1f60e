"""The building blocks of the OpenAPI response schemas: closed objects, references and the
primitive types (``openapi_schemas``, ``openapi_listing_schemas``)."""

from __future__ import annotations

from typing import Any


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def closed_object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def nullable(type_: str, **extra: Any) -> dict[str, Any]:
    return {"type": type_, "nullable": True, **extra}


STRING = {"type": "string"}
INTEGER = {"type": "integer", "minimum": 0}
BOOLEAN = {"type": "boolean"}
STRINGS = {"type": "array", "items": STRING}
