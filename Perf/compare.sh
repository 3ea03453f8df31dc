#!/usr/bin/env bash
# Comparison runner: A64Jit against qemu-aarch64 and native x86-64 on the Perf/workloads suite.
#
#   Perf/compare.sh [--peers-only] [--runs N] [--scale PERCENT] [--out FILE.md] [WORKLOAD...]
#
# For each workload it runs, interleaved (one run of every runner, then the next round), N times:
#   native   the x86-64 build of the same source and flags
#   qemu     qemu-aarch64 -cpu $QEMU_CPU on the aarch64 build
#   tiered, jit, interp   `a64jit run --engine E --stats` on the aarch64 build
# takes medians, and writes docs/performance.md with docs/performance-ratios.svg (drawn here with
# awk). A run counts only if it exits 0 and prints exactly what the native build printed; otherwise
# the table says what went wrong and shows no numbers.
#
# Environment (all optional):
#   RUNS=3                       runs per runner and workload (--runs)
#   INTERP_RUNS=                 runs of the interpreter-only engine (default: RUNS; it is ~15x slower
#                                than the others, so a run at full scale may take it down to 1)
#   SCALE=100                    size argument passed to every workload, percent of the default (--scale)
#   A64JIT_ENGINES="tiered jit interp"   engines to run; empty = peers only (--peers-only)
#   QEMU_CPU=cortex-a53          qemu -cpu model (see below)
#   TIMEOUT=900                  seconds before a single run is killed (reported as a timeout)
#   OUT_MD=docs/performance.md   page to write (--out); the SVG goes next to it
#   WORK_DIR=                    keep builds and raw results here (default: a temporary directory)
#   SKIP_BUILD=1                 reuse the workloads in WORK_DIR/bin and the existing published build
#   A64JIT_DLL=path/a64jit.dll   use this a64jit build instead of publishing Cli (ReadyToRun) into Cli/bin/publish
#   A64JIT_CMD="prog args"       command that stands for `a64jit` (default: dotnet $A64JIT_DLL)
#
# Why cortex-a53: A64Jit implements ARMv8.0-A with FP/ASIMD, AES/PMULL, SHA1, SHA2, CRC32, LSE and
# LDAPR, and presents itself to the guest as an Arm Cortex-A53 r0p4 (MIDR 0x410FD034). Of the qemu 7.2
# models, cortex-a53 is ARMv8.0 with exactly FP/ASIMD+AES/PMULL+SHA1+SHA2+CRC32 and the same MIDR, so
# glibc's MIDR- and HWCAP-based routine selection (memcpy, strlen, ...) picks the same code under both.
# It lacks only LSE, which no qemu 7.2 ARMv8.0 model has; cortex-a76/neoverse-n1 would add LSE but
# also ARMv8.2 features A64Jit lacks (FP16, dot product, ...) and a different MIDR, and "max" adds SVE.
# LSE matters here only in libgcc's outline atomics, which single-threaded workloads barely reach.
set -euo pipefail

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
cmdline="Perf/compare.sh$(if [ $# -gt 0 ]; then printf ' %q' "$@"; fi)"
runs=${RUNS:-3}
scale=${SCALE:-100}
engines=${A64JIT_ENGINES-tiered jit interp}
qemu_cpu=${QEMU_CPU:-cortex-a53}
timeout_s=${TIMEOUT:-900}
out_md=${OUT_MD:-$root/docs/performance.md}
selected=()
while [ $# -gt 0 ]; do
    case "$1" in
        --peers-only) engines="" ;;
        --runs) runs=$2; shift ;;
        --scale) scale=$2; shift ;;
        --out) out_md=$2; shift ;;
        -h|--help) usage ;;
        -*) echo "compare.sh: unknown option $1" >&2; usage ;;
        *) selected+=("$1") ;;
    esac
    shift
done
case "$runs" in ''|*[!0-9]*|0) echo "compare.sh: RUNS must be a positive integer" >&2; exit 2 ;; esac
interp_runs=${INTERP_RUNS:-$runs}
case "$interp_runs" in ''|*[!0-9]*|0) echo "compare.sh: INTERP_RUNS must be a positive integer" >&2; exit 2 ;; esac
case "$out_md" in /*) ;; *) out_md=$PWD/$out_md ;; esac
out_svg=${out_md%.md}-ratios.svg

log() { printf '[compare %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- prerequisites
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing GNU time (for peak RSS)"
        apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
    else
        echo "compare.sh: /usr/bin/time is missing; install it (Debian: apt-get install time)" >&2; exit 1
    fi
fi
command -v qemu-aarch64 >/dev/null || { echo "compare.sh: qemu-aarch64 missing (Debian: apt-get install qemu-user)" >&2; exit 1; }

if [ -n "${WORK_DIR:-}" ]; then work=$WORK_DIR; mkdir -p "$work"
else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
bin=$work/bin
if [ "${SKIP_BUILD:-}" != 1 ]; then
    log "building workloads into $bin"
    "$root/Perf/workloads/build.sh" "$bin" >&2
fi

all=()
for f in "$bin"/x86_64/*; do [ -x "$f" ] && all+=("$(basename "$f")"); done
if [ ${#selected[@]} -gt 0 ]; then workloads=("${selected[@]}"); else workloads=("${all[@]}"); fi
for w in "${workloads[@]}"; do
    [ -x "$bin/x86_64/$w" ] && [ -x "$bin/aarch64/$w" ] || { echo "compare.sh: no workload named $w" >&2; exit 2; }
done

# A64Jit runs from a ReadyToRun build (`dotnet publish`, its own code compiled ahead of time), so
# that its wall times do not include RyuJIT compiling A64Jit itself at every start.
dll=${A64JIT_DLL:-$root/Cli/bin/publish/a64jit.dll}
a64jit_note=""
if [ -n "$engines" ]; then
    if [ "${SKIP_BUILD:-}" != 1 ] && [ -z "${A64JIT_DLL:-}" ]; then
        log "publishing A64Jit (Release, ReadyToRun)"
        rm -rf "$root/Cli/bin/publish" "$root/Cli/obj/Release/net10.0/linux-x64"
        if ! dotnet publish "$root/Cli/A64Jit.Cli.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
                -o "$root/Cli/bin/publish" -nologo -v q >"$work/dotnet-build.log" 2>&1; then
            a64jit_note="the Release publish failed (see dotnet publish output)"
            tail -n 20 "$work/dotnet-build.log" >&2
        fi
    fi
    [ -z "$a64jit_note" ] && [ -z "${A64JIT_CMD:-}" ] && [ ! -f "$dll" ] && a64jit_note="$dll does not exist"
fi
a64jit_cmd=${A64JIT_CMD:-dotnet $dll}

runners=(native qemu)
for e in $engines; do runners+=("$e"); done

# ---------------------------------------------------------------- measuring
# results: one line per run: workload runner run status wall_s rss_kb instructions blocks translation_ms fallback_pct cpu_s
results=$work/results.tsv
notes=$work/notes.tsv   # workload runner message (why a runner has no numbers)
: >"$results"; : >"$notes"

run_one() { # workload runner run-index
    local w=$1 r=$2 i=$3 cmd status t0 t1 wall rss cpu
    case "$r" in
        native) cmd=("$bin/x86_64/$w" "$scale") ;;
        qemu) cmd=(qemu-aarch64 -cpu "$qemu_cpu" "$bin/aarch64/$w" "$scale") ;;
        *) cmd=($a64jit_cmd run --engine "$r" --stats "$bin/aarch64/$w" "$scale") ;;
    esac
    t0=$(date +%s%N)
    set +e
    timeout "$timeout_s" /usr/bin/time -f '%M %U %S' -o "$work/rss" "${cmd[@]}" >"$work/stdout" 2>"$work/stderr"
    status=$?
    set -e
    t1=$(date +%s%N)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    read -r rss cpu < <(tail -n 1 "$work/rss" 2>/dev/null | awk 'NF == 3 && $1 ~ /^[0-9]+$/ { printf "%s %.2f\n", $1, $2 + $3; exit } END { if (NR == 0) print "NA NA" }') || true
    [ -n "${rss:-}" ] && [ "$rss" != NA ] || { rss=NA; cpu=NA; }
    local verdict=ok msg=""
    if [ $status = 124 ]; then verdict=timeout; msg="timed out after ${timeout_s} s"
    elif [ $status != 0 ]; then
        verdict=failed
        local first
        first=$(grep -v '^a64jit: \(engine\|guest\|blocks\|translation\|fallback\)' "$work/stderr" | grep -v '^Command \(exited\|terminated\)' | head -n 1 | cut -c1-160 || true)
        msg="exit status $status"
        [ "$status" -gt 128 ] && msg="$msg (128 + signal $((status - 128)))"
        [ -n "$first" ] && msg="$msg: $first"
    elif [ "$r" != native ] && ! cmp -s "$work/stdout" "$work/expected.$w"; then
        verdict=wrong; msg="output differs from native: $(head -n 1 "$work/stdout" | cut -c1-160 || true)"
    fi
    # a64jit --stats lines: "a64jit: <name>   <value> [unit]"
    local stats
    stats=$(awk '
        /^a64jit: / {
            line = substr($0, 9); split(line, parts, /  +/); key = parts[1]; val = parts[2]; sub(/ .*/, "", val)
            if (key == "guest instructions") ins = val
            else if (key == "blocks translated") blk = val
            else if (key == "translation time") tr = val
            else if (key == "fallback rate") fb = val
        }
        END { printf "%s\t%s\t%s\t%s", ins == "" ? "NA" : ins, blk == "" ? "NA" : blk, tr == "" ? "NA" : tr, fb == "" ? "NA" : fb }
    ' "$work/stderr")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$r" "$i" "$verdict" "$wall" "$rss" "$stats" "$cpu" >>"$results"
    [ -n "$msg" ] && printf '%s\t%s\t%s\n' "$w" "$r" "$msg" >>"$notes"
    log "$w $r #$i: $verdict ${wall}s cpu=${cpu}s rss=${rss}KB${msg:+ ($msg)}"
    [ "$verdict" = ok ]
}

for w in "${workloads[@]}"; do
    # The native output is the reference every other runner must reproduce.
    if ! "$bin/x86_64/$w" "$scale" >"$work/expected.$w"; then
        echo "compare.sh: native $w failed its own check" >&2; exit 1
    fi
    declare -A dead=()
    for r in "${runners[@]:2}"; do
        if [ -n "$a64jit_note" ]; then dead[$r]=1; printf '%s\t%s\t%s\n' "$w" "$r" "not run: $a64jit_note" >>"$notes"; fi
    done
    for ((i = 1; i <= runs; i++)); do
        for r in "${runners[@]}"; do
            [ -n "${dead[$r]:-}" ] && continue
            [ "$r" = interp ] && [ "$i" -gt "$interp_runs" ] && continue
            run_one "$w" "$r" "$i" || dead[$r]=1   # a runner that failed is not retried on this workload
        done
    done
    unset dead
done

# ---------------------------------------------------------------- machine description
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$cpu" ] || cpu=$(uname -m)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
qemu_ver=$(qemu-aarch64 --version | head -n 1)
gcc_ver=$(gcc --version | head -n 1)
xgcc_ver=$(aarch64-linux-gnu-gcc --version | head -n 1)
dotnet_ver=$( [ -n "$engines" ] && dotnet --version 2>/dev/null || echo "not used")
git_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)

# ---------------------------------------------------------------- report
mkdir -p "$(dirname "$out_md")"
awk -F'\t' \
    -v runners="${runners[*]}" -v engines="$engines" -v workloads="${workloads[*]}" \
    -v md="$out_md" -v svg="$out_svg" -v svgname="$(basename "$out_svg")" \
    -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v cmd="$cmdline" -v runs="$runs" -v interp_runs="$interp_runs" -v scale="$scale" \
    -v envline="RUNS=$runs$( [ "$interp_runs" != "$runs" ] && echo " INTERP_RUNS=$interp_runs") SCALE=$scale A64JIT_ENGINES=\"$engines\" QEMU_CPU=$qemu_cpu" \
    -v cpu="$cpu" -v ncpu="$(nproc)" -v mem="$mem" -v kernel="$(uname -sr)" -v qemu_cpu="$qemu_cpu" \
    -v qemu_ver="$qemu_ver" -v gcc_ver="$gcc_ver" -v xgcc_ver="$xgcc_ver" -v dotnet_ver="$dotnet_ver" -v rev="$git_rev" '
function median(key,    n, i, j, t, v) {
    n = cnt[key]
    if (n == 0) return ""
    for (i = 1; i <= n; i++) v[i] = val[key, i]
    for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function add(w, r, what, x) { if (x == "NA" || x == "") return; k = w SUBSEP r SUBSEP what; cnt[k]++; val[k, cnt[k]] = x + 0 }
function med(w, r, what) { return median(w SUBSEP r SUBSEP what) }
function fmt(x, f) { return x == "" ? "–" : sprintf(f, x) }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
function isengine(r) { return r != "native" && r != "qemu" }
function label(r) { return r == "native" ? "native x86-64" : r == "qemu" ? "qemu-aarch64" : "A64Jit " r }
function log10(x) { return log(x) / log(10) }
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
FILENAME == ARGV[1] {   # results
    if ($4 == "ok") {
        okruns[$1, $2]++
        add($1, $2, "wall", $5); add($1, $2, "rss", $6); add($1, $2, "ins", $7)
        add($1, $2, "blk", $8); add($1, $2, "tr", $9); add($1, $2, "fb", $10); add($1, $2, "cpu", $11)
    } else bad[$1, $2] = $4
    seen[$1, $2] = 1
    next
}
{ if (!(($1, $2) in note)) note[$1, $2] = $3 }   # notes: first message per workload and runner
END {
    nr = split(runners, R, " "); nw = split(workloads, W, " "); ne = split(engines, E, " ")
    # Ratios are throughput ratios: time of the reference / time of the runner (above 1 = faster).
    for (i = 1; i <= nw; i++) {
        w = W[i]
        for (j = 1; j <= nr; j++) {
            r = R[j]; t = med(w, r, "wall"); T[w, r] = t
        }
        for (j = 1; j <= nr; j++) {
            r = R[j]
            vq[w, r] = (r == "qemu" || r == "native") ? "" : ratio(T[w, "qemu"], T[w, r])
            vn[w, r] = r == "native" ? "" : ratio(T[w, "native"], T[w, r])
            if (vq[w, r] != "") { gq[r] += log(vq[w, r]); nq[r]++ }
            if (vn[w, r] != "") { gn[r] += log(vn[w, r]); nn[r]++ }
        }
    }
    for (j = 1; j <= nr; j++) {
        r = R[j]
        GQ[r] = nq[r] ? exp(gq[r] / nq[r]) : ""
        GN[r] = nn[r] ? exp(gn[r] / nn[r]) : ""
    }

    print "# A64Jit performance" > md
    print "" > md
    print "Generated by `Perf/compare.sh` (do not edit by hand). Each workload is a C program from" > md
    print "`Perf/workloads`, built `-O2 -static` for aarch64 and, from the same source and flags, for" > md
    print "x86-64; it checks its own result and prints one line, and a run counts only if it exits 0" > md
    print "and prints exactly what the native build printed." > md
    print "" > md
    print "## Setup" > md
    print "" > md
    printf "- Date: %s\n", date > md
    printf "- Command: `%s` (%s), revision %s\n", cmd, envline, rev > md
    printf "- Machine: %s, %s CPUs (`nproc`), %s memory, %s\n", cpu, ncpu, mem, kernel > md
    printf "- Peers: %s with `-cpu %s` (ARMv8.0 + AES/PMULL/SHA1/SHA2/CRC32 and the Cortex-A53 MIDR that A64Jit reports; it lacks only LSE); native x86-64 built with %s; guests built with %s\n", qemu_ver, qemu_cpu, gcc_ver, xgcc_ver > md
    if (ne) printf "- A64Jit: `dotnet Cli/bin/publish/a64jit.dll run --engine E --stats` (ReadyToRun build from `dotnet publish Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o Cli/bin/publish`; .NET SDK %s), engines: %s\n", dotnet_ver, engines > md
    else print "- A64Jit: not measured in this run (peers only)" > md
    printf "- %d interleaved runs per runner and workload (native, qemu, then each engine, repeated)%s, workload size %s%% of the default; every figure is the median of the runs\n", runs, (interp_runs != runs ? sprintf(" (the interpreter-only engine: %d)", interp_runs) : ""), scale > md
    print "- Wall time is end to end (process start to exit, including .NET start-up and translation for A64Jit); CPU = user + system time of the process (all its threads), which suffers less than wall time from other load on a shared machine; guest MIPS = guest instructions / wall time; peak RSS from `/usr/bin/time -f %M`" > md
    print "- Ratios are throughput ratios, reference time / runner time: above 1 means the runner is faster than the reference (qemu-aarch64 or native x86-64)" > md
    print "" > md
    printf "![Throughput ratios](%s)\n", svgname > md
    print "" > md
    print "## Summary (geometric means over the workloads)" > md
    print "" > md
    print "| runner | vs qemu-aarch64 | vs native x86-64 | workloads measured |" > md
    print "|---|---:|---:|---:|" > md
    for (j = 2; j <= nr; j++) {
        r = R[j]; m = 0
        for (i = 1; i <= nw; i++) if (T[W[i], r] != "") m++
        printf "| %s | %s | %s | %d of %d |\n", label(r), isengine(r) ? fmt(GQ[r], "%.3f") : "–", fmt(GN[r], "%.3f"), m, nw > md
    }
    print "" > md
    print "## Per workload" > md
    print "" > md
    print "| workload | runner | wall (s) | CPU (s) | guest instructions | guest MIPS | vs qemu | vs native | translation (ms) | blocks translated | fallback (%) | peak RSS (MiB) |" > md
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" > md
    for (i = 1; i <= nw; i++) {
        w = W[i]
        for (j = 1; j <= nr; j++) {
            r = R[j]
            if (T[w, r] == "") {
                why = ((w, r) in note) ? note[w, r] : (((w, r) in bad) ? bad[w, r] : "no successful run")
                printf "| %s | %s | %s ||||||||||\n", w, label(r), "**" esc(why) "**" > md
                continue
            }
            ins = med(w, r, "ins"); fail = ((w, r) in bad) ? " (" okruns[w, r] " ok, then " bad[w, r] ")" : ""
            printf "| %s | %s | %.3f%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", w, label(r), T[w, r], fail, fmt(med(w, r, "cpu"), "%.2f"),
                ins == "" ? "–" : sprintf("%.0f", ins), ins == "" ? "–" : sprintf("%.1f", ins / T[w, r] / 1e6),
                fmt(vq[w, r], "%.3f"), fmt(vn[w, r], "%.3f"), fmt(med(w, r, "tr"), "%.1f"), fmt(med(w, r, "blk"), "%.0f"),
                fmt(med(w, r, "fb"), "%.2f"), med(w, r, "rss") == "" ? "–" : sprintf("%.1f", med(w, r, "rss") / 1024) > md
        }
    }
    print "" > md
    print "Guest instructions, translation time, blocks and fallback rate come from A64Jit'"'"'s `--stats`;" > md
    print "qemu-aarch64 and the native build report none. Fallback rate: share of guest instructions the" > md
    print "interpreter executed under a translating engine." > md

    # ------------------------------------------------------------ SVG: two log-scale panels
    # Panel 1: A64Jit engines relative to qemu-aarch64. Panel 2: qemu and engines relative to native.
    ns1 = 0; for (j = 1; j <= nr; j++) if (isengine(R[j])) S1[++ns1] = R[j]
    ns2 = 0; for (j = 2; j <= nr; j++) S2[++ns2] = R[j]
    ng = nw + 1; for (i = 1; i <= nw; i++) G[i] = W[i]; G[ng] = "geomean"
    for (j = 1; j <= nr; j++) { r = R[j]; vq["geomean", r] = GQ[r]; vn["geomean", r] = GN[r] }
    lo = 1; hi = 1
    for (g = 1; g <= ng; g++) for (j = 1; j <= nr; j++) {
        r = R[j]
        if (vq[G[g], r] != "") { if (vq[G[g], r] < lo) lo = vq[G[g], r]; if (vq[G[g], r] > hi) hi = vq[G[g], r] }
        if (vn[G[g], r] != "") { if (vn[G[g], r] < lo) lo = vn[G[g], r]; if (vn[G[g], r] > hi) hi = vn[G[g], r] }
    }
    dlo = int(log10(lo)); if (10 ^ dlo > lo) dlo--
    dhi = int(log10(hi)); if (10 ^ dhi < hi) dhi++
    if (dhi <= dlo) dhi = dlo + 1
    color["qemu"] = "#888888"; color["tiered"] = "#1f77b4"; color["jit"] = "#2ca02c"; color["interp"] = "#d62728"
    pw = 60 + ng * 90; ph = 260; top1 = 70; top2 = top1 + ph + 90; width = pw + 180; if (width < 760) width = 760; height = top2 + ph + 70
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height, width, height > svg
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n" > svg
    printf "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">A64Jit throughput ratios (log scale; above 1 = faster than the reference)</text>\n", 20 > svg
    printf "<text x=\"%d\" y=\"42\" fill=\"#555\">%s; median of %d runs; %s</text>\n", 20, esc(cpu), runs, date > svg
    panel(top1, "relative to qemu-aarch64 -cpu " qemu_cpu, S1, ns1, vq)
    panel(top2, "relative to native x86-64", S2, ns2, vn)
    print "</svg>" > svg
}
function ypos(v, top) { return top + ph - (log10(v) - dlo) / (dhi - dlo) * ph }
function panel(top, title, S, ns, V,    d, y, g, s, x0, bw, x, v, yv, y1, ytop, h, ty) {
    printf "<text x=\"60\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>\n", top - 8, esc(title) > svg
    for (d = dlo; d <= dhi; d++) {
        y = ypos(10 ^ d, top)
        printf "<line x1=\"60\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\"/>\n", y, pw, y, (d == 0 ? "#000" : "#ddd"), (d == 0 ? 1.5 : 1) > svg
        printf "<text x=\"54\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", y + 4, ((10 ^ d) >= 1 ? sprintf("%d", 10 ^ d) : sprintf("%g", 10 ^ d)) > svg
    }
    if (ns == 0) {
        printf "<text x=\"%d\" y=\"%d\" fill=\"#555\">no A64Jit engine measured</text>\n", 80, top + ph / 2 > svg
    }
    bw = ns ? 70 / ns : 0
    for (g = 1; g <= ng; g++) {
        x0 = 60 + (g - 1) * 90 + 10
        printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\"%s>%s</text>\n", x0 + 35, top + ph + 16, G[g] == "geomean" ? " font-weight=\"bold\"" : "", esc(G[g]) > svg
        for (s = 1; s <= ns; s++) {
            v = V[G[g], S[s]]; x = x0 + (s - 1) * bw
            if (v == "") {
                printf "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">×</text>\n", x + bw / 2, top + ph - 4, color[S[s]] > svg
                continue
            }
            # Bars grow from the line at 1: up = faster than the reference, down = slower.
            yv = ypos(v, top); y1 = ypos(1, top)
            ytop = yv < y1 ? yv : y1; h = yv < y1 ? y1 - yv : yv - y1; if (h < 1) h = 1
            printf "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %.3f</title></rect>\n", x, ytop, bw - 2, h, color[S[s]], esc(G[g]), label(S[s]), v > svg
            ty = v >= 1 ? yv - 3 : yv + 3
            printf "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" font-size=\"9\" text-anchor=\"%s\">%s</text>\n", x + bw / 2 + 3, ty, (v >= 1 ? "start" : "end"), (v >= 10 ? sprintf("%.0f", v) : v >= 0.1 ? sprintf("%.2f", v) : sprintf("%.3f", v)) > svg
        }
    }
    for (s = 1; s <= ns; s++) {
        printf "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>\n", pw + 20, top + (s - 1) * 20, color[S[s]], pw + 38, top + (s - 1) * 20 + 10, esc(label(S[s])) > svg
    }
    printf "<text x=\"%d\" y=\"%d\" fill=\"#555\">× = no successful run</text>\n", pw + 20, top + ns * 20 + 10 > svg
}
' "$results" "$notes"

log "wrote $out_md and $out_svg"
