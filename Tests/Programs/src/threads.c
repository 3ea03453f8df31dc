/* POSIX threads: create/join, a mutex-protected counter, a condition-variable queue,
   thread-local storage, pthread_once, a barrier, semaphores, atomics and a read-write lock. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 4
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long atomic_counter;
static __thread int tls_value = 7;

static void *count_worker(void *arg)
{
    long id = (long)arg;
    tls_value = (int)id * 100;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_SEQ_CST);
    }
    return (void *)(long)(tls_value + (int)id);
}

/* A bounded queue between one producer and two consumers. */
#define QSIZE 8
static int queue[QSIZE];
static int qhead, qcount, done;
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg)
{
    int n = *(int *)arg;
    for (int i = 1; i <= n; i++) {
        pthread_mutex_lock(&qlock);
        while (qcount == QSIZE) pthread_cond_wait(&not_full, &qlock);
        queue[(qhead + qcount) % QSIZE] = i;
        qcount++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&qlock);
    }
    pthread_mutex_lock(&qlock);
    done = 1;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&qlock);
    return NULL;
}

static void *consumer(void *arg)
{
    long *sum = arg;
    for (;;) {
        pthread_mutex_lock(&qlock);
        while (qcount == 0 && !done) pthread_cond_wait(&not_empty, &qlock);
        if (qcount == 0 && done) { pthread_mutex_unlock(&qlock); break; }
        int v = queue[qhead];
        qhead = (qhead + 1) % QSIZE;
        qcount--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&qlock);
        *sum += v;
    }
    return NULL;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_calls;
static void init_once(void) { once_calls++; }

static pthread_barrier_t barrier;
static int arrived[NTHREADS];
static int seen_after[NTHREADS];
static void *barrier_worker(void *arg)
{
    long id = (long)arg;
    pthread_once(&once, init_once);
    __atomic_store_n(&arrived[id], 1, __ATOMIC_SEQ_CST);
    pthread_barrier_wait(&barrier);
    int n = 0;
    for (int i = 0; i < NTHREADS; i++) n += __atomic_load_n(&arrived[i], __ATOMIC_SEQ_CST);
    seen_after[id] = n;
    return NULL;
}

static sem_t sem_items, sem_done;
static int sem_total;
static void *sem_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        sem_wait(&sem_items);
        __atomic_fetch_add(&sem_total, 1, __ATOMIC_SEQ_CST);
    }
    sem_post(&sem_done);
    return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int shared_table[16];
static void *rw_writer(void *arg)
{
    long id = (long)arg;
    for (int r = 0; r < 200; r++) {
        pthread_rwlock_wrlock(&rw);
        for (int i = 0; i < 16; i++) shared_table[i] += (int)id;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}
static void *rw_reader(void *arg)
{
    long bad = 0;
    (void)arg;
    for (int r = 0; r < 200; r++) {
        pthread_rwlock_rdlock(&rw);
        for (int i = 1; i < 16; i++) if (shared_table[i] != shared_table[0]) bad++;
        pthread_rwlock_unlock(&rw);
    }
    return (void *)bad;
}

int main(void)
{
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        if (pthread_create(&t[i], NULL, count_worker, (void *)i) != 0) { puts("create failed"); return 1; }
    long rets = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        rets += (long)r;
    }
    printf("counter %ld atomic %ld returns %ld main tls %d\n", counter, atomic_counter, rets, tls_value);

    int n = 2000;
    long sums[2] = {0, 0};
    pthread_t p, c[2];
    pthread_create(&c[0], NULL, consumer, &sums[0]);
    pthread_create(&c[1], NULL, consumer, &sums[1]);
    pthread_create(&p, NULL, producer, &n);
    pthread_join(p, NULL);
    pthread_join(c[0], NULL);
    pthread_join(c[1], NULL);
    printf("queue total %ld (expected %ld)\n", sums[0] + sums[1], (long)n * (n + 1) / 2);

    pthread_barrier_init(&barrier, NULL, NTHREADS);
    for (long i = 0; i < NTHREADS; i++) pthread_create(&t[i], NULL, barrier_worker, (void *)i);
    for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], NULL);
    pthread_barrier_destroy(&barrier);
    printf("once %d barrier", once_calls);
    for (int i = 0; i < NTHREADS; i++) printf(" %d", seen_after[i]);
    printf("\n");

    sem_init(&sem_items, 0, 0);
    sem_init(&sem_done, 0, 0);
    pthread_t s[2];
    pthread_create(&s[0], NULL, sem_worker, NULL);
    pthread_create(&s[1], NULL, sem_worker, NULL);
    for (int i = 0; i < 100; i++) sem_post(&sem_items);
    sem_wait(&sem_done);
    sem_wait(&sem_done);
    pthread_join(s[0], NULL);
    pthread_join(s[1], NULL);
    printf("semaphore total %d\n", sem_total);

    pthread_t w[2], r[2];
    for (long i = 0; i < 2; i++) pthread_create(&w[i], NULL, rw_writer, (void *)(i + 1));
    for (long i = 0; i < 2; i++) pthread_create(&r[i], NULL, rw_reader, NULL);
    long bad = 0;
    for (int i = 0; i < 2; i++) { void *v; pthread_join(r[i], &v); bad += (long)v; pthread_join(w[i], NULL); }
    printf("rwlock table %d torn reads %ld\n", shared_table[5], bad);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    sem_t ready;
    sem_init(&ready, 0, 0);
    pthread_t d;
    pthread_create(&d, &attr, (void *(*)(void *))sem_post, &ready);
    sem_wait(&ready);
    puts("detached thread ran");
    return 0;
}
