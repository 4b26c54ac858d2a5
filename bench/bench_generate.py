"""Benchmark the SDK generator: wall time, peak memory, mypy --strict errors.

Each measurement runs in a fresh process (peak RSS is per process). For each spec it
records our ``generate`` (datamodel-code-generator + our templates + ruff) and, next to
it, datamodel-code-generator alone with its default options and openapi-python-client
(``generate --meta none``, its ruff post-hooks included). Prints medians, and what each
output keeps: operations that got a method, component schemas that got a class.
Our generate runs with an empty dmcg cache (a first generation), then again with the
cache its first run filled ("again (dmcg cached)": a regeneration of the same contract),
and from that cache with one component schema's description changed ("one schema
changed": dmcg runs again only for the slices holding it, see generator/dmcg_slices.py).

    .venv/bin/python bench/bench_generate.py [--runs 3] [--specs rivya,twilio,openai]
    (all: rivya,twilio,stripe,openai,openai-yaml,cloudflare,github)
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(os.environ.get("RIVYA_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "rivya": ROOT / "contract" / "bundled" / "openapi.json",
    "twilio": CORPUS / "twilio" / "d50069b44ea8.json",
    "stripe": CORPUS / "stripe" / "e0123a38b40c.json",
    "openai": CORPUS / "openai-json" / "f85dbe223d40.json",
    "openai-yaml": CORPUS / "openai" / "f85dbe223d40.yaml",
    "cloudflare": CORPUS / "cloudflare" / "cca3064f1aba.json",
    "github": CORPUS / "github" / "octokit-openapi-23.0.1.json",
}

OURS = """
import json, resource, sys, time
from pathlib import Path
from rivya_contract.load import load
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.write import write_sdk
start = time.perf_counter()
generated = write_sdk(load(sys.argv[1]), Path(sys.argv[2]), GenerateOptions(package_name="bench_sdk"))
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "operations": generated.sdk.operation_count, "schemas": generated.sdk.schema_count,
                  "notes": len(generated.sdk.notes)}))
"""

DMCG_ALONE = """
import json, resource, sys, time
from pathlib import Path
from rivya_contract.load import load
from rivya_contract.generator.models import dmcg_alone
start = time.perf_counter()
source = dmcg_alone(load(sys.argv[1]).tree)  # JSON or YAML, parsed the same way as ours
Path(sys.argv[2]).mkdir(parents=True, exist_ok=True)
(Path(sys.argv[2]) / "models.py").write_text(source)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# SDK ready: import the generated package, build the client, reach every resource (nested
# ones too) and every public name of its types module, in a fresh process.
READY = """
import importlib, json, resource, sys, time
sys.path.insert(0, sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
package = importlib.import_module("bench_sdk")
base = importlib.import_module("bench_sdk._base_client").SyncAPIClient
client = next(v for v in vars(package).values() if isinstance(v, type) and issubclass(v, base))(api_key="k")
seen, stack = 0, [client]
while stack:
    node = stack.pop()
    for name in dir(type(node)):
        if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
            continue
        value = getattr(node, name)
        if type(value).__module__.startswith("bench_sdk.resources"):
            seen += 1
            stack.append(value)
types = importlib.import_module("bench_sdk.types")
names = [getattr(types, n) for n in dir(types) if not n.startswith("_")]
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_s": round(time.process_time() - cpu, 2),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "resources": seen, "type_names": len(names)}))
"""

# The floor under SDK ready, measured in the same run: importing the SDK's own dependencies.
READY_FLOOR = """
import json, resource, time
start, cpu = time.perf_counter(), time.process_time()
import httpx, pydantic  # noqa: E401
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_s": round(time.process_time() - cpu, 2),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# openapi-python-client as its users run it (its CLI, ruff post-hooks on PATH); its peak is
# the largest child's (RUSAGE_CHILDREN). literal_enums: its default (Enum classes) stops
# with "Duplicate key GMT0 in enum" on Stripe and asks for this setting.
OPC = """
import json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path
bin_dir = str(Path(sys.executable).parent)
env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
out = Path(sys.argv[2]) / "opc_sdk"  # a package folder mypy can name
out.parent.mkdir(parents=True, exist_ok=True)
config = Path(tempfile.mkdtemp()) / "opc.yaml"
config.write_text("literal_enums: true\\n")
start = time.perf_counter()
done = subprocess.run([os.path.join(bin_dir, "openapi-python-client"), "generate", "--path", sys.argv[1],
                       "--output-path", str(out), "--meta", "none", "--overwrite", "--config", str(config)],
                      env=env, capture_output=True, text=True)
seconds = time.perf_counter() - start
if done.returncode != 0 or not out.is_dir():
    sys.exit(1)
warnings = done.stdout.count("will not be generated") + done.stderr.count("will not be generated")
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "skipped_endpoints": warnings}))
"""


def _folded(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def kept(tool: str, spec: Path, out: Path) -> dict[str, str]:
    """What one tool's output keeps of ``spec``: operations with a method, components with a class.

    Read from the files written (``def sync_detailed(`` per openapi-python-client endpoint,
    a ``class``/alias per component in our types or dmcg's models.py); our methods come
    from the IR the templates render (test_every_operation_becomes_a_method ties the two).
    Names are compared case- and punctuation-folded (each tool PascalCases them), by the
    component's name, its last dotted part or its title (openapi-python-client names by title).
    A scalar or union component that a tool inlines instead of naming counts as not kept.
    """
    sys.path.insert(0, str(ROOT))
    from rivya_contract.load import load

    doc = load(spec)
    operations = sum(1 for _ in doc.operations())
    components = doc.get("/components/schemas") or {}
    if not isinstance(components, dict):
        components = {}
    # a component counts as kept when a type of its name, its title or its last dotted part is defined
    aliases = {
        str(name): {_folded(str(name)), _folded(str(name).rsplit(".", 1)[-1])}
        | ({_folded(node["title"])} if isinstance(node, dict) and isinstance(node.get("title"), str) else set())
        for name, node in components.items()
    }
    defined: set[str] = set()
    methods = -1
    if tool == "openapi-python-client":
        sources = list(out.rglob("*.py"))
        methods = sum(p.read_text("utf-8").count("def sync_detailed(") for p in sources if "api" in p.parts)
        models = [p for p in sources if "models" in p.parts]
    else:
        models = [p for p in out.rglob("*.py") if "resources" not in p.parts]
    for path in models:
        source = path.read_text("utf-8")
        if source.startswith("{("):  # dmcg's modular output (dotted schema names): {module path: source}
            source = "\n".join(ast.literal_eval(source).values())
        for match in re.finditer(r"^(?:class (\w+)\b|(\w+)(?:: TypeAlias)? = )", source, re.M):
            defined.add(_folded(match.group(1) or match.group(2)))
    if tool == "generate":
        from rivya_contract.generator.client import build_sdk
        from rivya_contract.generator.options import GenerateOptions
        from rivya_contract.generator.schemas import SchemaRegistry

        sdk = build_sdk(doc, SchemaRegistry.from_document(doc), GenerateOptions(package_name="bench_sdk"))
        stack = list(sdk.resources)
        methods = 0
        while stack:
            resource = stack.pop()
            methods += len(resource.operations)
            stack.extend(resource.children)
    found = sum(1 for names in aliases.values() if names & defined)
    result = {"schemas kept": f"{found}/{len(aliases)}"}
    if methods >= 0:
        result["operations kept"] = f"{methods}/{operations}"
    return result


def run(code: str, spec: Path, out: Path, cache: Path | None = None) -> dict[str, float]:
    # Our generate keeps dmcg's output in a cache (generator/dmcg_cache.py): a fresh, empty
    # one per run measures a first generation; ``cache`` set to a filled one, a regeneration.
    env = {**os.environ, "RIVYA_CONTRACT_CACHE": str(cache or out.parent / f"cache-{out.name}")}
    done = subprocess.run([sys.executable, "-c", code, str(spec), str(out)], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        return {"error": 1.0, "seconds": float("nan"), "peak_mb": float("nan")}
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def one_schema_changed(spec: Path, out: Path) -> Path:
    """``spec`` with its first component schema's description changed, as JSON: what a
    regeneration after a small contract change sees (the dmcg cache keeps each slice)."""
    from rivya_contract.load import load

    tree = load(spec).tree
    schemas = tree.get("components", {}).get("schemas", {})
    for schema in schemas.values():
        if isinstance(schema, dict):
            schema["description"] = str(schema.get("description", "")) + " (changed)"
            break
    out.write_text(json.dumps(tree))
    return out


def mypy_errors(folder: Path, target: str) -> int:
    mypy = Path(sys.executable).parent / "mypy"
    done = subprocess.run(
        [str(mypy), "--strict", "--no-incremental", "--cache-dir", "/dev/null", target],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    return sum(1 for line in done.stdout.splitlines() if ": error:" in line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--specs", default="rivya,twilio,openai")
    parser.add_argument("--no-mypy", action="store_true")
    parser.add_argument("--no-dmcg", action="store_true", help="skip datamodel-code-generator alone")
    parser.add_argument("--no-ready", action="store_true", help="skip the SDK-ready time of our package")
    parser.add_argument("--no-opc", action="store_true", help="skip openapi-python-client")
    parser.add_argument("--no-kept", action="store_true", help="skip counting what each output keeps")
    args = parser.parse_args()
    print(f"{'spec':<10} {'tool':<21} {'median s':>9} {'peak MB':>8} {'mypy errs':>9}  extra")
    for name in args.specs.split(","):
        spec = SPECS[name]
        if not spec.exists():
            print(f"{name:<10} (missing: {spec})")
            continue
        tools = [("generate", OURS, "bench_sdk")] + ([] if args.no_dmcg else [("dmcg alone", DMCG_ALONE, "models.py")])
        tools += [] if args.no_opc else [("openapi-python-client", OPC, "opc_sdk")]
        for tool, code, target in tools:
            with tempfile.TemporaryDirectory() as scratch:
                results = [run(code, spec, Path(scratch) / f"out{i}") for i in range(args.runs)]
                errors = -1 if args.no_mypy else mypy_errors(Path(scratch) / "out0", target)
                if tool == "generate":
                    warm = [
                        run(code, spec, Path(scratch) / f"warm{i}", Path(scratch) / "cache-out0")
                        for i in range(args.runs)
                    ]
                    edited = one_schema_changed(spec, Path(scratch) / "edited.json")
                    changed = []
                    for i in range(args.runs):  # each run from the cache the first run filled
                        cache = shutil.copytree(Path(scratch) / "cache-out0", Path(scratch) / f"cache-changed{i}")
                        changed.append(run(code, edited, Path(scratch) / f"changed{i}", cache))
                if tool == "generate" and not args.no_ready:
                    # as installed by pip, which compiles the package (this machine may set
                    # PYTHONDONTWRITEBYTECODE, and every run would then compile 1 MB of source)
                    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(scratch) / "out0")], check=False)
                    ready = [run(READY, spec, Path(scratch) / "out0") for _ in range(args.runs)]
                    floor = [run(READY_FLOOR, spec, Path(scratch)) for _ in range(args.runs)]
                counts = {} if args.no_kept or "error" in results[0] else kept(tool, spec, Path(scratch) / "out0")
            seconds = statistics.median(r["seconds"] for r in results)
            peak = statistics.median(r["peak_mb"] for r in results)
            extra: dict[str, object] = {k: v for k, v in results[0].items() if k not in ("seconds", "peak_mb")}
            extra.update(counts)
            print(f"{name:<10} {tool:<21} {seconds:>9.2f} {peak:>8.0f} {errors:>9}  {extra}")
            if tool == "generate":
                warm_s = statistics.median(r["seconds"] for r in warm)
                warm_mb = statistics.median(r["peak_mb"] for r in warm)
                print(f"{name:<10} {'  again (dmcg cached)':<21} {warm_s:>9.2f} {warm_mb:>8.0f}")
                changed_s = statistics.median(r["seconds"] for r in changed)
                changed_mb = statistics.median(r["peak_mb"] for r in changed)
                print(f"{name:<10} {'  one schema changed':<21} {changed_s:>9.2f} {changed_mb:>8.0f}")
            if tool == "generate" and not args.no_ready:
                ready_s = statistics.median(r["seconds"] for r in ready)
                ready_mb = statistics.median(r["peak_mb"] for r in ready)
                ready_extra = {k: v for k, v in ready[0].items() if k not in ("seconds", "peak_mb")}
                print(f"{name:<10} {'SDK ready':<21} {ready_s:>9.2f} {ready_mb:>8.0f} {'':>9}  {ready_extra}")
                floor_s = statistics.median(r["seconds"] for r in floor)
                floor_mb = statistics.median(r["peak_mb"] for r in floor)
                floor_cpu = statistics.median(r["cpu_s"] for r in floor)
                floor_label = "  import httpx+pydantic"
                print(f"{name:<10} {floor_label:<21} {floor_s:>9.2f} {floor_mb:>8.0f} {'':>9}  cpu_s {floor_cpu}")


if __name__ == "__main__":
    main()
