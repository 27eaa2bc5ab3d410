#!/usr/bin/env bash
# Starts the identity server (http://localhost:5000) and the admin app (http://localhost:5001)
# on the embedded defaults: SQLite under src/IdentityServer/App_Data, Outbox SMS and email,
# a seeded demo tenant. Ctrl-C stops both. Ports busy? SERVER_URL=http://localhost:5100
# ADMIN_URL=http://localhost:5101 ./start.sh
set -euo pipefail
cd "$(dirname "$0")"

SERVER_URL=${SERVER_URL:-http://localhost:5000}
ADMIN_URL=${ADMIN_URL:-http://localhost:5001}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

echo "start.sh: building the solution (Release; the first build restores packages and takes a minute or two)"
dotnet build IdentityPlatform.sln -c Release -nologo -v m -clp:NoSummary
echo "start.sh: starting the identity server on $SERVER_URL and the admin app on $ADMIN_URL"

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

AdminApp__Url="$ADMIN_URL" dotnet run --no-build -c Release --no-launch-profile --project src/IdentityServer --urls "$SERVER_URL" &
pids+=($!)
Admin__ServerUrl="$SERVER_URL" dotnet run --no-build -c Release --no-launch-profile --project src/IdentityServer.Admin --urls "$ADMIN_URL" &
pids+=($!)

echo "start.sh: waiting for $SERVER_URL/health/ready and $ADMIN_URL/health/live"
for _ in $(seq 1 120); do
  curl -fs "$SERVER_URL/health/ready" >/dev/null 2>&1 && curl -fs "$ADMIN_URL/health/live" >/dev/null 2>&1 && break
  sleep 0.5
done
cat <<MSG

  Identity server:  $SERVER_URL   (demo tenant: $SERVER_URL/t/demo/.well-known/openid-configuration)
  Admin app:        $ADMIN_URL/t/demo   demo@example.com / Demo-Passw0rd!  (tenant_admin of demo)
                    $ADMIN_URL/t/platform   admin@platform.local / Admin-Passw0rd!
  Sign-in page:     $SERVER_URL/t/demo/account/login   demo@example.com / Demo-Passw0rd!
  Platform admin:   admin@platform.local / Admin-Passw0rd!   (tenant platform)
  Automation:       platform-automation / dev-automation-secret-change-me-0123456789

  Press Ctrl-C to stop.
MSG
wait
