# Sourced by the load scripts: starts the machine's PostgreSQL exactly as test.sh does (installing Debian's package
# where it is missing) and sets PG_PORT, PGPASSWORD and PSQL (an array: psql as postgres over TCP, quiet, stop on error).
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { (cd /tmp && if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi); }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v pgbench >/dev/null 2>&1; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql postgresql-contrib
fi
if [ -z "$(pg_lsclusters -h)" ]; then
  as_root pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n1)" main
fi
read -r PG_VERSION PG_NAME PG_PORT PG_STATUS _ < <(pg_lsclusters -h | head -n1)
if [ "$PG_STATUS" != "online" ]; then
  as_root pg_ctlcluster "$PG_VERSION" "$PG_NAME" start || as_postgres pg_ctlcluster "$PG_VERSION" "$PG_NAME" start
fi
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 1; done
as_postgres psql -p "$PG_PORT" -qc "ALTER USER postgres PASSWORD 'postgres'"
export PGPASSWORD=postgres
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
