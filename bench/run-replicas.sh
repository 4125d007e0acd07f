#!/usr/bin/env bash
# Notification-to-effect latency across replicas (issue 17): three server processes on one
# PostgreSQL 15 behind HAProxy, as the replica cluster test starts them. Measures, ROUNDS times each,
# a config committed through replica 1 until replicas 2 and 3 answer with it, and a token revoked on
# replica 1 until replica 3 refuses it. Prints p50/p99/max for both.
#   bench/run-replicas.sh [ROUNDS]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-200}"
dotnet build tests/Switchyard.Server.Tests -c Release -v quiet -nologo >/dev/null
SWITCHYARD_REPLICA_ROUNDS="$rounds" dotnet test tests/Switchyard.Server.Tests -c Release --no-build \
    --filter "FullyQualifiedName~ReplicaClusterTests.A_config_update_and_a_token_revocation" \
    --logger "console;verbosity=detailed" 2>&1 | grep -E "config commit on r1|token revoked on r1|Passed!|Failed!" | sort -u
