#!/usr/bin/env bash
# The AI Gateway's cost on the tiny custom model's hot path (issue 14): one Switchyard, the same
# model on a plain endpoint and on one with usage tracking, the inference table and two
# unreachable call limits; (a) open loop at a fixed rate, the p50/p99 the gateway adds; (b) wrk
# closed loop, req/s ratio and server CPU per request. Builds the bench in Release; the Markdown
# report goes to stdout, progress to stderr. Short by default (3 rounds of 10 s per side); --long
# for 5 × 20 s. Other arguments go to "Switchyard.Bench run-gateway" (e.g. --rate 1000, --out FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--seconds 10 --warmup 10 --rounds 3)
if [[ "${1:-}" == "--long" ]]; then
    args=(--seconds 20 --warmup 30 --rounds 5)
    shift
fi

if ! command -v wrk >/dev/null; then
    # wrk is the closed-loop load generator (a Debian package); install it when missing.
    sudo_cmd=()
    [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq wrk
fi

dotnet build bench/Switchyard.Bench -c Release -nologo -v quiet >&2
exec dotnet bench/Switchyard.Bench/bin/Release/net10.0/Switchyard.Bench.dll run-gateway "${args[@]}" "$@"
