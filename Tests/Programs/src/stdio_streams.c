/* stdout and stderr buffering: line-buffered vs fully buffered output, setvbuf, fflush, puts/putchar/fwrite,
   and write(2) directly on descriptors 1 and 2. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char outbuf[256];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    printf("fully buffered line 1\n");
    fputs("stderr is unbuffered\n", stderr);
    for (int i = 0; i < 40; i++) printf("chunk %02d ", i);
    putchar('\n');
    fflush(stdout);
    write(1, "raw write to fd 1\n", 18);
    write(2, "raw write to fd 2\n", 18);
    puts("puts adds a newline");
    fwrite("fwrite 12345\n", 1, 13, stdout);
    fprintf(stderr, "%s %d %.3f\n", "formatted stderr", 7, 2.5);
    char big[5000];
    memset(big, 'x', sizeof big - 2);
    big[sizeof big - 2] = '\n'; big[sizeof big - 1] = 0;
    fputs(big, stdout);
    fputs(big, stderr);
    printf("stdout is a terminal: %d, stderr: %d\n", isatty(1), isatty(2));
    return 3;
}
