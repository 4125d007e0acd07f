#!/usr/bin/env bash
# The AI Gateway's cost on the tiny custom model's hot path (issue 14): one Switchyard, the same
# model on a plain endpoint and on one with usage tracking, the inference table and two
# unreachable call limits; (a) open loop at a fixed rate, the p50/p99 the gateway adds; (b) wrk
# closed loop, req/s ratio and server CPU per request. Builds the bench in Release; the Markdown
# report goes to stdout, progress to stderr. Short by default (3 rounds of 10 s per side); --long
# for 5 × 20 s. Other arguments go to "Switchyard.Bench run-gateway" (e.g. --rate 1000, --out FILE).
source "$(dirname "$0")/common.sh" "$@"
exec dotnet "$bench_dll" run-gateway "${bench_args[@]}" "${bench_rest[@]}"
