/*
 * cmd_export.c — boucle export: files for others to build on.
 *   export opendata --out DIR [--region] [--profile FILE]
 *       the open data (core/report/opendata.h): supply.csv, its Table
 *       Schema and the data dictionaries in French and English, for this
 *       workshop, or with --region for every workshop this database holds
 *       (what sync brought). Nothing is written over an existing file.
 */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/report/opendata.h"
#include "core/settings/config.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const CliForm FORMS[] = {
    { "opendata", N_("boucle export opendata --out DIR [--region] [--profile FILE]") },
    { NULL, NULL },
};

/* On a terminal only: "Reading the devices: 45 %". */
static void progress(void *arg, int64_t done, int64_t total)
{
    (void)arg;
    if (!isatty(STDERR_FILENO) || total <= 0) return;
    fprintf(stderr, "\r%s %3d %%", _("Reading the devices:"), (int)(done * 100 / total));
    if (done >= total) fputc('\n', stderr);
    fflush(stderr);
}

static int export_opendata(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "out", required_argument, NULL, 'o' }, { "region", no_argument, NULL, 'r' },
        { "profile", required_argument, NULL, 'p' }, { NULL, 0, NULL, 0 },
    };
    const char *dir = NULL, *prof_path = NULL;
    int region = 0, o;
    while ((o = cli_getopt(argc, argv, "o:rp:", opts)) != -1) {
        switch (o) {
        case 'o': dir = optarg; break;
        case 'r': region = 1; break;
        case 'p': prof_path = optarg; break;
        case CLI_HELP: return cli_help(FORMS, "opendata");
        default: return cli_usage_of(FORMS, "opendata", NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, "opendata", _("unexpected argument: %s"), argv[optind]);
    if (!dir || !dir[0]) return cli_usage_of(FORMS, "opendata", "%s", _("export opendata needs --out DIR"));
    Profile prof;
    Err e = { 0 };
    char conf[1024] = "";
    if (!prof_path && config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1) prof_path = conf;
    if (profile_load_default(prof_path, &prof, &e) < 0) return cli_fail(&e);
    Ctx c;
    if (cli_open(cli, &c, 1, 0) < 0) { profile_free(&prof); return EXIT_ERR; }
    OpendataSummary s;
    int rc = opendata_export(&c, &prof, dir, region, progress, NULL, &s, &e);
    ctx_close(&c);
    profile_free(&prof);
    if (rc < 0) return cli_fail(&e);
    for (int i = 0; i < OPENDATA_NFILES; i++) printf(_("Written: %s\n"), s.files[i]);
    char kg[32];
    opendata_kg_text(s.kg, kg, sizeof kg);
    printf(_("Devices published: %lld; rows: %lld, of which grouped: %lld (no count below %d); carbon avoided: %s kg CO2e.\n"),
           (long long)s.published, (long long)s.rows, (long long)s.grouped_rows, OPENDATA_K, kg);
    if (s.left_out)
        printf(ngettext("%lld device left out: too few to be published without singling anyone out.\n",
                        "%lld devices left out: too few to be published without singling anyone out.\n",
                        (unsigned long)s.left_out),
               (long long)s.left_out);
    return EXIT_OK;
}

int cmd_export(Cli *cli, int argc, char **argv)
{
    if (argc < 2 || cli_is_help(argv[1])) return argc < 2 ? cli_usage_of(FORMS, NULL, NULL) : cli_help(FORMS, NULL);
    if (!strcmp(argv[1], "opendata")) return export_opendata(cli, argc - 1, argv + 1);
    return cli_usage_of(FORMS, NULL, _("unknown export: %s"), argv[1]);
}
