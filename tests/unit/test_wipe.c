/* test_wipe.c — grading, media, wipe records, nwipe import, the claim, the
 * signed chain and certificates, on a real database. */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/cert/cert.h"
#include "core/log/chain.h"
#include "core/grading/grading.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include <sys/stat.h>
#include <unistd.h>

static char fixture[1024];
static const char *fx(const char *name)
{
    const char *d = getenv("BOUCLE_FIXTURES");
    snprintf(fixture, sizeof fixture, "%s/nwipe/%s", d ? d : "../shared/fixtures", name);
    return fixture;
}

static Profile prof;

/* A workshop with one laptop (GRE1-000001) in a lot. */
static int setup(Ctx *c, const char *name)
{
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    if (support_ctx(c, name, "GRE1") < 0) return -1;
    if (lot_add(c, "Ville de Grenoble", "", -1, NULL, lot, &e) < 0) return printf("# %s\n", e.msg), -1;
    DeviceNew d = { .lot = lot, .serial = "PF1ABC", .category = "laptop", .make = "Lenovo", .model = "T480" };
    if (device_add(c, &d, 0, id, NULL, &e) < 0) return printf("# %s\n", e.msg), -1;
    return 0;
}

static const char *claim_of(Ctx *c, const char *id, Claim *cl)
{
    Device d;
    if (device_get(c, id, &d, NULL) != 1 || device_claim(c, &d, cl, NULL) < 0) return "error";
    return claim_key(cl);
}

TEST(grade_then_wipe_makes_reconditionne)
{
    Ctx c;
    Err e = { 0 };
    Claim cl;
    CHECK(setup(&c, "claim.db") == 0);
    lang_init("en", NULL);
    CHECK_STR(claim_of(&c, "GRE1-000001", &cl), "occasion");
    CHECK_STR(cl.missing[0], "not graded yet");
    GradeAnswer a[] = { { "webcam", "fail" }, { "battery", "85" } };
    GradeInput in = { .cosmetic = "b", .outcome = "reuse", .answers = a, .nanswers = 2, .all_pass = 1 };
    CHECK_MSG(grade_device(&c, &prof, "PF1ABC", &in, NULL, &e) == 0, "%s", e.msg);
    Device d;
    CHECK(device_get(&c, "GRE1-000001", &d, NULL) == 1);
    CHECK_STR(d.grade, "B");
    CHECK(d.outcome == OUT_REUSE);
    CHECK_STR(claim_of(&c, "GRE1-000001", &cl), "occasion");
    CHECK_STR(cl.missing[0], "tests not passed (1): Webcam");
    CHECK_CONTAINS(cl.missing[1], "no storage medium");
    /* grading again keeps the history, the latest counts */
    a[0].value = "pass";
    CHECK(grade_device(&c, &prof, "GRE1-000001", &in, NULL, &e) == 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'device.grade'"), "2");
    MediaNew m = { .serial = "WD-WX11A", .model = "WDC WD5000", .type = "hdd", .bytes = 500107862016LL };
    CHECK(media_add(&c, "GRE1-000001", &m, NULL, &e) == 0);
    CHECK(media_add(&c, "GRE1-000001", &m, NULL, &e) == -1);
    CHECK_INT(e.code, ERR_EXISTS);
    CHECK_STR(claim_of(&c, "GRE1-000001", &cl), "occasion");
    CHECK_STR(cl.missing[0], "disk S/N WD-WX11A not erased");
    /* a failed wipe never counts */
    WipeNew w = { .media = "wd-wx11a", .category = "purge", .technique = "ata-secure-erase", .tool = "hdparm",
                  .tool_version = "9.65", .verification = "sample", .verification_result = "failed",
                  .status = "failed", .passes = -1 };
    CHECK_MSG(wipe_add(&c, "GRE1-000001", &w, NULL, &e) == 0, "%s", e.msg);
    CHECK_STR(claim_of(&c, "GRE1-000001", &cl), "occasion");
    w.verification_result = "passed";
    w.status = "success";
    w.started = "2026-11-22T10:00";
    w.ended = "2026-11-22 10:45:00";
    CHECK_MSG(wipe_add(&c, "GRE1-000001", &w, NULL, &e) == 0, "%s", e.msg);
    CHECK_STR(claim_of(&c, "GRE1-000001", &cl), "reconditionne");
    CHECK_INT(cl.nmissing, 0);
    ctx_close(&c);
}

TEST(bad_input_is_refused_and_writes_nothing)
{
    Ctx c;
    Err e = { 0 };
    CHECK(setup(&c, "bad.db") == 0);
    lang_init("en", NULL);
    const char *before = strdup(support_query(&c, "SELECT count(*) FROM events"));
    GradeInput in = { .cosmetic = "E", .outcome = "reuse", .all_pass = 1 };
    CHECK(grade_device(&c, &prof, "GRE1-000001", &in, NULL, &e) == -1);
    CHECK_INT(e.code, ERR_USAGE);
    in.cosmetic = "A";
    in.outcome = "sell";
    CHECK(grade_device(&c, &prof, "GRE1-000001", &in, NULL, &e) == -1);
    in.outcome = "parts";
    CHECK(grade_device(&c, &prof, "GRE1-999999", &in, NULL, &e) == -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    GradeAnswer bad[] = { { "teleporter", "pass" } };
    in.answers = bad;
    in.nanswers = 1;
    CHECK(grade_device(&c, &prof, "GRE1-000001", &in, NULL, &e) == -1);
    CHECK_CONTAINS(e.msg, "teleporter");
    GradeAnswer pct[] = { { "battery", "140" } };
    in.answers = pct;
    CHECK(grade_device(&c, &prof, "GRE1-000001", &in, NULL, &e) == -1);
    CHECK_CONTAINS(e.msg, "140");
    MediaNew m = { .serial = "SN\x01", .bytes = -1 };
    CHECK(media_add(&c, "GRE1-000001", &m, NULL, &e) == -1);
    m.serial = "SN1";
    m.type = "floppy";
    CHECK(media_add(&c, "GRE1-000001", &m, NULL, &e) == -1);
    CHECK_CONTAINS(e.msg, "floppy");
    m.type = "ssd";
    CHECK(media_add(&c, "GRE1-000001", &m, NULL, &e) == 0);
    free((void *)before);
    before = strdup(support_query(&c, "SELECT count(*) FROM events"));
    WipeNew w = { .media = "SN1", .category = "clear", .technique = "overwrite", .tool = "dd", .status = "success",
                  .started = "2026-11-22T11:00", .ended = "2026-11-22T10:00", .passes = 1 };
    CHECK(wipe_add(&c, "GRE1-000001", &w, NULL, &e) == -1);
    CHECK_CONTAINS(e.msg, "before it starts");
    w.ended = "yesterday";
    CHECK(wipe_add(&c, "GRE1-000001", &w, NULL, &e) == -1);
    w.ended = NULL;
    w.media = "NOPE";
    CHECK(wipe_add(&c, "GRE1-000001", &w, NULL, &e) == -1);
    CHECK_CONTAINS(e.msg, "NOPE");
    w.media = "SN1";
    w.category = "degauss";
    CHECK(wipe_add(&c, "GRE1-000001", &w, NULL, &e) == -1);
    w.category = "clear";
    w.verification = "full";   /* a success needs the result of its verification */
    CHECK(wipe_add(&c, "GRE1-000001", &w, NULL, &e) == -1);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events"), before);
    free((void *)before);
    ctx_close(&c);
}

TEST(nwipe_import_match_idempotent_assign)
{
    Ctx c;
    Err e = { 0 };
    Claim cl;
    WipeImport r = { 0 };
    CHECK(setup(&c, "import.db") == 0);
    lang_init("en", NULL);
    /* unmatched: waits unassigned */
    CHECK_MSG(wipe_import_path(&c, NULL, fx("nwipe-zero-verify-last.log"), &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.added, 1);
    CHECK_INT(r.unassigned, 1);
    CHECK_INT(r.erased, 1);
    char *dump1 = support_dump_projections(&c);
    /* the same log again changes nothing */
    memset(&r, 0, sizeof r);
    CHECK(wipe_import_path(&c, NULL, fx("nwipe-zero-verify-last.log"), &r, &e) == 0);
    CHECK_INT(r.added, 0);
    CHECK_INT(r.known, 1);
    char *dump2 = support_dump_projections(&c);
    CHECK_STR(dump1, dump2);
    free(dump1);
    free(dump2);
    json_t *un = wipes_json(&c, "", &e);
    CHECK_INT(json_array_size(un), 1);
    const char *key = json_string_value(json_object_get(json_array_get(un, 0), "key"));
    CHECK_STR(json_string_value(json_object_get(json_array_get(un, 0), "serial")), "\\x90\\xc3~ \\x7f");
    GradeInput in = { .cosmetic = "A", .outcome = "reuse", .all_pass = 1, .has_battery = 1, .battery = 85 };
    CHECK(grade_device(&c, &prof, "GRE1-000001", &in, NULL, &e) == 0);
    CHECK_MSG(wipe_assign(&c, key, "GRE1-000001", NULL, &e) == 0, "%s", e.msg);
    json_decref(un);
    un = wipes_json(&c, "", &e);
    CHECK_INT(json_array_size(un), 0);
    json_decref(un);
    CHECK_STR(claim_of(&c, "GRE1-000001", &cl), "reconditionne");
    /* a failed log, matched by serial to nothing, and --device: goes there,
     * adds its medium, and the claim falls back */
    memset(&r, 0, sizeof r);
    CHECK(wipe_import_path(&c, "GRE1-000001", fx("nwipe-verify-zero-fails.log"), &r, &e) == 0);
    CHECK_INT(r.added, 1);
    CHECK_INT(r.erased, 0);
    CHECK_STR(claim_of(&c, "GRE1-000001", &cl), "occasion");
    CHECK_CONTAINS(cl.missing[0], "not erased");
    CHECK_STR(support_query(&c, "SELECT status FROM wipes WHERE status <> 'success'"), "failed");
    /* a folder: logs imported, other files skipped; all known now */
    memset(&r, 0, sizeof r);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/nwipe", getenv("BOUCLE_FIXTURES") ? getenv("BOUCLE_FIXTURES") : "../shared/fixtures");
    CHECK(wipe_import_path(&c, NULL, dir, &r, &e) == 0);
    CHECK_INT(r.files, 3);
    CHECK_INT(r.known, 2);
    CHECK_INT(r.added, 1);
    /* not a log: refused with its name, nothing written */
    char junk[1024];
    snprintf(junk, sizeof junk, "%s/junk.bin", support_tmpdir());
    FILE *f = fopen(junk, "wb");
    for (int i = 0; i < 5000; i++) fputc((i * 7919) & 0xff, f);
    fclose(f);
    CHECK(wipe_import_path(&c, NULL, junk, &r, &e) == -1);
    CHECK_CONTAINS(e.msg, "junk.bin");
    CHECK(wipe_import_path(&c, "GRE1-424242", fx("nwipe-zero-verify-last.log"), &r, &e) == -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    ctx_close(&c);
}

/* A drive that reports no serial (as loop devices sometimes do) still gets
 * a medium when imported to a device. */
TEST(nwipe_drive_without_serial)
{
    Ctx c;
    Err e = { 0 };
    WipeImport r = { 0 };
    CHECK(setup(&c, "noserial.db") == 0);
    char path[1024];
    snprintf(path, sizeof path, "%s/noserial.log", support_tmpdir());
    FILE *f = fopen(path, "w");
    fputs("[2026/01/02 03:04:05]  notice: Found /dev/sdb, USB, Kingston,  32 GB, S/N=   \n"
          "********************************* Drive Status *********************************\n"
          "!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number\n"
          "       sdb | Erased |  20 MB/s | 00:10:00 | Kingston/\n"
          "[2026/01/02 03:14:06] Total Throughput 20 MB/s, Fill With Zeros, 1R+B+NV\n", f);
    fclose(f);
    CHECK_MSG(wipe_import_path(&c, "GRE1-000001", path, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.added, 1);
    CHECK_STR(support_query(&c, "SELECT serial FROM media"), "no-serial-sdb");
    MediaList ml;
    CHECK(media_list(&c, "GRE1-000001", &ml, &e) == 0);
    CHECK_INT(ml.n, 1);
    CHECK(ml.items[0].erased);
    media_list_free(&ml);
    ctx_close(&c);
}

TEST(certificate_json_and_pdf)
{
    Ctx c;
    Err e = { 0 };
    WipeImport wi = { 0 };
    CHECK(setup(&c, "cert.db") == 0);
    GradeInput in = { .cosmetic = "A", .outcome = "reuse", .all_pass = 1, .has_battery = 1, .battery = 85 };
    CHECK(grade_device(&c, &prof, "GRE1-000001", &in, NULL, &e) == 0);
    CHECK(wipe_import_path(&c, "GRE1-000001", fx("nwipe-zero-verify-last.log"), &wi, &e) == 0);
    lang_init("fr", NULL);
    json_t *cert = cert_build(&c, "GRE1-L0001", &e);
    CHECK_MSG(cert, "%s", e.msg);
    CHECK_STR(json_string_value(json_object_get(cert, "lot")), "GRE1-L0001");
    json_t *d = json_array_get(json_object_get(cert, "devices"), 0);
    CHECK_STR(json_string_value(json_object_get(d, "claim")), "reconditionne");
    CHECK_STR(json_string_value(json_object_get(d, "donor")), "Ville de Grenoble");
    json_t *m = json_array_get(json_object_get(d, "media"), 0);
    CHECK_STR(json_string_value(json_object_get(m, "media_source")), "Ville de Grenoble");
    json_t *w = json_array_get(json_object_get(m, "sanitization"), 0);
    CHECK_STR(json_string_value(json_object_get(w, "tool")), "nwipe");
    CHECK_STR(json_string_value(json_object_get(w, "tool_version")), "0.33");
    CHECK_STR(json_string_value(json_object_get(w, "category")), "clear");
    CHECK_STR(json_string_value(json_object_get(w, "verification_result")), "passed");
    const char *hash = json_string_value(json_object_get(w, "record_hash"));
    CHECK(hash && strlen(hash) == 64);
    char pdf[1024], cmd[2200], txt[8192] = "";
    snprintf(pdf, sizeof pdf, "%s/cert.pdf", support_tmpdir());
    CHECK_MSG(cert_pdf(cert, pdf, &e) == 0, "%s", e.msg);
    if (system("command -v pdftotext >/dev/null 2>&1") != 0) {
        json_decref(cert);
        ctx_close(&c);
        SKIP("pdftotext is not installed (poppler-utils)");
    }
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' -", pdf);
    FILE *p = popen(cmd, "r");
    size_t n = fread(txt, 1, sizeof txt - 1, p);
    txt[n] = '\0';
    pclose(p);
    CHECK_CONTAINS(txt, "Certificat d'effacement des données");
    CHECK_CONTAINS(txt, "GRE1-000001");
    CHECK_CONTAINS(txt, "reconditionné");
    CHECK_CONTAINS(txt, "nwipe 0.33");
    CHECK_CONTAINS(txt, "Ville de Grenoble");
    char head[17];
    snprintf(head, sizeof head, "%.16s", hash);
    CHECK_CONTAINS(txt, head);
    CHECK(cert_build(&c, "NOTHING-1", &e) == NULL);
    CHECK_INT(e.code, ERR_NOTFOUND);
    json_decref(cert);
    ctx_close(&c);
}

TEST(battery_from_sysfs)
{
    char base[1024], p[1200];
    snprintf(base, sizeof base, "%s/sys", support_tmpdir());
    CHECK_INT(grade_battery_health(base), -1);
    snprintf(p, sizeof p, "mkdir -p %s/class/power_supply/BAT0 && echo 42000000 > %s/class/power_supply/BAT0/energy_full "
                          "&& echo 56000000 > %s/class/power_supply/BAT0/energy_full_design", base, base, base);
    CHECK(system(p) == 0);
    CHECK_INT(grade_battery_health(base), 75);
}

/* The unassigned wipes a page at a time: 45 runs (the fixture with the
 * time of its Found line changed, so each is a run of its own), paged
 * forward and back in pages of 20, as the screen that links them does. */
TEST(unassigned_wipes_page_by_keyset)
{
    Ctx c;
    Err e = { 0 };
    CHECK(setup(&c, "paging.db") == 0);
    FILE *in = fopen(fx("nwipe-zero-verify-last.log"), "rb");
    CHECK(in != NULL);
    static char log[1 << 16];
    size_t len = fread(log, 1, sizeof log - 1, in);
    fclose(in);
    log[len] = '\0';
    char *at = strstr(log, "10:25:38]  notice: Found");
    CHECK(at != NULL);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/many", support_tmpdir());
    CHECK(mkdir(dir, 0700) == 0);
    for (int i = 0; i < 45; i++) {
        char path[1100], stamp[9];
        snprintf(path, sizeof path, "%s/run-%02d.log", dir, i);
        snprintf(stamp, sizeof stamp, "11:%02d:%02d", i / 60, i % 60);
        memcpy(at, stamp, 8);
        FILE *o = fopen(path, "wb");
        CHECK(o != NULL);
        CHECK(fwrite(log, 1, len, o) == len);
        fclose(o);
    }
    WipeImport r = { 0 };
    CHECK_MSG(wipe_import_path(&c, NULL, dir, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.unassigned, 45);
    CHECK_INT(wipe_unassigned_count(&c, &e), 45);
    /* forward: 20, 20, 5, then nothing; every key once, in order */
    WipeRow page[20], seen[45];
    int total = 0, k;
    const WipeRow *anchor = NULL;
    while ((k = wipe_unassigned_page(&c, anchor, 1, 0, 20, page, &e)) > 0) {
        CHECK(total + k <= 45);
        memcpy(&seen[total], page, sizeof page[0] * (size_t)k);
        total += k;
        anchor = &seen[total - 1];
    }
    CHECK_MSG(k == 0, "%s", e.msg);
    CHECK_INT(total, 45);
    for (int i = 1; i < 45; i++)
        CHECK_MSG(seen[i - 1].hlc < seen[i].hlc || (seen[i - 1].hlc == seen[i].hlc && strcmp(seen[i - 1].key, seen[i].key) < 0),
                  "rows %d and %d out of order", i - 1, i);
    CHECK_STR(seen[0].status, "success");
    CHECK_STR(seen[0].tool, "nwipe");
    /* back from the end: nearest first */
    CHECK_INT(wipe_unassigned_page(&c, NULL, -1, 0, 20, page, &e), 20);
    CHECK_STR(page[0].key, seen[44].key);
    CHECK_STR(page[19].key, seen[25].key);
    CHECK_INT(wipe_unassigned_page(&c, &seen[5], -1, 0, 20, page, &e), 5);
    CHECK_STR(page[4].key, seen[0].key);
    /* inclusive: the anchor's own row first */
    CHECK_INT(wipe_unassigned_page(&c, &seen[10], 1, 1, 3, page, &e), 3);
    CHECK_STR(page[0].key, seen[10].key);
    CHECK_INT(wipe_unassigned_page(&c, &seen[10], 1, 0, 3, page, &e), 3);
    CHECK_STR(page[0].key, seen[11].key);
    /* a linked wipe leaves the list */
    CHECK_MSG(wipe_assign(&c, seen[10].key, "GRE1-000001", NULL, &e) == 0, "%s", e.msg);
    CHECK_INT(wipe_unassigned_count(&c, &e), 44);
    CHECK_INT(wipe_unassigned_page(&c, &seen[9], 1, 0, 1, page, &e), 1);
    CHECK_STR(page[0].key, seen[11].key);
    ctx_close(&c);
}

int main(void)
{
    char dir[1024];
    Err e = { 0 };
    snprintf(dir, sizeof dir, "%s/data/profiles/default.ini", getenv("BOUCLE_TOP") ? getenv("BOUCLE_TOP") : ".");
    if (profile_load(dir, &prof, &e) < 0) { printf("FAIL setup: %s\n", e.msg); return 1; }
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(dir, sizeof dir, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", dir, 1);
    }
    RUN(grade_then_wipe_makes_reconditionne);
    RUN(bad_input_is_refused_and_writes_nothing);
    RUN(nwipe_import_match_idempotent_assign);
    RUN(nwipe_drive_without_serial);
    RUN(unassigned_wipes_page_by_keyset);
    RUN(certificate_json_and_pdf);
    RUN(battery_from_sysfs);
    profile_free(&prof);
    cert_release_fonts();   /* for LeakSanitizer */
    return t_done();
}
