"""Tools run beside the app, not an installed app: nothing the app serves imports them.

``python -m benchmarks [--json] [--sizes 30,10000,50000] [--rounds N] [--big N] …``
    pages over HTTP, exports and imports, each measured in turns with its baseline, against
    their goals (benchmarks/bench.py; docs/benchmarks.md);
``python -m benchmarks.synth --targets N [--years Y] [--seed S] [--start-year Y]``
    a generated plan of any size (benchmarks/synthetic.py), for tests, demonstrations and the
    benchmark.

Both take the options of a ``manage.py`` command too (``--settings``, ``--verbosity`` …).
The benchmark also runs ``benchmarks.plan_site`` and ``benchmarks.one_operation`` in processes
of their own.
"""
