"""Rule family: the documented endpoint surface against the contract.

The source documents list the endpoints of Rivya API v1; a contract that lacks one, or
serves one they do not list, has drifted from its documentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rivya_contract import rivya
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Rule
from rivya_contract.validate.base import finding

_REASON = "validation rule: it judges one document, not a change"
RULES = [
    Rule(
        id="surface-endpoint-missing",
        level=Level.ERROR,
        description="An endpoint of the documented Rivya v1 surface is missing from the contract.",
        message="the documented endpoint {endpoint} is missing from the contract",
        area="validate",
        mirror_reason=_REASON,
    ),
    Rule(
        id="surface-endpoint-undocumented",
        level=Level.WARNING,
        description="The contract serves an endpoint the documented Rivya v1 surface does not list.",
        message="{operation} is not in the documented endpoint surface",
        area="validate",
        mirror_reason=_REASON,
    ),
]

_PARAM = re.compile(r"\{[^}]*\}")


def _shape(key: str) -> str:
    """Path parameters named differently are the same endpoint."""
    return _PARAM.sub("{}", key)


def check(doc: Document) -> Iterator[Finding]:
    served = {_shape(op.key): op for op in doc.operations()}
    documented = {_shape(key): key for key in rivya.DOCUMENTED_SURFACE}
    for shape, key in documented.items():
        if shape not in served:
            yield finding(doc, "surface-endpoint-missing", "/paths", endpoint=key)
    for shape, op in served.items():
        if shape not in documented and not op.path.startswith("/api/v1/internal"):
            yield finding(doc, "surface-endpoint-undocumented", op.pointer, operation=op.key)
