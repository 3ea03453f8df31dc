/* A small stack-machine bytecode interpreter (switch dispatch) running two
 * programs: the total number of Collatz steps for 1..N, and a count of primes
 * below M by trial division. Both answers are recomputed directly in C and must
 * agree; the interpreter also counts the bytecodes it executed. */
#define WORKLOAD "vm"
#include "common.h"

enum Op {
    PUSH, LOAD, STORE, ADD, SUB, MUL, DIVU, MODU, SHR1, AND1, LT, LE, EQ, NE,
    JMP, JZ, JNZ, INC, HALT
};

typedef struct { uint8_t op; int32_t arg; } Insn;

static uint64_t executed;

static int64_t run(const Insn *code, int64_t *locals)
{
    int64_t stack[64];
    int sp = 0;
    uint64_t count = 0;
    for (const Insn *pc = code;; pc++) {
        count++;
        switch ((enum Op)pc->op) {
        case PUSH: stack[sp++] = pc->arg; break;
        case LOAD: stack[sp++] = locals[pc->arg]; break;
        case STORE: locals[pc->arg] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIVU: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] / (uint64_t)stack[sp]); break;
        case MODU: sp--; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] % (uint64_t)stack[sp]); break;
        case SHR1: stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] >> 1); break;
        case AND1: stack[sp - 1] &= 1; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case LE: sp--; stack[sp - 1] = stack[sp - 1] <= stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case NE: sp--; stack[sp - 1] = stack[sp - 1] != stack[sp]; break;
        case JMP: pc = code + pc->arg - 1; break;
        case JZ: if (stack[--sp] == 0) pc = code + pc->arg - 1; break;
        case JNZ: if (stack[--sp] != 0) pc = code + pc->arg - 1; break;
        case INC: locals[pc->arg]++; break;
        case HALT: executed += count; return sp ? stack[sp - 1] : 0;
        default: FAIL("bad opcode %d", pc->op);
        }
        if (sp < 0 || sp > 60) FAIL("stack out of range");
    }
}

/* A tiny assembler with labels resolved by a second pass. */
static Insn prog[128];
static int plen;
static int labels[32];
static void emit(uint8_t op, int32_t arg) { prog[plen].op = op; prog[plen].arg = arg; plen++; }
static void label(int l) { labels[l] = plen; }
static void resolve(void)
{
    for (int i = 0; i < plen; i++)
        if (prog[i].op == JMP || prog[i].op == JZ || prog[i].op == JNZ) prog[i].arg = labels[prog[i].arg];
}

/* locals: 0 = i, 1 = n, 2 = steps, 3 = limit */
static int64_t collatz_vm(int64_t limit)
{
    enum { I, N, STEPS, LIMIT };
    enum { OUTER, INNER, ODD, NEXT, DONE };
    plen = 0;
    emit(PUSH, 1); emit(STORE, I);
    label(OUTER);
    emit(LOAD, I); emit(LOAD, LIMIT); emit(LE, 0); emit(JZ, DONE);
    emit(LOAD, I); emit(STORE, N);
    label(INNER);
    emit(LOAD, N); emit(PUSH, 1); emit(NE, 0); emit(JZ, NEXT);
    emit(INC, STEPS);
    emit(LOAD, N); emit(AND1, 0); emit(JNZ, ODD);
    emit(LOAD, N); emit(SHR1, 0); emit(STORE, N); emit(JMP, INNER);
    label(ODD);
    emit(LOAD, N); emit(PUSH, 3); emit(MUL, 0); emit(PUSH, 1); emit(ADD, 0); emit(STORE, N); emit(JMP, INNER);
    label(NEXT);
    emit(INC, I); emit(JMP, OUTER);
    label(DONE);
    emit(LOAD, STEPS); emit(HALT, 0);
    resolve();
    int64_t locals[8] = {0};
    locals[LIMIT] = limit;
    return run(prog, locals);
}

static int64_t primes_vm(int64_t limit)
{
    enum { I, D, COUNT, LIMIT };
    enum { OUTER, INNER, PRIME, NEXT, DONE };
    plen = 0;
    emit(PUSH, 2); emit(STORE, I);
    label(OUTER);
    emit(LOAD, I); emit(LOAD, LIMIT); emit(LT, 0); emit(JZ, DONE);
    emit(PUSH, 2); emit(STORE, D);
    label(INNER);
    emit(LOAD, D); emit(LOAD, D); emit(MUL, 0); emit(LOAD, I); emit(LE, 0); emit(JZ, PRIME);
    emit(LOAD, I); emit(LOAD, D); emit(MODU, 0); emit(JZ, NEXT);
    emit(INC, D); emit(JMP, INNER);
    label(PRIME);
    emit(INC, COUNT);
    label(NEXT);
    emit(INC, I); emit(JMP, OUTER);
    label(DONE);
    emit(LOAD, COUNT); emit(HALT, 0);
    resolve();
    int64_t locals[8] = {0};
    locals[LIMIT] = limit;
    return run(prog, locals);
}

int main(int argc, char **argv)
{
    long scale = scale_arg(argc, argv);
    int64_t n = scaled(300000, scale, 10), m = scaled(150000, scale, 10);

    int64_t steps = collatz_vm(n);
    int64_t primes = primes_vm(m);

    int64_t steps2 = 0;
    for (int64_t i = 1; i <= n; i++)
        for (uint64_t v = (uint64_t)i; v != 1; v = (v & 1) ? 3 * v + 1 : v >> 1) steps2++;
    /* Primes by a sieve of Eratosthenes: a different algorithm from the bytecode's. */
    uint8_t *composite = calloc((size_t)m + 1, 1);
    CHECK(composite != NULL, "out of memory");
    int64_t primes2 = 0;
    for (int64_t i = 2; i < m; i++) {
        if (composite[i]) continue;
        primes2++;
        for (int64_t j = i * i; j < m; j += i) composite[j] = 1;
    }
    CHECK(steps == steps2, "collatz: vm %lld, direct %lld", (long long)steps, (long long)steps2);
    CHECK(primes == primes2, "primes: vm %lld, sieve %lld", (long long)primes, (long long)primes2);
    CHECK(primes_vm(10000) == 1229, "pi(10000) is 1229");

    printf("vm: collatz(%lld)=%lld primes(%lld)=%lld bytecodes=%llu OK\n", (long long)n, (long long)steps,
           (long long)m, (long long)primes, (unsigned long long)executed);
    return 0;
}
