#!/usr/bin/env bash
# Load run (a benchmark, not a test): client_credentials, refresh, SMS start and SMS grant against
# the server on SQLite, and client_credentials against node oidc-provider (../shared/bench) with the
# same wrk command, in one run; writes the figures to docs/benchmarks.md. Loopback only.
#   bench/run.sh            (needs wrk and node; installs wrk from Debian's packages when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)

WORK=$(mktemp -d /tmp/idp-bench-XXXXXX)
PEER_SCRIPT="$(pwd)/../shared/bench/oidc-provider-peer.mjs"
PORT=5400
SECRET=bench-automation-secret-0123456789abcdef
dotnet build src/IdentityServer -c Release -nologo -v q >/dev/null

env ASPNETCORE_ENVIRONMENT=Development Bootstrap__SeedDemo=false \
  Bootstrap__AdminEmail=bench@example.com Bootstrap__AdminPassword=Bench-Passw0rd! Bootstrap__AutomationClientSecret=$SECRET \
  ConnectionStrings__Identity="Data Source=$WORK/identity.db" Sms__Outbox__Path=$WORK/sms.jsonl \
  Sms__Limits__PerIpPerHour=100000 Sms__Limits__PerTenantPerHour=10000000 Serilog__MinimumLevel__Default=Warning \
  dotnet src/IdentityServer/bin/Release/net10.0/IdentityServer.dll --urls http://127.0.0.1:$PORT > "$WORK/server.log" 2>&1 &
SERVER=$!
PEER=""
trap 'kill $SERVER $PEER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:$PORT/health/ready >/dev/null && break; sleep 0.5; done

echo "preparing data..."
python3 bench/prepare.py http://127.0.0.1:$PORT "$WORK" "$WORK/sms.jsonl" "$SECRET" "${REFRESH_TOKENS:-12000}" "${SMS_CODES:-12000}"
source "$WORK/env.sh"

run() { # name path script [env...]
  local name=$1 path=$2 script=$3; shift 3
  env "$@" THREADS=2 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "bench/$script" "http://127.0.0.1:$PORT$path" > "$WORK/$name.txt"
  awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt"
}
pct() { awk -v p="$2" '$1 == p {print $2}' "$WORK/$1.txt"; }

peak_rss() { awk '/VmHWM/ {print $2/1024}' /proc/$SERVER/status; }

# Warm-up, then the measured runs.
env BODY="$CC_BODY" wrk -t2 -c"$CONNECTIONS" -d3s -s bench/form.lua http://127.0.0.1:$PORT/t/bench/connect/token >/dev/null
CC=$(run cc /t/bench/connect/token form.lua BODY="$CC_BODY")
REFRESH=$(run refresh /t/bench/connect/token lines.lua FILE="$WORK/refresh.txt")
START=$(run start /t/bench/connect/sms/start phones.lua BODY="$START_BODY" PHONE_BASE=0)
GRANT=$(run grant /t/bench/connect/token lines.lua FILE="$WORK/grant.txt")
RSS=$(peak_rss)

# The peer: node oidc-provider with the same wrk command.
PEER_RPS="n/a"
if command -v node >/dev/null; then
  (cd "$WORK" && npm init -y >/dev/null 2>&1 && npm install --silent oidc-provider@9 >/dev/null 2>&1) || true
  cp "$PEER_SCRIPT" "$WORK/" 2>/dev/null || true
  if [ -f "$WORK/oidc-provider-peer.mjs" ]; then
    (cd "$WORK" && PORT=4100 node oidc-provider-peer.mjs > peer.log 2>&1) &
    PEER=$!
    for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:4100/.well-known/openid-configuration && break; sleep 0.5; done
    PEER_BODY='grant_type=client_credentials&client_id=webapp&client_secret=webapp-secret-0123456789abcdef0123456789&scope=api'
    env BODY="$PEER_BODY" wrk -t2 -c"$CONNECTIONS" -d3s -s bench/form.lua http://127.0.0.1:4100/token >/dev/null
    env BODY="$PEER_BODY" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/form.lua http://127.0.0.1:4100/token > "$WORK/peer.txt"
    PEER_RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/peer.txt")
  fi
fi
SIGNS=$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}')
CORES=$(nproc)

python3 - "$CC" "$REFRESH" "$START" "$GRANT" "$PEER_RPS" "$SIGNS" "$CORES" "$RSS" "$WORK" <<'PY'
import sys, datetime
cc, refresh, start, grant = (float(x) for x in sys.argv[1:5])
peer = sys.argv[5]; signs = float(sys.argv[6] or 0); cores = int(sys.argv[7]); rss = float(sys.argv[8]); work = sys.argv[9]
limit = signs * cores
def lat(name, p):
    for line in open(f"{work}/{name}.txt"):
        parts = line.split()
        if parts and parts[0] == p:
            return parts[1]
    return "?"
sms = 1 / (1 / start + 1 / grant)
rows = [("client_credentials", cc), ("refresh_token", refresh), ("sms start", start), ("sms-otp grant", grant)]
out = [f"# Benchmarks", "", f"Run of {datetime.date.today()} on this machine ({cores} cores), `bench/run.sh`:",
       "wrk -t2 -c16 -d10s on loopback, server on SQLite (Release, logs at Warning), one run, same wrk command for every row.", "",
       "| endpoint | requests/s | p50 | p99 |", "|---|---|---|---|"]
out += [f"| {n} | {v:.0f} | {lat(k, '50%')} | {lat(k, '99%')} |" for (n, v), k in zip(rows, ["cc", "refresh", "start", "grant"])]
if peer != "n/a":
    out.append(f"| node oidc-provider client_credentials (peer) | {float(peer):.0f} | {lat('peer', '50%')} | {lat('peer', '99%')} |")
out += ["", "| ratio | value | target |", "|---|---|---|",
        f"| client_credentials / signing limit ({signs:.0f} RSA-2048 signs/s × {cores}) | {cc / limit:.2f} | ≥ 0.50 |" if limit else "| signing limit | n/a | |",
        f"| client_credentials / oidc-provider | {cc / float(peer):.2f} | ≥ 1.5 |" if peer != "n/a" else "| client_credentials / oidc-provider | n/a | ≥ 1.5 |",
        f"| refresh / client_credentials | {refresh / cc:.2f} | ≥ 0.8 |",
        f"| sms-otp grant / refresh | {grant / refresh:.2f} | ≥ 0.8 |",
        f"| full SMS sign-in (start + grant) cost / client_credentials cost | {cc / sms:.2f} | ≤ 1.5 |",
        "", f"Peak RSS of the server during the run: {rss:.0f} MB (target ≤ 300 MB).", ""]
open("docs/benchmarks.md", "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
