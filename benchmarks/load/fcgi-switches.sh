#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# fcgi-switches.sh [REQUESTS]
#
# Thread hand-offs of the FastCGI gateway per request, measured robustly on a busy machine: the
# context switches of the gateway's threads (sum of voluntary and involuntary ctxt_switches over
# /proc/PID/task/*/status) across REQUESTS requests [20000] sent as nginx sends them (one whole
# request per connection turn, keep-conn, fcgi-turns.py), after 5000 to warm up; also its CPU
# ticks. Knobs: JDK [17], JAVA_OPTS (e.g. -Dwsgi4j.inline=false), BENCH_JAR, CLASSES (a class
# path to run instead of BENCH_JAR, e.g. core/target/classes).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N=${1:-20000}
CP=${CLASSES:-$BENCH_JAR}
J=$(java_bin "$JDK")
PORT=$(pick_port)
nice -n 19 "$J" ${JAVA_OPTS:-} -cp "$CP" io.wsgi4j.cli.Main --demo --fastcgi "127.0.0.1:$PORT" >/dev/null 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT)).close()" 2>/dev/null && break
  sleep 0.1
done
switches() { # voluntary involuntary, summed over the gateway's threads
  cat /proc/$GW/task/*/status 2>/dev/null | awk '/^voluntary_ctxt/{v+=$2} /^nonvoluntary_ctxt/{n+=$2} END{print v, n}'
}
python3 "$LOAD_DIR/fcgi-turns.py" "$PORT" 5000
read -r v0 n0 <<<"$(switches)"; t0=$(awk '{print $14 + $15}' /proc/$GW/stat)
python3 "$LOAD_DIR/fcgi-turns.py" "$PORT" "$N"
read -r v1 n1 <<<"$(switches)"; t1=$(awk '{print $14 + $15}' /proc/$GW/stat)
awk -v v=$((v1 - v0)) -v n=$((n1 - n0)) -v t=$((t1 - t0)) -v r="$N" -v hz="$CLK_TCK" -v jdk="$JDK" 'BEGIN {
  printf "RESULT fcgi-switches jdk=%s requests=%d voluntary_per_req=%.2f involuntary_per_req=%.2f cpu_us_per_req=%.1f\n",
         jdk, r, v / r, n / r, 1e6 * t / hz / r }'
