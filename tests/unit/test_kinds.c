/* test_kinds.c — the word lists (core/vocab) and the table of event kinds
 * (core/log/kind.c): one description per fact, in words in both languages. */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/log/kind.h"
#include "core/log/project.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/wipe/media.h"
#include "util/utf8.h"
#include "core/vocab/vocab.h"
#include "core/settings/lang.h"
#include <jansson.h>

static const Vocab *const ALL[] = {
    &VOCAB_STATE, &VOCAB_CATEGORY, &VOCAB_OUTCOME, &VOCAB_COSMETIC, &VOCAB_MEDIA_TYPE,
    &VOCAB_WIPE_CATEGORY, &VOCAB_TECHNIQUE, &VOCAB_WIPE_STATUS, &VOCAB_VERIFICATION, &VOCAB_VERIF_RESULT,
};
static const int COUNTS[] = { ST__COUNT, CAT__COUNT, OUT__COUNT, COS__COUNT, MT__COUNT,
                              WC__COUNT, WT__COUNT, WS__COUNT, WV__COUNT, VR__COUNT };

/* 1. Each list has as many words as its enum, unique keys, and every key
 *    parses back to its own index. */
TEST(vocab_lists_match_their_enums)
{
    for (size_t v = 0; v < sizeof ALL / sizeof ALL[0]; v++) {
        CHECK_INT(ALL[v]->count, COUNTS[v]);
        for (int i = 0; i < ALL[v]->count; i++) {
            CHECK_INT(vocab_find(ALL[v], vocab_key(ALL[v], i)), i);
            for (int j = i + 1; j < ALL[v]->count; j++)
                CHECK(strcmp(vocab_key(ALL[v], i), vocab_key(ALL[v], j)) != 0);
        }
        CHECK_STR(vocab_key(ALL[v], ALL[v]->count), "");
        CHECK_STR(vocab_label(ALL[v], -1), "?");
    }
}

/* 2. Every word has a French label different from nothing, and the same
 *    short English word translates by its list ("failed": « échoué » for a
 *    wipe, « échouée » for a verification). */
TEST(vocab_french_labels)
{
    lang_init("fr", NULL);
    for (size_t v = 0; v < sizeof ALL / sizeof ALL[0]; v++)
        for (int i = 0; i < ALL[v]->count; i++) {
            const char *l = vocab_label(ALL[v], i);
            CHECK_MSG(l && *l && !strchr(l, '\004'), "list %zu word %d has no label", v, i);
        }
    CHECK_STR(vocab_label(&VOCAB_WIPE_STATUS, WS_FAILED), "échoué");
    CHECK_STR(vocab_label(&VOCAB_VERIF_RESULT, VR_FAILED), "échouée");
    CHECK_STR(vocab_label(&VOCAB_STATE, ST_IN_PROGRESS), "en cours");
    CHECK_STR(vocab_label_of(&VOCAB_TECHNIQUE, "ata-enhanced-erase"), "ATA Enhanced Secure Erase");
    /* parse: key, English label, French label, any case */
    CHECK_INT(vocab_parse(&VOCAB_STATE, "READY"), ST_READY);
    CHECK_INT(vocab_parse(&VOCAB_STATE, "prêt"), ST_READY);
    CHECK_INT(vocab_parse(&VOCAB_CATEGORY, "network gear"), CAT_NETWORK);
    CHECK_INT(vocab_parse(&VOCAB_CATEGORY, "bogus"), -1);
    /* an unknown stored key is shown as it is, not hidden */
    CHECK_STR(vocab_label_of(&VOCAB_TECHNIQUE, "laser-ablation"), "laser-ablation");
    lang_init("en", NULL);
    CHECK_STR(vocab_label(&VOCAB_VERIF_RESULT, VR_FAILED), "failed");
}

/* 3. Every kind that core/ appends has a row, and every row has labels. */
TEST(kinds_cover_every_appended_kind)
{
    const char *top = getenv("BOUCLE_TOP");
    if (!top) SKIP("BOUCLE_TOP is not set (run through tests/run.sh)");
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "grep -rhoE 'event_append\\([a-z]+, \"[a-z.]+\"' %s/core | sed 's/.*\"\\(.*\\)\"/\\1/' | sort -u", top);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    char line[128];
    int n = 0;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        CHECK_MSG(kind_find(line) != NULL, "kind %s is appended but has no row in core/log/kind.c", line);
        n++;
    }
    pclose(p);
    CHECK_MSG(n >= 10, "only %d kinds found in core/", n);
    size_t nk;
    const EventKind *k = kind_all(&nk);
    for (size_t i = 0; i < nk; i++) {
        CHECK(k[i].label_one && k[i].label_many && k[i].describe);
        CHECK(kind_find(k[i].name) == &k[i]);
    }
    CHECK(kind_find("device.teleport") == NULL);
}

/* 4. Short labels fit the history column (17 cells) in both languages. */
TEST(kind_short_labels_fit)
{
    size_t nk;
    const EventKind *k = kind_all(&nk);
    const char *langs[] = { "fr", "en" };
    for (int l = 0; l < 2; l++) {
        lang_init(langs[l], NULL);
        for (size_t i = 0; i < nk; i++)
            CHECK_MSG(utf8_width(kind_short(k[i].name)) <= 17, "%s: \"%s\" is wider than 17 cells",
                      k[i].name, kind_short(k[i].name));
    }
}

static void describe(const char *kind, const char *payload, char *out, size_t size)
{
    Event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.kind, sizeof ev.kind, "%s", kind);
    ev.payload = json_loads(payload, 0, NULL);
    kind_describe(&ev, out, size);
    json_decref(ev.payload);
}

/* 5. describe() puts payloads in words — no JSON, no raw keys. */
TEST(kind_describe_in_words)
{
    char s[512];
    lang_init("fr", NULL);
    describe("device.grade", "{\"cosmetic\":\"B\",\"outcome\":\"reuse\",\"tests_total\":12,\"tests_passed\":12}", s, sizeof s);
    CHECK_STR(s, "grade B, réemploi en l'état, 12 tests sur 12 réussis");
    describe("wipe.record", "{\"serial\":\"WD-1\",\"status\":\"success\",\"category\":\"purge\","
             "\"technique\":\"ata-enhanced-erase\",\"tool\":\"hdparm\",\"tool_version\":\"9.65\"}", s, sizeof s);
    CHECK_STR(s, "disque WD-1 : réussi — purge (effacement sécurisé, sanitize, crypto), ATA Enhanced Secure Erase (hdparm 9.65)");
    describe("device.state", "{\"state\":\"ready\",\"note\":\"écran changé\"}", s, sizeof s);
    CHECK_STR(s, "prêt — écran changé");
    describe("device.receive", "{\"lot\":\"GRE1-L0001\",\"serial\":\"5CG7301XZB\",\"category\":\"laptop\",\"make\":\"HP\",\"model\":\"EliteBook 840 G5\"}", s, sizeof s);
    CHECK_STR(s, "n° de série 5CG7301XZB, lot GRE1-L0001, portable, HP EliteBook 840 G5");
    describe("media.add", "{\"serial\":\"S4EV\",\"model\":\"PM981\",\"type\":\"nvme\",\"bytes\":256060514304}", s, sizeof s);
    CHECK_STR(s, "S4EV, PM981, NVMe, 256 Go");
    describe("device.specs", "{\"ram_mb\":8192,\"cpu\":\"i5-8350U\"}", s, sizeof s);
    CHECK_STR(s, "RAM 8 Go, i5-8350U");
    describe("lot.create", "{\"lot\":\"GRE1-L0002\",\"donor\":\"CHU\",\"ref\":\"BL-1\",\"expected\":1}", s, sizeof s);
    CHECK_STR(s, "lot GRE1-L0002 de CHU, bon de livraison BL-1, 1 appareil annoncé");
    /* a payload from a newer boucle with unknown words shows them as they are */
    describe("wipe.record", "{\"serial\":\"X\",\"status\":\"vaporized\",\"category\":\"clear\",\"technique\":\"laser\"}", s, sizeof s);
    CHECK_CONTAINS(s, "vaporized");
    /* a truncated buffer stays a C string */
    describe("device.grade", "{\"cosmetic\":\"B\",\"outcome\":\"reuse\",\"tests_total\":12,\"tests_passed\":12}", s, 8);
    CHECK_INT(strlen(s), 7);
    lang_init("en", NULL);
    describe("device.grade", "{\"cosmetic\":\"C\",\"outcome\":\"parts\",\"tests_total\":8,\"tests_passed\":1}", s, sizeof s);
    CHECK_STR(s, "grade C, parts, 1 of 8 test passed");
}

/* 6. Every event of the workshop is a record of its chain, whatever its
 *    kind (chain.h): a lot, a receipt and a disk each add one; the
 *    chained flag only says what issue 3's chain covered. */
TEST(kind_chained_rows_sign)
{
    Ctx c;
    Err e = { 0 };
    if (support_ctx(&c, "kinds.db", "GRE1") < 0) SKIP("no test database");
    CHECK(kind_find("device.grade")->chained && kind_find("wipe.record")->chained
          && kind_find("media.add")->chained && kind_find("wipe.assign")->chained);
    CHECK(!kind_find("device.receive")->chained && !kind_find("lot.create")->chained);
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK_STR(support_query(&c, "SELECT (SELECT count(*) FROM chain) = (SELECT count(*) FROM events "
                                "WHERE workshop = 'GRE1') AND (SELECT count(*) FROM chain) > 0"), "1");
    CHECK(lot_add(&c, "CHU", "BL-1", 2, NULL, lot, &e) == 0);
    DeviceNew dn = { .lot = lot, .serial = "5CG7301XZB", .category = "laptop" };
    CHECK(device_add(&c, &dn, 0, id, NULL, &e) == 0);
    MediaNew m = { .serial = "S4EV1", .type = "ssd", .bytes = -1 };
    CHECK(media_add(&c, id, &m, NULL, &e) == 0);
    CHECK_STR(support_query(&c, "SELECT (SELECT count(*) FROM chain) = (SELECT count(*) FROM events "
                                "WHERE workshop = 'GRE1') AND (SELECT count(*) FROM chain) >= 4"), "1");
    CHECK_STR(support_query(&c, "SELECT group_concat(e.kind, ' ') FROM (SELECT e.kind FROM chain ch "
                                "JOIN events e ON e.seq = ch.seq ORDER BY ch.n DESC LIMIT 3) e"),
              "media.add device.receive lot.create");
    /* the newest head covers the last record */
    CHECK_STR(support_query(&c, "SELECT (SELECT max(n) FROM chain_heads) = (SELECT max(n) FROM chain)"), "1");
    ctx_close(&c);
}

int main(void)
{
    /* test binaries live in $BUILD/tests, the catalogue in $BUILD/locale */
    char loc[1024];
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(loc, sizeof loc, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", loc, 1);
    }
    RUN(vocab_lists_match_their_enums);
    RUN(vocab_french_labels);
    RUN(kinds_cover_every_appended_kind);
    RUN(kind_short_labels_fit);
    RUN(kind_describe_in_words);
    RUN(kind_chained_rows_sign);
    return t_done();
}
