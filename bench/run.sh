#!/usr/bin/env bash
# The hot path's benchmark, in one command: bench/run.sh
#
# Builds the jars, starts a PostgreSQL container, migrates it, seeds 100,000 users with
# subscriptions and 1,000,000 invoices, mints ES256 tokens for random users with a fresh key
# (handed to the core as AUTH_JWT_PRIVATE_KEY), runs the services as plain `java -jar` processes
# on this host, and measures with wrk (same connections and duration for every target):
#   (a) hot path  GET /hot/v1/me/entitlements, cache on
#   (b) hot path  GET /hot/v1/me/entitlements, cache off (HOT_CACHE_ENABLED=false)
#   (c) core      GET /api/v1/billing/entitlements
#   (d) pgbench   the hot path's own SQL, straight to PostgreSQL (the ceiling of (b))
# It prints one table and writes it, with the machine and the command, to docs/benchmarks.md.
# Everything it starts it stops again. Not part of ./mvnw verify.
#
# Knobs (environment): BENCH_CONNECTIONS (64), BENCH_DURATION (30s), BENCH_WARMUP (20s),
# BENCH_THREADS (2), BENCH_USERS (100000), BENCH_TOKENS_COUNT (10000), BENCH_PG_PORT (15460),
# BENCH_CORE_PORT (18181), BENCH_HOT_PORT (18282), BENCH_SKIP_BUILD (unset), BENCH_WRITE_DOCS (1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-30s}
WARMUP=${BENCH_WARMUP:-20s}
THREADS=${BENCH_THREADS:-2}
USERS=${BENCH_USERS:-100000}
TOKENS_COUNT=${BENCH_TOKENS_COUNT:-10000}
PG_PORT=${BENCH_PG_PORT:-15460}
CORE_PORT=${BENCH_CORE_PORT:-18181}
HOT_PORT=${BENCH_HOT_PORT:-18282}
JWKS_PORT=$((HOT_PORT + 1))
ISSUER=use-both-core
AUDIENCE=use-both
# The same JVM flags as the hot path's Dockerfile.
HOT_JAVA_OPTS=${HOT_JAVA_OPTS:-$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' hot-path-service/Dockerfile)}
PG_CONTAINER=use-both-bench-pg
OWNER_PASSWORD=bench-owner-password
CORE_PASSWORD=bench-core-password
HOT_PASSWORD=bench-hot-password
WORK=$(mktemp -d /tmp/use-both-bench.XXXXXX)

for tool in wrk pgbench psql docker curl python3; do
	command -v "$tool" > /dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
	export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"

PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2> /dev/null || true; done
	docker rm -f "$PG_CONTAINER" > /dev/null 2>&1 || true
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- build ------------------------------------------------------------------------------
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
	log "building the jars"
	./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true package > "$WORK/build.log" 2>&1 \
		|| { cat "$WORK/build.log"; exit 1; }
fi
HOT_JAR=$(ls hot-path-service/target/hot-path-service-*-all.jar)
CORE_JAR=$(ls core-service/target/core-service-*.jar | grep -v -- '-plain\|original' | head -1)
MIGRATOR_JAR=$(ls shared-schema/target/shared-schema-*-migrator.jar)
NIMBUS_JAR=$(ls ~/.m2/repository/com/nimbusds/nimbus-jose-jwt/"$(sed -n 's:.*<nimbus-jose-jwt.version>\(.*\)</nimbus-jose-jwt.version>.*:\1:p' pom.xml)"/nimbus-jose-jwt-*.jar | head -1)

# --- database ---------------------------------------------------------------------------
log "starting postgres:17 on 127.0.0.1:$PG_PORT"
docker rm -f "$PG_CONTAINER" > /dev/null 2>&1 || true
docker run -d --name "$PG_CONTAINER" -p "127.0.0.1:$PG_PORT:5432" \
	-e POSTGRES_DB=app -e POSTGRES_USER=app_owner -e POSTGRES_PASSWORD="$OWNER_PASSWORD" \
	postgres:17 -c max_connections=300 -c shared_buffers=512MB -c synchronous_commit=off > /dev/null
for _ in $(seq 1 60); do
	PGPASSWORD=$OWNER_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U app_owner -d app -qtAc 'select 1' > /dev/null 2>&1 && break
	sleep 1
done
DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/app"
log "migrating"
DATABASE_URL=$DB_URL DATABASE_OWNER_USER=app_owner DATABASE_OWNER_PASSWORD=$OWNER_PASSWORD \
	CORE_DB_USER=app_core CORE_DB_PASSWORD=$CORE_PASSWORD HOT_DB_USER=app_hot HOT_DB_PASSWORD=$HOT_PASSWORD \
	"$JAVA" -jar "$MIGRATOR_JAR" > "$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log"; exit 1; }
log "seeding $USERS users with subscriptions and $((USERS * 10)) invoices"
seed_start=$(date +%s)
PGPASSWORD=$OWNER_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U app_owner -d app -q -v users="$USERS" \
	-f bench/seed.sql > "$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log"; exit 1; }
counts=$(PGPASSWORD=$OWNER_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U app_owner -d app -qtAc \
	"select (select count(*) from users) || ' users, ' || (select count(*) from subscriptions) || ' subscriptions, '
	 || (select count(*) from invoices) || ' invoices'")
log "seeded $counts in $(($(date +%s) - seed_start)) s"

# --- key and tokens ----------------------------------------------------------------------
"$JAVA" -cp "$NIMBUS_JAR" bench/MintTokens.java "$WORK" "$USERS" "$TOKENS_COUNT" "$ISSUER" "$AUDIENCE" bench-key-1 >&2
export BENCH_TOKENS="$WORK/tokens.txt"

# --- helpers ----------------------------------------------------------------------------
wait_http() { # url seconds
	for _ in $(seq 1 $(($2 * 10))); do
		curl -fsS -o /dev/null "$1" 2> /dev/null && return 0
		sleep 0.1
	done
	return 1
}
cpu_ticks() { # pid: user + system CPU time so far, in clock ticks
	awk '{print $14 + $15}' "/proc/$1/stat"
}
rss_sampler() { # pid file: samples RSS (kB) every 0.5 s while the process lives
	while kill -0 "$1" 2> /dev/null; do ps -o rss= -p "$1" >> "$2" 2> /dev/null || true; sleep 0.5; done
}
declare -A RESULT
run_wrk() { # label url pid
	local label=$1 url=$2 pid=$3
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -s bench/rotate.lua "$url" > /dev/null
	: > "$WORK/rss-$label"
	rss_sampler "$pid" "$WORK/rss-$label" &
	local sampler=$!
	local cpu_before
	cpu_before=$(cpu_ticks "$pid")
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s bench/rotate.lua "$url" > "$WORK/wrk-$label.txt"
	local cpu_used=$(($(cpu_ticks "$pid") - cpu_before))
	kill "$sampler" 2> /dev/null || true
	wait "$sampler" 2> /dev/null || true
	local line rss requests
	line=$(grep '^BENCH ' "$WORK/wrk-$label.txt")
	rss=$(sort -n "$WORK/rss-$label" | tail -1)
	requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<< "$line")
	RESULT[$label]="$line rss_mb=$((rss / 1024)) cpu_us=$(awk -v t="$cpu_used" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
		'BEGIN {if (n > 0) printf "%.0f", t / hz * 1000000 / n; else print "-"}')"
	log "$label: ${RESULT[$label]}"
}
start_hot() { # cache-enabled [log-name] [token-cache-enabled]
	local name=${2:-$1}
	HOT_PORT=$HOT_PORT DATABASE_URL=$DB_URL HOT_DB_USER=app_hot HOT_DB_PASSWORD=$HOT_PASSWORD \
		HOT_JWKS_URL=$JWKS_URL HOT_CACHE_ENABLED=$1 HOT_TOKEN_CACHE_ENABLED=${3:-true} MALLOC_ARENA_MAX=2 \
		"$JAVA" ${HOT_JAVA_OPTS//\/tmp\/hot-path.jsa/$WORK/hot-path.jsa} -jar "$HOT_JAR" > "$WORK/hot-$name.log" 2>&1 &
	HOT_PID=$!
	PIDS+=("$HOT_PID")
	wait_http "http://127.0.0.1:$HOT_PORT/hot/health/ready" 60 || { cat "$WORK/hot-$name.log"; exit 1; }
}
stop() { kill "$1"; wait "$1" 2> /dev/null || true; }

# --- the core ---------------------------------------------------------------------------
log "starting the core on :$CORE_PORT"
CORE_PORT=$CORE_PORT DATABASE_URL=$DB_URL CORE_DB_USER=app_core CORE_DB_PASSWORD=$CORE_PASSWORD \
	AUTH_JWT_PRIVATE_KEY="$(cat "$WORK/private.pem")" AUTH_JWT_KEY_ID=bench-key-1 \
	AUTH_JWT_ISSUER=$ISSUER AUTH_JWT_AUDIENCE=$AUDIENCE \
	"$JAVA" -jar "$CORE_JAR" > "$WORK/core.log" 2>&1 &
CORE_PID=$!
PIDS+=("$CORE_PID")
CORE_UP=no
wait_http "http://127.0.0.1:$CORE_PORT/actuator/health/readiness" 90 && CORE_UP=yes
CORE_NOTE=""
if [ "$CORE_UP" = yes ] && curl -fsS -o /dev/null "http://127.0.0.1:$CORE_PORT/.well-known/jwks.json"; then
	JWKS_URL="http://127.0.0.1:$CORE_PORT/.well-known/jwks.json"
else
	# The core does not publish the key yet: serve the same public key ourselves.
	(cd "$WORK/jwks" && exec python3 -m http.server "$JWKS_PORT" --bind 127.0.0.1 > /dev/null 2>&1) &
	PIDS+=("$!")
	JWKS_URL="http://127.0.0.1:$JWKS_PORT/.well-known/jwks.json"
	wait_http "$JWKS_URL" 10
	CORE_NOTE="the core did not serve /.well-known/jwks.json; the hot path read the same key from a local file server."
fi
log "hot path verifies tokens with $JWKS_URL"

# --- (a) and (b) ------------------------------------------------------------------------
ready_ms() { sed -n 's/.*ready on port .* in \([0-9]*\) ms from JVM start.*/\1/p' "$WORK/hot-$1.log"; }
# A first start without the class-data archive (as a fresh container does); it writes the archive at exit.
log "hot path: first start (writes the class-data archive)"
start_hot true cold
curl -fsS -o /dev/null -H "Authorization: Bearer $(head -1 "$BENCH_TOKENS")" "http://127.0.0.1:$HOT_PORT/hot/v1/me/entitlements"
curl -fsS -o /dev/null "http://127.0.0.1:$HOT_PORT/hot/v1/plans"
stop "$HOT_PID"
COLD_READY_MS=$(ready_ms cold)
log "(a) hot path, cache on"
start_hot true
READY_MS=$(ready_ms true)
IDLE_RSS=$(($(ps -o rss= -p "$HOT_PID") / 1024))
run_wrk a "http://127.0.0.1:$HOT_PORT/hot/v1/me/entitlements" "$HOT_PID"
stop "$HOT_PID"
log "(b) hot path, cache off"
start_hot false
run_wrk b "http://127.0.0.1:$HOT_PORT/hot/v1/me/entitlements" "$HOT_PID"
stop "$HOT_PID"
log "(b2) hot path, cache and token cache off"
start_hot false notokens false
run_wrk b2 "http://127.0.0.1:$HOT_PORT/hot/v1/me/entitlements" "$HOT_PID"
stop "$HOT_PID"

# --- (c) --------------------------------------------------------------------------------
CORE_STATUS=""
if [ "$CORE_UP" = yes ]; then
	CORE_STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -1 "$BENCH_TOKENS")" \
		"http://127.0.0.1:$CORE_PORT/api/v1/billing/entitlements")
fi
if [ "$CORE_STATUS" = 200 ]; then
	log "(c) core"
	run_wrk c "http://127.0.0.1:$CORE_PORT/api/v1/billing/entitlements" "$CORE_PID"
else
	log "(c) skipped: the core answered ${CORE_STATUS:-nothing} to GET /api/v1/billing/entitlements"
	CORE_NOTE="$CORE_NOTE (c) not measured: the core answered ${CORE_STATUS:-nothing (it did not start: see its log)} to GET /api/v1/billing/entitlements with a valid token."
fi
stop "$CORE_PID"

# --- (d) --------------------------------------------------------------------------------
log "(d) pgbench, the hot path's SQL"
PGPASSWORD=$HOT_PASSWORD pgbench -h 127.0.0.1 -p "$PG_PORT" -U app_hot -n -M prepared -c "$CONNECTIONS" -j "$THREADS" \
	-T "${WARMUP%s}" -f bench/entitlements.sql app > /dev/null 2>&1
(cd "$WORK" && PGPASSWORD=$HOT_PASSWORD pgbench -h 127.0.0.1 -p "$PG_PORT" -U app_hot -n -M prepared \
	-c "$CONNECTIONS" -j "$THREADS" -T "${DURATION%s}" -l --sampling-rate=0.1 -f "$ROOT/bench/entitlements.sql" app \
	> "$WORK/pgbench.txt" 2>&1)
tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$WORK/pgbench.txt" | head -1)
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/pgbench.txt" | head -1)
cat "$WORK"/pgbench_log.* | awk '{print $3}' | sort -n > "$WORK/pg-latencies"
lines=$(wc -l < "$WORK/pg-latencies")
p50=$(awk -v n="$lines" 'NR == int(n * 0.50) + 1 {printf "%.2f", $1 / 1000}' "$WORK/pg-latencies")
p99=$(awk -v n="$lines" 'NR == int(n * 0.99) + 1 {printf "%.2f", $1 / 1000}' "$WORK/pg-latencies")
RESULT[d]="BENCH rps=${tps%.*} p50_ms=$p50 p99_ms=$p99 errors=${failed:-0} rss_mb=- cpu_us=-"

# --- report -----------------------------------------------------------------------------
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< " ${RESULT[$1]:-}"; }
row() { # label name
	if [ -n "${RESULT[$1]:-}" ]; then
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$2" "$(field "$1" rps)" "$(field "$1" p50_ms)" \
			"$(field "$1" p99_ms)" "$(field "$1" errors)" "$(field "$1" rss_mb)" "$(field "$1" cpu_us)"
	else
		printf '| %s | not measured | | | | | |\n' "$2"
	fi
}
ratio() { # x y
	local x y
	x=$(field "$1" rps)
	y=$(field "$2" rps)
	if [ -n "$x" ] && [ -n "$y" ] && [ "$y" != 0 ]; then awk -v x="$x" -v y="$y" 'BEGIN {printf "%.1f", x / y}'; else echo "n/a"; fi
}
TABLE=$(
	echo "| target | requests/s | p50 ms | p99 ms | errors | server RSS MB (max under load) | server CPU µs per request |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	row a "(a) hot path \`GET /hot/v1/me/entitlements\`, cache on"
	row b "(b) hot path \`GET /hot/v1/me/entitlements\`, cache off"
	row b2 "(b2) as (b), and every token's signature checked (token cache off too)"
	row c "(c) core \`GET /api/v1/billing/entitlements\`"
	row d "(d) pgbench, the hot path's SQL (ceiling of b)"
)
SUMMARY="(a)/(c) = $(ratio a c)x, (b)/(c) = $(ratio b c)x, (b2)/(c) = $(ratio b2 c)x, (b)/(d) = $(awk -v r="$(ratio b d)" 'BEGIN {if (r == "n/a") print r; else printf "%.0f%%", r * 100}'), hot path ready ${READY_MS:-?} ms after JVM start with the class-data archive, ${COLD_READY_MS:-?} ms without (RSS ${IDLE_RSS:-?} MB idle)"
# The issue's targets, each with what this run reached: a gap is named, never hidden.
target_row() { # description reached ok(1/0/-)
	local v
	case "$3" in 1) v=met ;; 0) v="**not met**" ;; *) v="not measured" ;; esac
	printf '| %s | %s | %s |\n' "$1" "$2" "$v"
}
check_min() { # value minimum -> 1/0/-
	if [ -z "$1" ] || [ "$1" = n/a ]; then echo -; else awk -v x="$1" -v m="$2" 'BEGIN {print (x >= m) ? 1 : 0}'; fi
}
check_max() { # value maximum (exclusive) -> 1/0/-
	if [ -z "$1" ] || [ "$1" = n/a ] || [ "$1" = "?" ]; then echo -; else awk -v x="$1" -v m="$2" 'BEGIN {print (x < m) ? 1 : 0}'; fi
}
ERRORS=0
for t in a b b2 c d; do ERRORS=$((ERRORS + $(field "$t" errors | sed 's/^$/0/'))); done
MAX_RSS=$(for t in a b b2; do field "$t" rss_mb; done | sort -n | tail -1)
BD=$(ratio b d)
TARGETS=$(
	echo "| target | reached | |"
	echo "| --- | --- | --- |"
	target_row "(b) at least 3x (c)" "$(ratio b c)x" "$(check_min "$(ratio b c)" 3)"
	target_row "(b) at least 60% of (d)" "$(awk -v r="$BD" 'BEGIN {if (r == "n/a") print r; else printf "%.0f%%", r * 100}')" "$(check_min "$BD" 0.6)"
	target_row "(a) at least 10x (c)" "$(ratio a c)x" "$(check_min "$(ratio a c)" 10)"
	target_row "zero errors" "$ERRORS" "$(check_max "$ERRORS" 1)"
	target_row "p99 of (a) under 10 ms at $CONNECTIONS connections" "$(field a p99_ms) ms" "$(check_max "$(field a p99_ms)" 10)"
	target_row "hot-path RSS under 200 MB under load" "${MAX_RSS:-?} MB" "$(check_max "${MAX_RSS:-}" 200)"
	target_row "hot path ready within 1.5 s of JVM start" "${READY_MS:-?} ms" "$(check_max "${READY_MS:-?}" 1500)"
)
echo
echo "$TABLE"
echo
echo "$SUMMARY"
echo
echo "$TARGETS"
echo "load average before: $LOAD_BEFORE, after: $LOAD_AFTER"
[ -n "$CORE_NOTE" ] && echo "Note: $CORE_NOTE"

if [ "${BENCH_WRITE_DOCS:-1}" = 1 ]; then
	CPU=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
	NCPU=$(nproc)
	MEM=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
	COMMIT=$(git rev-parse --short HEAD)
	cat > docs/benchmarks.md << DOC
# Benchmarks

The hot path exists to be fast and small. This page is written by one command that anyone can
rerun on their machine:

\`\`\`sh
bench/run.sh
\`\`\`

It needs a JDK 25, Docker (or podman), \`wrk\`, \`pgbench\` and \`psql\` (PostgreSQL client),
\`curl\` and \`python3\`. It is not part of \`./mvnw verify\`.

## What it does

1. Builds the jars and starts \`postgres:17\` in a container (127.0.0.1:$PG_PORT), migrates it
   with the migrate job's jar, and seeds **$USERS users with subscriptions and $((USERS * 10)) invoices**
   ([bench/seed.sql](../bench/seed.sql), \`generate_series\` as the owner: seconds).
2. Generates an EC P-256 key, hands it to the core as \`AUTH_JWT_PRIVATE_KEY\`, and mints
   $TOKENS_COUNT ES256 access tokens with the core's claims for random users
   ([bench/MintTokens.java](../bench/MintTokens.java), Java's single-file mode with nimbus-jose-jwt).
3. Runs the core and the hot path as plain \`java -jar\` processes on the host (the hot path with its
   Dockerfile's \`JAVA_OPTS\`: \`$HOT_JAVA_OPTS\`), and for each target a
   $WARMUP warm-up, then **wrk -t $THREADS -c $CONNECTIONS -d $DURATION** where every request
   carries the next token ([bench/rotate.lua](../bench/rotate.lua)): every request is a different user.
4. Runs **pgbench** with the same connections and duration on the hot path's own SQL
   ([bench/entitlements.sql](../bench/entitlements.sql), prepared, as the \`app_hot\` role): the
   most the database can answer, the ceiling of (b).

Everything (wrk, pgbench, PostgreSQL, the services) shares the same machine, so each number is
what is left after the load generator took its share.

## Results

Machine: $CPU, $NCPU CPUs, $MEM memory. Commit \`$COMMIT\`, $(date -u +%Y-%m-%d).
Load average (1, 5, 15 min) before the run: $LOAD_BEFORE; after: $LOAD_AFTER. On a machine busy with other
work every requests/s and latency figure is lower than it would be on a quiet one; the CPU time per
request much less so.

$TABLE

$SUMMARY.
${CORE_NOTE:+
Note: $CORE_NOTE
}
Against the targets of this repository (all from this one run):

$TARGETS

How to read it:

- (a) is the production configuration: a cache hit. Entitlements are cached per user (Caffeine)
  and dropped by the core's \`entitlements_changed\` NOTIFY within milliseconds of a commit; a
  verified token is remembered for up to 5 minutes (never past its \`exp\`), so each token's ES256
  signature is checked once, not on every request.
- (b) is the database path (\`HOT_CACHE_ENABLED=false\`): every request is one indexed query on
  \`read_api.user_entitlements\` through HikariCP, plus JSON; tokens are still remembered once
  verified. This is the row to hold against (d).
- (b2) also checks every token's signature (\`HOT_TOKEN_CACHE_ENABLED=false\`): the hot path with no
  cache at all, doing per request what the core does.
- (c) is the same answer from the Spring Boot core.
- (d) is PostgreSQL alone on the same query with the same number of connections.
- *server CPU per request* is the service process's own CPU time (user + system, from
  \`/proc/<pid>/stat\`) over the measured run, divided by the requests it answered. Unlike
  requests/s it hardly depends on what else the machine is doing, so it is the fairer comparison
  on a shared or busy machine. It does not include PostgreSQL's share.
- The hot path runs as it does in production, its access log included (one line per request).
DOC
	log "wrote docs/benchmarks.md"
fi
