/*
 * test_reconcile.c — a lot against its donor's inventory
 * (core/inventory/reconcile.c, reconcile_doc.c): the counts and the lists
 * (by serial whatever its case and blanks, by the tag alone, received in
 * another lot, not announced but announced elsewhere), their order, the
 * JSON shape, the CSV (UTF-8, header in the language, RFC 4180 quoting),
 * the PDF read back with pdftotext in French and English, the plural
 * forms, and the refusals (unknown lot, another workshop's lot).
 *
 * One database for most cases, built by setup(): workshop GRE1, lot L1 of
 * six announced devices and L2 of one (see setup for which arrived where).
 */
#include "t.h"
#include "support.h"
#include "core/inventory/reconcile_doc.h"
#include "core/log/event.h"
#include "core/log/hlc.h"
#include "core/settings/lang.h"
#include "core/cert/cert.h"
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>

static Ctx C;
static char L1[LOT_ID_MAX], L2[LOT_ID_MAX];
static int ready;

static int announce(Ctx *c, const char *lot, const char *serial, const char *tag, const char *cat,
                    const char *make, const char *model)
{
    Err e = { 0 };
    json_t *p = json_pack("{s:s}", "lot", lot);
    if (serial) json_object_set_new(p, "serial", json_string(serial));
    if (tag) json_object_set_new(p, "tag", json_string(tag));
    if (cat) json_object_set_new(p, "category", json_string(cat));
    if (make) json_object_set_new(p, "make", json_string(make));
    if (model) json_object_set_new(p, "model", json_string(model));
    int r = event_append(c, "lot.announce", NULL, p, NULL, &e);
    if (r < 0) printf("# announce: %s\n", e.msg);
    return r;
}

static int receive(Ctx *c, const char *lot, const char *serial, const char *tag, const char *model, char id[DEVICE_ID_MAX])
{
    Err e = { 0 };
    char tmp[DEVICE_ID_MAX];
    DeviceNew dn = { lot, serial, tag, "laptop", "HP", model, NULL };
    int r = device_add(c, &dn, 0, id ? id : tmp, NULL, &e);
    if (r < 0) printf("# receive: %s\n", e.msg);
    return r;
}

/* L1 announces, in this order:
 *   A "5CG 7301xyz"  — received as "5cg7301XYZ" (case and blanks differ)
 *   B tag "INV-42" only — received with serial SN-B and tag "inv-42"
 *   C "C02XK1"       — received in L2
 *   D "8CC9112QRT"   — missing; its model has ';' and quotes
 *   E "JH4KA75"      — missing
 *   F "PF0ABC12"     — received
 * L2 announces "CN0H5T2K". L1 receives, besides: "7XQ2M13" (nobody announced
 * it), then "CN0H5T2K" (announced in L2). Intake order in L1: F, A, 7XQ2M13,
 * B, CN0H5T2K. */
static int setup(void)
{
    if (ready) return 0;
    if (support_ctx(&C, "rec.db", "GRE1") < 0) return -1;
    Err e = { 0 };
    if (lot_add(&C, "CHU Grenoble Alpes", "BL-114", 6, "2026-03-02", L1, &e) < 0
        || lot_add(&C, "Université Grenoble Alpes", "", -1, "2026-03-03", L2, &e) < 0) {
        printf("# lot_add: %s\n", e.msg);
        return -1;
    }
    if (announce(&C, L1, "5CG 7301xyz", NULL, "laptop", "HP", "EliteBook 840 G5") < 0
        || announce(&C, L1, NULL, "INV-42", "desktop", "Dell", "OptiPlex 7050") < 0
        || announce(&C, L1, "C02XK1", NULL, "laptop", "Apple", "MacBook Pro") < 0
        || announce(&C, L1, "8CC9112QRT", NULL, "desktop", "HP", "ProDesk 400; \"G4\"") < 0
        || announce(&C, L1, "JH4KA75", NULL, "desktop", "Lenovo", "ThinkCentre M720q") < 0
        || announce(&C, L1, "PF0ABC12", NULL, "laptop", "Lenovo", "ThinkPad T480") < 0
        || announce(&C, L2, "CN0H5T2K", NULL, "laptop", "Dell", "Latitude 5490") < 0)
        return -1;
    if (receive(&C, L1, "PF0ABC12", NULL, "ThinkPad T480", NULL) < 0
        || receive(&C, L1, "5cg7301XYZ", NULL, "EliteBook 840 G5", NULL) < 0
        || receive(&C, L1, "7XQ2M13", NULL, "Latitude 7490", NULL) < 0
        || receive(&C, L1, "SN-B", "inv-42", "OptiPlex 7050", NULL) < 0
        || receive(&C, L1, "CN0H5T2K", NULL, "Latitude 5490", NULL) < 0
        || receive(&C, L2, "C02XK1", NULL, "MacBook Pro", NULL) < 0)
        return -1;
    ready = 1;
    return 0;
}

typedef struct Seen {
    char lines[16][200];
    int n;
    int stop_after;   /* 0: never */
} Seen;

static int seen(void *arg, ReconcileKind k, const ReconcileRow *r)
{
    Seen *s = arg;
    static const char *const K[] = { "received", "missing", "unannounced" };
    if (s->n < 16)
        snprintf(s->lines[s->n++], sizeof s->lines[0], "%s %s|%s|%s|%s|%s", K[k], r->serial, r->tag, r->model,
                 r->device_id[0] ? "dev" : "-", r->other_lot);
    return s->stop_after && s->n >= s->stop_after;
}

TEST(counts_and_lists_in_file_then_intake_order)
{
    CHECK(setup() == 0);
    Reconcile r;
    Seen s = { 0 };
    Err e = { 0 };
    CHECK_INT(lot_reconcile(&C, L1, &r, seen, &s, &e), 0);
    CHECK_STR(r.lot, L1);
    CHECK_INT(r.announced, 6);
    CHECK_INT(r.received, 4);
    CHECK_INT(r.missing, 2);
    CHECK_INT(r.unannounced, 2);
    CHECK_INT(s.n, 8);
    char l2note[64];
    snprintf(l2note, sizeof l2note, "received C02XK1||MacBook Pro|dev|%s", L2);
    CHECK_STR(s.lines[0], "received 5CG 7301xyz||EliteBook 840 G5|dev|");   /* the key matched, the row as announced */
    CHECK_STR(s.lines[1], "received |INV-42|OptiPlex 7050|dev|");          /* by the tag alone */
    CHECK_STR(s.lines[2], l2note);                                           /* received in the other lot */
    CHECK_STR(s.lines[3], "missing 8CC9112QRT||ProDesk 400; \"G4\"|-|");
    CHECK_STR(s.lines[4], "missing JH4KA75||ThinkCentre M720q|-|");
    CHECK_STR(s.lines[5], "received PF0ABC12||ThinkPad T480|dev|");
    CHECK_STR(s.lines[6], "unannounced 7XQ2M13||Latitude 7490|dev|");
    snprintf(l2note, sizeof l2note, "unannounced CN0H5T2K||Latitude 5490|dev|%s", L2);
    CHECK_STR(s.lines[7], l2note);                                           /* announced elsewhere: said */
}

TEST(the_other_lot_sees_its_own)
{
    CHECK(setup() == 0);
    Reconcile r;
    Seen s = { 0 };
    Err e = { 0 };
    /* L2 announced CN0H5T2K, which arrived in L1; L2 received C02XK1 (L1's) */
    CHECK_INT(lot_reconcile(&C, L2, &r, seen, &s, &e), 0);
    CHECK_INT(r.announced, 1);
    CHECK_INT(r.received, 1);
    CHECK_INT(r.missing, 0);
    CHECK_INT(r.unannounced, 1);
    char want[96];
    snprintf(want, sizeof want, "received CN0H5T2K||Latitude 5490|dev|%s", L1);
    CHECK_STR(s.lines[0], want);
    snprintf(want, sizeof want, "unannounced C02XK1||MacBook Pro|dev|%s", L1);
    CHECK_STR(s.lines[1], want);
}

TEST(counts_whole_when_the_callback_stops_or_is_absent)
{
    CHECK(setup() == 0);
    Reconcile r;
    Seen s = { .stop_after = 2 };
    Err e = { 0 };
    CHECK_INT(lot_reconcile(&C, L1, &r, seen, &s, &e), 0);
    CHECK_INT(s.n, 2);
    CHECK_INT(r.announced + r.unannounced, 8);
    CHECK_INT(lot_reconcile(&C, L1, &r, NULL, NULL, &e), 0);
    CHECK_INT(r.received, 4);
    CHECK_INT(r.missing, 2);
    CHECK_INT(r.unannounced, 2);
    /* any case of the lot id */
    char lower[LOT_ID_MAX];
    for (size_t i = 0; i <= strlen(L1); i++) lower[i] = (char)tolower((unsigned char)L1[i]);
    CHECK_INT(lot_reconcile(&C, lower, &r, NULL, NULL, &e), 0);
    CHECK_STR(r.lot, L1);
}

TEST(a_later_announcement_of_the_same_key_replaces_the_row)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX];
    Reconcile r;
    Seen s = { 0 };
    CHECK(support_ctx(&c, "rec-again.db", "AAA") == 0);
    CHECK_INT(lot_add(&c, "X", "", -1, NULL, lot, &e), 0);
    CHECK_INT(announce(&c, lot, "ABC123", NULL, NULL, "HP", "Old"), 0);
    CHECK_INT(announce(&c, lot, "abc 123", NULL, NULL, "HP", "New"), 0);
    CHECK_INT(lot_reconcile(&c, lot, &r, seen, &s, &e), 0);
    CHECK_INT(r.announced, 1);
    CHECK_INT(r.missing, 1);
    CHECK_STR(s.lines[0], "missing abc 123||New|-|");
    ctx_close(&c);
}

TEST(unknown_lot_and_another_workshops_lot_are_refused)
{
    CHECK(setup() == 0);
    Reconcile r;
    Err e = { 0 };
    lang_init("en", NULL);
    CHECK_INT(lot_reconcile(&C, "GRE1-L9999", &r, NULL, NULL, &e), -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    CHECK_STR(e.msg, "No lot GRE1-L9999.");
    /* a lot of LYO1's, as a sync brings it */
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.hlc = hlc_make(1767225600000LL, 0);
    snprintf(ev.workshop, sizeof ev.workshop, "LYO1");
    char hex[17];
    hlc_format(ev.hlc, hex);
    snprintf(ev.id, sizeof ev.id, "%s-LYO1", hex);
    snprintf(ev.kind, sizeof ev.kind, "lot.create");
    ev.payload = json_pack("{s:s, s:s, s:s}", "lot", "LYO1-L0001", "donor", "Métropole", "date", "2026-01-01");
    int imported = event_import(&C, &ev, &e);
    json_decref(ev.payload);
    CHECK_MSG(imported == 1, "%s", e.msg);
    e = (Err){ 0 };
    CHECK_INT(lot_reconcile(&C, "LYO1-L0001", &r, NULL, NULL, &e), -1);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_STR(e.msg, "Lot LYO1-L0001 belongs to workshop LYO1: only its workshop can reconcile it.");
    lang_init("fr", NULL);
    CHECK_INT(lot_reconcile(&C, "LYO1-L0001", &r, NULL, NULL, &e), -1);
    CHECK_STR(e.msg, "Le lot LYO1-L0001 appartient à l'atelier LYO1 : seul cet atelier peut le rapprocher.");
}

TEST(set_in_reading_order_and_json_shape)
{
    CHECK(setup() == 0);
    ReconcileSet s;
    Err e = { 0 };
    CHECK_INT(reconcile_load(&C, L1, &s, &e), 0);
    CHECK_INT(s.n, 8);
    static const int kinds[8] = { REC_MISSING, REC_MISSING, REC_UNANNOUNCED, REC_UNANNOUNCED,
                                  REC_RECEIVED, REC_RECEIVED, REC_RECEIVED, REC_RECEIVED };
    for (int i = 0; i < 8; i++) CHECK_INT(s.items[i].kind, kinds[i]);
    CHECK_STR(reconcile_field(&s, 0, REC_F_SERIAL), "8CC9112QRT");
    CHECK_STR(reconcile_field(&s, 2, REC_F_SERIAL), "7XQ2M13");
    CHECK_STR(reconcile_field(&s, 4, REC_F_SERIAL), "5CG 7301xyz");
    CHECK_STR(s.lot.donor, "CHU Grenoble Alpes");
    json_t *j = reconcile_to_json(&s);
    char *txt = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char want[2048];
    snprintf(want, sizeof want,
             "{\"lot\":\"%s\",\"announced\":6,\"received\":4,\"missing\":["
             "{\"serial\":\"8CC9112QRT\",\"tag\":\"\",\"category\":\"desktop\",\"make\":\"HP\",\"model\":\"ProDesk 400; \\\"G4\\\"\",\"id\":null,\"other_lot\":null},"
             "{\"serial\":\"JH4KA75\",\"tag\":\"\",\"category\":\"desktop\",\"make\":\"Lenovo\",\"model\":\"ThinkCentre M720q\",\"id\":null,\"other_lot\":null}],"
             "\"unannounced\":["
             "{\"serial\":\"7XQ2M13\",\"tag\":\"\",\"category\":\"laptop\",\"make\":\"HP\",\"model\":\"Latitude 7490\",\"id\":\"GRE1-000003\",\"other_lot\":null},"
             "{\"serial\":\"CN0H5T2K\",\"tag\":\"\",\"category\":\"laptop\",\"make\":\"HP\",\"model\":\"Latitude 5490\",\"id\":\"GRE1-000005\",\"other_lot\":\"%s\"}]}",
             L1, L2);
    CHECK_STR(txt, want);
    free(txt);
    json_decref(j);
    reconcile_set_free(&s);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 16];
    *len = fread(buf, 1, sizeof buf - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

TEST(csv_utf8_header_in_the_language_rfc4180_quoting)
{
    CHECK(setup() == 0);
    ReconcileSet s;
    Err e = { 0 };
    char path[512];
    size_t len;
    CHECK_INT(reconcile_load(&C, L1, &s, &e), 0);
    snprintf(path, sizeof path, "%s/rec-fr.csv", support_tmpdir());
    lang_init("fr", NULL);
    CHECK_INT(reconcile_csv(&s, path, &e), 0);
    char *t = slurp(path, &len);
    CHECK(t);
    CHECK(!memcmp(t, "\xEF\xBB\xBF", 3));
    const char *want_fr =
        "\xEF\xBB\xBF" "Statut;N° de série;Numéro d'inventaire du donateur;Catégorie;Marque;Modèle;Identifiant;Autre lot\r\n"
        "manquant;8CC9112QRT;;PC fixe;HP;\"ProDesk 400; \"\"G4\"\"\";;\r\n"
        "manquant;JH4KA75;;PC fixe;Lenovo;ThinkCentre M720q;;\r\n";
    CHECK_MSG(!strncmp(t, want_fr, strlen(want_fr)), "%s", t);
    char line[256];
    snprintf(line, sizeof line, "non annoncé;CN0H5T2K;;portable;HP;Latitude 5490;GRE1-000005;%s\r\n", L2);
    CHECK_CONTAINS(t, line);
    snprintf(line, sizeof line, "reçu;C02XK1;;portable;Apple;MacBook Pro;GRE1-000006;%s\r\n", L2);
    CHECK_CONTAINS(t, line);
    CHECK_CONTAINS(t, "reçu;;INV-42;PC fixe;Dell;OptiPlex 7050;GRE1-000004;\r\n");
    int lines = 0;
    for (size_t i = 0; i < len; i++) lines += t[i] == '\n';
    CHECK_INT(lines, 9);                       /* the header and 8 rows */
    snprintf(path, sizeof path, "%s/rec-en.csv", support_tmpdir());
    lang_init("en", NULL);
    CHECK_INT(reconcile_csv(&s, path, &e), 0);
    t = slurp(path, &len);
    CHECK(t);
    const char *want_en =
        "\xEF\xBB\xBF" "Status;Serial number;Donor asset tag;Category;Make;Model;Asset id;Other lot\r\n"
        "missing;8CC9112QRT;;desktop;HP;\"ProDesk 400; \"\"G4\"\"\";;\r\n";
    CHECK_MSG(!strncmp(t, want_en, strlen(want_en)), "%s", t);
    CHECK_INT(reconcile_csv(&s, "/nonexistent-dir/x.csv", &e), -1);
    CHECK_CONTAINS(e.msg, "/nonexistent-dir/x.csv");
    reconcile_set_free(&s);
}

TEST(pdf_read_back_in_french_and_english)
{
    if (system("command -v pdftotext >/dev/null 2>&1") != 0) SKIP("pdftotext (poppler-utils) is not installed");
    CHECK(setup() == 0);
    ReconcileSet s;
    Err e = { 0 };
    char path[512];
    CHECK_INT(reconcile_load(&C, L1, &s, &e), 0);
    snprintf(path, sizeof path, "%s/rec-fr.pdf", support_tmpdir());
    lang_init("fr", NULL);
    CHECK_INT(reconcile_pdf(&C, &s, path, &e), 0);
    char *t = support_pdf_text(path);
    CHECK(t);
    char title[64];
    snprintf(title, sizeof title, "Rapprochement du lot %s", L1);
    CHECK_CONTAINS(t, title);
    CHECK_CONTAINS(t, "2 appareils annoncés n'ont pas été reçus.");
    CHECK_CONTAINS(t, "2 appareils ont été reçus sans avoir été annoncés.");
    CHECK_CONTAINS(t, "Donateur : CHU Grenoble Alpes");
    CHECK_CONTAINS(t, "Annoncés : 6");
    CHECK_CONTAINS(t, "Manquants : 2");
    CHECK_CONTAINS(t, "Annoncés, non reçus (2)");
    CHECK_CONTAINS(t, "Reçus, non annoncés (2)");
    CHECK_CONTAINS(t, "Annoncés et reçus (4)");
    CHECK_CONTAINS(t, "8CC9112QRT");
    CHECK_CONTAINS(t, "ProDesk 400; \"G4\"");
    CHECK_CONTAINS(t, "GRE1-000006");
    snprintf(path, sizeof path, "%s/rec-en.pdf", support_tmpdir());
    lang_init("en", NULL);
    CHECK_INT(reconcile_pdf(&C, &s, path, &e), 0);
    t = support_pdf_text(path);
    CHECK(t);
    snprintf(title, sizeof title, "Reconciliation of lot %s", L1);
    CHECK_CONTAINS(t, title);
    CHECK_CONTAINS(t, "2 announced devices were not received.");
    CHECK_CONTAINS(t, "Announced, not received (2)");
    CHECK_CONTAINS(t, "Announced and received (4)");
    CHECK_MSG(!strstr(t, "Rapprochement"), "%s", t);
    reconcile_set_free(&s);
}

TEST(plural_forms_in_both_languages)
{
    ReconcileSet s;
    memset(&s, 0, sizeof s);
    char buf[256];
    s.sum.announced = 4;
    s.sum.missing = 1;
    lang_init("fr", NULL);
    reconcile_summary(&s, buf, sizeof buf);
    CHECK_STR(buf, "1 appareil annoncé n'a pas été reçu.");
    s.sum.missing = 3;
    reconcile_summary(&s, buf, sizeof buf);
    CHECK_STR(buf, "3 appareils annoncés n'ont pas été reçus.");
    s.sum.unannounced = 1;
    reconcile_summary_unannounced(&s, buf, sizeof buf);
    CHECK_STR(buf, "1 appareil a été reçu sans avoir été annoncé.");
    s.sum.missing = 0;
    reconcile_summary(&s, buf, sizeof buf);
    CHECK_STR(buf, "Les 4 appareils annoncés ont tous été reçus.");
    lang_init("en", NULL);
    s.sum.missing = 1;
    reconcile_summary(&s, buf, sizeof buf);
    CHECK_STR(buf, "1 announced device was not received.");
    s.sum.missing = 3;
    reconcile_summary(&s, buf, sizeof buf);
    CHECK_STR(buf, "3 announced devices were not received.");
    s.sum.unannounced = 2;
    reconcile_summary_unannounced(&s, buf, sizeof buf);
    CHECK_STR(buf, "2 devices were received without being announced.");
    s.sum.unannounced = 0;
    reconcile_summary_unannounced(&s, buf, sizeof buf);
    CHECK_STR(buf, "");
    s.sum.announced = 0;
    s.sum.missing = 0;
    reconcile_summary(&s, buf, sizeof buf);
    CHECK_STR(buf, "Nothing was announced for this lot.");
}

int main(void)
{
    char loc[1024];
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(loc, sizeof loc, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", loc, 1);
    }
    lang_init("fr", NULL);
    RUN(counts_and_lists_in_file_then_intake_order);
    RUN(the_other_lot_sees_its_own);
    RUN(counts_whole_when_the_callback_stops_or_is_absent);
    RUN(a_later_announcement_of_the_same_key_replaces_the_row);
    RUN(unknown_lot_and_another_workshops_lot_are_refused);
    RUN(set_in_reading_order_and_json_shape);
    RUN(csv_utf8_header_in_the_language_rfc4180_quoting);
    RUN(pdf_read_back_in_french_and_english);
    RUN(plural_forms_in_both_languages);
    if (ready) ctx_close(&C);
    cert_release_fonts();
    return t_done();
}
