#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# gateways.sh [CONNECTIONS] [SECONDS]
#
# The same hello-world request through nginx three ways, one RESULT line each (as run.sh prints):
#   nginx-static    nginx answers /plaintext itself (return 200): the ceiling
#   nginx-http      nginx -> HTTP/1.1 proxy (keep-alive upstream) -> the wsgi4j reference server
#   nginx-fastcgi   nginx -> FastCGI (fastcgi_keep_conn on) -> the wsgi4j FastCGI gateway
# nginx (one worker) and the backend share CPU 0; wrk runs on CPU 1. CPU per request counts nginx
# and the backend together. Knobs: HTTP_BACKEND [wsgi4j], FCGI_BACKEND [wsgi4j-fastcgi] (PeerMain
# names; empty skips that row), MODE, WARMUP, JDK, JAVA_OPTS, RESULTS, QUIET_* (as run.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CONNS=${1:-64}
SECS=${2:-10}
MODE=${MODE:-plaintext}
WARMUP=${WARMUP:-20}
HTTP_BACKEND=${HTTP_BACKEND-wsgi4j}
FCGI_BACKEND=${FCGI_BACKEND-wsgi4j-fastcgi}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[[ -x $NGINX ]] || die "nginx is not installed (apt-get install -y nginx-light)"
ulimit -n 65536 2>/dev/null || true

WORK=$(mktemp -d -t gateways-XXXX)
BPID=""
stop_backend() {
  [[ -n $BPID ]] || return 0
  local keep=$SPID; SPID=$BPID; halt; SPID=$keep; BPID=""
}
trap 'halt; stop_backend; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

both() { # both FUNCTION [ARG]: FUNCTION summed over nginx and the backend (if any)
  local a b=0
  a=$("$1" "$SPID" ${2:-})
  [[ -n $BPID ]] && b=$("$1" "$BPID" ${2:-})
  echo $((a + b))
}

one() { # one KIND BACKEND_NAME
  local kind=$1 backend=$2 port bport=0 log
  quiet_wait
  port=$(pick_port)
  if [[ $kind != static ]]; then
    bport=$(pick_port)
    server_cmd "$backend" "$bport"
    log="$WORK/backend-$kind.log"
    launch "$log"; BPID=$SPID; SPID=""
  fi
  nginx_conf "$kind" "$port" "$bport" "$WORK" >"$WORK/nginx-$kind.conf"
  SERVER_CMD=("$NGINX" -p "$WORK" -c "$WORK/nginx-$kind.conf" -e "$WORK/error-$kind.log")
  launch "$WORK/nginx-$kind.out"
  wait_http "http://127.0.0.1:$port/plaintext" "$WORK/nginx-$kind.out" 30
  (( WARMUP > 0 )) && wrk_run "$CONNS" "$WARMUP" "http://127.0.0.1:$port" "$MODE" >/dev/null
  local m0 m1 s0 s1 w0 w1 out res
  m0=($(machine_ticks)); w0=$(date +%s.%N)
  s0=$(both tree_cpu_ticks)
  TIMEFORMAT='WRKCPU %U %S'
  out=$( { time wrk_run "$CONNS" "$SECS" "http://127.0.0.1:$port" "$MODE"; } 2>&1 )
  s1=$(both tree_cpu_ticks)
  m1=($(machine_ticks)); w1=$(date +%s.%N)
  local rss; rss=$(both tree_kb VmRSS)
  halt; stop_backend
  res=$(grep '^WRKRESULT' <<<"$out" || true)
  [[ -n $res ]] || { echo "$out" >&2; die "wrk printed no result for nginx-$kind"; }
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $res"; }
  awk -v server="nginx-$kind" -v jdk="$([[ $kind == static ]] && echo - || echo "$JDK")" -v mode="$MODE" \
      -v conns="$CONNS" -v secs="$SECS" -v label="${backend:--}" -v req="$(field requests)" -v rps="$(field rps)" \
      -v p50="$(field p50_us)" -v p90="$(field p90_us)" -v p99="$(field p99_us)" -v mx="$(field max_us)" \
      -v err="$(field errors)" -v non2xx="$(field non2xx)" -v sd=$((s1 - s0)) -v md=$((m1[0] - m0[0])) \
      -v hz="$CLK_TCK" -v wcpu="$(awk '/^WRKCPU/ { print $2 + $3 }' <<<"$out")" -v rss="$rss" \
      -v wall="$(awk -v a="$w0" -v b="$w1" 'BEGIN { print b - a }')" -v qw="$QUIET_WAITED" -v qb="$QUIET_BUSY" '
    BEGIN {
      srv_s = sd / hz; bg = md / hz - srv_s - wcpu; if (bg < 0) bg = 0
      printf "RESULT server=%s jdk=%s mode=%s conns=%d secs=%d rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f " \
             "max_ms=%.1f cpu_us_per_req=%.2f srv_cpu_pct=%.0f wrk_cpu_pct=%.0f bg_cpu_pct=%.0f rss_mib=%.1f " \
             "peak_rss_mib=0 threads=0 errors=%d non2xx=%d quiet_wait_s=%d busy_before_pct=%d label=%s\n",
        server, jdk, mode, conns, secs, rps, p50 / 1000, p90 / 1000, p99 / 1000, mx / 1000,
        (req > 0 ? 1e6 * srv_s / req : 0), 100 * srv_s / wall, 100 * wcpu / wall, 100 * bg / wall, rss / 1024,
        err, non2xx, qw, qb, label
    }' | tee -a "${RESULTS:-/dev/null}"
}

one static ""
[[ -n $HTTP_BACKEND ]] && one http "$HTTP_BACKEND"
[[ -n $FCGI_BACKEND ]] && one fastcgi "$FCGI_BACKEND"
exit 0
