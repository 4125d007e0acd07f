#!/usr/bin/env bash
# Builds the bench in Release and runs both comparisons side by side; the Markdown table goes to
# stdout, progress to stderr. Short by default (3 rounds of 10 s per side); --long for 5 × 20 s.
# Any other arguments are passed to "Switchyard.Bench run" (e.g. --out results.md, --mlp 1024,4096,64).
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--seconds 10 --warmup 10 --rounds 3)
if [[ "${1:-}" == "--long" ]]; then
    args=(--seconds 20 --warmup 30 --rounds 5)
    shift
fi

if ! command -v wrk >/dev/null; then
    # wrk is the load generator (a Debian package); install it when missing.
    sudo_cmd=()
    [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq wrk
fi

dotnet build bench/Switchyard.Bench -c Release -nologo -v quiet >&2
exec dotnet bench/Switchyard.Bench/bin/Release/net10.0/Switchyard.Bench.dll run "${args[@]}" "$@"
