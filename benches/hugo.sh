#!/usr/bin/env bash
# congkhai side by side with Hugo on the same generated plans, in the same hyperfine
# run (issue 7). Ratios of medians are what count: the machine is shared and noisy.
#
#   benches/hugo.sh                 # 100 and 1000 plans
#   benches/hugo.sh 10 100 1000     # any sizes
#   RUNS=10 LIMIT=600 benches/hugo.sh 1000
#   CONGKHAI_BIN=/path/to/other/congkhai benches/hugo.sh 1000
#
# Needs: cargo, hugo (Debian: apt-get install hugo; v0.111 here), hyperfine, jq.
#
# For each size it generates the site (cargo run --release --example gen), writes a
# minimal Hugo project (baseof/single/list rendering title + content) whose contentDir
# is the generated site's content/, then runs with hyperfine (warm-up, >= 5 runs), in
# three ways:
#   fresh         every run builds into a new, empty folder: the outputs of the run
#                 before (and congkhai's kept previous output) are moved aside, into
#                 $WORK/aside-<pid>, and only deleted when the script ends. This is a
#                 first build, as in CI on a fresh clone
#   rebuild       each tool builds over its own previous output, as a commune's editors
#                 and CI do: Hugo overwrites its files in place, congkhai reuses the
#                 previous output's files and folders (see src/output.rs)
#   after-delete  the outputs are deleted (rm -rf) before every run. On ext4 without a
#                 journal (these VMs' root file system) the kernel then avoids reusing
#                 an inode deleted in the last minute (five if its table block is still
#                 dirty) by checking each candidate, on every allocation: a build that
#                 makes 25,000 files and folders right after 25,000 were deleted pays
#                 seconds of system time (Hugo makes 2,500). Run last, as it deletes.
# Deleting leaves that effect behind for minutes (seen here: a 100-plan build into a new
# folder took 1.0-1.2 s, system 1.6-2.1 s, for three minutes after a run's clean-up
# deleted its outputs; 0.33 s otherwise). So the script deletes nothing before
# the fresh and rebuild runs: outputs of an earlier run are moved aside too, generated
# sites are kept when they would come out the same, and a run started soon after the
# last one's clean-up waits (see SETTLE below). On tmpfs (WORK=/dev/shm/…) deleting
# costs nothing later. The aside folder needs disk space for each fresh
# run's outputs (about 0.3 GB a run at 1,000 plans, 1.3 GB at 10,000).
# First touch of memory: on a VM just booted, the hypervisor backs each page of guest
# memory only when it is first used, and that first use is slow (seen here: 3 GB
# written to tmpfs in 7.9 s the first time, 1.1-1.8 s after). A fresh run keeps every
# output aside, so every run writes into memory never used before, and the tool that
# writes more bytes pays more (congkhai 228 MB a build at 1,000 plans, Hugo 37 MB):
# on a new machine the first run of this script measured congkhai fresh at 1.73 s and
# sys 1.16 s, the next run 1.33 s and sys 0.53 s, Hugo unchanged. So before timing, the
# script writes and deletes a file in /dev/shm as large as what the fresh runs will keep
# aside (at most 60 % of the available memory), and reports how long that took;
# PRIME=0 skips it.
# Commands:
#   congkhai       congkhai build (templates compacted, with progress pages, search index, feed)
#   hugo --minify  the same Markdown through Hugo, minified
#   hugo           the same, not minified
# congkhai does much more per plan than the minimal Hugo layout (indicator, task and
# agency pages, notice-board sheets, a search index); that is the honest comparison
# the issue asks for: the product as shipped against the fastest peer doing the least.
#
# If one congkhai build takes longer than LIMIT seconds (default 300), hyperfine is not
# run for congkhai: the ratio is then reported as a lower bound (> LIMIT / Hugo's median).
# Results: target/bench-results/hugo-<size>-<fresh|rebuild|after-delete>.json (hyperfine) and
# hugo.md (summary).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100 1000)
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
LIMIT=${LIMIT:-300}
SEED=${SEED:-7}
WORK=${WORK:-$REPO/target/tmp/bench}
RESULTS=$REPO/target/bench-results
mkdir -p "$WORK" "$RESULTS"

# Outputs are moved here instead of deleted while anything is timed (see above), and
# deleted when the script ends.
ASIDE=$WORK/aside-$$
MOVE_ASIDE=$WORK/move-aside
mkdir -p "$ASIDE"
# The clean-up notes the time it deleted the outputs: a run started less than SETTLE
# seconds (default 370) after it waits for the rest first. ext4 prefers not to reuse
# an inode deleted in the last 60 s, or the last 360 s while its inode-table block is
# dirty, and a build's own new files dirty those blocks again: syncing after the
# delete does not shorten it (seen here: a fresh build of 1,000 plans 2.9 s, system
# 3.6 s, 90 s after a synced clean-up; 1.48 s eight minutes after one). Generated sites are
# kept between runs when they would come out the same (gen --keep-if-same), and the
# after-delete runs of every size come after all the others, so nothing is deleted
# right before timing.
SETTLED=$WORK/.deleted-at   # shared with benches/perf.rs
clean_up() {
    rm -rf "$ASIDE" "$MOVE_ASIDE" "/dev/shm/hugo-sh-prime-$$"
    date +%s > "$SETTLED"
}
trap clean_up EXIT
if [ "$(stat -f -c %T "$WORK")" != tmpfs ] && [ -f "$SETTLED" ]; then
    wait_s=$(( $(cat "$SETTLED") + ${SETTLE:-370} - $(date +%s) ))
    if [ "$wait_s" -gt 0 ]; then
        echo "hugo.sh: the last run deleted its outputs $(( ${SETTLE:-370} - wait_s )) s ago; waiting $wait_s s before timing (SETTLE=0 to skip)"
        sleep "$wait_s"
    fi
fi
cat > "$MOVE_ASIDE" <<EOF
#!/bin/sh
# Moves each path given that exists into a new folder under $ASIDE.
to=\$(mktemp -d "$ASIDE/run-XXXXXX") || exit 1
for path in "\$@"; do
    if [ -e "\$path" ]; then mv "\$path" "\$to/" || exit 1; fi
done
EOF
chmod +x "$MOVE_ASIDE"

for tool in hugo hyperfine jq; do
    command -v "$tool" >/dev/null || { echo "hugo.sh: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done

cargo build --release --quiet --bin congkhai --example gen
# CONGKHAI_BIN: another congkhai binary to compare (e.g. a branch with a fix).
BIN=${CONGKHAI_BIN:-$REPO/target/release/congkhai}
GEN=$REPO/target/release/examples/gen

SUMMARY=$RESULTS/hugo.md
{
    echo "# congkhai / Hugo"
    echo
    echo "Machine: $(nproc) CPUs ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB RAM; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "congkhai: $BIN"
    echo "$(hugo version | cut -d' ' -f1-2); hyperfine $(hyperfine --version | cut -d' ' -f2); runs: $RUNS after $WARMUP warm-up; medians."
    echo
    echo "| plans | Markdown | output | congkhai | hugo --minify | hugo | congkhai / hugo --minify | congkhai / hugo |"
    echo "|---|---|---|---|---|---|---|---|"
} > "$SUMMARY"

write_hugo_project() {
    local dir=$1 content=$2
    mkdir -p "$dir/layouts/_default"
    cat > "$dir/hugo.toml" <<EOF
baseURL = "https://congkhai.quangngai.gov.vn/"
languageCode = "vi"
title = "Kế hoạch của các xã (đo hiệu năng)"
contentDir = "$content"
disableKinds = ["taxonomy", "term"]
EOF
    cat > "$dir/layouts/_default/baseof.html" <<'EOF'
<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
EOF
    cat > "$dir/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}</article>{{ end }}
EOF
    cat > "$dir/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
EOF
}

PRIMED=""
prime_memory() { # size, bytes the fresh runs will keep aside (see "First touch" above)
    [ "${PRIME:-1}" = 0 ] && return
    local n=$1 bytes=$2 avail cap mb start took
    avail=$(( $(awk '/^MemAvailable:/{print $2}' /proc/meminfo) * 1024 ))
    cap=$((avail * 6 / 10))
    mb=$(( (bytes < cap ? bytes : cap) / 1048576 ))
    if [ ! -d /dev/shm ] || [ ! -w /dev/shm ]; then
        echo "hugo.sh: /dev/shm is not writable: memory not primed" >&2
        return
    fi
    start=$(date +%s.%N)
    if dd if=/dev/zero of=/dev/shm/hugo-sh-prime-$$ bs=1M count="$mb" status=none; then
        took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
        echo "memory primed: $mb MB written to /dev/shm and deleted in $took s"
        PRIMED+="- $n plans: memory primed before timing, $mb MB in $took s (about 0.5 s a GB: it had been used before; about 2 s a GB: first use)."$'\n'
    else
        echo "hugo.sh: could not write $mb MB to /dev/shm: memory not fully primed" >&2
    fi
    rm -f /dev/shm/hugo-sh-prime-$$
}

median() { # hyperfine JSON, command name
    jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$1"
}

# Sets the paths and commands of size $1: site, hugo_dir, out_c, spare_c, out_h and the
# three commands timed.
paths_for() {
    site=$WORK/site-$1
    hugo_dir=$WORK/hugo-$1
    out_c=$WORK/hugo-cmp-congkhai-$1
    # congkhai keeps the output a swap replaces beside it, to reuse on the next build.
    spare_c=$WORK/.hugo-cmp-congkhai-$1.old
    out_h=$WORK/hugo-cmp-hugo-$1
    congkhai_cmd="$BIN --root $site build --output-dir $out_c"
    hugo_min_cmd="hugo --source $hugo_dir --destination $out_h --cacheDir $WORK/hugo-cache --minify --quiet"
    hugo_cmd="hugo --source $hugo_dir --destination $out_h --cacheDir $WORK/hugo-cache --quiet"
}

# Times one way of building (fresh, rebuild, after-delete) at one size; appends its row.
time_way() {
    local n=$1 md_mb=$2 way=$3
    paths_for "$n"
    local json=$RESULTS/hugo-$n-$way.json prepare warmup c hm h
    case $way in
        fresh)
            prepare=(--prepare "$MOVE_ASIDE $out_c $spare_c $out_h")
            warmup=$WARMUP
            ;;
        rebuild)
            # Two warm-up runs, so that congkhai has a previous output kept aside too.
            prepare=()
            warmup=$((WARMUP > 2 ? WARMUP : 2))
            ;;
        after-delete)
            prepare=(--prepare "rm -rf $out_c $spare_c $out_h")
            warmup=$WARMUP
            ;;
    esac
    hyperfine --style basic --warmup "$warmup" --runs "$RUNS" --export-json "$json" "${prepare[@]}" \
        -n congkhai "$congkhai_cmd" -n "hugo --minify" "$hugo_min_cmd" -n hugo "$hugo_cmd"
    c=$(median "$json" congkhai); hm=$(median "$json" "hugo --minify"); h=$(median "$json" hugo)
    printf '| %s | %s | %s | %.3f s | %.3f s | %.3f s | %.2f | %.2f |\n' "$n" "$md_mb" "$way" "$c" "$hm" "$h" \
        "$(awk -v c="$c" -v h="$hm" 'BEGIN{print c/h}')" "$(awk -v c="$c" -v h="$h" 'BEGIN{print c/h}')" >> "$SUMMARY"
}

# Sizes timed fresh and rebuild, with their Markdown size: (n, "29.7 MB", ...).
TIMED=()
for n in "${SIZES[@]}"; do
    paths_for "$n"
    "$GEN" --plans "$n" --seed "$SEED" --out "$site" --keep-if-same
    rm -rf "$hugo_dir"
    write_hugo_project "$hugo_dir" "$site/content"
    md=$(find "$site/content" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
    md_mb=$(awk -v b="$md" 'BEGIN{printf "%.1f MB", b/1e6}')

    # Both must succeed once before timing anything.
    $hugo_cmd
    "$MOVE_ASIDE" "$out_c" "$spare_c"
    start=$(date +%s.%N)
    set +e
    timeout "$LIMIT" $congkhai_cmd 2>/dev/null
    status=$?
    set -e
    if [ "$status" -ne 0 ]; then
        json=$RESULTS/hugo-$n.json
        hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" \
            --prepare "$MOVE_ASIDE $out_h" \
            -n "hugo --minify" "$hugo_min_cmd" -n hugo "$hugo_cmd"
        hm=$(median "$json" "hugo --minify"); h=$(median "$json" hugo)
        if [ "$status" -eq 124 ]; then
            c="> ${LIMIT} s (killed)"
            r1=$(awk -v c="$LIMIT" -v h="$hm" 'BEGIN{printf "> %.0f", c/h}')
            r2=$(awk -v c="$LIMIT" -v h="$h" 'BEGIN{printf "> %.0f", c/h}')
        else
            c="failed (exit $status)"; r1="–"; r2="–"
        fi
        printf '| %s | %s | fresh | %s | %.3f s | %.3f s | %s | %s |\n' "$n" "$md_mb" "$c" "$hm" "$h" "$r1" "$r2" >> "$SUMMARY"
        continue
    fi
    end=$(date +%s.%N)
    echo "one congkhai build of $n plans: $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') s"

    prime_memory "$n" "$(( ($(du -sb "$out_c" | cut -f1) + 2 * $(du -sb "$out_h" | cut -f1)) * (WARMUP + RUNS + 1) ))"
    for way in fresh rebuild; do
        time_way "$n" "$md_mb" "$way"
    done
    TIMED+=("$n" "$md_mb")
done

# After-delete last, for every size once the others are timed: its deletes would slow
# the next size's fresh builds on ext4.
for ((i = 0; i < ${#TIMED[@]}; i += 2)); do
    time_way "${TIMED[i]}" "${TIMED[i + 1]}" after-delete
done

[ -n "$PRIMED" ] && printf '\n%s' "$PRIMED" >> "$SUMMARY"
echo
cat "$SUMMARY"
