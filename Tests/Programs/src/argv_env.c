/* argv and the environment: prints arguments and the variables the test sets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d] = [%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is %s\n", argv[argc] == NULL ? "NULL" : "not NULL");
    const char *v = getenv("A64JIT_PROG_VALUE");
    printf("A64JIT_PROG_VALUE = %s\n", v ? v : "(unset)");
    printf("UNSET_VARIABLE_XYZ = %s\n", getenv("UNSET_VARIABLE_XYZ") ? "set" : "(unset)");
    int seen = 0;
    for (char **e = environ; *e; e++) if (strncmp(*e, "A64JIT_PROG_", 12) == 0) seen++;
    printf("A64JIT_PROG_* variables in environ: %d\n", seen);
    setenv("NEW_VAR", "created", 1);
    printf("NEW_VAR = %s\n", getenv("NEW_VAR"));
    unsetenv("NEW_VAR");
    printf("NEW_VAR after unset = %s\n", getenv("NEW_VAR") ? "set" : "(unset)");
    return argc;
}
