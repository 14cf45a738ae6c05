/* cmd_device.c — boucle device add|list|show|state|specs (specs: cmd_specs.c). */
#include "cli/commands.h"
#include "core/inventory/announce.h"
#include "cli/getopt.h"
#include "core/stock/device.h"
#include "core/scan/scan.h"
#include "core/grading/grading.h"
#include "core/grading/state_change.h"
#include "core/log/kind.h"
#include "util/utf8.h"
#include "util/i18n.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const CliForm device_forms[] = {
    { "add", N_("boucle device add --lot LOT --serial SN [--category C] [--make M] [--model M] [--tag T] "
                "[--allow-duplicate]") },
    { "list", N_("boucle device list [--json] [--all] [--state S] [--lot LOT] [--category C] [--search TEXT] [--limit N]") },
    { "show", N_("boucle device show ID|SERIAL [--json]") },
    { "state", N_("boucle device state ID STATE [--note TEXT]") },
    { "specs", N_("boucle device specs ID [--ram SIZE] [--cpu TEXT] [--storage SIZE] [--json]") },
    { NULL, NULL },
};
#define FORMS device_forms

static int device_add_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "lot", required_argument, NULL, 'l' }, { "serial", required_argument, NULL, 's' },
        { "category", required_argument, NULL, 'c' }, { "make", required_argument, NULL, 'm' },
        { "model", required_argument, NULL, 'M' }, { "tag", required_argument, NULL, 't' },
        { "allow-duplicate", no_argument, NULL, 'D' }, { NULL, 0, NULL, 0 },
    };
    DeviceNew dn = { 0 };
    int dup = 0, o;
    while ((o = cli_getopt(argc, argv, "l:s:c:m:M:t:D", opts)) != -1) {
        switch (o) {
        case 'l': dn.lot = optarg; break;
        case 's': dn.serial = optarg; break;
        case 'c': dn.category = optarg; break;
        case 'm': dn.make = optarg; break;
        case 'M': dn.model = optarg; break;
        case 't': dn.donor_tag = optarg; break;
        case 'D': dup = 1; break;
        case CLI_HELP: return cli_help(FORMS, "add");
        default: return cli_usage_of(FORMS, "add", NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, "add", _("unexpected argument: %s"), argv[optind]);
    if (!dn.lot || !dn.serial) return cli_usage_of(FORMS, "add", _("device add needs --lot LOT and --serial SN"));
    if (dn.category && category_parse(dn.category) < 0)
        return cli_usage_of(FORMS, "add", _("unknown category \"%s\" (laptop, desktop, screen, phone, tablet, printer, network, other)"),
                            dn.category);
    Ctx c;
    Err e = { 0 };
    char id[DEVICE_ID_MAX], known[DEVICE_ID_MAX];
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    IntakeMatch match = INTAKE_UNANNOUNCED;
    AnnounceHit *hit = calloc(1, sizeof *hit);
    int r = !hit ? err_set(&e, ERR_IO, "%s", _("Out of memory."))
            : cli_operator(cli, &c, NULL, 1) < 0 ? -2 : announce_receive(&c, &dn, dup, id, known, &match, hit, &e);
    /* what the donor's files said of it, beside the id (stdout keeps the id alone) */
    int64_t announced = r == 0 ? announce_count(&c, dn.lot, NULL) : 0;
    ctx_close(&c);
    if (r == 0 && match == INTAKE_ANNOUNCED)
        fprintf(stderr, _("%s: announced ✓ (%s %s)\n"), id, hit->dev.make, hit->dev.model);
    else if (r == 0 && match == INTAKE_OTHER_LOT)
        fprintf(stderr, _("%s: announced in lot %s\n"), id, hit->lot);
    else if (r == 0 && announced > 0)
        fprintf(stderr, _("%s: not announced\n"), id);
    free(hit);
    if (r == -2) return EXIT_ERR;
    if (r < 0) return cli_fail(&e);
    printf("%s\n", id);
    return EXIT_OK;
}

/* Pages through the whole result with the same keyset query as the screen. */
static int device_list_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'j' }, { "state", required_argument, NULL, 's' },
        { "lot", required_argument, NULL, 'l' }, { "search", required_argument, NULL, 'q' },
        { "category", required_argument, NULL, 'c' }, { "limit", required_argument, NULL, 'n' },
        { "all", no_argument, NULL, 'a' }, { NULL, 0, NULL, 0 },
    };
    DeviceQuery q = { 0 };
    int json = 0, all = 0, o;
    long limit = -1;
    while ((o = cli_getopt(argc, argv, "js:l:q:c:n:a", opts)) != -1) {
        switch (o) {
        case 'j': json = 1; break;
        case 'a': all = 1; break;
        case 's': q.state = optarg; break;
        case 'l': q.lot = optarg; break;
        case 'q': q.search = optarg; break;
        case 'c': q.category = optarg; break;
        case 'n':
            if ((limit = cli_number("--limit", optarg, 100000000)) < 0) return cli_usage_of(FORMS, "list", NULL);
            break;
        case CLI_HELP: return cli_help(FORMS, "list");
        default: return cli_usage_of(FORMS, "list", NULL);
        }
    }
    if (optind < argc) return cli_usage_of(FORMS, "list", _("unexpected argument: %s"), argv[optind]);
    if (q.state && state_parse(q.state) < 0)
        return cli_usage_of(FORMS, "list", _("unknown state \"%s\" (received, in_progress, ready, reserved, reused, parts, recycled)"), q.state);
    if (q.state) q.state = state_key(state_parse(q.state));
    if (q.category && category_parse(q.category) < 0)
        return cli_usage_of(FORMS, "list", _("unknown category \"%s\" (laptop, desktop, screen, phone, tablet, printer, network, other)"), q.category);
    if (q.category) q.category = category_key(category_parse(q.category));
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    /* this workshop's devices, as the device list screen; --all: every
     * workshop's known here (a pull brings the region's) */
    if (!all) q.owner = c.workshop;
    enum { PAGE = 256 };
    DeviceRow *rows = malloc(PAGE * sizeof *rows);
    json_t *arr = json ? json_array() : NULL;
    int64_t anchor = INT64_MAX, shown = 0;
    int n, r = 0;
    while (rows && (limit < 0 || shown < limit) && (n = device_page(&c, &q, anchor, 1, PAGE, rows, &e)) > 0) {
        for (int i = 0; i < n && (limit < 0 || shown < limit); i++, shown++) {
            Device *d = &rows[i].d;
            if (arr) json_array_append_new(arr, device_to_json(&c, d, 0, NULL));
            else {
                char serial[sizeof d->serial + 64];
                printf("%-13s %-12s %-9s %s %-8s %s %s\n", d->id, state_key(d->state), category_key(d->category),
                       cli_col(serial, sizeof serial, d->serial, 20), d->lot, d->make, d->model);
            }
        }
        anchor = rows[n - 1].n;
        if (n < PAGE) break;
    }
    if (e.code) r = -1;
    if (!rows) r = err_set(&e, ERR_INTERNAL, _("out of memory"));
    free(rows);
    ctx_close(&c);
    if (r < 0) {
        json_decref(arr);
        return cli_fail(&e);
    }
    if (arr) cli_print_json(arr);
    return EXIT_OK;
}

/* "  2026-11-22 10:41  grading           Élodie      grade B, reuse as is, 12 of 12 tests passed":
 * the kind and the payload in words (core/log/kind.h), columns in cells. */
static int print_event(void *arg, const Event *ev)
{
    (void)arg;
    char iso[32], kind[128], op[OPERATOR_MAX * 4 + 16], what[1024];
    hlc_iso(ev->hlc, iso);
    iso[16] = '\0';
    if (iso[10] == 'T') iso[10] = ' ';
    utf8_pad(kind, sizeof kind, kind_short(ev->kind), 17);
    utf8_pad(op, sizeof op, ev->operator[0] ? ev->operator : "-", 10);
    kind_describe(ev, what, sizeof what);
    printf("  %s  %s  %s  %s\n", iso, kind, op, what);
    return 0;
}

static int device_show_cmd(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const char *key = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, "show");
        if (strcmp(argv[i], "--json") == 0) json = 1;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_of(FORMS, "show", _("unknown option or missing value: %s"), argv[i]);
        else if (!key) key = argv[i];
        else return cli_usage_of(FORMS, "show", _("unexpected argument: %s"), argv[i]);
    }
    if (!key) return cli_usage_of(FORMS, "show", "%s", _("device show needs an ID or a serial"));
    Ctx c;
    Err e = { 0 };
    Device d;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = scan_resolve(&c, key, &d, &e);
    if (r == 0) r = err_set(&e, ERR_NOTFOUND, _("no device %s"), key);
    if (r == 1 && json) {
        json_t *j = device_to_json(&c, &d, 1, &e);
        if (!j) r = -1;
        else cli_print_json(j);
    } else if (r == 1) {
        json_t *j = device_to_json(&c, &d, 0, &e);
        printf("%s\n", d.id);
        cli_field(_("serial"), "%s", d.serial);
        cli_field(_("donor tag"), "%s", d.donor_tag);
        cli_field(_("category"), "%s", category_label(d.category));
        cli_field(_("model"), "%s %s", d.make, d.model);
        cli_field(_("state"), "%s", state_label(d.state));
        cli_field(_("lot"), "%s", d.lot);
        json_t *donor = j ? json_object_get(j, "donor") : NULL;
        cli_field(_("donor"), "%s", json_is_string(donor) ? json_string_value(donor) : "");
        json_decref(j);
        printf("%s\n", _("History:"));
        r = event_for_device(&c, d.id, print_event, NULL, &e);
    }
    ctx_close(&c);
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}

static int device_state_cmd(Cli *cli, int argc, char **argv)
{
    static const struct option opts[] = { { "note", required_argument, NULL, 'n' }, { NULL, 0, NULL, 0 } };
    const char *note = NULL;
    int o;
    while ((o = cli_getopt(argc, argv, "n:", opts)) != -1) {
        if (o == 'n') note = optarg;
        else if (o == CLI_HELP) return cli_help(FORMS, "state");
        else return cli_usage_of(FORMS, "state", NULL);
    }
    if (argc - optind != 2) return cli_usage_of(FORMS, "state", "%s", _("device state needs an ID and a STATE"));
    if (state_parse(argv[optind + 1]) < 0)
        return cli_usage_of(FORMS, "state", _("unknown state \"%s\" (received, in_progress, ready, reserved, reused, parts, recycled)"),
                            argv[optind + 1]);
    Ctx c;
    Err e = { 0 };
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = cli_operator(cli, &c, NULL, 1) < 0 ? -2 : device_change_state(&c, argv[optind], argv[optind + 1], note, &e);
    ctx_close(&c);
    if (r == -2) return EXIT_ERR;
    return r < 0 ? cli_fail(&e) : EXIT_OK;
}

int cmd_device(Cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage_of(FORMS, NULL, NULL);
    if (cli_is_help(argv[1])) return cli_help(FORMS, NULL);
    if (strcmp(argv[1], "add") == 0) return device_add_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0) return device_list_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "show") == 0) return device_show_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "state") == 0) return device_state_cmd(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "specs") == 0) return cmd_device_specs(cli, argc - 1, argv + 1);
    return cli_usage_of(FORMS, NULL, _("unknown subcommand \"%s\""), argv[1]);
}
