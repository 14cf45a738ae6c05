/*
 * cmd_report.c — boucle report: documents for donors.
 *   report proof --lot LOT | --donor CODE [--from DATE] [--to DATE]
 *                --out FILE.pdf [--csv FILE] [--json FILE]
 *       the proof of reuse (core/report/proof.h), in the language of the
 *       global --lang (cli/main.c takes it wherever it stands);
 *   report quota --party CODE --year YYYY --out FILE.pdf [--csv FILE] [--json FILE]
 *       a public body's yearly statement of its reuse quotas
 *       (core/report/quota.h);
 *   report verify FILE.json
 *       whether a signed proof is intact: exit 0 intact, 1 altered.
 */
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/getopt.h"
#include "core/cert/cert.h"
#include "core/log/chain.h"
#include "core/report/proof.h"
#include "core/report/carbon.h"
#include "core/report/quota.h"
#include <stdlib.h>
#include "core/settings/config.h"
#include "util/i18n.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const CliForm FORMS[] = {
    { "proof", N_("boucle report proof --lot LOT | --donor CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
                  "  --out FILE.pdf [--csv FILE] [--json FILE] [--profile FILE]") },
    { "verify", N_("boucle report verify FILE.json") },
    { "quota", N_("boucle report quota --party CODE --year YYYY --out FILE.pdf [--csv FILE] [--json FILE]") },
    { NULL, NULL },
};

static int report_proof(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "lot", required_argument, NULL, 'l' }, { "donor", required_argument, NULL, 'd' },
        { "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
        { "out", required_argument, NULL, 'o' }, { "csv", required_argument, NULL, 'c' },
        { "json", required_argument, NULL, 'j' }, { "profile", required_argument, NULL, 'p' },
        { NULL, 0, NULL, 0 },
    };
    ProofQuery q = { 0 };
    ProofFiles f = { 0 };
    const char *prof_path = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "l:d:f:t:o:c:j:p:", opts)) != -1) {
        switch (o) {
        case 'l': q.lot = optarg; break;
        case 'd': q.donor = optarg; break;
        case 'f': q.from = optarg; break;
        case 't': q.to = optarg; break;
        case 'o': f.pdf = optarg; break;
        case 'c': f.csv = optarg; break;
        case 'j': f.json = optarg; break;
        case 'p': prof_path = optarg; break;
        case CLI_HELP: return cli_help(FORMS, "proof");
        default: return cli_usage_of(FORMS, "proof", NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, "proof", _("unexpected argument: %s"), argv[optind]);
    if (!!q.lot == !!q.donor) return cli_usage_of(FORMS, "proof", "%s", _("report proof needs --lot LOT or --donor CODE (one of them)"));
    if (!f.pdf) return cli_usage_of(FORMS, "proof", "%s", _("report proof needs --out FILE.pdf"));
    Profile prof;
    Err e = { 0 };
    char conf[1024] = "";
    if (!prof_path && config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1) prof_path = conf;
    if (profile_load_default(prof_path, &prof, &e) < 0) return cli_fail(&e);
    Ctx c;
    if (cli_open(cli, &c, 1, 0) < 0) { profile_free(&prof); return EXIT_ERR; }
    CliProgress prog;
    const char *base = strrchr(f.pdf, '/') ? strrchr(f.pdf, '/') + 1 : f.pdf;
    cli_progress_begin(&prog, base, 0, 1);
    if (prog.on) {
        f.progress = cli_progress_fn;
        f.parg = &prog;
    }
    json_t *doc = proof_write(&c, &prof, &q, &f, &e);
    cli_progress_end(&prog);
    ctx_close(&c);
    profile_free(&prof);
    cert_release_fonts();
    if (!doc) return cli_fail(&e);
    const json_t *s = json_object_get(doc, "summary"), *sig = json_object_get(doc, "signature");
    long long received = json_integer_value(json_object_get(s, "received"));
    long long reused = json_integer_value(json_object_get(s, "reused"));
    char pct[32];
    proof_percent_text(json_string_value(json_object_get(s, "reuse_ratio_percent")), pct);
    printf(_("Written: %s\n"), f.pdf);
    if (f.csv) printf(_("Written: %s\n"), f.csv);
    if (f.json) printf(_("Written: %s\n"), f.json);
    printf(ngettext("%lld device received, %lld sent to reuse (%s %%).\n",
                    "%lld devices received, %lld sent to reuse (%s %%).\n", (unsigned long)received),
           received, reused, pct);
    printf(_("Fingerprint of the document: %s\n"), json_string_value(json_object_get(sig, "fingerprint")));
    json_decref(doc);
    return EXIT_OK;
}

static int report_verify(Cli *cli, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        if (argc == 2 && cli_is_help(argv[1])) return cli_help(FORMS, "verify");
        return cli_usage_of(FORMS, "verify", "%s", _("report verify needs one FILE.json"));
    }
    ProofCheck k;
    Err e = { 0 };
    if (proof_verify_file(argv[1], &k, &e) < 0) return cli_fail(&e);
    if (k.verdict != PROOF_INTACT) {
        /* TRANSLATORS: « proof.json : ALTÉRÉ — sa signature ne correspond pas à son contenu » */
        printf(_("%s: ALTERED — %s\n"), argv[1], k.why);
        return EXIT_ERR;
    }
    printf(_("%s: intact, signed by workshop %s with the key %s\n"), argv[1], k.workshop, k.key_fingerprint);
    printf(_("Fingerprint of the document: %s\n"), k.fingerprint);
    /* whose key: known here when this database's chain was signed with it */
    Ctx c;
    if (cli->db_path && access(cli->db_path, R_OK) == 0 && cli_open(cli, &c, 0, DB_READONLY) == 0) {
        unsigned char pk[32];
        char hex[65] = "";
        FILE *f = fopen(argv[1], "rb");
        json_t *doc = f ? json_loadf(f, 0, NULL) : NULL;
        if (f) fclose(f);
        snprintf(hex, sizeof hex, "%s", json_string_value(json_object_get(json_object_get(doc, "signature"), "public_key")));
        json_decref(doc);
        if (sodium_hex2bin(pk, 32, hex, 64, NULL, NULL, NULL) == 0 && chain_key_known(&c, pk, NULL) == 1)
            printf(_("The key is this workshop's (%s): it signed its chain of records.\n"), c.workshop);
        else
            printf("%s\n", _("The key is not one this database knows: compare its fingerprint with the workshop's "
                             "(boucle key show)."));
        ctx_close(&c);
    }
    return EXIT_OK;
}

/* "2025": the year, or -1. */
static int parse_year(const char *s)
{
    if (!s || strlen(s) != 4) return -1;
    for (int i = 0; i < 4; i++) if (s[i] < '0' || s[i] > '9') return -1;
    return atoi(s);
}

static int report_quota(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "party", required_argument, NULL, 'p' }, { "year", required_argument, NULL, 'y' },
        { "out", required_argument, NULL, 'o' }, { "csv", required_argument, NULL, 'c' },
        { "json", required_argument, NULL, 'j' }, { NULL, 0, NULL, 0 },
    };
    QuotaFiles f = { 0 };
    const char *code = NULL, *year_s = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "p:y:o:c:j:", opts)) != -1) {
        switch (o) {
        case 'p': code = optarg; break;
        case 'y': year_s = optarg; break;
        case 'o': f.pdf = optarg; break;
        case 'c': f.csv = optarg; break;
        case 'j': f.json = optarg; break;
        case CLI_HELP: return cli_help(FORMS, "quota");
        default: return cli_usage_of(FORMS, "quota", NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, "quota", _("unexpected argument: %s"), argv[optind]);
    if (!code) return cli_usage_of(FORMS, "quota", "%s", _("report quota needs --party CODE"));
    if (!year_s) return cli_usage_of(FORMS, "quota", "%s", _("report quota needs --year YYYY"));
    int year = parse_year(year_s);
    if (year < 0) return cli_usage_of(FORMS, "quota", _("year: \"%s\" is not a year (YYYY)"), year_s);
    if (!f.pdf && !f.csv && !f.json) return cli_usage_of(FORMS, "quota", "%s", _("report quota needs --out FILE.pdf, --csv FILE or --json FILE"));
    Profile prof;
    Err e = { 0 };
    if (carbon_profile(&prof, &e) < 0) return cli_fail(&e);
    Ctx c;
    if (cli_open(cli, &c, 1, 0) < 0) { profile_free(&prof); return EXIT_ERR; }
    json_t *doc = quota_write(&c, &prof, code, year, &f, &e);
    ctx_close(&c);
    profile_free(&prof);
    cert_release_fonts();
    if (!doc) return cli_fail(&e);
    if (f.pdf) printf(_("Written: %s\n"), f.pdf);
    if (f.csv) printf(_("Written: %s\n"), f.csv);
    if (f.json) printf(_("Written: %s\n"), f.json);
    char line[1400];
    quota_summary_text(doc, line, sizeof line);
    printf("%s\n", line);
    json_decref(doc);
    return EXIT_OK;
}

int cmd_report(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, "%s", _("missing subcommand"));
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    if (!strcmp(argv[1], "proof")) return report_proof(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "verify")) return report_verify(cli, argc - 1, argv + 1);
    if (!strcmp(argv[1], "quota")) return report_quota(cli, argc - 1, argv + 1);
    return cli_usage_of(FORMS, NULL, _("unknown subcommand: %s"), argv[1]);
}
