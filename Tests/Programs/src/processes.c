/* Processes: fork, wait statuses, pipes between processes, dup2, close-on-exec flags,
   signals to children, WNOHANG, ECHILD, vfork and execve errors. No pids are printed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, int status)
{
    if (WIFEXITED(status)) printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: killed by signal %d%s\n", what, WTERMSIG(status), WCOREDUMP(status) ? " (core)" : "");
    else printf("%s: status 0x%x\n", what, status);
}

static volatile sig_atomic_t got_chld;
static void on_chld(int sig) { (void)sig; got_chld++; }

int main(int argc, char **argv)
{
    (void)argc; (void)argv;
    int status;
    pid_t me = getpid();

    /* 1. exit status and getppid in the child */
    pid_t c = fork();
    if (c == 0) _exit(getppid() == me ? 7 : 99);
    if (waitpid(c, &status, 0) != c) puts("waitpid failed");
    report("child", status);

    /* 2. memory is copied, not shared */
    int value = 1;
    c = fork();
    if (c == 0) { value = 2; _exit(value); }
    waitpid(c, &status, 0);
    printf("after fork: parent value %d, child exit %d\n", value, WEXITSTATUS(status));

    /* 3. a pipe from child to parent, through dup2 onto stdout */
    int fds[2];
    if (pipe(fds) != 0) { perror("pipe"); return 1; }
    c = fork();
    if (c == 0) {
        close(fds[0]);
        dup2(fds[1], 1);
        close(fds[1]);
        for (int i = 0; i < 1000; i++) printf("line %d\n", i);
        fflush(stdout);
        _exit(0);
    }
    close(fds[1]);
    char buf[4096];
    long total = 0, lines = 0;
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) {
        total += n;
        for (ssize_t i = 0; i < n; i++) lines += buf[i] == '\n';
    }
    close(fds[0]);
    waitpid(c, &status, 0);
    printf("pipe: %ld bytes, %ld lines, end of file after the writer exited\n", total, lines);

    /* 4. a child blocked reading a pipe is killed by SIGTERM */
    if (pipe(fds) != 0) return 1;
    c = fork();
    if (c == 0) { close(fds[1]); char b; ssize_t r = read(fds[0], &b, 1); _exit(r == 0 ? 3 : 4); }
    close(fds[0]);
    usleep(20000);
    kill(c, SIGTERM);
    waitpid(c, &status, 0);
    report("blocked child", status);
    close(fds[1]);

    /* 5. a child dies of a signal it sends itself; the SIGCHLD handler runs */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    c = fork();
    if (c == 0) { raise(SIGUSR1); _exit(0); }
    waitpid(c, &status, 0);
    report("signalled child", status);
    for (int i = 0; i < 100 && !got_chld; i++) usleep(1000);
    printf("SIGCHLD handler ran: %s\n", got_chld ? "yes" : "no");

    /* 6. WNOHANG, several children, ECHILD */
    int p2[2];
    pipe(p2);
    c = fork();
    if (c == 0) { char b; close(p2[1]); read(p2[0], &b, 1); _exit(b); }
    close(p2[0]);
    printf("WNOHANG while running: %d\n", (int)waitpid(c, &status, WNOHANG));
    write(p2[1], "\x05", 1);
    close(p2[1]);
    waitpid(c, &status, 0);
    report("released child", status);
    int sum = 0;
    for (int i = 1; i <= 5; i++) if (fork() == 0) _exit(i * 10);
    for (int i = 0; i < 5; i++) { if (wait(&status) > 0) sum += WEXITSTATUS(status); }
    printf("five children, sum of statuses %d\n", sum);
    errno = 0;
    printf("wait without children: %d errno %s\n", (int)wait(&status), errno == ECHILD ? "ECHILD" : strerror(errno));

    /* 7. close-on-exec flags are inherited by fork */
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    c = fork();
    if (c == 0) _exit((fcntl(fd, F_GETFD) & FD_CLOEXEC) ? 1 : 2);
    waitpid(c, &status, 0);
    printf("cloexec in child: %d\n", WEXITSTATUS(status));
    close(fd);

    /* 8. vfork and execve failures */
    c = vfork();
    if (c == 0) {
        char *args[] = {"/nonexistent/prog", NULL};
        execv(args[0], args);
        _exit(errno == ENOENT ? 20 : 21);
    }
    waitpid(c, &status, 0);
    report("vfork exec of a missing file", status);
    char dir[] = "/tmp/a64jit-procXXXXXX";
    if (mkdtemp(dir)) {
        char path[64];
        snprintf(path, sizeof path, "%s/notelf", dir);
        FILE *f = fopen(path, "w");
        fputs("this is not a program\n", f);
        fclose(f);
        chmod(path, 0755);
        char *args[] = {path, NULL};
        c = fork();
        if (c == 0) { execv(path, args); _exit(errno == ENOEXEC ? 30 : 31); }
        waitpid(c, &status, 0);
        report("exec of a text file", status);
        c = fork();
        if (c == 0) { execv(dir, args); _exit(errno == EACCES ? 40 : 41); }
        waitpid(c, &status, 0);
        report("exec of a directory", status);
        unlink(path);
        rmdir(dir);
    }

    /* 9. exit status of the parent after children */
    fflush(stdout);
    c = fork();
    if (c == 0) { printf("child writes through the inherited stdout\n"); fflush(stdout); _exit(0); }
    waitpid(c, &status, 0);
    return 12;
}
