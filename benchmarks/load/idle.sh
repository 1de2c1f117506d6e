#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# idle.sh SERVER [CONNECTIONS] [HOLD_SECONDS]
#
# What idle keep-alive connections cost: starts SERVER pinned to CPU 0, warms it briefly, records
# its RSS, threads and (after a full GC) used heap, opens CONNECTIONS keep-alive connections that
# each complete one GET /plaintext and then sit idle (IdleClient, pinned to CPU 1), waits SETTLE s,
# records the same again plus how many connections the server still holds (ss), then RSS once more
# after a full GC (what the connections retain, not garbage from accepting them), and prints:
#   IDLE server=... jdk=25 conns=10000 opened=... held=... rss_before_mib=... rss_after_mib=...
#        kib_per_conn=... heap_kib_per_conn=... threads_before=... threads_after=... reuse=3/3
# Defaults: 10000 connections held 20 s, JDK=25 (the issue's target is on JDK 25), WARMUP=3, SETTLE=5.
# Other knobs as run.sh (PIN, JAVA_OPTS, QUIET_MAX, QUIET_WAIT, RESULTS).
set -euo pipefail
JDK=${JDK:-25}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SERVER=${1:?usage: idle.sh SERVER [CONNECTIONS] [HOLD_SECONDS]}
N=${2:-10000}
HOLD=${3:-20}
WARMUP=${WARMUP:-3}
SETTLE=${SETTLE:-5}
[[ $N =~ ^[0-9]+$ && $N -ge 1 && $N -le 30000 ]] || die "connections must be 1..30000"
[[ $HOLD =~ ^[0-9]+$ && $HOLD -ge $((SETTLE + 2)) && $HOLD -le 60 ]] || die "hold must be $((SETTLE + 2))..60 s"
ulimit -n $((N + 5000)) 2>/dev/null || die "cannot raise the open-file limit to $((N + 5000))"

PORT=$(pick_port)
server_cmd "$SERVER" "$PORT"
LOG=$(mktemp -t "idle-$SERVER-XXXX.log"); CLIENT_OUT=$(mktemp -t "idle-client-XXXX.out")
CPID=""
cleanup() {
  [[ -n $CPID ]] && { kill -TERM "$CPID" 2>/dev/null || true; wait "$CPID" 2>/dev/null || true; }
  halt; rm -f "$LOG" "$CLIENT_OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

quiet_wait
launch "$LOG"
wait_http "http://127.0.0.1:$PORT/plaintext" "$LOG"
wrk_run 16 "$WARMUP" "http://127.0.0.1:$PORT" plaintext >/dev/null
sleep 1

JAVA_BIN=$(java_bin "$JDK"); JCMD="$(dirname "$JAVA_BIN")/jcmd"
is_java() { [[ ${SERVER_CMD[0]} == */java ]]; }
heap_kb() { # used heap after a full GC, in kB (0 for a non-Java server)
  is_java || { echo 0; return; }
  "$JCMD" "$SPID" GC.run >/dev/null 2>&1 || true
  "$JCMD" "$SPID" GC.heap_info 2>/dev/null |
    awk '{ for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); print v; exit } }'
}
threads() { local t=0 p; for p in $(pids_of_tree "$SPID"); do t=$((t + $(ls "/proc/$p/task" 2>/dev/null | wc -l))); done; echo "$t"; }
held() { ss -Htn state established "( sport = :$PORT )" 2>/dev/null | wc -l; }

heap0=$(heap_kb); sleep 1
rss0=$(tree_kb "$SPID" VmRSS); thr0=$(threads)
"${WRK_TASKSET[@]}" "$JAVA_BIN" -Xss256k -cp "$BENCH_JAR" io.wsgi4j.benchmarks.tools.IdleClient "$PORT" "$N" "$HOLD" \
  >"$CLIENT_OUT" 2>&1 &
CPID=$!
for _ in $(seq 1200); do grep -Eq '^OPEN [0-9]+ .*open_s=[0-9.]+$' "$CLIENT_OUT" && break; kill -0 "$CPID" 2>/dev/null || break; sleep 0.1; done
opened=$(sed -n 's/^OPEN \([0-9]*\).*/\1/p' "$CLIENT_OUT"); opened=${opened:-0}
open_s=$(sed -n 's/^OPEN .*open_s=\([0-9.]*\).*/\1/p' "$CLIENT_OUT")
sleep "$SETTLE"
rss1=$(tree_kb "$SPID" VmRSS); thr1=$(threads); held1=$(held)
heap1=$(heap_kb); sleep 1
rss2=$(tree_kb "$SPID" VmRSS)   # after the full GC: what the connections really retain
wait "$CPID" 2>/dev/null || true; CPID=""
reuse=$(sed -n 's/^REUSE \(.*\)/\1/p' "$CLIENT_OUT")
hwm=$(tree_kb "$SPID" VmHWM)
halt
awk -v server="$SERVER" -v jdk="$JDK" -v n="$N" -v o="$opened" -v h="$held1" -v r0="$rss0" -v r1="$rss1" \
    -v r2="$rss2" -v hp0="${heap0:-0}" -v hp1="${heap1:-0}" -v t0="$thr0" -v t1="$thr1" -v hwm="$hwm" -v reuse="${reuse:-?}" \
    -v os="${open_s:-0}" -v qw="$QUIET_WAITED" -v qb="$QUIET_BUSY" '
  BEGIN {
    printf "IDLE server=%s jdk=%s conns=%d opened=%d held=%d open_s=%s rss_before_mib=%.1f rss_after_mib=%.1f " \
           "rss_added_mib=%.1f kib_per_conn=%.2f rss_after_gc_mib=%.1f gc_kib_per_conn=%.2f " \
           "heap_before_mib=%.1f heap_after_mib=%.1f heap_kib_per_conn=%.2f " \
           "threads_before=%d threads_after=%d peak_rss_mib=%.1f reuse=%s quiet_wait_s=%d busy_before_pct=%d\n",
      server, jdk, n, o, h, os, r0 / 1024, r1 / 1024, (r1 - r0) / 1024, (o > 0 ? (r1 - r0) / o : 0),
      r2 / 1024, (o > 0 ? (r2 - r0) / o : 0),
      hp0 / 1024, hp1 / 1024, (o > 0 ? (hp1 - hp0) / o : 0), t0, t1, hwm / 1024, reuse, qw, qb
  }' | tee -a "${RESULTS:-/dev/null}"
