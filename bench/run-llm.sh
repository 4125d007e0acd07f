#!/usr/bin/env bash
# The LLM engine through a provisioned-throughput endpoint against the same engine in-process
# (issue 7): aggregate completion tokens/s at 1, 4 and 8 concurrent requests, on the tiny dense
# GGUF and a larger random-weight llama (E=512, L=8) that the bench writes itself.
# Builds the bench in Release; the Markdown report goes to stdout, progress to stderr.
# Short by default (3 rounds of 10 s per side); --long for 5 × 20 s. Other arguments go to
# "Switchyard.Bench run-llm" (e.g. --max-tokens 64, --tiny-only, --embedding 768 --layers 12,
# --direct-only, --out FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--seconds 10 --warmup 5 --rounds 3)
if [[ "${1:-}" == "--long" ]]; then
    args=(--seconds 20 --warmup 10 --rounds 5)
    shift
fi

dotnet build bench/Switchyard.Bench -c Release -nologo -v quiet >&2
exec dotnet bench/Switchyard.Bench/bin/Release/net10.0/Switchyard.Bench.dll run-llm "${args[@]}" "$@"
