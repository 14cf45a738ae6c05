/* cmd_cert.c — boucle cert ID|LOT --out FILE.pdf [--json FILE] */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/cert/cert.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static const CliForm FORMS[] = {
    { NULL, N_("boucle cert ID|LOT --out FILE.pdf [--json FILE] (--json - prints it)") },
    { NULL, NULL },
};

int cmd_cert(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "out", required_argument, NULL, 'o' }, { "json", required_argument, NULL, 'j' }, { NULL, 0, NULL, 0 },
    };
    const char *out = NULL, *jpath = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "o:j:", opts)) != -1) {
        switch (o) {
        case 'o': out = optarg; break;
        case 'j': jpath = optarg; break;
        case CLI_HELP: return cli_help(FORMS, NULL);
        default: return cli_usage_of(FORMS, NULL, NULL);
        }
    }
    if (optind < argc - 1) return cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[optind + 1]);
    if (optind != argc - 1 || (!out && !jpath))
        return cli_usage_of(FORMS, NULL, "%s", _("cert needs a device or a lot, and --out or --json"));
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    json_t *cert = cert_build(&c, argv[optind], &e);
    ctx_close(&c);
    if (!cert) return cli_fail(&e);
    int rc = EXIT_OK;
    if (out && cert_pdf(cert, out, &e) < 0) rc = cli_fail(&e);
    if (rc == EXIT_OK && jpath) {
        if (!strcmp(jpath, "-")) { cli_print_json(json_incref(cert)); }
        else if (cert_json_write(cert, jpath, &e) < 0) rc = cli_fail(&e);
    }
    json_decref(cert);
    cert_release_fonts();
    return rc;
}
