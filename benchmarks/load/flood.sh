#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# flood.sh SERVER [CONNECTIONS] [KIND] [SAMPLES] [CLOSE_WAIT_S]
#
# A flood of connections that never finish a request, against one server, and how fast a new client
# is answered meanwhile (SilentFlood, pinned to CPU 1; the server on CPU 0). KIND: silent | half |
# body, trickle (HTTP servers; body: a POST head whose body stops after one byte; trickle: 8 KiB of a
# body, then a byte every 5 s), fastcgi and fastcgi-body (the
# wsgi4j-fastcgi peer), scgi and scgi-body (the wsgi4j-scgi peer). After the samples
# it waits CLOSE_WAIT_S and counts the flood connections the server closed (its head time limit is
# 20 s by default). Prints one FLOOD line with server and jdk added.
# Defaults: 10000 connections, silent, 20 samples, 25 s; JDK=17. Other knobs as run.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SERVER=${1:?usage: flood.sh SERVER [CONNECTIONS] [KIND] [SAMPLES] [CLOSE_WAIT_S]}
N=${2:-10000}
KIND=${3:-silent}
SAMPLES=${4:-20}
CLOSE_WAIT=${5:-25}
ulimit -n $((N + 5000)) 2>/dev/null || die "cannot raise the open-file limit to $((N + 5000))"
PORT=$(pick_port)
server_cmd "$SERVER" "$PORT"
LOG=$(mktemp -t "flood-$SERVER-XXXX.log")
trap 'halt; rm -f "$LOG"' EXIT
trap 'exit 130' INT TERM
quiet_wait
launch "$LOG"
if [[ $KIND == silent || $KIND == half || $KIND == body || $KIND == trickle ]]; then
  wait_http "http://127.0.0.1:$PORT/plaintext" "$LOG"
else
  for _ in $(seq 150); do grep -q '^READY' "$LOG" && break; kill -0 "$SPID" 2>/dev/null || { cat "$LOG" >&2; die "server exited"; }; sleep 0.2; done
fi
"${WRK_TASKSET[@]}" "$(java_bin "$JDK")" -Xss256k -cp "$BENCH_JAR" io.wsgi4j.benchmarks.tools.SilentFlood \
    "$PORT" "$N" "$KIND" "$SAMPLES" "$CLOSE_WAIT" | sed "s/^FLOOD /FLOOD server=$SERVER jdk=$JDK /" | tee -a "${RESULTS:-/dev/null}"
