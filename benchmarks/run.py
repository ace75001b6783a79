"""Run every workload against the peers that are installed and print one results table.

    python -m benchmarks.run             # the full table (21 interleaved rounds per workload)
    python -m benchmarks.run --write     # ... and put it in benchmarks/README.md
    python -m benchmarks.run --rounds 3  # a quick look

Each workload runs in a fresh Python process, with every library on one
thread and glibc's malloc thresholds fixed (importing one peer changes how
NumPy runs in the same process, and one candidate's garbage changes another's
timing).  The W2 row is then repeated with the default allocator, in a fresh
process per library, which is what users get.
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

from .peers import COLUMNS, versions
from .timing import ROUNDS, one_blas_thread

WORKLOADS = ("scalar_loop", "mlp", "matvec", "rosenbrock", "overhead")
README = os.path.join(os.path.dirname(__file__), "README.md")


def in_fresh_process(code):
    out = subprocess.run([sys.executable, "-c", code], env=one_blas_thread(), check=True, capture_output=True,
                         text=True, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_workload(name, rounds):
    return in_fresh_process(
        f"import json; from benchmarks import timing, {name}; timing.fix_malloc(); "
        f"print(json.dumps({name}.run({rounds})))"
    )


def run_default_malloc(rounds):
    """The W2 rows under glibc's default allocator: one fresh process per library."""
    ratio, memory = {}, {}
    for who in COLUMNS:
        res = in_fresh_process(
            f"import json; from benchmarks import mlp; print(json.dumps(mlp.run_default_malloc({who!r}, {rounds})))"
        )
        if res is None:
            continue
        ratio[who] = res["ratio"]
        if res["rss"] is not None:
            memory[who] = res["rss"]
        if who == "autoint":
            faults = res["faults"]
    return [
        dict(key="W2 default malloc", label="W2, glibc's default malloc (one process per library)",
             unit="× NumPy forward", values=ratio, target=2.2, note=f"autoint: {faults:.0f} page faults per call"),
        dict(key="W2 memory", label="W2 extra peak RSS during one gradient (result included)", unit="MiB",
             values=memory, target=2.0),
    ]


def machine():
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    return f"{cpu}, {os.cpu_count()} cores (shared with other work), Python {platform.python_version()}, {platform.system()}"


def _fmt(v):
    if v is None:
        return "—"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}" if v >= 0.1 else f"{v:.3f}"


def table(rows, rounds):
    present = [c for c in COLUMNS if any(c in r["values"] for r in rows)]
    vs = versions()
    head = "| workload | unit | " + " | ".join(present) + " | **target** |"
    lines = [head, "|" + "---|" * (len(present) + 3)]
    for r in rows:
        cells = [_fmt(r["values"].get(c)) for c in present]
        target = f"**≤ {_fmt(r['target'])}**" if r.get("target") is not None else ""
        lines.append(f"| {r['key']}: {r['label']} | {r['unit']} | " + " | ".join(cells) + f" | {target} |")
    notes = [f"- {r['key']}: {r['note']}" for r in rows if r.get("note")]
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    about = (
        f"Measured {stamp} on {machine()}; one thread per library, median of {rounds} interleaved rounds "
        f"(candidates slower than 0.25 s per call: 3 rounds). Versions: "
        + ", ".join(f"{k} {v}" for k, v in vs.items())
        + "."
    )
    return "\n".join([about, "", *lines, "", *notes])


def write_readme(text):
    with open(README) as f:
        readme = f.read()
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    new = f"{start}\n{text}\n{end}"
    readme = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: new, readme, flags=re.S)
    with open(README, "w") as f:
        f.write(readme)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="interleaved rounds per workload")
    parser.add_argument("--only", nargs="*", choices=WORKLOADS + ("default_malloc",), help="run only these")
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args(argv)
    rows = []
    for name in args.only or WORKLOADS + ("default_malloc",):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        new = run_default_malloc(args.rounds) if name == "default_malloc" else run_workload(name, args.rounds)
        rows.extend(new)
    order = ["W1b", "W1a", "W2", "W2 default malloc", "W2 memory"]
    rows.sort(key=lambda r: (order.index(r["key"]) if r["key"] in order else len(order)))
    text = table(rows, args.rounds)
    print(text)
    if args.write:
        write_readme(text)


if __name__ == "__main__":
    main()
