#!/usr/bin/env bash
# The intake of one event, side by side with bare Camunda, load from outside the JVMs (wrk): Relance's jar taking
# BenchmarkPing events on POST /api/events (a one-step process: message start, end) and bare Camunda 7.24 in a JVM of
# its own (Spring Boot starter, history FULL, REST open as it comes) starting the same process on
# POST /engine-rest/message, each on a fresh MariaDB database. Per round and side: WARMUP s of warm-up, then DURATION s
# measured, 8 keep-alive connections as fast as they go; the sides alternate which goes first. It prints the events
# per second and latency of each, the ratio, and the intake target (>= 1.0 x bare Camunda, p99 <= 100 ms): met or NOT.
#
#   ./mvnw -q -DskipTests package && src/test/load/intake-load.sh
#
# Needs wrk, python3, the mysql client and a local MariaDB (root, empty password: the databases relance_bench_intake
# and relance_bench_bare are created and dropped), and target/test-classes (built by the package above; bare Camunda
# runs from them). Settings (environment): ROUNDS (2), WARMUP (10 s), DURATION (30 s), CONNECTIONS (8), CONTACTS
# (500), PORT (8391), JAR, APP_ARGS (more arguments for Relance, e.g. --relance.events.limit-when=behind), JAVA_OPTS
# (options of Relance's JVM, e.g. -XX:StartFlightRecording=filename=intake.jfr,settings=profile).
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${ROUNDS:-2}; WARMUP=${WARMUP:-10}; DURATION=${DURATION:-30}; CONNECTIONS=${CONNECTIONS:-8}
CONTACTS=${CONTACTS:-500}; PORT=${PORT:-8391}; THREADS=2; DB=relance_bench_intake; BARE_DB=relance_bench_bare
JAR=${JAR:-$(ls target/relance-*.jar 2> /dev/null | head -1)}
PASSWORD=intake-$RANDOM$RANDOM
export AUTH_BASIC=$(printf 'admin:%s' "$PASSWORD" | base64) CONTACTS
for tool in wrk python3 mysql java curl; do
  command -v $tool > /dev/null || { echo "intake-load: $tool is missing" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "intake-load: no jar, run ./mvnw -q -DskipTests package first" >&2; exit 2; }
[ -f target/test-classes/io/relance/bench/bare/BareCamunda.class ] \
  || { echo "intake-load: no target/test-classes, run ./mvnw -q -DskipTests package first" >&2; exit 2; }
WORK=$(mktemp -d); SQL="mysql -uroot -h127.0.0.1 -N"; NAME=intake-load
. src/test/load/bare-camunda.sh
. src/test/load/jar-build.sh
. src/test/load/buffer-pool.sh
cleanup() {
  for pid in ${APP:-} ${BARE_PID:-}; do kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null || true; done
  $SQL -e "DROP DATABASE IF EXISTS $DB; DROP DATABASE IF EXISTS $BARE_DB" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

$SQL -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
bare_camunda_start $BARE_DB
echo "Starting $JAR on port $PORT, database $DB ..."
SPRING_PROFILES_ACTIVE=mariadb DB_URL="jdbc:mariadb://127.0.0.1:3306/$DB" DB_USER=root DB_PASSWORD= \
  RELANCE_ADMIN_PASSWORD=$PASSWORD java ${JAVA_OPTS:-} -jar "$JAR" --server.port=$PORT ${APP_ARGS:-} \
  > "$WORK/app.log" 2>&1 &
APP=$!
bare_camunda_await
for _ in $(seq 1 180); do
  grep -qs "Started RelanceApplication" "$WORK/app.log" && break
  kill -0 $APP 2> /dev/null || { tail -30 "$WORK/app.log"; echo "intake-load: Relance did not start" >&2; exit 1; }
  sleep 1
done
grep -q "Started RelanceApplication" "$WORK/app.log" || { echo "intake-load: Relance did not start within 180 s" >&2; exit 1; }

# Relance's contacts (consent is not needed: the process sends nothing) and its one-step process.
$SQL $DB -e "INSERT INTO contact (id, email, first_name, locale, time_zone, consent_email, consent_email_at,
  attributes, created_at, updated_at, version) SELECT CONCAT('i-', seq), CONCAT('i', seq, '@example.com'), 'Bench',
  'fr-FR', 'Europe/Paris', TRUE, NOW(6) - INTERVAL 40 DAY, '{}', NOW(6), NOW(6), 0 FROM seq_0_to_$((CONTACTS - 1))"
cat > "$WORK/benchmark-ping.bpmn" << 'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_BenchmarkPing"
    targetNamespace="https://relance.io/bench">
  <bpmn:message id="Message_BenchmarkPing" name="BenchmarkPing" />
  <bpmn:process id="benchmark-ping" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="StartEvent_BenchmarkPing">
      <bpmn:messageEventDefinition messageRef="Message_BenchmarkPing" />
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_Done" sourceRef="StartEvent_BenchmarkPing" targetRef="EndEvent_Done" />
    <bpmn:endEvent id="EndEvent_Done" />
  </bpmn:process>
</bpmn:definitions>
EOF
status=$(curl -s -o "$WORK/deploy" -w '%{http_code}' -u "admin:$PASSWORD" -F deployment-name=benchmark \
  -F "data=@$WORK/benchmark-ping.bpmn" "http://127.0.0.1:$PORT/engine-rest/deployment/create")
[ "$status" = 200 ] || { cat "$WORK/deploy"; echo; echo "intake-load: the process was not deployed ($status)" >&2; exit 1; }

MARIADB=$(pgrep -x mariadbd || pgrep -x mysqld || true)
buffer_pool_check intake-load; POOL_READS=$(buffer_pool_reads)
[ -n "$MARIADB" ] || echo "intake-load: no local MariaDB process: its CPU is not reported"
ticks() { # CPU ticks used so far: Relance's JVM, bare Camunda's JVM, MariaDB, then the JIT compilers of each JVM
  for pid in $APP $BARE_PID ${MARIADB:-}; do sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; done | paste -sd' '
  for pid in $APP $BARE_PID; do
    grep -l '^C[12] CompilerThre' /proc/$pid/task/*/comm 2> /dev/null | sed 's/comm$/stat/' | xargs -r cat \
      | sed 's/.*) //' | awk '{sum += $12 + $13} END {print sum + 0}'
  done | paste -sd' '
}
STATEMENTS="Questions Com_select Com_insert Com_update Com_delete Com_set_option Com_commit"
statements() { # MariaDB's statement counters so far (both sides: only the measured one is under load)
  local names; names=$(echo $STATEMENTS | sed "s/\([A-Za-z_]*\)/'\1'/g; s/ /,/g")
  $SQL -e "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ($names)
    ORDER BY FIELD(VARIABLE_NAME, $names)" | paste -sd' '
}
run() { # run TARGET PORT NAME SECONDS -> $WORK/NAME (wrk's report), NAME.cpu (ticks), NAME.sql (statements): before, after
  local before sql; before=$(ticks); sql=$(statements)
  TARGET=$1 wrk -t$THREADS -c$CONNECTIONS -d${4}s --latency -s src/test/load/intake.lua "http://127.0.0.1:$2" "$3" \
    > "$WORK/$3"
  echo $before $(ticks) > "$WORK/$3.cpu"
  echo "$sql $(statements)" > "$WORK/$3.sql"
}
echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  sides="relance bare"; [ $((round % 2)) = 0 ] && sides="bare relance"
  for side in $sides; do
    port=$PORT; [ $side = bare ] && port=$BARE_PORT
    echo "round $round: $side, $WARMUP s warm-up, $DURATION s measured"
    run $side $port "warm$round-$side" "$WARMUP"
    run $side $port "round$round-$side" "$DURATION"
  done
done

python3 - "$WORK" "$ROUNDS" "$(getconf CLK_TCK)" << 'EOF'
import sys
sys.path.insert(0, 'src/test/load')
from wrk_report import WrkReport
work, rounds, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def parse(name):
    report = WrkReport(f'{work}/{name}')
    requests = report.requests
    # CPU per event (ms) of the side's own JVM, of MariaDB (which serves one side at a time) and of the JVM's JIT
    # compilers, from the ticks before and after: Relance's JVM, bare Camunda's, MariaDB's (when found), each JIT.
    ticks = list(map(int, open(f'{work}/{name}.cpu').read().split()))
    half = len(ticks) // 2
    delta = [after - before for before, after in zip(ticks[:half], ticks[half:])]
    side = 0 if name.endswith('relance') else 1
    db = delta[2] if half > 4 else float('nan')
    jit = delta[half - 2 + side]
    cpu = tuple(t * 1000 / hz / max(1, requests) for t in (delta[side], db, jit))
    # Statements per event MariaDB ran: all of them, then selects, inserts, updates, deletes, SETs, commits.
    counts = list(map(int, open(f'{work}/{name}.sql').read().split()))
    half = len(counts) // 2
    sql = [(after - before) / max(1, requests) for before, after in zip(counts[:half], counts[half:])]
    return (report.rate, report.latency(50), report.latency(99), report.not_2xx, report.socket_errors, cpu, sql)
print(f'\n{"round / side":<28} {"events/s":>9} {"p50 ms":>8} {"p99 ms":>8} {"not 2xx":>8} {"CPU ms/event: JVM":>18}'
      f' {"(JIT)":>6} {"MariaDB":>8}  statements/event: all (select insert update delete set commit)')
totals = {'relance': [], 'bare': []}
for r in range(1, rounds + 1):
    for side in ('relance', 'bare'):
        rate, p50, p99, bad, errors, cpu, sql = parse(f'round{r}-{side}')
        totals[side].append((rate, p50, p99, bad))
        label = 'Relance /api/events' if side == 'relance' else 'bare Camunda /engine-rest'
        print(f'{r}: {label:<25} {rate:9.1f} {p50:8.1f} {p99:8.1f} {bad:8d} {cpu[0]:18.2f} {cpu[2]:6.2f} {cpu[1]:8.2f}'
              + f'  {sql[0]:5.1f} (' + ' '.join(f'{n:.1f}' for n in sql[1:]) + ')'
              + (f'  socket errors: {errors}' if errors else ''))
mean = {s: sum(t[0] for t in v) / len(v) for s, v in totals.items()}
worst_p99 = max(t[2] for t in totals['relance'])
bad = sum(t[3] for v in totals.values() for t in v)
ratio = mean['relance'] / mean['bare']
print(f'\nMean of the rounds: Relance {mean["relance"]:.1f} events/s, bare Camunda {mean["bare"]:.1f} events/s, '
      f'ratio {ratio:.2f}; Relance p99 {worst_p99:.1f} ms in its worst round')
misses = [m for m, miss in [(f'ratio {ratio:.2f} < 1.0', ratio < 1.0), (f'p99 {worst_p99:.0f} ms > 100', worst_p99 > 100),
                            (f'{bad} answers not 2xx', bad > 0)] if miss]
print('Intake target (>= 1.0 x bare Camunda, p99 <= 100 ms at 8 connections): '
      + ('met' if not misses else 'NOT met: ' + '; '.join(misses)))
EOF
buffer_pool_report "$POOL_READS"
echo "Relance $(jar_build "$JAR") ($JAR), $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
