/* cmd_transfer.c — boucle transfer offer|accept|cancel|list, and boucle
 * refused (the events kept without effect, doc/region.md). */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/stock/transfer.h"
#include "core/log/kind.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { "offer", N_("boucle transfer offer DEVICE... --to WORKSHOP [--note TEXT]") },
    { "accept", N_("boucle transfer accept DEVICE...") },
    { "cancel", N_("boucle transfer cancel DEVICE... [--note TEXT]") },
    { "list", N_("boucle transfer list [--json]") },
    { NULL, NULL },
};

static int print_offer(void *arg, const Offer *o)
{
    json_t *arr = arg;
    char when[32];
    hlc_iso(o->hlc, when);
    when[10] = '\0';
    if (arr) {
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "device", o->device,
                                             "offer", o->event_id, "from", o->from, "to", o->to, "date", when,
                                             "note", o->note, "make", o->make, "model", o->model));
        return 0;
    }
    char what[200], cell[200];
    snprintf(what, sizeof what, "%s %s", o->make, o->model);
    printf("%-14s %-8s → %-8s %s  %s%s%s\n", o->device, o->from, o->to, when, cli_col(cell, sizeof cell, what, 30),
           o->note[0] ? "  " : "", o->note);
    return 0;
}

static int list_cmd(Cli *cli, int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, "list");
        if (!strcmp(argv[i], "--json")) json = 1;
        else return cli_usage_of(FORMS, "list", _("unexpected argument: %s"), argv[i]);
    }
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    json_t *in = json ? json_array() : NULL, *out = json ? json_array() : NULL;
    if (!json) printf("%s\n", _("Offered to this workshop:"));
    int r = transfer_list(&c, 1, print_offer, in, &e);
    if (!json) printf("%s\n", _("Offered by this workshop:"));
    if (r == 0) r = transfer_list(&c, 0, print_offer, out, &e);
    ctx_close(&c);
    if (r < 0) {
        json_decref(in);
        json_decref(out);
        return cli_fail(&e);
    }
    if (json) cli_print_json(json_pack("{s:o, s:o}", "incoming", in, "outgoing", out));
    return EXIT_OK;
}

int cmd_transfer(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, NULL);
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    const char *sub = argv[1];
    if (!strcmp(sub, "list")) return list_cmd(cli, argc - 1, argv + 1);
    if (strcmp(sub, "offer") && strcmp(sub, "accept") && strcmp(sub, "cancel"))
        return cli_usage_of(FORMS, NULL, _("unknown subcommand \"%s\""), sub);
    static const struct option opts[] = {
        { "to", required_argument, NULL, 't' }, { "note", required_argument, NULL, 'n' }, { NULL, 0, NULL, 0 },
    };
    const char *to = NULL, *note = NULL;
    int o;
    argc--, argv++;
    while ((o = cli_getopt(argc, argv, "t:n:", opts)) != -1) {
        switch (o) {
        case 't': to = optarg; break;
        case 'n': note = optarg; break;
        case CLI_HELP: return cli_help(FORMS, sub);
        default: return cli_usage_of(FORMS, sub, NULL);
        }
    }
    if (optind >= argc) return cli_usage_of(FORMS, sub, _("transfer %s needs a DEVICE"), sub);
    if (!strcmp(sub, "offer") && !to) return cli_usage_of(FORMS, sub, "%s", _("transfer offer needs --to WORKSHOP"));
    if (strcmp(sub, "offer") && to) return cli_usage_of(FORMS, sub, "%s", _("--to is for an offer"));
    if (!strcmp(sub, "accept") && note) return cli_usage_of(FORMS, sub, "%s", _("--note is for an offer or a cancellation"));
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    if (cli_operator(cli, &c, NULL, 1) < 0) {
        ctx_close(&c);
        return EXIT_ERR;
    }
    int failed = 0;
    for (int i = optind; i < argc; i++) {
        int r = !strcmp(sub, "offer") ? transfer_offer(&c, argv[i], to, note, &e)
              : !strcmp(sub, "accept") ? transfer_accept(&c, argv[i], &e)
              : transfer_cancel(&c, argv[i], note, &e);
        if (r < 0) {
            cli_fail(&e);
            err_clear(&e);
            failed++;
        }
    }
    ctx_close(&c);
    return failed ? EXIT_ERR : EXIT_OK;
}

/* ---- boucle refused ------------------------------------------------------ */

static const CliForm REFUSED_FORMS[] = {
    { NULL, N_("boucle refused [--json]") },
    { NULL, NULL },
};

typedef struct RefusedArg {
    json_t *arr;
    int n;
} RefusedArg;

static int print_refused(void *arg, const Refused *r)
{
    RefusedArg *a = arg;
    char when[32];
    hlc_iso(r->hlc, when);
    a->n++;
    if (a->arr) {
        json_array_append_new(a->arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "event", r->event_id,
                                                "time", when, "workshop", r->workshop, "device", r->device,
                                                "kind", r->kind, "reason", r->reason, "detail", r->detail,
                                                "why", r->why));
        return 0;
    }
    when[16] = '\0';
    when[10] = ' ';
    printf("%s  %-8s %-14s %s: %s\n", when, r->workshop, r->device[0] ? r->device : "-", kind_label(r->kind, 1), r->why);
    return 0;
}

int cmd_refused(Cli *cli, int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(REFUSED_FORMS, NULL);
        if (!strcmp(argv[i], "--json")) json = 1;
        else return cli_usage_of(REFUSED_FORMS, NULL, _("unexpected argument: %s"), argv[i]);
    }
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    RefusedArg a = { json ? json_array() : NULL, 0 };
    int r = refused_list(&c, NULL, print_refused, &a, &e);
    json_t *arr = a.arr;
    int n = a.n;
    ctx_close(&c);
    if (r < 0) {
        json_decref(arr);
        return cli_fail(&e);
    }
    if (arr) cli_print_json(arr);
    else if (!n) printf("%s\n", _("No refused event."));
    return EXIT_OK;
}
