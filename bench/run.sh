#!/usr/bin/env bash
# bench/run.sh — pledgeboard against Hugo, Zola and the floor, side by side.
#
#   bench/run.sh            # sizes S and M
#   bench/run.sh L          # size L only (Hugo and Zola take minutes a run)
#   RUNS=5 TOOLS="floor-read floor-cp pb" bench/run.sh M
#
# Sizes: S = 1,000 pledge sheets, M = 10,000, L = 100,000, with 3 progress
# notes a sheet on average (examples/gen_corpus.rs, seed 1; the same data is
# written as a Hugo and a Zola site with one page per sheet, note and
# unit-year list). Each round runs every tool once, in an order rotated
# from round to round, so that load from other work on the machine falls
# on all tools alike; the table gives the median of RUNS rounds. Every run
# is a clean build: the tool's output folder is deleted before it
# (untimed), then `sync` and SETTLE seconds of quiet.
#
# Tools (TOOLS, space separated; default: all of them):
#   floor-read  find CORPUS -type f -print0 | xargs -0 cat >/dev/null
#   floor-cp    cp -r <pledgeboard's default-mode output> <fresh folder>
#   floor-cp-notes     cp -r <pledgeboard's output with note pages> <fresh folder>
#   floor-write-notes  examples/write_floor.rs: that output, read into memory
#               first (not timed), written on every core; its own figures
#               for the writing alone replace the command's
#   pb          pledgeboard build (default mode, note_pages: false)
#   pb-notes    pledgeboard build with note_pages: true (the peers' pages)
#   pb-rebuild  pledgeboard build over its own previous, identical output
#   check       pledgeboard check
#   hugo        hugo on the same data (Debian's package)
#   zola        zola on the same data (ZOLA=path; skipped when not found)
#   serve       edit-to-reload time of pledgeboard serve (serve_latency.py)
# The floor is floor-read + floor-cp (medians); with note pages, floor-read +
# floor-write-notes.
#
# Environment: RUNS (3), WORK (/tmp/pb-bench), SETTLE (2 s), RECENT (370 s),
# FRESH (1), COLD (0; 1
# drops the page cache before every run, needs root), PB, HUGO, ZOLA,
# NO_BUILD (0; 1 uses the binaries as they are), GEN, CLEAN (0; 1 deletes the
# corpora and outputs of each size when done), SEED (1), NOTES (3).
#
# Appends every run to WORK/results.tsv, writes the table of each size to
# WORK/report-<size>.md and prints it.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/pb-bench}
SETTLE=${SETTLE:-2}
# On ext4 without a journal, the kernel passes over a free inode deleted
# less than 60 s ago, or less than 360 s ago while its inode table block
# is dirty (recently_deleted() in fs/ext4/ialloc.c), and each new inode
# dirties the block of the freed ones beside it: a `sync` does not
# shorten the wait. Creating 60,000 files and folders took 1.7-2.7 s of
# kernel time on a fresh file system, 7.7-16 s when 65 s had passed since
# deleting as many, 2.1 s when 370 s had (BENCHMARKS.md, "Notes").
RECENT=${RECENT:-370}
FRESH=${FRESH:-1}
COLD=${COLD:-0}
SEED=${SEED:-1}
NOTES=${NOTES:-3}
CLEAN=${CLEAN:-0}
TODAY=2026-11-28
TOOLS=${TOOLS:-"floor-read floor-cp floor-cp-notes floor-write-notes pb pb-notes pb-rebuild check hugo zola serve"}
PB=${PB:-$repo/target/release/pledgeboard}
GEN=${GEN:-$repo/target/release/examples/gen_corpus}
WRITE_FLOOR=${WRITE_FLOOR:-$repo/target/release/examples/write_floor}
HUGO=${HUGO:-hugo}
ZOLA=${ZOLA:-$(command -v zola || echo /tmp/zola-src/target/release/zola)}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(S M)

sheets_of() {
    case $1 in
    S) echo 1000 ;;
    M) echo 10000 ;;
    L) echo 100000 ;;
    *)
        echo "unknown size $1 (S, M or L)" >&2
        exit 2
        ;;
    esac
}
has() { [[ " $TOOLS " == *" $1 "* ]]; }
now() { date +%s.%N; }
since() { printf %.2f "$(echo "$(now) - $1" | bc -l)"; }

mkdir -p "$WORK"
if [ "${NO_BUILD:-0}" != 1 ]; then
    (cd "$repo" && cargo build --release --quiet --bin pledgeboard --example gen_corpus --example write_floor)
fi
# Time a private copy: target/ may be rebuilt while the rounds run.
mkdir -p "$WORK/bin"
cp "$PB" "$WORK/bin/pledgeboard.tmp" && mv "$WORK/bin/pledgeboard.tmp" "$WORK/bin/pledgeboard"
pb_from="$PB, binary of $(stat -c %y "$PB" | cut -d. -f1), md5 $(md5sum <"$PB" | cut -c1-12)"
PB=$WORK/bin/pledgeboard
if has hugo && ! command -v "$HUGO" >/dev/null; then
    echo "hugo not found (apt-get install -y hugo): skipping it" >&2
    TOOLS=${TOOLS/hugo/}
fi
if has floor-write-notes && [ ! -x "$WRITE_FLOOR" ]; then
    echo "$WRITE_FLOOR not found (cargo build --release --example write_floor)" >&2
    exit 2
fi
if has zola && ! command -v "$ZOLA" >/dev/null; then
    echo "zola not found (set ZOLA=path): skipping it" >&2
    TOOLS=${TOOLS/zola/}
fi
if [ "$COLD" = 1 ] && ! (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
    echo "cannot drop the page cache: measuring warm" >&2
    COLD=0
fi

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr), $(df -T "$WORK" | awk 'NR==2{print $2}') file system"
    echo "pledgeboard: $("$PB" --version 2>&1 | head -1) ($pb_from)"
    if has hugo; then echo "hugo: $("$HUGO" version | head -1)"; fi
    if has zola; then echo "zola: $("$ZOLA" --version 2>&1 | head -1)"; fi
    if [ "$COLD" = 1 ]; then
        echo "cache: cold (page cache dropped before every run)"
    else
        echo "cache: warm (every input read once before the rounds)"
    fi
    echo "load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$WORK/machine.txt"

results=$WORK/results.tsv
[ -f "$results" ] || printf 'date\tsize\ttool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kib\tstatus\n' >"$results"

# The command of a tool, writing into $out.
command_for() {
    local tool=$1 size=$2 c=$WORK/corpus-$2
    case $tool in
    floor-read) echo "find '$c' -type f -print0 | xargs -0 cat >/dev/null" ;;
    floor-cp) echo "cp -r '$WORK/ref-$size' '$out'" ;;
    floor-cp-notes) echo "cp -r '$WORK/ref-notes-$size' '$out'" ;;
    floor-write-notes) echo "'$WRITE_FLOOR' '$WORK/ref-notes-$size' '$out'" ;;
    pb | pb-notes | pb-rebuild) echo "'$PB' build --root '$c' --out '$out' --today $TODAY" ;;
    check) echo "'$PB' check --root '$c' --today $TODAY" ;;
    hugo) echo "'$HUGO' --quiet --source '$WORK/hugo-$size' --destination '$out'" ;;
    zola) echo "'$ZOLA' --root '$WORK/zola-$size' build --output-dir '$out'" ;;
    *)
        echo "unknown tool $tool" >&2
        exit 2
        ;;
    esac
}

# Waits until files deleted so far no longer slow down creating new ones
# (see RECENT above).
settle_deletes() {
    if [ "$FRESH" = 1 ]; then
        sync
        echo "  waiting ${RECENT} s after deleting (ext4 passes over inodes freed in the last 6 minutes)"
        sleep "$RECENT"
    fi
}

note_pages() { sed -i "s/^note_pages: .*/note_pages: $2/" "$WORK/corpus-$1/site.yaml"; }

# One timed run; appends a line to $runs and to results.tsv.
run_one() {
    local tool=$1 size=$2 run=$3
    out=$WORK/out-$tool-$size
    if [ "$FRESH" = 1 ] && [ "$tool" != pb-rebuild ]; then out=$out-$run; fi
    if [ "$tool" = check ] || [ "$tool" = floor-read ]; then out=/dev/null; fi
    if [ "$tool" = pb-rebuild ]; then
        [ -d "$out" ] || eval "$(command_for pb "$size")" >/dev/null 2>&1
    elif [ "$out" != /dev/null ]; then
        rm -rf "$out"
    fi
    if [ "$tool" = pb-notes ]; then note_pages "$size" true; fi
    sync
    sleep "$SETTLE"
    if [ "$COLD" = 1 ]; then echo 3 >/proc/sys/vm/drop_caches; fi
    local cmd t0 wall status=0
    cmd=$(command_for "$tool" "$size")
    t0=$(now)
    /usr/bin/time -v -o "$WORK/time.txt" bash -c "$cmd" >"$WORK/stdout.txt" 2>"$WORK/stderr.txt" || status=$?
    wall=$(since "$t0")
    if [ "$tool" = pb-notes ]; then note_pages "$size" false; fi
    local user sys rss line
    user=$(awk -F': ' '/User time/{print $2}' "$WORK/time.txt")
    sys=$(awk -F': ' '/System time/{print $2}' "$WORK/time.txt")
    if [ "$tool" = floor-write-notes ]; then
        # Only the writing counts: the reading before it is not the floor's.
        local phase
        phase=$(grep '^phase ' "$WORK/stdout.txt" || true)
        wall=$(sed -n 's/.*wall_s=\([0-9.]*\).*/\1/p' <<<"$phase")
        user=$(sed -n 's/.*user_s=\([0-9.]*\).*/\1/p' <<<"$phase")
        sys=$(sed -n 's/.*sys_s=\([0-9.]*\).*/\1/p' <<<"$phase")
        if [ -z "$wall" ]; then
            [ "$status" = 0 ] && status=1
            wall=0 user=0 sys=0
        fi
    fi
    rss=$(awk -F': ' '/Maximum resident/{print $2}' "$WORK/time.txt")
    line=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$(date -u +%FT%TZ)" "$size" "$tool" "$run" \
        "$wall" "$user" "$sys" "$rss" "$status")
    echo "$line" >>"$runs"
    echo "$line" >>"$results"
    printf '  round %s  %-17s %7.2f s  %6.0f MiB  cpu %5.2f s\n' "$run" "$tool" "$wall" \
        "$(echo "$rss / 1024" | bc -l)" "$(echo "$user + $sys" | bc -l)"
    if [ "$status" != 0 ]; then
        echo "  $tool failed (exit $status):" >&2
        tail -5 "$WORK/stderr.txt" >&2
    fi
}

# "pages files bytes" of an output folder: HTML files, all files, bytes.
output_size() {
    if [ -d "$1" ]; then
        printf '%s\t%s\t%s' "$(find "$1" -type f -name '*.html' | wc -l)" \
            "$(find "$1" -type f | wc -l)" "$(du -sb "$1" | cut -f1)"
    else
        printf -- '–\t–\t–'
    fi
}

# The Markdown table of one size from its runs file.
table() {
    local size=$1 n=$2
    echo "### $size: $n sheets — $(date -u +%F), $RUNS rounds"
    echo
    echo "| tool | wall (median) | min–max | ÷ floor | CPU/wall | peak RSS | pages | files | bytes |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' -v order="$TOOLS" '
        FILENAME == ARGV[1] { pages[$1] = $2; files[$1] = $3; bytes[$1] = $4; next }
        { w[$3] = w[$3] " " $5; c[$3] = c[$3] " " ($6 + $7) / ($5 > 0 ? $5 : 1)
          if ($8 > rss[$3]) rss[$3] = $8; if ($9 != 0) failed[$3] = 1 }
        function sort(list, a,   n, i, j, t) {
            n = split(list, a, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
                if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
            return n
        }
        function median(list,   a, n) { n = sort(list, a); return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        function lo(list,   a) { sort(list, a); return a[1] }
        function hi(list,   a, n) { n = sort(list, a); return a[n] }
        END {
            floor = ("floor-read" in w && "floor-cp" in w) ? median(w["floor-read"]) + median(w["floor-cp"]) : 0
            n = split(order, T, " ")
            for (i = 1; i <= n; i++) {
                k = T[i]; if (!(k in w)) continue
                m = median(w[k])
                printf "| %s%s | %.2f s | %.2f–%.2f | %s | %.2f | %.0f MiB | %s | %s | %s |\n",
                    k, (k in failed ? " (FAILED)" : ""), m, lo(w[k]), hi(w[k]),
                    (floor > 0 ? sprintf("%.2f", m / floor) : "–"), median(c[k]), rss[k] / 1024,
                    (k in pages ? pages[k] : "–"), (k in files ? files[k] : "–"), (k in bytes ? bytes[k] : "–")
            }
            if (floor > 0) printf "| **floor** = read + cp | %.2f s | | 1.00 | | | | | |\n", floor
            if ("floor-read" in w && "floor-write-notes" in w)
                printf "| **floor with note pages** = read + write-notes | %.2f s | | %s | | | | | |\n",
                    median(w["floor-read"]) + median(w["floor-write-notes"]),
                    (floor > 0 ? sprintf("%.2f", (median(w["floor-read"]) + median(w["floor-write-notes"])) / floor) : "–")
        }' "$WORK/sizes-$size.tsv" "$runs"
}

for size in "${sizes[@]}"; do
    n=$(sheets_of "$size")
    c=$WORK/corpus-$size
    echo
    echo "== $size: $n sheets, $NOTES notes a sheet on average, seed $SEED"
    args="--sheets $n --notes-per-sheet $NOTES --seed $SEED"
    stamp="$args $(md5sum <"$GEN" | cut -c1-12)"
    if [ "$(cat "$c.args" 2>/dev/null)" != "$stamp" ]; then
        rm -rf "$c" "$WORK/hugo-$size" "$WORK/zola-$size" "$c.args"
        sync
        t0=$(now)
        # shellcheck disable=SC2086
        "$GEN" $args --out "$c" --hugo "$WORK/hugo-$size" --zola "$WORK/zola-$size"
        echo "  generated (pledgeboard, Hugo and Zola sites) in $(since "$t0") s"
        echo "$stamp" >"$c.args"
    fi
    note_pages "$size" false
    echo "  input: $(find "$c/content" -type f | wc -l) files, $(du -sb "$c/content" | cut -f1) bytes"
    # The floor copies pledgeboard's own default output: build it once.
    rm -rf "$WORK/ref-$size" "$WORK/ref-notes-$size" "$WORK"/out-*-"$size" "$WORK"/out-*-"$size"-*
    "$PB" build --root "$c" --out "$WORK/ref-$size" --today $TODAY >/dev/null 2>&1
    if has floor-cp-notes || has floor-write-notes; then
        note_pages "$size" true
        "$PB" build --root "$c" --out "$WORK/ref-notes-$size" --today $TODAY >/dev/null 2>&1
        note_pages "$size" false
    fi
    settle_deletes
    # Warm the page cache with every input.
    find "$c" "$WORK/hugo-$size" "$WORK/zola-$size" -type f -print0 2>/dev/null | xargs -0 cat >/dev/null

    runs=$WORK/runs-$size.tsv
    : >"$runs"
    timed=()
    for t in $TOOLS; do
        if [ "$t" != serve ]; then timed+=("$t"); fi
    done
    k=${#timed[@]}
    for run in $(seq 1 "$RUNS"); do
        for i in $(seq 0 $((k - 1))); do
            run_one "${timed[$(((i + run - 1) % k))]}" "$size" "$run"
        done
    done
    : >"$WORK/sizes-$size.tsv"
    for t in "${timed[@]}"; do
        if [ "$t" = check ] || [ "$t" = floor-read ]; then continue; fi
        last=$WORK/out-$t-$size
        if [ "$FRESH" = 1 ] && [ "$t" != pb-rebuild ]; then last=$last-$RUNS; fi
        printf '%s\t%s\n' "$t" "$(output_size "$last")" >>"$WORK/sizes-$size.tsv"
    done

    report=$WORK/report-$size.md
    table "$size" "$n" >"$report"
    if has serve; then
        echo "  serve: 10 edits…"
        json=$(python3 "$here/serve_latency.py" "$PB" "$c" --edits 10 --port 1199) || json="failed"
        { echo; echo "serve, edit to reload event: \`$json\`"; } >>"$report"
    fi
    echo
    cat "$report"

    rm -rf "$WORK/ref-$size" "$WORK/ref-notes-$size" "$WORK"/out-*-"$size" "$WORK"/out-*-"$size"-*
    if [ "$CLEAN" = 1 ]; then
        rm -rf "$c" "$c.args" "$WORK/hugo-$size" "$WORK/zola-$size"
    fi
done
