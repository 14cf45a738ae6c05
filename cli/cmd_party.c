/* cmd_party.c — boucle party add|list|show|edit|forget: the donors and
 * takers of devices (core/stock/party.h, doc/privacy.md). */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/report/carbon.h"
#include "core/stock/party.h"
#include "core/stock/party_purchases.h"
#include <stdlib.h>
#include <time.h>
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { "add", N_("boucle party add --kind association|business|public|person [--name NAME] [--contact TEXT]") },
    { "list", N_("boucle party list [--kind KIND] [--search TEXT] [--all] [--json]") },
    { "show", N_("boucle party show CODE [--json]") },
    { "edit", N_("boucle party edit CODE [--kind KIND] [--name NAME] [--contact TEXT]") },
    { "forget", N_("boucle party forget CODE") },
    { "purchases", N_("boucle party purchases CODE --year YYYY --total EUROS\n"
                      "  (the total of its IT purchases that year, excluding tax: a public buyer's AGEC share)") },
    { NULL, NULL },
};

/* --kind's value: its index, or -1 after a usage message. */
static int parse_kind(const char *sub, const char *v)
{
    int k = party_kind_parse(v);
    if (k < 0) cli_usage_of(FORMS, sub, _("unknown kind \"%s\" (association, business, public, person)"), v);
    return k;
}

/* add and edit share their options. */
static int add_edit_cmd(Cli *cli, const char *sub, int argc, char **argv)
{
    static const struct option opts[] = {
        { "kind", required_argument, NULL, 'k' }, { "name", required_argument, NULL, 'n' },
        { "contact", required_argument, NULL, 'c' }, { NULL, 0, NULL, 0 },
    };
    const char *name = NULL, *contact = NULL, *code = NULL;
    int kind = -1, o;
    while ((o = cli_getopt(argc, argv, "k:n:c:", opts)) != -1) {
        switch (o) {
        case 'k':
            if ((kind = parse_kind(sub, optarg)) < 0) return EXIT_USAGE;
            break;
        case 'n': name = optarg; break;
        case 'c': contact = optarg; break;
        case CLI_HELP: return cli_help(FORMS, sub);
        default: return cli_usage_of(FORMS, sub, NULL);
        }
    }
    int is_add = !strcmp(sub, "add");
    if (!is_add && optind < argc) code = argv[optind++];
    if (optind < argc) return cli_usage_of(FORMS, sub, _("unexpected argument: %s"), argv[optind]);
    if (is_add && kind < 0) return cli_usage_of(FORMS, sub, "%s", _("party add needs --kind"));
    if (!is_add && !code) return cli_usage_of(FORMS, sub, "%s", _("party edit needs a CODE"));
    if (!is_add && kind < 0 && !name && !contact)
        return cli_usage_of(FORMS, sub, "%s", _("party edit needs --kind, --name or --contact"));
    Ctx c;
    Err e = { 0 };
    char out[PARTY_CODE_MAX];
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = cli_operator(cli, &c, NULL, 1) < 0 ? -2
          : is_add ? party_add(&c, (PartyKind)kind, name, contact, out, &e)
          : party_edit(&c, code, kind, name, contact, &e);
    ctx_close(&c);
    if (r == -2) return EXIT_ERR;
    if (r < 0) return cli_fail(&e);
    if (is_add) printf("%s\n", out);
    return EXIT_OK;
}

typedef struct ListArg {
    json_t *arr;   /* --json: the array; else NULL */
    int n;
} ListArg;

static int print_party(void *arg, const Party *p)
{
    ListArg *a = arg;
    a->n++;
    if (a->arr) {
        json_array_append_new(a->arr, party_to_json(p));
        return 0;
    }
    char kind[128], name[sizeof p->name + 64];
    const char *shown = p->forgotten ? _("(forgotten)") : p->name[0] ? p->name : "-";
    printf("%-12s %s %s%s%s\n", p->code, cli_col(kind, sizeof kind, party_kind_label(p->kind), 12),
           p->contact[0] ? cli_col(name, sizeof name, shown, 30) : shown, p->contact[0] ? "  " : "", p->contact);
    return 0;
}

static int list_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "kind", required_argument, NULL, 'k' }, { "search", required_argument, NULL, 's' },
        { "all", no_argument, NULL, 'a' }, { "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 },
    };
    PartyQuery q = { .kind = -1 };
    int json = 0, o;
    while ((o = cli_getopt(argc, argv, "k:s:aj", opts)) != -1) {
        switch (o) {
        case 'k':
            if ((q.kind = parse_kind("list", optarg)) < 0) return EXIT_USAGE;
            break;
        case 's': q.search = optarg; break;
        case 'a': q.all = 1; break;
        case 'j': json = 1; break;
        case CLI_HELP: return cli_help(FORMS, "list");
        default: return cli_usage_of(FORMS, "list", NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, "list", _("unexpected argument: %s"), argv[optind]);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    ListArg a = { json ? json_array() : NULL, 0 };
    int r = party_list(&c, &q, print_party, &a, &e);
    ctx_close(&c);
    if (r < 0) {
        json_decref(a.arr);
        return cli_fail(&e);
    }
    if (a.arr) cli_print_json(a.arr);
    else if (!a.n) printf("%s\n", _("No party."));
    return EXIT_OK;
}

/* show and forget take one CODE. */
static int code_cmd(Cli *cli, const char *sub, int argc, char **argv)
{
    int json = 0;
    const char *code = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, sub);
        if (!strcmp(argv[i], "--json") && !strcmp(sub, "show")) json = 1;
        else if (argv[i][0] == '-') return cli_usage_of(FORMS, sub, _("unknown option or missing value: %s"), argv[i]);
        else if (!code) code = argv[i];
        else return cli_usage_of(FORMS, sub, _("unexpected argument: %s"), argv[i]);
    }
    if (!code) return cli_usage_of(FORMS, sub, _("party %s needs a CODE"), sub);
    Ctx c;
    Err e = { 0 };
    Party p;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r;
    if (!strcmp(sub, "forget")) {
        r = cli_operator(cli, &c, NULL, 1) < 0 ? -2 : party_forget(&c, code, &e);
        ctx_close(&c);
        if (r == -2) return EXIT_ERR;
        if (r < 0) return cli_fail(&e);
        printf(_("%s is forgotten: their name and contact are destroyed on this computer.\n"), code);
        if (r == 1) fprintf(stderr, "boucle: %s\n", e.msg);
        return EXIT_OK;
    }
    r = party_get(&c, code, &p, &e);
    ctx_close(&c);
    if (r < 0) return cli_fail(&e);
    if (r == 0) {
        err_set(&e, ERR_NOTFOUND, _("no party %s (boucle party list)"), code);
        return cli_fail(&e);
    }
    if (json) {
        cli_print_json(party_to_json(&p));
        return EXIT_OK;
    }
    char when[32];
    hlc_iso(p.created_hlc, when);
    when[10] = '\0';
    cli_field(_("code"), "%s", p.code);
    cli_field(_("kind"), "%s", party_kind_label(p.kind));
    if (p.forgotten) cli_field(_("name"), "%s", _("(forgotten)"));
    else if (p.name[0]) cli_field(_("name"), "%s", p.name);
    else if (p.kind == PARTY_PERSON) cli_field(_("name"), "%s", _("(not kept on this computer)"));
    if (p.contact[0]) cli_field(_("contact"), "%s", p.contact);
    cli_field(_("workshop"), "%s", p.workshop);
    cli_field(_("created"), "%s", when);
    /* what the devices it gave avoided, and the IT purchases it declared
     * (this year and the last two) */
    Profile prof;
    if (carbon_profile(&prof, NULL) == 0) {
        if (cli_open(cli, &c, 1, 0) == 0) {
            CarbonScope q = { .donor = p.code };
            CarbonSum s;
            if (carbon_sum(&c, &prof, &q, &s, NULL) == 0 && s.devices) {
                char kg[32];
                carbon_kg_text(s.g, kg);
                cli_field(_("carbon avoided"), ngettext("%s kg CO2e (%lld device given, reused)",
                                                        "%s kg CO2e (%lld devices given, reused)",
                                                        (unsigned long)s.reused), kg, s.reused);
            }
            time_t now = time(NULL);
            struct tm tm;
            gmtime_r(&now, &tm);
            for (int y = tm.tm_year + 1900; y > tm.tm_year + 1900 - 3; y--) {
                long long cents;
                if (party_purchases_get(&c, p.code, y, &cents, NULL) != 1) continue;
                char label[64];
                snprintf(label, sizeof label, _("IT purchases %d"), y);
                cli_field(label, _("%lld.%02lld € declared"), cents / 100, cents % 100);
            }
            ctx_close(&c);
        }
        profile_free(&prof);
    }
    return EXIT_OK;
}

static int purchases_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "year", required_argument, NULL, 'y' }, { "total", required_argument, NULL, 't' }, { NULL, 0, NULL, 0 },
    };
    const char *year_s = NULL, *total_s = NULL, *code = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "y:t:", opts)) != -1) {
        switch (o) {
        case 'y': year_s = optarg; break;
        case 't': total_s = optarg; break;
        case CLI_HELP: return cli_help(FORMS, "purchases");
        default: return cli_usage_of(FORMS, "purchases", NULL);
        }
    }
    if (optind < argc) code = argv[optind++];
    if (optind < argc) return cli_usage_of(FORMS, "purchases", _("unexpected argument: %s"), argv[optind]);
    if (!code || !year_s || !total_s)
        return cli_usage_of(FORMS, "purchases", "%s", _("party purchases needs a CODE, --year and --total"));
    int year = strlen(year_s) == 4 && strspn(year_s, "0123456789") == 4 ? atoi(year_s) : -1;
    if (year < 0) return cli_usage_of(FORMS, "purchases", _("year: \"%s\" is not a year (YYYY)"), year_s);
    long long cents = party_euros_parse(total_s);
    if (cents < 0)
        return cli_usage_of(FORMS, "purchases", _("total: \"%s\" is not an amount in euros (120000 or 1234,50)"), total_s);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = cli_operator(cli, &c, NULL, 1) < 0 ? -2 : party_purchases_set(&c, code, year, cents, &e);
    ctx_close(&c);
    if (r == -2) return EXIT_ERR;
    if (r < 0) return cli_fail(&e);
    printf(_("IT purchases of %s in %d: %lld.%02lld € declared.\n"), code, year, cents / 100, cents % 100);
    return EXIT_OK;
}

int cmd_party(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, NULL);
    const char *sub = argv[1];
    if (cli_is_help(sub)) return cli_help(FORMS, NULL);
    if (!strcmp(sub, "add") || !strcmp(sub, "edit")) return add_edit_cmd(cli, sub, argc - 1, argv + 1);
    if (!strcmp(sub, "list")) return list_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "purchases")) return purchases_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "show") || !strcmp(sub, "forget")) return code_cmd(cli, sub, argc - 1, argv + 1);
    return cli_usage_of(FORMS, NULL, _("unknown subcommand \"%s\""), sub);
}
