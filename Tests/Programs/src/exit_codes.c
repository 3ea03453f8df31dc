/* Exit status and atexit handlers: exits with the status given as argv[1], after flushing output. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit handler registered first runs last\n"); }
static void second(void) { printf("atexit handler registered second runs first\n"); fflush(stdout); }

int main(int argc, char **argv)
{
    atexit(first);
    atexit(second);
    int status = argc > 1 ? atoi(argv[1]) : 0;
    printf("buffered output before exit(%d)", status);
    fprintf(stderr, "exit status will be %d\n", status & 255);
    if (argc > 2) _Exit(status + 1); /* skips handlers and buffered output */
    exit(status);
}
