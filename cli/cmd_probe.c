/* cmd_probe.c — boucle probe [ID] [--add] [--from FILE] [--json]: what
 * this machine says about itself (DMI, /proc, sysfs, lshw, smartctl:
 * core/inventory/found.h), or what an agent inventory made on it says
 * (--from); with --add, recorded into its device — the one given, or the
 * one whose serial it is — and the differences with what its donor
 * announced shown and kept (device.discrepancy). Nothing announced is
 * overwritten.
 *
 * `probe --json` alone lists the disks of this machine as it always did
 * (an array); with --add or --from it gives one object: {device, source,
 * found, recorded, announced_in, differences}. $BOUCLE_SYSFS,
 * $BOUCLE_PROCFS, $BOUCLE_LSHW and $BOUCLE_SMARTCTL stand for /sys, /proc,
 * lshw and smartctl in tests. */
#include "cli/commands.h"
#include "core/inventory/announce.h"
#include "core/inventory/found.h"
#include "core/stock/specs.h"
#include "core/vocab/vocab.h"
#include "core/wipe/media.h"
#include "core/wipe/probe.h"
#include "util/i18n.h"
#include "util/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const CliForm FORMS[] = {
    { NULL, N_("boucle probe [ID] [--add] [--from FILE] [--json]") },
    { NULL, NULL },
};

/* `probe --json` as before: the disks sysfs and smartctl see, by name. */
static int list_media_json(void)
{
    ProbedMedium m[32];
    Err e = { 0 };
    int n = probe_media(getenv("BOUCLE_SYSFS"), m, 32, &e);
    if (n < 0) return cli_fail(&e);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:I}", "name", m[i].name, "model", m[i].model, "serial",
                                           m[i].serial, "type", m[i].type, "bytes", (json_int_t)m[i].bytes));
    cli_print_json(a);
    return EXIT_OK;
}

/* The one device an agent inventory describes. */
typedef struct FromFile { InvDevice dev; int64_t n; } FromFile;

static int from_device(void *arg, const InvDevice *d, Err *e)
{
    (void)e;
    FromFile *f = arg;
    if (f->n++ == 0) f->dev = *d;
    return 0;
}

static void battery_text(int64_t design, int64_t full, char *out, size_t size)
{
    char wf[48], wd[48];
    units_number((double)full / 1000.0, wf, sizeof wf);
    units_number((double)design / 1000.0, wd, sizeof wd);
    if (design > 0 && full > 0)
        snprintf(out, size, _("%s of %s Wh (%lld %%)"), wf, wd, (long long)(full * 100 / design));
    else if (design > 0) snprintf(out, size, _("designed for %s Wh"), wd);
    else if (full > 0) snprintf(out, size, _("%s Wh"), wf);
    else out[0] = '\0';
}

static void line(const char *label, const char *value)
{
    char col[96];
    if (value && *value) printf("%s %s\n", cli_col(col, sizeof col, label, 14), value);
}

static void print_found(const InvDevice *f, const ProbeInfo *info, int machine)
{
    char buf[700], ram[32];
    snprintf(buf, sizeof buf, "%s%s%s", f->make, f->make[0] && f->model[0] ? " " : "", f->model);
    if (f->category[0]) {
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof buf - n, "%s(%s)", n ? " " : "", category_label(category_parse(f->category)));
    }
    line(_("Machine"), buf);
    if (f->serial[0]) line(_("Serial"), f->serial);
    else if (machine && info->serial_unreadable && !info->lshw)
        line(_("Serial"), _("none read: DMI's product serial is readable by root only (run as root, or install lshw)"));
    else line(_("Serial"), _("none: neither DMI nor lshw gave one"));
    line(_("Processor"), f->cpu);
    if (f->ram_mb) {
        units_ram_mb(f->ram_mb, ram, sizeof ram);
        line(_("RAM"), ram);
    }
    battery_text(f->battery_design_mwh, f->battery_full_mwh, buf, sizeof buf);
    line(_("Battery"), buf);
    for (int i = 0; i < f->ndisks; i++) {
        char size[32];
        media_bytes_text(f->disks[i].bytes > 0 ? f->disks[i].bytes : -1, size, sizeof size);
        snprintf(buf, sizeof buf, "%s  %s  %s  %s", f->disks[i].serial, f->disks[i].model[0] ? f->disks[i].model : "—",
                 media_type_label(f->disks[i].type), size);
        line(i == 0 ? _("Disks") : "", buf);
    }
    if (f->disks_skipped)
        printf(ngettext("%s %d device that is not a disk to wipe (card reader, USB bridge…) left out\n",
                        "%s %d devices that are not disks to wipe (card readers, USB bridges…) left out\n",
                        (unsigned long)f->disks_skipped),
               cli_col(buf, sizeof buf, "", 14), f->disks_skipped);
}

static json_t *found_json(const InvDevice *f)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "serial", f->serial, "make", f->make, "model", f->model,
                          "category", f->category, "chassis", f->chassis, "ram_mb", (json_int_t)f->ram_mb, "cpu", f->cpu);
    json_t *disks = json_array();
    for (int i = 0; i < f->ndisks; i++)
        json_array_append_new(disks, json_pack("{s:s, s:s, s:s, s:I}", "serial", f->disks[i].serial, "model",
                                               f->disks[i].model, "type", f->disks[i].type, "bytes",
                                               (json_int_t)f->disks[i].bytes));
    json_object_set_new(j, "disks", disks);
    json_object_set_new(j, "disks_skipped", json_integer(f->disks_skipped));
    if (f->battery_design_mwh || f->battery_full_mwh)
        json_object_set_new(j, "battery", json_pack("{s:I, s:I}", "design_mwh", (json_int_t)f->battery_design_mwh,
                                                    "full_mwh", (json_int_t)f->battery_full_mwh));
    return j;
}

static void print_report(const FoundReport *r, const Device *d)
{
    printf("\n%s  %s %s\n", d->id, d->make, d->model);
    if (r->serial_differs)
        printf(_("Warning: the serial found is not this device's (%s): is it the right device?\n"), d->serial);
    if (!r->specs_recorded && !r->disks_added && !r->discrepancy_recorded) printf("%s\n", _("Recorded: nothing new."));
    else {
        char what[256] = "";
        if (r->specs_recorded) snprintf(what, sizeof what, "%s", _("specs"));
        if (r->disks_added) {
            size_t n = strlen(what);
            snprintf(what + n, sizeof what - n, ngettext("%s%d disk added", "%s%d disks added", (unsigned long)r->disks_added),
                     n ? ", " : "", r->disks_added);
        }
        if (r->discrepancy_recorded) {
            size_t n = strlen(what);
            snprintf(what + n, sizeof what - n, "%s%s", n ? ", " : "", _("the differences"));
        }
        printf(_("Recorded: %s.\n"), what);
    }
    if (!r->announced) printf("%s\n", _("Nothing was announced for this device: nothing to compare."));
    else if (!r->ndiffs) printf(_("As announced in lot %s.\n"), r->announce_lot);
    else {
        printf(ngettext("%d difference with what lot %s announced:\n", "%d differences with what lot %s announced:\n",
                        (unsigned long)r->ndiffs),
               r->ndiffs, r->announce_lot);
        for (int i = 0; i < r->ndiffs; i++) printf("  %s\n", r->diffs[i].text);
    }
}

static json_t *report_json(const FoundReport *r, const InvDevice *f, const char *source)
{
    json_t *diffs = json_array();
    for (int i = 0; i < r->ndiffs; i++)
        json_array_append_new(diffs, json_pack("{s:s, s:s, s:s, s:s}", "field", r->diffs[i].field, "announced",
                                               r->diffs[i].announced, "found", r->diffs[i].found, "text", r->diffs[i].text));
    return json_pack("{s:s, s:s, s:o, s:{s:b, s:i, s:b}, s:s?, s:b, s:o}", "device", r->device_id, "source", source,
                     "found", found_json(f), "recorded", "specs", r->specs_recorded, "disks_added", r->disks_added,
                     "discrepancy", r->discrepancy_recorded, "announced_in", r->announced ? r->announce_lot : NULL,
                     "serial_differs", r->serial_differs, "differences", diffs);
}

int cmd_probe(Cli *cli, int argc, char **argv)
{
    const char *id = NULL, *from = NULL;
    int add = 0, json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, NULL);
        if (!strcmp(argv[i], "--add")) add = 1;
        else if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--from") && i + 1 < argc) from = argv[++i];
        else if (!id && argv[i][0] != '-') id = argv[i];
        else return cli_usage_of(FORMS, NULL, _("unexpected argument: %s"), argv[i]);
    }
    if (id && !add) return cli_usage_of(FORMS, NULL, "%s", _("probe ID records nothing without --add"));
    if (json && !add && !from) return list_media_json();

    InvDevice f;
    ProbeInfo info;
    memset(&info, 0, sizeof info);
    Err e = { 0 };
    const char *source = from ? "agent" : "probe";
    if (from) {
        FromFile ff;
        memset(&ff, 0, sizeof ff);
        InvSink sink = { .device = from_device, .arg = &ff };
        if (inv_parse_file(from, &sink, NULL, &e) < 0) return cli_fail(&e);
        if (ff.n != 1) {
            fprintf(stderr, ngettext("boucle: %s describes %lld device: an agent inventory made on the device describes one.\n",
                                     "boucle: %s describes %lld devices: an agent inventory made on the device describes one.\n",
                                     (unsigned long)ff.n),
                    from, (long long)ff.n);
            return EXIT_ERR;
        }
        f = ff.dev;
    } else if (inv_probe_machine(getenv("BOUCLE_SYSFS"), getenv("BOUCLE_PROCFS"), &f, &info, &e) < 0) {
        return cli_fail(&e);
    }
    if (!add) {
        if (!from) {   /* the disks by name first, as `probe` always listed them */
            ProbedMedium m[32];
            int n = probe_media(getenv("BOUCLE_SYSFS"), m, 32, &e);
            for (int i = 0; i < n; i++) {
                char model[sizeof m[i].model + 64], serial[sizeof m[i].serial + 64];
                printf("%-10s %-5s %s %s %lld\n", m[i].name, m[i].type, cli_col(model, sizeof model, m[i].model, 28),
                       cli_col(serial, sizeof serial, m[i].serial, 24), (long long)m[i].bytes);
            }
            if (n) printf("\n");
        }
        if (json) cli_print_json(found_json(&f));
        else print_found(&f, &info, !from);
        return EXIT_OK;
    }

    Ctx c;
    Device d;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int rc = EXIT_OK;
    int got = cli_operator(cli, &c, NULL, 1) < 0 ? -1 : id ? device_find(&c, id, &d, &e) : found_match(&c, &f, &d, &e);
    if (got == 0 && id) err_set(&e, ERR_NOTFOUND, _("No device %s."), id);
    else if (got == 0 && f.serial[0])
        err_set(&e, ERR_NOTFOUND, _("No device has the serial %s %s: give the device's ID (boucle probe ID --add)."),
                f.serial, from ? _("that the file gives") : _("of this machine"));
    else if (got == 0)
        err_set(&e, ERR_NOTFOUND, "%s",
                from ? _("The file gives no serial number to find the device by: give the device's ID.")
                : info.serial_unreadable && !info.lshw
                    ? _("This machine's serial number is readable by root only (run as root, or install lshw), or give the device's ID.")
                    : _("This machine gives no serial number: give the device's ID (boucle probe ID --add)."));
    FoundReport r;
    if (got <= 0) rc = e.msg[0] ? cli_fail(&e) : EXIT_ERR;
    else if (found_record(&c, d.id, &f, source, &r, &e) < 0) rc = cli_fail(&e);
    ctx_close(&c);
    if (rc != EXIT_OK) return rc;
    if (json) cli_print_json(report_json(&r, &f, source));
    else {
        print_found(&f, &info, !from);
        print_report(&r, &d);
    }
    return rc;
}
