/* cmd_demo.c — boucle demo [--devices N] [--seed S]; boucle rebuild
 * [--check | --dump FILE]. */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/demo/demo.h"
#include "core/log/dump.h"
#include "core/log/event.h"
#include "core/stock/workshop.h"
#include "util/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const CliForm DEMO_FORMS[] = {
    { NULL, N_("boucle demo [--devices N] [--seed S]") },
    { NULL, NULL },
};
static const CliForm REBUILD_FORMS[] = {
    { NULL, N_("boucle rebuild") },
    { NULL, N_("boucle rebuild --check (replays the events without saving; exit status 1 when the tables differ)") },
    { NULL, N_("boucle rebuild --dump FILE (every table in a canonical text form; - writes to standard output)") },
    { NULL, NULL },
};

int cmd_demo(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "devices", required_argument, NULL, 'n' }, { "seed", required_argument, NULL, 's' },
        { NULL, 0, NULL, 0 },
    };
    long n = 500, seed = 2026;
    int o;
    while ((o = cli_getopt(argc, argv, "n:s:", opts)) != -1) {
        switch (o) {
        case 'n': if ((n = cli_number("--devices", optarg, 10000000)) < 0) return cli_usage_of(DEMO_FORMS, NULL, NULL); break;
        case 's': if ((seed = cli_number("--seed", optarg, 2147483647)) < 0) return cli_usage_of(DEMO_FORMS, NULL, NULL); break;
        case CLI_HELP: return cli_help(DEMO_FORMS, NULL);
        default: return cli_usage_of(DEMO_FORMS, NULL, NULL);
        }
    }
    if (optind < argc) return cli_usage_of(DEMO_FORMS, NULL, _("unexpected argument: %s"), argv[optind]);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    int r = 0;
    /* A demo on a fresh database gets a demo workshop. */
    if (!ctx_has_workshop(&c)) r = workshop_init(&c, "DEMO", _("Demo workshop"), &e);
    if (r == 0) r = demo_fill(&c, (int)n, (unsigned)seed, &e);
    ctx_close(&c);
    if (r < 0) return cli_fail(&e);
    printf(ngettext("%ld demo device added to %s\n", "%ld demo devices added to %s\n", (unsigned long)n), n, cli->db_path);
    return EXIT_OK;
}

/* Prints the differences found by dump_check, at most DIFFS_SHOWN. */
#define DIFFS_SHOWN 20

static int rebuild_check(Ctx *c)
{
    DumpDiff *d = calloc(DIFFS_SHOWN, sizeof *d);
    Err e = { 0 };
    if (!d) {
        err_set(&e, ERR_INTERNAL, "%s", _("out of memory"));
        return cli_fail(&e);
    }
    int n = dump_check(c, d, DIFFS_SHOWN, &e);
    if (n < 0) {
        free(d);
        return cli_fail(&e);
    }
    for (int i = 0; i < n && i < DIFFS_SHOWN; i++) {
        switch (d[i].kind) {
        case DUMP_DIFF_VALUE:
            /* TRANSLATORS: table, row key, column, stored value, rebuilt value. */
            printf(_("%s %s: %s: stored %s, rebuilt %s\n"), d[i].table, d[i].key, d[i].column, d[i].stored, d[i].rebuilt);
            break;
        case DUMP_DIFF_ONLY_STORED:
            printf(_("%s %s: stored, missing from the rebuild: %s\n"), d[i].table, d[i].key, d[i].stored);
            break;
        case DUMP_DIFF_ONLY_REBUILT:
            printf(_("%s %s: rebuilt, missing from the stored table: %s\n"), d[i].table, d[i].key, d[i].rebuilt);
            break;
        }
    }
    free(d);
    if (n > DIFFS_SHOWN) printf(ngettext("… and %d more difference\n", "… and %d more differences\n", (unsigned long)(n - DIFFS_SHOWN)), n - DIFFS_SHOWN);
    if (n > 0) {
        printf(ngettext("%d difference between the stored tables and a rebuild from the event log.\n",
                        "%d differences between the stored tables and a rebuild from the event log.\n", (unsigned long)n), n);
        return EXIT_ERR;
    }
    printf("%s\n", _("The stored tables are identical to a rebuild from the event log."));
    return EXIT_OK;
}

static int rebuild_dump(Ctx *c, const char *path)
{
    Err e = { 0 };
    int to_stdout = !strcmp(path, "-");
    FILE *f = to_stdout ? stdout : fopen(path, "w");
    if (!f) {
        err_set(&e, ERR_IO, _("cannot write %s: %s"), path, strerror(errno));
        return cli_fail(&e);
    }
    int r = dump_write(c, f, &e);
    if (!to_stdout && fclose(f) != 0 && r == 0)
        r = err_set(&e, ERR_IO, _("cannot write %s: %s"), path, strerror(errno));
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}

int cmd_rebuild(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "check", no_argument, NULL, 'c' }, { "dump", required_argument, NULL, 'd' },
        { NULL, 0, NULL, 0 },
    };
    int check = 0, o;
    const char *dump = NULL;
    while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
        switch (o) {
        case 'c': check = 1; break;
        case 'd': dump = optarg; break;
        case CLI_HELP: return cli_help(REBUILD_FORMS, NULL);
        default: return cli_usage_of(REBUILD_FORMS, NULL, NULL);
        }
    }
    if (optind < argc) return cli_usage_of(REBUILD_FORMS, NULL, _("unexpected argument: %s"), argv[optind]);
    if (check && dump) return cli_usage_of(REBUILD_FORMS, NULL, _("--check and --dump cannot be used together"));
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    int r;
    if (check) r = rebuild_check(&c);
    else if (dump) r = rebuild_dump(&c, dump);
    else {
        r = event_rebuild(&c, &e) < 0 ? cli_fail(&e) : EXIT_OK;
        if (r == EXIT_OK) printf("%s\n", _("All tables were recomputed from the event log."));
    }
    ctx_close(&c);
    return r;
}
