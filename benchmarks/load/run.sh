#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run.sh SERVER [CONNECTIONS] [SECONDS]
#
# One measured load run: starts SERVER on a free 127.0.0.1 port pinned to CPU 0, waits for a
# quiet machine (bounded), checks it answers, warms it up with wrk (pinned to CPU 1), measures,
# reads the server's CPU time and memory, stops it by PID and prints one line:
#   RESULT server=jetty jdk=17 mode=plaintext conns=16 secs=10 rps=... p50_ms=... p99_ms=...
#          cpu_us_per_req=... srv_cpu_pct=... rss_mib=... peak_rss_mib=... bg_cpu_pct=... ...
#
# SERVER: a PeerMain name (java -cp benchmarks.jar io.wsgi4j.benchmarks.peers.PeerMain --list)
#         or cmd (SERVER_SHELL='a shell command serving /plaintext on $PORT').
# Knobs (defaults): MODE=plaintext|pipeline|echo [plaintext]  JDK=17|25 [17]  WARMUP=s [20]
#   PIN=1|0 [1]  JAVA_OPTS [-XX:+UseG1GC -Xms64m -Xmx512m]  QUIET_MAX=% [20]  QUIET_WAIT=s [90]
#   RESULTS=file (append the RESULT line)  LABEL=text (added to the line)
#   JFR=file.jfr (record a JFR profile of the measured phase; the figures then include its cost)
#   JFR_PERIOD [1ms] (CPU sampling period of that recording; the profile settings' default is 10 ms)
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
(( WARMUP > 0 )) && wrk_run "$CONNS" "$WARMUP" "$URL" "$MODE" >/dev/null
if [[ -n ${JFR:-} ]]; then
  "$(dirname "$(java_bin "$JDK")")/jcmd" "$SPID" JFR.start name=bench settings=profile filename="$JFR" \
    "jdk.ExecutionSample#period=${JFR_PERIOD:-1ms}" >/dev/null
fi

m0=($(machine_ticks)); s0=$(tree_cpu_ticks "$SPID"); w0=$(date +%s.%N)
TIMEFORMAT='WRKCPU %U %S'
out=$( { time wrk_run "$CONNS" "$SECS" "$URL" "$MODE"; } 2>&1 )
s1=$(tree_cpu_ticks "$SPID"); m1=($(machine_ticks)); w1=$(date +%s.%N)
rss=$(tree_kb "$SPID" VmRSS); hwm=$(tree_kb "$SPID" VmHWM); threads=$(ls "/proc/$SPID/task" | wc -l)
if [[ -n ${JFR:-} ]]; then
  "$(dirname "$(java_bin "$JDK")")/jcmd" "$SPID" JFR.stop name=bench >/dev/null
fi
halt

res=$(grep '^WRKRESULT' <<<"$out" || true)
[[ -n $res ]] || { echo "$out" >&2; die "wrk printed no result"; }
wrk_cpu=$(awk '/^WRKCPU/ { print $2 + $3 }' <<<"$out")
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $res"; }
awk -v server="$SERVER" -v jdk="$([[ $SERVER == cmd ]] && echo - || echo "$JDK")" -v mode="$MODE" -v conns="$CONNS" \
    -v secs="$SECS" -v label="${LABEL:--}" -v req="$(field requests)" -v dur="$(field secs)" -v rps="$(field rps)" \
    -v p50="$(field p50_us)" -v p90="$(field p90_us)" -v p99="$(field p99_us)" -v mx="$(field max_us)" \
    -v err="$(field errors)" -v non2xx="$(field non2xx)" -v sd=$((s1 - s0)) -v md=$((m1[0] - m0[0])) -v hz="$CLK_TCK" \
    -v wcpu="${wrk_cpu:-0}" -v rss="$rss" -v hwm="$hwm" -v thr="$threads" -v qw="$QUIET_WAITED" -v qb="$QUIET_BUSY" -v wall="$(awk -v a="$w0" -v b="$w1" 'BEGIN { print b - a }')" '
  BEGIN {
    srv_s = sd / hz
    # over the whole measured window (wrk start-up included): CPU used by everything else on the machine
    bg = md / hz - srv_s - wcpu; if (bg < 0) bg = 0
    printf "RESULT server=%s jdk=%s mode=%s conns=%d secs=%d rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.1f " \
           "cpu_us_per_req=%.2f srv_cpu_pct=%.0f wrk_cpu_pct=%.0f bg_cpu_pct=%.0f rss_mib=%.1f peak_rss_mib=%.1f " \
           "threads=%d errors=%d non2xx=%d quiet_wait_s=%d busy_before_pct=%d label=%s\n",
      server, jdk, mode, conns, secs, rps, p50 / 1000, p90 / 1000, p99 / 1000, mx / 1000,
      (req > 0 ? 1e6 * srv_s / req : 0), 100 * srv_s / wall, 100 * wcpu / wall, 100 * bg / wall, rss / 1024, hwm / 1024,
      thr, err, non2xx, qw, qb, label
  }' | tee -a "${RESULTS:-/dev/null}"
