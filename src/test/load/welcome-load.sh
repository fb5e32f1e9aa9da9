#!/usr/bin/env bash
# The welcome line under load from outside the JVM (wrk), as an operator would measure it: Relance's jar on a fresh
# MariaDB database, NewsletterSubscribed events of new contacts posted by 8 keep-alive connections, each welcome email
# followed to the development mail server inside the application. For each rate it prints the events accepted per
# second and their latency, the backlog (events accepted, email not yet handed over) every 5 s, the lag from each
# event to its email, the CPU per email of each part of the application and of MariaDB, and the targets (>= 100
# emails/s with the backlog flat, each within 60 s, intake p99 <= 150 ms): met or NOT met. Side by side in the same
# run, its reference: bare Camunda 7.24 in a JVM of its own (Spring Boot starter, history FULL, REST open as it comes,
# a database of its own) starting a process that waits on a timer (message start, timer) on POST /engine-rest/message,
# 8 keep-alive connections as fast as they go, 10 s of warm-up then 30 s measured, once before the measured runs and
# once after; at the end, each run's emails per second against it (the welcome line's target: half of it).
#
#   ./mvnw -q -DskipTests package && src/test/load/welcome-load.sh
#
# Needs wrk (apt-get install wrk), python3, the mysql client, a local MariaDB (root, empty password: the databases
# relance_bench_load and relance_bench_waiting are created and dropped), target/test-classes (built by the package
# above; bare Camunda runs from them). Settings (environment): DELAYS (ms each connection waits after an answer, one
# run per value; 0: as fast as the connections go), DURATION (s per run, 60), WARMUPS (bursts of WARMUP s before
# measuring, 2 x 60), CONNECTIONS (8), PORT (8390), JAR, KEEP=1 (keep the databases), APP_ARGS (more arguments for
# the application, e.g. --spring.datasource.hikari.maximum-pool-size=20), JAVA_OPTS (options of its JVM), BARE=0
# (without the reference), BARE_WARMUP (s of load on bare Camunda before each of its two measurements, 10; warm both
# sides alike, e.g. WARMUPS=5 BARE_WARMUP=300, to compare JVMs whose compilers are done), STATEMENTS=1 (MariaDB's
# statements per email and per bare event from performance_schema, statement_time.py; the server must run with
# --performance-schema=ON).
set -euo pipefail
cd "$(dirname "$0")/../../.."
DELAYS=${DELAYS:-"90 55 40"}; DURATION=${DURATION:-60}; WARMUPS=${WARMUPS:-2}; WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-8}; THREADS=2; PORT=${PORT:-8390}; DB=relance_bench_load; BARE_DB=relance_bench_waiting
BARE=${BARE:-1}; BARE_WARMUP=${BARE_WARMUP:-10}; BARE_DURATION=30; STATEMENTS=${STATEMENTS:-0}
JAR=${JAR:-$(ls target/relance-*.jar | head -1)}
PASSWORD=load-$RANDOM$RANDOM
export AUTH_BASIC=$(printf 'admin:%s' "$PASSWORD" | base64) THREADS
for tool in wrk python3 mysql java; do
  command -v $tool > /dev/null || { echo "welcome-load: $tool is missing" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "welcome-load: no jar, run ./mvnw -q -DskipTests package first" >&2; exit 2; }
[ "$BARE" = 0 ] || [ -f target/test-classes/io/relance/bench/bare/BareCamunda.class ] \
  || { echo "welcome-load: no target/test-classes, run ./mvnw -q -DskipTests package first (or BARE=0)" >&2; exit 2; }
WORK=$(mktemp -d); SQL="mysql -uroot -h127.0.0.1 -N"; NAME=welcome-load
[ "$STATEMENTS" = 0 ] || [ "$($SQL -e 'SELECT @@performance_schema')" = 1 ] || { echo "welcome-load: STATEMENTS=1 \
needs MariaDB's performance_schema: restart the server with --performance-schema=ON" >&2; exit 2; }
. src/test/load/bare-camunda.sh
. src/test/load/jar-build.sh
. src/test/load/buffer-pool.sh
MARIADB=$(pgrep -x mariadbd || pgrep -x mysqld || true)
buffer_pool_check welcome-load; POOL_READS=$(buffer_pool_reads)
[ -n "$MARIADB" ] || echo "welcome-load: no local MariaDB process: its CPU is not reported"
cleanup() {
  for pid in ${APP:-} ${BARE_PID:-}; do kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true; done
  [ "${KEEP:-0}" = 1 ] || $SQL -e "DROP DATABASE IF EXISTS $DB; DROP DATABASE IF EXISTS $BARE_DB" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

$SQL -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
touch "$WORK/summary"
if [ "$BARE" != 0 ]; then
  bare_camunda_start $BARE_DB
  bare_camunda_await
fi
echo "Starting $JAR on port $PORT, database $DB ..."
SPRING_PROFILES_ACTIVE=mariadb DB_URL="jdbc:mariadb://127.0.0.1:3306/$DB" DB_USER=root DB_PASSWORD= \
  RELANCE_ADMIN_PASSWORD=$PASSWORD java ${JAVA_OPTS:-} -jar "$JAR" --server.port=$PORT \
  --relance.pressure.send-slot=00:00 --relance.pressure.quiet-hours.email.from=00:00 \
  --relance.pressure.quiet-hours.email.to=00:00 --relance.pressure.quiet-hours.email.sundays=false \
  --relance.pressure.quiet-hours.email.holidays= ${APP_ARGS:-} > "$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 120); do
  grep -q "Started RelanceApplication" "$WORK/app.log" && break
  kill -0 $APP 2> /dev/null || { tail -30 "$WORK/app.log"; echo "welcome-load: the application did not start" >&2; exit 1; }
  sleep 1
done
RUNS=$(( WARMUPS + $(echo $DELAYS | wc -w) ))
SPAN=$(( 400 * (DURATION > WARMUP ? DURATION : WARMUP) ))  # contacts per run: up to 400 events/s
CONTACTS=$(( RUNS * SPAN ))
# New contacts with email consent given 40 days ago (no cap of young consents holds a welcome back).
$SQL $DB -e "INSERT INTO contact (id, email, first_name, locale, time_zone, consent_email, consent_email_at,
  attributes, created_at, updated_at, version) SELECT CONCAT('w-', seq), CONCAT('w', seq, '@example.com'), 'Bench',
  'fr-FR', 'Europe/Paris', TRUE, NOW(6) - INTERVAL 40 DAY, '{}', NOW(6), NOW(6), 0 FROM seq_1_to_$CONTACTS"

# The script's own reads name the database instead of using it: performance_schema counts them apart from the
# application's statements (STATEMENTS=1).
counts() { $SQL -e "SELECT (SELECT COUNT(*) FROM $DB.inbound_event),
  (SELECT COUNT(*) FROM $DB.communication WHERE status <> 'SENDING')"; }
drain() { # waits until every accepted event has its email handed over (or suppressed, or failed)
  for _ in $(seq 1 300); do read -r e c < <(counts); [ "$e" -le "$c" ] && return 0; sleep 1; done
  echo "welcome-load: $((e - c)) events still without their email after 300 s"; }
digests_reset() { [ "$STATEMENTS" = 0 ] || $SQL -e "TRUNCATE performance_schema.events_statements_summary_by_digest"; }
digests_report() { # digests_report DATABASE UNITS UNIT: its statements since digests_reset, per unit
  [ "$STATEMENTS" = 0 ] && return 0
  $SQL -e "SELECT digest_text, count_star, sum_timer_wait FROM performance_schema.events_statements_summary_by_digest
    WHERE schema_name = '$1'" > "$WORK/digests"
  python3 src/test/load/statement_time.py "$WORK/digests" "$2" "$3"
}
cpu() { # ticks: each live thread of the application (with its group), the whole JVM (ended threads too), MariaDB
  python3 - "$APP" "$MARIADB" << 'EOF'
import os, re, sys
out = []
for t in os.listdir(f'/proc/{sys.argv[1]}/task'):
    try:
        s = open(f'/proc/{sys.argv[1]}/task/{t}/stat').read()
    except OSError:
        continue
    name, f = s[s.index('(') + 1:s.rindex(')')], s[s.rindex(')') + 2:].split()
    group = ('intake (HTTP threads)' if re.match(r'http-nio-\d+-e', name) else
             'delivery threads' if name.startswith('relance-deliver') else
             'arbitration thread' if name.startswith('relance-arbitra') else
             'mail server (in-process)' if name.startswith('smtp:') else
             'JIT compilers' if 'CompilerThre' in name else
             'garbage collector' if re.match(r'(GC Thread|G1 )', name) else 'other threads')
    out.append(f'tid:{t}:{group.replace(" ", "_")}={int(f[11]) + int(f[12])}')
for key, pid in (('jvm', sys.argv[1]), ('MariaDB', sys.argv[2])):
    if pid:
        f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        out.append(f'{key}={int(f[11]) + int(f[12])}')
print(' '.join(out))
EOF
}

run() { # run NAME OFFSET DELAY SECONDS [measure]
  local name=$1 offset=$2 delay=$3 seconds=$4 measure=${5:-}
  read -r e0 c0 < <(counts); [ -z "$measure" ] || digests_reset
  local before; before=$(cpu); local start; start=$(date +%s.%N)
  if [ -n "$measure" ]; then
    ( while sleep 5; do read -r e c < <(counts)
        echo "$(date +%s.%N) $((e - e0)) $((c - c0))"; done ) > "$WORK/trail" &
    local trail=$!
  fi
  OFFSET=$offset DELAY=$delay wrk -t$THREADS -c$CONNECTIONS -d${seconds}s --latency -s src/test/load/welcome.lua \
    "http://127.0.0.1:$PORT/api/events" "$name" > "$WORK/wrk"
  local stop; stop=$(date +%s.%N)
  drain
  local done_at; done_at=$(date +%s.%N)
  [ -n "$measure" ] || return 0
  kill $trail 2> /dev/null || true
  local after; after=$(cpu)
  $SQL -e "SELECT TIMESTAMPDIFF(MICROSECOND, e.received_at, c.updated_at) / 1000, c.status FROM $DB.inbound_event e
    LEFT JOIN $DB.communication c ON c.contact_id = e.contact_id WHERE e.event_id LIKE '$name-%'" > "$WORK/lags"
  $SQL -e "SELECT COUNT(*) FROM (SELECT contact_id FROM $DB.communication GROUP BY contact_id HAVING COUNT(*) > 1) t" \
    > "$WORK/twice"
  python3 - "$WORK" "$CONNECTIONS" "$delay" "$start" "$stop" "$done_at" "$before" "$after" "$(getconf CLK_TCK)" << 'EOF'
import sys
work, connections, delay, start, stop, done_at = sys.argv[1], sys.argv[2], sys.argv[3], *map(float, sys.argv[4:7])
before = dict(kv.rsplit('=', 1) for kv in sys.argv[7].split())
after = dict(kv.rsplit('=', 1) for kv in sys.argv[8].split())
hz = int(sys.argv[9])
sys.path.insert(0, 'src/test/load')
from wrk_report import WrkReport
report = WrkReport(f'{work}/wrk')
latency = report.latency
lags, statuses = [], {}
for line in open(f'{work}/lags'):
    lag, status = line.split('\t')
    statuses[status.strip()] = statuses.get(status.strip(), 0) + 1
    if lag != 'NULL':
        lags.append(float(lag))
lags.sort()
events = sum(statuses.values())
trail = [tuple(map(float, l.split())) for l in open(f'{work}/trail') if l.strip()]
during = [t for t in trail if t[0] <= stop + 0.5]
rate = events / (stop - start)
delivered = during[-1][2] / (during[-1][0] - start) if during else float('nan')
backlog = [int(a - m) for _, a, m in during]
how = 'as fast as they go' if delay == '0' else f'each waiting {delay} ms after each answer'
print(f'\n== {connections} connections, {how}: {events} events in {stop - start:.1f} s')
print(f'accepted: {rate:.1f} events/s, latency p50 {latency(50):.1f} ms, p99 {latency(99):.1f} ms'
      + (f', {report.not_2xx} answers not 2xx' if report.not_2xx else ''))
print(f'emails handed over while the events arrived: {delivered:.1f} /s; all {len(lags)} after {done_at - start:.1f} s'
      f' ({len(lags) / (done_at - start):.1f} /s); status: {statuses}')
print('backlog every 5 s: ' + ' '.join(map(str, backlog)))
if lags:
    print(f'lag event -> email: p50 {lags[len(lags) // 2] / 1000:.1f} s, p99 {lags[max(0, int(len(lags) * .99) - 1)] / 1000:.1f} s,'
          f' max {lags[-1] / 1000:.1f} s')
twice = int(open(f'{work}/twice').read().strip() or 0)
print(f'contacts with more than one email: {twice}')
# Per group, the live threads' ticks since the first reading; the JVM's own figure counts the threads that ended
# meanwhile as well (the in-process mail server's connections, mostly): the rest is theirs.
ticks = {}
for key, value in after.items():
    if key.startswith('tid:'):
        group = key.split(':', 2)[2]
        ticks[group] = ticks.get(group, 0) + int(value) - int(before.get(key, 0))
ticks['ended_threads'] = max(0, int(after['jvm']) - int(before['jvm']) - sum(ticks.values()))
if 'MariaDB' in after:
    ticks['MariaDB'] = int(after['MariaDB']) - int(before['MariaDB'])
cpu = {k: v * 1000 / hz / max(1, len(lags)) for k, v in ticks.items() if v}
total = sum(cpu.values())
print(f'CPU per email: {total:.1f} ms = ' + ', '.join(f'{k.replace("_", " ")} {v:.1f}' for k, v in
      sorted(cpu.items(), key=lambda kv: -kv[1])))
# Grows: the least-squares slope of the backlog over the run (its first 5 s, the ramp, left out) is more than 2 emails
# a second. Two samples alone would read the backlog's own swing (a few hundred emails in a delivery round) as growth.
samples = [(t - start, a - m) for t, a, m in during if t - start >= 5]
growth = 0.0
if len(samples) >= 3:
    mt = sum(t for t, _ in samples) / len(samples)
    mb = sum(b for _, b in samples) / len(samples)
    growth = sum((t - mt) * (b - mb) for t, b in samples) / sum((t - mt) ** 2 for t, _ in samples)
grows = growth > 2
print(f'backlog {"GROWS" if grows else "does not grow"} ({growth:+.1f} emails/s, slope over the run)')
p99 = latency(99)
# Sustained: the emails kept up (backlog flat, each within 60 s, intake p99 <= 150 ms, none twice, none missing).
sustained = bool(not grows and lags and lags[-1] <= 60000 and p99 <= 150 and twice == 0 and len(lags) == events)
met = rate >= 100 and delivered >= 100 and sustained
with open(f'{work}/summary', 'a') as out:
    out.write(f'run {delay} {delivered:.1f} {"sustained" if sustained else "behind"}\n')
print('target (>= 100 emails/s sustained: backlog flat, each within 60 s; intake p99 <= 150 ms): ' + ('met' if met else 'NOT met: '
      + '; '.join(r for r, bad in [(f'{rate:.0f} events/s offered and accepted', rate < 100),
                                   (f'{delivered:.0f} emails/s while they arrived', delivered < 100),
                                   ('the backlog grows', grows),
                                   (f'an email {lags[-1] / 1000:.0f} s after its event' if lags else 'no email',
                                    not lags or lags[-1] > 60000),
                                   (f'intake p99 {p99:.0f} ms', p99 > 150), (f'{twice} contacts mailed twice', twice),
                                   (f'{events - len(lags)} events without an email', len(lags) < events)]
                 if bad)))
EOF
  digests_report $DB $(( $(counts | cut -f2) - c0 )) email
}

bare_ticks() { for pid in $BARE_PID $MARIADB; do sed 's/.*) //' /proc/$pid/stat | awk '{print $12 + $13}'; done; }
bare() { # bare NAME: bare Camunda's message start of the waiting process, warmed up then measured; prints, records
  [ "$BARE" != 0 ] || return 0
  echo; echo "== bare Camunda, message start then a timer ($1): $BARE_WARMUP s warm-up, $BARE_DURATION s measured"
  CONTACTS=500 TARGET=bare-waiting wrk -t$THREADS -c$CONNECTIONS -d${BARE_WARMUP}s -s src/test/load/intake.lua \
    "http://127.0.0.1:$BARE_PORT" "$1-warm" > /dev/null
  digests_reset; local before; before=$(bare_ticks)
  CONTACTS=500 TARGET=bare-waiting wrk -t$THREADS -c$CONNECTIONS -d${BARE_DURATION}s --latency \
    -s src/test/load/intake.lua "http://127.0.0.1:$BARE_PORT" "$1" > "$WORK/bare-wrk"
  local after; after=$(bare_ticks)
  python3 - "$WORK" "$1" "$(getconf CLK_TCK)" "$before" "$after" << 'EOF'
import sys
sys.path.insert(0, 'src/test/load')
from wrk_report import WrkReport
work, name, hz = sys.argv[1], sys.argv[2], int(sys.argv[3])
before, after = (list(map(int, a.split())) for a in sys.argv[4:6])
report = WrkReport(f'{work}/bare-wrk')
rate, latency = report.rate, report.latency
cpu = [(a - b) * 1000 / hz / max(1, report.requests) for b, a in zip(before, after)]
print(f'accepted: {rate:.1f} events/s, latency p50 {latency(50):.1f} ms, p99 {latency(99):.1f} ms'
      + (f', {report.not_2xx} answers not 2xx' if report.not_2xx else '')
      + f'; CPU per event: JVM {cpu[0]:.1f} ms' + (f', MariaDB {cpu[1]:.1f} ms' if len(cpu) > 1 else ''))
with open(f'{work}/summary', 'a') as out:
    out.write(f'bare {name} {rate:.1f} {report.not_2xx}\n')
print(report.requests, file=open(f'{work}/bare-requests', 'w'))
EOF
  digests_report $BARE_DB "$(cat "$WORK/bare-requests")" event
}

offset=0; n=0
for _ in $(seq 1 "$WARMUPS"); do
  n=$((n + 1)); echo "warm-up $n/$WARMUPS: $WARMUP s as fast as the connections go"
  run warm$n $offset 0 "$WARMUP"; offset=$((offset + SPAN))
done
bare before
for delay in $DELAYS; do
  n=$((n + 1)); run run$n $offset "$delay" "$DURATION" measure; offset=$((offset + SPAN))
done
bare after
[ "$BARE" = 0 ] || python3 - "$WORK/summary" << 'EOF'
import sys
bare, runs = [], []
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == 'bare':
        bare.append((f[1], float(f[2]), int(f[3])))
    else:
        runs.append((f[1], float(f[2]), f[3] == 'sustained'))
mean = sum(r for _, r, _ in bare) / len(bare)
print('\n== Against bare Camunda in the same run (message start then a timer, 8 connections as fast as they go): '
      + ', '.join(f'{n} {r:.1f}' for n, r, _ in bare) + f' events/s, mean {mean:.1f}')
for delay, delivered, sustained in runs:
    print(f'waiting {delay} ms: {delivered:.1f} emails/s while the events arrived = {delivered / mean:.2f} x bare'
          + ('' if sustained else ' (not sustained)'))
best = max((d for _, d, s in runs if s), default=0.0)
print(f'best sustained: {best:.1f} emails/s = {best / mean:.2f} x bare Camunda; half of bare Camunda: '
      + ('met' if best >= mean / 2 else f'NOT met ({mean / 2:.1f} emails/s needed)')
      + ('' if all(b == 0 for _, _, b in bare) else '; bare Camunda answered errors: not a valid reference'))
EOF
echo
buffer_pool_report "$POOL_READS"
echo "Relance $(jar_build "$JAR") ($JAR), $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
