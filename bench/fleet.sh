#!/usr/bin/env bash
# The fleet part of the benchmark (SPEC 9): two server nodes on one PostgreSQL and one Redis (Debian's
# packages, started here on 127.0.0.1 in a temp folder), each measured by its own bench/LoadRunner with
# 8 connections (16 in all, as in the single-node run), at the same time: client_credentials,
# refresh_token, SMS start and the sms-otp grant. Writes fleet-*.out files into WORK for bench/report.py.
# Run by bench/run.sh when FLEET=1; alone: bench/fleet.sh WORK (SECONDS_PER_RUN, COUNT and WARM as in run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${1:?usage: bench/fleet.sh WORK}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
COUNT=${COUNT:-8000}
WARM=${WARM:-2500}
SECRET=bench-automation-secret-0123456789abcdef
LOAD="dotnet bench/LoadRunner/bin/Release/net10.0/LoadRunner.dll"
F="$WORK/fleet"
mkdir -p "$F"
command -v redis-server >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$PGBIN/initdb" ] || (apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null && PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1))
[ -f bench/LoadRunner/bin/Release/net10.0/LoadRunner.dll ] || dotnet build bench/LoadRunner -c Release -nologo -v q >/dev/null
[ -f src/IdentityServer/bin/Release/net10.0/IdentityServer.dll ] || dotnet build src/IdentityServer -c Release -nologo -v q >/dev/null

PG_PORT=$((25000 + RANDOM % 5000)); REDIS_PORT=$((30000 + RANDOM % 5000))
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# PostgreSQL in a folder of its own (as the postgres account when run as root).
PGDIR=$(mktemp -d /tmp/idp-bench-pg-XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDIR"
pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust --no-sync >/dev/null
pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDIR -c max_connections=300" start >/dev/null
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no --dir "$F" > "$F/redis.log" 2>&1 &
REDIS=$!
NODES=()
cleanup() {
  kill "${NODES[@]}" $REDIS 2>/dev/null || true
  pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT

node() { # n port
  env ASPNETCORE_ENVIRONMENT=Development Bootstrap__SeedDemo=false \
    Bootstrap__AdminEmail=bench@example.com Bootstrap__AdminPassword=Bench-Passw0rd! Bootstrap__AutomationClientSecret=$SECRET \
    Database__Provider=PostgreSql ConnectionStrings__Identity="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Maximum Pool Size=100" \
    Redis__Configuration=127.0.0.1:$REDIS_PORT PublicOrigin__Url=http://127.0.0.1:5420 Sms__Outbox__Path="$F/sms-$1.jsonl" \
    Sms__Limits__PerIpPerHour=100000 Sms__Limits__PerTenantPerHour=10000000 Serilog__MinimumLevel__Default=Warning \
    dotnet src/IdentityServer/bin/Release/net10.0/IdentityServer.dll --urls "http://127.0.0.1:$2" > "$F/node$1.log" 2>&1 &
  NODES+=($!)
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$2/health/ready" >/dev/null && return 0; sleep 0.5; done
  echo "node $1 did not start"; cat "$F/node$1.log"; exit 1
}
# Node 1 migrates and is the only one while the data is prepared (so every SMS lands in its outbox).
node 1 5421
echo "fleet: preparing $COUNT refresh tokens, codes and phones on PostgreSQL..."
python3 bench/prepare.py http://127.0.0.1:5421 "$F" "$F/sms-1.jsonl" "$SECRET" "$COUNT" "$COUNT" "$WARM"
source "$F/env.sh"
node 2 5422

# Each node gets its own half of every file: no token or code is used twice.
for name in refresh grant start; do
  for part in "" -warm; do
    awk -v f="$F/$name$part" 'NR % 2 == 1 {print > (f "-1.txt")} NR % 2 == 0 {print > (f "-2.txt")}' "$F/$name$part.txt"
  done
done
both() { # name path: both nodes at once, 8 connections each (waits for the two runners only, not the nodes)
  local name=$1 path=$2 source pids
  for round in warm run; do
    pids=()
    for n in 1 2; do
      if [ "$name" = cc ]; then source=(--body "$CC_BODY"); elif [ $round = warm ]; then source=(--file "$F/$name-warm-$n.txt"); else source=(--file "$F/$name-$n.txt"); fi
      if [ $round = warm ]; then
        $LOAD --url "http://127.0.0.1:542$n$path" "${source[@]}" --connections 8 --seconds 3 >/dev/null & pids+=($!)
      else
        $LOAD --url "http://127.0.0.1:542$n$path" "${source[@]}" --connections 8 --seconds "$SECONDS_PER_RUN" > "$WORK/fleet-$name-$n.out" & pids+=($!)
      fi
    done
    wait "${pids[@]}"
  done
  echo "fleet $name: $(cat "$WORK/fleet-$name-1.out") | $(cat "$WORK/fleet-$name-2.out")"
}
both cc /t/bench/connect/token
both refresh /t/bench/connect/token
both start /t/bench/connect/sms/start
both grant /t/bench/connect/token
