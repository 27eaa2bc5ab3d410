# What the tests need from Debian's packages, installed when missing. The tests start their own
# servers (PostgreSQL and Redis on 127.0.0.1 in temp folders, the identity server on Kestrel on
# 127.0.0.1 for the Chromium tests); nothing here listens on a network.

ensure_test_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # deploy/: the compose files are parsed with Debian's docker-compose; the manifests are checked with node.
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "test.sh: installing ${missing[*]} from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
