"""Run every benchmark and print one table (``python -m benchmarks.run [--quick]``).

Each benchmark runs in a fresh Python process: importing a baseline library
(torch above all) changes how NumPy runs in the same process, so one
benchmark's baselines must not slow down the next benchmark's autoint.
Within a benchmark autoint is measured first.
"""
import argparse
import json
import subprocess
import sys

TARGETS = {
    "scalar_loop": "≤ 0.8 µs/op",
    "mlp": "≤ 2.15× forward",
    "hessian": "≤ 60× function",
    "vmap": "vmap(grad) ≥ 10× the loop, ≤ torch.func",
}
QUICK = {"scalar_loop": {"n": 2000}, "mlp": {"batch": 32}, "hessian": {}, "vmap": {"batch": 32}}


def run_one(name, quick):
    kwargs = QUICK[name] if quick else {}
    code = f"import json; from benchmarks import {name}; print(json.dumps({name}.run(**{kwargs!r})))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller problem sizes")
    args = parser.parse_args(argv)
    for name, target in TARGETS.items():
        rows = run_one(name, args.quick)
        print(f"\n{name}  (target for autoint: {target})")
        for who, value in rows.items():
            print(f"  {who:<30} {value:10.3f}")


if __name__ == "__main__":
    main()
