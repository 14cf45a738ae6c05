/* cmd_probe.c — boucle probe [ID] [--add] [--json]: the disks of this
 * machine (sysfs); with ID and --add, each becomes a medium of the device,
 * and its RAM (/proc/meminfo, $BOUCLE_PROCFS in tests) its specs. */
#include "cli/commands.h"
#include "core/wipe/media.h"
#include "core/wipe/probe.h"
#include "core/stock/specs.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const CliForm FORMS[] = {
    { NULL, N_("boucle probe [ID --add] [--json]") },
    { NULL, NULL },
};

int cmd_probe(Cli *cli, int argc, char **argv)
{
    const char *id = NULL;
    int add = 0, json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, NULL);
        if (!strcmp(argv[i], "--add")) add = 1;
        else if (!strcmp(argv[i], "--json")) json = 1;
        else if (!id && argv[i][0] != '-') id = argv[i];
        else return cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[i]);
    }
    if (add && !id) return cli_usage_of(FORMS, NULL, "%s", _("probe --add needs a device ID"));
    if (id && !add) return cli_usage_of(FORMS, NULL, "%s", _("probe ID records nothing without --add"));
    ProbedMedium m[32];
    Err e = { 0 };
    int n = probe_media(getenv("BOUCLE_SYSFS"), m, 32, &e);
    if (n < 0) return cli_fail(&e);
    int rc = EXIT_OK;
    int64_t ram_mb = 0;
    Err re = { 0 };
    if (specs_probe_ram(getenv("BOUCLE_PROCFS"), &ram_mb, &re) < 0) ram_mb = 0;
    if (add) {
        Ctx c;
        Device d;
        if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
        int f = cli_operator(cli, &c, NULL, 1) < 0 ? -1 : device_find(&c, id, &d, &e);
        if (f == 0) err_set(&e, ERR_NOTFOUND, _("No device %s."), id);
        if (f <= 0) rc = e.msg[0] ? cli_fail(&e) : EXIT_ERR;
        for (int i = 0; rc == EXIT_OK && i < n; i++) {
            MediaNew mn = { .serial = m[i].serial[0] ? m[i].serial : m[i].name, .model = m[i].model,
                            .type = m[i].type, .bytes = m[i].bytes };
            if (media_ensure(&c, d.id, &mn, &e) < 0) rc = cli_fail(&e);
        }
        DeviceSpecs now;   /* RAM: a new event only when it changed */
        if (rc == EXIT_OK && !ram_mb) cli_fail(&re);   /* said, but the disks were recorded */
        if (rc == EXIT_OK && ram_mb && specs_get(&c, d.id, &now, &e) == 0 && now.ram_mb != ram_mb) {
            DeviceSpecs s = { .ram_mb = ram_mb };
            if (specs_record(&c, d.id, &s, &e) < 0) rc = cli_fail(&e);
        }
        if (e.code && rc == EXIT_OK) rc = cli_fail(&e);
        ctx_close(&c);
    }
    json_t *a = json ? json_array() : NULL;
    for (int i = 0; i < n; i++) {
        if (a) json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:I}", "name", m[i].name, "model", m[i].model,
                                                  "serial", m[i].serial, "type", m[i].type, "bytes", (json_int_t)m[i].bytes));
        else {
            char model[sizeof m[i].model + 64], serial[sizeof m[i].serial + 64];
            printf("%-10s %-5s %s %s %lld\n", m[i].name, m[i].type, cli_col(model, sizeof model, m[i].model, 28),
                   cli_col(serial, sizeof serial, m[i].serial, 24), (long long)m[i].bytes);
        }
    }
    char ram[32];
    units_ram_mb(ram_mb, ram, sizeof ram);
    char label[64];
    if (!a && ram_mb) printf("%s %s\n", cli_col(label, sizeof label, _("RAM"), 10), ram);
    if (a) cli_print_json(a);
    return rc;
}
