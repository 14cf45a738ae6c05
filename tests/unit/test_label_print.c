/*
 * test_label_print.c — printers and the print queue, against a loopback
 * TCP "printer" on 127.0.0.1 (what arrives is rasterised and decoded), a
 * fake `lp` ($BOUCLE_LP), and a real CUPS scheduler with a file queue when
 * cupsd can be started here.
 *   1-2   printer addresses and configuration
 *   3     ZPL over TCP: the bytes that arrive scan as the right ids
 *   4     unreachable printer: the job stays queued, a retry sends it once
 *   5     a printer that drops the connection mid-job: never resent silently
 *   6     nothing queued twice, nothing reprinted without asking
 *   7     a printer that answers garbage, a host that does not exist
 *   8-9   CUPS through lp (fake lp; a real cupsd whose raw queue's socket
 *         backend delivers to the loopback printer)
 */
#include "tests/unit/t.h"
#include "tests/unit/support_label.h"
#include "core/settings/config.h"
#include "core/log/ctx.h"
#include "core/label/label.h"
#include "core/label/print.h"
#include <arpa/inet.h>
#include <cairo.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a loopback printer ------------------------------------------------ */

typedef struct Fake {
    int lfd, port;
    int mode;                /* 0 read all; 1 read `cut` bytes then reset; 2 read all and answer garbage */
    size_t cut;
    int max_conns;           /* connections to accept before the thread ends */
    int conns;
    unsigned char *got;
    size_t len, cap;
    pthread_t th;
} Fake;

static void *fake_run(void *arg)
{
    Fake *f = arg;
    for (int k = 0; k < f->max_conns; k++) {
        int fd = accept(f->lfd, NULL, NULL);
        if (fd < 0) break;
        f->conns++;
        if (f->mode == 2) { ssize_t w = write(fd, "\x02?~HS garbage\xff\xfe\r\n", 18); (void)w; }
        unsigned char buf[8192];
        ssize_t r;
        size_t this_conn = 0;
        while ((r = read(fd, buf, sizeof buf)) > 0) {
            if (f->mode == 1 && this_conn + (size_t)r > f->cut) r = (ssize_t)(f->cut - this_conn);
            if (f->len + (size_t)r + 1 > f->cap) {
                f->cap = (f->len + (size_t)r + 1) * 2;
                f->got = realloc(f->got, f->cap);
            }
            memcpy(f->got + f->len, buf, (size_t)r);
            f->len += (size_t)r;
            this_conn += (size_t)r;
            if (f->mode == 1 && this_conn >= f->cut) {
                struct linger lg = { 1, 0 };   /* close with a reset, like a printer that gives up */
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
                break;
            }
        }
        if (f->got) f->got[f->len] = '\0';
        close(fd);
    }
    return NULL;
}

/* Listens on 127.0.0.1 (port 0 = any free one). */
static int fake_start(Fake *f, int port, int mode, int max_conns)
{
    memset(f, 0, sizeof *f);
    f->mode = mode;
    f->max_conns = max_conns;
    f->lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(f->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(f->lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(f->lfd, 4) < 0) return -1;
    socklen_t al = sizeof a;
    getsockname(f->lfd, (struct sockaddr *)&a, &al);
    f->port = ntohs(a.sin_port);
    return pthread_create(&f->th, NULL, fake_run, f) == 0 ? 0 : -1;
}

static void fake_stop(Fake *f)
{
    shutdown(f->lfd, SHUT_RDWR);
    pthread_join(f->th, NULL);
    close(f->lfd);   /* f->got stays for the checks: free it after them */
}

/* A free port with nobody listening. */
static int dead_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    socklen_t al = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &al);
    close(fd);
    return ntohs(a.sin_port);
}

/* ---- fixtures ----------------------------------------------------------- */

static Ctx ctx;
static int db_n;

static int open_db(void)
{
    char p[512];
    snprintf(p, sizeof p, "%s/print%d.db", sl_tmpdir(), ++db_n);
    Err e = { 0 };
    if (ctx_open(&ctx, p, 0, &e) < 0) { printf("# %s\n", e.msg); return -1; }
    return 0;
}

/* Renders the labels of ids in the printer's format into a malloc'd buffer. */
static char *render(const Printer *p, const char *const *ids, int n, size_t *len)
{
    LabelTemplate t;
    label_template_builtin("50x25", &t);
    Label ls[8];
    for (int i = 0; i < n; i++) {
        LabelData d = { .asset_id = ids[i], .category = "Portable", .model = "T480" };
        if (label_build(&d, &t, NULL, &ls[i], NULL) < 0) return NULL;
    }
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    label_write(ls, n, printer_format(p), f, NULL);
    fclose(f);
    for (int i = 0; i < n; i++) label_free(&ls[i]);
    return buf;
}

static JobState state_of(int64_t job)
{
    PrintJob j;
    if (print_job_get(&ctx, job, &j, NULL) != 1) return JOB__COUNT;
    return j.state;
}

/* 1 */
TEST(printer_addresses)
{
    Printer p;
    Err e = { 0 };
    CHECK(printer_parse("z", "tcp://10.0.0.5", &p, &e) == 0);
    CHECK_INT(p.kind, PRINTER_TCP);
    CHECK_STR(p.host, "10.0.0.5");
    CHECK_INT(p.port, 9100);
    CHECK(printer_parse("z", "tcp://zebra.local:6101 template=50x25 dpi=300", &p, &e) == 0);
    CHECK_STR(p.host, "zebra.local");
    CHECK_INT(p.port, 6101);
    CHECK_STR(p.template_name, "50x25");
    CHECK_INT(p.dpi, 300);
    CHECK_INT(printer_format(&p), LABEL_FMT_ZPL);
    CHECK(printer_parse("z", "tcp://[::1]:9100", &p, &e) == 0);
    CHECK_STR(p.host, "::1");
    CHECK(printer_parse("b", "cups:QL800", &p, &e) == 0);
    CHECK_INT(p.kind, PRINTER_CUPS);
    CHECK_STR(p.queue, "QL800");
    CHECK_INT(printer_format(&p), LABEL_FMT_PDF);
    CHECK(printer_parse("r", "cups-raw:ZebraRaw", &p, &e) == 0);
    CHECK_INT(printer_format(&p), LABEL_FMT_ZPL);
    const char *bad[] = { "", "http://x", "tcp://", "tcp://h:99999", "tcp://h:12ab", "cups:", "cups:a b;rm",
                          "cups:Q colour=yes", "tcp://h dpi=3" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(printer_parse("x", bad[i], &p, &e) == -1, "accepted \"%s\"", bad[i]);
        CHECK_CONTAINS(e.msg, "printer x");
    }
}

/* 2 */
TEST(printers_from_config)
{
    char conf[512];
    snprintf(conf, sizeof conf, "%s/boucle.conf", sl_tmpdir());
    Printer p;
    Err e = { 0 };
    CHECK_INT(printer_lookup(conf, NULL, &p, &e), -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    CHECK_CONTAINS(e.msg, "label.printer");
    CHECK(config_set(conf, "printer.zebra", "tcp://127.0.0.1:9100 template=50x25", &e) == 0);
    CHECK(config_set(conf, "printer.brother", "cups:QL800", &e) == 0);
    CHECK(config_set(conf, "label.printer", "zebra", &e) == 0);
    CHECK(config_set(conf, "label.printers", "zebra, brother", &e) == 0);
    CHECK_MSG(printer_lookup(conf, NULL, &p, &e) == 0, "%s", e.msg);
    CHECK_STR(p.name, "zebra");
    CHECK_STR(p.template_name, "50x25");
    CHECK(printer_lookup(conf, "brother", &p, &e) == 0);
    CHECK_INT(p.kind, PRINTER_CUPS);
    CHECK_INT(printer_lookup(conf, "epson", &p, &e), -1);
    CHECK_CONTAINS(e.msg, "epson");
    char names[4][64];
    CHECK_INT(printer_names(conf, names, 4, &e), 2);
    CHECK_STR(names[1], "brother");
}

/* 3 */
TEST(zpl_over_tcp)
{
    CHECK(open_db() == 0);
    Fake f;
    CHECK(fake_start(&f, 0, 0, 1) == 0);
    char spec[64];
    snprintf(spec, sizeof spec, "tcp://127.0.0.1:%d", f.port);
    Printer p;
    CHECK(printer_parse("zebra", spec, &p, NULL) == 0);
    const char *ids[] = { "GRE1-000010", "GRE1-000011" };
    size_t len;
    char *zpl = render(&p, ids, 2, &len);
    Err e = { 0 };
    int64_t job = print_enqueue(&ctx, &p, ids, 2, zpl, len, 0, &e);
    CHECK_MSG(job > 0, "%s", e.msg);
    CHECK_INT(state_of(job), JOB_QUEUED);
    CHECK_MSG(print_send(&ctx, job, 0, NULL, NULL, &e) == 0, "%s", e.msg);
    fake_stop(&f);
    CHECK_INT(state_of(job), JOB_SENT);
    CHECK_INT(f.conns, 1);
    CHECK_INT(f.len, len);
    CHECK(memcmp(f.got, zpl, len) == 0);
    for (int i = 0; i < 2; i++) {
        unsigned char *g;
        int w, h;
        CHECK(sl_zpl_raster(zpl, i, &g, &w, &h) == 0);
        SlCodes c;
        sl_decode_gray(g, w, h, &c);
        free(g);
        CHECK_MSG(sl_has(&c, "QR", ids[i]), "label %d arrived unreadable", i);
    }
    free(zpl);
    free(f.got);
    /* a sent job is not sent again */
    CHECK_INT(print_send(&ctx, job, 0, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "already sent");
    ctx_close(&ctx);
}

/* 4 */
TEST(unreachable_then_retry)
{
    CHECK(open_db() == 0);
    int port = dead_port();
    char spec[64];
    snprintf(spec, sizeof spec, "tcp://127.0.0.1:%d", port);
    Printer p;
    printer_parse("zebra", spec, &p, NULL);
    const char *ids[] = { "GRE1-000020" };
    size_t len;
    char *zpl = render(&p, ids, 1, &len);
    Err e = { 0 };
    int64_t job = print_enqueue(&ctx, &p, ids, 1, zpl, len, 0, &e);
    CHECK(job > 0);
    CHECK_INT(print_send(&ctx, job, 0, NULL, NULL, &e), -1);
    CHECK_INT(e.code, ERR_IO);
    CHECK_CONTAINS(e.msg, "cannot be reached");
    CHECK_CONTAINS(e.msg, "stays queued");
    PrintJob j;
    CHECK(print_job_get(&ctx, job, &j, NULL) == 1);
    CHECK_INT(j.state, JOB_QUEUED);
    CHECK_INT(j.attempts, 1);
    CHECK_CONTAINS(j.error, "cannot be reached");
    int sent, failed;
    CHECK_INT(print_retry(&ctx, &sent, &failed, &e), -1);
    CHECK_INT(failed, 1);
    /* the printer comes back on the same address */
    Fake f;
    CHECK(fake_start(&f, port, 0, 3) == 0);
    CHECK_MSG(print_retry(&ctx, &sent, &failed, &e) == 0, "%s", e.msg);
    CHECK_INT(sent, 1);
    CHECK_INT(print_retry(&ctx, &sent, &failed, &e), 0);   /* nothing left */
    CHECK_INT(sent, 0);
    fake_stop(&f);
    CHECK_INT(f.conns, 1);
    CHECK_INT(f.len, len);
    CHECK(print_job_get(&ctx, job, &j, NULL) == 1);
    CHECK_INT(j.state, JOB_SENT);
    CHECK_INT(j.attempts, 3);
    CHECK_STR(j.error, "");
    free(f.got);
    free(zpl);
    ctx_close(&ctx);
}

/* 5 */
TEST(dropped_mid_job)
{
    CHECK(open_db() == 0);
    Fake f;
    CHECK(fake_start(&f, 0, 1, 1) == 0);
    f.cut = 3000;
    char spec[64];
    snprintf(spec, sizeof spec, "tcp://127.0.0.1:%d", f.port);
    Printer p;
    printer_parse("zebra", spec, &p, NULL);
    const char *ids[] = { "GRE1-000030", "GRE1-000031", "GRE1-000032" };
    size_t len;
    char *zpl = render(&p, ids, 3, &len);
    Err e = { 0 };
    int64_t job = print_enqueue(&ctx, &p, ids, 3, zpl, len, 0, &e);
    CHECK_INT(print_send(&ctx, job, 0, NULL, NULL, &e), -1);
    fake_stop(&f);
    free(f.got);
    CHECK_CONTAINS(e.msg, "may have printed in part");
    CHECK_INT(state_of(job), JOB_SENDING);
    CHECK(f.len < len);
    /* a retry does not resend it behind the person's back */
    int sent, failed;
    CHECK_INT(print_retry(&ctx, &sent, &failed, &e), 0);
    CHECK_INT(sent + failed, 0);
    CHECK_INT(print_send(&ctx, job, 0, NULL, NULL, &e), -1);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_CONTAINS(e.msg, "interrupted");
    /* the devices are still held by the unfinished job */
    CHECK_INT(print_enqueue(&ctx, &p, ids + 1, 1, zpl, len, 1, &e), -1);
    CHECK_INT(e.code, ERR_EXISTS);
    /* on purpose: force */
    Fake g;
    CHECK(fake_start(&g, 0, 0, 1) == 0);
    snprintf(spec, sizeof spec, "tcp://127.0.0.1:%d", g.port);
    /* the job keeps its address: move the fake printer there instead */
    fake_stop(&g);
    free(g.got);
    CHECK(fake_start(&g, f.port, 0, 1) == 0);
    CHECK_MSG(print_send(&ctx, job, 1, NULL, NULL, &e) == 0, "%s", e.msg);
    fake_stop(&g);
    CHECK_INT(g.len, len);
    free(g.got);
    CHECK_INT(state_of(job), JOB_SENT);
    free(zpl);
    ctx_close(&ctx);
}

/* 6 */
TEST(no_accidental_double_print)
{
    CHECK(open_db() == 0);
    Fake f;
    CHECK(fake_start(&f, 0, 0, 2) == 0);
    char spec[64];
    snprintf(spec, sizeof spec, "tcp://127.0.0.1:%d", f.port);
    Printer p;
    printer_parse("zebra", spec, &p, NULL);
    const char *ids[] = { "GRE1-000040", "GRE1-000041" };
    size_t len;
    char *zpl = render(&p, ids, 2, &len);
    Err e = { 0 };
    int64_t job = print_enqueue(&ctx, &p, ids, 2, zpl, len, 0, &e);
    CHECK(job > 0);
    /* pressing "print" twice */
    CHECK_INT(print_enqueue(&ctx, &p, ids + 1, 1, zpl, len, 0, &e), -1);
    CHECK_INT(e.code, ERR_EXISTS);
    CHECK_CONTAINS(e.msg, "GRE1-000041");
    CHECK_CONTAINS(e.msg, "waiting");
    /* the same device in another case: the queue compares without case */
    const char *lower[] = { "gre1-000040" };
    CHECK_INT(print_enqueue(&ctx, &p, lower, 1, zpl, len, 0, &e), -1);
    CHECK(print_send(&ctx, job, 0, NULL, NULL, &e) == 0);
    /* printed: a batch skips it, a reprint must be asked for */
    const char *batch[] = { "GRE1-000040", "GRE1-000042", "GRE1-000041" }, *keep[3];
    CHECK_INT(print_filter(&ctx, batch, 3, 0, keep, &e), 1);
    CHECK_STR(keep[0], "GRE1-000042");
    CHECK_INT(print_filter(&ctx, batch, 3, 1, keep, &e), 3);
    CHECK_INT(print_enqueue(&ctx, &p, ids, 1, zpl, len, 0, &e), -1);
    CHECK_CONTAINS(e.msg, "already printed");
    int64_t again = print_enqueue(&ctx, &p, ids, 1, zpl, len, 1, &e);
    CHECK_MSG(again > job, "%s", e.msg);
    /* cancelled jobs free their devices; a cancelled job is never sent */
    CHECK(print_cancel(&ctx, again, &e) == 0);
    CHECK_INT(print_send(&ctx, again, 1, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "cancelled");
    CHECK_INT(print_cancel(&ctx, 999, &e), -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    fake_stop(&f);
    free(f.got);
    CHECK_INT(f.conns, 1);
    free(zpl);
    ctx_close(&ctx);
}

/* 7 */
TEST(garbage_answer_and_unknown_host)
{
    CHECK(open_db() == 0);
    Fake f;
    CHECK(fake_start(&f, 0, 2, 1) == 0);
    char spec[64];
    snprintf(spec, sizeof spec, "tcp://127.0.0.1:%d", f.port);
    Printer p;
    printer_parse("zebra", spec, &p, NULL);
    const char *ids[] = { "GRE1-000050" };
    size_t len;
    char *zpl = render(&p, ids, 1, &len);
    Err e = { 0 };
    int64_t job = print_enqueue(&ctx, &p, ids, 1, zpl, len, 0, &e);
    CHECK_MSG(print_send(&ctx, job, 0, NULL, NULL, &e) == 0, "%s", e.msg);
    fake_stop(&f);
    free(f.got);
    CHECK_INT(f.len, len);
    CHECK(printer_parse("ghost", "tcp://printer.invalid:9100", &p, NULL) == 0);
    const char *ids2[] = { "GRE1-000051" };
    job = print_enqueue(&ctx, &p, ids2, 1, zpl, len, 0, &e);
    CHECK_INT(print_send(&ctx, job, 0, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "printer.invalid");
    CHECK_INT(state_of(job), JOB_QUEUED);
    free(zpl);
    ctx_close(&ctx);
}

/* 8: CUPS through a stand-in lp that records what it was given. */
TEST(cups_with_fake_lp)
{
    CHECK(open_db() == 0);
    char lp[512], out[512];
    snprintf(lp, sizeof lp, "%s/lp", sl_tmpdir());
    snprintf(out, sizeof out, "%s/lp-got", sl_tmpdir());
    FILE *s = fopen(lp, "w");
    fprintf(s, "#!/bin/sh\n"
               "if [ -e '%s.fail' ]; then echo 'lp: The printer or class does not exist.' >&2; exit 1; fi\n"
               "echo \"$@\" > '%s.args'\n"
               "for a; do last=$a; done\n"
               "cp \"$last\" '%s'\n"
               "echo 'request id is QL800-17 (1 file(s))'\n",
            out, out, out);
    fclose(s);
    chmod(lp, 0755);
    setenv("BOUCLE_LP", lp, 1);
    Printer p;
    printer_parse("brother", "cups:QL800", &p, NULL);
    const char *ids[] = { "GRE1-000060", "GRE1-000061" };
    size_t len;
    char *pdf = render(&p, ids, 2, &len);
    CHECK(len > 4 && memcmp(pdf, "%PDF", 4) == 0);
    Err e = { 0 };
    /* CUPS refuses: the job stays queued with CUPS's words */
    char failflag[600];
    snprintf(failflag, sizeof failflag, "%s.fail", out);
    fclose(fopen(failflag, "w"));
    int64_t job = print_enqueue(&ctx, &p, ids, 2, pdf, len, 0, &e);
    CHECK_INT(print_send(&ctx, job, 0, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "does not exist");
    CHECK_INT(state_of(job), JOB_QUEUED);
    unlink(failflag);
    CHECK_MSG(print_send(&ctx, job, 0, NULL, NULL, &e) == 0, "%s", e.msg);
    PrintJob j;
    print_job_get(&ctx, job, &j, NULL);
    CHECK_INT(j.state, JOB_SENT);
    CHECK_STR(j.cups_job, "QL800-17");
    size_t got_len;
    char *got = sl_slurp(out, &got_len);
    CHECK(got && got_len == len && memcmp(got, pdf, len) == 0);
    free(got);
    char argsf[600];
    snprintf(argsf, sizeof argsf, "%s.args", out);
    char *args = sl_slurp(argsf, NULL);
    CHECK_CONTAINS(args, "-d QL800");
    CHECK(!strstr(args, "raw"));
    free(args);
    /* the PDF that went to CUPS scans */
    if (sl_have("pdftoppm")) {
        CHECK_INT(sl_sh("cd '%s' && pdftoppm -r 203 -gray lp-got cups", sl_tmpdir()), 0);
        char page[600];
        snprintf(page, sizeof page, "%s/cups-2.pgm", sl_tmpdir());
        SlCodes c;
        sl_decode_file(page, &c, NULL, 0);
        CHECK(sl_has(&c, "QR", "GRE1-000061"));
    }
    /* a missing lp is a clear message, the job stays queued */
    setenv("BOUCLE_LP", "/nonexistent/lp", 1);
    const char *ids3[] = { "GRE1-000062" };
    job = print_enqueue(&ctx, &p, ids3, 1, pdf, len, 0, &e);
    CHECK_INT(print_send(&ctx, job, 0, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "cups-client");
    CHECK_INT(state_of(job), JOB_QUEUED);
    unsetenv("BOUCLE_LP");
    free(pdf);
    ctx_close(&ctx);
}

static char conf_path[600];
static const char *tmp_path_conf(const char *dir, const char *name)
{
    snprintf(conf_path, sizeof conf_path, "%s/%s", dir, name);
    return conf_path;
}

/* Stops the scheduler this test started, by its pid. */
static void cupsd_stop(const char *d)
{
    sl_sh("kill $(cat '%s/cupsd.pid') 2>/dev/null; sleep 0.3", d);
}

/* 9: a real CUPS scheduler started just for this test: a raw queue whose
 * socket backend delivers to a loopback printer; what arrives is checked. */
TEST(cups_real)
{
    if (!sl_have("cupsd") && access("/usr/sbin/cupsd", X_OK) != 0)
        SKIP("cupsd not installed (Debian package cups): no real CUPS queue to print to");
    if (!sl_have("lp") || access("/usr/sbin/lpadmin", X_OK) != 0)
        SKIP("lp/lpadmin not installed (cups-client)");
    const char *d = sl_tmpdir();
    int port = dead_port();
    FILE *c = fopen(tmp_path_conf(d, "cupsd.conf"), "w");
    fprintf(c, "Listen 127.0.0.1:%d\nLogLevel info\nWebInterface No\nDefaultAuthType None\n"
               "<Location />\nOrder allow,deny\nAllow all\n</Location>\n"
               "<Location /admin>\nOrder allow,deny\nAllow all\n</Location>\n"
               "<Policy default>\n<Limit All>\nOrder deny,allow\nAllow all\n</Limit>\n</Policy>\n", port);
    fclose(c);
    c = fopen(tmp_path_conf(d, "cups-files.conf"), "w");
    fprintf(c, "FileDevice Yes\nServerRoot %s/cups\nRequestRoot %s/cups/spool\nCacheDir %s/cups/cache\n"
               "StateDir %s/cups/state\nTempDir %s/cups/tmp\nErrorLog %s/cups/error_log\nAccessLog %s/cups/access_log\n"
               "PageLog %s/cups/page_log\nSystemGroup root\n", d, d, d, d, d, d, d, d);
    fclose(c);
    sl_sh("chmod 1777 '%s'", d);   /* the file device writes as user lp */
    sl_sh("mkdir -p '%s/cups/spool' '%s/cups/cache' '%s/cups/state' '%s/cups/tmp' '%s/cups/ppd' && "
          "cp '%s/cupsd.conf' '%s/cups-files.conf' '%s/cups/'", d, d, d, d, d, d, d, d);
    /* foreground (-f) in the background of the shell, so that its pid is ours */
    sl_sh("cd '%s/cups' && { /usr/sbin/cupsd -f -c '%s/cups/cupsd.conf' -s '%s/cups/cups-files.conf' "
          "</dev/null >/dev/null 2>&1 & echo $! > '%s/cupsd.pid'; }", d, d, d, d);
    int up = 0;
    for (int i = 0; i < 30 && !up; i++) {
        usleep(100000);
        up = sl_sh("CUPS_SERVER=127.0.0.1:%d lpstat -r | grep -q 'is running'", port) == 0;
    }
    if (!up) {
        cupsd_stop(d);
        SKIP("cupsd does not start here (see %s/cups/error_log)", d);
    }
    char server[64];
    snprintf(server, sizeof server, "127.0.0.1:%d", port);
    setenv("CUPS_SERVER", server, 1);
    /* The queue's device is socket:// to a loopback "printer", not file://:
     * a raw queue runs no filter, and CUPS writes a file: device from the
     * last filter's output (scheduler/job.c), so a raw file: queue accepts
     * jobs, says "completed" and writes nothing. The socket backend is what
     * a networked label printer gets, too. */
    Fake f;
    CHECK(fake_start(&f, 0, 0, 2) == 0);
    int ok = sl_sh("/usr/sbin/lpadmin -p boucletest -E -v 'socket://127.0.0.1:%d'", f.port) == 0;
    if (!ok) {
        cupsd_stop(d);
        fake_stop(&f);
        free(f.got);
        unsetenv("CUPS_SERVER");
        SKIP("lpadmin cannot create a raw queue with this CUPS (see %s/cups/error_log)", d);
    }
    CHECK(open_db() == 0);
    /* ZPL through `lp -o raw` (cups-raw:), then a PDF through `lp` (cups:) */
    Printer pz, pp;
    printer_parse("real", "cups-raw:boucletest", &pz, NULL);
    printer_parse("realpdf", "cups:boucletest", &pp, NULL);
    const char *ids[] = { "GRE1-000070" }, *ids2[] = { "GRE1-000071" };
    size_t zlen, plen;
    char *zpl = render(&pz, ids, 1, &zlen), *pdf = render(&pp, ids2, 1, &plen);
    Err e = { 0 };
    int64_t job = print_enqueue(&ctx, &pz, ids, 1, zpl, zlen, 0, &e);
    int rc = print_send(&ctx, job, 0, NULL, NULL, &e);
    /* wait for the backend to deliver it before the next job */
    for (int i = 0; i < 100 && rc == 0 && __atomic_load_n(&f.len, __ATOMIC_SEQ_CST) < zlen; i++) usleep(100000);
    int64_t job2 = rc == 0 ? print_enqueue(&ctx, &pp, ids2, 1, pdf, plen, 0, &e) : -1;
    int rc2 = job2 > 0 ? print_send(&ctx, job2, 0, NULL, NULL, &e) : -1;
    for (int i = 0; i < 100 && rc2 == 0 && __atomic_load_n(&f.len, __ATOMIC_SEQ_CST) < zlen + plen; i++) usleep(100000);
    char completed[600];
    snprintf(completed, sizeof completed, "%s/completed", d);
    sl_sh("lpstat -W completed -o boucletest > '%s' 2>&1", completed);
    cupsd_stop(d);
    fake_stop(&f);
    unsetenv("CUPS_SERVER");
    CHECK_MSG(rc == 0 && rc2 == 0, "%s", e.msg);
    PrintJob j;
    print_job_get(&ctx, job, &j, NULL);
    CHECK_MSG(strncmp(j.cups_job, "boucletest-", 11) == 0, "request id \"%s\"", j.cups_job);
    char *done = sl_slurp(completed, NULL);
    CHECK_MSG(done && strstr(done, j.cups_job), "CUPS does not list %s as completed: %s", j.cups_job, done ? done : "");
    free(done);
    /* exactly the bytes boucle queued, ZPL then PDF, unchanged by CUPS */
    CHECK_MSG(f.len == zlen + plen, "the printer got %zu bytes from CUPS, expected %zu + %zu (see %s/cups/error_log)",
              f.len, zlen, plen, d);
    CHECK(memcmp(f.got, zpl, zlen) == 0);
    CHECK(memcmp(f.got + zlen, pdf, plen) == 0);
    char *zgot = malloc(zlen + 1);
    memcpy(zgot, f.got, zlen);
    zgot[zlen] = '\0';
    unsigned char *g;
    int w, h;
    CHECK(sl_zpl_raster(zgot, 0, &g, &w, &h) == 0);
    free(zgot);
    SlCodes codes;
    sl_decode_gray(g, w, h, &codes);
    free(g);
    CHECK(sl_has(&codes, "QR", "GRE1-000070"));
    if (sl_have("pdftoppm")) {
        char pdfp[600];
        snprintf(pdfp, sizeof pdfp, "%s/cups-got.pdf", d);
        FILE *o = fopen(pdfp, "wb");
        fwrite(f.got + zlen, 1, plen, o);
        fclose(o);
        CHECK_INT(sl_sh("cd '%s' && pdftoppm -r 203 -gray cups-got.pdf cupsgot", d), 0);
        char page[600];
        snprintf(page, sizeof page, "%s/cupsgot-1.pgm", d);
        SlCodes c2;
        sl_decode_file(page, &c2, NULL, 0);
        CHECK(sl_has(&c2, "QR", "GRE1-000071"));
    }
    free(f.got);
    free(zpl);
    free(pdf);
    ctx_close(&ctx);
}

/* fontconfig (under cairo) re-reads its configuration every 30 s and drops
 * the old one without freeing it: on a slow sanitizer run that is reported
 * as a leak that is not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libfontconfig.so\n"; }

int main(void)
{
    print_connect_timeout_ms = 1500;
    print_io_timeout_ms = 3000;
    RUN(printer_addresses);
    RUN(printers_from_config);
    RUN(zpl_over_tcp);
    RUN(unreachable_then_retry);
    RUN(dropped_mid_job);
    RUN(no_accidental_double_print);
    RUN(garbage_answer_and_unknown_host);
    RUN(cups_with_fake_lp);
    RUN(cups_real);
    sl_cleanup();
    cairo_debug_reset_static_data();   /* cairo's font cache, so LeakSanitizer sees only ours */
    return t_done();
}
