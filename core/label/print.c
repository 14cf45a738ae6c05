/*
 * print.c — printers from the configuration, the print queue and the two
 * ways out: a raw TCP socket (ZPL, port 9100) and CUPS's `lp` (see print.h
 * for the job states and why they make double prints impossible by
 * accident).
 *
 * `lp` rather than libcups: it is in every CUPS install, it is what a person
 * would type to test the queue, and its failures come with CUPS's own
 * message, which we pass on. $BOUCLE_LP names another command (tests).
 */
#include "core/label/print.h"
#include "core/settings/config.h"
#include "util/i18n.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int print_connect_timeout_ms = 4000;  /* a printer on the LAN answers in ms; 4 s covers a waking one */
int print_io_timeout_ms = 15000;      /* a Zebra stops reading while it prints a long batch */

/* ---- printers ---------------------------------------------------------- */

int printer_parse(const char *name, const char *spec, Printer *out, Err *e)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", name);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL, *tok = strtok_r(buf, " \t", &save);
    if (!tok) return err_set(e, ERR_INPUT, _("printer %s: no address is configured"), name);
    snprintf(out->uri, sizeof out->uri, "%s", tok);
    if (strncmp(tok, "tcp://", 6) == 0) {
        out->kind = PRINTER_TCP;
        const char *h = tok + 6, *colon = strrchr(h, ':');
        out->port = 9100;
        if (colon && !strchr(colon, ']')) {
            char *end;
            long port = strtol(colon + 1, &end, 10);
            if (*end || port < 1 || port > 65535)
                return err_set(e, ERR_INPUT, _("printer %s: bad port in “%s”"), name, tok);
            out->port = (int)port;
            snprintf(out->host, sizeof out->host, "%.*s", (int)(colon - h), h);
        } else {
            snprintf(out->host, sizeof out->host, "%s", h);
        }
        size_t hl = strlen(out->host);
        if (hl >= 2 && out->host[0] == '[' && out->host[hl - 1] == ']') {   /* [::1] */
            memmove(out->host, out->host + 1, hl - 2);
            out->host[hl - 2] = '\0';
        }
        if (!out->host[0]) return err_set(e, ERR_INPUT, _("printer %s: no host in “%s”"), name, tok);
    } else if (strncmp(tok, "cups:", 5) == 0 || strncmp(tok, "cups-raw:", 9) == 0) {
        int raw = tok[4] == '-';
        out->kind = raw ? PRINTER_CUPS_RAW : PRINTER_CUPS;
        snprintf(out->queue, sizeof out->queue, "%s", tok + (raw ? 9 : 5));
        if (!out->queue[0] || strspn(out->queue, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.@")
                                  != strlen(out->queue))
            return err_set(e, ERR_INPUT, _("printer %s: bad CUPS queue name in “%s”"), name, tok);
    } else {
        return err_set(e, ERR_INPUT,
                       _("printer %s: unknown address “%s” (use tcp://HOST:9100, cups:QUEUE or cups-raw:QUEUE)"),
                       name, tok);
    }
    while ((tok = strtok_r(NULL, " \t", &save))) {
        if (strncmp(tok, "template=", 9) == 0) {
            snprintf(out->template_name, sizeof out->template_name, "%s", tok + 9);
        } else if (strncmp(tok, "dpi=", 4) == 0) {
            char *end;
            long dpi = strtol(tok + 4, &end, 10);
            if (*end || dpi < 100 || dpi > 1200)
                return err_set(e, ERR_INPUT, _("printer %s: dpi must be a whole number between 100 and 1200"), name);
            out->dpi = (int)dpi;
        } else {
            return err_set(e, ERR_INPUT, _("printer %s: unknown option “%s”"), name, tok);
        }
    }
    return 0;
}

int printer_lookup(const char *config_path, const char *name, Printer *out, Err *e)
{
    char dflt[64], key[128], spec[1024];
    if (!name || !*name) {
        int r = config_get(config_path, "label.printer", dflt, sizeof dflt, e);
        if (r < 0) return -1;
        if (r == 0)
            return err_set(e, ERR_NOTFOUND,
                           _("no printer is configured: set label.printer and printer.NAME in the configuration"));
        name = dflt;
    }
    snprintf(key, sizeof key, "printer.%s", name);
    int r = config_get(config_path, key, spec, sizeof spec, e);
    if (r < 0) return -1;
    if (r == 0)
        return err_set(e, ERR_NOTFOUND, _("unknown printer “%s”: add “%s = tcp://HOST:9100” or “cups:QUEUE” under [printer]"),
                       name, name);
    return printer_parse(name, spec, out, e);
}

int printer_names(const char *config_path, char names[][64], int max, Err *e)
{
    char list[1024];
    int r = config_get(config_path, "label.printers", list, sizeof list, e);
    if (r <= 0) return r;
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(list, " ,\t", &save); t && n < max; t = strtok_r(NULL, " ,\t", &save))
        snprintf(names[n++], 64, "%s", t);
    return n;
}

LabelFormat printer_format(const Printer *p)
{
    return p->kind == PRINTER_CUPS ? LABEL_FMT_PDF : LABEL_FMT_ZPL;
}

/* ---- the queue --------------------------------------------------------- */

static const char *const STATE_KEYS[JOB__COUNT] = { "queued", "sending", "sent", "cancelled" };

const char *job_state_key(JobState s) { return s < JOB__COUNT ? STATE_KEYS[s] : "?"; }

const char *job_state_label(JobState s)
{
    switch (s) {
    case JOB_QUEUED: return _("waiting to print");
    case JOB_SENDING: return _("interrupted while sending");
    case JOB_SENT: return _("sent to the printer");
    case JOB_CANCELLED: return _("print cancelled");
    default: return "?";
    }
}

static JobState state_parse(const char *s)
{
    for (int i = 0; i < JOB__COUNT; i++)
        if (s && strcmp(s, STATE_KEYS[i]) == 0) return (JobState)i;
    return JOB_CANCELLED;
}

static void now_utc(char out[24])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
}

static const char SQL_BUSY[] =
    "SELECT j.id, j.state FROM print_job_devices d JOIN print_jobs j ON j.id = d.job "
    "WHERE d.device = ?1 AND (j.state IN ('queued', 'sending') OR (?2 = 0 AND j.state = 'sent')) "
    "ORDER BY j.state = 'sent', j.id DESC LIMIT 1";

/* 0: may be queued; >0: the job that holds it (*sent tells which kind). */
static int64_t device_busy(Ctx *c, const char *id, int reprint, int *sent, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_BUSY, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, reprint);
    int rc = sqlite3_step(st);
    int64_t job = 0;
    if (rc == SQLITE_ROW) {
        job = sqlite3_column_int64(st, 0);
        *sent = strcmp((const char *)sqlite3_column_text(st, 1), "sent") == 0;
    } else if (rc != SQLITE_DONE) {
        return db_error(c->db, e);
    }
    sqlite3_reset(st);
    return job;
}

int print_filter(Ctx *c, const char *const *ids, int n, int reprint, const char **out, Err *e)
{
    int kept = 0;
    for (int i = 0; i < n; i++) {
        int sent = 0;
        int64_t job = device_busy(c, ids[i], reprint, &sent, e);
        if (job < 0) return -1;
        if (job == 0) out[kept++] = ids[i];
    }
    return kept;
}

static const char SQL_INSERT_JOB[] =
    "INSERT INTO print_jobs(printer, target, format, data, labels, state, created, updated) "
    "VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?6)";
static const char SQL_INSERT_DEV[] = "INSERT OR IGNORE INTO print_job_devices(job, device) VALUES (?1, ?2)";

int64_t print_enqueue(Ctx *c, const Printer *p, const char *const *ids, int n, const void *data, size_t len,
                      int reprint, Err *e)
{
    if (n < 1 || !data || len == 0) return err_set(e, ERR_INPUT, _("nothing to print"));
    if (db_begin(c->db, e) < 0) return -1;
    for (int i = 0; i < n; i++) {
        int sent = 0;
        int64_t job = device_busy(c, ids[i], reprint, &sent, e);
        if (job != 0) {
            db_rollback(c->db);
            if (job < 0) return -1;
            if (sent)
                return err_set(e, ERR_EXISTS,
                               _("the label of %s was already printed (job %lld); ask for a reprint to print it again"),
                               ids[i], (long long)job);
            return err_set(e, ERR_EXISTS,
                           _("%s is already waiting in print job %lld; retry or cancel that job first"), ids[i],
                           (long long)job);
        }
    }
    char now[24];
    now_utc(now);
    sqlite3_stmt *st = db_stmt(c->db, SQL_INSERT_JOB, e);
    if (!st) { db_rollback(c->db); return -1; }
    sqlite3_bind_text(st, 1, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->uri, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, label_format_key(printer_format(p)), -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 4, data, len, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, n);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) { db_error(c->db, e); db_rollback(c->db); return -1; }
    int64_t job = sqlite3_last_insert_rowid(db_handle(c->db));
    for (int i = 0; i < n; i++) {
        st = db_stmt(c->db, SQL_INSERT_DEV, e);
        if (!st) { db_rollback(c->db); return -1; }
        sqlite3_bind_int64(st, 1, job);
        sqlite3_bind_text(st, 2, ids[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) { db_error(c->db, e); db_rollback(c->db); return -1; }
    }
    if (db_commit(c->db, e) < 0) return -1;
    return job;
}

static const char SQL_GET_JOB[] =
    "SELECT id, printer, target, format, labels, state, attempts, error, cups_job, created, updated "
    "FROM print_jobs WHERE id = ?1";
static const char SQL_LIST_JOBS[] =
    "SELECT id, printer, target, format, labels, state, attempts, error, cups_job, created, updated "
    "FROM print_jobs WHERE ?1 OR state IN ('queued', 'sending') ORDER BY id DESC";

static void job_from_row(sqlite3_stmt *st, PrintJob *j)
{
    memset(j, 0, sizeof *j);
    j->id = sqlite3_column_int64(st, 0);
#define COL(i) ((const char *)sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "")
    snprintf(j->printer, sizeof j->printer, "%s", COL(1));
    snprintf(j->target, sizeof j->target, "%s", COL(2));
    snprintf(j->format, sizeof j->format, "%s", COL(3));
    j->labels = sqlite3_column_int(st, 4);
    j->state = state_parse(COL(5));
    j->attempts = sqlite3_column_int(st, 6);
    snprintf(j->error, sizeof j->error, "%s", COL(7));
    snprintf(j->cups_job, sizeof j->cups_job, "%s", COL(8));
    snprintf(j->created, sizeof j->created, "%s", COL(9));
    snprintf(j->updated, sizeof j->updated, "%s", COL(10));
#undef COL
}

int print_job_get(Ctx *c, int64_t id, PrintJob *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_GET_JOB, e);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) { job_from_row(st, out); sqlite3_reset(st); return 1; }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error(c->db, e);
}

int print_jobs(Ctx *c, int all, PrintJobCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_LIST_JOBS, e);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, all != 0);
    int rc;
    /* collect first: the callback may use the database */
    PrintJob *jobs = NULL;
    size_t n = 0, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            PrintJob *nj = realloc(jobs, cap * sizeof *jobs);
            if (!nj) { free(jobs); sqlite3_reset(st); return err_set(e, ERR_INTERNAL, _("out of memory")); }
            jobs = nj;
        }
        job_from_row(st, &jobs[n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { free(jobs); return db_error(c->db, e); }
    for (size_t i = 0; i < n; i++)
        if (cb(arg, &jobs[i])) break;
    free(jobs);
    return 0;
}

static const char SQL_SET_STATE[] =
    "UPDATE print_jobs SET state = ?2, error = ?3, updated = ?4, attempts = attempts + ?5, "
    "cups_job = CASE WHEN ?6 = '' THEN cups_job ELSE ?6 END WHERE id = ?1";

static int set_state(Ctx *c, int64_t id, JobState s, const char *error, int attempt, const char *cups_job, Err *e)
{
    char now[24];
    now_utc(now);
    sqlite3_stmt *st = db_stmt(c->db, SQL_SET_STATE, e);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, STATE_KEYS[s], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, error ? error : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, attempt);
    sqlite3_bind_text(st, 6, cups_job ? cups_job : "", -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error(c->db, e);
}

static int job_closed(const PrintJob *j, Err *e)
{
    if (j->state == JOB_SENT)
        return err_set(e, ERR_INPUT, _("print job %lld was already sent to the printer"), (long long)j->id);
    return err_set(e, ERR_INPUT, _("print job %lld was cancelled"), (long long)j->id);
}

int print_cancel(Ctx *c, int64_t id, Err *e)
{
    PrintJob j;
    int r = print_job_get(c, id, &j, e);
    if (r < 0) return -1;
    if (r == 0) return err_set(e, ERR_NOTFOUND, _("no print job %lld"), (long long)id);
    if (j.state == JOB_SENT || j.state == JOB_CANCELLED) return job_closed(&j, e);
    return set_state(c, id, JOB_CANCELLED, j.error, 0, NULL, e);
}

/* ---- sending ----------------------------------------------------------- */

/* Connects with a timeout. Returns the socket, or -1 with e (nothing sent). */
static int tcp_connect(const char *host, int port, const char *printer, Err *e)
{
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    struct addrinfo hints = { 0 }, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    int gai = getaddrinfo(host, portstr, &hints, &res);
    if (gai != 0)
        return err_set(e, ERR_IO, _("printer %s: cannot find host %s (%s); the job stays queued"), printer, host,
                       gai_strerror(gai));
    int fd = -1, err = 0;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) { err = errno; continue; }
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        if (errno == EINPROGRESS) {
            struct pollfd pfd = { fd, POLLOUT, 0 };
            int pr = poll(&pfd, 1, print_connect_timeout_ms);
            socklen_t len = sizeof err;
            if (pr == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) break;
            if (pr == 0) err = ETIMEDOUT;
        } else {
            err = errno;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        return err_set(e, ERR_IO, _("printer %s (%s:%d) cannot be reached: %s; the job stays queued"), printer, host,
                       port, strerror(err));
    return fd;
}

/* Sends len bytes. Returns bytes sent (len on success); fills e when short. */
static size_t tcp_send_all(int fd, const unsigned char *data, size_t len, const char *printer, PrintProgress progress,
                           void *arg, Err *e)
{
    size_t done = 0;
    while (done < len) {
        struct pollfd pfd = { fd, POLLOUT, 0 };
        int pr = poll(&pfd, 1, print_io_timeout_ms);
        if (pr <= 0) {
            err_set(e, ERR_IO, _("printer %s stopped accepting data after %zu of %zu bytes (%s)"), printer, done, len,
                    pr == 0 ? strerror(ETIMEDOUT) : strerror(errno));
            return done;
        }
        size_t chunk = len - done < 16384 ? len - done : 16384;
        ssize_t w = send(fd, data + done, chunk, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            err_set(e, ERR_IO, _("printer %s stopped accepting data after %zu of %zu bytes (%s)"), printer, done, len,
                    strerror(errno));
            return done;
        }
        done += (size_t)w;
        if (progress) progress(arg, done, len);
    }
    return done;
}

/* After the last byte: shut our side down and wait (briefly) for the
 * printer to close its side. Whatever it answers is drained and ignored, so
 * that garbage cannot block the queue. A reset means the printer dropped
 * the connection before it had everything: -1 (the caller keeps the job
 * "sending"). A printer that keeps the socket open counts as delivered: every
 * byte was accepted and nothing went wrong. */
static int tcp_finish(int fd)
{
    int rc = 0;
    if (shutdown(fd, SHUT_WR) < 0) rc = -1;
    char junk[512];
    for (int i = 0; rc == 0 && i < 64; i++) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        if (poll(&pfd, 1, 300) <= 0) break;
        ssize_t r = read(fd, junk, sizeof junk);
        if (r == 0) break;
        if (r < 0 && errno != EINTR && errno != EAGAIN) rc = -1;
    }
    close(fd);
    return rc;
}

/* Runs lp on a temporary file holding data. 0 accepted (request id in
 * cups_job), -1 with e (lp refused: nothing queued in CUPS). */
static int lp_submit(const Printer *p, int64_t job, const void *data, size_t len, char *cups_job, size_t cjsize,
                     Err *e)
{
    const char *tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[1024];
    snprintf(path, sizeof path, "%s/boucle-print-XXXXXX", tmpdir);
    int fd = mkstemp(path);
    if (fd < 0) return err_set(e, ERR_IO, _("cannot write a temporary file in %s: %s"), tmpdir, strerror(errno));
    if (write(fd, data, len) != (ssize_t)len) {
        int err = errno;
        close(fd);
        unlink(path);
        return err_set(e, ERR_IO, _("cannot write a temporary file in %s: %s"), tmpdir, strerror(err));
    }
    close(fd);
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) < 0) { unlink(path); return err_set(e, ERR_IO, "pipe: %s", strerror(errno)); }
    const char *lp = getenv("BOUCLE_LP") && *getenv("BOUCLE_LP") ? getenv("BOUCLE_LP") : "lp";
    char title[64];
    snprintf(title, sizeof title, "boucle-%lld", (long long)job);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pipefd[1], 1);
        dup2(pipefd[1], 2);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, 0);
        if (p->kind == PRINTER_CUPS_RAW)
            execlp(lp, lp, "-d", p->queue, "-t", title, "-o", "raw", path, (char *)NULL);
        else
            execlp(lp, lp, "-d", p->queue, "-t", title, path, (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    char out[2048];
    size_t n = 0;
    ssize_t r;
    while ((r = read(pipefd[0], out + n, sizeof out - 1 - n)) > 0 || (r < 0 && errno == EINTR))
        if (r > 0) n += (size_t)r;
    out[n] = '\0';
    close(pipefd[0]);
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    unlink(path);
    if (pid < 0) return err_set(e, ERR_IO, _("cannot run %s: %s"), lp, strerror(errno));
    for (char *q = out; *q; q++) if (*q == '\n' || *q == '\r') *q = ' ';
    while (n && out[n - 1] == ' ') out[--n] = '\0';
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            return err_set(e, ERR_IO, _("cannot run %s: is cups-client installed? The job stays queued"), lp);
        return err_set(e, ERR_IO, _("CUPS refused the job for printer %s: %s; the job stays queued"), p->name,
                       out[0] ? out : "?");
    }
    /* "request id is QUEUE-12 (1 file(s))" */
    const char *rid = strstr(out, "request id is ");
    cups_job[0] = '\0';
    if (rid) sscanf(rid + 14, "%63s", cups_job);
    (void)cjsize;
    return 0;
}

static const char SQL_JOB_DATA[] = "SELECT data FROM print_jobs WHERE id = ?1";

int print_send(Ctx *c, int64_t id, int force, PrintProgress progress, void *arg, Err *e)
{
    PrintJob j;
    int r = print_job_get(c, id, &j, e);
    if (r < 0) return -1;
    if (r == 0) return err_set(e, ERR_NOTFOUND, _("no print job %lld"), (long long)id);
    if (j.state == JOB_SENT || j.state == JOB_CANCELLED) return job_closed(&j, e);
    if (j.state == JOB_SENDING && !force)
        return err_set(e, ERR_INPUT,
                       _("print job %lld was interrupted while sending and may have printed in part; check the "
                         "printer, then resend it on purpose or cancel it"),
                       (long long)id);
    Printer p;
    char spec[600];
    snprintf(spec, sizeof spec, "%s", j.target);
    if (printer_parse(j.printer, spec, &p, e) < 0) return -1;

    sqlite3_stmt *st = db_stmt(c->db, SQL_JOB_DATA, e);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) { sqlite3_reset(st); return db_error(c->db, e); }
    size_t len = (size_t)sqlite3_column_bytes(st, 0);
    unsigned char *data = malloc(len ? len : 1);
    if (!data) { sqlite3_reset(st); return err_set(e, ERR_INTERNAL, _("out of memory")); }
    memcpy(data, sqlite3_column_blob(st, 0), len);
    sqlite3_reset(st);

    int rc = -1;
    if (p.kind == PRINTER_TCP) {
        int fd = tcp_connect(p.host, p.port, p.name, e);
        if (fd < 0) {   /* nothing left: safe to retry */
            set_state(c, id, JOB_QUEUED, e->msg, 1, NULL, NULL);
            goto out;
        }
        /* from here bytes may reach the printer: committed before the first */
        if (set_state(c, id, JOB_SENDING, "", 1, NULL, e) < 0) { close(fd); goto out; }
        size_t done = tcp_send_all(fd, data, len, p.name, progress, arg, e);
        if (tcp_finish(fd) < 0 && done == len) {
            err_set(e, ERR_IO, _("printer %s dropped the connection before confirming the %zu bytes"), p.name, len);
            done = len - 1;
        }
        if (done < len) {
            JobState s = done == 0 ? JOB_QUEUED : JOB_SENDING;
            if (s == JOB_SENDING) {
                char why[sizeof e->msg];
                snprintf(why, sizeof why, "%s", e->msg);
                err_set(e, ERR_IO,
                        _("%s: print job %lld may have printed in part; check the printer, then resend it on purpose "
                          "or cancel it"),
                        why, (long long)id);
            }
            set_state(c, id, s, e->msg, 0, NULL, NULL);
            goto out;
        }
        rc = set_state(c, id, JOB_SENT, "", 0, NULL, e);
    } else {
        char cups_job[64] = "";
        if (set_state(c, id, JOB_SENDING, "", 1, NULL, e) < 0) goto out;
        if (lp_submit(&p, id, data, len, cups_job, sizeof cups_job, e) < 0) {
            set_state(c, id, JOB_QUEUED, e->msg, 0, NULL, NULL);   /* lp is all or nothing */
            goto out;
        }
        if (progress) progress(arg, len, len);
        rc = set_state(c, id, JOB_SENT, "", 0, cups_job, e);
    }
out:
    free(data);
    return rc;
}

typedef struct Ids { int64_t *v; size_t n, cap; } Ids;

static int collect_queued(void *arg, const PrintJob *j)
{
    Ids *ids = arg;
    if (j->state != JOB_QUEUED) return 0;
    if (ids->n == ids->cap) {
        ids->cap = ids->cap ? ids->cap * 2 : 16;
        int64_t *nv = realloc(ids->v, ids->cap * sizeof *nv);
        if (!nv) return 1;
        ids->v = nv;
    }
    ids->v[ids->n++] = j->id;
    return 0;
}

int print_retry(Ctx *c, int *sent, int *failed, Err *e)
{
    Ids ids = { 0 };
    *sent = *failed = 0;
    if (print_jobs(c, 0, collect_queued, &ids, e) < 0) return -1;
    int rc = 0;
    Err first = { 0 };
    /* oldest first: the queue keeps the order people asked for */
    for (size_t i = ids.n; i-- > 0;) {
        Err one = { 0 };
        if (print_send(c, ids.v[i], 0, NULL, NULL, &one) == 0) {
            (*sent)++;
        } else {
            (*failed)++;
            if (rc == 0) first = one;
            rc = -1;
        }
    }
    free(ids.v);
    if (rc < 0 && e) *e = first;
    return rc;
}
