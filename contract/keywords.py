"""JSON Schema 2020-12 keywords whose values are schemas, in three shapes.

One list for every walker (the shape check at load, the schema finder validators use),
so a keyword added here is walked everywhere at once.
"""

from __future__ import annotations

# The value is one schema.
SUBSCHEMA_SINGLE = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
)
# The value is an array of schemas.
SUBSCHEMA_ARRAYS = ("allOf", "anyOf", "oneOf", "prefixItems")
# The value is an object whose values are schemas.
SUBSCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs", "definitions")
