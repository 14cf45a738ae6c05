/*
 * proof.c — issue 13 item 5: the proof of reuse of a donor with many
 * devices (core/report/proof.h).
 *
 *   proof make PATH N   creates PATH (must not exist), workshop GRE1: a
 *                       public donor, N devices in lots of 1000 (laptops,
 *                       desktops, screens, tablets), each laptop and
 *                       desktop with a disk and its wipe record; then what
 *                       became of them: 45 % donated, 10 % sold, 5 % lent
 *                       (to an association or a person), 10 % parts, 10 %
 *                       recycled, the rest in the workshop.
 *   proof time PATH     the donor's proof: built (proof_build, median of
 *                       5) and written whole — built, signed, PDF, CSV and
 *                       JSON (proof_write, median of 3) — RESULT lines, and
 *                       what the files hold.
 *
 * Intake, disks and wipes go through core/ (device_add, media_add,
 * wipe_add). The allocations and disposals are written as rows, the way
 * core/alloc's projections write them: its events were being written in
 * parallel (h-alloc) when this was; the proof only reads those tables.
 */
#include "bench/bench.h"
#include "core/cert/cert.h"
#include "core/log/event.h"
#include "core/report/proof.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"
#include "core/stock/party.h"
#include "core/stock/workshop.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include <sys/stat.h>
#include <unistd.h>

#define BATCH 5000

static int fail(const char *what, const Err *e)
{
    fprintf(stderr, "proof: %s: %s\n", what, e->msg);
    return 1;
}

static int make(const char *path, long n)
{
    Ctx c;
    Err e = { 0 };
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "proof: %s exists; refusing to add to it\n", path);
        return 1;
    }
    if (ctx_open(&c, path, 0, &e) < 0 || workshop_init(&c, BENCH_WORKSHOP, "Atelier de Grenoble", &e) < 0 ||
        operator_add(&c, BENCH_OPERATOR, &e) < 0 || operator_choose(&c, BENCH_OPERATOR, &e) < 0)
        return fail("open", &e);
    char donor[PARTY_CODE_MAX], asso[PARTY_CODE_MAX], person[PARTY_CODE_MAX], lot[LOT_ID_MAX] = "";
    if (party_add(&c, PARTY_PUBLIC, "CHU Grenoble Alpes", NULL, donor, &e) < 0 ||
        party_add(&c, PARTY_ASSOCIATION, "Emmaüs Connect", NULL, asso, &e) < 0 ||
        party_add(&c, PARTY_PERSON, NULL, NULL, person, &e) < 0)
        return fail("party_add", &e);
    /* as bench/reconcile.c: a plain serial index for the time of intake */
    if (db_exec(c.db, "CREATE INDEX bench_proof_serial ON devices(serial_key)", &e) < 0) return fail("index", &e);
    static const char *const cats[] = { "laptop", "laptop", "laptop", "desktop", "screen", "tablet" };
    static const char *const models[] = { "Latitude 5490", "Latitude 7490", "EliteBook 840 G5", "OptiPlex 7050",
                                          "P2419H", "iPad 6" };
    double t0 = bench_now_ms();
    if (db_begin(c.db, &e) < 0) return fail("begin", &e);
    long events = 0, pending = 0;
    for (long i = 0; i < n; i++) {
        if (i % 1000 == 0) {
            if (db_commit(c.db, &e) < 0 || lot_add(&c, donor, "", 1000, "2026-03-02", lot, &e) < 0 ||
                db_begin(c.db, &e) < 0)
                return fail("lot_add", &e);
        }
        char serial[32], disk[32], id[DEVICE_ID_MAX];
        int k = (int)(i % 6);
        snprintf(serial, sizeof serial, "5CG%07ldX", i);
        DeviceNew dn = { lot, serial, i % 3 ? "" : "INV-0000", cats[k], "Dell", models[k], NULL };
        if (device_add(&c, &dn, 0, id, NULL, &e) < 0) return fail("device_add", &e);
        events++;
        pending++;
        if (k <= 3) {
            snprintf(disk, sizeof disk, "WD-%07ld", i);
            MediaNew m = { disk, "WDC WD5000", "ssd", 256000000000LL };
            WipeNew w = { .media = disk, .category = k == 3 ? "clear" : "purge",
                          .technique = k == 3 ? "overwrite" : "nvme-format", .passes = 1, .tool = "nwipe",
                          .verification = "full", .verification_result = "passed", .status = "success",
                          .started = "2026-03-04T09:00", .ended = "2026-03-04T09:40" };
            char key[EVENT_ID_MAX];
            if (media_add(&c, id, &m, NULL, &e) < 0 || wipe_add(&c, id, &w, key, &e) < 0) return fail("wipe", &e);
            events += 2;
            pending += 2;
        }
        if (pending >= BATCH) {
            pending = 0;
            if (db_commit(c.db, &e) < 0 || db_begin(c.db, &e) < 0) return fail("commit", &e);
        }
    }
    if (db_commit(c.db, &e) < 0) return fail("commit", &e);
    /* what became of them (see the file's comment) */
    char sql[1200];
    snprintf(sql, sizeof sql,
             "INSERT INTO allocations(id, device, workshop, party, kind, status, created_hlc, updated_hlc) "
             "SELECT 'A' || n, id, 'GRE1', CASE WHEN n %% 20 < 15 THEN '%s' ELSE '%s' END, "
             "CASE WHEN n %% 10 < 4 OR n %% 10 = 9 AND n %% 20 = 9 THEN 'donation' WHEN n %% 10 = 4 THEN 'sale' "
             "WHEN n %% 10 = 5 THEN 'loan' ELSE 'donation' END, 'delivered', received_hlc + 1, received_hlc + 2 "
             "FROM devices WHERE n %% 10 < 6; "
             "INSERT INTO disposals(device, kind, channel, weight_g, hlc) SELECT id, "
             "CASE WHEN n %% 10 = 6 THEN 'parts' ELSE 'recycled' END, CASE WHEN n %% 10 = 7 THEN 'Ecosystem' ELSE '' END, "
             "2400, received_hlc + 3 FROM devices WHERE n %% 10 IN (6, 7); "
             "DROP INDEX bench_proof_serial; PRAGMA wal_checkpoint(TRUNCATE);", asso, person);
    if (db_exec(c.db, sql, &e) < 0) return fail("fates", &e);
    printf("made %s: %ld devices, %ld events in %.1f s, donor %s\n", path, n, events, (bench_now_ms() - t0) / 1e3, donor);
    ctx_close(&c);
    return 0;
}

static long file_size(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 ? (long)sb.st_size : -1;
}

static int time_it(const char *path)
{
    Ctx c;
    Err e = { 0 };
    Profile prof;
    if (profile_load_default(NULL, &prof, &e) < 0) return fail("profile", &e);
    if (ctx_open(&c, path, 0, &e) < 0) return fail("open", &e);
    ProofQuery q = { .donor = "GRE1-P0001" };
    double build[5], whole[3];
    long long received = 0, reused = 0;
    for (int i = 0; i < 5; i++) {
        double t0 = bench_now_ms();
        json_t *doc = proof_build(&c, &prof, &q, &e);
        if (!doc) return fail("build", &e);
        build[i] = bench_now_ms() - t0;
        received = json_integer_value(json_object_get(json_object_get(doc, "summary"), "received"));
        reused = json_integer_value(json_object_get(json_object_get(doc, "summary"), "reused"));
        json_decref(doc);
    }
    char pdf[600], csv[600], js[600];
    snprintf(pdf, sizeof pdf, "%s.proof.pdf", path);
    snprintf(csv, sizeof csv, "%s.proof.csv", path);
    snprintf(js, sizeof js, "%s.proof.json", path);
    for (int i = 0; i < 3; i++) {
        double t0 = bench_now_ms();
        ProofFiles f = { .pdf = pdf, .csv = csv, .json = js };
        json_t *doc = proof_write(&c, &prof, &q, &f, &e);
        if (!doc) return fail("write", &e);
        whole[i] = bench_now_ms() - t0;
        json_decref(doc);
    }
    printf("donor GRE1-P0001: %lld devices received, %lld sent to reuse; PDF %ld KiB, CSV %ld KiB, JSON %ld KiB\n",
           received, reused, file_size(pdf) / 1024, file_size(csv) / 1024, file_size(js) / 1024);
    bench_result("proof.build_ms", bench_percentile(build, 5, 50), "ms");
    bench_result("proof.write_all_ms", bench_percentile(whole, 3, 50), "ms");
    bench_result("proof.peak_rss_kib", (double)bench_peak_rss_kib(), "KiB");
    ctx_close(&c);
    profile_free(&prof);
    cert_release_fonts();
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "make")) return make(argv[2], atol(argv[3]));
    if (argc == 3 && !strcmp(argv[1], "time")) return time_it(argv[2]);
    fprintf(stderr, "usage: proof make PATH N | time PATH\n");
    return 2;
}
