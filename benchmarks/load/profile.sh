#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# profile.sh SERVER [CONNECTIONS] [SECONDS] [OUT.jfr]
#
# Where the server's CPU time goes under load: one run.sh run (MODE=pipeline by default) with a
# JFR recording (CPU samples only, cpu-samples.jfc; JFR_SETTINGS=profile for the JDK's settings) of
# the measured phase, then the CPU samples summarised by top frames, by package, by nearest io.wsgi4j
# frame and by layer (middleware class or server package) (markdown tables, also in OUT.jfr.md).
# The same samples can be read raw with: jfr print --events jdk.ExecutionSample OUT.jfr
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
SERVER=${1:?usage: profile.sh SERVER [CONNECTIONS] [SECONDS] [OUT.jfr]}
CONNS=${2:-256}
SECS=${3:-15}
OUT=${4:-$PWD/profile-$SERVER.jfr}
[[ $OUT == /* ]] || OUT="$PWD/$OUT"
MODE=${MODE:-pipeline} JFR="$OUT" LABEL=jfr RESULTS=${RESULTS:-/dev/null} "$LOAD_DIR/run.sh" "$SERVER" "$CONNS" "$SECS"
"$(java_bin "$JDK")" -cp "$BENCH_JAR" io.wsgi4j.benchmarks.tools.JfrTop "$OUT" 25 | tee "$OUT.md"
