/* util.c — shared helpers of the command line (see cli.h). */
#include "cli/cli.h"
#include "util/utf8.h"
#include "core/stock/operator.h"
#include "util/i18n.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int cli_fail(const Err *e)
{
    fprintf(stderr, "boucle: %s\n", e->msg[0] ? e->msg : _("unknown error"));
    return e->code == ERR_USAGE ? EXIT_USAGE : EXIT_ERR;
}

int cli_usage(const char *fmt, ...)
{
    va_list ap;
    fputs("boucle: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

void cli_print_json(json_t *j)
{
    if (!j) return;
    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(j);
}

void cli_field(const char *label, const char *fmt, ...)
{
    char pad[256], value[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    /* 20 cells: the longest label, « inventaire donateur », fits; a longer
     * one is never cut, it pushes its value right */
    int w = utf8_width(label);
    utf8_pad(pad, sizeof pad, label, w > 20 ? w : 20);
    printf("  %s %s\n", pad, value);
}

int cli_open(Cli *cli, Ctx *c, int need_workshop, int db_flags)
{
    Err e = { 0 };
    /* Only init, demo and the UI create a database: a mistyped --db must
     * not leave an empty file behind. */
    if (need_workshop) db_flags |= DB_NOCREATE;
    if (ctx_open(c, cli->db_path, db_flags, &e) < 0) {
        cli_fail(&e);
        return -1;
    }
    if (need_workshop && !ctx_has_workshop(c)) {
        fprintf(stderr, "boucle: %s\n", _("this database has no workshop yet: run boucle init --workshop CODE --name NAME"));
        ctx_close(c);
        return -1;
    }
    return 0;
}

int cli_operator(Ctx *c, const char *name)
{
    Err e = { 0 };
    if (!name || !*name) name = getenv("BOUCLE_OPERATOR");
    if (!name || !*name) return 0;
    /* An operator named on the command line is created on first use:
     * scripts should not need a separate step. */
    if (!operator_exists(c, name) && operator_add(c, name, &e) < 0) return cli_fail(&e), -1;
    if (operator_choose(c, name, &e) < 0) return cli_fail(&e), -1;
    return 0;
}
