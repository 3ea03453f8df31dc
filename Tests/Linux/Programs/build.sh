#!/usr/bin/env bash
# Rebuilds the freestanding test programs with the AArch64 cross toolchain.
set -euo pipefail
cd "$(dirname "$0")"
aarch64-linux-gnu-gcc -static -nostdlib -ffreestanding -fno-builtin -fno-stack-protector -fno-tree-loop-distribute-patterns \
    -O1 -Wl,--build-id=none -o sysprobe.elf sysprobe.c
aarch64-linux-gnu-gcc -static -O2 -Wl,--build-id=none -o libcprobe.elf libcprobe.c -lm
