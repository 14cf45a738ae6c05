/*
 * test_label_wedge.c — a USB barcode scanner types like a keyboard. What it
 * types when it reads one of our labels (or a manufacturer's sticker) must
 * resolve to the device whatever the scanner's settings: symbology
 * prefixes, stray prefix/suffix characters, leading zeros dropped or added,
 * CR, LF or CRLF endings, the URL payload, lower case.
 *   1 asset ids from the QR, 2 URL payloads, 3 serials from Code 128,
 *   4 endings and blanks, 5 what must not resolve.
 */
#include "tests/unit/t.h"
#include "tests/unit/support_label.h"
#include "core/log/ctx.h"
#include "core/stock/device.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "core/scan/scan.h"
#include "core/stock/workshop.h"

static Ctx ctx;
static char id1[DEVICE_ID_MAX], id2[DEVICE_ID_MAX];

static int setup(void)
{
    char p[512];
    snprintf(p, sizeof p, "%s/wedge.db", sl_tmpdir());
    Err e = { 0 };
    char lot[LOT_ID_MAX], dup[DEVICE_ID_MAX];
    if (ctx_open(&ctx, p, 0, &e) < 0 || workshop_init(&ctx, "GRE1", "Atelier", &e) < 0 ||
        lot_add(&ctx, "CHU Grenoble", "BL-1", 2, NULL, lot, &e) < 0) {
        printf("# setup: %s\n", e.msg);
        return -1;
    }
    DeviceNew a = { .lot = lot, .serial = "PF1ABC23", .donor_tag = "CHU-004711", .category = "laptop" };
    DeviceNew b = { .lot = lot, .serial = "000123456789", .category = "desktop" };
    if (device_add(&ctx, &a, 0, id1, dup, &e) < 0 || device_add(&ctx, &b, 0, id2, dup, &e) < 0) {
        printf("# setup: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static const char *resolve(const char *raw)
{
    static Device d;
    Err e = { 0 };
    int r = scan_resolve(&ctx, raw, &d, &e);
    return r == 1 ? d.id : r == 0 ? "(none)" : "(error)";
}

#define CHECK_RESOLVES(raw, want) do { const char *t_got_ = resolve(raw); \
        CHECK_MSG(strcmp(t_got_, want) == 0, "scan \"%s\" gave %s, expected %s", #raw, t_got_, want); } while (0)

/* 1 */
TEST(asset_id_variants)
{
    CHECK_STR(id1, "GRE1-000001");
    CHECK_RESOLVES("GRE1-000001", id1);
    CHECK_RESOLVES("gre1-000001", id1);            /* caps lock off */
    CHECK_RESOLVES("GRE1-1", id1);                 /* leading zeros dropped */
    CHECK_RESOLVES("GRE1-00000001", id1);          /* zeros added */
    CHECK_RESOLVES("]Q1GRE1-000001", id1);         /* AIM symbology prefix of a QR */
    CHECK_RESOLVES("]Q3GRE1-000002", id2);
    CHECK_RESOLVES("GRE1-000002\r", id2);
}

/* 2 */
TEST(url_payloads)
{
    CHECK_RESOLVES("https://boucle.example.org/d/GRE1-000001", id1);
    CHECK_RESOLVES("https://boucle.example.org/d/GRE1-000001\r\n", id1);
    CHECK_RESOLVES("HTTPS://B.EXAMPLE/GRE1-000002", id2);
}

/* 3 */
TEST(serial_and_tag)
{
    CHECK_RESOLVES("PF1ABC23", id1);
    CHECK_RESOLVES("]C0PF1ABC23", id1);            /* AIM prefix of a Code 128 */
    CHECK_RESOLVES("pf1abc23", id1);
    CHECK_RESOLVES("123456789", id2);              /* leading zeros of a numeric serial dropped */
    CHECK_RESOLVES("0000123456789", id2);
    CHECK_RESOLVES("CHU-004711", id1);             /* the donor's asset tag */
}

/* 4 */
TEST(endings_and_blanks)
{
    const char *ends[] = { "\r", "\n", "\r\n", "\t", " ", "\n\n", "\r\r\n" };
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        char raw[64];
        snprintf(raw, sizeof raw, "GRE1-000001%s", ends[i]);
        CHECK_MSG(strcmp(resolve(raw), id1) == 0, "ending %zu", i);
        snprintf(raw, sizeof raw, "  PF1ABC23%s", ends[i]);
        CHECK_MSG(strcmp(resolve(raw), id1) == 0, "serial with ending %zu", i);
    }
}

/* 5 */
TEST(no_false_matches)
{
    CHECK_RESOLVES("GRE1-000003", "(none)");
    CHECK_RESOLVES("LYO1-000001", "(none)");      /* another workshop's id */
    CHECK_RESOLVES("PF1ABC2", "(none)");
    CHECK_RESOLVES("", "(none)");
    CHECK_RESOLVES("\r\n", "(none)");
    CHECK_RESOLVES("https://boucle.example.org/d/", "(none)");
}

int main(void)
{
    lang_init("en", NULL);
    if (setup() < 0) { printf("FAIL setup: cannot create the test database\n"); return 1; }
    RUN(asset_id_variants);
    RUN(url_payloads);
    RUN(serial_and_tag);
    RUN(endings_and_blanks);
    RUN(no_false_matches);
    ctx_close(&ctx);
    sl_cleanup();
    return t_done();
}
