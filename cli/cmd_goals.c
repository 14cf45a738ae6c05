/*
 * cmd_goals.c — boucle goals: the workshop's team goals, opt-in
 * (core/goals/goals.h).
 *   goals [--on|--off] [--ready N] [--co2 KG] [--individual yes|no]
 *                       changes the settings (what is not given is kept)
 *   goals show [--json] the week's figures: the team's, and the current
 *                       operator's own when the workshop allows it
 */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/goals/goals.h"
#include "core/log/hlc.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { "set", N_("boucle goals [--on|--off] [--ready N] [--co2 KG] [--individual yes|no]") },
    { "show", N_("boucle goals show [--json]") },
    { NULL, NULL },
};

/* Grams as whole kilograms (the targets are whole kilograms). */
static void kg_text(long long g, char out[32])
{
    snprintf(out, 32, "%lld", (g + 500) / 1000);
}

static json_t *view_json(const GoalsView *v)
{
    json_t *j = json_pack("{s:b, s:I, s:I, s:b, s:s}", "enabled", v->set.enabled, "target_ready", (json_int_t)v->set.ready,
                          "target_co2_kg", (json_int_t)v->set.co2_kg, "individual", v->set.individual, "week", v->now.week);
    if (!v->set.enabled) return j;
    json_object_set_new(j, "ready", json_integer(v->now.ready));
    json_object_set_new(j, "co2_g", json_integer(v->now.co2_g));
    json_object_set_new(j, "met", json_boolean(v->met));
    json_object_set_new(j, "streak", json_integer(v->streak));
    json_object_set_new(j, "total_ready", json_integer(v->total_ready));
    json_object_set_new(j, "total_co2_g", json_integer(v->total_co2_g));
    json_object_set_new(j, "milestone_ready", v->milestone_ready ? json_integer(v->milestone_ready) : json_null());
    json_object_set_new(j, "milestone_co2_t", v->milestone_co2_t ? json_integer(v->milestone_co2_t) : json_null());
    /* the operator's own, only for them and only when allowed */
    if (v->own) json_object_set_new(j, "own", json_pack("{s:I, s:I}", "ready", (json_int_t)v->own_ready,
                                                          "co2_g", (json_int_t)v->own_co2_g));
    return j;
}

static void view_print(const GoalsView *v)
{
    char a[32], b[32];
    if (!v->set.enabled) {
        printf("%s\n", _("Team goals are off: nothing is shown on the home screen."));
        return;
    }
    printf(_("Team goals, week of %s\n"), v->now.week);
    if (v->set.ready) cli_field(_("made ready"), "%lld / %lld", v->now.ready, v->set.ready);
    if (v->set.co2_kg) {
        kg_text(v->now.co2_g, a);
        cli_field(_("CO2e avoided"), _("%s / %lld kg"), a, v->set.co2_kg);
    }
    cli_field(_("goal met"), "%s", v->met ? _("yes") : _("not yet"));
    cli_field(_("streak"), ngettext("%d week", "%d weeks", (unsigned long)v->streak), v->streak);
    kg_text(v->total_co2_g, b);
    cli_field(_("since the start"), _("%lld made ready, %s kg CO2e avoided"), v->total_ready, b);
    if (v->milestone_ready) cli_field(_("milestone"), _("%d devices made ready"), v->milestone_ready);
    if (v->milestone_co2_t) cli_field(_("milestone"), _("%d t CO2e avoided"), v->milestone_co2_t);
    if (v->own) {
        kg_text(v->own_co2_g, a);
        cli_field(_("you, this week"), _("%lld made ready, %s kg CO2e avoided"), v->own_ready, a);
    }
    if (!v->carbon) printf("%s\n", _("No carbon factors in the grading profile: CO2e avoided counts 0."));
}

static int show_cmd(Cli *cli, int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, "show");
        if (!strcmp(argv[i], "--json")) json = 1;
        else return cli_usage_of(FORMS, "show", _("unexpected argument: %s"), argv[i]);
    }
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, DB_READONLY) < 0) return EXIT_ERR;
    if (cli_operator(cli, &c, NULL, 0) < 0) {
        ctx_close(&c);
        return EXIT_ERR;
    }
    Profile prof;
    int have = goals_profile_load(&prof);
    GoalsView v;
    int r = goals_view(&c, hlc_wall_ms(), have ? &prof : NULL, &v, &e);
    profile_free(&prof);
    ctx_close(&c);
    if (r < 0) return cli_fail(&e);
    if (json) cli_print_json(view_json(&v));
    else view_print(&v);
    return EXIT_OK;
}

int cmd_goals(Cli *cli, int argc, char **argv)
{
    if (argc >= 2 && cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    if (argc >= 2 && !strcmp(argv[1], "show")) return show_cmd(cli, argc - 1, argv + 1);
    if (argc < 2) return show_cmd(cli, 1, argv);
    static const struct option opts[] = {
        { "on", no_argument, NULL, 'n' }, { "off", no_argument, NULL, 'f' },
        { "ready", required_argument, NULL, 'r' }, { "co2", required_argument, NULL, 'c' },
        { "individual", required_argument, NULL, 'i' }, { NULL, 0, NULL, 0 },
    };
    int on = -1, indiv = -1, o;
    long ready = -1, co2 = -1;
    while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
        switch (o) {
        case 'n': on = 1; break;
        case 'f': on = 0; break;
        case 'r':
            if ((ready = cli_number("--ready", optarg, GOALS_TARGET_MAX)) < 0) return EXIT_USAGE;
            break;
        case 'c':
            if ((co2 = cli_number("--co2", optarg, GOALS_TARGET_MAX)) < 0) return EXIT_USAGE;
            break;
        case 'i':
            if (!strcmp(optarg, "yes") || !strcmp(optarg, "oui")) indiv = 1;
            else if (!strcmp(optarg, "no") || !strcmp(optarg, "non")) indiv = 0;
            else return cli_usage_of(FORMS, "set", "%s", _("--individual: yes or no"));
            break;
        case CLI_HELP: return cli_help(FORMS, "set");
        default: return cli_usage_of(FORMS, "set", NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, "set", _("unexpected argument: %s"), argv[optind]);
    Ctx c;
    Err e = { 0 };
    GoalSettings g;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    if (cli_operator(cli, &c, NULL, 0) < 0) {
        ctx_close(&c);
        return EXIT_ERR;
    }
    int r = goals_get(&c, &g, &e);
    if (on >= 0) g.enabled = on;
    if (ready >= 0) g.ready = ready;
    if (co2 >= 0) g.co2_kg = co2;
    if (indiv >= 0) g.individual = indiv;
    if (r == 0) r = goals_set(&c, &g, &e);
    ctx_close(&c);
    if (r < 0) return cli_fail(&e);
    if (!g.enabled) printf("%s\n", _("Team goals are off: nothing is shown on the home screen."));
    else if (g.individual)
        printf(_("Team goals on: %lld made ready and %lld kg CO2e avoided a week (0: no target); "
                 "each operator sees their own count.\n"), g.ready, g.co2_kg);
    else
        printf(_("Team goals on: %lld made ready and %lld kg CO2e avoided a week (0: no target); "
                 "team figures only.\n"), g.ready, g.co2_kg);
    return EXIT_OK;
}
