"""``python -m benchmarks [--json] [--sizes 30,10000,50000] [--rounds 5] [--big 100000]``."""

from benchmarks.cli import run

if __name__ == "__main__":
    run("benchmarks.bench")
