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

# One plain closing line with the totals of every test assembly.
passed=$(grep -oE "Passed: +[0-9]+" "$log" | grep -oE "[0-9]+" | awk "{s+=\$1} END {print s+0}")
failed=$(grep -oE "Failed: +[0-9]+" "$log" | grep -oE "[0-9]+" | awk "{s+=\$1} END {print s+0}")
echo "${passed:-0} passed, ${failed:-0} failed"
rm -f "$log"
[ "${passed:-0}" -gt 0 ] || status=1
exit "$status"
