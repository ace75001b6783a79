"""Run every benchmark and print one table (``python -m benchmarks.run [--quick]``)."""
import argparse

from . import hessian, mlp, scalar_loop

TARGETS = {"scalar_loop": "≤ 0.8 µs/op", "mlp": "≤ 2.15× forward", "hessian": "≤ 60× function"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller problem sizes")
    args = parser.parse_args(argv)
    results = {
        "scalar_loop": scalar_loop.run(n=2000 if args.quick else 20000),
        "mlp": mlp.run(batch=32 if args.quick else 128),
        "hessian": hessian.run(),
    }
    for name, rows in results.items():
        print(f"\n{name}  (target for autoint: {TARGETS[name]})")
        for who, value in rows.items():
            print(f"  {who:<30} {value:10.3f}")


if __name__ == "__main__":
    main()
