#!/usr/bin/env bash
# Compose smoke test: builds and starts the whole stack, waits until every service is
# healthy, calls the core and the hot path through the gateway, stops PostgreSQL for 10 s under
# load, and always tears down.
# Usage: scripts/compose-smoke.sh   (GATEWAY_PORT, if set, must match the compose file's)
set -euo pipefail
cd "$(dirname "$0")/.."

if docker compose version > /dev/null 2>&1; then
	compose=(docker compose)
elif command -v docker-compose > /dev/null 2>&1; then
	compose=(docker-compose)
else
	echo "compose-smoke: neither 'docker compose' nor 'docker-compose' is available" >&2
	exit 1
fi
gateway="http://localhost:${GATEWAY_PORT:-8080}"
failed=""

teardown() {
	local status=$?
	if [ -n "$failed" ] || [ "$status" -ne 0 ]; then
		echo "compose-smoke: FAILED: ${failed:-exit $status}" >&2
		"${compose[@]}" ps -a >&2 || true
		"${compose[@]}" logs --no-color --tail=200 >&2 || true
		status=1
	fi
	"${compose[@]}" down -v --remove-orphans > /dev/null 2>&1 || true
	exit "$status"
}
trap teardown EXIT

phase_start=$(date +%s)
echo "compose-smoke: building images"
"${compose[@]}" build
echo "compose-smoke: images built in $(($(date +%s) - phase_start)) s"

phase_start=$(date +%s)
echo "compose-smoke: starting the stack"
"${compose[@]}" up -d

# Wait for every long-running service to be healthy and the migrate job to exit 0
# (done by hand so that docker-compose v1, which has no --wait, works too).
deadline=$(($(date +%s) + 240))
services=(postgres mail core hot-path gateway)
while :; do
	pending=()
	for s in "${services[@]}"; do
		id=$("${compose[@]}" ps -q "$s" 2> /dev/null || true)
		health=$([ -n "$id" ] && docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id" 2> /dev/null || echo missing)
		[ "$health" = healthy ] || pending+=("$s:$health")
	done
	mid=$("${compose[@]}" ps -aq migrate 2> /dev/null || true)
	if [ -n "$mid" ]; then
		mstate=$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$mid" 2> /dev/null || echo "missing -")
		case "$mstate" in
			"exited 0") ;;
			exited*) failed="migrate exited with code ${mstate#exited }"; exit 1 ;;
			*) pending+=("migrate:${mstate% *}") ;;
		esac
	else
		pending+=("migrate:missing")
	fi
	[ ${#pending[@]} -eq 0 ] && break
	if [ "$(date +%s)" -ge "$deadline" ]; then
		failed="not healthy within 240 s: ${pending[*]}"
		exit 1
	fi
	sleep 2
done
echo "compose-smoke: all services healthy in $(($(date +%s) - phase_start)) s"

# check WHAT URL EXPECTED [curl arguments...]: a 2xx answer whose body contains EXPECTED. A
# transient answer (a 503 while the hot path fetches the core's keys, a name the container DNS
# does not resolve yet) gets a few retries, as a real client would; a lasting one fails.
check() {
	local what=$1 url=$2 expect=$3 body="" attempt
	shift 3
	for attempt in 1 2 3 4 5 6 7 8 9 10; do
		if body=$(curl -fsS --max-time 60 "$@" "$url" 2> /dev/null) && grep -qF -- "$expect" <<< "$body"; then
			echo "compose-smoke: ok  $what  $url"
			return 0
		fi
		sleep 2
	done
	failed="$what: $url did not answer 2xx with '$expect' in 10 tries; last answer: ${body:0:300}"
	exit 1
}

check "gateway" "$gateway/gateway/health" "ok"
check "core through the gateway" "$gateway/api/v1/billing/plans" "["
check "hot path through the gateway" "$gateway/hot/v1/plans" "["
check "hot path readiness" "$gateway/hot/health/ready" '"UP"'

# End to end through the gateway: the first admin signs in at the core, subscribes, and the hot
# path verifies the core's token itself and serves the entitlements the core just wrote.
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
admin_email="${FIRST_ADMIN_EMAIL:-admin@example.com}"
admin_password="${FIRST_ADMIN_PASSWORD:-dev-admin-password-2024}"
if ! token_json=$(curl -fsS --max-time 60 -H 'Content-Type: application/json' \
	-d "{\"email\":\"$admin_email\",\"password\":\"$admin_password\"}" "$gateway/api/v1/auth/token"); then
	failed="core: the first admin could not get a token from /api/v1/auth/token"
	exit 1
fi
token=$(json_field access_token <<< "$token_json")
echo "compose-smoke: ok  first admin signed in  $gateway/api/v1/auth/token"
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $token" \
	-H 'Content-Type: application/json' -d '{"planCode":"pro"}' "$gateway/api/v1/billing/subscription")
case "$status" in
	200 | 201) echo "compose-smoke: ok  subscribed to pro  $gateway/api/v1/billing/subscription ($status)" ;;
	*) failed="core: POST /api/v1/billing/subscription answered $status"; exit 1 ;;
esac
bearer=(-H "Authorization: Bearer $token")
check "core entitlements" "$gateway/api/v1/billing/entitlements" '"plan":"pro"' "${bearer[@]}"
check "hot path entitlements with the core's token" "$gateway/hot/v1/me/entitlements" '"plan":"pro"' "${bearer[@]}"
check "hot path invoices" "$gateway/hot/v1/me/invoices?limit=5" '"items"' "${bearer[@]}"
check "hot path OpenAPI document" "$gateway/hot/openapi.json" '"/hot/v1/me/entitlements"'
check "hot path Swagger UI" "$gateway/hot/docs" "swagger"
check "core OpenAPI document" "$gateway/v3/api-docs" '"/api/v1/auth/token"'
check "admin sign-in page" "$gateway/login" 'name="_csrf"'
# Registration sends a verification mail, which the dev mail catcher (MailDev) shows.
newcomer="smoke-$(date +%s)@example.com"
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 -H 'Content-Type: application/json' \
	-d "{\"email\":\"$newcomer\",\"password\":\"violet-kettle-orbit-2024\",\"displayName\":\"Smoke Test\"}" \
	"$gateway/api/v1/auth/register")
[ "$status" = 201 ] || { failed="core: POST /api/v1/auth/register answered $status"; exit 1; }
mailbox="http://localhost:${MAIL_UI_PORT:-1080}/api/email"
for _ in $(seq 1 20); do
	if curl -fsS --max-time 5 "$mailbox" 2> /dev/null | grep -qF -- "$newcomer"; then
		echo "compose-smoke: ok  verification mail for a new user in MailDev  $mailbox"
		break
	fi
	sleep 1
done
curl -fsS --max-time 5 "$mailbox" | grep -qF -- "$newcomer" || { failed="no verification mail for $newcomer in $mailbox"; exit 1; }
unauth=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 "$gateway/hot/v1/me/entitlements")
[ "$unauth" = 401 ] || { failed="hot path answered $unauth without a token (expected 401)"; exit 1; }
echo "compose-smoke: ok  hot path refuses a request without a token (401)"
# Absolute URLs the core builds behind the gateway carry the port the client used.
challenge=$(curl -sS -o /dev/null -D - --max-time 60 "$gateway/api/v1/me" | tr -d '\r' | grep -i '^www-authenticate:' || true)
[ -n "$challenge" ] || { failed="core: no WWW-Authenticate on a 401 from /api/v1/me"; exit 1; }
if grep -q 'http://' <<< "$challenge" && ! grep -qF "$gateway/" <<< "$challenge"; then
	failed="core: an absolute URL in WWW-Authenticate lost the gateway's port: $challenge"
	exit 1
fi
echo "compose-smoke: ok  core 401 challenge through the gateway: ${challenge#*: }"

# A database outage under load, on the whole stack: clients keep calling both services through
# the gateway while PostgreSQL is stopped for 10 s and started again. Every answer must be a 2xx or
# a quick 503 problem+json; both services must serve again without a restart; no write answered 2xx
# may be lost; and the hot path's LISTEN connection must be back (a plan change reaches its cache,
# which otherwise keeps an entry for HOT_CACHE_TTL_SECONDS, 300 s).
core_direct="http://localhost:${CORE_PORT:-8081}"
outage=$(mktemp -d)
client() { # NAME URL [curl arguments...]: one client in a loop until $outage/stop exists
	local name=$1 url=$2
	shift 2
	while [ ! -e "$outage/stop" ]; do
		curl -sS -o /dev/null -w '%{http_code} %{time_total} %{content_type}\n' --max-time 30 "$@" "$url" \
			>> "$outage/$name" 2> /dev/null || true
		sleep 0.1
	done
}
writer() { # sequential writes: "N STATUS" per PATCH of the display name to outage-N
	local n=0 code
	while [ ! -e "$outage/stop" ]; do
		n=$((n + 1))
		code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X PATCH "${bearer[@]}" \
			-H 'Content-Type: application/json' -d "{\"displayName\":\"outage-$n\"}" "$gateway/api/v1/me" 2> /dev/null || true)
		echo "$n $code" >> "$outage/writes"
		sleep 0.1
	done
}
client core-plans "$gateway/api/v1/billing/plans" &
client core-me "$gateway/api/v1/me" "${bearer[@]}" &
client hot-entitlements "$gateway/hot/v1/me/entitlements" "${bearer[@]}" &
client hot-invoices "$gateway/hot/v1/me/invoices?limit=5" "${bearer[@]}" &
client core-ready "$core_direct/actuator/health/readiness" &
client hot-ready "$gateway/hot/health/ready" &
writer &
sleep 3
echo "compose-smoke: stopping postgres for 10 s under load"
"${compose[@]}" stop -t 10 postgres > /dev/null 2>&1
sleep 10
"${compose[@]}" start postgres > /dev/null 2>&1
until "${compose[@]}" exec -T postgres pg_isready -q > /dev/null 2>&1; do sleep 0.2; done
db_up=$(date +%s%N)
# Without a restart. The fault suites hold each service to 5 s behind a TCP proxy; here a restarted
# container also comes back with a new address (DNS, the JVM's address cache: see the Dockerfiles),
# so the bound is looser and the time is printed.
recovered=""
while [ $(($(date +%s%N) - db_up)) -lt 60000000000 ]; do
	if curl -fsS -o /dev/null --max-time 5 "${bearer[@]}" "$gateway/api/v1/me" 2> /dev/null \
		&& curl -fsS -o /dev/null --max-time 5 "${bearer[@]}" "$gateway/hot/v1/me/invoices?limit=5" 2> /dev/null; then
		recovered=$((($(date +%s%N) - db_up) / 1000000))
		break
	fi
	sleep 0.1
done
sleep 2
touch "$outage/stop"
wait
[ -n "$recovered" ] || { failed="the services did not serve again within 60 s of PostgreSQL's return"; exit 1; }
answers=$(cat "$outage"/core-* "$outage"/hot-* | wc -l)
bad=$(cat "$outage"/core-plans "$outage"/core-me "$outage"/hot-entitlements "$outage"/hot-invoices \
	| awk '!($1 ~ /^2/ || ($1 == 503 && $3 ~ /problem\+json/)) || $2 > 6' | sort | uniq -c | head -5)
[ -z "$bad" ] || { failed="answers during the outage that are neither 2xx nor a quick 503 problem+json (count status seconds type): $bad"; exit 1; }
for ready in core-ready hot-ready; do
	grep -q '^503 ' "$outage/$ready" || { failed="$ready never reported down while PostgreSQL was stopped"; exit 1; }
done
unavailable=$(cat "$outage"/core-* "$outage"/hot-* | grep -c '^503 ' || true)
last_ok=$(awk '$2 ~ /^2/ { n = $1 } END { print n + 0 }' "$outage/writes")
saved=$(curl -fsS --max-time 30 "${bearer[@]}" "$gateway/api/v1/me" | json_field displayName)
[ "${saved#outage-}" -ge "$last_ok" ] 2> /dev/null || { failed="a write answered 2xx was lost: outage-$last_ok answered 2xx, the account says $saved"; exit 1; }
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 "${bearer[@]}" \
	-H 'Content-Type: application/json' -d '{"planCode":"team"}' "$gateway/api/v1/billing/subscription")
[ "$status" = 200 ] || { failed="core: changing the plan to team after the outage answered $status"; exit 1; }
listener=""
for _ in $(seq 1 50); do
	if curl -fsS --max-time 5 "${bearer[@]}" "$gateway/hot/v1/me/entitlements" 2> /dev/null | grep -qF '"plan":"team"'; then
		listener=ok
		break
	fi
	sleep 0.1
done
[ -n "$listener" ] || { failed="hot path: a plan change after the outage did not reach its cache within 5 s (LISTEN not back)"; exit 1; }
echo "compose-smoke: ok  database outage: $answers answers ($unavailable quick 503s), serving again $recovered ms after PostgreSQL's return, writes up to outage-$last_ok kept, LISTEN back"
rm -rf "$outage"

for s in core hot-path; do
	line=$("${compose[@]}" logs --no-color "$s" 2> /dev/null | grep -Eo '(Started [A-Za-z]+ in [0-9.]+ seconds.*|ready on port [0-9]+ in [0-9]+ ms.*)' | tail -1 || true)
	echo "compose-smoke: $s start: ${line:-not found in the log}"
done
echo "compose-smoke: PASSED"
