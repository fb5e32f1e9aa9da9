# Bare Camunda 7.24 for the load scripts' side-by-side figures (sourced by intake-load.sh and welcome-load.sh):
# io.relance.bench.bare.BareCamunda from target/test-classes, in a JVM of its own (Spring Boot starter, history FULL,
# REST open as it comes), on a MariaDB database of its own, created fresh. The caller sets WORK (a scratch directory),
# SQL (the mysql client command) and NAME (its own name, for the messages), and drops the database at its end.

# bare_camunda_start DATABASE: builds the class path (the test classes and the test scope's jars, offline first),
# creates the database afresh and starts bare Camunda in the background -> BARE_PID; its log is $WORK/bare.log.
bare_camunda_start() {
  ./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp" > "$WORK/mvn" 2>&1 \
    || ./mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp" > "$WORK/mvn" 2>&1 \
    || { cat "$WORK/mvn"; echo "$NAME: cannot build bare Camunda's class path" >&2; exit 1; }
  $SQL -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  echo "Starting bare Camunda (own JVM, history FULL), database $1 ..."
  java -Xmx1g -cp "target/test-classes:$(cat "$WORK/cp")" io.relance.bench.bare.BareCamunda \
    "jdbc:mariadb://127.0.0.1:3306/$1?nullDatabaseMeansCurrent=true" root "" 16 > "$WORK/bare.log" 2>&1 &
  BARE_PID=$!
}

# bare_camunda_await: waits until bare Camunda answers (up to 180 s) -> BARE_PORT; exits with its log if it stopped.
bare_camunda_await() {
  for _ in $(seq 1 180); do
    grep -qs "^READY " "$WORK/bare.log" && break
    kill -0 "$BARE_PID" 2> /dev/null \
      || { tail -30 "$WORK/bare.log"; echo "$NAME: bare Camunda did not start" >&2; exit 1; }
    sleep 1
  done
  BARE_PORT=$(sed -n 's/^READY \([0-9]*\).*/\1/p' "$WORK/bare.log")
  [ -n "$BARE_PORT" ] || { echo "$NAME: bare Camunda did not start within 180 s" >&2; exit 1; }
}
