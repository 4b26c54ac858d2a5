"""The SDK generator: an OpenAPI Document -> IR -> a rendered, typed Python package.

``generate_files`` renders in memory; ``write_sdk`` writes a package atomically;
``check_sdk`` compares a committed package with what would be generated now.
"""

from __future__ import annotations

from rivya_contract.generator.check import check_sdk
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.render import generate_files
from rivya_contract.generator.write import write_sdk

__all__ = ["GenerateOptions", "check_sdk", "generate_files", "write_sdk"]
