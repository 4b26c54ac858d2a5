"""Diff rule families: one module per family, each with ``RULES`` and ``check(cmp)``."""
