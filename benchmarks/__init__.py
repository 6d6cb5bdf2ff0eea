"""Tools run beside the app, not an installed app: nothing the app serves imports them.

``python -m benchmarks [--json] [--sizes …] [--runs N] [--big N]``
    pages, exports and imports measured against their goals (benchmarks/bench.py);
``python -m benchmarks.synth --targets N [--years Y] [--seed S] [--start-year Y]``
    a generated plan of any size (benchmarks/synthetic.py), for tests, demonstrations and the
    benchmark.

Both take the options of a ``manage.py`` command too (``--settings``, ``--verbosity`` …).
"""
