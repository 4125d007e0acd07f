#!/usr/bin/env bash
# The control plane with many endpoints live (issue 15): N endpoints of two external-model entities
# each (50/50), then traffic-only config changes timed from the PUT until a GET shows NOT_UPDATING at
# the new version, GETs of one endpoint and lists of all. Prints p50/p99/max of each.
#   bench/run-config-scale.sh [--endpoints 1000] [--updates 100] [--reads 1000] [--lists 200] [--out FILE]
source "$(dirname "$0")/common.sh" "$@"
exec dotnet "$bench_dll" run-config-scale "${bench_rest[@]}"
