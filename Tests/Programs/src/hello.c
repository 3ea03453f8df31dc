/* Smallest case: formatted output to stdout and stderr, exit status from main. */
#include <stdio.h>

int main(void)
{
    printf("hello from aarch64\n");
    fprintf(stderr, "hello on stderr\n");
    for (int i = 0; i < 5; i++) printf("line %d squared %d\n", i, i * i);
    return 0;
}
