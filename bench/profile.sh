#!/usr/bin/env bash
# Where one serving process's CPU goes, in µs per request: perf samples of the server under wrk (the
# in-process probe, one endpoint) or of the bare Kestrel floor, grouped by "perf-groups" (the kernel,
# the HTTP stack, the runtime, ONNX Runtime, JSON, metrics, Switchyard's own code).
# Usage: bench/profile.sh tiny|mlp|mlp-batched|chat|stream|floor. Needs Debian's linux-perf, as root.
source "$(dirname "$0")/common.sh" "$@"
target=${bench_rest[0]:-tiny}
command -v perf >/dev/null || { echo "perf is needed: apt-get install linux-perf" >&2; exit 1; }

# Resolved JIT frames: perf reads the runtime's perf map.
export DOTNET_gcServer=0 DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
scratch=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$scratch"' EXIT
seconds=8

if [[ "$target" == floor ]]; then
    # The floor answers the tiny query's fixed bytes; wrk sends the tiny body, as the probe does.
    dotnet "$bench_dll" write-models "$scratch/models" >/dev/null
    echo '{"predictions": [{"output": 0.5}]}' > "$scratch/answer.json"
    port=$((20000 + RANDOM % 20000))
    dotnet "$bench_dll" serve-floor --urls "http://127.0.0.1:$port" --body-file "$scratch/answer.json" \
        --Logging:LogLevel:Default=Warning >/dev/null &
    floor=$!
    cat > "$scratch/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$scratch/models/tiny-body.json"); wrk.body = f:read("*a"); f:close()
LUA
    url="http://127.0.0.1:$port/serving-endpoints/tiny/invocations"
    sleep 3
    wrk -t1 -c16 -d4s -s "$scratch/post.lua" "$url" >/dev/null
    ticks_before=$(awk '{print $14 + $15}' "/proc/$floor/stat")
    perf record -F 1999 -g -p "$floor" -o "$scratch/perf.data" -- sleep $((seconds + 1)) 2>/dev/null &
    recorder=$!
    sleep 0.5
    requests=$(wrk -t1 -c16 -d${seconds}s -s "$scratch/post.lua" "$url" | awk '/requests in/ {print $1}')
    ticks_after=$(awk '{print $14 + $15}' "/proc/$floor/stat")
    wait $recorder
    cpu=$(awk -v t=$((ticks_after - ticks_before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
    echo "floor: $requests requests in ${seconds} s, CPU $cpu µs/req" >&2
else
    dotnet "$bench_dll" probe-server $((seconds * 2)) --only "$target" >"$scratch/probe.txt" 2>"$scratch/probe.err" &
    probe=$!
    until grep -q "measuring" "$scratch/probe.err" 2>/dev/null; do
        kill -0 $probe 2>/dev/null || { cat "$scratch/probe.err" >&2; exit 1; }
        sleep 0.2
    done
    perf record -F 1999 -g -p "$probe" -o "$scratch/perf.data" -- sleep $seconds 2>/dev/null
    wait $probe
    tail -1 "$scratch/probe.txt" >&2
    cpu=$(grep -o 'server CPU [0-9.]*' "$scratch/probe.txt" | awk '{print $3}')
fi

perf report -i "$scratch/perf.data" --no-children -g none --sort comm,dso,sym -t '|' 2>/dev/null \
    | dotnet "$bench_dll" perf-groups - "$cpu"
