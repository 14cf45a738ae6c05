/* cmd_stats.c — boucle stats: the dashboard's figures (core/stats/stats.h)
 * for this workshop or, with --region, every workshop this database knows;
 * the same function the dashboard screen calls. */
#include "cli/commands.h"
#include "core/log/hlc.h"
#include "core/report/carbon.h"
#include "core/stats/stats.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { NULL, N_("boucle stats [--json] [--region]") },
    { NULL, NULL },
};

static void print_text(const Stats *s, const Profile *p)
{
    char v[128];
    printf("%s\n", s->region ? _("The region: every workshop") : _("This workshop"));
    cli_field(_("Devices"), "%lld", (long long)s->total);
    for (int st = 0; st < ST__COUNT; st++) {
        int64_t t = 0;
        for (int ci = 0; ci < CAT__COUNT; ci++) t += s->stock[st][ci];
        cli_field(state_label(st), "%lld", (long long)t);
    }
    snprintf(v, sizeof v, "A %lld  B %lld  C %lld  D %lld  - %lld", (long long)s->grades[COS_A], (long long)s->grades[COS_B],
             (long long)s->grades[COS_C], (long long)s->grades[COS_D], (long long)s->grades[COS__COUNT]);
    cli_field(_("Grades in stock"), "%s", v);
    cli_field(_("In over a year"), "%lld", (long long)s->year_in);
    cli_field(_("Out over a year"), "%lld", (long long)s->year_out);
    int pm = stats_wipe_permille(s);
    if (pm < 0) cli_field(_("Wipes succeeded"), "%s", "-");
    else cli_field(_("Wipes succeeded"), "%d %% (%lld/%lld)", (pm + 5) / 10, (long long)s->wipes[WS_SUCCESS],
                   (long long)(s->wipes[WS_SUCCESS] + s->wipes[WS_FAILED] + s->wipes[WS_ABORTED]));
    if (s->ready_median_days < 0) cli_field(_("Receipt to ready"), "%s", "-");
    else cli_field(_("Receipt to ready"), ngettext("median %lld day", "median %lld days", (unsigned long)s->ready_median_days),
                   (long long)s->ready_median_days);
    cli_field(_("Reservations expiring"), "%lld", (long long)s->reservations_expiring);
    cli_field(_("Loans overdue"), "%lld", (long long)s->loans_overdue);
    cli_field(_("Waiting for a wipe"), "%lld", (long long)s->wipe_waiting);
    for (int i = 0; i < s->ndonors; i++) cli_field(i ? "" : _("Biggest donors"), "%lld  %s", (long long)s->donors[i].n, s->donors[i].name);
    if (s->carbon_set) {
        char kg[32];
        carbon_kg_text((long long)(s->carbon_kg * 1000.0 + 0.5), kg);   /* « 9771,2 » in French */
        cli_field(_("Carbon avoided"), _("%s kg CO2e"), kg);
    }
    const char *src = p ? profile_carbon_source(p) : "";
    if (src[0]) cli_field(_("Source"), "%s", src);
    cli_field(_("Method"), "%s", _("Each device reused counts the manufacturing and distribution footprint of a new device of its category."));
}

int cmd_stats(Cli *cli, int argc, char **argv)
{
    int json = 0, region = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, NULL);
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--region")) region = 1;
        else return cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[i]);
    }
    Ctx c;
    Err e = { 0 };
    Stats s;
    Profile p;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = stats_load(&c, region, hlc_wall_ms(), &s, &e);
    ctx_close(&c);
    if (rc < 0) return cli_fail(&e);
    int have = stats_profile(&p, &e) == 0;
    if (!have) fprintf(stderr, "boucle: %s\n", e.msg);
    stats_carbon(&s, have ? &p : NULL);
    if (json) cli_print_json(stats_json(&s, have ? &p : NULL));
    else print_text(&s, have ? &p : NULL);
    if (have) profile_free(&p);
    return EXIT_OK;
}
