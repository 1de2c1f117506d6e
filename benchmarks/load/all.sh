#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# all.sh [OUT_DIR]
#
# The whole side-by-side comparison in one run, then its tables: JMH, the load matrix (every
# server x plaintext at 16 and 256 connections x pipelined at 256), the ten-layer pipelines
# against the bare app (interleaved), idle keep-alive connections, nginx static / HTTP proxy /
# FastCGI, and a JFR profile of wsgi4j under pipelined load. Writes into OUT_DIR
# [bench-results/<UTC time>]: machine.txt, results.txt (RESULT/IDLE lines), jmh.csv, jmh.txt,
# profile-wsgi4j.jfr(.md), summary.md (the tables, printed at the end too).
#
# Knobs (defaults): STEPS ["jmh load layers idle gateways profile"]  JDKS ["25"]
#   SERVERS [every PeerMain server]  SECS [10]  WARMUP [20]  REPS [1]  LAYER_REPS [3]
#   IDLE_SERVERS ["wsgi4j jetty netty undertow"]  IDLE_N [10000]  IDLE_HOLD [20]  GATEWAY_CONNS [64]
#   JMH_ARGS ["-f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc"]  QUIET_MAX [20]  QUIET_WAIT [20]  NICE [0]
# Takes about 25 minutes on a 2-core machine with the defaults.
set -uo pipefail
QUIET_WAIT=${QUIET_WAIT:-20}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:-$ROOT_DIR/bench-results/$(date -u +%Y%m%dT%H%M%SZ)}
STEPS=${STEPS:-jmh load layers idle gateways profile}
JDKS=${JDKS:-25}
SECS=${SECS:-10}
export WARMUP=${WARMUP:-20} QUIET_MAX QUIET_WAIT PIN JAVA_OPTS NICE
REPS=${REPS:-1}
LAYER_REPS=${LAYER_REPS:-3}
IDLE_SERVERS=${IDLE_SERVERS:-wsgi4j jetty netty undertow}
IDLE_N=${IDLE_N:-10000}
IDLE_HOLD=${IDLE_HOLD:-20}
GATEWAY_CONNS=${GATEWAY_CONNS:-64}
JMH_ARGS=${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc}
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"; export RESULTS
[[ -f $BENCH_JAR ]] || die "$BENCH_JAR missing: run ./mvnw -B -q -pl benchmarks -am package -DskipTests"
KNOWN=" $("$(java_bin 17)" -cp "$BENCH_JAR" io.wsgi4j.benchmarks.peers.PeerMain --list | tr '\n' ' ') "
SERVERS=${SERVERS:-$KNOWN}
has() { [[ $KNOWN == *" $1 "* ]]; }
has_step() { [[ " $STEPS " == *" $1 "* ]]; }
log() { echo "# $(date -u +%H:%M:%S) $*" | tee -a "$OUT/progress.txt" >&2; }
try() { "$@" || log "FAILED ($?): $*"; }

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: $0 $*  (STEPS='$STEPS' JDKS='$JDKS' SECS=$SECS WARMUP=$WARMUP REPS=$REPS PIN=$PIN)"
  echo "commit: $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null) $(git -C "$ROOT_DIR" status --porcelain 2>/dev/null | grep -q . && echo '(dirty)')"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') x $(nproc), kernel $(uname -r)"
  echo "memory: $(free -m | awk '/^Mem:/ { print $2 " MiB" }')"
  for j in $JDKS; do echo "jdk $j: $("$(java_bin "$j")" -version 2>&1 | sed -n 2p)"; done
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "nginx: $(nginx -v 2>&1)"
  echo "java opts: $JAVA_OPTS; pinning: server CPU $SRV_CPU, wrk CPU $WRK_CPU (PIN=$PIN); nice: $NICE"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

if has_step jmh; then
  log "JMH ($JMH_ARGS), pinned to CPU $SRV_CPU"
  # shellcheck disable=SC2086
  try "${SRV_TASKSET[@]}" "$(java_bin "${JDKS%% *}")" -jar "$BENCH_JAR" $JMH_ARGS -rf csv -rff "$OUT/jmh.csv" \
    >"$OUT/jmh.txt" 2>&1
fi

if has_step load; then
  for rep in $(seq "$REPS"); do
    for jdk in $JDKS; do
      # one shape at a time across all servers, so the servers compared in a table ran minutes apart
      for shape in "plaintext 16" "plaintext 256" "pipeline 256"; do
        set -- $shape
        for s in $SERVERS; do
          [[ $s == wsgi4j-* ]] && continue           # the layered variants run in the layers step
          [[ $s == jdk-virtual && $jdk == 17 ]] && continue
          has "$s" || continue
          log "load rep=$rep jdk=$jdk $s $1 $2"
          JDK=$jdk MODE=$1 try "$LOAD_DIR/run.sh" "$s" "$2" "$SECS" >/dev/null
        done
      done
    done
  done
fi

if has_step layers && has wsgi4j; then
  for rep in $(seq "$LAYER_REPS"); do           # interleaved, so drift hits both sides alike
    for shape in "pipeline 256" "plaintext 256"; do
      set -- $shape
      for s in wsgi4j wsgi4j-10 wsgi4j-mw10; do
        has "$s" || continue
        log "layers rep=$rep $s $1 $2"
        JDK=${JDKS%% *} MODE=$1 LABEL=layers try "$LOAD_DIR/run.sh" "$s" "$2" "$SECS" >/dev/null
      done
    done
  done
fi

if has_step idle; then
  for s in $IDLE_SERVERS; do
    has "$s" || continue
    log "idle $s $IDLE_N"
    JDK=25 try "$LOAD_DIR/idle.sh" "$s" "$IDLE_N" "$IDLE_HOLD" >/dev/null
  done
fi

if has_step gateways; then
  log "gateways ($GATEWAY_CONNS conns)"
  hb=wsgi4j; fb=wsgi4j-fastcgi
  has $hb || hb=""; has $fb || fb=""
  JDK=${JDKS%% *} HTTP_BACKEND=$hb FCGI_BACKEND=$fb try "$LOAD_DIR/gateways.sh" "$GATEWAY_CONNS" "$SECS" >/dev/null
fi

if has_step profile && has wsgi4j; then
  log "JFR profile of wsgi4j, pipelined"
  JDK=${JDKS%% *} RESULTS=/dev/null try "$LOAD_DIR/profile.sh" wsgi4j 256 15 "$OUT/profile-wsgi4j.jfr" >/dev/null
fi

log "summary"
args=("$RESULTS"); [[ -s $OUT/jmh.csv ]] && args+=("$OUT/jmh.csv")
python3 "$LOAD_DIR/summarize.py" "${args[@]}" >"$OUT/summary.md"
cat "$OUT/summary.md"
echo "(all files in $OUT)" >&2
