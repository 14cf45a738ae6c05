/* cmd_lot_import.c — boucle lot import LOT FILE|FOLDER... [--dry-run]
 * [--json]: the donor's inventory files announced into a lot
 * (core/inventory/announce.h). */
#include "cli/commands.h"
#include "cli/progress.h"
#include "core/inventory/announce.h"
#include "core/vocab/vocab.h"
#include "util/i18n.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Progress on a terminal only (cli/progress.h): the file's name, a bar of
 * the bytes read and the time left. */
static int progress(void *arg, const char *file, int64_t done, int64_t total)
{
    CliProgress *p = arg;
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    if (strcmp(p->label, base) != 0) cli_progress_label(p, base);
    cli_progress_step(p, done, total);
    return 0;
}

static json_t *import_report_json(const char *lot, int dry_run, const ImportReport *r)
{
    json_t *cats = json_object();
    for (int i = 0; i < CATEGORY_COUNT && i < (int)(sizeof r->by_category / sizeof r->by_category[0]); i++)
        if (r->by_category[i]) json_object_set_new(cats, category_key(i), json_integer(r->by_category[i]));
    json_t *notes = json_array();
    for (int64_t i = 0; i < r->nnotes && i < IMPORT_NOTES; i++)
        json_array_append_new(notes, json_pack("{s:s, s:s, s:s}", "file", r->notes[i].file, "where",
                                               r->notes[i].where, "message", r->notes[i].msg));
    return json_pack("{s:s, s:b, s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:o, s:i}",
                     "lot", lot, "dry_run", dry_run, "files", r->files, "format", r->mixed ? "mixed" : inv_format_key(r->format),
                     "devices", (json_int_t)r->devices, "added", (json_int_t)r->added,
                     "updated", (json_int_t)r->updated, "unchanged", (json_int_t)r->unchanged,
                     "duplicates", (json_int_t)r->duplicates, "other_lot", (json_int_t)r->other_lot,
                     "with_specs", (json_int_t)r->with_specs, "disks", (json_int_t)r->disks,
                     "disks_skipped", (json_int_t)r->disks_skipped, "battery", (json_int_t)r->battery,
                     "categories", cats, "notes_total", (json_int_t)r->nnotes, "notes", notes, "skipped_files", r->skipped);
}

/* cli_field with a column wide enough for this report's labels
 * (« Avec mémoire ou processeur » is 26 cells). */
static void field(const char *label, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void field(const char *label, const char *fmt, ...)
{
    char pad[256], value[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    printf("  %s %s\n", cli_col(pad, sizeof pad, label, 26), value);
}

static void print_report(const char *lot, int dry_run, const ImportReport *r)
{
    printf(dry_run ? _("Lot %s: preview, nothing was stored.\n") : _("Lot %s:\n"), lot);
    field(_("Files read"), "%d (%s)", r->files, r->mixed ? _("several formats") : inv_format_label(r->format));
    if (r->skipped) field(_("Files skipped"), "%d", r->skipped);
    field(_("Devices read"), "%lld", (long long)r->devices);
    field(dry_run ? _("Would be announced") : _("Announced"), "%lld", (long long)r->added);
    if (r->updated) field(dry_run ? _("Would be updated") : _("Updated"), "%lld", (long long)r->updated);
    if (r->unchanged) field(_("Already announced"), "%lld", (long long)r->unchanged);
    if (r->duplicates) field(_("Twice in the files"), "%lld", (long long)r->duplicates);
    if (r->other_lot) field(_("In another lot too"), "%lld", (long long)r->other_lot);
    char cats[512] = "";
    for (int i = 0; i < CATEGORY_COUNT; i++) {
        if (!r->by_category[i]) continue;
        size_t o = strlen(cats);
        snprintf(cats + o, sizeof cats - o, "%s%lld %s", o ? ", " : "", (long long)r->by_category[i], category_label(i));
    }
    if (cats[0]) field(_("Categories"), "%s", cats);
    field(_("With RAM or CPU"), "%lld", (long long)r->with_specs);
    field(_("Disks"), "%lld", (long long)r->disks);
    if (r->disks_skipped) field(_("Not disks"), "%lld %s", (long long)r->disks_skipped,
                                    _("(card readers, USB bridges, optical drives)"));
    if (r->battery) field(_("With a battery"), "%lld", (long long)r->battery);
    if (r->nnotes) {
        printf(ngettext("%lld row not used or noted:\n", "%lld rows not used or noted:\n", (unsigned long)r->nnotes),
               (long long)r->nnotes);
        for (int64_t i = 0; i < r->nnotes && i < IMPORT_NOTES; i++)
            if (r->notes[i].where[0]) printf(_("  %s, %s: %s\n"), r->notes[i].file, r->notes[i].where, r->notes[i].msg);
            else printf(_("  %s: %s\n"), r->notes[i].file, r->notes[i].msg);
        if (r->nnotes > IMPORT_NOTES)
            printf(_("  … and %lld more.\n"), (long long)(r->nnotes - IMPORT_NOTES));
    }
}

int cmd_lot_import(Cli *cli, const CliForm *forms, int argc, char **argv)
{
    const char *lot = NULL;
    const char *paths[256];
    int npaths = 0, dry = 0, json = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(forms, "import");
        if (!strcmp(argv[i], "--dry-run")) dry = 1;
        else if (!strcmp(argv[i], "--json")) json = 1;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_of(forms, "import", _("unknown option or missing value: %s"), argv[i]);
        else if (!lot) lot = argv[i];
        else if (npaths < (int)(sizeof paths / sizeof paths[0])) paths[npaths++] = argv[i];
        else return cli_usage_of(forms, "import", "%s", _("too many files: give their folder"));
    }
    if (!lot) return cli_usage_of(forms, "import", "%s", _("lot import needs a LOT"));
    if (!npaths) return cli_usage_of(forms, "import", "%s", _("lot import needs a FILE or a FOLDER"));
    Ctx c;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    Err e = { 0 };
    ImportReport *r = calloc(1, sizeof *r);
    if (!r) {
        ctx_close(&c);
        err_set(&e, ERR_IO, "%s", _("Out of memory."));
        return cli_fail(&e);
    }
    CliProgress prog;
    cli_progress_begin(&prog, "", 1, !json);
    int rc = !dry && cli_operator(cli, &c, NULL, 1) < 0 ? -2
             : announce_import(&c, lot, paths, npaths, dry, prog.on ? progress : NULL, &prog, r, &e);
    cli_progress_end(&prog);
    Lot l;
    char id[LOT_ID_MAX];
    snprintf(id, sizeof id, "%s", lot);
    if (lot_get(&c, lot, &l, NULL) == 1) snprintf(id, sizeof id, "%s", l.id);
    ctx_close(&c);
    if (rc == -2) { free(r); return EXIT_ERR; }
    /* what was imported before a file that was refused is said too */
    if (rc == 0 || r->files > 0) {
        if (json) cli_print_json(import_report_json(id, dry, r));
        else print_report(id, dry, r);
    }
    free(r);
    if (rc < 0) return cli_fail(&e);
    return EXIT_OK;
}
