/*
 * test_inv_agents.c — the agent readers (core/inventory/agent_xml.c,
 * agent_json.c, agent_dev.c): real files of FusionInventory 2.6 and OCS
 * 2.10 made on the development VM, the GLPI format's own example, files
 * made to hold card readers, bridges, placeholders; a 1 MB JSON in bounded
 * memory; every broken input with its exact message in English and French.
 * The files: tests/unit/data/inventories/ (README.md there says which is
 * which). BOUCLE_INV_FILE=path: also parses that file and prints what it
 * read (tests/e2e/inv_agents.sh, on what the agents write on this machine).
 */
#include "core/inventory/inventory.h"
#include "core/settings/lang.h"
#include "tests/unit/t.h"
#include "util/text.h"
#include "util/utf8.h"
#include <inttypes.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXDEV 4
#define MAXNOTE 8

typedef struct {
    InvDevice dev[MAXDEV];
    int ndev;
    char notes[MAXNOTE][200];
    int nnotes;
    int stop_at;   /* the sink says stop at this device (1-based), 0 never */
} Got;

static int got_device(void *arg, const InvDevice *d, Err *e)
{
    Got *g = arg;
    if (g->ndev < MAXDEV) g->dev[g->ndev] = *d;
    g->ndev++;
    if (g->stop_at && g->ndev == g->stop_at) return err_set(e, ERR_DB, "sink full");
    return 0;
}

static void got_note(void *arg, const char *where, const char *msg)
{
    Got *g = arg;
    if (g->nnotes < MAXNOTE) snprintf(g->notes[g->nnotes], sizeof g->notes[0], "%s: %s", where, msg);
    g->nnotes++;
}

static const char *top(void) { return getenv("BOUCLE_TOP") ? getenv("BOUCLE_TOP") : "."; }

static int parse_path(const char *rel, Got *g, InvFormat *fmt, Err *e)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/unit/data/inventories/%s", top(), rel);
    memset(g, 0, sizeof *g);
    memset(e, 0, sizeof *e);
    InvSink s = { got_device, got_note, g };
    return inv_parse_file(path, &s, fmt, e);
}

/* Parses text as XML (xml=1) or JSON, the file named "in.xml"/"in.json". */
static int parse_text(const char *text, size_t len, int xml, Got *g, Err *e)
{
    memset(g, 0, sizeof *g);
    memset(e, 0, sizeof *e);
    FILE *f = fmemopen((void *)text, len, "rb");
    if (!f) return -2;
    InvSink s = { got_device, got_note, g };
    int r = xml ? inv_parse_xml(f, "in.xml", &s, e) : inv_parse_json(f, "in.json", &s, e);
    fclose(f);
    return r;
}

static char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/unit/data/inventories/%s", top(), rel);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *b = malloc(1 << 20);
    *len = fread(b, 1, (1 << 20) - 1, f);
    b[*len] = '\0';
    fclose(f);
    return b;
}

/* Replaces the first `from` in s (malloc'd, 1 MiB) with `to`. */
static int replace(char *s, size_t *len, const char *from, const char *to)
{
    char *p = strstr(s, from);
    if (!p) return -1;
    size_t fl = strlen(from), tl = strlen(to);
    memmove(p + tl, p + fl, *len - (size_t)(p - s) - fl + 1);
    memcpy(p, to, tl);
    *len = *len - fl + tl;
    return 0;
}

/* ---- real files ------------------------------------------------------------ */

/* FusionInventory 2.6 on the VM: no SMBIOS, so no serial — a note, no
 * device; with the SSN filled in, what it says of the VM. */
TEST(real_fusioninventory_vm)
{
    Got g;
    Err e;
    InvFormat fmt = INV_UNKNOWN;
    CHECK_INT(parse_path("fusioninventory-2.6-vm.xml", &g, &fmt, &e), 0);
    CHECK_INT(fmt, INV_AGENT_XML);
    CHECK_INT(g.ndev, 0);
    CHECK_INT(g.nnotes, 1);
    CHECK_STR(g.notes[0], "REQUEST/CONTENT: no serial number and no asset tag: the device is skipped");
    size_t len;
    char *s = slurp("fusioninventory-2.6-vm.xml", &len);
    CHECK(s);
    CHECK_INT(replace(s, &len, "<SSN></SSN>", "<SSN>VM-2026-0001</SSN>"), 0);
    int r = parse_text(s, len, 1, &g, &e);
    free(s);
    CHECK_INT(r, 0);
    CHECK_INT(g.ndev, 1);
    const InvDevice *d = &g.dev[0];
    CHECK_STR(d->serial, "VM-2026-0001");
    CHECK_STR(d->where, "REQUEST/CONTENT");
    CHECK_INT(d->ram_mb, 24152);
    CHECK_STR(d->cpu, "Intel(R) Xeon(R) Processor");
    CHECK_STR(d->make, "");
    CHECK_STR(d->category, "");
    CHECK_INT(d->ndisks, 1);
    CHECK_INT(d->disks_skipped, 0);
    CHECK_STR(d->disks[0].model, "vda");               /* no MODEL: the kernel's name */
    CHECK_STR(d->disks[0].serial, "overlayblk");
    CHECK_INT(d->disks[0].bytes, INT64_C(274877000000));
    CHECK_STR(d->disks[0].type, "hdd");
    CHECK_INT(d->battery_design_mwh, 0);
}

/* OCS 2.10 on the same VM: CPUS/TYPE, DISKSIZE with decimals, a zram. */
TEST(real_ocs_vm)
{
    Got g;
    Err e;
    InvFormat fmt = INV_UNKNOWN;
    CHECK_INT(parse_path("ocsinventory-2.10-vm.ocs", &g, &fmt, &e), 0);
    CHECK_INT(fmt, INV_AGENT_XML);
    CHECK_INT(g.ndev, 0);
    CHECK_STR(g.notes[0], "REQUEST/CONTENT: no serial number and no asset tag: the device is skipped");
    size_t len;
    char *s = slurp("ocsinventory-2.10-vm.ocs", &len);
    CHECK(s);
    CHECK_INT(replace(s, &len, "<BIOS>", "<BIOS><SSN>OCS-VM-7</SSN><TYPE>Notebook</TYPE>"), 0);
    int r = parse_text(s, len, 1, &g, &e);
    free(s);
    CHECK_INT(r, 0);
    CHECK_INT(g.ndev, 1);
    const InvDevice *d = &g.dev[0];
    CHECK_STR(d->serial, "OCS-VM-7");
    CHECK_STR(d->category, "laptop");
    CHECK_INT(d->ram_mb, 24152);
    CHECK_STR(d->cpu, "Intel(R) Xeon(R) Processor");
    CHECK_INT(d->ndisks, 1);
    CHECK_INT(d->disks_skipped, 1);                     /* zram0 */
    CHECK_INT(d->disks[0].bytes, INT64_C(274877906944));
    CHECK_STR(d->disks[0].serial, "");
}

/* ---- made files ------------------------------------------------------------- */

TEST(laptop_card_reader_bridge_dvd)
{
    Got g;
    Err e;
    CHECK_INT(parse_path("laptop-card-reader.xml", &g, NULL, &e), 0);
    CHECK_INT(g.ndev, 1);
    const InvDevice *d = &g.dev[0];
    CHECK_STR(d->serial, "7H2KQ92");
    CHECK_STR(d->tag, "INV-0042");
    CHECK_STR(d->make, "Dell Inc.");
    CHECK_STR(d->model, "Latitude 7470");
    CHECK_STR(d->chassis, "Laptop");
    CHECK_STR(d->category, "laptop");
    CHECK_INT(d->ram_mb, 8192);                         /* 4096 + 4096 + "No" */
    CHECK_STR(d->cpu, "Intel(R) Core(TM) i5-6300U CPU @ 2.40GHz");
    CHECK_INT(d->ndisks, 2);
    CHECK_INT(d->disks_skipped, 3);                     /* SD/MMC, the bridge, the DVD */
    CHECK_STR(d->disks[0].serial, "S2T0NX0H612345");
    CHECK_STR(d->disks[0].model, "SAMSUNG MZ7LN256HMJP");
    CHECK_STR(d->disks[0].type, "ssd");                 /* <TYPE>disk</TYPE>: the model says SSD */
    CHECK_INT(d->disks[0].bytes, INT64_C(256060000000));
    CHECK_STR(d->disks[1].model, "ST1000LM024 HN-M101MBB");
    CHECK_STR(d->disks[1].serial, "");                  /* 0000000000 */
    CHECK_STR(d->disks[1].type, "hdd");                 /* a Samsung Spinpoint */
    CHECK_INT(d->battery_design_mwh, 55000);
    CHECK_INT(d->battery_full_mwh, 41250);
    CHECK_INT(g.nnotes, 1);
    CHECK_STR(g.notes[0], "REQUEST/CONTENT: a disk's serial number is a placeholder: left empty");
}

/* OCS on Windows, ISO-8859-1, BIOS not filled in: the board's serial. */
TEST(ocs_desktop_board_serial_latin1)
{
    Got g;
    Err e;
    CHECK_INT(parse_path("ocs-desktop-board-serial.xml", &g, NULL, &e), 0);
    CHECK_INT(g.ndev, 1);
    const InvDevice *d = &g.dev[0];
    CHECK_STR(d->serial, "190436731301234");
    CHECK_STR(d->tag, "");                              /* Default string */
    CHECK_STR(d->make, "ASUSTeK COMPUTER INC.");        /* not "System manufacturer" */
    CHECK_STR(d->model, "PRIME H310M-E R2.0");
    CHECK_STR(d->category, "desktop");                  /* BIOS/TYPE */
    CHECK_INT(d->ram_mb, 7872);
    CHECK_STR(d->cpu, "Intel(R) Core(TM) i3-9100 CPU @ 3.60GHz");
    CHECK_INT(d->ndisks, 1);
    CHECK_INT(d->disks_skipped, 2);                     /* Multi-Card, zram0 */
    CHECK_STR(d->disks[0].serial, "WD-WCC2EUH12345");   /* leading blanks trimmed */
    CHECK_INT(d->disks[0].bytes, INT64_C(500107862016));
    CHECK_INT(d->battery_design_mwh, 48840);            /* 4400 mAh × 11.1 V */
    CHECK_INT(g.nnotes, 2);
    CHECK_STR(g.notes[0], "REQUEST/CONTENT: the system serial number is a placeholder");
    CHECK_STR(g.notes[1], "REQUEST/CONTENT: no system serial number: the motherboard's serial number is used");
}

/* glpi-project/inventory_format examples/computer_1.json (excerpt, MIT). */
TEST(glpi_format_example)
{
    Got g;
    Err e;
    InvFormat fmt = INV_UNKNOWN;
    CHECK_INT(parse_path("glpi-computer_1-excerpt.json", &g, &fmt, &e), 0);
    CHECK_INT(fmt, INV_AGENT_JSON);
    CHECK_INT(g.ndev, 1);
    const InvDevice *d = &g.dev[0];
    CHECK_STR(d->where, "content");
    CHECK_STR(d->serial, "640HP72");
    CHECK_STR(d->tag, "");                              /* accountinfo TAG is the agent's, not an asset tag */
    CHECK_STR(d->make, "Dell Inc.");
    CHECK_STR(d->model, "XPS 13 9350");
    CHECK_STR(d->category, "laptop");
    CHECK_INT(d->ram_mb, 7800);                         /* hardware.memory wins over the modules */
    CHECK_STR(d->cpu, "Intel(R) Core(TM) i5-6200U CPU @ 2.30GHz");
    CHECK_INT(d->ndisks, 1);
    CHECK_STR(d->disks[0].serial, "S29NNXAH146409");
    CHECK_STR(d->disks[0].type, "nvme");
    CHECK_INT(d->disks[0].bytes, INT64_C(256060000000));
    CHECK_INT(d->battery_design_mwh, 57570);
    CHECK_INT(d->battery_full_mwh, 50570);
    CHECK_INT(g.nnotes, 0);
}

TEST(glpi_laptop_usb_disk_emmc)
{
    Got g;
    Err e;
    CHECK_INT(parse_path("laptop.json", &g, NULL, &e), 0);
    CHECK_INT(g.ndev, 1);
    const InvDevice *d = &g.dev[0];
    CHECK_STR(d->serial, "PF1ABCDE");
    CHECK_STR(d->tag, "");                              /* No Asset Information */
    CHECK_STR(d->model, "ThinkPad T480");
    CHECK_STR(d->category, "laptop");
    CHECK_INT(d->ram_mb, 16384);
    CHECK_STR(d->cpu, "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz");
    CHECK_INT(d->ndisks, 2);
    CHECK_INT(d->disks_skipped, 2);                     /* the card reader, the USB disk */
    CHECK_STR(d->disks[0].type, "nvme");
    CHECK_STR(d->disks[0].serial, "S4ENNX0M123456");
    CHECK_STR(d->disks[1].type, "emmc");
    CHECK_STR(d->disks[1].serial, "0x9f3c21d4");
    CHECK_INT(d->battery_design_mwh, 24050);            /* the first battery */
    CHECK_INT(d->battery_full_mwh, 19240);
}

TEST(garbage_serials_skip_the_device)
{
    Got g;
    Err e;
    CHECK_INT(parse_path("garbage-serials.json", &g, NULL, &e), 0);
    CHECK_INT(g.ndev, 0);
    CHECK_INT(g.nnotes, 2);
    CHECK_STR(g.notes[0], "content: the system serial number is a placeholder");
    CHECK_STR(g.notes[1], "content: no serial number and no asset tag: the device is skipped");
}

/* Several REQUESTs in one root: one device each, named by place. */
TEST(xml_several_requests)
{
    const char *x = "<INVENTORIES><REQUEST><CONTENT><BIOS><SSN>ABC123</SSN></BIOS></CONTENT></REQUEST>"
                    "<REQUEST><CONTENT><BIOS><SSN/><ASSETTAG>T-9</ASSETTAG></BIOS>"
                    "<HARDWARE><CHASSIS_TYPE>10</CHASSIS_TYPE></HARDWARE></CONTENT></REQUEST></INVENTORIES>";
    Got g;
    Err e;
    CHECK_INT(parse_text(x, strlen(x), 1, &g, &e), 0);
    CHECK_INT(g.ndev, 2);
    CHECK_STR(g.dev[0].serial, "ABC123");
    CHECK_STR(g.dev[0].where, "INVENTORIES/REQUEST[1]/CONTENT");
    CHECK_STR(g.dev[1].tag, "T-9");
    CHECK_STR(g.dev[1].category, "laptop");             /* SMBIOS 10: Notebook */
    CHECK_STR(g.dev[1].where, "INVENTORIES/REQUEST[2]/CONTENT");
}

/* A root of 30 Thai letters (ISO-8859-11, 3 bytes each in UTF-8): the
 * device's place names it cut on a whole character (found by
 * fuzz_inv_xml: it was cut inside one, not UTF-8). */
TEST(xml_where_cut_on_a_character)
{
    char x[400];
    size_t o = (size_t)snprintf(x, sizeof x, "<?xml version=\"1.0\" encoding=\"ISO-8859-11\"?>\n<");
    for (int i = 0; i < 30; i++) x[o++] = (char)0xc0;
    o += (size_t)snprintf(x + o, sizeof x - o, "><REQUEST><CONTENT><BIOS><SSN>TH-1</SSN></BIOS></CONTENT></REQUEST></");
    for (int i = 0; i < 30; i++) x[o++] = (char)0xc0;
    o += (size_t)snprintf(x + o, sizeof x - o, ">");
    Got g;
    Err e;
    CHECK_INT(parse_text(x, o, 1, &g, &e), 0);
    CHECK_INT(g.ndev, 1);
    CHECK(utf8_valid(g.dev[0].where, strlen(g.dev[0].where)));
    CHECK_STR(g.dev[0].where, "\u0e20\u0e20\u0e20\u0e20\u0e20\u0e20\u0e20\u0e20\u0e20\u0e20\u0e20\u0e20"
                              "\u0e20\u0e20\u0e20/REQUEST[1]/CONTENT");
}

/* More disks than INV_DISKS_MAX: the rest counted as skipped. */
TEST(more_disks_than_kept)
{
    static char x[20000], j[20000];
    size_t o = (size_t)snprintf(x, sizeof x, "<REQUEST><CONTENT><BIOS><SSN>SRV-1</SSN></BIOS>");
    size_t p = (size_t)snprintf(j, sizeof j, "{\"content\":{\"bios\":{\"ssn\":\"SRV-1\"},\"storages\":[");
    for (int i = 0; i < 20; i++) {
        o += (size_t)snprintf(x + o, sizeof x - o, "<STORAGES><MODEL>HUS726T4TALA6L4</MODEL>"
                              "<SERIALNUMBER>V6G0%04d</SERIALNUMBER><DISKSIZE>4000787</DISKSIZE>"
                              "<INTERFACE>SATA</INTERFACE></STORAGES>", i);
        p += (size_t)snprintf(j + p, sizeof j - p, "%s{\"model\":\"HUS726T4TALA6L4\",\"serial\":\"V6G0%04d\","
                              "\"disksize\":4000787}", i ? "," : "", i);
    }
    snprintf(x + o, sizeof x - o, "</CONTENT></REQUEST>");
    snprintf(j + p, sizeof j - p, "]}}");
    Got g;
    Err e;
    CHECK_INT(parse_text(x, strlen(x), 1, &g, &e), 0);
    CHECK_INT(g.dev[0].ndisks, INV_DISKS_MAX);
    CHECK_INT(g.dev[0].disks_skipped, 20 - INV_DISKS_MAX);
    CHECK_STR(g.dev[0].disks[15].serial, "V6G00015");
    CHECK_INT(parse_text(j, strlen(j), 0, &g, &e), 0);
    CHECK_INT(g.dev[0].ndisks, INV_DISKS_MAX);
    CHECK_INT(g.dev[0].disks_skipped, 20 - INV_DISKS_MAX);
}

/* Control characters, bidirectional overrides and line separators never
 * reach a field: what the importer stores passes text_check. */
TEST(text_is_cleaned)
{
    const char *j = "{\"content\":{\"bios\":{\"ssn\":\"AB\\u202e12\",\"smodel\":\"Pro\\u202eBook\\n\\t 450 \","
                    "\"smanufacturer\":\"\\u0007HP\\u2028Inc\"}}}";
    Got g;
    Err e;
    CHECK_INT(parse_text(j, strlen(j), 0, &g, &e), 0);
    CHECK_INT(g.ndev, 1);
    CHECK_STR(g.dev[0].serial, "AB12");                 /* the override dropped */
    CHECK_STR(g.dev[0].model, "ProBook 450");
    CHECK_STR(g.dev[0].make, "HP Inc");
    CHECK_INT(text_check(g.dev[0].model, strlen(g.dev[0].model), 256, "m", NULL), 0);
}

/* The sink says stop: the reader stops with the sink's error. */
TEST(sink_stops_the_reader)
{
    const char *x = "<INVENTORIES><REQUEST><CONTENT><BIOS><SSN>ABC123</SSN></BIOS></CONTENT></REQUEST>"
                    "<REQUEST><CONTENT><BIOS><SSN>DEF456</SSN></BIOS></CONTENT></REQUEST></INVENTORIES>";
    Got g;
    Err e;
    memset(&g, 0, sizeof g);
    memset(&e, 0, sizeof e);
    g.stop_at = 1;
    FILE *f = fmemopen((void *)x, strlen(x), "rb");
    InvSink s = { got_device, got_note, &g };
    CHECK_INT(inv_parse_xml(f, "in.xml", &s, &e), -1);
    fclose(f);
    CHECK_INT(g.ndev, 1);
    CHECK_STR(e.msg, "sink full");
    CHECK_INT(e.code, ERR_DB);
}

/* ---- a 1 MB agent JSON in bounded memory ------------------------------------ */

TEST(json_one_megabyte_bounded_memory)
{
    char path[] = "/tmp/boucle-inv-big-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"action\":\"inventory\",\"content\":{\"softwares\":[", f);
    long n = 0;
    for (int i = 0; ftell(f) < (1L << 20); i++, n++)
        fprintf(f, "%s{\"name\":\"paquet-%05d\",\"version\":\"1.%d.0-1+deb12u1\",\"publisher\":\"Debian\","
                "\"comments\":\"a package of the distribution, number %d\",\"from\":\"deb\"}", i ? "," : "", i, i, i);
    fputs("],\"bios\":{\"ssn\":\"BIG-1\"},\"storages\":[{\"model\":\"KINGSTON SA400S37240G\",\"serial\":\"50026B7784\","
          "\"disksize\":240057,\"interface\":\"SATA\"}]}}", f);
    long size = ftell(f);
    fclose(f);
    /* in a child, so that its peak RSS is its own */
    pid_t pid = fork();
    if (pid == 0) {
        Got g;
        Err e;
        memset(&g, 0, sizeof g);
        InvSink s = { got_device, got_note, &g };
        int r = inv_parse_file(path, &s, NULL, &e);
        _exit(r == 0 && g.ndev == 1 && !strcmp(g.dev[0].serial, "BIG-1") && g.dev[0].ndisks == 1 ? 0 : 1);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    unlink(path);
    printf("# %ld bytes, %ld softwares: peak RSS of the parsing child %ld KiB\n", size, n, ru.ru_maxrss);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(size >= (1L << 20));
    CHECK_MSG(ru.ru_maxrss < 48 * 1024, "peak RSS %ld KiB", ru.ru_maxrss);
}

/* A file over INV_FILE_MAX is refused before it is read (a sparse file:
 * nothing is written). */
TEST(json_too_large_refused_unread)
{
    char path[] = "/tmp/boucle-inv-huge-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, "{", 1) == 1);
    CHECK(ftruncate(fd, INV_FILE_MAX + 1) == 0);
    close(fd);
    Got g;
    Err e;
    memset(&g, 0, sizeof g);
    InvSink s = { got_device, got_note, &g };
    FILE *f = fopen(path, "rb");
    lang_init("en", NULL);
    int r = inv_parse_json(f, "big.json", &s, &e);
    fclose(f);
    unlink(path);
    CHECK_INT(r, -1);
    CHECK_STR(e.msg, "big.json: larger than 32 MiB: not read");
}

/* ---- broken inputs: the exact message, in English and in French -------------- */

typedef struct {
    const char *name;
    int xml;
    const char *text;   /* NULL: made by the case */
    const char *en, *fr;
} Broken;

static void deep(char *out, size_t size, int xml)
{
    size_t o = (size_t)snprintf(out, size, xml ? "<REQUEST><CONTENT>" : "{\"content\":{\"x\":");
    for (int i = 0; i < 100; i++) o += (size_t)snprintf(out + o, size - o, xml ? "<A>" : "[");
    for (int i = 0; i < 100; i++) o += (size_t)snprintf(out + o, size - o, xml ? "</A>" : "]");
    snprintf(out + o, size - o, xml ? "</CONTENT></REQUEST>" : "}}");
}

static char *huge(int xml)
{
    size_t n = INV_ROW_MAX + 10;
    char *s = malloc(n + 100);
    size_t o = (size_t)sprintf(s, xml ? "<REQUEST><CONTENT><BIOS><SSN>" : "{\"content\":{\"bios\":{\"ssn\":\"");
    memset(s + o, 'x', n);
    o += n;
    sprintf(s + o, xml ? "</SSN></BIOS></CONTENT></REQUEST>" : "\"}}}");
    return s;
}

static const Broken BROKEN[] = {
    { "xml truncated", 1, "<?xml version=\"1.0\"?>\n<REQUEST>\n<CONTENT>\n<BIOS>\n<SSN>AB12",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (line 5): the file ends in the middle of the inventory (truncated?)",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (ligne 5) : le fichier s'arrête au milieu de l'inventaire (tronqué ?)" },
    { "xml not utf-8", 1, "<?xml version=\"1.0\"?>\n<REQUEST><CONTENT><BIOS><SSN>caf\xe9</SSN></BIOS></CONTENT></REQUEST>\n",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (line 2): text that is not UTF-8 and no encoding declared (or a character XML forbids)",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (ligne 2) : du texte qui n'est pas en UTF-8 sans encodage déclaré (ou un caractère interdit en XML)" },
    { "xml deep", 1, NULL,
      "in.xml, REQUEST/CONTENT/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A (line 1): elements nested deeper than 64 levels",
      "in.xml, REQUEST/CONTENT/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A/A (ligne 1) : des éléments imbriqués sur plus de 64 niveaux" },
    { "xml huge value", 1, NULL,
      "in.xml, REQUEST/CONTENT/BIOS/SSN (line 1): a text value longer than 1048576 bytes",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (ligne 1) : une valeur texte de plus de 1048576 octets" },
    { "xml wrong root", 1, "<?xml version=\"1.0\"?>\n<html><body><p>404</p></body></html>\n",
      "in.xml, html (line 2): no REQUEST/CONTENT: not a FusionInventory or OCS agent inventory",
      "in.xml, html (ligne 2) : pas de REQUEST/CONTENT : ce n'est pas un inventaire d'agent FusionInventory ou OCS" },
    { "xml prolog only", 1, "<REQUEST><QUERY>PROLOG</QUERY><DEVICEID>pc-1</DEVICEID></REQUEST>",
      "in.xml, REQUEST (line 1): no REQUEST/CONTENT: not a FusionInventory or OCS agent inventory",
      "in.xml, REQUEST (ligne 1) : pas de REQUEST/CONTENT : ce n'est pas un inventaire d'agent FusionInventory ou OCS" },
    { "xml dtd", 1, "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n"
                    "<REQUEST><CONTENT><BIOS><SSN>&b;</SSN></BIOS></CONTENT></REQUEST>",
      /* a DOCTYPE node has no line: the parser's, which has read ahead */
      "in.xml, / (line 3): the file declares a DTD (<!DOCTYPE>), which no agent writes",
      "in.xml, / (ligne 3) : le fichier déclare une DTD (<!DOCTYPE>), ce qu'aucun agent n'écrit" },
    { "xml mismatch", 1, "<REQUEST><CONTENT>\n<BIOS><SSN>AB12</SSX></BIOS></CONTENT></REQUEST>",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (line 2): not well-formed XML (libxml2: Opening and ending tag mismatch: SSN line 2 and SSX)",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (ligne 2) : XML mal formé (libxml2 : Opening and ending tag mismatch: SSN line 2 and SSX)" },
    { "xml bad encoding", 1, "<?xml version=\"1.0\" encoding=\"SHIFT_JIS\"?>\n<REQUEST><CONTENT><BIOS><SSN>\xff\xff\x7e\xfc</SSN></BIOS></CONTENT></REQUEST>\n",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (line 2): text that is not in the encoding the file declares",
      "in.xml, REQUEST/CONTENT/BIOS/SSN (ligne 2) : du texte qui n'est pas dans l'encodage que le fichier déclare" },
    { "json truncated", 0, "{\n  \"content\": {\n    \"bios\": {\n      \"ssn\": \"640H",
      "in.json, content.bios.ssn (line 4): the file ends in the middle of the inventory (truncated?)",
      "in.json, content.bios.ssn (ligne 4) : le fichier s'arrête au milieu de l'inventaire (tronqué ?)" },
    { "json not utf-8", 0, "{\"content\":{\"bios\":{\n\"smodel\":\"caf\xe9\"}}}",
      "in.json, content.bios.smodel (line 2): text that is not UTF-8",
      "in.json, content.bios.smodel (ligne 2) : du texte qui n'est pas en UTF-8" },
    { "json deep", 0, NULL,
      "in.json, content.x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]… (line 1): values nested deeper than 64 levels",
      "in.json, content.x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]… (ligne 1) : des valeurs imbriquées sur plus de 64 niveaux" },
    { "json huge value", 0, NULL,
      "in.json, content.bios.ssn (line 1): a text value longer than 1048576 bytes",
      "in.json, content.bios.ssn (ligne 1) : une valeur texte de plus de 1048576 octets" },
    { "json wrong root", 0, "[{\"content\":{}}]",
      "in.json, / (line 1): no \"content\" object: not a GLPI agent inventory",
      "in.json, / (ligne 1) : pas d'objet « content » : ce n'est pas un inventaire d'agent GLPI" },
    { "json duplicate", 0, "{\"content\":{\"bios\":{\"ssn\":\"A1B2\",\n\"ssn\":\"C3D4\"}}}",
      "in.json, content.bios.ssn (line 2): a key given twice",
      "in.json, content.bios.ssn (ligne 2) : une clé donnée deux fois" },
    { "json trailing", 0, "{\"content\":{}}\n{\"content\":{}}",
      "in.json, / (line 2): something after the end of the inventory",
      "in.json, / (ligne 2) : du texte après la fin de l'inventaire" },
};

TEST(broken_inputs_exact_messages)
{
    static char deep_x[4096], deep_j[4096];
    deep(deep_x, sizeof deep_x, 1);
    deep(deep_j, sizeof deep_j, 0);
    char *huge_x = huge(1), *huge_j = huge(0);
    int bad = 0;
    for (int lang = 0; lang < 2; lang++) {
        lang_init(lang ? "fr" : "en", NULL);
        for (size_t i = 0; i < sizeof BROKEN / sizeof BROKEN[0]; i++) {
            const Broken *b = &BROKEN[i];
            const char *t = b->text;
            if (!t) t = strstr(b->name, "deep") ? (b->xml ? deep_x : deep_j) : (b->xml ? huge_x : huge_j);
            Got g;
            Err e;
            int r = parse_text(t, strlen(t), b->xml, &g, &e);
            const char *want = lang ? b->fr : b->en;
            if (r != -1 || strcmp(e.msg, want) != 0 || e.code != ERR_INPUT) {
                printf("# %s (%s): got %d \"%s\"\n#   expected \"%s\"\n", b->name, lang ? "fr" : "en", r, e.msg, want);
                bad++;
            }
        }
    }
    lang_init("en", NULL);
    free(huge_x);
    free(huge_j);
    CHECK_INT(bad, 0);
}

/* BOUCLE_INV_FILE: what the reader makes of a file (the e2e test runs the
 * agents of this machine and checks this). */
TEST(env_file)
{
    const char *p = getenv("BOUCLE_INV_FILE");
    if (!p) SKIP("BOUCLE_INV_FILE is not set (tests/e2e/inv_agents.sh sets it)");
    Got g;
    Err e;
    memset(&g, 0, sizeof g);
    InvSink s = { got_device, got_note, &g };
    InvFormat fmt = INV_UNKNOWN;
    int r = inv_parse_file(p, &s, &fmt, &e);
    printf("# format %s, result %d %s\n", inv_format_key(fmt), r, r ? e.msg : "");
    for (int i = 0; i < g.ndev && i < MAXDEV; i++) {
        const InvDevice *d = &g.dev[i];
        printf("# device serial=%s ram=%" PRId64 " cpu=%s disks=%d skipped=%d\n", d->serial, d->ram_mb, d->cpu,
               d->ndisks, d->disks_skipped);
    }
    for (int i = 0; i < g.nnotes && i < MAXNOTE; i++) printf("# note %s\n", g.notes[i]);
    CHECK_INT(r, 0);
    CHECK(g.ndev + g.nnotes > 0);
}

static void localedir(void)
{
    char exe[4096], dir[4200];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    snprintf(dir, sizeof dir, "%s/../locale", exe);   /* build/tests/.. = build */
    setenv("BOUCLE_LOCALEDIR", dir, 1);
}

int main(void)
{
    localedir();
    lang_init("en", NULL);
    RUN(real_fusioninventory_vm);
    RUN(real_ocs_vm);
    RUN(laptop_card_reader_bridge_dvd);
    RUN(ocs_desktop_board_serial_latin1);
    RUN(glpi_format_example);
    RUN(glpi_laptop_usb_disk_emmc);
    RUN(garbage_serials_skip_the_device);
    RUN(xml_several_requests);
    RUN(xml_where_cut_on_a_character);
    RUN(more_disks_than_kept);
    RUN(text_is_cleaned);
    RUN(sink_stops_the_reader);
    RUN(json_one_megabyte_bounded_memory);
    RUN(json_too_large_refused_unread);
    RUN(broken_inputs_exact_messages);
    RUN(env_file);
    return t_done();
}
