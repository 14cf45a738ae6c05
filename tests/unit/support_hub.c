/*
 * support_hub.c — see support_hub.h. Processes are started with fork/exec
 * (no shell), in their own process group, and stopped by their pid.
 */
#include "tests/unit/support_hub.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *top_dir(void)
{
    const char *t = getenv("BOUCLE_TOP");
    return t && *t ? t : ".";
}

int test_free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return -1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(s, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(s);
    return port;
}

/* 1 when something accepts TCP connections on 127.0.0.1:port. */
static int port_open(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return 0;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = connect(s, (struct sockaddr *)&a, sizeof a) == 0;
    close(s);
    return ok;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static pid_t spawn(const char *dir, const char *logfile, char *const argv[])
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    setpgid(0, 0);
    if (dir && chdir(dir) != 0) _exit(127);
    int fd = open(logfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); close(fd); }
    int nul = open("/dev/null", O_RDONLY);
    if (nul >= 0) { dup2(nul, 0); close(nul); }
    execvp(argv[0], argv);
    _exit(127);
}

/* Waits (bounded) until port accepts connections or the child died. */
static int wait_port(pid_t pid, int port, long max_ms)
{
    for (long t = 0; t < max_ms; t += 100) {
        if (port_open(port)) return 0;
        if (waitpid(pid, NULL, WNOHANG) == pid) return -1;
        sleep_ms(100);
    }
    return -1;
}

static void stop_pid(pid_t *pid)
{
    if (*pid <= 0) return;
    kill(*pid, SIGTERM);
    for (int i = 0; i < 50; i++) {
        if (waitpid(*pid, NULL, WNOHANG) == *pid) { *pid = 0; return; }
        sleep_ms(50);
    }
    kill(*pid, SIGKILL);
    waitpid(*pid, NULL, 0);
    *pid = 0;
}

/* A PUT through a raw socket (no libcurl: the client under test is libcurl). */
static int raw_put(int port, const char *path, const char *body)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return -1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) { close(s); return -1; }
    char req[1024];
    int n = snprintf(req, sizeof req,
                     "PUT %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", path, strlen(body), body);
    int ok = write(s, req, (size_t)n) == n;
    char resp[512] = "";
    ssize_t r = ok ? read(s, resp, sizeof resp - 1) : -1;
    close(s);
    if (r <= 0) return -1;
    resp[r] = '\0';
    return strncmp(resp, "HTTP/1.1 2", 10) == 0 ? 0 : -1;
}

int test_hub_start(TestHub *h, int with_admin, char *why, size_t why_size)
{
    memset(h, 0, sizeof *h);
    char bin[1024];
    snprintf(bin, sizeof bin, "%s/tests/hub/node_modules/.bin/pouchdb-server", top_dir());
    if (access(bin, X_OK) != 0) {
        snprintf(why, why_size, "PouchDB Server is not installed (npm ci in tests/hub; make deps-test does it)");
        return 1;
    }
    if (system("command -v node >/dev/null 2>&1") != 0) {
        snprintf(why, why_size, "node is not installed (apt-get install nodejs)");
        return 1;
    }
    snprintf(h->dir, sizeof h->dir, "/tmp/boucle-hub.XXXXXX");
    if (!mkdtemp(h->dir)) { snprintf(why, why_size, "mkdtemp: %s", strerror(errno)); return -1; }
    for (int attempt = 0; attempt < 3; attempt++) {
        h->port = test_free_port();
        char port[16], cfg[128], logf[128];
        snprintf(port, sizeof port, "%d", h->port);
        snprintf(cfg, sizeof cfg, "%s/config.json", h->dir);
        snprintf(logf, sizeof logf, "%s/out.log", h->dir);
        char *argv[] = { bin, "--in-memory", "-p", port, "-o", "127.0.0.1", "-n", "-c", cfg, NULL };
        h->pid = spawn(h->dir, logf, argv);
        if (h->pid > 0 && wait_port(h->pid, h->port, 15000) == 0) break;
        stop_pid(&h->pid);
    }
    if (h->pid <= 0) { snprintf(why, why_size, "PouchDB Server did not start (see %s/out.log)", h->dir); return -1; }
    snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", h->port);
    if (with_admin) {
        if (raw_put(h->port, "/_config/admins/admin", "\"admin-test-pw\"") != 0) {
            snprintf(why, why_size, "could not create the hub admin");
            test_hub_stop(h);
            return -1;
        }
        snprintf(h->admin_url, sizeof h->admin_url, "http://admin:admin-test-pw@127.0.0.1:%d", h->port);
    }
    return 0;
}

static void couch_stop_run(TestHub *h);

void test_hub_stop(TestHub *h)
{
    if (h->kind == TEST_HUB_COUCHDB && h->run[0] && !h->external) couch_stop_run(h);
    h->run[0] = '\0';
    stop_pid(&h->pid);
    if (h->dir[0]) {
        char cmd[160];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", h->dir);
        if (system(cmd) != 0) { /* a leftover temp folder is harmless */ }
        h->dir[0] = '\0';
    }
}

int test_proxy_start(TestProxy *p, int target_port, char *why, size_t why_size)
{
    memset(p, 0, sizeof *p);
    if (system("command -v python3 >/dev/null 2>&1") != 0) {
        snprintf(why, why_size, "python3 is not installed");
        return 1;
    }
    char script[1024], target[16], port[16], logf[128], plog[128];
    snprintf(script, sizeof script, "%s/tests/lib/faultproxy.py", top_dir());
    snprintf(p->ctl, sizeof p->ctl, "/tmp/boucle-proxy.XXXXXX");
    int fd = mkstemp(p->ctl);
    if (fd < 0) { snprintf(why, why_size, "mkstemp: %s", strerror(errno)); return -1; }
    close(fd);
    snprintf(target, sizeof target, "%d", target_port);
    snprintf(logf, sizeof logf, "%s.out", p->ctl);
    snprintf(plog, sizeof plog, "%s.faults", p->ctl);
    for (int attempt = 0; attempt < 3; attempt++) {
        p->port = test_free_port();
        snprintf(port, sizeof port, "%d", p->port);
        char *argv[] = { "python3", script, "--port", port, "--target", target,
                         "--plan", p->ctl, "--log", plog, "--lifetime", "900", NULL };
        p->pid = spawn(NULL, logf, argv);
        if (p->pid > 0 && wait_port(p->pid, p->port, 10000) == 0) break;
        stop_pid(&p->pid);
    }
    if (p->pid <= 0) { snprintf(why, why_size, "the fault proxy did not start (see %s)", logf); return -1; }
    snprintf(p->url, sizeof p->url, "http://127.0.0.1:%d", p->port);
    return 0;
}

int test_proxy_plan(TestProxy *p, const char *plan)
{
    FILE *f = fopen(p->ctl, "w");
    if (!f) return -1;
    fputs(plan, f);
    return fclose(f) == 0 ? 0 : -1;
}

void test_proxy_stop(TestProxy *p)
{
    stop_pid(&p->pid);
    if (p->ctl[0]) {
        char f[160];
        unlink(p->ctl);
        snprintf(f, sizeof f, "%s.out", p->ctl); unlink(f);
        snprintf(f, sizeof f, "%s.faults", p->ctl); unlink(f);
        p->ctl[0] = '\0';
    }
}

int test_tls_expired_start(TestTls *t, char *why, size_t why_size)
{
    memset(t, 0, sizeof *t);
    if (system("command -v openssl >/dev/null 2>&1 && command -v faketime >/dev/null 2>&1 "
               "&& command -v python3 >/dev/null 2>&1") != 0) {
        snprintf(why, why_size, "openssl, faketime or python3 is not installed");
        return 1;
    }
    snprintf(t->dir, sizeof t->dir, "/tmp/boucle-tls.XXXXXX");
    if (!mkdtemp(t->dir)) { snprintf(why, why_size, "mkdtemp: %s", strerror(errno)); return -1; }
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && faketime '2020-01-01 00:00:00' openssl req -x509 -newkey rsa:2048 "
             "-keyout k.pem -out c.pem -days 30 -nodes -subj /CN=127.0.0.1 "
             "-addext subjectAltName=IP:127.0.0.1 >gen.log 2>&1", t->dir);
    if (system(cmd) != 0) { snprintf(why, why_size, "could not make the expired certificate"); return -1; }
    snprintf(t->cafile, sizeof t->cafile, "%s/c.pem", t->dir);
    char script[1024], port[16], key[96], logf[96];
    snprintf(script, sizeof script, "%s/tests/lib/tlsserver.py", top_dir());
    snprintf(key, sizeof key, "%s/k.pem", t->dir);
    snprintf(logf, sizeof logf, "%s/out.log", t->dir);
    for (int attempt = 0; attempt < 3; attempt++) {
        t->port = test_free_port();
        snprintf(port, sizeof port, "%d", t->port);
        char *argv[] = { "python3", script, port, t->cafile, key, "120", NULL };
        t->pid = spawn(NULL, logf, argv);
        if (t->pid > 0 && wait_port(t->pid, t->port, 10000) == 0) break;
        stop_pid(&t->pid);
    }
    if (t->pid <= 0) { snprintf(why, why_size, "the TLS server did not start (see %s)", logf); return -1; }
    snprintf(t->url, sizeof t->url, "https://127.0.0.1:%d", t->port);
    return 0;
}

void test_tls_stop(TestTls *t)
{
    stop_pid(&t->pid);
    if (t->dir[0]) {
        char cmd[160];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
        if (system(cmd) != 0) { /* harmless */ }
        t->dir[0] = '\0';
    }
}

/* ---- Apache CouchDB: a 3-node cluster on loopback ------------------------ */

const char *test_hub_tag(const TestHub *h)
{
    return h->kind == TEST_HUB_COUCHDB ? "couchdb" : "pouchdb";
}

int test_hub_start_kind(TestHub *h, TestHubKind kind, char *why, size_t why_size)
{
    if (kind == TEST_HUB_COUCHDB) return test_couch_start(h, why, why_size);
    int rc = test_hub_start(h, 1, why, why_size);
    h->kind = TEST_HUB_POUCHDB;
    return rc;
}

void test_hub_db_name(const char *prefix, char *out, size_t size)
{
    static int n;
    snprintf(out, size, "%s%dx%d", prefix, (int)getpid(), ++n);
}

static const char *couch_script(char *buf, size_t size)
{
    snprintf(buf, size, "%s/../shared/couchdb/couchdb", top_dir());
    return buf;
}

static const char *couch_build(void)
{
    const char *b = getenv("BOUCLE_COUCHDB_BUILD");
    return b && *b ? b : "/var/tmp/couchdb";
}

/* 1 when nothing listens on 127.0.0.1:port and it can be bound. */
static int port_free(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return 0;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = bind(s, (struct sockaddr *)&a, sizeof a) == 0;
    close(s);
    return ok && !port_open(port);
}

/* A base port with TEST_COUCH_NODES free ports from it, in
 * $BOUCLE_COUCHDB_PORTS ("LO-HI"), default 20000-32000: below the kernel's
 * range for outgoing connections, which would make a node fail. */
static int couch_free_base(void)
{
    int lo = 20000, hi = 32000;
    const char *r = getenv("BOUCLE_COUCHDB_PORTS");
    if (r && sscanf(r, "%d-%d", &lo, &hi) == 2 && hi - lo < TEST_COUCH_NODES) return -1;
    unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);
    int span = hi - lo - TEST_COUCH_NODES + 1;
    for (int tries = 0; tries < 200; tries++) {
        seed = seed * 1103515245u + 12345u;
        int base = lo + (int)((seed >> 8) % (unsigned)span);
        int ok = 1;
        for (int i = 0; i < TEST_COUCH_NODES && ok; i++) ok = port_free(base + i);
        if (ok) return base;
    }
    return -1;
}

/* Runs argv (no shell) with COUCHDB_ADMIN_PW set, its stdout into out. */
static int run_capture(char *const argv[], char *out, size_t size, const char *logfile)
{
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) { close(fds[0]); close(fds[1]); return -1; }
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]); close(fds[1]);
        int fd = open(logfile, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) { dup2(fd, 2); close(fd); }
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0) { dup2(nul, 0); close(nul); }
        setenv("COUCHDB_ADMIN_PW", "admin-test-pw", 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0;
    ssize_t r;
    while ((r = read(fds[0], out + len, size - 1 - len)) > 0 && len + 1 < size) len += (size_t)r;
    out[len] = '\0';
    close(fds[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static void couch_stop_run(TestHub *h)
{
    char script[1024], logf[128], out[256];
    snprintf(logf, sizeof logf, "%s/stop.log", h->dir);
    char *argv[] = { "sh", (char *)couch_script(script, sizeof script), "stop", h->run, NULL };
    run_capture(argv, out, sizeof out, logf);
}

int test_couch_start(TestHub *h, char *why, size_t why_size)
{
    memset(h, 0, sizeof *h);
    h->kind = TEST_HUB_COUCHDB;
    const char *ext = getenv("BOUCLE_TEST_COUCHDB");
    if (ext && *ext) {
        /* http://admin:PW@host:port — kept whole as the admin URL */
        const char *host = strstr(ext, "://"), *at = host ? strchr(host, '@') : NULL;
        if (!host || !at) {
            snprintf(why, why_size, "BOUCLE_TEST_COUCHDB must be http://admin:PASSWORD@host:port");
            return -1;
        }
        snprintf(h->admin_url, sizeof h->admin_url, "%s", ext);
        snprintf(h->url, sizeof h->url, "%.*s%s", (int)(host + 3 - ext), ext, at + 1);
        size_t n = strlen(h->url);
        while (n && h->url[n - 1] == '/') h->url[--n] = '\0';
        const char *colon = strrchr(at, ':');
        h->port = colon ? atoi(colon + 1) : 5984;
        h->external = 1;
        return 0;
    }
    char script[1024], rel[1024];
    const char *pass = getenv("BOUCLE_TEST_PASS");
    if (pass && strcmp(pass, "plain") != 0 && !getenv("BOUCLE_TEST_COUCHDB_ALL_PASSES")) {
        snprintf(why, why_size, "the CouchDB cluster cases run in the plain pass (the same client code runs here "
                                "against PouchDB Server; BOUCLE_TEST_COUCHDB_ALL_PASSES=1 runs them)");
        return 1;
    }
    couch_script(script, sizeof script);
    if (access(script, R_OK) != 0) {
        snprintf(why, why_size, "no Apache CouchDB here: %s is absent", script);
        return 1;
    }
    snprintf(rel, sizeof rel, "%s/rel/couchdb/bin/couchdb", couch_build());
    if (access(rel, X_OK) != 0) {
        snprintf(why, why_size, "Apache CouchDB is not built in %s (make deps-test builds it)", couch_build());
        return 1;
    }
    snprintf(h->dir, sizeof h->dir, "/tmp/boucle-couch.XXXXXX");
    if (!mkdtemp(h->dir)) { snprintf(why, why_size, "mkdtemp: %s", strerror(errno)); return -1; }
    snprintf(h->run, sizeof h->run, "%s/run", h->dir);
    for (int attempt = 0; attempt < 3; attempt++) {
        int base = couch_free_base();
        if (base < 0) { snprintf(why, why_size, "no 3 free ports in a row for CouchDB"); return -1; }
        char port[16], nodes[8], logf[128], out[256];
        snprintf(port, sizeof port, "%d", base);
        snprintf(nodes, sizeof nodes, "%d", TEST_COUCH_NODES);
        snprintf(logf, sizeof logf, "%s/start.log", h->dir);
        char *argv[] = { "sh", script, "start", (char *)couch_build(), h->run, port, nodes, NULL };
        if (run_capture(argv, out, sizeof out, logf) == 0) {
            h->port = base;
            snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d", base);
            snprintf(h->admin_url, sizeof h->admin_url, "http://admin:admin-test-pw@127.0.0.1:%d", base);
            return 0;
        }
        couch_stop_run(h);
    }
    snprintf(why, why_size, "the CouchDB cluster did not start (see %s/start.log)", h->dir);
    return -1;
}

void test_couch_node_url(const TestHub *h, int i, char *out, size_t size)
{
    snprintf(out, size, "http://127.0.0.1:%d", h->port + i - 1);
}

pid_t test_couch_node_pid(const TestHub *h, int i)
{
    if (h->external || !h->run[0]) return 0;
    char f[128];
    snprintf(f, sizeof f, "%s/node%d/couch.pid", h->run, i);
    FILE *fp = fopen(f, "r");
    if (!fp) return 0;
    long pid = 0;
    if (fscanf(fp, "%ld", &pid) != 1) pid = 0;
    fclose(fp);
    return (pid_t)pid;
}

int test_couch_node_kill(TestHub *h, int i)
{
    pid_t pid = test_couch_node_pid(h, i);
    if (pid <= 0) return -1;
    if (kill(pid, SIGKILL) != 0) return -1;
    for (int t = 0; t < 100 && kill(pid, 0) == 0; t++) sleep_ms(50);
    return 0;
}

/* The PID of the beam.smp run from dir (as the couchdb script finds it). */
static pid_t beam_under(const char *dir)
{
    char want[160];
    snprintf(want, sizeof want, "%s/", dir);
    for (int tries = 0; tries < 40; tries++) {
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "for f in /proc/[0-9]*/cmdline; do a=$( (tr '\\0' ' ' <\"$f\") 2>/dev/null) || continue; "
                 "case $a in '%s'*'/beam.smp '*) f=${f#/proc/}; echo \"${f%%/cmdline}\";; esac; done", want);
        FILE *p = popen(cmd, "r");
        long pid = 0;
        if (p) {
            if (fscanf(p, "%ld", &pid) != 1) pid = 0;
            pclose(p);
        }
        if (pid > 0) return (pid_t)pid;
        sleep_ms(250);
    }
    return 0;
}

int test_couch_node_restart(TestHub *h, int i)
{
    if (h->external || !h->run[0]) return -1;
    char dir[128], logf[160], pidf[160];
    snprintf(dir, sizeof dir, "%s/node%d", h->run, i);
    snprintf(logf, sizeof logf, "%s/couch.out", dir);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        setsid();
        if (chdir(dir) != 0) _exit(127);
        int fd = open(logf, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); close(fd); }
        int nul = open("/dev/null", O_RDONLY);
        if (nul >= 0) { dup2(nul, 0); close(nul); }
        setenv("ERL_EPMD_ADDRESS", "127.0.0.1", 1);
        char *argv[] = { "./bin/couchdb", NULL };
        execv(argv[0], argv);
        _exit(127);
    }
    int port = h->port + i - 1;
    int up = 0;
    for (int t = 0; t < 600 && !up; t++) {
        if (port_open(port)) up = 1;
        else sleep_ms(100);
    }
    waitpid(pid, NULL, WNOHANG);
    if (!up) return -1;
    pid_t beam = beam_under(dir);
    snprintf(pidf, sizeof pidf, "%s/couch.pid", dir);
    FILE *f = fopen(pidf, "w");
    if (f) { fprintf(f, "%ld\n", (long)beam); fclose(f); }
    /* until the node answers /_up (its databases are open) */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "curl -fs -o /dev/null --max-time 2 http://127.0.0.1:%d/_up", port);
    for (int t = 0; t < 120; t++) {
        if (system(cmd) == 0) return beam > 0 ? 0 : -1;
        sleep_ms(250);
    }
    return -1;
}
