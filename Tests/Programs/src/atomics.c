/* __atomic builtins on 8/16/32/64-bit objects: fetch-ops, exchange, compare-exchange, flags, fences. */
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>

static uint8_t  a8;
static uint16_t a16;
static uint32_t a32;
static uint64_t a64;
static bool flag;

int main(void)
{
    unsigned failures = 0;
    for (int i = 0; i < 1000; i++) {
        __atomic_fetch_add(&a8, 3, __ATOMIC_RELAXED);
        __atomic_fetch_add(&a16, 300, __ATOMIC_ACQUIRE);
        __atomic_fetch_add(&a32, 70000, __ATOMIC_RELEASE);
        __atomic_fetch_add(&a64, 0x100000001ull, __ATOMIC_SEQ_CST);
    }
    printf("after adds: %u %u %u %llu\n", a8, a16, a32, (unsigned long long)a64);
    printf("sub %u and %u or %u xor %u nand %u\n",
           __atomic_fetch_sub(&a32, 5, __ATOMIC_SEQ_CST), __atomic_fetch_and(&a32, 0xFFFF00FFu, __ATOMIC_ACQ_REL),
           __atomic_fetch_or(&a32, 0x80000000u, __ATOMIC_SEQ_CST), __atomic_fetch_xor(&a32, 0x0F0F0F0Fu, __ATOMIC_RELAXED),
           __atomic_fetch_nand(&a32, 0x12345678u, __ATOMIC_SEQ_CST));
    printf("final a32 %08x add_fetch %u\n", a32, __atomic_add_fetch(&a16, 1, __ATOMIC_SEQ_CST));
    uint64_t old = __atomic_exchange_n(&a64, 42, __ATOMIC_SEQ_CST);
    printf("exchange old %llu new %llu\n", (unsigned long long)old, (unsigned long long)__atomic_load_n(&a64, __ATOMIC_ACQUIRE));
    uint64_t expected = 41;
    bool ok = __atomic_compare_exchange_n(&a64, &expected, 100, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas with wrong expected: %d, expected now %llu\n", ok, (unsigned long long)expected);
    ok = __atomic_compare_exchange_n(&a64, &expected, 100, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas with right expected: %d, value %llu\n", ok, (unsigned long long)a64);
    uint8_t e8 = a8;
    while (!__atomic_compare_exchange_n(&a8, &e8, (uint8_t)(e8 * 2 + 1), true, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) { }
    uint16_t e16 = 7;
    ok = __atomic_compare_exchange_n(&a16, &e16, 9, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
    printf("byte cas loop %u, halfword cas %d (saw %u)\n", a8, ok, e16);
    printf("test_and_set %d %d\n", __atomic_test_and_set(&flag, __ATOMIC_SEQ_CST), __atomic_test_and_set(&flag, __ATOMIC_SEQ_CST));
    __atomic_clear(&flag, __ATOMIC_SEQ_CST);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&a32, 5, __ATOMIC_RELEASE);
    printf("store/load %u lock-free 8 %d\n", __atomic_load_n(&a32, __ATOMIC_SEQ_CST), __atomic_always_lock_free(8, 0));
    int32_t counter = 0;
    for (int i = 0; i < 100000; i++) {
        int32_t cur = __atomic_load_n(&counter, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&counter, &cur, cur + (i & 3), false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) { }
    }
    if (counter != 150000) failures++;
    printf("cas counter %d failures %u\n", counter, failures);
    uint32_t s = 1;
    __sync_fetch_and_add(&s, 10);
    printf("sync builtins %u %d\n", __sync_val_compare_and_swap(&s, 11, 20), __sync_bool_compare_and_swap(&s, 20, 21));
    return failures;
}
