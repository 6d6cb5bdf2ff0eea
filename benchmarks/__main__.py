"""``python -m benchmarks [--json] [--sizes 30,1000,10000] [--runs 5] [--big 100000]``."""

from benchmarks.cli import run

if __name__ == "__main__":
    run("benchmarks.bench")
