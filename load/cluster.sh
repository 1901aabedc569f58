#!/usr/bin/env bash
# A loyalty cluster on this machine: N silo hosts (silo + API + hubs), plus CLUSTER_API_HOSTS API-only hosts (Orleans
# clients), all plain processes on one PostgreSQL, exactly what docker-compose.yml runs in containers.
#
#   load/cluster.sh up N          start N silo hosts (and the API-only ones); returns once every host is ready and
#                                 prints one line per host: "<base-url> <pid>" (silo hosts first)
#   load/cluster.sh down          stop every host of the cluster (SIGTERM, then SIGKILL after 20 s)
#   load/cluster.sh kill I        kill -9 host I (1-based, as printed by up), as a crash would
#   load/cluster.sh restart I     stop host I gracefully (or notice it is dead) and start it again on the same ports;
#                                 prints its new "<base-url> <pid>" once it is ready
#   load/cluster.sh status        "<base-url> <pid> <ready|down>" per host
#
# Database: ConnectionStrings__Loyalty when set (tests pass one with their own schema); otherwise the machine's
# PostgreSQL is started as test.sh does and the database loyalty_cluster is created when missing.
# Knobs (environment): CLUSTER_DIR (state, pids and logs; default load/out/cluster), CLUSTER_API_HOSTS (0),
# CLUSTER_HOST_DLL (a built Loyalty.Host.dll; default: build src/Loyalty.Host in Release), CLUSTER_ID (default: a new
# one per "up", so rows of an earlier cluster in the membership table are never probed), CLUSTER_PROBE_TIMEOUT
# (00:00:02) and CLUSTER_MISSED_PROBES (2): how fast a dead silo is declared dead, CLUSTER_RESPONSE_TIMEOUT (00:00:10):
# how long a call whose silo died waits before the caller gets a 503, CLUSTER_READY_TIMEOUT seconds (180),
# CLUSTER_LOG_LEVEL (Warning), CLUSTER_ENV: extra "KEY=VALUE ..." for every host (e.g. Loyalty__Jobs__Interval=00:00:05).
# The hosts run in Production: CLUSTER_ADMIN_KEY is their admin key (default: a new random one per "up", written to
# $CLUSTER_DIR/admin-key and named on stderr); more keys through CLUSTER_ENV (Loyalty__ApiKeys__<key>__Role=clerk
# Loyalty__ApiKeys__<key>__Store=S001). The chain's stores are S001..S0NN, NN = CLUSTER_STORES (50).
# Every port (HTTP, silo, gateway) is a free one picked at start, so several clusters and tests never collide.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${CLUSTER_DIR:-$ROOT/load/out/cluster}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { (cd /tmp && if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi); }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

local_database() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    as_root apt-get update >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
  fi
  if [ -z "$(pg_lsclusters -h)" ]; then
    as_root pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n1)" main >&2
  fi
  local version name port status
  read -r version name port status _ < <(pg_lsclusters -h | head -n1)
  if [ "$status" != "online" ]; then
    as_root pg_ctlcluster "$version" "$name" start >&2 || as_postgres pg_ctlcluster "$version" "$name" start >&2
  fi
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
  as_postgres psql -p "$port" -qc "ALTER USER postgres PASSWORD 'postgres'" >&2
  if ! as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'loyalty_cluster'" | grep -q 1; then
    as_postgres createdb -p "$port" loyalty_cluster >&2
  fi
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=loyalty_cluster;SSL Mode=Disable"
}

host_dll() {
  if [ -n "${CLUSTER_HOST_DLL:-}" ]; then
    echo "$CLUSTER_HOST_DLL"
    return
  fi
  dotnet build "$ROOT/src/Loyalty.Host" -c Release -v q -nologo >&2
  echo "$ROOT/src/Loyalty.Host/bin/Release/net10.0/Loyalty.Host.dll"
}

# start_host I: starts host I from its saved settings ($DIR/host-I.conf), records its pid.
start_host() {
  local i=$1
  # shellcheck disable=SC1090
  source "$DIR/cluster.conf"
  # shellcheck disable=SC1090
  source "$DIR/host-$i.conf"
  local extra=()
  # shellcheck disable=SC2206
  [ -n "${EXTRA_ENV:-}" ] && extra=($EXTRA_ENV)
  local stores=() s
  for s in $(seq 1 "$STORES"); do stores+=("Loyalty__Stores__$((s - 1))=$(printf 'S%03d' "$s")"); done
  env ConnectionStrings__Loyalty="$CONNECTION" ASPNETCORE_URLS="$URL" ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default="$LOG_LEVEL" Logging__LogLevel__Orleans="$LOG_LEVEL" Logging__Console__TimestampFormat="HH:mm:ss.fff " \
    Loyalty__Cluster__ClusterId="$CLUSTER" Loyalty__Cluster__SiloPort="$SILO_PORT" Loyalty__Cluster__GatewayPort="$GATEWAY_PORT" \
    Loyalty__Cluster__ApiOnly="$API_ONLY" \
    Loyalty__Cluster__Membership__ProbeTimeout="$PROBE_TIMEOUT" Loyalty__Cluster__Membership__NumMissedProbesLimit="$MISSED_PROBES" \
    Loyalty__Cluster__ResponseTimeout="$RESPONSE_TIMEOUT" \
    Loyalty__ApiKeys__"$ADMIN_KEY"__Role=admin \
    "${stores[@]}" "${extra[@]}" \
    setsid dotnet "$DLL" --contentRoot "$ROOT/src/Loyalty.Host" >>"$DIR/host-$i.log" 2>&1 </dev/null &
  echo $! >"$DIR/host-$i.pid"
}

wait_ready() { # I...: waits until every listed host answers /health/ready
  local deadline=$(( $(date +%s) + ${CLUSTER_READY_TIMEOUT:-180} )) i
  for i in "$@"; do
    # shellcheck disable=SC1090
    source "$DIR/host-$i.conf"
    until curl -fs -o /dev/null "$URL/health/ready"; do
      if ! kill -0 "$(cat "$DIR/host-$i.pid")" 2>/dev/null; then
        echo "host $i exited; its log ($DIR/host-$i.log):" >&2; tail -n 40 "$DIR/host-$i.log" >&2; return 1
      fi
      if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "host $i not ready after ${CLUSTER_READY_TIMEOUT:-180} s; its log ($DIR/host-$i.log):" >&2; tail -n 40 "$DIR/host-$i.log" >&2; return 1
      fi
      sleep 0.2
    done
  done
}

hosts() { ls "$DIR"/host-*.conf 2>/dev/null | sed 's/.*host-\([0-9]*\)\.conf/\1/' | sort -n; }

line() { # I: "<base-url> <pid>"
  # shellcheck disable=SC1090
  source "$DIR/host-$1.conf"
  echo "$URL $(cat "$DIR/host-$1.pid")"
}

stop_host() { # I: SIGTERM (graceful: the silo leaves the cluster), SIGKILL after 20 s
  local pid
  pid=$(cat "$DIR/host-$1.pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

case "${1:-}" in
  up)
    n=${2:?usage: cluster.sh up N}
    api=${CLUSTER_API_HOSTS:-0}
    if [ -n "$(hosts)" ]; then
      for i in $(hosts); do stop_host "$i"; done
      rm -f "$DIR"/host-*
    fi
    connection=${ConnectionStrings__Loyalty:-}
    [ -n "$connection" ] || connection=$(local_database)
    dll=$(host_dll)
    admin_key=${CLUSTER_ADMIN_KEY:-cluster-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
    printf '%s\n' "$admin_key" >"$DIR/admin-key"
    [ -n "${CLUSTER_ADMIN_KEY:-}" ] || echo "admin key: $admin_key (also in $DIR/admin-key)" >&2
    cat >"$DIR/cluster.conf" <<CONF
CONNECTION=$(printf '%q' "$connection")
DLL=$(printf '%q' "$dll")
CLUSTER=$(printf '%q' "${CLUSTER_ID:-loyalty-$(date +%s)-$$}")
PROBE_TIMEOUT=${CLUSTER_PROBE_TIMEOUT:-00:00:02}
MISSED_PROBES=${CLUSTER_MISSED_PROBES:-2}
RESPONSE_TIMEOUT=${CLUSTER_RESPONSE_TIMEOUT:-00:00:10}
LOG_LEVEL=${CLUSTER_LOG_LEVEL:-Warning}
EXTRA_ENV=$(printf '%q' "${CLUSTER_ENV:-}")
ADMIN_KEY=$(printf '%q' "$admin_key")
STORES=${CLUSTER_STORES:-50}
CONF
    for i in $(seq 1 $((n + api))); do
      if [ "$i" -le "$n" ]; then only=false; else only=true; fi
      cat >"$DIR/host-$i.conf" <<CONF
URL=http://127.0.0.1:$(free_port)
SILO_PORT=$(free_port)
GATEWAY_PORT=$(free_port)
API_ONLY=$only
CONF
      : >"$DIR/host-$i.log"
    done
    # The silos first, together (the migrations take a lock, so the first one creates the tables); API-only hosts
    # after them, since they need a gateway to connect to.
    for i in $(seq 1 "$n"); do start_host "$i"; done
    wait_ready $(seq 1 "$n")
    for i in $(seq $((n + 1)) $((n + api))); do start_host "$i"; done
    [ "$api" -eq 0 ] || wait_ready $(seq $((n + 1)) $((n + api)))
    for i in $(hosts); do line "$i"; done
    ;;
  down)
    for i in $(hosts); do stop_host "$i" & done
    wait
    rm -f "$DIR"/host-*.pid
    ;;
  kill)
    i=${2:?usage: cluster.sh kill I}
    kill -KILL "$(cat "$DIR/host-$i.pid")"
    ;;
  restart)
    i=${2:?usage: cluster.sh restart I}
    stop_host "$i"
    start_host "$i"
    wait_ready "$i"
    line "$i"
    ;;
  status)
    for i in $(hosts); do
      # shellcheck disable=SC1090
      source "$DIR/host-$i.conf"
      if curl -fs -o /dev/null "$URL/health/ready"; then state=ready; else state=down; fi
      echo "$(line "$i") $state"
    done
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
