/*
 * fuzz_config.c — fuzz target of the configuration file reader and writer
 * (core/settings/config.c) and of what is read from it: the printers
 * (core/label/print.c printer_names, printer_lookup → printer_parse) and
 * the label settings (core/label/label_device.c label_settings_load).
 * The file is edited by hand, and by `boucle config KEY VALUE`.
 *
 * The input is the file. For every key the program reads, config_get(),
 * then the printers, then config_set() of one key and config_get() again.
 * On any input:
 * - no read or write outside the lines or the values (ASan), no undefined
 *   behaviour (UBSan), nothing leaked;
 * - values read are terminated;
 * - when the file reads without error, config_set() of a key succeeds,
 *   the key reads back as the value set, and every other key reads as it
 *   did before (config.c: "Writing keeps every other line as it was").
 *
 *   make fuzz && build-fuzz/fuzz_config -dict=tests/fuzz/config.dict tests/fuzz/corpus/config
 */
#include "core/settings/config.h"
#include "core/label/label_device.h"
#include "core/label/print.h"
#include "tests/fuzz/fuzz_util.h"
#include <fcntl.h>
#include <sys/stat.h>

#define REQUIRE(c) FUZZ_REQUIRE("config", c)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256], conf[300];

static void cleanup(void)
{
    char tmp[400];
    unlink(conf);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", conf, (long)getpid());
    unlink(tmp);
    rmdir(dir);
}

static int setup(void)
{
    if (dir[0]) return 0;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/boucle-fuzz-config-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) { dir[0] = '\0'; return -1; }
    snprintf(conf, sizeof conf, "%s/boucle.conf", dir);
    atexit(cleanup);
    return 0;
}

static int write_all(const char *path, const uint8_t *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) { close(fd); return -1; }
        off += (size_t)w;
    }
    return close(fd);
}

/* The keys read: config_keys with printer.* as a few names. */
static const char *const EXTRA[] = { "printer.zebra", "printer.bureau", "printer.a", NULL };
#define NKEYS 40

static int keys(const char *out[NKEYS])
{
    int n = 0;
    for (const char *const *k = config_keys; *k && n < NKEYS; k++)
        if (!strchr(*k, '*')) out[n++] = *k;
    for (const char *const *k = EXTRA; *k && n < NKEYS; k++) out[n++] = *k;
    return n;
}

/* Reads every key: 0 when the file reads without error, else -1. */
static int read_all(const char *const *k, int n, char (*vals)[CONFIG_VALUE_MAX + 1], int *found)
{
    int bad = 0;
    for (int i = 0; i < n; i++) {
        Err e = { 0 };
        vals[i][0] = '\0';
        found[i] = config_get(conf, k[i], vals[i], CONFIG_VALUE_MAX + 1, &e);
        REQUIRE(found[i] >= -1 && found[i] <= 1);
        REQUIRE(memchr(vals[i], '\0', CONFIG_VALUE_MAX + 1) != NULL);
        if (found[i] < 0) { REQUIRE(e.msg[0]); bad = 1; }
    }
    return bad ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char before[NKEYS][CONFIG_VALUE_MAX + 1], after[NKEYS][CONFIG_VALUE_MAX + 1];
    int fb[NKEYS], fa[NKEYS];
    const char *k[NKEYS];
    int n = keys(k);
    if (setup() < 0 || write_all(conf, data, size) < 0) return 0;
    int ok = read_all(k, n, before, fb) == 0;

    /* the printers and the label settings, as `boucle label` reads them */
    char names[16][64];
    Err e = { 0 };
    int np = printer_names(conf, names, 16, &e);
    REQUIRE(np >= -1 && np <= 16);
    Printer p;
    (void)printer_lookup(conf, NULL, &p, &e);
    for (int i = 0; i < np; i++) {
        REQUIRE(FUZZ_TERMINATED(names[i]) && names[i][0]);
        if (printer_lookup(conf, names[i], &p, &e) == 0) {
            REQUIRE(FUZZ_TERMINATED(p.name) && FUZZ_TERMINATED(p.uri) && FUZZ_TERMINATED(p.host));
            REQUIRE(FUZZ_TERMINATED(p.queue) && FUZZ_TERMINATED(p.template_name));
            REQUIRE(p.dpi == 0 || (p.dpi >= 100 && p.dpi <= 1200));
            REQUIRE(p.kind != PRINTER_TCP || (p.host[0] && p.port > 0 && p.port <= 65535));
            (void)printer_format(&p);
        }
    }
    LabelSettings ls = { .code128 = -1 };
    label_settings_load(conf, &ls);
    REQUIRE(FUZZ_TERMINATED(ls.template_name) && FUZZ_TERMINATED(ls.url));
    REQUIRE(ls.code128 == 0 || ls.code128 == 1);

    /* `boucle config KEY VALUE` on it: one key changes, the others stay */
    if (!ok || memchr(data, '\0', size)) return 0;
    int which = size ? data[size - 1] % n : 0;
    const char *value = "fuzz-value = [x] # ; é";
    /* a value its key takes (each key has its own limits: config_value_max) */
    Err ve = { 0 };
    if (config_value_check(k[which], value, &ve) < 0) value = "fuzz-value";
    if (config_value_check(k[which], value, &ve) < 0) return 0;
    int rs = config_set(conf, k[which], value, &e);
    REQUIRE(rs == 0);
    REQUIRE(read_all(k, n, after, fa) == 0);
    for (int i = 0; i < n; i++) {
        if (i == which) {
            REQUIRE(fa[i] == 1 && strcmp(after[i], value) == 0);
        } else {
            REQUIRE(fa[i] == fb[i]);
            if (fb[i] == 1) REQUIRE(strcmp(after[i], before[i]) == 0);
        }
    }
    return 0;
}
