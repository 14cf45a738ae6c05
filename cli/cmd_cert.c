/* cmd_cert.c — boucle cert ID|LOT --out FILE.pdf [--json FILE] */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/cert/cert.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

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
        default: return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || (!out && !jpath))
        return cli_usage("%s", _("Usage: boucle cert ID|LOT --out FILE.pdf [--json FILE] (--json - prints it)"));
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
