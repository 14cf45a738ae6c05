/*
 * test_inv_csv.c — CSV inventories (core/inventory/csv.c): GLPI exports in
 * French and English, UTF-8 with and without BOM, Windows-1252, DeviceHub's
 * placeholder, boucle's template, quoting, multi-value cells, garbage
 * serials, every refusal with its exact message (English and French), and
 * a 100 000-row export read in bounded memory.
 *
 * Data: tests/unit/data/inventories/ (glpi-fr-cp1252.csv is glpi-fr.csv
 * without its BOM through `iconv -f UTF-8 -t WINDOWS-1252`); the broken and
 * large files are written by the cases.
 */
#include "t.h"
#include "support.h"
#include "core/inventory/inventory.h"
#include "core/settings/lang.h"
#include "util/utf8.h"
#include <libintl.h>
#include <malloc.h>
#include <sys/resource.h>
#if defined(__SANITIZE_ADDRESS__)
size_t __sanitizer_get_current_allocated_bytes(void);   /* sanitizer/allocator_interface.h */
#endif

#define KEEP 8

typedef struct Got {
    InvDevice dev[KEEP];
    InvDevice last;     /* the last device seen */
    int n;              /* devices seen (the first KEEP kept) */
    int64_t last_line;
    int increasing;     /* lines strictly increased */
    char notes[8192];   /* "where: msg\n" each */
    int nnotes;
    int stop_at;        /* the sink returns -1 at this device (0: never) */
    size_t heap_max;    /* the most heap in use seen by the sink (when heap_watch) */
    int heap_watch;
} Got;

/* Bytes of heap in use: the allocator's own count (ASan's under ASan,
 * where RSS says nothing of the program). */
static size_t heap_now(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return __sanitizer_get_current_allocated_bytes();
#else
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
#endif
}

static int on_device(void *arg, const InvDevice *d, Err *e)
{
    Got *g = arg;
    if (g->n < KEEP) g->dev[g->n] = *d;
    g->last = *d;
    if (g->heap_watch) {
        size_t h = heap_now();
        if (h > g->heap_max) g->heap_max = h;
    }
    if (d->line <= g->last_line) g->increasing = 0;
    g->last_line = d->line;
    g->n++;
    if (g->stop_at && g->n == g->stop_at) return err_set(e, ERR_INPUT, "the sink says stop");
    return 0;
}

static void on_note(void *arg, const char *where, const char *msg)
{
    Got *g = arg;
    size_t l = strlen(g->notes);
    snprintf(g->notes + l, sizeof g->notes - l, "%s: %s\n", where, msg);
    g->nnotes++;
}

static Got *got_new(void)
{
    Got *g = calloc(1, sizeof *g);
    g->increasing = 1;
    return g;
}

static const char *data(const char *name)
{
    static char p[1024];
    const char *top = getenv("BOUCLE_TOP") ? getenv("BOUCLE_TOP") : ".";
    snprintf(p, sizeof p, "%s/tests/unit/data/inventories/%s", top, name);
    return p;
}

static const char *tmp_file(const char *name, const void *bytes, size_t n)
{
    static char p[1024];
    snprintf(p, sizeof p, "%s/%s", support_tmpdir(), name);
    FILE *f = fopen(p, "wb");
    if (!f) return NULL;
    if (n) fwrite(bytes, 1, n, f);
    fclose(f);
    return p;
}

/* inv_parse_csv on path, the file shown as "x.csv". */
static int parse(const char *path, Got *g, InvFormat *fmt, Err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) return err_set(e, ERR_IO, "cannot open %s", path);
    InvSink s = { on_device, on_note, g };
    int r = inv_parse_csv(f, "x.csv", &s, fmt, e);
    fclose(f);
    return r;
}

static int parse_text(const char *text, Got *g, InvFormat *fmt, Err *e)
{
    return parse(tmp_file("t.csv", text, strlen(text)), g, fmt, e);
}

static void use_lang(const char *lang)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/locale", getenv("BUILD") ? getenv("BUILD") : "build");
    setenv("BOUCLE_LOCALEDIR", dir, 1);
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "C.UTF-8", 1);
    lang_init(lang, NULL);
}

/* ---- formats ---------------------------------------------------------------- */

TEST(glpi_french_export_utf8_bom_crlf_semicolon)
{
    Got *g = got_new();
    Err e = { 0 };
    InvFormat fmt = INV_UNKNOWN;
    CHECK_MSG(parse(data("glpi-fr.csv"), g, &fmt, &e) == 0, "%s", e.msg);
    CHECK_INT(fmt, INV_GLPI_CSV);
    CHECK_INT(g->n, 4);
    const InvDevice *d = &g->dev[0];
    CHECK_STR(d->serial, "5CG7381J2K");
    CHECK_STR(d->tag, "INV-0001");
    CHECK_STR(d->make, "Dell Inc.");
    CHECK_STR(d->model, "Latitude 7490");
    CHECK_STR(d->chassis, "Portable");
    CHECK_STR(d->category, "laptop");
    CHECK_INT(d->ram_mb, 8192);
    CHECK_STR(d->cpu, "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz");
    CHECK_INT(d->ndisks, 1);
    CHECK_STR(d->disks[0].serial, "S3TANX0K123456");
    CHECK_STR(d->disks[0].model, "SAMSUNG MZ7LN256HAJQ-000L7");
    CHECK_INT(d->disks[0].bytes, 256055212769LL);          /* 238,47 Gio */
    CHECK_INT(d->line, 2);
    CHECK_STR(d->where, "line 2");
    /* row 3 spans lines 3–7 (line breaks inside quotes); its cells hold
     * several values: two memory modules ("$#$"), a disk and a card reader */
    d = &g->dev[1];
    CHECK_INT(d->line, 3);
    CHECK_STR(d->serial, "CZC6259XYZ");
    CHECK_STR(d->category, "desktop");                    /* "Ordinateur de bureau" */
    CHECK_INT(d->ram_mb, 8192);
    CHECK_INT(d->ndisks, 1);
    CHECK_INT(d->disks_skipped, 1);
    CHECK_STR(d->disks[0].model, "ST500DM002-1BD142");
    CHECK_STR(d->disks[0].serial, "Z3TABC12");
    CHECK_INT(d->disks[0].bytes, 476940LL << 20);          /* bare: GLPI's Mio */
    /* line 8 is blank; line 9: a garbage serial, known by its tag; "<br>" */
    d = &g->dev[2];
    CHECK_INT(d->line, 9);
    CHECK_STR(d->serial, "");
    CHECK_STR(d->tag, "INV-0003");
    CHECK_INT(d->ram_mb, 16384);
    CHECK_INT(d->ndisks, 2);
    CHECK_INT(d->disks[0].bytes, 512000000000LL);
    CHECK_STR(d->disks[1].serial, "WD-WX11A12B3456");
    CHECK_INT(d->disks[1].bytes, 1000000000000LL);
    /* line 10: "0000000000" and no tag: skipped; line 11: RAM "8192" */
    d = &g->dev[3];
    CHECK_INT(d->line, 11);
    CHECK_STR(d->serial, "YLSE012345");
    CHECK_INT(d->ram_mb, 8192);
    CHECK_STR(d->category, "desktop");
    CHECK(g->increasing);
    CHECK_STR(g->notes, "line 9: “To be filled by O.E.M.” is not a serial number: the device is known by its "
                        "inventory number\n"
                        "line 10: “0000000000” is not a serial number and the row has no inventory number: skipped\n");
    free(g);
}

TEST(glpi_english_export_comma_no_bom_shuffled_columns)
{
    Got *g = got_new();
    Err e = { 0 };
    InvFormat fmt = INV_UNKNOWN;
    CHECK_MSG(parse(data("glpi-en.csv"), g, &fmt, &e) == 0, "%s", e.msg);
    CHECK_INT(fmt, INV_GLPI_CSV);
    CHECK_INT(g->n, 2);
    const InvDevice *d = &g->dev[0];
    CHECK_STR(d->serial, "5CG7381J2K");
    CHECK_STR(d->tag, "INV-0001");
    CHECK_STR(d->make, "Dell Inc.");
    CHECK_STR(d->model, "Latitude 7490");
    CHECK_STR(d->chassis, "Laptop");
    CHECK_STR(d->category, "laptop");
    CHECK_INT(d->ram_mb, 8192);
    CHECK_INT(d->ndisks, 1);
    CHECK_INT(d->disks[0].bytes, 256055212769LL);          /* 238.47 GiB */
    d = &g->dev[1];
    CHECK_INT(d->line, 3);
    CHECK_STR(d->serial, "CZC6259XYZ");
    CHECK_STR(d->category, "desktop");
    CHECK_INT(d->ram_mb, 8192);
    CHECK_INT(d->ndisks, 1);
    CHECK_INT(d->disks_skipped, 1);
    CHECK_STR(g->notes, "");
    free(g);
}

TEST(glpi_windows_1252_reads_as_the_utf8_file)
{
    Got *a = got_new(), *b = got_new();
    Err e = { 0 };
    InvFormat fa = INV_UNKNOWN, fb = INV_UNKNOWN;
    CHECK_MSG(parse(data("glpi-fr.csv"), a, &fa, &e) == 0, "%s", e.msg);
    CHECK_MSG(parse(data("glpi-fr-cp1252.csv"), b, &fb, &e) == 0, "%s", e.msg);   /* "Numéro de série" found */
    CHECK_INT(fb, INV_GLPI_CSV);
    CHECK_INT(b->n, a->n);
    for (int i = 0; i < a->n && i < KEEP; i++)
        CHECK_MSG(memcmp(&a->dev[i], &b->dev[i], sizeof a->dev[i]) == 0, "device %d differs", i);
    CHECK_STR(b->notes, a->notes);
    free(a);
    free(b);
    /* accents, and 0x80–0x9F as Windows-1252 has them (€ œ ’) */
    Got *g = got_new();
    CHECK(parse_text("Num\xe9ro de s\xe9rie;Mod\xe8le;Fabricant\r\nAB12CD34;Portable M\xe9" "dical \x80 \x9c" "uvre\x92s;"
                     "Soci\xe9t\xe9\r\n", g, NULL, &e) == 0);
    CHECK_INT(g->n, 1);
    CHECK_STR(g->dev[0].model, "Portable Médical € œuvre’s");
    CHECK_STR(g->dev[0].make, "Société");
    free(g);
}

TEST(windows_1252_decided_at_the_first_row_that_is_not_ascii)
{
    /* 80 KiB of ASCII rows (more than the read buffer), then an é */
    size_t cap = 200000, n = 0;
    int rows = 0;
    char *t = malloc(cap);
    n += (size_t)snprintf(t + n, cap - n, "serial;model\n");
    for (; n < 82000; rows++) n += (size_t)snprintf(t + n, cap - n, "SN%06d;Latitude\n", rows);
    n += (size_t)snprintf(t + n, cap - n, "LAST0001;Mod\xe8le\n");
    Got *g = got_new();
    Err e = { 0 };
    const char *path = tmp_file("late.csv", t, n);
    free(t);
    CHECK_MSG(parse(path, g, NULL, &e) == 0, "%s", e.msg);
    CHECK_INT(g->n, rows + 1);
    CHECK_STR(g->last.serial, "LAST0001");
    CHECK_STR(g->last.model, "Modèle");
    free(g);
}

TEST(devicehub_placeholder_any_case)
{
    Got *g = got_new();
    Err e = { 0 };
    InvFormat fmt = INV_UNKNOWN;
    CHECK_MSG(parse(data("devicehub.csv"), g, &fmt, &e) == 0, "%s", e.msg);
    CHECK_INT(fmt, INV_DEVICEHUB_CSV);
    CHECK_INT(g->n, 2);                                      /* ";;;;;;;" is a blank row */
    CHECK_STR(g->dev[0].serial, "FGH1234");
    CHECK_STR(g->dev[0].tag, "DON-17");                      /* Id device Supplier */
    CHECK_STR(g->dev[0].make, "Dell Inc.");
    CHECK_STR(g->dev[0].model, "Latitude E7450");
    CHECK_STR(g->dev[0].category, "laptop");
    CHECK_STR(g->dev[1].serial, "PC0ABCDE");
    CHECK_STR(g->dev[1].tag, "DON-18");
    CHECK_STR(g->notes, "");
    free(g);
}

/* Defect: a column after one of DeviceHub's own was ignored whatever it
 * was, so "Serial Number" after "Part Number" lost every serial. */
TEST(devicehub_columns_in_another_order)
{
    Got *g = got_new();
    Err e = { 0 };
    InvFormat fmt = INV_UNKNOWN;
    CHECK_MSG(parse_text("Pallet,Part Number,Id device Supplier,Serial Number,Info,Manufacturer,Model,"
                         "Id device Internal\nP-1,20CM,DON-1,PC0ABCDE,,LENOVO,ThinkPad X250,\n", g, &fmt, &e) == 0,
              "%s", e.msg);
    CHECK_INT(fmt, INV_DEVICEHUB_CSV);
    CHECK_INT(g->n, 1);
    CHECK_STR(g->dev[0].serial, "PC0ABCDE");
    CHECK_STR(g->dev[0].tag, "DON-1");
    CHECK_STR(g->dev[0].make, "LENOVO");
    CHECK_STR(g->dev[0].model, "ThinkPad X250");
    free(g);
}

/* A monitor's or a memory module's serial is not the computer's, even
 * when its column comes first. */
TEST(serials_of_other_items_are_not_the_computers)
{
    Got *g = got_new();
    Err e = { 0 };
    CHECK(parse_text("Moniteur - Numéro de série;Mémoire : Numéro de série;Numéro de série;Composants - Mémoire\n"
                     "CN-0ABC;M471A1K43;5CG7381J2K;8192\n", g, NULL, &e) == 0);
    CHECK_INT(g->n, 1);
    CHECK_STR(g->dev[0].serial, "5CG7381J2K");
    CHECK_INT(g->dev[0].ram_mb, 8192);
    free(g);
}

TEST(boucle_template_english_and_french)
{
    Got *g = got_new();
    Err e = { 0 };
    InvFormat fmt = INV_UNKNOWN;
    CHECK_MSG(parse(data("boucle.csv"), g, &fmt, &e) == 0, "%s", e.msg);
    CHECK_INT(fmt, INV_BOUCLE_CSV);
    CHECK_INT(g->n, 2);
    const InvDevice *d = &g->dev[0];
    CHECK_STR(d->serial, "PF1ABCDE");
    CHECK_STR(d->tag, "ASSO-001");
    CHECK_STR(d->category, "laptop");
    CHECK_INT(d->ram_mb, 16384);
    CHECK_INT(d->ndisks, 1);
    CHECK_STR(d->disks[0].type, "ssd");
    CHECK_INT(d->disks[0].bytes, 500000000000LL);
    CHECK_INT(d->battery_design_mwh, 57000);
    CHECK_INT(d->battery_full_mwh, 41500);
    d = &g->dev[1];
    CHECK_INT(d->ram_mb, 8192);
    CHECK_INT(d->ndisks, 2);
    CHECK_STR(d->disks[0].type, "hdd");
    CHECK_INT(d->disks[0].bytes, 1000000000000LL);
    CHECK_STR(d->disks[1].serial, "Z9X8Y7");
    CHECK_INT(d->disks[1].bytes, 500000000000LL);          /* "500": GB */
    Got *f = got_new();
    CHECK_MSG(parse(data("boucle-fr.csv"), f, &fmt, &e) == 0, "%s", e.msg);
    CHECK_INT(fmt, INV_BOUCLE_CSV);
    CHECK_INT(f->n, 1);
    d = &f->dev[0];
    CHECK_STR(d->serial, "PF1ABCDE");
    CHECK_STR(d->tag, "ASSO-001");
    CHECK_STR(d->category, "laptop");                      /* "portable" */
    CHECK_INT(d->ram_mb, 16384);                           /* "16 Go" */
    CHECK_INT(d->disks[0].bytes, 500000000000LL);          /* "500 Go" */
    CHECK_INT(d->battery_design_mwh, 57000);
    CHECK_INT(d->battery_full_mwh, 41500);                 /* "41,5 Wh" */
    free(g);
    free(f);
}

TEST(tab_separator_and_header_after_blank_lines)
{
    Got *g = got_new();
    Err e = { 0 };
    CHECK(parse_text("\n\r\nSerial Number\tModel\tColour\nAB12CD34\tX250\tred\n", g, NULL, &e) == 0);
    CHECK_INT(g->n, 1);
    CHECK_STR(g->dev[0].model, "X250");
    CHECK_INT(g->dev[0].line, 4);
    CHECK_STR(g->notes, "line 3: columns not read: “Colour”\n");
    free(g);
}

/* Defect (found by fuzz_inv_csv): the note listing unknown columns was
 * cut in the middle of a character when the list was long. */
TEST(a_long_list_of_unknown_columns_is_cut_on_a_character)
{
    char t[4096] = "serial";
    for (int i = 0; i < 60; i++) {
        size_t l = strlen(t);
        snprintf(t + l, sizeof t - l, ";Écrit é %d", i);
    }
    strcat(t, "\nAB12CD34\n");
    for (int shift = 1; shift <= 20; shift++) {   /* every cut position within an item */
        char u[4200];
        snprintf(u, sizeof u, "serial;%.*s%s", shift, "xxxxxxxxxxxxxxxxxxxx", t + 6);
        Got *g = got_new();
        Err e = { 0 };
        CHECK(parse_text(u, g, NULL, &e) == 0);
        CHECK_INT(g->nnotes, 1);
        CHECK_MSG(utf8_valid(g->notes, strlen(g->notes)), "not UTF-8: %s", g->notes);
        CHECK_CONTAINS(g->notes, "line 1: columns not read: ");
        free(g);
    }
}

TEST(quotes_separators_newlines_doubled_quotes)
{
    Got *g = got_new();
    Err e = { 0 };
    CHECK_MSG(parse_text("serial;model;make\n"
                         "\"AB;12\";\"Latitude \"\"E\"\"\n7450\";\"Dell\r\nInc.\"\n"
                         "CD34EF56;4\"5;x\"y\"z\n"
                         "\"GH78\"IJ;\"\";\n",
                         g, NULL, &e) == 0, "%s", e.msg);
    CHECK_INT(g->n, 3);
    CHECK_STR(g->dev[0].serial, "AB;12");
    CHECK_STR(g->dev[0].model, "Latitude \"E\"");              /* the first value of the cell */
    CHECK_STR(g->dev[0].make, "Dell");
    CHECK_INT(g->dev[0].line, 2);
    CHECK_INT(g->dev[1].line, 5);                              /* the row before spans 2–4 */
    CHECK_STR(g->dev[1].model, "4\"5");                        /* a quote inside a field is kept */
    CHECK_STR(g->dev[1].make, "x\"y\"z");
    CHECK_STR(g->dev[2].serial, "GH78IJ");                     /* text after a closing quote is kept */
    CHECK_INT(g->dev[2].line, 6);
    free(g);
}

TEST(garbage_serials_are_not_serials)
{
    Got *g = got_new();
    Err e = { 0 };
    CHECK(parse_text("Serial number;Inventory number\n"
                     "Empty;\n0000000000;\nTo be filled by O.E.M.;\nDefault string;TAG-1\n;N/A\n;\n"
                     "System Serial Number;\nR90ABCDE;0\n",
                     g, NULL, &e) == 0);
    CHECK_INT(g->n, 2);
    CHECK_STR(g->dev[0].serial, "");
    CHECK_STR(g->dev[0].tag, "TAG-1");
    CHECK_STR(g->dev[1].serial, "R90ABCDE");
    CHECK_STR(g->dev[1].tag, "");
    CHECK_STR(g->notes,
              "line 2: “Empty” is not a serial number and the row has no inventory number: skipped\n"
              "line 3: “0000000000” is not a serial number and the row has no inventory number: skipped\n"
              "line 4: “To be filled by O.E.M.” is not a serial number and the row has no inventory number: "
              "skipped\n"
              "line 5: “Default string” is not a serial number: the device is known by its inventory number\n"
              "line 6: no serial number and no inventory number: row skipped\n"
              "line 8: “System Serial Number” is not a serial number and the row has no inventory number: "
              "skipped\n"
              "line 9: “0” is not an inventory number\n");
    free(g);
}

TEST(values_that_are_not_sizes_are_noted_and_left_unknown)
{
    Got *g = got_new();
    Err e = { 0 };
    CHECK(parse_text("serial;ram;disk1_size;disk1_model;battery_design_wh\n"
                     "AB12CD34;lots;huge;WDC WD5000;-3\n"
                     "EF56GH78;1 000,5 Mo;1,000.5 GB;WDC WD1000;45600 mWh\n",
                     g, NULL, &e) == 0);
    CHECK_INT(g->n, 2);
    CHECK_INT(g->dev[0].ram_mb, 0);
    CHECK_INT(g->dev[0].ndisks, 1);
    CHECK_INT(g->dev[0].disks[0].bytes, 0);
    CHECK_INT(g->dev[0].battery_design_mwh, 0);
    CHECK_INT(g->dev[1].ram_mb, 1000);
    CHECK_INT(g->dev[1].disks[0].bytes, 1000500000000LL);
    CHECK_INT(g->dev[1].battery_design_mwh, 45600);
    CHECK_STR(g->notes, "line 2: “lots” is not a RAM size\n"
                        "line 2: “huge” is not a disk size\n"
                        "line 2: “-3” is not a battery capacity\n");
    free(g);
}

TEST(the_sink_stops_the_parser)
{
    Got *g = got_new();
    g->stop_at = 1;
    Err e = { 0 };
    CHECK_INT(parse(data("glpi-fr.csv"), g, NULL, &e), -1);
    CHECK_INT(g->n, 1);
    CHECK_STR(e.msg, "the sink says stop");
    free(g);
}

/* ---- refusals, in English and in French --------------------------------------- */

/* The message parsing text gives, -1 expected. */
static const char *refusal(const char *path)
{
    static Err e;
    memset(&e, 0, sizeof e);
    Got *g = got_new();
    int r = parse(path, g, NULL, &e);
    free(g);
    return r == -1 ? e.msg : "(accepted)";
}

static const char *long_row(size_t bytes)
{
    size_t n = 13 + bytes + 1;
    char *t = malloc(n + 1);
    memcpy(t, "serial;model\n", 13);
    memcpy(t + 13, "AB12CD34;", 9);
    memset(t + 22, 'x', bytes - 9);
    t[13 + bytes] = '\n';
    const char *p = tmp_file("long.csv", t, n);
    free(t);
    return p;
}

/* glpi-fr.csv cut after `keep` bytes. */
static const char *truncated(size_t keep)
{
    FILE *f = fopen(data("glpi-fr.csv"), "rb");
    char buf[4096];
    size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f) fclose(f);
    return tmp_file("cut.csv", buf, keep < n ? keep : n);
}

static size_t offset_of(const char *needle)
{
    FILE *f = fopen(data("glpi-fr.csv"), "rb");
    char buf[4096];
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[n] = '\0';
    char *p = strstr(buf, needle);
    return p ? (size_t)(p - buf) : 0;
}

#define TXT(name, lit) tmp_file(name, lit, sizeof lit - 1)

static void refusals(int french)
{
#define EXPECT(path, en, fr) CHECK_STR(refusal(path), french ? fr : en)
    EXPECT(TXT("q.csv", "serial;model\nAB12CD34;ok\nEF56GH78;\"open\nmore\n"),
           "x.csv, line 3: a quoted field is not closed",
           "x.csv, ligne 3 : un champ entre guillemets n'est pas refermé");
    EXPECT(long_row(INV_ROW_MAX + 1), "x.csv, line 2: the row is longer than 1048576 bytes",
           "x.csv, ligne 2 : la ligne dépasse 1048576 octets");
    EXPECT(TXT("b.csv", "serial;model\nAB12CD34;Mod\x81le\n"),
           "x.csv, line 2: byte 0x81 is neither UTF-8 nor Windows-1252",
           "x.csv, ligne 2 : l'octet 0x81 n'est ni de l'UTF-8 ni du Windows-1252");
    EXPECT(TXT("b2.csv", "serial;model\nAB12CD34;\"Mod\xe8le\n\x9d\"\n"),
           "x.csv, line 3: byte 0x9D is neither UTF-8 nor Windows-1252",
           "x.csv, ligne 3 : l'octet 0x9D n'est ni de l'UTF-8 ni du Windows-1252");
    EXPECT(TXT("u.csv", "serial;model\nAB12CD34;Mod\xc3\xa8le\nEF56GH78;Mod\xe8le\n"),
           "x.csv, line 3: invalid UTF-8 text in a UTF-8 file",
           "x.csv, ligne 3 : texte UTF-8 invalide dans un fichier UTF-8");
    EXPECT(TXT("bom.csv", "\xef\xbb\xbfserial;model\nAB12CD34;Mod\xe8le\n"),
           "x.csv, line 2: invalid UTF-8 text in a UTF-8 file",
           "x.csv, ligne 2 : texte UTF-8 invalide dans un fichier UTF-8");
    EXPECT(TXT("nul.csv", "serial;model\nAB12\0CD34;x\n"),
           "x.csv, line 2: a NUL byte: this is not a text file",
           "x.csv, ligne 2 : un octet NUL : ce n'est pas un fichier texte");
    EXPECT(TXT("h.csv", "Couleur;Poids;Prix\nrouge;2;10\n"),
           "x.csv, line 1: no column this program reads (serial number, inventory number, manufacturer, model…)",
           "x.csv, ligne 1 : aucune colonne que ce programme lit (numéro de série, numéro d'inventaire, fabricant, "
           "modèle…)");
    EXPECT(TXT("h2.csv", "\nFabricant;Mod\xc3\xa8le\nDell;Latitude\n"),
           "x.csv, line 2: no column of serial numbers or inventory numbers",
           "x.csv, ligne 2 : aucune colonne de numéros de série ou de numéros d'inventaire");
    /* glpi-fr.csv cut inside the quoted "Bâtiment A; étage 2⏎salle 3" of
     * line 3, then inside the "É" of "Écoles" on line 9 */
    EXPECT(truncated(offset_of("salle") + 2), "x.csv, line 3: a quoted field is not closed",
           "x.csv, ligne 3 : un champ entre guillemets n'est pas refermé");
    EXPECT(truncated(offset_of("coles") - 1), "x.csv, line 9: invalid UTF-8 text in a UTF-8 file",
           "x.csv, ligne 9 : texte UTF-8 invalide dans un fichier UTF-8");
    EXPECT(tmp_file("z.csv", "", 0), "x.csv: the file is empty or holds only blank lines",
           "x.csv : le fichier est vide ou ne contient que des lignes vides");
    EXPECT(TXT("z2.csv", "\xef\xbb\xbf\r\n\r\n"), "x.csv: the file is empty or holds only blank lines",
           "x.csv : le fichier est vide ou ne contient que des lignes vides");
#undef EXPECT
}

TEST(refusals_name_file_line_and_reason_in_english)
{
    use_lang("en");
    refusals(0);
}

TEST(refusals_name_file_line_and_reason_in_french)
{
    use_lang("fr");
    refusals(1);
    Got *g = got_new();
    Err e = { 0 };
    CHECK(parse_text("serial;couleur\nEmpty;rouge\n", g, NULL, &e) == 0);
    CHECK_STR(g->notes, "ligne 1: colonnes non lues : « couleur »\n"
                        "ligne 2: « Empty » n'est pas un numéro de série et la ligne n'a pas de numéro "
                        "d'inventaire : ignorée\n");
    free(g);
    use_lang("en");
}

TEST(a_row_of_exactly_the_limit_is_read)
{
    Got *g = got_new();
    Err e = { 0 };
    CHECK_MSG(parse(long_row(INV_ROW_MAX), g, NULL, &e) == 0, "%s", e.msg);
    CHECK_INT(g->n, 1);
    CHECK_STR(g->dev[0].serial, "AB12CD34");
    CHECK_INT(strlen(g->dev[0].model), 255);
    free(g);
}

/* ---- size --------------------------------------------------------------------- */

static long peak_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

TEST(a_100000_row_export_is_read_in_bounded_memory)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/big.csv", support_tmpdir());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    fputs("\xef\xbb\xbfNom;Entité;Fabricant;Modèle;Type;Numéro de série;Numéro d'inventaire;"
          "Composants - Processeur;Mémoire;Disque dur : Nom;Disque dur : Numéro de série;"
          "Disque dur : Capacité par défaut\r\n", f);
    for (int i = 0; i < 100000; i++)
        fprintf(f, "PC-%06d;Mairie > Écoles;LENOVO;ThinkPad T%d;Portable;PF%08d;INV-%06d;"
                   "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz;%d Mio;\"SAMSUNG MZVLB256\nGeneric- SD/MMC\";"
                   "\"S4DX%08d\n\";\"244198\n0\"\r\n", i, 400 + i % 100, i, i, 4096 << (i % 3), i);
    double mb = (double)ftell(f) / 1e6;
    fclose(f);
    Got *g = got_new();
    g->heap_watch = 1;
    Err e = { 0 };
    long before = peak_kb();
    size_t heap_before = heap_now();
    CHECK_MSG(parse(path, g, NULL, &e) == 0, "%s", e.msg);
    long grew = peak_kb() - before;
    long heap = (long)(g->heap_max - heap_before) / 1024;
    CHECK_INT(g->n, 100000);
    CHECK(g->increasing);
    CHECK_INT(g->last_line, 2 + 99999 * 4);                 /* four lines a row */
    CHECK_STR(g->dev[7].serial, "PF00000007");
    CHECK_INT(g->dev[7].ndisks, 1);
    CHECK_INT(g->dev[7].disks_skipped, 1);
    CHECK_INT(g->dev[7].ram_mb, 8192);
    printf("# 100 000 rows (%.1f MB): heap in use while reading +%ld KiB, peak RSS +%ld KiB\n",
           mb, heap, grew);
    CHECK_MSG(heap < 1024, "the heap grew by %ld KiB while reading", heap);   /* a row, the reader: ~200 KiB */
#if !defined(__SANITIZE_ADDRESS__)
    CHECK_MSG(grew < 4096, "peak RSS grew by %ld KiB", grew);   /* ASan's quarantine and shadow would count */
#endif
    free(g);
}

int main(void)
{
    use_lang("en");
    RUN(a_100000_row_export_is_read_in_bounded_memory);   /* first: before other cases raise the peak */
    RUN(glpi_french_export_utf8_bom_crlf_semicolon);
    RUN(glpi_english_export_comma_no_bom_shuffled_columns);
    RUN(glpi_windows_1252_reads_as_the_utf8_file);
    RUN(windows_1252_decided_at_the_first_row_that_is_not_ascii);
    RUN(devicehub_placeholder_any_case);
    RUN(devicehub_columns_in_another_order);
    RUN(serials_of_other_items_are_not_the_computers);
    RUN(boucle_template_english_and_french);
    RUN(tab_separator_and_header_after_blank_lines);
    RUN(a_long_list_of_unknown_columns_is_cut_on_a_character);
    RUN(quotes_separators_newlines_doubled_quotes);
    RUN(garbage_serials_are_not_serials);
    RUN(values_that_are_not_sizes_are_noted_and_left_unknown);
    RUN(the_sink_stops_the_parser);
    RUN(refusals_name_file_line_and_reason_in_english);
    RUN(refusals_name_file_line_and_reason_in_french);
    RUN(a_row_of_exactly_the_limit_is_read);
    return t_done();
}
