#!/usr/bin/env bash
# bench-export.sh BUILD_DIR [options] [-- EXTRA_EXPORT_ARGS...]
#
# On-demand export benchmark (never part of `meson test`).  Compares the
# median wall time of `veil-cli export` with a plain `cp -r` of the same
# study, for a large CT study and for many tiny files.  See README.md.
#
# Options:
#   --ct N          CT instances (default 700; 0 skips the CT study)
#   --rows R        CT matrix size (default 512)
#   --tiny N        tiny 64x64 instances over ~50 series (default 5000; 0 skips)
#   --runs K        timed runs per mode (default 5)
#   --workdir DIR   where studies and scratch output live (default
#                   $VEIL_BENCH_WORKDIR, else ${TMPDIR:-/tmp}/veil-bench;
#                   tests/bench/scratch/ is git-ignored if you prefer it)
#   --no-reuse      skip the "reused mapping" mode
#   --no-verify     skip timing `veil-cli verify`
#   --cp-only       time only the cp baseline (no veil-cli needed)
#   --check         exit 1 if a veil/cp target is missed
#   -- ARGS...      extra arguments passed to `veil-cli export` (e.g. --preset X)
# Environment: VEIL_CLI overrides BUILD_DIR/engine/veil-cli.
#              VEIL_BENCH_NO_GNU_TIME=1 measures peak RSS without /usr/bin/time.
set -uo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=python3

usage() { sed -n '2,22s/^# \{0,1\}//p' "$0" >&2; exit 2; }
die() { echo "bench-export: $*" >&2; exit 2; }

[[ $# -ge 1 && $1 != -* ]] || usage
BUILD_DIR=$1; shift
CT_N=700 ROWS=512 TINY_N=5000 TINY_SERIES=50 RUNS=5
WORK='' REUSE=1 VERIFY=1 CP_ONLY=0 CHECK=0
EXTRA=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --ct) CT_N=${2:?}; shift 2 ;;
        --rows) ROWS=${2:?}; shift 2 ;;
        --tiny) TINY_N=${2:?}; shift 2 ;;
        --runs) RUNS=${2:?}; shift 2 ;;
        --workdir) WORK=${2:?}; shift 2 ;;
        --no-reuse) REUSE=0; shift ;;
        --no-verify) VERIFY=0; shift ;;
        --cp-only) CP_ONLY=1; shift ;;
        --check) CHECK=1; shift ;;
        --) shift; EXTRA=("$@"); break ;;
        -h|--help) usage ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
for v in "$CT_N" "$ROWS" "$TINY_N" "$RUNS"; do [[ $v =~ ^[0-9]+$ ]] || die "not a number: $v"; done
(( RUNS >= 1 )) || die "--runs must be >= 1"
(( TINY_N == 0 || TINY_N >= TINY_SERIES )) || TINY_SERIES=$TINY_N

# ------------------------------------------------------------------ setup
VEIL=${VEIL_CLI:-$BUILD_DIR/engine/veil-cli}
VEIL_MISSING=
if (( ! CP_ONLY )) && [[ ! -x $VEIL ]]; then
    VEIL_MISSING="veil-cli not found or not executable at $VEIL (build it: meson compile -C $BUILD_DIR, or set VEIL_CLI)"
    echo "!! $VEIL_MISSING; measuring the cp baseline only." >&2
fi

WORK=${WORK:-${VEIL_BENCH_WORKDIR:-${TMPDIR:-/tmp}/veil-bench}}
mkdir -p "$WORK" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd)
RUN=$WORK/run                # scratch: outputs and mappings, emptied each run
LOGS=$WORK/logs
rm -rf "$RUN"; mkdir -p "$RUN" "$LOGS"

if [[ -x /usr/bin/time && -z ${VEIL_BENCH_NO_GNU_TIME:-} ]]; then
    RSS_TOOL="/usr/bin/time"
else
    RSS_TOOL="python3 os.wait4"
fi

# measure LOG -- CMD...   run CMD (stdout+stderr to LOG); sets M_WALL (s),
# M_RSS (KiB peak resident set of CMD itself) and M_RC.
measure() {
    local log=$1; shift 2
    local rssfile=$RUN/.rss t0 t1
    rm -f "$rssfile"
    if [[ $RSS_TOOL == /usr/bin/time ]]; then
        t0=$EPOCHREALTIME
        /usr/bin/time -q -f '%M' -o "$rssfile" "$@" >"$log" 2>&1
        M_RC=$?
        t1=$EPOCHREALTIME
        M_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    else
        # No GNU time: wall time from wait4(), peak RSS by polling VmHWM in
        # /proc (the rusage of a child forked from python would include
        # python's own ~10 MB).
        "$PYTHON" -c '
import os, subprocess, sys, threading, time
out, cmd = sys.argv[1], sys.argv[2:]
hwm, done = [0], threading.Event()
def poll(pid):
    while not done.is_set():
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm[0] = max(hwm[0], int(line.split()[1]))
        except (OSError, ValueError):
            pass
        done.wait(0.005)
t0 = time.perf_counter()
try:
    p = subprocess.Popen(cmd)
except OSError as e:
    print(e, file=sys.stderr)
    sys.exit(127)
threading.Thread(target=poll, args=(p.pid,), daemon=True).start()
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t0
done.set()
open(out, "w").write("%d\n%.3f\n" % (hwm[0] or ru.ru_maxrss, wall))
rc = os.waitstatus_to_exitcode(status)
sys.exit(rc if rc >= 0 else 128 - rc)' "$rssfile" "$@" >"$log" 2>&1
        M_RC=$?
        M_WALL=$(sed -n 2p "$rssfile" 2>/dev/null)
    fi
    M_RSS=$(head -n 1 "$rssfile" 2>/dev/null | tr -dc 0-9)
    M_RSS=${M_RSS:-0}
    M_WALL=${M_WALL:-0}
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }
fresh() { rm -rf "$@"; sync; }     # untimed: clear outputs, flush dirty pages

# explain_veil_failure RC LOG WHAT
explain_veil_failure() {
    local rc=$1 log=$2 what=$3 meaning
    case $rc in
        1) meaning="exit 1: some files were refused" ;;
        2) meaning="exit 2: fatal error" ;;
        126|127) meaning="exit $rc: could not run $VEIL" ;;
        *) meaning="exit $rc: unexpected (crash or signal?)" ;;
    esac
    {
        echo "!! veil-cli $what failed — $meaning"
        echo "!! command log: $log (last lines below)"
        tail -n 15 "$log" | sed 's/^/!!   /'
    } >&2
}

# ------------------------------------------------------------ the studies
DATASETS=()
if (( CT_N > 0 )); then
    CT_DIR=$WORK/ct-${CT_N}x${ROWS}
    DATASETS+=("ct:$CT_DIR")
    if [[ ! -d $CT_DIR ]]; then
        echo "generating $CT_DIR ..."
        "$HERE/make-ct-study.sh" "$CT_DIR" "$CT_N" "$ROWS" 1 || die "CT generation failed"
    fi
fi
if (( TINY_N > 0 )); then
    TINY_DIR=$WORK/tiny-${TINY_N}x64-s$TINY_SERIES
    DATASETS+=("tiny:$TINY_DIR")
    if [[ ! -d $TINY_DIR ]]; then
        echo "generating $TINY_DIR ..."
        "$HERE/make-ct-study.sh" "$TINY_DIR" "$TINY_N" 64 "$TINY_SERIES" || die "tiny generation failed"
    fi
fi
(( ${#DATASETS[@]} )) || die "nothing to do (--ct 0 --tiny 0)"

# ------------------------------------------------------------- benchmark
row() {   # row MODE TIMES...  (uses name files mb bytes cp_med cp_mbs target RSS_LIST)
    local mode=$1; shift
    local med mbs ratio rss verdict
    med=$(median "$@")
    mbs=$(awk -v b="$bytes" -v t="$med" 'BEGIN { printf "%.0f", (t > 0) ? b / 1e6 / t : 0 }')
    ratio=$(awk -v a="$med" -v c="$cp_med" 'BEGIN { printf "%.2f", (c > 0) ? a / c : 0 }')
    verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print ((r + 0 <= t + 0) ? "ok" : "MISSED") }')
    [[ $verdict == ok ]] || MISSED=1
    rss=$(awk -v k="$(maxof "${RSS_LIST[@]}")" 'BEGIN { printf "%.0f", k / 1024 }')
    ROWS_OUT+=("$(printf '%-18s %6s %8s | %-12s %8s %7s | %8s %7s %7s %-6s %8s' \
        "$name" "$files" "$mb" "$mode" "$cp_med" "$cp_mbs" "$med" "$mbs" "${ratio}x" "<=${target}x" "$rss" ) $verdict")
}

ROWS_OUT=()          # formatted table rows
NOTES=()
FAILED=0 MISSED=0

for entry in "${DATASETS[@]}"; do
    kind=${entry%%:*} study=${entry#*:} name=$(basename "$study")
    if [[ $kind == ct ]]; then target=2; else target=6; fi
    files=$(find "$study" -type f | wc -l)
    bytes=$(find "$study" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
    echo
    echo "== $name: $files files, $mb MB"

    # Warm the page cache (and the binaries) with untimed runs.
    find "$study" -type f -exec cat {} + >/dev/null
    fresh "$RUN/cp"
    cp -r "$study" "$RUN/cp"
    veil_ok=0
    if (( ! CP_ONLY )) && [[ -z $VEIL_MISSING ]]; then
        fresh "$RUN/out" "$RUN/map-reuse"; mkdir -p "$RUN/map-reuse"
        echo "   warm-up: veil-cli export (untimed; also seeds the reused mapping)"
        measure "$LOGS/$name-warmup.log" -- "$VEIL" export --out "$RUN/out" \
            --mapping "$RUN/map-reuse/mapping.db" "${EXTRA[@]}" "$study"
        if (( M_RC == 0 || M_RC == 1 )); then
            veil_ok=1
            (( M_RC == 1 )) && explain_veil_failure 1 "$LOGS/$name-warmup.log" "export (warm-up)"
            out_files=$(find "$RUN/out" -type f 2>/dev/null | wc -l)
            (( out_files >= files )) || NOTES+=("$name: veil-cli wrote $out_files files for $files inputs")
        else
            explain_veil_failure "$M_RC" "$LOGS/$name-warmup.log" "export (warm-up)"
            FAILED=1
        fi
    fi

    cp_t=() fresh_t=() fresh_rss=() reuse_t=() reuse_rss=() cp_rss=()
    for ((r = 1; r <= RUNS; r++)); do
        fresh "$RUN/cp"
        measure "$LOGS/$name-cp.log" -- cp -r "$study" "$RUN/cp"
        (( M_RC == 0 )) || die "cp failed (see $LOGS/$name-cp.log)"
        cp_t+=("$M_WALL"); cp_rss+=("$M_RSS")
        line="   run $r/$RUNS: cp ${M_WALL}s"
        if (( veil_ok )); then
            fresh "$RUN/out" "$RUN/map"; mkdir -p "$RUN/map"
            measure "$LOGS/$name-export-fresh.log" -- "$VEIL" export --out "$RUN/out" \
                --mapping "$RUN/map/mapping.db" "${EXTRA[@]}" "$study"
            if (( M_RC > 1 )); then
                explain_veil_failure "$M_RC" "$LOGS/$name-export-fresh.log" "export (run $r)"
                FAILED=1; veil_ok=0
            else
                fresh_t+=("$M_WALL"); fresh_rss+=("$M_RSS")
                line+="  veil(fresh map) ${M_WALL}s"
            fi
        fi
        if (( veil_ok && REUSE )); then
            fresh "$RUN/out-reuse"
            measure "$LOGS/$name-export-reuse.log" -- "$VEIL" export --out "$RUN/out-reuse" \
                --mapping "$RUN/map-reuse/mapping.db" "${EXTRA[@]}" "$study"
            if (( M_RC > 1 )); then
                explain_veil_failure "$M_RC" "$LOGS/$name-export-reuse.log" "export, reused map (run $r)"
                FAILED=1; REUSE=0
            else
                reuse_t+=("$M_WALL"); reuse_rss+=("$M_RSS")
                line+="  veil(reused map) ${M_WALL}s"
            fi
        fi
        echo "$line"
    done

    cp_med=$(median "${cp_t[@]}")
    cp_mbs=$(awk -v b="$bytes" -v t="$cp_med" 'BEGIN { printf "%.0f", (t > 0) ? b / 1e6 / t : 0 }')
    if (( ${#fresh_t[@]} )); then
        RSS_LIST=("${fresh_rss[@]}"); row "fresh map" "${fresh_t[@]}"
    fi
    if (( ${#reuse_t[@]} )); then
        RSS_LIST=("${reuse_rss[@]}"); row "reused map" "${reuse_t[@]}"
    fi
    if (( ! ${#fresh_t[@]} )); then
        ROWS_OUT+=("$(printf '%-18s %6s %8s | %-12s %8s %7s | %8s' "$name" "$files" "$mb" "cp only" "$cp_med" "$cp_mbs" "-")")
    fi

    # verify, once, on the last fresh-mapping output
    if (( VERIFY && ${#fresh_t[@]} )); then
        measure "$LOGS/$name-verify.log" -- "$VEIL" verify --mapping "$RUN/map/mapping.db" "$RUN/out"
        case $M_RC in
            0) NOTES+=("$name: veil-cli verify ${M_WALL}s, peak RSS $((M_RSS / 1024)) MB, exit 0 (clean)") ;;
            1) NOTES+=("$name: veil-cli verify ${M_WALL}s — exit 1: IDENTIFIERS FOUND in the export (see $LOGS/$name-verify.log)")
               FAILED=1 ;;
            *) explain_veil_failure "$M_RC" "$LOGS/$name-verify.log" "verify"; FAILED=1 ;;
        esac
    fi
    fresh "$RUN/cp" "$RUN/out" "$RUN/out-reuse" "$RUN/map" "$RUN/map-reuse"
done

# ----------------------------------------------------------------- report
REPORT=$WORK/last-results.txt
{
    echo
    echo "Veil export benchmark — median wall time of $RUNS runs, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
    if (( CP_ONLY )); then echo "veil-cli: not run (--cp-only)    peak RSS via $RSS_TOOL    MB = 10^6 bytes"
    else echo "veil-cli: $VEIL    peak RSS via $RSS_TOOL    MB = 10^6 bytes"; fi
    echo
    printf '%-18s %6s %8s | %-12s %8s %7s | %8s %7s %7s %-6s %8s %s\n' \
        dataset files "size MB" mode "cp s" "cp MB/s" "veil s" "MB/s" veil/cp target "RSS MiB" ""
    printf '%s\n' "$(printf '%.0s-' {1..112})"
    printf '%s\n' "${ROWS_OUT[@]}"
    for n in "${NOTES[@]}"; do echo "note: $n"; done
    [[ -n $VEIL_MISSING ]] && echo "!! $VEIL_MISSING — only the cp baseline was measured."
    (( FAILED )) && echo "!! veil-cli failed — see the messages above and the logs in $LOGS."
} | tee "$REPORT"

if [[ -n $VEIL_MISSING ]] || (( FAILED )); then exit 1; fi
if (( CHECK && MISSED )); then echo "!! a target was missed" >&2; exit 1; fi
exit 0
