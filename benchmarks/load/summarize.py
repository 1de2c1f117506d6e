#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""summarize.py RESULTS.txt [JMH.csv] -- the side-by-side tables (markdown) of one run.

Reads the RESULT / IDLE lines the load scripts print (run.sh, idle.sh, gateways.sh) and, if given,
the CSV JMH writes with -rf csv. Several runs of one configuration are reduced to their median
(req/s, latency, CPU); the number of runs is shown. Ratios against the targets of issues 2-5 are
computed from the same file, so every figure in one table comes from the same run.
"""
import csv
import statistics
import sys
from collections import OrderedDict

ORDER = ["wsgi4j", "wsgi4j-10", "wsgi4j-mw10", "netty-epoll", "netty", "undertow", "jetty",
         "jdk-virtual", "jdk-fixed", "nginx-static", "nginx-http", "nginx-fastcgi"]


def parse(path):
    runs, idle = [], []
    for line in open(path):
        kind, _, rest = line.strip().partition(" ")
        if kind in ("RESULT", "IDLE"):
            row = dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)
            (runs if kind == "RESULT" else idle).append(row)
    return runs, idle


def med(rows, key):
    vals = [float(r[key]) for r in rows if key in r]
    return statistics.median(vals) if vals else float("nan")


def group(runs, keys, label="-"):
    """Runs grouped by keys; only those with the given label (the main table is "-", the interleaved
    ten-layer comparison "layers"; profiled runs, "jfr", carry the recording's cost and are never used)."""
    out = OrderedDict()
    for r in runs:
        have = r.get("label", "-")
        if have in ("layers", "jfr") or label in ("layers", "jfr"):
            if have != label:
                continue
        # any other label (gateways.sh names the backend there) belongs to the main tables
        out.setdefault(tuple(r[k] for k in keys), []).append(r)
    return out


def rank(server):
    return ORDER.index(server) if server in ORDER else len(ORDER)


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for r in rows:
        print("| " + " | ".join(str(c) for c in r) + " |")
    print()


def load_tables(runs):
    g = group(runs, ["server", "jdk", "mode", "conns"])
    for mode, title in (("plaintext", "Plaintext, one request at a time per connection"),
                        ("pipeline", "Plaintext pipelined 16 deep (TechEmpower shape)"),
                        ("echo", "POST /echo, 1 KiB body")):
        keys = sorted({k for k in g if k[2] == mode and not k[0].startswith("nginx-")},
                      key=lambda k: (int(k[3]), rank(k[0]), k[1]))
        if not keys:
            continue
        print(f"### {title}\n")
        rows = []
        for k in keys:
            rs = g[k]
            errs = sum(int(r.get("errors", 0)) + int(r.get("non2xx", 0)) for r in rs)
            # wrk times a pipelined batch only as a whole: its per-request percentiles are not meaningful
            latency = ("n/a" if mode == "pipeline" else f"{med(rs, 'p50_ms'):.2f} / {med(rs, 'p99_ms'):.2f}")
            rows.append([f"`{k[0]}`", k[1], k[3], f"{med(rs, 'rps'):,.0f}", latency,
                         f"{med(rs, 'cpu_us_per_req'):.2f}", f"{med(rs, 'srv_cpu_pct'):.0f}",
                         f"{med(rs, 'rss_mib'):.0f}", f"{med(rs, 'bg_cpu_pct'):.0f}", len(rs), errs])
        table(["server", "JDK", "conns", "req/s", "p50 / p99 ms", "server CPU µs/req", "server CPU %",
               "RSS MiB", "other load %", "runs", "errors"], rows)


def layers_table(runs):
    g = group(runs, ["server", "mode", "conns"], "layers")
    if not g:
        return
    print("### Ten middleware layers against the bare app (reference server, interleaved runs)\n")
    rows = []
    for mode, conns in sorted({(k[1], k[2]) for k in g}, key=lambda x: (x[0] != "pipeline", int(x[1]))):
        bare = g.get(("wsgi4j", mode, conns))
        for server in ("wsgi4j", "wsgi4j-10", "wsgi4j-mw10"):
            rs = g.get((server, mode, conns))
            if not rs:
                continue
            loss = "—" if server == "wsgi4j" or not bare else f"{(1 - med(rs, 'rps') / med(bare, 'rps')) * 100:+.1f}%"
            cpu = "—" if server == "wsgi4j" or not bare else \
                f"{med(rs, 'cpu_us_per_req') / med(bare, 'cpu_us_per_req'):.2f}x"
            rows.append([f"`{server}`", mode, conns, f"{med(rs, 'rps'):,.0f}", loss,
                         f"{med(rs, 'cpu_us_per_req'):.2f}", cpu, f"{med(rs, 'bg_cpu_pct'):.0f}", len(rs)])
    table(["server", "mode", "conns", "req/s (median)", "throughput loss", "server CPU µs/req", "CPU/req vs bare",
           "other load %", "runs"], rows)


def gateway_table(runs):
    g = group(runs, ["server", "conns"])
    keys = sorted((k for k in g if k[0].startswith("nginx-")), key=lambda k: rank(k[0]))
    if not keys:
        return
    print("### nginx in front: static string, HTTP proxy, FastCGI\n")
    rows = []
    for k in keys:
        rs = g[k]
        rows.append([f"`{k[0]}`", rs[0].get("label", "-"), k[1], f"{med(rs, 'rps'):,.0f}",
                     f"{med(rs, 'p50_ms'):.2f} / {med(rs, 'p99_ms'):.2f}", f"{med(rs, 'cpu_us_per_req'):.2f}",
                     f"{med(rs, 'bg_cpu_pct'):.0f}", len(rs)])
    table(["path", "backend", "conns", "req/s", "p50 / p99 ms", "nginx + backend CPU µs/req",
           "other load %", "runs"], rows)


def idle_table(idle):
    if not idle:
        return
    print("### Idle keep-alive connections\n")
    rows = []
    for r in sorted(idle, key=lambda r: rank(r["server"])):
        rows.append([f"`{r['server']}`", r["jdk"], r["opened"], r["held"], r["rss_before_mib"], r["rss_after_mib"],
                     r["rss_added_mib"], r["kib_per_conn"], r.get("rss_after_gc_mib", "-"),
                     r.get("gc_kib_per_conn", "-"), r["heap_kib_per_conn"],
                     f"{r['threads_before']} → {r['threads_after']}", r["reuse"]])
    table(["server", "JDK", "opened", "held", "RSS before MiB", "RSS idle MiB", "RSS added MiB",
           "KiB/conn", "RSS after full GC MiB", "KiB/conn after GC", "heap KiB/conn", "threads",
           "still answering"], rows)


def jmh_table(path):
    rows, alloc = [], {}
    with open(path) as f:
        for r in csv.DictReader(f):
            params = ", ".join(f"{k[7:]}={v}" for k, v in r.items() if k.startswith("Param: ") and v)
            name = r["Benchmark"].replace("io.wsgi4j.benchmarks.jmh.", "")
            if ":" in name:  # secondary results of -prof gc: keep bytes allocated per operation only
                base, _, metric = name.partition(":")
                if metric == "gc.alloc.rate.norm":
                    alloc[(base, params)] = float(r["Score"])
                continue
            rows.append([f"`{name}`", params or "-", f"{float(r['Score']):,.1f}",
                         f"± {float(r['Score Error (99.9%)']):,.1f}" if r["Score Error (99.9%)"] not in ("", "NaN")
                         else "-", r["Unit"], (name, params or "")])
    for row in rows:
        key = row.pop()
        b = alloc.get((key[0], key[1]))
        row.append("-" if b is None else f"{b:,.0f}")
    print("### JMH\n")
    table(["benchmark", "params", "score", "error (99.9%)", "unit", "allocated B/op"], rows)
    cost = {r[1]: float(r[2].replace(",", "")) for r in rows if r[0] == "`MiddlewareCostBenchmark.request`"}
    base = cost.get("layer=none")
    if base is not None:
        print("Per-layer cost of each middleware on a hello-world request "
              "(`MiddlewareCostBenchmark`, score − score(layer=none)):\n")
        table(["layer", "request ns", "added ns"],
              [[p[6:], f"{v:,.1f}", "—" if p == "layer=none" else f"{v - base:+,.1f}"] for p, v in cost.items()])
    return rows


def pick(g, server, mode, conns, key):
    for k, rs in g.items():
        if k[0] == server and k[2] == mode and k[3] == str(conns):
            return med(rs, key)
    return None


def targets(runs, idle, jmh_rows):
    g = group(runs, ["server", "jdk", "mode", "conns"])
    out = []

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    def add(what, value, target, ok):
        out.append([what, value, target, "—" if ok is None else ("met" if ok else "**missed**")])

    r = ratio(pick(g, "wsgi4j", "pipeline", 256, "rps"), pick(g, "netty", "pipeline", 256, "rps"))
    add("pipelined req/s, wsgi4j / Netty (nio)", f"{r:.2f}x" if r else "n/a", "≥ 0.9x", r and r >= 0.9)
    r = ratio(pick(g, "wsgi4j", "pipeline", 256, "rps"), pick(g, "netty-epoll", "pipeline", 256, "rps"))
    add("pipelined req/s, wsgi4j / Netty (epoll)", f"{r:.2f}x" if r else "n/a", "(≥ 0.9x vs raw Netty)",
        r and r >= 0.9)
    for c in (16, 256):
        r = ratio(pick(g, "wsgi4j", "plaintext", c, "rps"), pick(g, "jetty", "plaintext", c, "rps"))
        add(f"req/s at {c} conns, wsgi4j / Jetty", f"{r:.2f}x" if r else "n/a", "≥ 1.0x (DESIGN: 1.2x)", r and r >= 1.0)
        a, b = pick(g, "wsgi4j", "plaintext", c, "p99_ms"), pick(g, "jetty", "plaintext", c, "p99_ms")
        add(f"p99 at {c} conns, wsgi4j vs Jetty", f"{a:.2f} vs {b:.2f} ms" if a and b else "n/a", "no worse",
            (a <= b) if a and b else None)
        r = ratio(pick(g, "wsgi4j", "plaintext", c, "cpu_us_per_req"), pick(g, "jetty", "plaintext", c, "cpu_us_per_req"))
        add(f"server CPU/req at {c} conns, wsgi4j / Jetty", f"{r:.2f}x" if r else "n/a", "≤ 0.8x", r and r <= 0.8)
    gl = group(runs, ["server", "jdk", "mode", "conns"], "layers")
    for mode, c in (("pipeline", 256), ("plaintext", 256), ("plaintext", 16)):
        for layered in ("wsgi4j-10", "wsgi4j-mw10"):
            r = ratio(pick(gl, layered, mode, c, "rps"), pick(gl, "wsgi4j", mode, c, "rps"))
            if r:
                add(f"{layered} vs bare wsgi4j, {mode} {c} conns", f"{(1 - r) * 100:+.1f}% loss", "< 5% loss", 1 - r < 0.05)
    for row in idle:
        if row["server"] == "wsgi4j":
            mib = float(row["rss_added_mib"]) * 10000 / max(1, int(row["opened"]))
            add(f"idle keep-alive, JDK {row['jdk']}: RSS added per 10,000", f"{mib:.1f} MiB ({row['kib_per_conn']} KiB/conn)",
                "< 40 MiB", mib < 40)
            if "gc_kib_per_conn" in row:
                gc = float(row["gc_kib_per_conn"]) * 10000 / 1024
                add(f"  the same after a full GC", f"{gc:.1f} MiB ({row['gc_kib_per_conn']} KiB/conn)", "< 40 MiB", gc < 40)
    fc = [med(rs, "rps") for k, rs in g.items() if k[0] == "nginx-fastcgi"]
    hp = [med(rs, "rps") for k, rs in g.items() if k[0] == "nginx-http"]
    if fc and hp:
        add("nginx→FastCGI / nginx→HTTP proxy req/s", f"{fc[0] / hp[0]:.2f}x", "≥ 1.0x", fc[0] >= hp[0])
    for row in jmh_rows or []:
        name, params, score = row[0], row[1], float(row[2].replace(",", ""))
        if name == "`TestClientBenchmark.helloWorld`":
            add("test client, hello-world request", f"{score / 1000:.2f} µs", "a few µs (DESIGN: ~2 µs)", score < 5000)
    layers = {row[1]: float(row[2].replace(",", "")) for row in jmh_rows or []
              if row[0] == "`MiddlewareLayersBenchmark.call`"}
    if "layers=1" in layers and "layers=10" in layers:
        per = (layers["layers=10"] - layers["layers=1"]) / 9
        add("pass-through layer (JMH, (t10 − t1) / 9)", f"{per:.1f} ns", "tens of ns", per < 100)
    if out:
        print("### Against the targets (issues 2-5)\n")
        table(["what", "this run", "target", ""], out)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    runs, idle = parse(argv[1])
    jmh_rows = jmh_table(argv[2]) if len(argv) > 2 else None
    load_tables(runs)
    layers_table(runs)
    gateway_table(runs)
    idle_table(idle)
    targets(runs, idle, jmh_rows)


if __name__ == "__main__":
    main(sys.argv)
