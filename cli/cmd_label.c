/*
 * cmd_label.c — boucle label: write or print the labels of devices and lots,
 * and manage the print queue.
 *
 *   boucle label ID|LOT... --format zpl|pdf|png|svg|txt [--template T] [--dpi N]
 *                [--url PREFIX] [--serial-barcode] --out FILE|-
 *   boucle label ID|LOT... --print [PRINTER] [--reprint]
 *   boucle label --ready-today --print [PRINTER]
 *   boucle label jobs [--all] [--json] | retry [JOB] [--force] | cancel JOB
 */
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/getopt.h"
#include "core/label/label_device.h"
#include "core/label/print.h"
#include "util/i18n.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first two forms are the command itself (no subcommand word). */
static const CliForm FORMS[] = {
    { NULL, N_("boucle label ID|LOT... [--format zpl|pdf|png|svg|txt] [--template T] [--dpi N] [--url PREFIX]\n"
               "  [--serial-barcode] --out FILE|-") },
    { NULL, N_("boucle label ID|LOT...|--ready-today --print [PRINTER] [--reprint]") },
    { "jobs", N_("boucle label jobs [--all] [--json]") },
    { "retry", N_("boucle label retry [JOB] [--force]") },
    { "cancel", N_("boucle label cancel JOB") },
    { NULL, NULL },
};

/* PNG and SVG hold one label: FILE.png becomes FILE-<ID>.png for each. */
static void per_device_path(const char *out, const char *id, char *buf, size_t size)
{
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (!dot || (slash && dot < slash)) dot = out + strlen(out);
    snprintf(buf, size, "%.*s-%s%s", (int)(dot - out), out, id, dot);
}

/* Writes to a temporary file beside path, renamed into place on success:
 * a failed run never leaves half a file. */
static int write_ids(Ctx *c, const LabelIds *ids, const LabelSettings *s, LabelFormat f, const char *path, Err *e)
{
    if (strcmp(path, "-") == 0) return label_render_ids(c, ids, s, f, stdout, NULL, NULL, e);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) return err_set(e, ERR_IO, _("cannot write %s: %s"), path, strerror(errno));
    FILE *out = fdopen(fd, "wb");
    int rc = label_render_ids(c, ids, s, f, out, NULL, NULL, e);
    if (fclose(out) != 0 && rc == 0) rc = err_set(e, ERR_IO, _("cannot write %s: %s"), path, strerror(errno));
    if (rc == 0) {
        chmod(tmp, 0644);
        if (rename(tmp, path) < 0) rc = err_set(e, ERR_IO, _("cannot write %s: %s"), path, strerror(errno));
    }
    if (rc < 0) unlink(tmp);
    return rc;
}

/* Rendering a lot's labels: one line on stderr when it is a terminal. */
static void progress_bar(void *arg, int done, int total)
{
    cli_progress_step(arg, done, total);
}

static int print_jobs_cmd(Cli *cli, int argc, char **argv);

int cmd_label(Cli *cli, int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "jobs") == 0 || strcmp(argv[1], "retry") == 0 || strcmp(argv[1], "cancel") == 0))
        return print_jobs_cmd(cli, argc - 1, argv + 1);
    static const struct option opts[] = {
        { "format", required_argument, NULL, 'f' }, { "template", required_argument, NULL, 't' },
        { "dpi", required_argument, NULL, 'd' }, { "out", required_argument, NULL, 'o' },
        { "url", required_argument, NULL, 'u' }, { "serial-barcode", no_argument, NULL, 'b' },
        { "print", optional_argument, NULL, 'p' }, { "reprint", no_argument, NULL, 'r' },
        { "ready-today", no_argument, NULL, 'R' }, { NULL, 0, NULL, 0 },
    };
    LabelSettings s = { .code128 = -1 };
    const char *format = NULL, *out = NULL, *printer = NULL;
    int print = 0, reprint = 0, ready = 0, o;
    while ((o = cli_getopt(argc, argv, "f:t:d:o:u:bp::rR", opts)) != -1) {
        switch (o) {
        case 'f': format = optarg; break;
        case 't': snprintf(s.template_name, sizeof s.template_name, "%s", optarg); break;
        case 'd': {
            long v = cli_number("--dpi", optarg, 1200);
            if (v < 100) return v < 0 ? cli_usage_of(FORMS, NULL, NULL) : cli_usage_of(FORMS, NULL, _("--dpi must be between 100 and 1200"));
            s.dpi = (int)v;
            break;
        }
        case 'o': out = optarg; break;
        case 'u': snprintf(s.url, sizeof s.url, "%s", optarg); break;
        case 'b': s.code128 = 1; break;
        case 'p':
            print = 1;
            /* --print PRINTER: getopt only binds "--print=X"; take a following
             * word that names no device when it is a configured printer */
            if (optarg) printer = optarg;
            else if (optind < argc && argv[optind][0] != '-') {
                Printer tryp;
                if (printer_lookup(NULL, argv[optind], &tryp, NULL) == 0) printer = argv[optind++];
            }
            break;
        case 'r': reprint = 1; break;
        case 'R': ready = 1; break;
        case CLI_HELP: return cli_help(FORMS, NULL);
        default: return cli_usage_of(FORMS, NULL, NULL);
        }
    }
    int nkeys = argc - optind;
    if (nkeys == 0 && !ready) return cli_usage_of(FORMS, NULL, "%s", _("label needs a device or a lot (or --ready-today)"));
    if (print == (out != NULL)) return cli_usage_of(FORMS, NULL, "%s", _("label needs --out FILE or --print, not both"));
    int fmt = -1;
    if (!print) {
        fmt = format ? label_format_parse(format) : LABEL_FMT_PDF;
        if (fmt < 0) return cli_usage_of(FORMS, NULL, _("unknown label format “%s” (zpl, pdf, png, svg or txt)"), format);
    } else if (format) {
        return cli_usage_of(FORMS, NULL, _("--format does not go with --print: the printer decides (ZPL or PDF)"));
    }
    label_settings_load(NULL, &s);

    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    LabelIds ids = { 0 }, more = { 0 };
    int rc = label_ids_resolve(&c, (const char *const *)argv + optind, nkeys, &ids, &e);
    if (rc == 0 && ready) {
        rc = label_ids_ready_today(&c, &more, &e);
        for (int i = 0; rc == 0 && i < more.n; i++) label_ids_add(&ids, more.id[i]);
        label_ids_free(&more);
    }
    if (rc == 0 && ids.n == 0) rc = err_set(&e, ERR_NOTFOUND, _("no device to label"));
    if (rc < 0) goto done;

    if (!print) {
        if (ids.n > 1 && !label_format_multi((LabelFormat)fmt) && strcmp(out, "-") != 0) {
            for (int i = 0; i < ids.n && rc == 0; i++) {
                LabelIds one = { &ids.id[i], 1, 1 };
                char path[4096];
                per_device_path(out, ids.id[i], path, sizeof path);
                rc = write_ids(&c, &one, &s, (LabelFormat)fmt, path, &e);
                if (rc == 0) printf("%s\n", path);
            }
        } else {
            rc = write_ids(&c, &ids, &s, (LabelFormat)fmt, out, &e);
        }
        goto done;
    }

    Printer p;
    rc = printer_lookup(NULL, printer, &p, &e);
    if (rc < 0) goto done;
    int skipped = 0;
    CliProgress prog;
    cli_progress_begin(&prog, _("labels"), 0, 1);
    int64_t job = label_print_ids(&c, &p, &ids, &s, reprint, &skipped, prog.on ? progress_bar : NULL, &prog, &e);
    cli_progress_end(&prog);
    if (job < 0) { rc = -1; goto done; }
    if (skipped)
        fprintf(stderr, ngettext("boucle: %d label skipped: already printed or waiting (use --reprint to print it again)\n",
                                 "boucle: %d labels skipped: already printed or waiting (use --reprint to print them again)\n",
                                 (unsigned long)skipped), skipped);
    if (job == 0) goto done;
    if (print_send(&c, job, 0, NULL, NULL, &e) < 0) {
        rc = -1;
        goto done;
    }
    printf(ngettext("print job %lld: %d label sent to %s\n", "print job %lld: %d labels sent to %s\n",
                    (unsigned long)(ids.n - skipped)), (long long)job, ids.n - skipped, p.name);
done:
    label_ids_free(&ids);
    ctx_close(&c);
    return rc < 0 ? cli_fail(&e) : EXIT_OK;
}

typedef struct JobsOut { json_t *arr; } JobsOut;

static int show_job(void *arg, const PrintJob *j)
{
    JobsOut *o = arg;
    if (o->arr) {
        json_array_append_new(o->arr, json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s, s:s, s:s}", "id",
                                                (json_int_t)j->id, "printer", j->printer, "target", j->target,
                                                "format", j->format, "labels", j->labels, "state",
                                                job_state_key(j->state), "attempts", j->attempts, "error", j->error,
                                                "cups_job", j->cups_job, "created", j->created, "updated",
                                                j->updated));
        return 0;
    }
    char printer[sizeof j->printer + 64], state[256];
    printf("%-6lld %s %s %3d  %s", (long long)j->id, cli_col(printer, sizeof printer, j->printer, 12),
           cli_col(state, sizeof state, job_state_label(j->state), 28), j->labels, j->created);
    if (j->error[0]) printf("\n       %s", j->error);
    printf("\n");
    return 0;
}

static int print_jobs_cmd(Cli *cli, int argc, char **argv)
{
    int all = 0, json = 0, force = 0;
    const char *jobarg = NULL;
    /* jobs takes --all and --json; retry JOB and --force; cancel JOB */
    int is_jobs = strcmp(argv[0], "jobs") == 0, is_cancel = strcmp(argv[0], "cancel") == 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, argv[0]);
        if (is_jobs && strcmp(argv[i], "--all") == 0) all = 1;
        else if (is_jobs && strcmp(argv[i], "--json") == 0) json = 1;
        else if (!is_jobs && !is_cancel && strcmp(argv[i], "--force") == 0) force = 1;
        else if (!is_jobs && argv[i][0] != '-' && !jobarg) jobarg = argv[i];
        else if (argv[i][0] == '-') return cli_usage_of(FORMS, argv[0], _("unknown option or missing value: %s"), argv[i]);
        else return cli_usage_of(FORMS, argv[0], _("unexpected argument: %s"), argv[i]);
    }
    long job = 0;
    if (jobarg && (job = cli_number("JOB", jobarg, LONG_MAX)) < 1) return cli_usage_of(FORMS, argv[0], NULL);
    if (is_cancel && !jobarg) return cli_usage_of(FORMS, "cancel", "%s", _("label cancel needs a JOB"));
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    int rc = 0;
    if (strcmp(argv[0], "jobs") == 0) {
        JobsOut o = { json ? json_array() : NULL };
        rc = print_jobs(&c, all, show_job, &o, &e);
        if (o.arr) { if (rc == 0) cli_print_json(o.arr); else json_decref(o.arr); }
    } else if (strcmp(argv[0], "cancel") == 0) {
        rc = print_cancel(&c, job, &e);
        if (rc == 0) printf(_("print job %lld cancelled\n"), (long long)job);
    } else if (jobarg) {
        rc = print_send(&c, job, force, NULL, NULL, &e);
        if (rc == 0) printf(_("print job %lld sent\n"), (long long)job);
    } else {
        int sent = 0, failed = 0;
        rc = print_retry(&c, &sent, &failed, &e);
        printf(ngettext("%d print job sent, still waiting: %d\n", "%d print jobs sent, still waiting: %d\n",
                        (unsigned long)sent), sent, failed);
    }
    ctx_close(&c);
    return rc < 0 ? cli_fail(&e) : EXIT_OK;
}
