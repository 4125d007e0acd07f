#!/usr/bin/env bash
# What a shadow costs the primary (issue 16): one Switchyard, the tiny model on a plain endpoint
# and on one where the same version is also a shadow ("role": "shadow", 100 % by default); open
# loop at a fixed rate, the p50/p99 the shadow adds to the primary (aim: ≤ 1 ms at p99). Builds the
# bench in Release; the Markdown report goes to stdout, progress to stderr. Short by default
# (3 rounds of 10 s per side); --long for 5 × 20 s. Other arguments go to
# "Switchyard.Bench run-shadow" (e.g. --rate 1000, --sample 10, --out FILE).
source "$(dirname "$0")/common.sh" "$@"
exec dotnet "$bench_dll" run-shadow "${bench_args[@]}" "${bench_rest[@]}"
