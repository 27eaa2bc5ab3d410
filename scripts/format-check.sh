#!/usr/bin/env bash
# Checks that the code follows .editorconfig: whitespace, then code style (`dotnet format`),
# without changing anything; the EF migrations (generated) are left out. Exits non-zero and lists
# the files to fix when something is off. Fix with the same commands without --verify-no-changes.
# Usage: scripts/format-check.sh [file.cs ...]   (no argument: the whole solution)
set -uo pipefail
cd "$(dirname "$0")/.."

exclude=(--exclude src/IdentityServer/Data/Migrations)
include=()
if [ "$#" -gt 0 ]; then
  include=(--include "$@")
fi

status=0
echo "format-check: whitespace"
dotnet format whitespace IdentityPlatform.sln --verify-no-changes "${exclude[@]}" "${include[@]}" -v q || status=1
echo "format-check: style"
dotnet format style IdentityPlatform.sln --verify-no-changes --severity warn "${exclude[@]}" "${include[@]}" -v q || status=1
if [ "$status" -eq 0 ]; then
  echo "format-check: clean"
else
  echo "format-check: not clean; run the same 'dotnet format' commands without --verify-no-changes"
fi
exit "$status"
