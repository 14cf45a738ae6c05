/*
 * cmd_lot_reconcile.c — boucle lot reconcile LOT [--json] [--pdf FILE]
 * [--csv FILE]: the lot's announced devices against those received
 * (core/inventory/reconcile_doc.h), printed, as JSON, and written for the
 * donor. The language of everything, files included, is the global
 * --lang (cli/main.c takes it wherever it stands).
 */
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/getopt.h"
#include "core/cert/cert.h"
#include "core/inventory/reconcile_doc.h"
#include "core/vocab/vocab.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

static void print_rows(const ReconcileSet *s, ReconcileKind k, const char *title, int64_t count)
{
    if (!count) return;
    printf("\n%s\n", title);
    for (size_t i = 0; i < s->n; i++) {
        if (s->items[i].kind != k) continue;
        char c1[128], c2[128], c3[128], mm[600], note[128] = "";
        const char *make = reconcile_field(s, i, REC_F_MAKE), *model = reconcile_field(s, i, REC_F_MODEL);
        const char *cat = reconcile_field(s, i, REC_F_CATEGORY), *other = reconcile_field(s, i, REC_F_OTHER_LOT);
        snprintf(mm, sizeof mm, "%s%s%s%s%s%s", make, *make && *model ? " " : "", model,
                 *cat && (*make || *model) ? ", " : "", *cat ? vocab_label_of(&VOCAB_CATEGORY, cat) : "", "");
        if (*other)
            snprintf(note, sizeof note, k == REC_RECEIVED ? _("(received in lot %s)") : _("(announced in lot %s)"), other);
        printf("  %s %s %s %s%s%s\n", cli_col(c1, sizeof c1, reconcile_field(s, i, REC_F_DEVICE), 12),
               cli_col(c2, sizeof c2, reconcile_field(s, i, REC_F_SERIAL), 16),
               cli_col(c3, sizeof c3, reconcile_field(s, i, REC_F_TAG), 10), mm, *note ? "  " : "", note);
    }
}

static void print_report(const ReconcileSet *s)
{
    char buf[512];
    printf("%s — %s\n", s->sum.lot, s->lot.donor);
    cli_field(_("Announced"), "%lld", (long long)s->sum.announced);
    cli_field(_("Received"), "%lld", (long long)s->sum.received);
    cli_field(_("Missing"), "%lld", (long long)s->sum.missing);
    cli_field(_("Not announced"), "%lld", (long long)s->sum.unannounced);
    reconcile_summary(s, buf, sizeof buf);
    printf("\n%s\n", buf);
    reconcile_summary_unannounced(s, buf, sizeof buf);
    if (buf[0]) printf("%s\n", buf);
    snprintf(buf, sizeof buf, _("Missing (%lld)"), (long long)s->sum.missing);
    print_rows(s, REC_MISSING, buf, s->sum.missing);
    snprintf(buf, sizeof buf, _("Not announced (%lld)"), (long long)s->sum.unannounced);
    print_rows(s, REC_UNANNOUNCED, buf, s->sum.unannounced);
    snprintf(buf, sizeof buf, _("Received (%lld)"), (long long)s->sum.received);
    print_rows(s, REC_RECEIVED, buf, s->sum.received);
}

int cmd_lot_reconcile(Cli *cli, const CliForm *forms, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'j' }, { "pdf", required_argument, NULL, 'p' },
        { "csv", required_argument, NULL, 'c' }, { NULL, 0, NULL, 0 },
    };
    const char *pdf = NULL, *csv = NULL;
    int json = 0, o;
    while ((o = cli_getopt(argc, argv, "jp:c:", opts)) != -1) {
        switch (o) {
        case 'j': json = 1; break;
        case 'p': pdf = optarg; break;
        case 'c': csv = optarg; break;
        case CLI_HELP: return cli_help(forms, "reconcile");
        default: return cli_usage_of(forms, "reconcile", NULL);
        }
    }
    if (optind < argc - 1) return cli_usage_of(forms, "reconcile", _("unexpected argument: %s"), argv[optind + 1]);
    if (optind != argc - 1) return cli_usage_of(forms, "reconcile", "%s", _("lot reconcile needs a lot"));
    Ctx c;
    Err e = { 0 };
    ReconcileSet s;
    if (cli_open(cli, &c, 1, 0) < 0) return EXIT_ERR;
    int r = reconcile_load(&c, argv[optind], &s, &e);
    int rc = EXIT_OK;
    if (r < 0) rc = cli_fail(&e);
    if (rc == EXIT_OK && csv && reconcile_csv(&s, csv, &e) < 0) rc = cli_fail(&e);
    if (rc == EXIT_OK && pdf) {
        CliProgress prog;
        cli_progress_begin(&prog, strrchr(pdf, '/') ? strrchr(pdf, '/') + 1 : pdf, 0, 1);
        if (prog.on) {
            s.progress = cli_progress_fn;
            s.parg = &prog;
        }
        int w = reconcile_pdf(&c, &s, pdf, &e);
        cli_progress_end(&prog);
        s.progress = NULL;
        if (w < 0) rc = cli_fail(&e);
        cert_release_fonts();
    }
    if (rc == EXIT_OK) {
        if (json) cli_print_json(reconcile_to_json(&s));
        else print_report(&s);
        /* on stderr with --json: stdout stays one JSON document */
        FILE *said = json ? stderr : stdout;
        if (csv) fprintf(said, _("CSV written: %s\n"), csv);
        if (pdf) fprintf(said, _("PDF written: %s\n"), pdf);
    }
    reconcile_set_free(&s);
    ctx_close(&c);
    return rc;
}
