/* cmd_lot.c — boucle lot add|list|show; import (cmd_lot_import.c) and
 * reconcile (cmd_lot_reconcile.c). */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/inventory/announce.h"
#include "core/stock/lot.h"
#include "core/stock/lot_commit.h"
#include "core/report/carbon.h"
#include "core/stock/party.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { "add", N_("boucle lot add --donor CODE|NAME [--donor-kind association|business|public|person] [--ref TEXT] [--expected N] [--date YYYY-MM-DD]") },
    { "commit", N_("boucle lot commit LOT --date YYYY-MM-DD --share PCT --taker TEXT | --none") },
    { "list", N_("boucle lot list [--json]") },
    { "show", N_("boucle lot show LOT [--json]") },
    { "import", N_("boucle lot import LOT FILE|FOLDER... [--dry-run] [--json]") },
    { "reconcile", N_("boucle lot reconcile LOT [--json] [--pdf FILE] [--csv FILE] [--lang fr|en]") },
    { NULL, NULL },
};

static int lot_add_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "donor", required_argument, NULL, 'd' }, { "ref", required_argument, NULL, 'r' },
        { "expected", required_argument, NULL, 'e' }, { "date", required_argument, NULL, 't' },
        { "donor-kind", required_argument, NULL, 'k' }, { NULL, 0, NULL, 0 },
    };
    const char *donor = NULL, *ref = "", *date = NULL;
    int kind = PARTY_BUSINESS;
    long expected = -1;
    int o;
    while ((o = cli_getopt(argc, argv, "d:r:e:t:k:", opts)) != -1) {
        switch (o) {
        case 'd': donor = optarg; break;
        case 'k':
            if ((kind = party_kind_parse(optarg)) < 0)
                return cli_usage_of(FORMS, "add", _("--donor-kind: association, business, public or person"));
            break;
        case 'r': ref = optarg; break;
        case 'e':
            if ((expected = cli_number("--expected", optarg, 1000000)) < 0) return cli_usage_of(FORMS, "add", NULL);
            break;
        case 't': date = optarg; break;
        case CLI_HELP: return cli_help(FORMS, "add");
        default: return cli_usage_of(FORMS, "add", NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, "add", _("unexpected argument: %s"), argv[optind]);
    if (!donor) return cli_usage_of(FORMS, "add", _("lot add needs --donor CODE or NAME"));
    Ctx c;
    Err e = { 0 };
    char id[LOT_ID_MAX];
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = cli_operator(cli, &c, NULL, 1) < 0 ? -2 : lot_add_as(&c, donor, kind, ref, (int)expected, date, id, &e);
    ctx_close(&c);
    if (r == -2) return EXIT_ERR;
    if (r < 0) return cli_fail(&e);
    printf("%s\n", id);
    return EXIT_OK;
}

/* boucle lot commit: the taker's commitment to reuse (core/stock/lot_commit.h). */
static int lot_commit_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "date", required_argument, NULL, 't' }, { "share", required_argument, NULL, 's' },
        { "taker", required_argument, NULL, 'k' }, { "none", no_argument, NULL, 'n' },
        { NULL, 0, NULL, 0 },
    };
    const char *date = NULL, *taker = NULL, *lot = NULL;
    long share = -1;
    int none = 0, o;
    while ((o = cli_getopt(argc, argv, "t:s:k:n", opts)) != -1) {
        switch (o) {
        case 't': date = optarg; break;
        case 's':
            if ((share = cli_number("--share", optarg, 100)) < 0) return cli_usage_of(FORMS, "commit", NULL);
            break;
        case 'k': taker = optarg; break;
        case 'n': none = 1; break;
        case CLI_HELP: return cli_help(FORMS, "commit");
        default: return cli_usage_of(FORMS, "commit", NULL);
        }
    }
    if (optind < argc) lot = argv[optind++];
    if (optind < argc) return cli_usage_of(FORMS, "commit", _("unexpected argument: %s"), argv[optind]);
    if (!lot) return cli_usage_of(FORMS, "commit", "%s", _("lot commit needs a LOT"));
    if (none && (date || taker || share >= 0))
        return cli_usage_of(FORMS, "commit", "%s", _("--none goes alone: no date, share or taker"));
    if (!none && (!date || !taker || share < 0))
        return cli_usage_of(FORMS, "commit", "%s", _("lot commit needs --date, --share and --taker, or --none"));
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = cli_operator(cli, &c, NULL, 1) < 0 ? -2 : lot_commit(&c, lot, !none, date, (int)share, taker, &e);
    LotCommitment m;
    char line[600] = "";
    if (r == 0 && lot_commitment_get(&c, lot, &m, &e) == 0) lot_commitment_text(&m, line, sizeof line);
    ctx_close(&c);
    if (r == -2) return EXIT_ERR;
    if (r < 0) return cli_fail(&e);
    printf(_("Lot %s, commitment to reuse: %s\n"), lot, line);
    return EXIT_OK;
}

typedef struct ListArg {
    json_t *arr;   /* --json: the array; else NULL */
} ListArg;

static int print_lot(void *arg, const Lot *l)
{
    ListArg *a = arg;
    if (a->arr) {
        json_array_append_new(a->arr, lot_to_json(l));
        return 0;
    }
    char exp[16] = "?";
    if (l->expected >= 0) snprintf(exp, sizeof exp, "%d", l->expected);
    char donor[sizeof l->donor + 64];   /* the reference lines up when there is one */
    printf("%-14s %s  %5lld/%-5s %s%s%s\n", l->id, l->date, (long long)l->received, exp,
           l->ref[0] ? cli_col(donor, sizeof donor, l->donor, 30) : l->donor, l->ref[0] ? "  " : "", l->ref);
    return 0;
}

int cmd_lot(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, NULL);
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    if (strcmp(argv[1], "add") == 0) return lot_add_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "commit") == 0) return lot_commit_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "import") == 0) return cmd_lot_import(cli, FORMS, argc - 1, argv + 1);
    if (strcmp(argv[1], "reconcile") == 0) return cmd_lot_reconcile(cli, FORMS, argc - 1, argv + 1);
    if (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "show") != 0)
        return cli_usage_of(FORMS, NULL, _("unknown subcommand \"%s\""), argv[1]);
    int json = 0;
    const char *which = NULL;
    for (int i = 2; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, argv[1]);
        if (strcmp(argv[i], "--json") == 0) json = 1;
        else if (argv[i][0] == '-') return cli_usage_of(FORMS, argv[1], _("unknown option or missing value: %s"), argv[i]);
        else if (!which && strcmp(argv[1], "show") == 0) which = argv[i];
        else return cli_usage_of(FORMS, argv[1], _("unexpected argument: %s"), argv[i]);
    }
    Ctx c;
    Err e = { 0 };
    int r;
    if (strcmp(argv[1], "list") == 0) {
        if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
        ListArg a = { json ? json_array() : NULL };
        r = lot_list(&c, print_lot, &a, &e);
        if (r == 0 && a.arr) cli_print_json(a.arr);
        else json_decref(a.arr);
    } else {
        if (!which) return cli_usage_of(FORMS, "show", "%s", _("lot show needs a LOT"));
        if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
        Lot l;
        r = lot_get(&c, which, &l, &e);
        if (r == 0) r = err_set(&e, ERR_NOTFOUND, _("no lot %s"), which);
        int64_t announced = r == 1 ? announce_count(&c, l.id, NULL) : 0;
        LotCommitment m;
        if (r == 1 && lot_commitment_get(&c, l.id, &m, &e) < 0) r = -1;
        if (r == 1 && json) {
            json_t *j = lot_to_json(&l);
            json_object_set_new(j, "announced", json_integer(announced > 0 ? announced : 0));
            json_object_set_new(j, "commitment", !m.known ? json_null()
                                : !m.committed ? json_pack("{s:b}", "committed", 0)
                                : json_pack("{s:b, s:s, s:i, s:s}", "committed", 1, "date", m.date,
                                            "share", m.share, "taker", m.taker));
            cli_print_json(j);
        } else if (r == 1) {
            ListArg a = { NULL };
            print_lot(&a, &l);
            Party d;
            if (l.donor_code[0] && party_get(&c, l.donor_code, &d, NULL) == 1)
                printf(_("donor: %s (%s, %s)\n"), d.name[0] ? d.name : d.code, d.code, party_kind_label(d.kind));
            char line[600];
            lot_commitment_text(&m, line, sizeof line);
            printf(_("commitment to reuse: %s\n"), line);
            Profile prof;
            if (carbon_profile(&prof, NULL) == 0) {
                CarbonScope q = { .lot = l.id };
                CarbonSum cs;
                if (carbon_sum(&c, &prof, &q, &cs, NULL) == 0) {
                    char kg[32], pk[32];
                    carbon_kg_text(cs.g, kg);
                    carbon_kg_text(cs.pending_g, pk);
                    printf(ngettext("carbon avoided: %s kg CO2e (%lld device reused; %s kg more once the others are)\n",
                                    "carbon avoided: %s kg CO2e (%lld devices reused; %s kg more once the others are)\n",
                                    (unsigned long)cs.reused), kg, cs.reused, pk);
                }
                profile_free(&prof);
            }
            if (announced > 0)
                printf(ngettext("%lld device announced by the donor's files: boucle lot reconcile %s\n",
                                "%lld devices announced by the donor's files: boucle lot reconcile %s\n",
                                (unsigned long)announced), (long long)announced, l.id);
        }
    }
    ctx_close(&c);
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}
