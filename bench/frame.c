/*
 * frame.c — process timing helpers for bench/run.sh: launch-to-first-frame
 * of the real program in tmux, and wall time + peak RSS of a command (the
 * sqlite3 peers).
 *
 *   frame exec T0FILE CMD...    writes "<CLOCK_MONOTONIC ns> <pid>" to
 *                               T0FILE, then becomes CMD (same pid): the
 *                               launch instant, taken inside the tmux pane
 *   frame wait T0FILE SOCKET TEXT [TIMEOUT_MS]
 *                               polls `tmux -L SOCKET capture-pane -p` every
 *                               POLL_US until TEXT is on screen; prints the
 *                               time since the launch, the polling period
 *                               actually achieved (the precision bound), and
 *                               the VmHWM/VmRSS of the launched process
 *   frame run CMD...            runs CMD (output to /dev/null) and prints its
 *                               wall time and peak RSS (wait4 ru_maxrss)
 *   frame pty TEXT TIMEOUT_MS CMD...
 *                               runs CMD on a pseudo-terminal of 80x24 that
 *                               it reads itself, and prints the time from
 *                               just before the fork to the read that
 *                               brought TEXT, then VmHWM/VmRSS 100 ms later
 *                               and once the program has run one second (its
 *                               background sync thread started); ends CMD
 *                               with SIGTERM. No polling: exact to the read,
 *                               where the tmux figure is late by up to one
 *                               capture (tens of ms on a loaded machine).
 *
 * CLOCK_MONOTONIC is one clock for every process of the machine, so the two
 * halves of exec/wait compare. Output: RESULT lines (bench.h).
 */
#include "bench/bench.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* Sleep between two captures: the brief's 2 ms. Each capture (a tmux client
 * process) adds its own cost, measured and reported as the real period. */
#define POLL_US 2000

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int do_exec(int argc, char **argv)
{
    if (argc < 4) return 2;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    FILE *f = fopen(tmp, "w");
    if (!f) { perror(tmp); return 1; }
    fprintf(f, "%lld %ld\n", (long long)mono_ns(), (long)getpid());
    fclose(f);
    rename(tmp, argv[2]);       /* the waiter sees the whole line or nothing */
    execvp(argv[3], argv + 3);
    perror(argv[3]);
    return 127;
}

/* Runs `tmux -L sock capture-pane -p` and tells whether text is on screen. */
static int screen_has(const char *sock, const char *text)
{
    int fd[2];
    if (pipe(fd) < 0) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, 2);
        execlp("tmux", "tmux", "-L", sock, "capture-pane", "-p", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    static char buf[1 << 16];
    size_t len = 0;
    ssize_t r;
    while ((r = read(fd[0], buf + len, sizeof buf - 1 - len)) > 0) len += (size_t)r;
    close(fd[0]);
    buf[len] = '\0';
    int st;
    waitpid(pid, &st, 0);
    return strstr(buf, text) != NULL;
}

static long proc_status_kib(long pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long v = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') v = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

static int do_wait(int argc, char **argv)
{
    if (argc < 5) return 2;
    const char *t0file = argv[2], *sock = argv[3], *text = argv[4];
    double timeout_ms = argc > 5 ? atof(argv[5]) : 10000;
    int64_t start = mono_ns();
    long long t0 = 0;
    long pid = 0;
    while (!t0) {
        FILE *f = fopen(t0file, "r");
        if (f) {
            if (fscanf(f, "%lld %ld", &t0, &pid) != 2) t0 = 0;
            fclose(f);
        }
        if (!t0) {
            if ((mono_ns() - start) / 1e6 > timeout_ms) {
                fprintf(stderr, "frame: the program did not start\n");
                return 1;
            }
            usleep(200);
        }
    }
    long polls = 0;
    int64_t first_poll = mono_ns(), seen = 0;
    for (;;) {
        int r = screen_has(sock, text);
        int64_t now = mono_ns();
        polls++;
        if (r < 0) { perror("frame"); return 1; }
        if (r) { seen = now; break; }
        if ((now - t0) / 1e6 > timeout_ms) {
            fprintf(stderr, "frame: \"%s\" not on screen after %.0f ms\n", text, timeout_ms);
            return 1;
        }
        usleep(POLL_US);
    }
    /* one poll only (the screen was drawn before the first capture): the
     * period is that capture's own length */
    double period = (double)(seen - first_poll) / 1e6 / (double)(polls > 1 ? polls - 1 : 1);
    /* The capture that saw the text started at most one period earlier. */
    bench_result("frame.first_ms", (double)(seen - t0) / 1e6, "ms");
    bench_result("frame.poll_period_ms", period, "ms");
    bench_result("frame.polls", (double)polls, "polls");
    usleep(100000);   /* let the home screen settle before reading its memory */
    bench_result("frame.vmhwm_kib", (double)proc_status_kib(pid, "VmHWM"), "KiB");
    bench_result("frame.vmrss_kib", (double)proc_status_kib(pid, "VmRSS"), "KiB");
    return 0;
}

static int do_run(int argc, char **argv)
{
    if (argc < 3) return 2;
    int64_t t0 = mono_ns();
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, 1);
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) { perror("wait4"); return 1; }
    double ms = (double)(mono_ns() - t0) / 1e6;
    bench_result("run.wall_ms", ms, "ms");
    bench_result("run.cpu_ms", (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3
                 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3, "ms");
    bench_result("run.maxrss_kib", (double)ru.ru_maxrss, "KiB");
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/* Reads what the program writes to the terminal for ms milliseconds (so
 * that it never blocks on a full pty); returns 1 as soon as text is in
 * everything read so far (text not NULL), 0 after ms, -1 when the program
 * has closed the terminal (ended). */
static int pty_read(int fd, const char *text, double ms, char *seen, size_t *len, size_t cap)
{
    int64_t end = mono_ns() + (int64_t)(ms * 1e6);
    for (;;) {
        int64_t left = (end - mono_ns()) / 1000000;
        if (left < 0) return 0;
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, (int)left + 1) <= 0) continue;
        char buf[4096];
        ssize_t r = read(fd, buf, sizeof buf);
        if (r <= 0) return -1;        /* the program ended */
        if (!text) continue;
        /* keep the tail only: TEXT may straddle two reads */
        if (*len + (size_t)r >= cap) {
            size_t keep = cap / 2 < *len ? cap / 2 : *len;
            memmove(seen, seen + *len - keep, keep);
            *len = keep;
        }
        size_t n = (size_t)r < cap - 1 - *len ? (size_t)r : cap - 1 - *len;
        memcpy(seen + *len, buf, n);
        *len += n;
        seen[*len] = '\0';
        if (strstr(seen, text)) return 1;
    }
}

static int do_pty(int argc, char **argv)
{
    if (argc < 5) return 2;
    const char *text = argv[2];
    double timeout_ms = atof(argv[3]);
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0) { perror("frame: pty"); return 1; }
    struct winsize ws = { .ws_row = 24, .ws_col = 80 };
    const char *sname = ptsname(m);
    int64_t t0 = mono_ns();
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
        setsid();
        int sl = open(sname, O_RDWR);
        if (sl < 0) _exit(127);
        ioctl(sl, TIOCSCTTY, 0);
        ioctl(sl, TIOCSWINSZ, &ws);
        dup2(sl, 0);
        dup2(sl, 1);
        dup2(sl, 2);
        if (sl > 2) close(sl);
        close(m);
        execvp(argv[4], argv + 4);
        _exit(127);
    }
    static char seen[1 << 16];
    size_t len = 0;
    int got = pty_read(m, text, timeout_ms, seen, &len, sizeof seen), ok = got == 1;
    int64_t t1 = mono_ns();
    if (ok) {
        bench_result("frame.pty_first_ms", (double)(t1 - t0) / 1e6, "ms");
        pty_read(m, NULL, 100, NULL, NULL, 0);
        bench_result("frame.pty_vmhwm_kib", (double)proc_status_kib(pid, "VmHWM"), "KiB");
        pty_read(m, NULL, 1000 - (double)(mono_ns() - t1) / 1e6, NULL, NULL, 0);
        bench_result("frame.pty_vmhwm_1s_kib", (double)proc_status_kib(pid, "VmHWM"), "KiB");
    } else {
        if (got < 0) fprintf(stderr, "frame: the program ended before writing \"%s\"; the last bytes written:\n", text);
        else fprintf(stderr, "frame: \"%s\" not written after %.0f ms; the last bytes written:\n", text, timeout_ms);
        fwrite(seen + (len > 600 ? len - 600 : 0), 1, len > 600 ? 600 : len, stderr);
        fputc('\n', stderr);
        if (getenv("FRAME_DEBUG")) {
            char cmd[256];
            snprintf(cmd, sizeof cmd, "gdb -p %ld -batch -ex 'thread apply all bt' 1>&2 2>/dev/null", (long)pid);
            if (system(cmd) < 0) perror("gdb");
        }
    }
    kill(pid, SIGTERM);
    pty_read(m, NULL, 300, NULL, NULL, 0);    /* let it restore the terminal */
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(m);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    int r = 2;
    if (argc >= 2 && strcmp(argv[1], "exec") == 0) r = do_exec(argc, argv);
    else if (argc >= 2 && strcmp(argv[1], "wait") == 0) r = do_wait(argc, argv);
    else if (argc >= 2 && strcmp(argv[1], "run") == 0) r = do_run(argc, argv);
    else if (argc >= 2 && strcmp(argv[1], "pty") == 0) r = do_pty(argc, argv);
    if (r == 2)
        fprintf(stderr, "usage: frame exec T0FILE CMD... | wait T0FILE SOCKET TEXT [TIMEOUT_MS] | run CMD...\n"
                        "       | pty TEXT TIMEOUT_MS CMD...\n");
    return r;
}
