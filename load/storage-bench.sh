#!/usr/bin/env bash
# Grain-state writes per second on this machine's PostgreSQL, in one run (issue 11): 64 concurrent grains writing
# through stock Microsoft.Orleans.Persistence.AdoNet, the same through the project's ledgered storage (state + one
# ledger row per write, group-committed), and pgbench's per-checkout transaction of the stateless design (UPDATE a
# member row + INSERT a ledger row) with 64 clients. Warm = the same grains over and over; cold = a new grain per
# write (activation: read, then write).
# Knobs: BENCH_DURATION seconds per run (20), BENCH_CONCURRENCY (64), BENCH_DB (loyalty_storage_bench).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-20}
CONCURRENCY=${BENCH_CONCURRENCY:-64}
DB=${BENCH_DB:-loyalty_storage_bench}
source load/pg.sh
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
export PGSSLMODE=disable
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres;Database=$DB;Maximum Pool Size=$((CONCURRENCY + 8));SSL Mode=Disable"

echo "== build (Release)"
dotnet build load/Loyalty.StorageBench -c Release -v q -nologo >/dev/null

echo "== Orleans grain storage, $CONCURRENCY concurrent grains, ${DURATION}s per run"
ORLEANS=$(dotnet load/Loyalty.StorageBench/bin/Release/net10.0/Loyalty.StorageBench.dll "$CONN" "$DURATION" "$CONCURRENCY" | grep -E "^[a-z-]+ (warm|cold) [0-9]+$")
echo "$ORLEANS"

echo "== pgbench: the per-checkout transaction, $CONCURRENCY clients, ${DURATION}s"
MEMBERS=100000
"${PSQL[@]}" -d "$DB" -v members="$MEMBERS" -f load/pgbench/schema.sql
pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$CONCURRENCY" -j 2 -T "$DURATION" -D members="$MEMBERS" \
  -f load/pgbench/checkout-uniform.sql "$DB" > /tmp/storage-bench-pgbench.log 2>&1
PGB=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' /tmp/storage-bench-pgbench.log)

echo
echo "================ writes per second ================"
python3 - "$PGB" <<PY
import sys
pgb = float(sys.argv[1])
rows = [l.split() for l in """$ORLEANS""".strip().splitlines()]
print(f"{'what':<44} {'writes/s':>9} {'÷ pgbench':>10}")
print(f"{'pgbench per-checkout transaction':<44} {pgb:>9.0f} {1:>10.2f}")
for name, mode, rate in rows:
    print(f"{name + ' (' + mode + ')':<44} {float(rate):>9.0f} {float(rate)/pgb:>10.2f}")
PY
