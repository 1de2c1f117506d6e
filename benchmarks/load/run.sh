#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh SERVER [CONNECTIONS] [SECONDS]
#
# One measured load run: starts SERVER on a free 127.0.0.1 port pinned to CPU 0, waits for a
# quiet machine (bounded), checks it answers, warms it up with wrk (pinned to CPU 1), measures,
# reads the server's CPU time and memory, stops it by PID and prints one line:
#   RESULT server=jetty jdk=17 mode=plaintext conns=16 secs=10 rps=... p50_ms=... p99_ms=...
#          cpu_us_per_req=... sys_us_per_req=... srv_cpu_pct=... rss_mib=... peak_rss_mib=... bg_cpu_pct=... ...
#
# SERVER: a PeerMain name (java -cp benchmarks.jar io.wsgi4j.benchmarks.peers.PeerMain --list)
#         or cmd (SERVER_SHELL='a shell command serving /plaintext on $PORT').
# Knobs (defaults): MODE=plaintext|pipeline|echo [plaintext]  JDK=17|25 [17]  WARMUP=s [20]
#   WARMUP_CONNS [16] (the warm-up's connections before 5 s at CONNECTIONS; see common.sh warm_up)
#   PIN=1|0 [1]  JAVA_OPTS [-XX:+UseG1GC -Xms64m -Xmx512m]  QUIET_MAX=% [20]  QUIET_WAIT=s [90]
#   RESULTS=file (append the RESULT line)  LABEL=text (added to the line)
#   JFR=file.jfr (record a JFR profile of the measured phase; the figures then include its cost)
#   JFR_PERIOD [1ms] (CPU sampling period of that recording; the profile settings' default is 10 ms)
#   JFR_SETTINGS [cpu-samples.jfc beside this script] (the recording's settings; "profile" is the
#     JDK's, which also records every io.wsgi4j.Request event and so costs much more)
#
# Why 20 s of warm-up by default: the server is pinned to one CPU, so the JVM runs one C2 compiler
# thread, and a larger application reaches its compiled steady state late. Measured on JDK 17: the
# ten-middleware peer served 16k, 36k, 50k, 67k req/s in its first four 5-second wrk runs; a 3 s
# warm-up measured its interpreter and C1 code, not the stack.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SERVER=${1:?usage: run.sh SERVER [CONNECTIONS] [SECONDS]}
CONNS=${2:-16}
SECS=${3:-10}
MODE=${MODE:-plaintext}
WARMUP=${WARMUP:-20}
[[ $CONNS =~ ^[0-9]+$ && $CONNS -ge 1 && $CONNS -le 5000 ]] || die "connections must be 1..5000"
[[ $SECS =~ ^[0-9]+$ && $SECS -ge 1 && $SECS -le 30 ]] || die "seconds must be 1..30"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 30 ]] || die "WARMUP must be 0..30"
[[ $MODE =~ ^(plaintext|pipeline|echo)$ ]] || die "MODE must be plaintext, pipeline or echo"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
ulimit -n 65536 2>/dev/null || true

PORT=$(pick_port)
URL="http://127.0.0.1:$PORT"
JFR_SETTINGS=${JFR_SETTINGS:-$LOAD_DIR/cpu-samples.jfc}
if [[ -n ${JFR:-} ]]; then
  # A JVM whose flight recorder first starts under load instruments its event classes then and
  # throws away all compiled code that inlined them: on JDK 17 the ten-middleware peer fell from
  # 401k to 19k req/s pipelined for the 16 s of the measured phase, so that profile was of a
  # recompiling server. A one-second recording at launch starts the recorder before any load.
  EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -XX:StartFlightRecording=name=launch,duration=1s,settings=$JFR_SETTINGS,filename=$JFR.launch.jfr"
fi
server_cmd "$SERVER" "$PORT"
LOG=$(mktemp -t "run-$SERVER-XXXX.log")
trap 'halt; rm -f "$LOG"' EXIT
trap 'exit 130' INT TERM

quiet_wait
launch "$LOG"
wait_http "$URL/plaintext" "$LOG"
if [[ $MODE == echo ]]; then
  [[ $(curl -s --max-time 2 --data-binary ping "$URL/echo") == ping ]] || die "$SERVER: POST /echo does not echo"
fi
warm_up "$CONNS" "$WARMUP" "$URL" "$MODE"
if [[ -n ${JFR:-} ]]; then
  "$(dirname "$(java_bin "$JDK")")/jcmd" "$SPID" JFR.start name=bench settings="$JFR_SETTINGS" filename="$JFR" \
    "jdk.ExecutionSample#period=${JFR_PERIOD:-1ms}" >/dev/null
fi

measure_run "$SERVER" "$SPID" "$URL"
if [[ -n ${JFR:-} ]]; then
  "$(dirname "$(java_bin "$JDK")")/jcmd" "$SPID" JFR.stop name=bench >/dev/null
  rm -f "$JFR.launch.jfr"
fi
