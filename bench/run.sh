#!/usr/bin/env bash
# Load run (a benchmark, not a test). Starts the server on SQLite on 127.0.0.1, prepares data, then
# measures in one run with bench/LoadRunner (16 connections, each endpoint warmed up for 3 s on
# its own data first): client_credentials, refresh_token
# (each token once), SMS start (a new phone each time) and the sms-otp grant (each code once);
# and, with the same wrk command, client_credentials of the server and of node oidc-provider
# (../shared/bench). With FLEET=1, also two nodes on PostgreSQL and Redis (bench/fleet.sh).
# Writes docs/benchmarks.md. Needs wrk and node (wrk is installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
COUNT=${COUNT:-8000}
WARM=${WARM:-2500}
command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)

WORK=$(mktemp -d /tmp/idp-bench-XXXXXX)
PEER_SCRIPT="$(pwd)/../shared/bench/oidc-provider-peer.mjs"
PORT=5400
BASE=http://127.0.0.1:$PORT
SECRET=bench-automation-secret-0123456789abcdef
dotnet build src/IdentityServer -c Release -nologo -v q >/dev/null
dotnet build bench/LoadRunner -c Release -nologo -v q >/dev/null
LOAD="dotnet bench/LoadRunner/bin/Release/net10.0/LoadRunner.dll"

env ASPNETCORE_ENVIRONMENT=Development Bootstrap__SeedDemo=false \
  Bootstrap__AdminEmail=bench@example.com Bootstrap__AdminPassword=Bench-Passw0rd! Bootstrap__AutomationClientSecret=$SECRET \
  ConnectionStrings__Identity="Data Source=$WORK/identity.db" Sms__Outbox__Path=$WORK/sms.jsonl \
  Sms__Limits__PerIpPerHour=100000 Sms__Limits__PerTenantPerHour=10000000 Serilog__MinimumLevel__Default=Warning \
  dotnet src/IdentityServer/bin/Release/net10.0/IdentityServer.dll --urls $BASE > "$WORK/server.log" 2>&1 &
SERVER=$!
PEER=""
trap 'kill $SERVER $PEER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs $BASE/health/ready >/dev/null && break; sleep 0.5; done

echo "preparing $COUNT refresh tokens, codes and phones..."
python3 bench/prepare.py $BASE "$WORK" "$WORK/sms.jsonl" "$SECRET" "$COUNT" "$COUNT" "$WARM"
source "$WORK/env.sh"

measure() { # name path: 3 s of warm-up on its own slice (the JIT's second tier arrives under load), then the run
  $LOAD --url "$BASE$2" --file "$WORK/$1-warm.txt" --connections 16 --seconds 3 >/dev/null
  $LOAD --url "$BASE$2" --file "$WORK/$1.txt" --connections 16 --seconds "$SECONDS_PER_RUN" | tee "$WORK/$1.out"
}
$LOAD --url "$BASE/t/bench/connect/token" --body "$CC_BODY" --connections 16 --seconds 3 >/dev/null
$LOAD --url "$BASE/t/bench/connect/token" --body "$CC_BODY" --connections 16 --seconds "$SECONDS_PER_RUN" | tee "$WORK/cc.out"
# p99 at 70 % of the saturation just measured, on a fixed schedule (open loop).
CC_RATE=$(python3 -c "import re;print(int(float(re.search(r'rps=(\S+)', open('$WORK/cc.out').read()).group(1))*0.7))")
$LOAD --url "$BASE/t/bench/connect/token" --body "$CC_BODY" --rate "$CC_RATE" --seconds "$SECONDS_PER_RUN" | tee "$WORK/cc70.out"
measure refresh /t/bench/connect/token
measure start /t/bench/connect/sms/start
measure grant /t/bench/connect/token
RSS=$(awk '/VmHWM/ {print $2/1024}' /proc/$SERVER/status)

# Side by side with the peer: the same wrk command against both.
wrk_cc() { env BODY="$2" wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency -s bench/form.lua "$1" > "$WORK/$3.out"; }
wrk_cc "$BASE/t/bench/connect/token" "$CC_BODY" wrk-server
kill $SERVER 2>/dev/null || true
PEER_RPS=0
if command -v node >/dev/null && [ -f "$PEER_SCRIPT" ]; then
  (cd "$WORK" && npm init -y >/dev/null 2>&1 && npm install --silent oidc-provider@9 >/dev/null 2>&1 && cp "$PEER_SCRIPT" .) || true
  (cd "$WORK" && PORT=4100 exec node oidc-provider-peer.mjs > peer.log 2>&1) &
  PEER=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:4100/.well-known/openid-configuration && break; sleep 0.5; done
  PEER_BODY='grant_type=client_credentials&client_id=webapp&client_secret=webapp-secret-0123456789abcdef0123456789&scope=api'
  env BODY="$PEER_BODY" wrk -t2 -c16 -d3s -s bench/form.lua http://127.0.0.1:4100/token >/dev/null || true
  wrk_cc http://127.0.0.1:4100/token "$PEER_BODY" wrk-peer || true
fi
# FLEET=1: the same four endpoints on two nodes, PostgreSQL and Redis (bench/fleet.sh).
if [ "${FLEET:-0}" = 1 ]; then
  [ -n "$PEER" ] && kill $PEER 2>/dev/null || true
  bench/fleet.sh "$WORK"
fi
SIGNS=$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}')
python3 bench/report.py "$WORK" "${SIGNS:-0}" "$(nproc)" "$RSS" > docs/benchmarks.md
cat docs/benchmarks.md
