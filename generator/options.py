"""What a generation is asked to do: the package name, the source label, the templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GenerateOptions:
    package_name: str = "rivya_sdk"
    # The name written into every header: the name the user passed, never a temp path.
    source_label: str = "openapi.json"
    templates: Path | None = None  # per-file overrides of templates/sdk
    # Run ruff over the output (format + import order). Off only in micro-benchmarks.
    format_output: bool = True
    # The generated package's own version (``generate --package-version``); None: the contract's.
    package_version: str | None = None
    # The client class (``--client-name``); None: from the title (``Stripe API`` -> Stripe).
    client_name: str | None = None
