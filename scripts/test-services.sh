# Services the tests need, installed from Debian's packages when missing and run on 127.0.0.1.
# Sourced by test.sh; exports IDP_TEST_POSTGRES when a PostgreSQL server is up.

PG_DIR=""

start_test_services() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "test.sh: installing PostgreSQL from Debian's packages"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
      || echo "test.sh: PostgreSQL could not be installed; the PostgreSQL tests will fail"
  fi
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] || return 0
  PG_DIR=$(mktemp -d /tmp/idp-pg-XXXXXX)
  chown postgres:postgres "$PG_DIR" 2>/dev/null || true
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  run_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust >/dev/null
  run_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off" start >/dev/null
  export IDP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=unused;Database=postgres"
  export IDP_PG_BIN="$bin"
  echo "test.sh: PostgreSQL on 127.0.0.1:$port"
}

stop_test_services() {
  [ -n "$PG_DIR" ] || return 0
  run_pg "$IDP_PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

# PostgreSQL refuses to run as root: use its own account when we are root.
run_pg() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
