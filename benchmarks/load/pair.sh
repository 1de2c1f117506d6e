#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# pair.sh A B [CONNECTIONS] [SECONDS]
#
# Two servers compared in one sitting, for a ratio that drift on the machine cannot fake. Both are
# started side by side (pinned to the same CPU, each on its own port), each is warmed up, then they
# are measured in turn, ROUNDS times, in the order A B B A A B B A ... so a slow drift of the machine
# (a neighbour on the host, frequency, a compile finishing) falls on both alike. Each run prints
# run.sh's RESULT line; at the end one PAIR line gives the median CPU per request of each server, the
# median of the per-round ratios B / A, and their range:
#   PAIR a=jetty b=wsgi4j jdk=17 mode=plaintext conns=16 rounds=6 a_cpu_us=.. b_cpu_us=.. ratio_median=..
#        ratio_min=.. ratio_max=.. a_rps=.. b_rps=.. a_p99_ms=.. b_p99_ms=.. a_sys_us=.. b_sys_us=.. (the kernel part of the CPU)
# An idle server waiting beside the measured one uses next to no CPU (its share shows in bg_cpu_pct).
#
# Knobs (defaults): MODE=plaintext|pipeline|echo [plaintext]  JDK=17|25 [17]  WARMUP=s per server [20]
#   WARMUP_CONNS [16] (the warm-up's connections before 5 s at CONNECTIONS; see common.sh warm_up)
#   ROUNDS [6]  RESULTS=file  LABEL=text, and common.sh's (PIN, JAVA_OPTS, QUIET_MAX, QUIET_WAIT ...)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
A=${1:?usage: pair.sh A B [CONNECTIONS] [SECONDS]}
B=${2:?usage: pair.sh A B [CONNECTIONS] [SECONDS]}
CONNS=${3:-16}
SECS=${4:-8}
MODE=${MODE:-plaintext}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-6}
[[ $CONNS =~ ^[0-9]+$ && $CONNS -ge 1 && $CONNS -le 5000 ]] || die "connections must be 1..5000"
[[ $SECS =~ ^[0-9]+$ && $SECS -ge 1 && $SECS -le 30 ]] || die "seconds must be 1..30"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 60 ]] || die "WARMUP must be 0..60"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 && $ROUNDS -le 50 ]] || die "ROUNDS must be 1..50"
[[ $MODE =~ ^(plaintext|pipeline|echo)$ ]] || die "MODE must be plaintext, pipeline or echo"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
ulimit -n 65536 2>/dev/null || true

declare -A PID URL LOGF
stop_all() { for s in A B; do SPID=${PID[$s]:-}; halt; rm -f "${LOGF[$s]:-}"; done; }
trap stop_all EXIT
trap 'exit 130' INT TERM

quiet_wait
for s in A B; do
  name=${!s}
  port=$(pick_port)
  URL[$s]="http://127.0.0.1:$port"
  LOGF[$s]=$(mktemp -t "pair-$name-XXXX.log")
  server_cmd "$name" "$port"
  launch "${LOGF[$s]}"
  PID[$s]=$SPID
  wait_http "${URL[$s]}/plaintext" "${LOGF[$s]}"
done
for s in A B; do warm_up "$CONNS" "$WARMUP" "${URL[$s]}" "$MODE"; done

lines=""
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 )); then order="A B"; else order="B A"; fi
  for s in $order; do
    line=$(LABEL="${LABEL:-pair}-r$r" measure_run "${!s}" "${PID[$s]}" "${URL[$s]}")
    echo "$line"
    lines+="$s $r $line"$'\n'
  done
done

awk -v a="$A" -v b="$B" -v jdk="$JDK" -v mode="$MODE" -v conns="$CONNS" -v rounds="$ROUNDS" '
  function med(arr, n,   i, j, t, v) {
    for (i = 1; i <= n; i++) v[i] = arr[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  $3 == "RESULT" {
    for (i = 4; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    cpu[$1, $2] = f["cpu_us_per_req"]; sys[$1, $2] = f["sys_us_per_req"]; rps[$1, $2] = f["rps"]; p99[$1, $2] = f["p99_ms"]
  }
  END {
    lo = 1e9; hi = 0
    for (r = 1; r <= rounds; r++) {
      ca[r] = cpu["A", r]; cb[r] = cpu["B", r]; ra[r] = rps["A", r]; rb[r] = rps["B", r]
      pa[r] = p99["A", r]; pb[r] = p99["B", r]; ka[r] = sys["A", r]; kb[r] = sys["B", r]
      q[r] = ca[r] > 0 ? cb[r] / ca[r] : 0; if (q[r] < lo) lo = q[r]; if (q[r] > hi) hi = q[r]
    }
    printf "PAIR a=%s b=%s jdk=%s mode=%s conns=%d rounds=%d a_cpu_us=%.2f b_cpu_us=%.2f ratio_median=%.3f " \
           "ratio_min=%.3f ratio_max=%.3f a_rps=%.0f b_rps=%.0f a_p99_ms=%.3f b_p99_ms=%.3f a_sys_us=%.2f b_sys_us=%.2f\n",
      a, b, jdk, mode, conns, rounds, med(ca, rounds), med(cb, rounds), med(q, rounds), lo, hi,
      med(ra, rounds), med(rb, rounds), med(pa, rounds), med(pb, rounds), med(ka, rounds), med(kb, rounds)
  }' <<<"$lines" | tee -a "${RESULTS:-/dev/null}"
