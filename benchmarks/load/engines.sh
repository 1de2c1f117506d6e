#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# engines.sh [OUT_FILE]
#
# The engine adapters against their bare engines, interleaved so that a busy machine hurts every
# server alike: REPS rounds of (JDK x connections x server), each one run.sh measurement of
# GET /plaintext, then the ratios of server CPU per request (adapter / bare engine), median over the
# rounds. Servers: jetty (non-blocking core handler), jetty-blocking (the same, dispatched as a
# blocking handler), wsgi4j-jetty (HelloApp on the Jetty adapter), servlet (a bare servlet on Jetty 12
# ee10), wsgi4j-servlet (HelloApp through WsgiServlet on the same container).
#
# Knobs (defaults): JDKS ["17 25"]  CONNS ["16 256"]  REPS [2]  SECS [10]  WARMUP [20]  QUIET_WAIT [5]
#   SERVERS [all five above; a row whose server was left out prints "-" for its ratio]
set -uo pipefail
QUIET_WAIT=${QUIET_WAIT:-5}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
OUT=${1:-$(mktemp -t engines-XXXX.txt)}
JDKS=${JDKS:-17 25}
CONNS=${CONNS:-16 256}
REPS=${REPS:-2}
SECS=${SECS:-10}
SERVERS=${SERVERS:-jetty jetty-blocking wsgi4j-jetty servlet wsgi4j-servlet}
export WARMUP=${WARMUP:-20} QUIET_WAIT RESULTS="$OUT"
for rep in $(seq 1 "$REPS"); do
  for jdk in $JDKS; do
    for c in $CONNS; do
      for s in $SERVERS; do
        JDK=$jdk LABEL="rep$rep" "$(dirname "${BASH_SOURCE[0]}")/run.sh" "$s" "$c" "$SECS" >/dev/null \
          || echo "# FAILED: $s jdk=$jdk conns=$c" >&2
      done
    done
  done
done
echo "# results: $OUT"
echo "| JDK | conns | jetty us/req | jetty-blocking | wsgi4j-jetty | adapter / jetty | adapter / jetty-blocking | servlet | wsgi4j-servlet | bridge / servlet |"
echo "|---|---|---|---|---|---|---|---|---|---|"
awk '
  /^RESULT/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = f["jdk"] " " f["conns"]
    n = ++count[key, f["server"]]; cpu[key, f["server"], n] = f["cpu_us_per_req"]; rps[key, f["server"], n] = f["rps"]
    keys[key] = 1
  }
  function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", a / b) : "-" }
  function median(arr, key, s, n,   i, j, t, v) {
    if (n == 0) return 0
    for (i = 1; i <= n; i++) v[i] = arr[key, s, i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END {
    for (key in keys) {
      split(key, k, " ")
      j = median(cpu, key, "jetty", count[key, "jetty"]); jb = median(cpu, key, "jetty-blocking", count[key, "jetty-blocking"])
      wj = median(cpu, key, "wsgi4j-jetty", count[key, "wsgi4j-jetty"])
      sv = median(cpu, key, "servlet", count[key, "servlet"]); ws = median(cpu, key, "wsgi4j-servlet", count[key, "wsgi4j-servlet"])
      printf "| %s | %s | %.1f | %.1f | %.1f | %s | %s | %.1f | %.1f | %s |\n", k[1], k[2], j, jb, wj, ratio(wj, j), ratio(wj, jb), sv, ws, ratio(ws, sv)
    }
  }' "$OUT" | sort
