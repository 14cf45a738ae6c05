/* cmd_grade.c — boucle grade ID --cosmetic A|B|C|D --outcome … [--test KEY=VALUE …] [--all-pass] */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/settings/config.h"
#include "core/grading/grading.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The profile: --profile, else "grading.profile" in boucle.conf, else the
 * installed default. Prints the error. */
static int cli_load_profile(const char *opt, Profile *p)
{
    Err e = { 0 };
    char conf[1024] = "";
    if (!opt && config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1) opt = conf;
    if (profile_load_default(opt, p, &e) < 0) return cli_fail(&e), -1;
    return 0;
}

static const CliForm FORMS[] = {
    { NULL, N_("boucle grade ID --cosmetic A|B|C|D --outcome reuse|refurbish|parts|recycle\n"
               "  [--test KEY=VALUE ...] [--all-pass] [--no-storage] [--note TEXT] [--profile FILE] [--json]") },
    { NULL, NULL },
};

/* Gives in this machine's battery reading when boucle runs on the device
 * being graded and, under --all-pass, refuses a test that is left without a
 * value (a measure with no reading), naming it and the option that gives
 * it. 1 with e when refused, else 0 (grade_device reports the rest). */
static int all_pass_missing(Ctx *c, const Profile *p, const char *key, GradeInput *in, Err *e)
{
    Device d;
    if (device_find(c, key, &d, NULL) != 1) return 0;
    int b = grade_device_battery(&d, getenv("BOUCLE_SYSFS"));
    in->has_battery = b >= 0;
    in->battery = b;
    const ProfileCategory *cat = profile_category(p, category_key(d.category));
    char ans[64][PROFILE_ID_MAX];
    int missing = -1;
    if (!in->all_pass || !cat || cat->ntests > 64 || grade_answers(cat, in, ans, &missing, NULL) < 0 || missing < 0)
        return 0;
    const ProfileTest *t = &cat->tests[missing];
    err_set(e, ERR_USAGE, _("%s: no reading on this machine; give the measured value with --test %s=N."),
            profile_test_label(t), t->id);
    return 1;
}

int cmd_grade(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "cosmetic", required_argument, NULL, 'c' }, { "outcome", required_argument, NULL, 'o' },
        { "test", required_argument, NULL, 't' }, { "all-pass", no_argument, NULL, 'a' },
        { "note", required_argument, NULL, 'n' }, { "profile", required_argument, NULL, 'p' },
        { "no-storage", no_argument, NULL, 's' }, { "operator", required_argument, NULL, 'O' },
        { "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 },
    };
    GradeInput in = { 0 };
    GradeAnswer ans[128];
    char *copies[128];
    const char *profile = NULL, *oper = NULL;
    int json = 0, o, rc = EXIT_USAGE;
    in.answers = ans;
    while ((o = cli_getopt(argc, argv, "c:o:t:an:p:sO:j", opts)) != -1) {
        switch (o) {
        case 'c': in.cosmetic = optarg; break;
        case 'o': in.outcome = optarg; break;
        case 'a': in.all_pass = 1; break;
        case 'n': in.note = optarg; break;
        case 'p': profile = optarg; break;
        case 's': in.no_storage = 1; break;
        case 'O': oper = optarg; break;
        case 'j': json = 1; break;
        case CLI_HELP: rc = cli_help(FORMS, NULL); goto out;
        case 't': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) { rc = cli_usage_of(FORMS, NULL, _("--test takes KEY=VALUE, e.g. --test battery=85")); goto out; }
            if (in.nanswers >= 128) { rc = cli_usage_of(FORMS, NULL, _("too many --test options")); goto out; }
            char *k = strdup(optarg);
            k[eq - optarg] = '\0';
            copies[in.nanswers] = k;
            ans[in.nanswers].test = k;
            ans[in.nanswers].value = k + (eq - optarg) + 1;
            in.nanswers++;
            break;
        }
        default: rc = cli_usage_of(FORMS, NULL, NULL); goto out;
        }
    }
    if (optind != argc - 1) {
        rc = optind < argc - 1 ? cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[optind + 1])
                               : cli_usage_of(FORMS, NULL, "%s", _("grade needs a device ID"));
        goto out;
    }
    if (!in.cosmetic || !in.outcome) { rc = cli_usage_of(FORMS, NULL, _("grade needs --cosmetic and --outcome")); goto out; }
    /* wrong values are usage errors whether the device exists or not */
    if (!grade_cosmetic_valid(in.cosmetic)) {
        rc = cli_usage_of(FORMS, NULL, "%s", _("The cosmetic grade must be A, B, C or D."));
        goto out;
    }
    if (vocab_parse(&VOCAB_OUTCOME, in.outcome) < 0) {
        rc = cli_usage_of(FORMS, NULL, "%s", _("The outcome must be reuse, refurbish, parts or recycle."));
        goto out;
    }
    Profile p;
    if (cli_load_profile(profile, &p) < 0) { rc = EXIT_ERR; goto out; }
    Ctx c;
    Err e = { 0 };
    char id[EVENT_ID_MAX];
    if (cli_open(cli, &c, 1, 0) < 0) { profile_free(&p); rc = EXIT_ERR; goto out; }
    if (cli_operator(cli, &c, oper, 1) < 0) rc = EXIT_ERR;
    else if (all_pass_missing(&c, &p, argv[optind], &in, &e)) rc = cli_fail(&e);
    else if (grade_device(&c, &p, argv[optind], &in, id, &e) < 0) rc = cli_fail(&e);
    else {
        Device d;
        Claim cl;
        rc = EXIT_OK;
        if (device_find(&c, argv[optind], &d, &e) == 1 && device_claim(&c, &d, &cl, &e) == 0) {
            if (json) {
                json_t *j = json_pack("{s:s, s:s, s:s}", "event", id, "device", d.id, "claim", claim_key(&cl));
                json_t *m = json_array();
                for (int i = 0; i < cl.nmissing; i++) json_array_append_new(m, json_string(cl.missing[i]));
                json_object_set_new(j, "missing", m);
                cli_print_json(j);
            } else {
                printf("%s  %s  %s\n", d.id, d.grade, claim_label(&cl));
                for (int i = 0; i < cl.nmissing; i++) printf("  - %s\n", cl.missing[i]);
            }
        }
    }
    ctx_close(&c);
    profile_free(&p);
out:
    for (int i = 0; i < in.nanswers; i++) free(copies[i]);
    return rc;
}
