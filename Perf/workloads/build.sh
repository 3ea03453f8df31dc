#!/usr/bin/env bash
# Builds every workload in this directory twice from the same source and flags:
#   OUT/aarch64/NAME  with aarch64-linux-gnu-gcc -O2 -static   (the guest programs)
#   OUT/x86_64/NAME   with the host gcc -O2 -static            (the native baseline)
# Usage: Perf/workloads/build.sh [OUT]   (default OUT: Perf/workloads/out)
# Environment: CC_AARCH64, CC_HOST override the compilers; CFLAGS_EXTRA is appended.
#
# -ffp-contract=off: GCC's default for GNU C fuses a*b+c into one fused multiply-add
# where the target has one (AArch64 always, x86-64 only with -mfma), which changes
# floating-point results; with it off both builds compute bit-identical doubles and
# print the same result lines.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
cc_a64=${CC_AARCH64:-aarch64-linux-gnu-gcc}
cc_host=${CC_HOST:-gcc}
flags=(-O2 -std=gnu11 -Wall -Wextra -ffp-contract=off)
extra=(${CFLAGS_EXTRA:-})

for cc in "$cc_a64" "$cc_host"; do
    command -v "$cc" >/dev/null || { echo "build.sh: $cc not found (Debian: apt-get install gcc gcc-aarch64-linux-gnu)" >&2; exit 1; }
done

mkdir -p "$out/aarch64" "$out/x86_64"

# Static host linking needs the host's libc.a; fall back to dynamic linking without it.
host_link=(-static)
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int main(void){return 0;}\n' >"$probe/p.c"
if ! "$cc_host" -static -o "$probe/p" "$probe/p.c" 2>/dev/null; then
    echo "build.sh: static linking unavailable for $cc_host, building the native programs dynamically" >&2
    host_link=()
fi

names=()
for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    names+=("$name")
    "$cc_a64" "${flags[@]}" "${extra[@]}" -static -o "$out/aarch64/$name" "$src" -lm
    "$cc_host" "${flags[@]}" "${extra[@]}" "${host_link[@]}" -o "$out/x86_64/$name" "$src" -lm
done
echo "built ${#names[@]} workloads (${names[*]}) into $out/{aarch64,x86_64}"
