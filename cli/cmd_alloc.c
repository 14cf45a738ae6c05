/* cmd_alloc.c — boucle reserve, allocate, allocation, return, parts,
 * recycle and allocations: what becomes of a ready device
 * (core/alloc/alloc.h). Several devices given to reserve or allocate go
 * together: all, or none. */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/alloc/alloc.h"
#include "core/stock/device.h"
#include "util/i18n.h"
#include "util/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const CliForm RESERVE_FORMS[] = {
    { NULL, N_("boucle reserve DEVICE... --for PARTY [--until YYYY-MM-DD]\n"
               "  (without --until the reservation holds 14 days; expired, the device is free again)") },
    { NULL, NULL },
};
static const CliForm ALLOCATE_FORMS[] = {
    { NULL, N_("boucle allocate DEVICE... --to PARTY --as donation|sale|loan [--price EUR] [--until YYYY-MM-DD]\n"
               "                [--status interested|confirmed|delivered]   (delivered when not given)") },
    { NULL, NULL },
};
static const CliForm ALLOCATION_FORMS[] = {
    { NULL, N_("boucle allocation DEVICE... --status confirmed|delivered|cancelled") },
    { NULL, NULL },
};
static const CliForm RETURN_FORMS[] = {
    { NULL, N_("boucle return DEVICE...   (a loan comes back: the device is ready again)") },
    { NULL, NULL },
};
static const CliForm PARTS_FORMS[] = {
    { NULL, N_("boucle parts DEVICE... [--note TEXT]") },
    { NULL, NULL },
};
static const CliForm RECYCLE_FORMS[] = {
    { NULL, N_("boucle recycle DEVICE... --channel TEXT [--weight KG]") },
    { NULL, NULL },
};
static const CliForm LIST_FORMS[] = {
    { NULL, N_("boucle allocations [--party PARTY] [--json]") },
    { NULL, NULL },
};

/* "AL1-000001  reserved  — reserved for AL1-P0002 until 2026-12-20" */
static void print_device(Ctx *c, const char *key)
{
    Device d;
    Allocation a;
    if (device_find(c, key, &d, NULL) != 1) return;
    char words[256] = "";
    if (alloc_current(c, d.id, &a, NULL) == 1 && a.status != AS_CANCELLED) alloc_describe(&a, NULL, words, sizeof words);
    printf("%s  %s%s%s\n", d.id, state_label(d.state), words[0] ? "  — " : "", words);
}

/* Opens the database and the operator who acts. */
static int open_acting(Cli *cli, Ctx *c)
{
    if (cli_open(cli, c, 1, 0) < 0) return -1;
    if (cli_operator(cli, c, NULL, 1) < 0) {
        ctx_close(c);
        return -1;
    }
    return 0;
}

/* reserve and allocate: one request for every device given. */
static int give(Cli *cli, int argc, char **argv, int reserve)
{
    const CliForm *forms = reserve ? RESERVE_FORMS : ALLOCATE_FORMS;
    static const struct option opts[] = {
        { "for", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 'f' },
        { "as", required_argument, NULL, 'a' }, { "price", required_argument, NULL, 'p' },
        { "until", required_argument, NULL, 'u' }, { "status", required_argument, NULL, 's' },
        { NULL, 0, NULL, 0 },
    };
    AllocRequest r = { .kind = reserve ? AK_RESERVATION : AK__COUNT, .status = AS_DELIVERED, .price_cents = -1 };
    const char *party_opt = reserve ? "--for" : "--to";
    Err e = { 0 };
    int o;
    while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
        switch (o) {
        case 'f': r.party = optarg; break;
        case 'u': r.until = optarg; break;
        case 'a': {
            int k = vocab_parse(&VOCAB_ALLOC_KIND, optarg);
            if (reserve || k < 0 || k == AK_RESERVATION)
                return cli_usage_of(forms, NULL, _("--as: \"%s\" is not donation, sale or loan"), optarg);
            r.kind = (AllocKindId)k;
            break;
        }
        case 'p':
            if (reserve) return cli_usage_of(forms, NULL, "%s", _("--price is for a sale"));
            if (alloc_price_parse(optarg, &r.price_cents, &e) < 0) return cli_usage_of(forms, NULL, "%s", e.msg);
            break;
        case 's': {
            int s = vocab_parse(&VOCAB_ALLOC_STATUS, optarg);
            if (reserve || (s != AS_INTERESTED && s != AS_CONFIRMED && s != AS_DELIVERED))
                return cli_usage_of(forms, NULL, _("--status: \"%s\" is not interested, confirmed or delivered"), optarg);
            r.status = (AllocStatusId)s;
            break;
        }
        case CLI_HELP: return cli_help(forms, NULL);
        default: return cli_usage_of(forms, NULL, NULL);
        }
    }
    if (optind >= argc) return cli_usage_of(forms, NULL, "%s", _("name at least one DEVICE"));
    if (!r.party) return cli_usage_of(forms, NULL, _("%s PARTY is needed"), party_opt);
    if (r.kind == AK__COUNT) return cli_usage_of(forms, NULL, "%s", _("--as donation|sale|loan is needed"));
    Ctx c;
    if (open_acting(cli, &c) < 0) return EXIT_ERR;
    int rc = alloc_devices(&c, (const char *const *)argv + optind, (size_t)(argc - optind), &r, NULL, &e);
    if (rc == 0)
        for (int i = optind; i < argc; i++) print_device(&c, argv[i]);
    ctx_close(&c);
    return rc < 0 ? cli_fail(&e) : EXIT_OK;
}

int cmd_reserve(Cli *cli, int argc, char **argv) { return give(cli, argc, argv, 1); }
int cmd_allocate(Cli *cli, int argc, char **argv) { return give(cli, argc, argv, 0); }

/* allocation, return, parts, recycle: one event per device, each on its
 * own (a device refused does not stop the others; the exit status says). */
enum { ONE_STATUS, ONE_RETURN, ONE_PARTS, ONE_RECYCLE };

static int each(Cli *cli, int argc, char **argv, int what)
{
    static const CliForm *const FORMS[] = { ALLOCATION_FORMS, RETURN_FORMS, PARTS_FORMS, RECYCLE_FORMS };
    const CliForm *forms = FORMS[what];
    static const struct option opts[] = {
        { "status", required_argument, NULL, 's' }, { "note", required_argument, NULL, 'n' },
        { "channel", required_argument, NULL, 'c' }, { "weight", required_argument, NULL, 'w' },
        { NULL, 0, NULL, 0 },
    };
    int status = -1;
    const char *note = NULL, *channel = NULL;
    long long grams = -1;
    Err e = { 0 };
    int o;
    while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
        if (o == CLI_HELP) return cli_help(forms, NULL);
        if ((o == 's' && what != ONE_STATUS) || (o == 'n' && what != ONE_PARTS) ||
            ((o == 'c' || o == 'w') && what != ONE_RECYCLE) || o == '?')
            return cli_usage_of(forms, NULL, NULL);
        if (o == 's') {
            status = vocab_parse(&VOCAB_ALLOC_STATUS, optarg);
            if (status != AS_CONFIRMED && status != AS_DELIVERED && status != AS_CANCELLED)
                return cli_usage_of(forms, NULL, _("--status: \"%s\" is not confirmed, delivered or cancelled"), optarg);
        } else if (o == 'n') note = optarg;
        else if (o == 'c') channel = optarg;
        else if (o == 'w' && alloc_weight_parse(optarg, &grams, &e) < 0) return cli_usage_of(forms, NULL, "%s", e.msg);
    }
    if (optind >= argc) return cli_usage_of(forms, NULL, "%s", _("name at least one DEVICE"));
    if (what == ONE_STATUS && status < 0) return cli_usage_of(forms, NULL, "%s", _("--status is needed"));
    if (what == ONE_RECYCLE && !channel) return cli_usage_of(forms, NULL, "%s", _("--channel is needed"));
    Ctx c;
    if (open_acting(cli, &c) < 0) return EXIT_ERR;
    int failed = 0;
    for (int i = optind; i < argc; i++) {
        int r = what == ONE_STATUS ? alloc_advance(&c, argv[i], (AllocStatusId)status, NULL, &e)
              : what == ONE_RETURN ? alloc_return(&c, argv[i], &e)
              : what == ONE_PARTS ? alloc_parts(&c, argv[i], note, &e)
              : alloc_recycle(&c, argv[i], channel, grams, &e);
        if (r < 0) {
            cli_fail(&e);
            err_clear(&e);
            failed++;
        } else {
            print_device(&c, argv[i]);
        }
    }
    ctx_close(&c);
    return failed ? EXIT_ERR : EXIT_OK;
}

int cmd_allocation(Cli *cli, int argc, char **argv) { return each(cli, argc, argv, ONE_STATUS); }
int cmd_return(Cli *cli, int argc, char **argv) { return each(cli, argc, argv, ONE_RETURN); }
int cmd_parts(Cli *cli, int argc, char **argv) { return each(cli, argc, argv, ONE_PARTS); }
int cmd_recycle(Cli *cli, int argc, char **argv) { return each(cli, argc, argv, ONE_RECYCLE); }

/* ---- boucle allocations -------------------------------------------------- */

typedef struct ListArg {
    json_t *arr;
    char today[ALLOC_DATE_MAX];
    int n;
} ListArg;

static int print_alloc(void *arg, const Allocation *a)
{
    ListArg *l = arg;
    l->n++;
    if (l->arr) {
        json_array_append_new(l->arr, alloc_to_json(a, l->today));
        return 0;
    }
    char kind[64], status[64], party[64], price[32] = "", until[64] = "";
    cli_col(kind, sizeof kind, vocab_label(&VOCAB_ALLOC_KIND, a->kind), 11);
    cli_col(status, sizeof status, alloc_expired(a, l->today) ? _("expired") : vocab_label(&VOCAB_ALLOC_STATUS, a->status), 10);
    cli_col(party, sizeof party, a->party, 12);
    if (a->price_cents >= 0) units_euros(a->price_cents, price, sizeof price);
    if (a->returned[0]) snprintf(until, sizeof until, _("back %s"), a->returned);
    else if (a->until[0]) snprintf(until, sizeof until, _("until %s"), a->until);
    printf("%s  %-13s %s %s %s %s%s%s\n", a->created, a->device, party, kind, status, until, price[0] ? "  " : "", price);
    return 0;
}

int cmd_allocations(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "party", required_argument, NULL, 'p' }, { "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 },
    };
    const char *party = NULL;
    int json = 0, o;
    while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
        if (o == 'p') party = optarg;
        else if (o == 'j') json = 1;
        else if (o == CLI_HELP) return cli_help(LIST_FORMS, NULL);
        else return cli_usage_of(LIST_FORMS, NULL, NULL);
    }
    if (optind < argc) return cli_usage_of(LIST_FORMS, NULL, _("unexpected argument: %s"), argv[optind]);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    ListArg l = { .arr = json ? json_array() : NULL };
    alloc_today(l.today);
    int r = 0;
    if (party) {
        Party p;
        int f = party_get(&c, party, &p, &e);
        if (f == 0) r = err_set(&e, ERR_NOTFOUND, _("No party %s: check the code, or add the party first."), party);
        else if (f < 0) r = -1;
    }
    if (r == 0) r = alloc_list(&c, party, print_alloc, &l, &e);
    ctx_close(&c);
    if (r < 0) {
        json_decref(l.arr);
        return cli_fail(&e);
    }
    if (l.arr) cli_print_json(l.arr);
    else if (!l.n) printf("%s\n", _("No reservation nor allocation."));
    return EXIT_OK;
}
