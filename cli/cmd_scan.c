/*
 * cmd_scan.c — boucle scan IMAGE...: decodes every code in the images (QR,
 * Code 128, Code 39, EAN) and says which device each one names.
 * Exit status 1 when an image cannot be read or holds no code.
 */
#include "cli/commands.h"
#include "core/scan/barcode_scan.h"
#include "core/scan/scan.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

typedef struct ScanOut {
    Ctx *c;
    const char *image;
    json_t *arr;     /* --json */
    int failed;      /* a lookup failed (database) */
    Err e;
} ScanOut;

static int on_code(void *arg, const char *sym, const char *data, size_t len)
{
    ScanOut *o = arg;
    Device d;
    /* codes may hold any bytes: only text that a scanner could type is looked up */
    int r = strlen(data) == len ? scan_resolve(o->c, data, &d, &o->e) : 0;
    if (r < 0) { o->failed = 1; return 1; }
    if (o->arr) {
        json_t *j = json_pack("{s:s, s:s, s:s%}", "image", o->image, "symbology", sym, "data", data, len);
        json_object_set_new(j, "device", r == 1 ? json_string(d.id) : json_null());
        json_array_append_new(o->arr, j);
        return 0;
    }
    if (r == 1)
        printf(_("%s: %s %s → %s (%s %s, %s)\n"), o->image, sym, data, d.id, d.make, d.model, state_label(d.state));
    else
        printf(_("%s: %s %s → no device\n"), o->image, sym, data);
    return 0;
}

static const CliForm FORMS[] = {
    { NULL, N_("boucle scan IMAGE... [--json]") },
    { NULL, NULL },
};

int cmd_scan(Cli *cli, int argc, char **argv)
{
    int json = 0, nimg = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, NULL);
        if (strcmp(argv[i], "--json") == 0) json = 1;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_of(FORMS, NULL, _("unknown option %s"), argv[i]);
        else nimg++;
    }
    if (nimg == 0) return cli_usage_of(FORMS, NULL, "%s", _("scan needs an IMAGE"));
    Ctx c;
    if (cli_open(cli, &c, 0, 0) < 0) return EXIT_ERR;
    ScanOut o = { .c = &c, .arr = json ? json_array() : NULL };
    int bad = 0;
    for (int i = 1; i < argc && !o.failed; i++) {
        if (strcmp(argv[i], "--json") == 0) continue;
        o.image = argv[i];
        Err e = { 0 };
        if (barcode_scan_file(argv[i], on_code, &o, &e) < 0) {
            fprintf(stderr, "boucle: %s\n", e.msg);
            bad = 1;
        }
    }
    ctx_close(&c);
    if (o.arr) cli_print_json(o.arr);
    if (o.failed) return cli_fail(&o.e);
    return bad ? EXIT_ERR : EXIT_OK;
}
