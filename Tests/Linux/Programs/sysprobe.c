// A freestanding static AArch64 Linux program (no libc) that exercises the user-mode
// runtime: arguments and environment, files, mmap, brk, signals with and without
// SA_RESTORER, a fault handled through the signal frame, ID registers and auxv.
// Its output must be identical under qemu-aarch64 and `a64jit run`.
// Build: ./build.sh (needs gcc-aarch64-linux-gnu).
typedef unsigned long u64;
typedef long s64;

static s64 sys6(s64 n, s64 a, s64 b, s64 c, s64 d, s64 e, s64 f)
{
    register s64 x8 __asm__("x8") = n;
    register s64 x0 __asm__("x0") = a;
    register s64 x1 __asm__("x1") = b;
    register s64 x2 __asm__("x2") = c;
    register s64 x3 __asm__("x3") = d;
    register s64 x4 __asm__("x4") = e;
    register s64 x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}
#define sys(n, a, b, c) sys6(n, (s64)(a), (s64)(b), (s64)(c), 0, 0, 0)

static u64 slen(const char *s) { u64 n = 0; while (s[n]) n++; return n; }
static void out(const char *s) { sys(64, 1, s, slen(s)); }
static void outnum(s64 v)
{
    char b[24]; int i = 23; b[i] = 0;
    int neg = v < 0; u64 u = neg ? -(u64)v : (u64)v;
    do { b[--i] = '0' + u % 10; u /= 10; } while (u);
    if (neg) b[--i] = '-';
    out(b + i);
}
static void outhex(u64 v)
{
    char b[19]; b[18] = 0;
    for (int i = 17; i >= 2; i--) { b[i] = "0123456789abcdef"[v & 15]; v >>= 4; }
    b[0] = '0'; b[1] = 'x';
    out(b);
}
static void kv(const char *k, s64 v) { out(k); out("="); outnum(v); out("\n"); }

struct ksigaction { u64 handler, flags, restorer, mask; };
struct siginfo_min { int signo, errno_, code, pad; u64 addr; };
struct ucontext_min { u64 flags, link, ss_sp; int ss_flags, pad; u64 ss_size, sigmask; unsigned char unused[120]; u64 mc_fault __attribute__((aligned(16))), regs[31], sp, pc, pstate; };

extern void restorer(void);
__asm__(".text\n.global restorer\nrestorer:\n mov x8, #139\n svc #0\n");

static volatile int hits;
static volatile u64 fault_addr, fault_code;

static void on_segv(int sig, struct siginfo_min *si, struct ucontext_min *uc)
{
    hits++;
    fault_addr = si->addr;
    fault_code = si->code;
    if (uc->mc_fault != si->addr) hits += 100;
    uc->pc += 4; // skip the faulting load
}

static void on_usr1(int sig, struct siginfo_min *si, void *uc) { hits += 10; if (si->code != -6) hits += 1000; }

static int install(int sig, void *fn, u64 flags, void *rest)
{
    struct ksigaction a = { (u64)fn, flags, (u64)rest, 0 };
    return (int)sys6(134, sig, (s64)&a, 0, 8, 0, 0);
}

static int streq(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return *a == *b; }

int main(int argc, char **argv, char **envp)
{
    if (argc > 1 && streq(argv[1], "cat"))
    {
        char b[7]; s64 r, total = 0; // a small buffer: several reads per line
        while ((r = sys(63, 0, b, sizeof b)) > 0) { sys(64, 1, b, r); total += r; }
        return total == 0 ? 1 : 0;
    }
    if (argc > 1 && streq(argv[1], "crash"))
    {
        out("before\n");
        return (int)*(volatile u64 *)8;
    }
    if (argc > 1 && streq(argv[1], "brk"))
    {
        __asm__ volatile("brk #0x3e8");
        return 0;
    }
    kv("argc", argc);
    for (int i = 1; i < argc; i++) { out("arg: "); out(argv[i]); out("\n"); }
    for (char **e = envp; *e; e++) if ((*e)[0] == 'P' && (*e)[1] == 'R' && (*e)[2] == 'O' && (*e)[3] == 'B' && (*e)[4] == 'E') { out("env: "); out(*e); out("\n"); }

    // auxv follows envp.
    char **e = envp; while (*e) e++;
    u64 *aux = (u64 *)(e + 1), hwcap = 0, pagesz = 0;
    for (; aux[0]; aux += 2) { if (aux[0] == 16) hwcap = aux[1]; if (aux[0] == 6) pagesz = aux[1]; }
    kv("pagesz", (s64)pagesz);
    kv("hwcap_fp_asimd", (hwcap & 3) == 3);
    kv("hwcap_cpuid", (hwcap >> 11) & 1);

    // ID registers read from EL0 (trapped and emulated by the kernel).
    u64 pfr0, isar0;
    __asm__ volatile("mrs %0, ID_AA64PFR0_EL1" : "=r"(pfr0));
    __asm__ volatile("mrs %0, ID_AA64ISAR0_EL1" : "=r"(isar0));
    kv("pfr0_el0", (s64)(pfr0 & 0xF));
    kv("isar0_aes", (s64)((isar0 >> 4) & 0xF) != 0);

    // Files.
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    char path[256]; u64 n = slen(dir); for (u64 i = 0; i < n; i++) path[i] = dir[i];
    const char *leaf = "/sysprobe.txt"; for (u64 i = 0; i <= slen(leaf); i++) path[n + i] = leaf[i];
    s64 fd = sys6(56, -100, (s64)path, 0x241, 0644, 0, 0);
    kv("open_ok", fd >= 0);
    kv("write", sys(64, fd, "0123456789", 10));
    kv("close", sys(57, fd, 0, 0));
    fd = sys6(56, -100, (s64)path, 0, 0, 0, 0);
    char buf[32];
    kv("read", sys(63, fd, buf, 32));
    kv("lseek", sys(62, fd, 3, 0));
    kv("read_again", sys(63, fd, buf, 4));
    buf[4] = 0; out("data: "); out(buf); out("\n");
    kv("close_twice", (sys(57, fd, 0, 0), sys(57, fd, 0, 0)));
    kv("unlink", sys6(35, -100, (s64)path, 0, 0, 0, 0));
    kv("open_missing", sys6(56, -100, (s64)path, 0, 0, 0, 0));
    kv("write_efault", sys(64, 1, 16, 10));

    // Memory.
    u64 b0 = (u64)sys(214, 0, 0, 0);
    u64 b1 = (u64)sys(214, b0 + 100000, 0, 0);
    ((char *)b0)[99999] = 1;
    kv("brk_grew", b1 == b0 + 100000);
    char *m = (char *)sys6(222, 0, 65536, 3, 0x22, -1, 0);
    m[65535] = 7;
    kv("mmap_ok", (u64)m < (u64)-4096 && m[65535] == 7 && m[0] == 0);
    kv("munmap", sys(215, m, 65536, 0));
    kv("mprotect_unmapped", sys(226, m, 4096, 1));

    // Signals.
    kv("sigaction", install(11, on_segv, 0x04000004 /* SA_SIGINFO|SA_RESTORER */, restorer));
    volatile u64 *bad = (volatile u64 *)0x10;
    u64 v = *bad; (void)v;
    kv("segv_hits", hits);
    out("segv_addr="); outhex(fault_addr); out("\n");
    kv("segv_code", (s64)fault_code);
    kv("sigaction2", install(10, on_usr1, 4 /* SA_SIGINFO, kernel trampoline */, 0));
    s64 pid = sys(172, 0, 0, 0);
    kv("tgkill", sys(131, pid, pid, 10));
    kv("hits", hits);
    struct ksigaction old;
    kv("query", (s64)sys6(134, 11, 0, (s64)&old, 8, 0, 0));
    kv("old_flags", (s64)old.flags);
    kv("bad_sigsetsize", sys6(134, 11, 0, (s64)&old, 4, 0, 0));

    // uname machine.
    char uts[390];
    sys(160, uts, 0, 0);
    out("machine: "); out(uts + 4 * 65); out("\n");
    kv("unknown_syscall", sys(1999, 0, 0, 0));
    return 7;
}

__asm__(".text\n.global _start\n_start:\n ldr x0, [sp]\n add x1, sp, #8\n add x2, x1, x0, lsl #3\n add x2, x2, #8\n bl main\n mov x8, #94\n svc #0\n");
