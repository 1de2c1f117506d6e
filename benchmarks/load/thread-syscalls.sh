#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# thread-syscalls.sh SERVER [CONNECTIONS] [SECONDS]
#
# Which threads of a Java server make system calls and context switches, per request: the server
# (a PeerMain name, as for run.sh) runs pinned like every load run, is warmed up (common.sh warm_up),
# then `perf stat --per-thread` counts futex, read, write and epoll_wait calls and context switches
# of each of its threads while wrk runs SECONDS [4] at CONNECTIONS [256]. Each line: a thread name
# (digits folded to #, as `perf` truncates names to 15 characters), an event, and its count divided
# by the requests wrk made; rows under 0.005 per request are left out. Also the server's CPU per
# request over the same run. Needs perf (linux-perf) and root. Knobs: JDK [17], WARMUP [20],
# BENCH_JAR, JAVA_OPTS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SERVER=$1 CONNS=${2:-256} SECS=${3:-4}
command -v perf >/dev/null || die "perf is not installed (apt-get install -y linux-perf)"
PORT=$(pick_port)
server_cmd "$SERVER" "$PORT"
LOG=$(mktemp -t thread-syscalls-XXXX.log)
PERF_OUT=$(mktemp -t thread-syscalls-XXXX.perf)
launch "$LOG"
trap 'halt; rm -f "$LOG" "$PERF_OUT"' EXIT
URL="http://127.0.0.1:$PORT/plaintext"
wait_http "$URL" "$LOG"
warm_up "$CONNS" "${WARMUP:-20}" "$URL" plaintext
perf stat --per-thread -o "$PERF_OUT" -p "$SPID" -e syscalls:sys_enter_futex,syscalls:sys_enter_read \
    -e syscalls:sys_enter_write,syscalls:sys_enter_epoll_wait,context-switches -- sleep $((SECS + 1)) &
PERF_PID=$!
sleep 0.2
t0=$(tree_cpu_ticks "$SPID")
out=$(wrk_run "$CONNS" "$SECS" "$URL" plaintext)
t1=$(tree_cpu_ticks "$SPID")
wait "$PERF_PID"
requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$(grep '^WRKRESULT' <<<"$out")")
[[ -n $requests && $requests -gt 0 ]] || die "wrk made no requests"
echo "$SERVER jdk=$JDK conns=$CONNS requests=$requests cpu_us_per_request=$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v r="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / r }')"
awk -v r="$requests" '$2 ~ /^[0-9,]+$/ && NF >= 3 {
    name = $1; sub(/-[0-9]+$/, "", name); gsub(/[0-9]+/, "#", name)
    n = $2; gsub(/,/, "", n); count[name " " $3] += n
  }
  END { for (k in count) if (count[k] / r >= 0.005) printf "%-48s %8.3f per request\n", k, count[k] / r }' "$PERF_OUT" | sort -k3 -nr
