# SPDX-License-Identifier: Apache-2.0
# common.sh - sourced by the load scripts in this folder; defines no behaviour on its own.
#
# Provides: die, java_bin, pick_port, server_cmd NAME PORT, nginx_conf, nginx_pair_cmd, launch / halt (the server under test,
# pinned to CPU 0), wait_http, pids_of_tree, tree_cpu_ticks, tree_kb FIELD, machine_ticks,
# quiet_wait, wrk_run, measure_run. Everything stays on 127.0.0.1 and only processes started here are stopped,
# by PID.

LOAD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$LOAD_DIR/../.." && pwd)"
BENCH_JAR=${BENCH_JAR:-$ROOT_DIR/benchmarks/target/benchmarks.jar}
JDK=${JDK:-17}
PIN=${PIN:-1}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseG1GC -Xms64m -Xmx512m}
QUIET_MAX=${QUIET_MAX:-20}     # % of the whole machine busy that counts as quiet
QUIET_WAIT=${QUIET_WAIT:-90}   # seconds to wait for quiet before running anyway
SRV_CPU=${SRV_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
CLK_TCK=$(getconf CLK_TCK)

die() { echo "${0##*/}: $*" >&2; exit 1; }

# java_bin 17|25 -> path of that JDK's java (JAVA17 / JAVA25 override the search)
java_bin() {
  local want=$1 var="JAVA$1" j
  if [[ -n ${!var:-} ]]; then echo "${!var}"; return; fi
  for j in "$(command -v java)" /usr/lib/jvm/*/bin/java; do
    [[ -x $j ]] || continue
    if "$j" -XshowSettings:properties -version 2>&1 | grep -q "java.specification.version = $want\$"; then
      echo "$j"; return
    fi
  done
  die "no JDK $want found; set JAVA$want=/path/to/bin/java"
}

pick_port() { # a free loopback port (bound once by the kernel, then released)
  "$(java_bin 17)" -cp "$BENCH_JAR" io.wsgi4j.benchmarks.tools.FreePort
}

# pinning: the server on one core, the load generator on the other. NICE (default 0) runs both at
# that priority (negative needs root): on a machine busy with other work, the scheduler otherwise
# shares the server's core among all runnable threads, which favours servers with many threads.
NICE=${NICE:-0}
if [[ $PIN == 1 ]]; then SRV_TASKSET=(taskset -c "$SRV_CPU"); WRK_TASKSET=(taskset -c "$WRK_CPU")
else SRV_TASKSET=(); WRK_TASKSET=(); fi
if [[ $NICE != 0 ]]; then SRV_TASKSET=(nice -n "$NICE" "${SRV_TASKSET[@]}"); WRK_TASKSET=(nice -n "$NICE" "${WRK_TASKSET[@]}"); fi

# server_cmd NAME PORT -> fills SERVER_CMD (array). Java servers all start through PeerMain so
# they share one jar and one set of JVM flags; NAME=cmd runs $SERVER_SHELL (with $PORT set);
# NAME=nginx-http|nginx-fastcgi is nginx on PORT in front of a backend (nginx_pair_cmd).
server_cmd() {
  local name=$1 port=$2 j
  if [[ $name == nginx-http || $name == nginx-fastcgi ]]; then
    nginx_pair_cmd "${name#nginx-}" "$port"; return
  fi
  if [[ $name == cmd ]]; then
    [[ -n ${SERVER_SHELL:-} ]] || die "server 'cmd' needs SERVER_SHELL='a command serving on \$PORT'"
    SERVER_CMD=(env PORT="$port" bash -c "$SERVER_SHELL"); return
  fi
  [[ -f $BENCH_JAR ]] || die "$BENCH_JAR missing: run ./mvnw -B -q -pl benchmarks -am package -DskipTests"
  j=$(java_bin "$JDK")
  # shellcheck disable=SC2206
  local opts=($JAVA_OPTS)
  # JDK 17's HttpServer writes head and body separately: without TCP_NODELAY, Nagle + delayed ACK
  # add 40 ms per response. maxIdleConnections lets it keep the idle probe's connections.
  [[ $name == jdk-* ]] && opts+=(-Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=20000)
  SERVER_CMD=("$j" "${opts[@]}" ${EXTRA_JAVA_OPTS:-} -cp "$BENCH_JAR" io.wsgi4j.benchmarks.peers.PeerMain "$name" "$port")
}

# nginx_conf KIND PORT BACKEND_PORT DIR: an nginx.conf serving PORT, one worker, its files in DIR. KIND:
#   static   nginx answers /plaintext itself
#   http     HTTP/1.1 proxy with a keep-alive upstream to BACKEND_PORT
#   fastcgi  FastCGI (fastcgi_keep_conn on) to BACKEND_PORT
nginx_conf() {
  local kind=$1 port=$2 backend=$3 work=$4 location upstream=""
  [[ $kind == static ]] || upstream="upstream backend { server 127.0.0.1:$backend; keepalive 128; }"
  case $kind in
    static) location='location = /plaintext { default_type text/plain; return 200 "Hello, World!"; }' ;;
    http) location="location / { proxy_pass http://backend; proxy_http_version 1.1;
                       proxy_set_header Connection \"\"; proxy_set_header Host \$http_host; }" ;;
    fastcgi) location="location / { fastcgi_pass backend; fastcgi_keep_conn on;
                       fastcgi_param REQUEST_METHOD \$request_method; fastcgi_param SCRIPT_NAME \"\";
                       fastcgi_param PATH_INFO \$uri; fastcgi_param QUERY_STRING \$query_string;
                       fastcgi_param REQUEST_URI \$request_uri; fastcgi_param CONTENT_TYPE \$content_type;
                       fastcgi_param CONTENT_LENGTH \$content_length; fastcgi_param SERVER_NAME \$server_name;
                       fastcgi_param SERVER_PORT \$server_port; fastcgi_param SERVER_PROTOCOL \$server_protocol;
                       fastcgi_param REMOTE_ADDR \$remote_addr; fastcgi_param REMOTE_PORT \$remote_port;
                       fastcgi_param HTTP_HOST \$http_host; }" ;;
  esac
  cat <<CONF
daemon off;
worker_processes 1;
pid $work/nginx-$kind.pid;
error_log $work/error-$kind.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  $upstream
  server {
    listen 127.0.0.1:$port backlog=4096;
    $location
  }
}
CONF
}

# nginx_pair_cmd http|fastcgi PORT -> SERVER_CMD: one process tree of nginx (one worker) on PORT and
# the backend behind it (HTTP_BACKEND [wsgi4j] or FCGI_BACKEND [wsgi4j-fastcgi], a PeerMain name), so
# launch pins both to the server CPU and measure_run counts their CPU together, as gateways.sh does.
nginx_pair_cmd() {
  local kind=$1 port=$2 backend bport dir nginx
  nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
  [[ -x $nginx ]] || die "nginx is not installed (apt-get install -y nginx-light)"
  if [[ $kind == http ]]; then backend=${HTTP_BACKEND:-wsgi4j}; else backend=${FCGI_BACKEND:-wsgi4j-fastcgi}; fi
  bport=$(pick_port)
  dir=$(mktemp -d -t "nginx-$kind-XXXX")
  nginx_conf "$kind" "$port" "$bport" "$dir" >"$dir/nginx.conf"
  server_cmd "$backend" "$bport"
  printf '%q ' "${SERVER_CMD[@]}" >"$dir/backend.cmd"
  # the shell stops both and removes the directory when halt sends TERM
  SERVER_CMD=(bash -c 'dir=$1; trap '"'"'kill $b $n 2>/dev/null; wait; rm -rf "$dir"; exit 0'"'"' TERM EXIT
    eval "$(cat "$dir/backend.cmd")" >"$dir/backend.log" 2>&1 & b=$!
    "$2" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" & n=$!
    wait' nginx-pair "$dir" "$nginx")
}

SPID=""
launch() { # launch LOGFILE: starts SERVER_CMD pinned, sets SPID
  "${SRV_TASKSET[@]}" "${SERVER_CMD[@]}" >"$1" 2>&1 &
  SPID=$!
}

wait_http() { # wait_http URL LOGFILE [seconds]: until URL answers "Hello, World!"
  local url=$1 log=$2 tries=$(( ${3:-30} * 5 ))
  for _ in $(seq "$tries"); do
    [[ -n $SPID ]] && ! kill -0 "$SPID" 2>/dev/null && { cat "$log" >&2; die "server exited during start-up"; }
    [[ $(curl -s --max-time 1 "$url" 2>/dev/null || true) == "Hello, World!" ]] && return 0
    sleep 0.2
  done
  cat "$log" >&2; die "$url did not answer Hello, World! in time"
}

pids_of_tree() { # pids_of_tree PID -> PID and all its descendants
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { child[$2] = child[$2] " " $1 }
    END { todo[1] = root; n = 1
          for (i = 1; i <= n; i++) { p = todo[i]; print p
            k = split(child[p], c, " "); for (j = 1; j <= k; j++) todo[++n] = c[j] } }'
}

tree_ticks() { # tree_ticks PID AWK_EXPR: /proc/PID/stat fields after the name ($12 utime, $13 stime) summed over the tree
  local sum=0 p t
  for p in $(pids_of_tree "$1"); do
    t=$(awk "{ sub(/^.*\\) /, \"\"); print $2 }" "/proc/$p/stat" 2>/dev/null || true)
    sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}

tree_cpu_ticks() { tree_ticks "$1" '$12 + $13'; } # user+system ticks of every process under PID (all threads)
tree_sys_ticks() { tree_ticks "$1" '$13'; }       # system ticks alone (the kernel's share)

tree_kb() { # tree_kb PID FIELD (VmRSS, VmHWM) -> kB summed over the tree
  local sum=0 p v
  for p in $(pids_of_tree "$1"); do
    v=$(awk -v f="$2:" '$1 == f { print $2 }' "/proc/$p/status" 2>/dev/null || true)
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}

halt() { # stops the process tree started by launch (TERM, then KILL after 5 s)
  [[ -n $SPID ]] || return 0
  local tree p
  tree=$(pids_of_tree "$SPID")
  kill -TERM "$SPID" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
  for p in $tree; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  SPID=""
  return 0
}

machine_ticks() { # "busy total" over all CPUs from /proc/stat (busy = user + nice + system)
  awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print $2 + $3 + $4, t }' /proc/stat
}

QUIET_WAITED=0; QUIET_BUSY=0
quiet_wait() { # waits (1 s samples) until the machine is below QUIET_MAX % busy, at most QUIET_WAIT s
  local a b waited=0
  while :; do
    a=($(machine_ticks)); sleep 1; b=($(machine_ticks)); waited=$((waited + 1))
    QUIET_BUSY=$(( 100 * (b[0] - a[0]) / ((b[1] - a[1]) > 0 ? b[1] - a[1] : 1) ))
    if (( QUIET_BUSY < QUIET_MAX || waited >= QUIET_WAIT )); then QUIET_WAITED=$waited; return 0; fi
  done
}

# wrk_run CONNS SECS URL MODE -> prints wrk's output (with a WRKRESULT line from report.lua)
# MODE: plaintext | pipeline (16 requests per write) | echo (POST 1 KiB)
wrk_run() {
  local conns=$1 secs=$2 url=$3 mode=$4
  WRK_MODE=$mode timeout -k 2 $((secs + 20)) "${WRK_TASKSET[@]}" \
    wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s --latency -s "$LOAD_DIR/report.lua" "$url" 2>&1 || true
}

# warm_up CONNS SECS URL MODE: SECS of load at WARMUP_CONNS connections [16] (at most CONNS), then
# 5 s at CONNS. Why the first phase uses few connections: the server is pinned to one CPU, and with
# hundreds of platform threads runnable there (Jetty's pool on JDK 17 at 256 connections) the JIT's
# compiler thread gets one share among them, so compilation crawls; measured: jetty-blocking at 256
# connections after a 40 s warm-up at 256 still went 29, 19 us per request in its first two rounds,
# wsgi4j-jetty 47, 34, 22 us, a ratio that said nothing about the adapters.
warm_up() {
  local conns=$1 secs=$2 url=$3 mode=$4 first=${WARMUP_CONNS:-16}
  (( secs > 0 )) || return 0
  (( first > conns )) && first=$conns
  wrk_run "$first" "$secs" "$url" "$mode" >/dev/null
  (( first < conns )) && wrk_run "$conns" 5 "$url" "$mode" >/dev/null
  return 0
}

# measure_run SERVER PID URL: one measured wrk run (CONNS, SECS, MODE; JDK and LABEL for the line)
# against the server whose process tree is PID. Prints the RESULT line (and appends it to RESULTS):
# server CPU per request from the tree's user+system ticks over the run (and the system part alone:
# the kernel's share, mostly the socket calls), wrk's own CPU, and the
# CPU everything else used meanwhile (bg_cpu_pct), so a run on a busy machine shows it.
measure_run() {
  local server=$1 pid=$2 url=$3 m0 m1 s0 s1 k0 k1 w0 w1 out res rss hwm threads wrk_cpu
  m0=($(machine_ticks)); s0=$(tree_cpu_ticks "$pid"); k0=$(tree_sys_ticks "$pid"); w0=$(date +%s.%N)
  TIMEFORMAT='WRKCPU %U %S'
  out=$( { time wrk_run "$CONNS" "$SECS" "$url" "$MODE"; } 2>&1 )
  s1=$(tree_cpu_ticks "$pid"); k1=$(tree_sys_ticks "$pid"); m1=($(machine_ticks)); w1=$(date +%s.%N)
  rss=$(tree_kb "$pid" VmRSS); hwm=$(tree_kb "$pid" VmHWM); threads=$(ls "/proc/$pid/task" | wc -l)
  res=$(grep '^WRKRESULT' <<<"$out" || true)
  [[ -n $res ]] || { echo "$out" >&2; die "wrk printed no result"; }
  wrk_cpu=$(awk '/^WRKCPU/ { print $2 + $3 }' <<<"$out")
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $res"; }
  awk -v server="$server" -v jdk="$([[ $server == cmd ]] && echo - || echo "$JDK")" -v mode="$MODE" -v conns="$CONNS" \
      -v secs="$SECS" -v label="${LABEL:--}" -v req="$(field requests)" -v rps="$(field rps)" \
      -v p50="$(field p50_us)" -v p90="$(field p90_us)" -v p99="$(field p99_us)" -v mx="$(field max_us)" \
      -v err="$(field errors)" -v non2xx="$(field non2xx)" -v sd=$((s1 - s0)) -v kd=$((k1 - k0)) -v md=$((m1[0] - m0[0])) -v hz="$CLK_TCK" \
      -v wcpu="${wrk_cpu:-0}" -v rss="$rss" -v hwm="$hwm" -v thr="$threads" -v qw="$QUIET_WAITED" -v qb="$QUIET_BUSY" \
      -v wall="$(awk -v a="$w0" -v b="$w1" 'BEGIN { print b - a }')" '
    BEGIN {
      srv_s = sd / hz
      # over the whole measured window (wrk start-up included): CPU used by everything else on the machine
      bg = md / hz - srv_s - wcpu; if (bg < 0) bg = 0
      printf "RESULT server=%s jdk=%s mode=%s conns=%d secs=%d rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.1f " \
             "cpu_us_per_req=%.2f sys_us_per_req=%.2f srv_cpu_pct=%.0f wrk_cpu_pct=%.0f bg_cpu_pct=%.0f rss_mib=%.1f peak_rss_mib=%.1f " \
             "threads=%d errors=%d non2xx=%d quiet_wait_s=%d busy_before_pct=%d label=%s\n",
        server, jdk, mode, conns, secs, rps, p50 / 1000, p90 / 1000, p99 / 1000, mx / 1000,
        (req > 0 ? 1e6 * srv_s / req : 0), (req > 0 ? 1e6 * kd / hz / req : 0), 100 * srv_s / wall, 100 * wcpu / wall, 100 * bg / wall, rss / 1024, hwm / 1024,
        thr, err, non2xx, qw, qb, label
    }' | tee -a "${RESULTS:-/dev/null}"
}
