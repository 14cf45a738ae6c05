/* cmd_specs.c — boucle device specs ID [--ram SIZE] [--cpu TEXT]
 * [--storage SIZE] [--json]: records a device's specs (one device.specs
 * event with the fields given), or shows them when no field is given. */
#include "cli/commands.h"
#include "cli/getopt.h"
#include "core/scan/scan.h"
#include "core/stock/specs.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const Device *d, const DeviceSpecs *s, int json)
{
    char ram[32] = "", storage[32] = "";
    if (s->ram_mb) units_ram_mb(s->ram_mb, ram, sizeof ram);
    if (s->storage_gb) units_storage_gb(s->storage_gb, storage, sizeof storage);
    if (json) {
        json_t *j = json_pack("{s:s}", "id", d->id);
        json_object_set_new(j, "ram_mb", s->ram_mb ? json_integer(s->ram_mb) : json_null());
        json_object_set_new(j, "cpu", s->cpu[0] ? json_string(s->cpu) : json_null());
        json_object_set_new(j, "storage_gb", s->storage_gb ? json_integer(s->storage_gb) : json_null());
        cli_print_json(j);
        return;
    }
    printf("%s\n", d->id);
    cli_field(_("RAM"), "%s", ram);
    cli_field(_("processor"), "%s", s->cpu);
    cli_field(_("storage"), "%s", storage);
}

int cmd_device_specs(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "ram", required_argument, NULL, 'r' }, { "cpu", required_argument, NULL, 'c' },
        { "storage", required_argument, NULL, 's' }, { "json", no_argument, NULL, 'j' },
        { NULL, 0, NULL, 0 },
    };
    DeviceSpecs s = { 0 };
    Err e = { 0 };
    int json = 0, o, any = 0;
    while ((o = cli_getopt(argc, argv, "r:c:s:j", opts)) != -1) {
        switch (o) {
        /* a value that is no size is a usage error, as --expected many */
        case 'r':
            if (specs_parse_ram(optarg, &s.ram_mb, &e) < 0) return cli_usage_of(device_forms, "specs", "--ram: %s", e.msg);
            any = 1;
            break;
        case 's':
            if (specs_parse_storage(optarg, &s.storage_gb, &e) < 0)
                return cli_usage_of(device_forms, "specs", "--storage: %s", e.msg);
            any = 1;
            break;
        case 'c': snprintf(s.cpu, sizeof s.cpu, "%s", optarg); any = 1; break;
        case 'j': json = 1; break;
        case CLI_HELP: return cli_help(device_forms, "specs");
        default: return cli_usage_of(device_forms, "specs", NULL);
        }
    }
    if (argc - optind != 1)
        return cli_usage_of(device_forms, "specs", "%s", _("device specs needs an ID"));
    Ctx c;
    Device d;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = scan_resolve(&c, argv[optind], &d, &e);
    if (r == 0) r = err_set(&e, ERR_NOTFOUND, _("no device %s"), argv[optind]);
    if (r == 1 && any) r = cli_operator(cli, &c, NULL, 1) < 0 ? -2 : specs_record(&c, d.id, &s, &e);
    if (r >= 0) r = specs_get(&c, d.id, &s, &e);
    if (r >= 0) show(&d, &s, json);
    ctx_close(&c);
    if (r == -2) return EXIT_ERR;
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}
