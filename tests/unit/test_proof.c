/*
 * test_proof.c — the donor's commitment (core/stock/lot_commit.c, event
 * lot.commit) and the proof of reuse (core/report/proof.c, proof_doc.c).
 *
 * The pallet: workshop GRE1, a public donor (CHU) with lot L1 of six
 * devices and lot L2 of one, another donor with lot L3. What became of the
 * devices is written straight into the allocations and disposals tables:
 * the events that fill them (allocate, return, parts, recycle) are core/alloc's,
 * written by another hand in parallel (h-alloc); these rows are what its
 * projections write, and tests/e2e/proof.sh drives the real `boucle
 * allocate` once it exists.
 *
 *   D1 laptop  graded all pass, disk purged  donation to an association, delivered
 *   D2 desktop disk cleared                  sale to a person, delivered
 *   D3 laptop  disk whose wipe failed        loan to an association, returned
 *   D4 laptop  —                             parts
 *   D5 screen  —                             recycled by « Ecosystem »
 *   D6 tablet  —                             only reserved: in the workshop
 *   D7 (L2) laptop                           state « reused » set by hand
 */
#include "t.h"
#include "support.h"
#include "core/cert/cert.h"
#include "core/grading/grading.h"
#include "core/log/event.h"
#include "core/log/hlc.h"
#include "core/report/proof.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "core/stock/lot_commit.h"
#include "core/stock/party.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include <unistd.h>

static Ctx C;
static Profile P;
static char L1[LOT_ID_MAX], L2[LOT_ID_MAX], L3[LOT_ID_MAX];
static char CHU[PARTY_CODE_MAX], ASSO[PARTY_CODE_MAX], PERSON[PARTY_CODE_MAX], OTHER[PARTY_CODE_MAX];
static char D[8][DEVICE_ID_MAX];
static int ready;

static int receive(const char *lot, const char *serial, const char *cat, const char *model, char id[DEVICE_ID_MAX])
{
    Err e = { 0 };
    DeviceNew dn = { lot, serial, "", cat, "Dell", model, NULL };
    int r = device_add(&C, &dn, 0, id, NULL, &e);
    if (r < 0) printf("# receive: %s\n", e.msg);
    return r;
}

static int disk(const char *id, const char *serial, const char *cat, const char *tech, const char *status)
{
    Err e = { 0 };
    MediaNew m = { serial, "WDC WD5000", "hdd", 500000000000LL };
    WipeNew w = { .media = serial, .category = cat, .technique = tech, .passes = 1, .tool = "nwipe",
                  .verification = "full", .verification_result = !strcmp(status, "success") ? "passed" : "failed",
                  .status = status, .started = "2026-03-04T09:00", .ended = "2026-03-04T10:12" };
    char key[EVENT_ID_MAX];
    if (media_add(&C, id, &m, NULL, &e) < 0 || wipe_add(&C, id, &w, key, &e) < 0) {
        printf("# disk: %s\n", e.msg);
        return -1;
    }
    return 0;
}

/* A row as core/alloc's projection writes it (see the file's comment). */
static int alloc_row(const char *id, const char *party, const char *kind, const char *status, const char *returned)
{
    char sql[600];
    static int n;
    n++;
    snprintf(sql, sizeof sql,
             "INSERT INTO allocations(id, device, workshop, party, kind, status, returned, created_hlc, updated_hlc) "
             "VALUES ('A%d', '%s', 'GRE1', '%s', '%s', '%s', '%s', %lld, %lld)", n, id, party, kind, status, returned,
             (long long)hlc_make(1780000000000LL, (unsigned)n), (long long)hlc_make(1780000000000LL + 86400000LL, (unsigned)n));
    return db_exec(C.db, sql, NULL);
}

static int setup(void)
{
    if (ready) return 0;
    Err e = { 0 };
    if (support_ctx(&C, "proof.db", "GRE1") < 0) return -1;
    if (profile_load_default(NULL, &P, &e) < 0) { printf("# profile: %s\n", e.msg); return -1; }
    if (party_add(&C, PARTY_PUBLIC, "CHU Grenoble Alpes", NULL, CHU, &e) < 0 ||
        party_add(&C, PARTY_ASSOCIATION, "Emmaüs Connect", NULL, ASSO, &e) < 0 ||
        party_add(&C, PARTY_PERSON, "Jeanne Martin", "06 12 34 56 78", PERSON, &e) < 0 ||
        party_add(&C, PARTY_BUSINESS, "Schneider Electric", NULL, OTHER, &e) < 0 ||
        lot_add(&C, CHU, "BL-114", 6, "2026-03-02", L1, &e) < 0 || lot_add(&C, CHU, "", -1, "2026-03-09", L2, &e) < 0 ||
        lot_add(&C, OTHER, "", -1, "2026-03-10", L3, &e) < 0) {
        printf("# setup: %s\n", e.msg);
        return -1;
    }
    static const struct { int lot; const char *serial, *cat, *model; } devs[] = {
        { 1, "SN-D1", "laptop", "Latitude 5490" }, { 1, "SN-D2", "desktop", "OptiPlex 7050" },
        { 1, "SN-D3", "laptop", "Latitude 5490" }, { 1, "SN-D4", "laptop", "Latitude E7470" },
        { 1, "SN-D5", "screen", "P2419H" }, { 1, "SN-D6", "tablet", "Venue 8" },
        { 2, "SN-D7", "laptop", "Latitude 7490" }, { 3, "SN-X1", "laptop", "Latitude 3500" },
    };
    for (int i = 0; i < 8; i++)
        if (receive(devs[i].lot == 1 ? L1 : devs[i].lot == 2 ? L2 : L3, devs[i].serial, devs[i].cat, devs[i].model, D[i]) < 0)
            return -1;
    if (disk(D[0], "WD-D1", "purge", "ata-secure-erase", "success") < 0 ||
        disk(D[1], "WD-D2", "clear", "overwrite", "success") < 0 ||
        disk(D[2], "WD-D3", "clear", "overwrite", "failed") < 0)
        return -1;
    GradeAnswer ans[] = { { "battery", "85" } };
    GradeInput in = { .cosmetic = "B", .outcome = "reuse", .answers = ans, .nanswers = 1, .all_pass = 1, .battery = -1 };
    if (grade_device(&C, &P, D[0], &in, NULL, &e) < 0) { printf("# grade: %s\n", e.msg); return -1; }
    ready = 1;
    return 0;
}

/* What became of the devices, once (after the first case, whose rebuild
 * would empty these tables: core/alloc's events are not there to refill them). */
static int fates(void)
{
    static int done;
    Err e = { 0 };
    if (done) return 0;
    if (alloc_row(D[0], ASSO, "donation", "delivered", "") < 0 || alloc_row(D[1], PERSON, "sale", "delivered", "") < 0 ||
        alloc_row(D[2], ASSO, "loan", "returned", "2026-05-02") < 0 ||
        alloc_row(D[5], ASSO, "reservation", "interested", "") < 0 ||
        db_exec(C.db, "INSERT INTO disposals(device, kind, channel, weight_g, hlc) VALUES "
                      "((SELECT id FROM devices WHERE serial = 'SN-D4'), 'parts', '', -1, 1780000000000 << 16), "
                      "((SELECT id FROM devices WHERE serial = 'SN-D5'), 'recycled', 'Ecosystem', 5200, 1780000000000 << 16)", NULL) < 0 ||
        device_set_state(&C, D[6], "reused", NULL, &e) < 0)
        return -1;
    done = 1;
    return 0;
}

static json_t *dev_of(const json_t *doc, const char *id)
{
    json_t *d;
    size_t i;
    json_array_foreach(json_object_get(doc, "devices"), i, d)
        if (!strcmp(json_string_value(json_object_get(d, "id")), id)) return d;
    return NULL;
}

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "(null)";
}

static long long jint(const json_t *o, const char *k) { return (long long)json_integer_value(json_object_get(o, k)); }

/* 1 */
TEST(commitment_recorded_replaced_and_refused)
{
    CHECK(setup() == 0);
    Err e = { 0 };
    LotCommitment m;
    CHECK_INT(lot_commitment_get(&C, L1, &m, &e), 0);
    CHECK_INT(m.known, 0);
    char text[600];
    lot_commitment_text(&m, text, sizeof text);
    CHECK_STR(text, "non renseigné");
    CHECK_INT(lot_commit(&C, L1, 1, "2026-02-20", 80, "  Emmaüs Connect ", &e), 0);
    CHECK_INT(lot_commitment_get(&C, L1, &m, &e), 0);
    CHECK_INT(m.committed, 1);
    CHECK_INT(m.share, 80);
    CHECK_STR(m.taker, "Emmaüs Connect");
    lot_commitment_text(&m, text, sizeof text);
    CHECK_STR(text, "pris le 2026-02-20, pour 80 % des appareils, par Emmaüs Connect");
    /* refusals: nothing written */
    const char *before = support_query(&C, "SELECT count(*) FROM events");
    char n[32];
    snprintf(n, sizeof n, "%s", before);
    CHECK_INT(lot_commit(&C, L1, 1, "2026-02-30", 80, "X", &e), -1);
    CHECK_CONTAINS(e.msg, "2026-02-30");
    CHECK_INT(lot_commit(&C, L1, 1, "2026-02-20", 0, "X", &e), -1);
    CHECK_CONTAINS(e.msg, "part");
    CHECK_INT(lot_commit(&C, L1, 1, "2026-02-20", 101, "X", &e), -1);
    CHECK_INT(lot_commit(&C, L1, 1, "2026-02-20", 50, "   ", &e), -1);
    CHECK_CONTAINS(e.msg, "preneur");
    CHECK_INT(lot_commit(&C, "GRE1-L9999", 0, NULL, -1, NULL, &e), -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    CHECK(db_exec(C.db, "INSERT INTO lots(id, workshop, donor, date, created_hlc) VALUES ('LYO1-L0001', 'LYO1', 'x', '2026-01-01', 1)", NULL) == 0);
    CHECK_INT(lot_commit(&C, "LYO1-L0001", 0, NULL, -1, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "LYO1");
    CHECK_STR(support_query(&C, "SELECT count(*) FROM events"), n);
    CHECK(db_exec(C.db, "DELETE FROM lots WHERE id = 'LYO1-L0001'", NULL) == 0);
    /* another workshop's event about our lot: kept without effect */
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.hlc = hlc_make(hlc_wall_ms() + 1000, 0);
    snprintf(ev.workshop, sizeof ev.workshop, "LYO1");
    char hex[17];
    hlc_format(ev.hlc, hex);
    snprintf(ev.id, sizeof ev.id, "%s-LYO1", hex);
    snprintf(ev.kind, sizeof ev.kind, "lot.commit");
    ev.payload = json_pack("{s:s, s:i}", "lot", L1, "committed", 0);
    CHECK_INT(event_import(&C, &ev, &e), 1);
    json_decref(ev.payload);
    CHECK_INT(lot_commitment_get(&C, L1, &m, &e), 0);
    CHECK_INT(m.committed, 1);
    CHECK_STR(support_query(&C, "SELECT count(*) FROM refused WHERE kind = 'lot.commit'"), "1");
    /* --none, then a rebuild gives the same row */
    CHECK_INT(lot_commit(&C, L2, 0, NULL, -1, NULL, &e), 0);
    CHECK_INT(lot_commitment_get(&C, L2, &m, &e), 0);
    CHECK(m.known && !m.committed);
    char *dump = support_dump_projections(&C);
    CHECK_INT(event_rebuild(&C, &e), 0);
    char *again = support_dump_projections(&C);
    int same = dump && again && !strcmp(dump, again);
    free(dump);
    free(again);
    CHECK(same);
}

/* 2 */
TEST(build_counts_fates_ratio_carbon)
{
    CHECK(setup() == 0 && fates() == 0);
    Err e = { 0 };
    ProofQuery q = { .lot = L1 };
    json_t *doc = proof_build(&C, &P, &q, &e);
    CHECK_MSG(doc != NULL, "%s", e.msg);
    const json_t *s = json_object_get(doc, "summary");
    CHECK_INT(jint(s, "received"), 6);
    CHECK_INT(jint(s, "reused"), 2);
    CHECK_INT(jint(s, "donation"), 1);
    CHECK_INT(jint(s, "sale"), 1);
    CHECK_INT(jint(s, "loan"), 0);
    CHECK_INT(jint(s, "parts"), 1);
    CHECK_INT(jint(s, "recycled"), 1);
    CHECK_INT(jint(s, "in_workshop"), 2);
    CHECK_STR(jstr(s, "reuse_ratio_percent"), "33.3");
    CHECK_INT(jint(s, "co2e_avoided_g"), 182600 + 204400);   /* a laptop and a desktop, ADEME */
    CHECK_CONTAINS(jstr(s, "carbon_source"), "ADEME");
    const json_t *d1 = dev_of(doc, D[0]), *d2 = dev_of(doc, D[1]), *d3 = dev_of(doc, D[2]);
    CHECK(d1 && d2 && d3);
    CHECK_STR(jstr(d1, "fate"), "reused");
    CHECK_STR(jstr(d1, "as"), "donation");
    CHECK_STR(jstr(d1, "taker"), "association");
    CHECK_INT(jint(d1, "co2e_g"), 182600);
    CHECK_STR(jstr(d1, "fate_date"), "2026-05-29");
    CHECK_STR(jstr(d1, "claim"), "reconditionne");
    CHECK_STR(jstr(d1, "grade"), "B");
    const json_t *m = json_array_get(json_object_get(d1, "erasures"), 0);
    CHECK_STR(jstr(m, "medium"), "WD-D1");
    CHECK_STR(jstr(m, "category"), "purge");
    CHECK_STR(jstr(m, "method"), "ata-secure-erase");
    CHECK_STR(jstr(m, "date"), "2026-03-04");
    CHECK_STR(jstr(m, "result"), "success");
    CHECK_INT(strlen(jstr(m, "record_hash")), 64);
    CHECK_STR(jstr(d2, "taker"), "person");
    CHECK_STR(jstr(d2, "as"), "sale");
    CHECK_STR(jstr(d3, "fate"), "in_workshop");
    CHECK_STR(jstr(d3, "returned"), "2026-05-02");
    CHECK_STR(jstr(json_array_get(json_object_get(d3, "erasures"), 0), "result"), "failed");
    CHECK_STR(jstr(dev_of(doc, D[4]), "channel"), "Ecosystem");
    CHECK_STR(jstr(dev_of(doc, D[5]), "fate"), "in_workshop");
    /* never a person's code nor name; the taker's name neither */
    char *all = json_dumps(doc, 0);
    CHECK(all && !strstr(all, PERSON) && !strstr(all, "Jeanne") && !strstr(all, ASSO));
    free(all);
    CHECK_STR(jstr(json_object_get(doc, "donor"), "kind"), "public");
    json_decref(doc);
}

/* 3 */
TEST(donor_over_a_period_and_refusals)
{
    CHECK(setup() == 0 && fates() == 0);
    Err e = { 0 };
    char today[32], tomorrow[32];
    hlc_iso(hlc_make(hlc_wall_ms(), 0), today);
    today[10] = '\0';
    hlc_iso(hlc_make(hlc_wall_ms() + 86400000, 0), tomorrow);
    tomorrow[10] = '\0';
    ProofQuery q = { .donor = CHU, .from = "2026-01-01", .to = today };
    json_t *doc = proof_build(&C, &P, &q, &e);
    CHECK_MSG(doc != NULL, "%s", e.msg);
    CHECK_INT(jint(json_object_get(doc, "summary"), "received"), 7);     /* L1 and L2, not L3 */
    CHECK_INT(jint(json_object_get(doc, "summary"), "reused"), 3);       /* D7's state counts */
    CHECK_INT(json_array_size(json_object_get(doc, "lots")), 2);
    CHECK(dev_of(doc, D[7]) == NULL);
    json_decref(doc);
    /* an empty period: refused, said so */
    ProofQuery empty = { .donor = CHU, .from = tomorrow };
    CHECK(proof_build(&C, &P, &empty, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_CONTAINS(e.msg, "rien à prouver");
    ProofQuery bad = { .lot = L1, .to = "2026-13-01" };
    CHECK(proof_build(&C, &P, &bad, &e) == NULL);
    CHECK_CONTAINS(e.msg, "2026-13-01");
    ProofQuery reversed = { .donor = CHU, .from = "2026-05-01", .to = "2026-04-01" };
    CHECK(proof_build(&C, &P, &reversed, &e) == NULL);
    ProofQuery nobody = { .donor = "GRE1-P0999" };
    CHECK(proof_build(&C, &P, &nobody, &e) == NULL);
    CHECK_INT(e.code, ERR_NOTFOUND);
    ProofQuery both = { .lot = L1, .donor = CHU };
    CHECK(proof_build(&C, &P, &both, &e) == NULL);
}

static char *slurp(const char *path, size_t *len)
{
    static char buf[1 << 20];
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

/* 4 */
TEST(signed_json_intact_then_altered_by_one_byte)
{
    CHECK(setup() == 0 && fates() == 0);
    Err e = { 0 };
    char path[512];
    snprintf(path, sizeof path, "%s/proof.json", support_tmpdir());
    ProofQuery q = { .lot = L1 };
    ProofFiles f = { .json = path };
    json_t *doc = proof_write(&C, &P, &q, &f, &e);
    CHECK_MSG(doc != NULL, "%s", e.msg);
    char fpr[PROOF_FPR];
    CHECK_INT(proof_fingerprint(doc, fpr), 0);
    CHECK_STR(jstr(json_object_get(doc, "signature"), "fingerprint"), fpr);
    json_decref(doc);
    ProofCheck k;
    CHECK_INT(proof_verify_file(path, &k, &e), 0);
    CHECK_INT(k.verdict, PROOF_INTACT);
    CHECK_STR(k.fingerprint, fpr);
    CHECK_STR(k.workshop, "GRE1");
    /* one byte: "received": 6 → 7 in the summary */
    size_t len;
    char *t = slurp(path, &len);
    CHECK(t != NULL);
    char *p = strstr(t, "\"received\": 6");
    CHECK(p != NULL);
    p[strlen("\"received\": ")] = '7';
    FILE *w = fopen(path, "wb");
    CHECK(w != NULL);
    fwrite(t, 1, len, w);
    fclose(w);
    CHECK_INT(proof_verify_file(path, &k, &e), 0);
    CHECK_INT(k.verdict, PROOF_ALTERED);
    CHECK_CONTAINS(k.why, "signature");
    /* a byte that breaks the JSON itself */
    t = slurp(path, &len);
    t[0] = '[';
    w = fopen(path, "wb");
    fwrite(t, 1, len, w);
    fclose(w);
    CHECK_INT(proof_verify_file(path, &k, &e), 0);
    CHECK_INT(k.verdict, PROOF_UNREADABLE);
    CHECK_INT(proof_verify_file("/nonexistent/proof.json", &k, &e), -1);
}

/* 5 */
TEST(csv_one_row_per_disk_french_header)
{
    CHECK(setup() == 0 && fates() == 0);
    Err e = { 0 };
    char path[512];
    snprintf(path, sizeof path, "%s/proof.csv", support_tmpdir());
    ProofQuery q = { .lot = L1 };
    json_t *doc = proof_build(&C, &P, &q, &e);
    CHECK(doc != NULL);
    CHECK_INT(proof_csv(doc, path, &e), 0);
    json_decref(doc);
    char *t = slurp(path, NULL);
    CHECK(t != NULL);
    CHECK(!strncmp(t, "\xEF\xBB\xBFIdentifiant;N° de série;", strlen("\xEF\xBB\xBFIdentifiant;N° de série;")));
    int lines = 0;
    for (char *p = t; (p = strstr(p, "\r\n")); p += 2) lines++;
    CHECK_INT(lines, 1 + 6);
    CHECK_CONTAINS(t, ";don;association;");
    CHECK_CONTAINS(t, ";recyclé;;Ecosystem;");
    CHECK_CONTAINS(t, ";2026-05-29;;\"182,6\";WD-D1;purge;");   /* ',' is quoted (RFC 4180) */
    CHECK(!strstr(t, PERSON));
}

/* 6 */
TEST(pdf_read_back_french_then_english_with_fingerprint)
{
    if (system("command -v pdftotext >/dev/null 2>&1") != 0) SKIP("pdftotext (poppler-utils) is not installed");
    CHECK(setup() == 0 && fates() == 0);
    Err e = { 0 };
    char path[512];
    snprintf(path, sizeof path, "%s/proof-fr.pdf", support_tmpdir());
    ProofQuery q = { .lot = L1 };
    ProofFiles f = { .pdf = path };
    json_t *doc = proof_write(&C, &P, &q, &f, &e);
    CHECK_MSG(doc != NULL, "%s", e.msg);
    char fpr[PROOF_FPR];
    proof_fingerprint(doc, fpr);
    json_decref(doc);
    char *t = support_pdf_text(path);
    CHECK(t != NULL);
    CHECK_CONTAINS(t, "Preuve de réemploi");
    CHECK_CONTAINS(t, "CHU Grenoble Alpes (organisme public)");
    CHECK_CONTAINS(t, "Taux de réemploi (décret 2023-266) : 33,3 %");
    CHECK_CONTAINS(t, "CO2e évité par le réemploi : 387,0 kg");
    CHECK_CONTAINS(t, "pris le 2026-02-20, pour 80 % des appareils, par Emmaüs Connect");
    CHECK_CONTAINS(t, "Page 1 sur 1");
    CHECK_CONTAINS(t, fpr);
    CHECK_CONTAINS(t, "Remis à : association");
    CHECK_CONTAINS(t, "Disque WD-D1 : purge");
    CHECK(!strstr(t, PERSON) && !strstr(t, "Jeanne"));
    lang_init("en", NULL);
    snprintf(path, sizeof path, "%s/proof-en.pdf", support_tmpdir());
    doc = proof_write(&C, &P, &q, &f, &e);
    lang_init("fr", NULL);
    CHECK(doc != NULL);
    json_decref(doc);
    t = support_pdf_text(path);
    CHECK(t != NULL);
    CHECK_CONTAINS(t, "Proof of reuse");
    CHECK_CONTAINS(t, "Reuse ratio (décret 2023-266): 33.3 %");
    CHECK_CONTAINS(t, "Page 1 of 1");
    CHECK_CONTAINS(t, "Taken by: person");
}

/* 7: a long proof pages, each page numbered of the total */
TEST(pdf_pages_numbered_of_the_total)
{
    if (system("command -v pdftotext >/dev/null 2>&1") != 0) SKIP("pdftotext (poppler-utils) is not installed");
    CHECK(setup() == 0);
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], serial[32], path[512];
    CHECK_INT(lot_add(&C, OTHER, "", -1, NULL, lot, &e), 0);
    for (int i = 0; i < 150; i++) {
        snprintf(serial, sizeof serial, "BULK-%04d", i);
        CHECK_INT(receive(lot, serial, "laptop", "Latitude 5490", id), 0);
    }
    snprintf(path, sizeof path, "%s/proof-long.pdf", support_tmpdir());
    ProofQuery q = { .lot = lot };
    ProofFiles f = { .pdf = path };
    json_t *doc = proof_write(&C, &P, &q, &f, &e);
    CHECK_MSG(doc != NULL, "%s", e.msg);
    json_decref(doc);
    char *t = support_pdf_text(path);
    CHECK(t != NULL);
    int total = 0;
    char *p = strstr(t, "Page 1 sur ");
    CHECK(p && sscanf(p, "Page 1 sur %d", &total) == 1);
    CHECK_MSG(total >= 3, "%d pages", total);
    char want[64];
    for (int i = 1; i <= total; i++) {   /* every page, once, of the same total */
        snprintf(want, sizeof want, "Page %d sur %d", i, total);
        CHECK_CONTAINS(t, want);
        CHECK_MSG(!strstr(strstr(t, want) + 1, want), "%s twice", want);
    }
    snprintf(want, sizeof want, "Page %d sur", total + 1);
    CHECK(!strstr(t, want));
    CHECK_CONTAINS(t, "BULK-0149");
    CHECK_CONTAINS(t, "Preuve de réemploi — Schneider Electric");   /* the running header */
}

int main(void)
{
    char loc[1024];
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(loc, sizeof loc, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", loc, 1);
    }
    lang_init("fr", NULL);
    RUN(commitment_recorded_replaced_and_refused);
    RUN(build_counts_fates_ratio_carbon);
    RUN(donor_over_a_period_and_refusals);
    RUN(signed_json_intact_then_altered_by_one_byte);
    RUN(csv_one_row_per_disk_french_header);
    RUN(pdf_read_back_french_then_english_with_fingerprint);
    RUN(pdf_pages_numbered_of_the_total);
    if (ready) { ctx_close(&C); profile_free(&P); }
    cert_release_fonts();
    return t_done();
}
