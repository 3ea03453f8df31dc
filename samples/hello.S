// A tiny static AArch64 Linux program: prints a greeting, sums 1..100 and exits with
// the sum modulo 256. Rebuild with ./build.sh (needs gcc-aarch64-linux-gnu).
        .text
        .global _start
_start:
        mov     x0, #1                  // fd = stdout
        adr     x1, message
        mov     x2, #message_len
        mov     x8, #64                 // write
        svc     #0

        mov     x3, #0
        mov     x4, #100
1:      add     x3, x3, x4
        subs    x4, x4, #1
        b.ne    1b

        and     x0, x3, #0xff           // 5050 & 0xff = 186
        mov     x8, #93                 // exit
        svc     #0

        .section .rodata
message:
        .ascii  "Hello from AArch64!\n"
        .set    message_len, . - message
