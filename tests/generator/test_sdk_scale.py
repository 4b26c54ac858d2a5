"""Scale of the generated SDK (issue 18 part 4): what loads when, on the golden SDK.

Each check runs in a fresh interpreter, so what ``sys.modules`` holds is what the SDK
itself imported. The timings live in bench/bench_generate.py ("SDK ready"), not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.generator.conftest import GOLDEN


def _run(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-B", "-c", textwrap.dedent(code)],
        cwd=GOLDEN,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_resources_load_on_first_use_and_models_build_on_first_use() -> None:
    found = _run(
        """
        import json, sys
        import pydantic
        import rivya_sdk

        def loaded(prefix):
            return sorted(m for m in sys.modules if m.startswith(prefix))

        client = rivya_sdk.Rivya(api_key="k")
        before = loaded("rivya_sdk.resources.")
        client.models  # first use of one resource
        after = loaded("rivya_sdk.resources.")
        lazy = loaded("rivya_sdk.types.")
        raw = type(client.with_raw_response.generations).__name__
        from rivya_sdk import types
        lazy_raw = loaded("rivya_sdk.types.")
        from rivya_sdk.types import WebhookSecretRotation
        one = loaded("rivya_sdk.types.")
        where = WebhookSecretRotation.__module__
        modules = sorted({"rivya_sdk.types." + m for m in types._MODULES.values()})
        try:
            types.NoSuchType
            missing = "no error"
        except AttributeError as exc:
            missing = str(exc)
        classes = [getattr(types, n) for n in types.__all__]
        models = [c for c in classes if isinstance(c, type) and issubclass(c, pydantic.BaseModel)]
        built_at_import = sorted(c.__name__ for c in models if c.__pydantic_complete__)
        print(json.dumps({"before": before, "after": after, "raw": raw, "lazy": lazy, "one": one,
                          "where": where, "modules": modules, "lazy_raw": lazy_raw,
                          "missing": missing, "same": types.WebhookSecretRotation is WebhookSecretRotation,
                          "models": len(models), "built": built_at_import}))
        """
    )
    assert found["before"] == []
    assert found["after"] == ["rivya_sdk.resources.models"]
    assert found["raw"] == "GenerationsWithRawResponse"
    # client.models loaded the modules of the types its methods name, not all of them
    lazy, modules = found["lazy"], found["modules"]
    assert isinstance(lazy, list) and isinstance(modules, list) and 0 < len(lazy) < len(modules)
    assert set(lazy) <= set(modules)
    assert isinstance(found["one"], list) and found["where"] in found["one"]
    assert found["missing"] == "module 'rivya_sdk.types' has no attribute 'NoSuchType'"
    assert found["same"] is True
    assert isinstance(found["models"], int) and found["models"] > 50
    assert found["built"] == []  # deferred: no validator is built by importing the types


def test_every_type_builds_and_validates_once_used() -> None:
    """Deferred builds resolve every forward reference (nothing left undefined at first use)."""
    found = _run(
        """
        import json
        import pydantic
        from rivya_sdk import types
        names = list(types.__all__)
        failed = []
        for name in names:
            try:
                pydantic.TypeAdapter(getattr(types, name)).core_schema
            except Exception as exc:
                failed.append(f"{name}: {exc}")
        print(json.dumps({"names": len(names), "failed": failed}))
        """
    )
    assert found["failed"] == []
    assert isinstance(found["names"], int) and found["names"] > 100
