# Sourced by the bench scripts: the round lengths (short by default, --long as the first argument
# for 5 × 20 s after 30 s of warm-up), Debian's wrk installed when missing, the bench built in
# Release. Leaves the remaining arguments in "$@" of the caller's bench_run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bench_args=(--seconds 10 --warmup 10 --rounds 3)
if [[ "${1:-}" == "--long" ]]; then
    bench_args=(--seconds 20 --warmup 30 --rounds 5)
    shift
fi
bench_rest=("$@")

if ! command -v wrk >/dev/null; then
    # wrk is the closed-loop load generator (a Debian package); install it when missing.
    sudo_cmd=()
    [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq wrk
fi

dotnet build bench/Switchyard.Bench -c Release -nologo -v quiet >&2
bench_dll=bench/Switchyard.Bench/bin/Release/net10.0/Switchyard.Bench.dll
