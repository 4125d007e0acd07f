#!/usr/bin/env bash
# External models through Switchyard against loopback nginx stand-ins and an nginx 50/50 split
# (issue 5): (a) added latency at a fixed rate, open loop; (b) throughput with wrk, against nginx's
# split and two .NET relays (bare Kestrel + SocketsHttpHandler, YARP's forwarder; --no-relays skips them).
# Builds the bench in Release; the Markdown report goes to stdout, progress to stderr.
# Short by default (3 rounds of 10 s per side); --long for 5 × 20 s. Other arguments go to
# "Switchyard.Bench run-external" (e.g. --rate 500, --connections 16,64, --floors-only, --out FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--seconds 10 --warmup 10 --rounds 3)
if [[ "${1:-}" == "--long" ]]; then
    args=(--seconds 20 --warmup 30 --rounds 5)
    shift
fi

sudo_cmd=()
[[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
missing=()
command -v wrk >/dev/null || missing+=(wrk)
# nginx lives in /usr/sbin, which a non-root PATH may not hold.
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || missing+=(nginx)
if (( ${#missing[@]} )); then
    # Debian's packages: wrk is the closed-loop load generator, nginx the stand-ins and the split.
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

dotnet build bench/Switchyard.Bench -c Release -nologo -v quiet >&2
exec dotnet bench/Switchyard.Bench/bin/Release/net10.0/Switchyard.Bench.dll run-external "${args[@]}" "$@"
