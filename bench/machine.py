"""What machine a benchmark ran on, in one line (every table quotes it)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def describe() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    python = f"Python {platform.python_version()}, {platform.system()}"
    return f"{os.cpu_count()} cores, {cpu}, {python}, load average {load:.2f}"
