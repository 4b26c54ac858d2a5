"""The SDK generator: an OpenAPI Document -> IR -> a rendered, typed Python package.

``generate_files`` renders in memory; ``write_sdk`` writes a package atomically;
``check_sdk`` compares a committed package with what would be generated now.
"""

from __future__ import annotations

from generator.check import check_sdk
from generator.options import GenerateOptions
from generator.render import generate_files
from generator.write import write_sdk

__all__ = ["GenerateOptions", "check_sdk", "generate_files", "write_sdk"]
