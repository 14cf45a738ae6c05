/* test_media_size.c — capacities as technicians type them (the storage
 * media screen's Capacity field) and as the screen shows them. */
#include "tests/unit/t.h"
#include "core/settings/lang.h"
#include "core/wipe/media.h"
#include "core/stock/specs.h"

static int64_t parse(const char *s)
{
    int64_t b = -2;
    Err e = { 0 };
    return media_bytes_parse(s, &b, &e) == 0 ? b : -2;
}

TEST(bytes_and_decimal_units)
{
    CHECK_INT(parse("500107862016"), 500107862016LL);
    CHECK_INT(parse("500G"), 500000000000LL);
    CHECK_INT(parse("500 GB"), 500000000000LL);
    CHECK_INT(parse("256 gb"), 256000000000LL);
    CHECK_INT(parse("1T"), 1000000000000LL);
    CHECK_INT(parse(" 2 TB "), 2000000000000LL);
    CHECK_INT(parse("512M"), 512000000LL);
    CHECK_INT(parse("64k"), 64000LL);
    CHECK_INT(parse("4096 B"), 4096LL);
}

TEST(french_units_and_decimal_comma)
{
    CHECK_INT(parse("1,5 To"), 1500000000000LL);
    CHECK_INT(parse("1.5T"), 1500000000000LL);
    CHECK_INT(parse("128 Go"), 128000000000LL);
    CHECK_INT(parse("0.256T"), 256000000000LL);
}

TEST(binary_units)
{
    CHECK_INT(parse("256GiB"), 256LL << 30);
    CHECK_INT(parse("1 TiB"), 1LL << 40);
    CHECK_INT(parse("8Gio"), 8LL << 30);
}

TEST(empty_is_unknown)
{
    CHECK_INT(parse(""), -1);
    CHECK_INT(parse("   "), -1);
    CHECK_INT(parse(NULL), -1);
}

TEST(bad_input_is_named)
{
    lang_init("en", NULL);
    int64_t b = 7;
    Err e = { 0 };
    CHECK_INT(media_bytes_parse("500 XB", &b, &e), -1);
    CHECK_INT(b, -1);
    CHECK_CONTAINS(e.msg, "\"500 XB\" is not a capacity");
    CHECK_INT(parse("G"), -2);
    CHECK_INT(parse("-5G"), -2);
    CHECK_INT(parse("1.5"), -2);          /* a fraction of a byte: a unit was forgotten */
    CHECK_INT(parse("1."), -2);
    CHECK_INT(parse("5 GBB"), -2);
    CHECK_INT(parse("99999999999999999999"), -2);
    CHECK_INT(parse("9999999999P"), -2);  /* overflows 64 bits */
}

TEST(text)
{
    char buf[32];
    media_bytes_text(500107862016LL, buf, sizeof buf);
    CHECK_STR(buf, "500 GB");
    media_bytes_text(1000204886016LL, buf, sizeof buf);
    CHECK_STR(buf, "1 TB");
    media_bytes_text(1500000000000LL, buf, sizeof buf);
    CHECK_STR(buf, "1.5 TB");
    media_bytes_text(256060514304LL, buf, sizeof buf);
    CHECK_STR(buf, "256 GB");
    media_bytes_text(2048000, buf, sizeof buf);
    CHECK_STR(buf, "2 MB");
    media_bytes_text(-1, buf, sizeof buf);
    CHECK_STR(buf, "—");
}

TEST(text_in_french)
{
    lang_init("fr", NULL);
    char buf[32];
    media_bytes_text(500107862016LL, buf, sizeof buf);
    CHECK_STR(buf, "500 Go");
    media_bytes_text(1500000000000LL, buf, sizeof buf);
    CHECK_STR(buf, "1,5 To");
    media_bytes_text(999960000000LL, buf, sizeof buf);
    CHECK_STR(buf, "1 To");
    media_bytes_text(512, buf, sizeof buf);
    CHECK_STR(buf, "512 o");
    units_ram_mb(1536, buf, sizeof buf);
    CHECK_STR(buf, "1,5 Go");
    units_ram_mb(512, buf, sizeof buf);
    CHECK_STR(buf, "512 Mo");
    units_storage_gb(2500, buf, sizeof buf);
    CHECK_STR(buf, "2,5 To");
    lang_init("en", NULL);
    units_ram_mb(1536, buf, sizeof buf);
    CHECK_STR(buf, "1.5 GB");
}

int main(void)
{
    /* test binaries live in $BUILD/tests, the catalogue in $BUILD/locale */
    char loc[1024];
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(loc, sizeof loc, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", loc, 1);
    }
    RUN(bytes_and_decimal_units);
    RUN(french_units_and_decimal_comma);
    RUN(binary_units);
    RUN(empty_is_unknown);
    RUN(bad_input_is_named);
    RUN(text);
    RUN(text_in_french);
    return t_done();
}
