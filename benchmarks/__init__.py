"""Speed benchmarks for autoint (run with ``python -m benchmarks.run``)."""
