#!/usr/bin/env bash
# Builds the bench in Release and runs both comparisons side by side; the Markdown table goes to
# stdout, progress to stderr. Short by default (3 rounds of 10 s per side); --long for 5 × 20 s.
# Any other arguments are passed to "Switchyard.Bench run" (e.g. --out results.md, --mlp 1024,4096,64).
source "$(dirname "$0")/common.sh" "$@"
exec dotnet "$bench_dll" run "${bench_args[@]}" "${bench_rest[@]}"
