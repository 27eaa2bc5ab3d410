#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need when it is missing (PostgreSQL
# and Chromium from Debian's packages); the tests start their own servers on 127.0.0.1 only.
set -uo pipefail
cd "$(dirname "$0")"

source scripts/test-services.sh
ensure_test_packages || echo "test.sh: could not install the test packages; the tests that need them will fail"

log=$(mktemp)
dotnet test IdentityPlatform.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The protocol tests once more with the hot path off (src/IdentityServer/HotPath/README.md): plain
# OpenIddict and EF Core must give the same answers. The SQLite classes only, plus the PostgreSQL
# code and refresh races (where a lost race shows), to keep this run at about a minute.
echo "test.sh: protocol tests with HotPath__Enabled=false"
HotPath__Enabled=false dotnet test tests/IdentityServer.Tests -c Release --no-build --nologo \
    --filter "(FullyQualifiedName~IdentityServer.Tests.Oidc.|FullyQualifiedName~IdentityServer.Tests.SmsSignIn.|FullyQualifiedName~IdentityServer.Tests.Mfa.)&(FullyQualifiedName!~OnPostgreSql|FullyQualifiedName~AuthorizationCodeTestsOnPostgreSql)" \
    2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# The house style (.editorconfig): whitespace and code style as `dotnet format` checks them (issue 13.8).
echo "test.sh: format check"
bash scripts/format-check.sh || status=1

# One plain closing line with the totals of every test assembly.
passed=$(grep -oE "Passed: +[0-9]+" "$log" | grep -oE "[0-9]+" | awk "{s+=\$1} END {print s+0}")
failed=$(grep -oE "Failed: +[0-9]+" "$log" | grep -oE "[0-9]+" | awk "{s+=\$1} END {print s+0}")
echo "${passed:-0} passed, ${failed:-0} failed"
rm -f "$log"
[ "${passed:-0}" -gt 0 ] || status=1
exit "$status"
