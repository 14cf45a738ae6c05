/*
 * cmd_carbon.c — boucle carbon: the CO₂e reuse avoided (core/report/carbon.h)
 *   carbon [--lot LOT | --donor CODE | --workshop W | --region] [--json]
 * Without a scope: this workshop's devices. --region: every device known
 * here, with one line per workshop.
 */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/report/carbon.h"
#include "core/stock/lot.h"
#include "core/stock/party.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { NULL, N_("boucle carbon [--lot LOT | --donor CODE | --workshop CODE | --region] [--json]") },
    { NULL, NULL },
};

/* « 12 devices reused: 2191.2 kg CO2e avoided » and its categories. */
static void print_sum(const CarbonSum *s, int detail)
{
    char kg[32], pk[32];
    carbon_kg_text(s->g, kg);
    printf(ngettext("%lld device reused: %s kg CO2e avoided\n", "%lld devices reused: %s kg CO2e avoided\n",
                    (unsigned long)s->reused), s->reused, kg);
    if (!detail) return;
    for (int i = 0; i < CATEGORY_COUNT; i++) {
        const CarbonCat *k = &s->cat[i];
        if (!k->reused) continue;
        if (k->g_per_device >= 0) {
            char per[32], tot[32];
            carbon_kg_text(k->g_per_device, per);
            carbon_kg_text(k->g, tot);
            /* TRANSLATORS: category, devices, kg per device, total kg */
            printf(_("  %s: %lld × %s kg = %s kg\n"), category_label(i), k->reused, per, tot);
        } else {
            printf(_("  %s: %lld, no factor in the profile (not counted)\n"), category_label(i), k->reused);
        }
    }
    if (s->pending) {
        carbon_kg_text(s->pending_g, pk);
        printf(ngettext("%lld device not reused yet would avoid %s kg once reused\n",
                        "%lld devices not reused yet would avoid %s kg once reused\n", (unsigned long)s->pending),
               s->pending, pk);
    }
}

typedef struct WsArg { const Profile *prof; json_t *arr; } WsArg;

static int print_ws(void *arg, const char *ws, const CarbonSum *s)
{
    WsArg *a = arg;
    if (a->arr) {
        json_t *j = carbon_json(s, a->prof);
        json_object_set_new(j, "workshop", json_string(ws));
        json_array_append_new(a->arr, j);
        return 0;
    }
    char kg[32];
    carbon_kg_text(s->g, kg);
    /* TRANSLATORS: workshop, devices reused, kg */
    printf(ngettext("  %-8s %lld device reused, %s kg\n", "  %-8s %lld devices reused, %s kg\n",
                    (unsigned long)s->reused), ws, s->reused, kg);
    return 0;
}

int cmd_carbon(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "lot", required_argument, NULL, 'l' }, { "donor", required_argument, NULL, 'd' },
        { "workshop", required_argument, NULL, 'w' }, { "region", no_argument, NULL, 'r' },
        { "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 },
    };
    CarbonScope q = { 0 };
    int region = 0, json = 0, o, scopes = 0;
    while ((o = cli_getopt(argc, argv, "l:d:w:rj", opts)) != -1) {
        switch (o) {
        case 'l': q.lot = optarg; scopes++; break;
        case 'd': q.donor = optarg; scopes++; break;
        case 'w': q.workshop = optarg; scopes++; break;
        case 'r': region = 1; scopes++; break;
        case 'j': json = 1; break;
        case CLI_HELP: return cli_help(FORMS, NULL);
        default: return cli_usage_of(FORMS, NULL, NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[optind]);
    if (scopes > 1) return cli_usage_of(FORMS, NULL, "%s", _("carbon takes one of --lot, --donor, --workshop, --region"));
    Profile prof;
    Err e = { 0 };
    if (carbon_profile(&prof, &e) < 0) return cli_fail(&e);
    Ctx c;
    if (cli_open(cli, &c, 1, 0) < 0) { profile_free(&prof); return EXIT_ERR; }
    int r = 0;
    Lot l;
    Party p;
    char scope_text[300];
    if (q.lot) {
        r = lot_get(&c, q.lot, &l, &e);
        if (r == 0) r = err_set(&e, ERR_NOTFOUND, _("no lot %s"), q.lot);
        if (r > 0) q.lot = l.id;
        snprintf(scope_text, sizeof scope_text, _("Lot %s"), l.id);
    } else if (q.donor) {
        r = party_get(&c, q.donor, &p, &e);
        if (r == 0) r = err_set(&e, ERR_NOTFOUND, _("no party %s (boucle party list)"), q.donor);
        if (r > 0) q.donor = p.code;
        snprintf(scope_text, sizeof scope_text, _("Devices given by %s"), r > 0 ? p.code : "");
    } else if (region) {
        snprintf(scope_text, sizeof scope_text, "%s", _("The region (every device known here)"));
    } else {
        if (!q.workshop) q.workshop = c.workshop;
        snprintf(scope_text, sizeof scope_text, _("Workshop %s"), q.workshop);
    }
    CarbonSum s;
    if (r >= 0) r = carbon_sum(&c, &prof, &q, &s, &e);
    WsArg wa = { &prof, NULL };
    if (r >= 0 && json) {
        json_t *j = carbon_json(&s, &prof);
        json_object_set_new(j, "scope", json_pack("{s:o, s:o, s:o, s:b}", "lot", q.lot ? json_string(q.lot) : json_null(),
                                                  "donor", q.donor ? json_string(q.donor) : json_null(),
                                                  "workshop", q.workshop ? json_string(q.workshop) : json_null(),
                                                  "region", region));
        if (region) {
            wa.arr = json_array();
            r = carbon_by_workshop(&c, &prof, print_ws, &wa, &e);
            json_object_set_new(j, "workshops", wa.arr);
        }
        if (r >= 0) cli_print_json(j);
        else json_decref(j);
    } else if (r >= 0) {
        char method[1024];
        printf("%s\n", scope_text);
        print_sum(&s, 1);
        if (region) r = carbon_by_workshop(&c, &prof, print_ws, &wa, &e);
        carbon_method_text(&prof, method, sizeof method);
        printf("%s\n", method);
    }
    ctx_close(&c);
    profile_free(&prof);
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}
