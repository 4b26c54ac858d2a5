"""``[tool.rivya-contract]`` in pyproject.toml: defaults for the checker's commands.

    [tool.rivya-contract]
    snapshots = "snapshots"          # where accepted contracts live
    profile = "rivya"                # rivya | strict | auto
    fail-on = "breaking"             # breaking | warning | never
    deprecation-days-beta = 0        # a new sunset must lie this many days ahead
    deprecation-days-stable = 0      # (oasdiff's defaults; 0 = no minimum, no sunset needed)
    [tool.rivya-contract.severity]   # per-rule level overrides
    request-body-removed = "warning"

The file is found by walking up from the current directory; command-line options win.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rivya_contract.errors import SourceError
from rivya_contract.profiles import NAMES

PROFILES = NAMES
FAIL_ON = ("breaking", "warning", "never")
LEVELS = ("breaking", "warning", "compatible")
# Every key the table may hold; any other is an error naming it, not ignored.
KEYS = ("snapshots", "profile", "fail-on", "severity", "deprecation-days-beta", "deprecation-days-stable")


@dataclass
class Config:
    snapshots: Path = Path("snapshots")
    profile: str = "rivya"
    fail_on: str = "breaking"
    severity: dict[str, str] = field(default_factory=dict)
    # (beta, stable): days a new sunset must lie ahead (oasdiff's --deprecation-days-*)
    min_sunset_days: tuple[int, int] = (0, 0)
    source: Path | None = None  # the pyproject.toml read, if any


def find_pyproject(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Read the configuration (defaults when there is no pyproject.toml or no table)."""
    path = path or find_pyproject(start)
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(str(path), f"invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("rivya-contract")
    if table is None:
        return Config(source=path)
    where = f"{path} [tool.rivya-contract]"
    if not isinstance(table, dict):
        raise SourceError(where, "must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise SourceError(where, f"unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    config = Config(source=path)
    snapshots = table.get("snapshots", "snapshots")
    if not isinstance(snapshots, str):
        raise SourceError(where, "snapshots must be a string (a folder)")
    config.snapshots = (path.parent / snapshots) if not Path(snapshots).is_absolute() else Path(snapshots)
    config.profile = _choice(where, table, "profile", PROFILES, "rivya")
    config.fail_on = _choice(where, table, "fail-on", FAIL_ON, "breaking")
    config.severity = _severity(where, table.get("severity", {}))
    config.min_sunset_days = (
        _days(where, table, "deprecation-days-beta"),
        _days(where, table, "deprecation-days-stable"),
    )
    return config


def _choice(where: str, table: dict[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = table.get(key, default)
    if value not in allowed:
        raise SourceError(where, f"{key} = {value!r}: expected one of {', '.join(allowed)}")
    return str(value)


def _days(where: str, table: dict[str, Any], key: str) -> int:
    value = table.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SourceError(where, f"{key} = {value!r}: expected a whole number of days (0 or more)")
    return value


def _severity(where: str, table: Any) -> dict[str, str]:
    from rivya_contract import rules

    if not isinstance(table, dict):
        raise SourceError(where, "severity must be a table of rule-id = level")
    known = rules.registry()
    out = {}
    for rule_id, level in table.items():
        if rule_id not in known:
            raise SourceError(where, f"severity: unknown rule {rule_id!r}")
        if level not in LEVELS:
            raise SourceError(where, f"severity.{rule_id} = {level!r}: expected one of {', '.join(LEVELS)}")
        out[rule_id] = level
    return out
