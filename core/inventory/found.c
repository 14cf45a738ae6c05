/*
 * found.c — the device describes itself (see found.h): this machine read
 * into an InvDevice, and what was found recorded beside what was
 * announced.
 *
 * Invariants: found_record() writes in one transaction or not at all; it
 * never writes an event that says nothing new (specs equal to the current
 * ones, a disk already recorded, the same differences as the newest
 * discrepancy event), so it can be run at every boot of a bench machine.
 * The probe reads only files and runs only lshw and smartctl; it writes
 * nothing.
 */
#include "core/inventory/found.h"
#include "core/inventory/announce.h"
#include "core/log/kind.h"
#include "core/stock/specs.h"
#include "core/wipe/media.h"
#include "core/wipe/probe.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/units.h"
#include "util/utf8.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- reading this machine ------------------------------------------------- */

/* The first line of dir/name, trimmed. 0, or -1 with errno (EACCES: root only). */
static int read_first(const char *dir, const char *name, char *out, size_t size)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    out[0] = '\0';
    FILE *f = fopen(p, "r");
    if (!f) return -1;
    out[0] = '\0';
    int ok = fgets(out, (int)size, f) != NULL || !ferror(f);
    int saved = errno;
    fclose(f);
    errno = saved;
    if (!ok) { out[0] = '\0'; return -1; }
    out[strcspn(out, "\r\n")] = '\0';
    char *s = out;
    while (*s == ' ' || *s == '\t') s++;
    memmove(out, s, strlen(s) + 1);
    size_t n = strlen(out);
    while (n && (out[n - 1] == ' ' || out[n - 1] == '\t')) out[--n] = '\0';
    if (!utf8_clean(out, strlen(out))) out[0] = '\0';
    return 0;
}

/* Text a BIOS writes for "nothing" is no make or model either. */
static void set_text(char *dst, size_t size, const char *v)
{
    if (v && inv_serial_ok(v)) inv_serial_clean(v, dst, size);
}

static void cut_cpu(char *cpu)
{
    /* "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz": blanks collapsed, at most
     * SPECS_CPU_MAX characters */
    char *w = cpu;
    int blank = 0;
    for (const char *r = cpu; *r; r++) {
        if (*r == ' ' || *r == '\t') { blank = 1; continue; }
        if (blank && w != cpu) *w++ = ' ';
        blank = 0;
        *w++ = *r;
    }
    *w = '\0';
    if (!utf8_clean(cpu, strlen(cpu))) { cpu[0] = '\0'; return; }
    size_t chars = 0;
    for (char *p = cpu; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > SPECS_CPU_MAX) { *p = '\0'; break; }
}

static void probe_dmi(const char *sysroot, InvDevice *out, ProbeInfo *info)
{
    char dir[600], v[256], name[256] = "", version[256] = "", chassis[64] = "";
    snprintf(dir, sizeof dir, "%s/class/dmi/id", sysroot);
    if (read_first(dir, "sys_vendor", v, sizeof v) == 0) set_text(out->make, sizeof out->make, v);
    if (read_first(dir, "product_name", v, sizeof v) == 0) set_text(name, sizeof name, v);
    if (read_first(dir, "product_version", v, sizeof v) == 0) set_text(version, sizeof version, v);
    /* Lenovo writes the machine type in product_name ("20L5S0XB00") and the
     * name people know in product_version ("ThinkPad T480") */
    const char *model = !strncasecmp(out->make, "lenovo", 6) && version[0] ? version : name;
    snprintf(out->model, sizeof out->model, "%s", model);
    if (read_first(dir, "chassis_type", chassis, sizeof chassis) == 0) {
        snprintf(out->chassis, sizeof out->chassis, "%s", chassis);
    }
    snprintf(out->category, sizeof out->category, "%s", inv_category(out->chassis, out->model));
    /* product_serial is readable by root only */
    static const char *const SERIALS[] = { "product_serial", "chassis_serial", "board_serial" };
    for (int i = 0; i < 3 && !out->serial[0]; i++) {
        if (read_first(dir, SERIALS[i], v, sizeof v) < 0) {
            if (i == 0 && errno != ENOENT) info->serial_unreadable = 1;   /* EACCES: root only */
            continue;
        }
        inv_serial_clean(v, out->serial, sizeof out->serial);
        if (out->serial[0]) snprintf(info->serial_from, sizeof info->serial_from, "%s", SERIALS[i]);
    }
}

static void probe_cpu(const char *procroot, InvDevice *out)
{
    char path[600], line[512];
    snprintf(path, sizeof path, "%s/cpuinfo", procroot);
    FILE *f = fopen(path, "r");
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) != 0) continue;
        char *colon = strchr(line, ':');
        if (!colon) continue;
        snprintf(out->cpu, sizeof out->cpu, "%s", colon + 1);
        out->cpu[strcspn(out->cpu, "\r\n")] = '\0';
        cut_cpu(out->cpu);
        break;
    }
    fclose(f);
}

static int64_t read_num(const char *dir, const char *name)
{
    char v[64];
    if (read_first(dir, name, v, sizeof v) < 0 || !isdigit((unsigned char)v[0])) return 0;
    return strtoll(v, NULL, 10);
}

/* Batteries of the machine (not those of a mouse: scope "Device"), summed:
 * a ThinkPad T480 has two. */
static void probe_batteries(const char *sysroot, InvDevice *out, ProbeInfo *info)
{
    char root[600], dir[900], v[64];
    snprintf(root, sizeof root, "%s/class/power_supply", sysroot);
    DIR *d = opendir(root);
    if (!d) return;
    struct dirent *de;
    int64_t design = 0, full = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        snprintf(dir, sizeof dir, "%s/%s", root, de->d_name);
        if (read_first(dir, "type", v, sizeof v) < 0 || strcmp(v, "Battery") != 0) continue;
        if (read_first(dir, "scope", v, sizeof v) == 0 && !strcmp(v, "Device")) continue;
        int64_t ed = read_num(dir, "energy_full_design"), ef = read_num(dir, "energy_full");
        if (!ed && !ef) {   /* µAh × µV = 10⁻⁹ mWh */
            double volt = (double)read_num(dir, "voltage_min_design");
            ed = (int64_t)((double)read_num(dir, "charge_full_design") * volt / 1e9);
            ef = (int64_t)((double)read_num(dir, "charge_full") * volt / 1e9);
        } else {            /* µWh */
            ed /= 1000;
            ef /= 1000;
        }
        if (ed <= 0 && ef <= 0) continue;
        design += ed;
        full += ef;
        info->batteries++;
    }
    closedir(d);
    if (design > 0 && design <= SPECS_BATTERY_MWH_MAX) out->battery_design_mwh = design;
    if (full > 0 && full <= SPECS_BATTERY_MWH_MAX) out->battery_full_mwh = full;
}

/* Runs prog with args and returns its standard output (at most 8 MiB),
 * NULL when it cannot run. */
static char *run_output(const char *prog, const char *const *args)
{
    int fd[2];
    if (pipe(fd) < 0) return NULL;
    pid_t pid = fork();
    if (pid < 0) { close(fd[0]); close(fd[1]); return NULL; }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(fd[1], 1);
        if (null >= 0) { dup2(null, 0); dup2(null, 2); }
        close(fd[0]);
        execvp(prog, (char *const *)args);
        _exit(127);
    }
    close(fd[1]);
    size_t cap = 8u << 20, n = 0, have = 65536;
    char *buf = malloc(have + 1);
    ssize_t r;
    while (buf && n < cap) {
        if (n == have) {
            char *nb = realloc(buf, have * 2 + 1);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            have *= 2;
        }
        if ((r = read(fd[0], buf + n, have - n)) <= 0) break;
        n += (size_t)r;
    }
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    if (!buf || !WIFEXITED(st) || WEXITSTATUS(st) == 127) { free(buf); return NULL; }
    buf[n] = '\0';
    return buf;
}

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s && *s ? s : NULL;
}

typedef struct Lshw {
    char serial[SERIAL_MAX * 4 + 1], board[SERIAL_MAX * 4 + 1], make[256], model[256], version[256];
    char chassis[64], cpu[SPECS_CPU_MAX * 4 + 1];
    int64_t ram_bytes;
} Lshw;

static void lshw_walk(json_t *n, Lshw *l, int depth)
{
    if (depth > 32) return;
    if (json_is_array(n)) {
        size_t i;
        json_t *x;
        json_array_foreach(n, i, x) lshw_walk(x, l, depth + 1);
        return;
    }
    if (!json_is_object(n)) return;
    const char *cls = jstr(n, "class"), *id = jstr(n, "id");
    if (cls && !strcmp(cls, "system") && !l->make[0] && !l->model[0]) {
        set_text(l->make, sizeof l->make, jstr(n, "vendor"));
        set_text(l->model, sizeof l->model, jstr(n, "product"));
        set_text(l->version, sizeof l->version, jstr(n, "version"));
        inv_serial_clean(jstr(n, "serial") ? jstr(n, "serial") : "", l->serial, sizeof l->serial);
        const char *ch = jstr(json_object_get(n, "configuration"), "chassis");
        if (ch) snprintf(l->chassis, sizeof l->chassis, "%s", ch);
    } else if (cls && !strcmp(cls, "bus") && id && !strncmp(id, "core", 4) && !l->board[0]) {
        inv_serial_clean(jstr(n, "serial") ? jstr(n, "serial") : "", l->board, sizeof l->board);
    } else if (cls && !strcmp(cls, "memory") && id && !strcmp(id, "memory") && !l->ram_bytes) {
        json_t *sz = json_object_get(n, "size");
        if (json_is_integer(sz)) l->ram_bytes = json_integer_value(sz);
    } else if (cls && !strcmp(cls, "processor") && !l->cpu[0] && jstr(n, "product")) {
        snprintf(l->cpu, sizeof l->cpu, "%s", jstr(n, "product"));
        cut_cpu(l->cpu);
    }
    lshw_walk(json_object_get(n, "children"), l, depth + 1);
}

static void probe_lshw(const char *sysroot, InvDevice *out, ProbeInfo *info)
{
    const char *prog = getenv("BOUCLE_LSHW");
    if (prog && !strcmp(prog, "none")) return;
    if (!prog || !*prog) {
        if (strcmp(sysroot, "/sys") != 0) return;   /* a fake tree: not this machine's lshw */
        prog = "lshw";
    }
    const char *const args[] = { prog, "-json", "-quiet", NULL };
    char *text = run_output(prog, args);
    if (!text) return;
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    if (!j) return;
    Lshw l;
    memset(&l, 0, sizeof l);
    lshw_walk(j, &l, 0);
    json_decref(j);
    info->lshw = 1;
    if (!out->make[0]) snprintf(out->make, sizeof out->make, "%s", l.make);
    if (!out->model[0])
        snprintf(out->model, sizeof out->model, "%s", !strncasecmp(l.make, "lenovo", 6) && l.version[0] ? l.version : l.model);
    if (!out->chassis[0]) snprintf(out->chassis, sizeof out->chassis, "%s", l.chassis);
    if (!out->category[0]) snprintf(out->category, sizeof out->category, "%s", inv_category(out->chassis, out->model));
    if (!out->cpu[0]) snprintf(out->cpu, sizeof out->cpu, "%s", l.cpu);
    if (!out->ram_mb && l.ram_bytes > 0) out->ram_mb = specs_ram_installed_mb(l.ram_bytes / 1024);
    /* lshw run as root reads the serial sysfs keeps for root; a serial
     * DMI gave from the chassis or the board gives way to the product's */
    if (l.serial[0] && (!out->serial[0] || strcmp(info->serial_from, "product_serial") != 0)) {
        snprintf(out->serial, sizeof out->serial, "%s", l.serial);
        snprintf(info->serial_from, sizeof info->serial_from, "lshw");
    } else if (!out->serial[0] && l.board[0]) {
        snprintf(out->serial, sizeof out->serial, "%s", l.board);
        snprintf(info->serial_from, sizeof info->serial_from, "lshw");
    }
}

int inv_probe_machine(const char *sysroot, const char *procroot, InvDevice *out, ProbeInfo *info, Err *e)
{
    ProbeInfo dummy;
    if (!info) info = &dummy;
    memset(info, 0, sizeof *info);
    memset(out, 0, sizeof *out);
    if (!sysroot || !*sysroot) sysroot = "/sys";
    if (!procroot || !*procroot) procroot = "/proc";
    snprintf(out->where, sizeof out->where, "%s", "this machine");
    probe_dmi(sysroot, out, info);
    probe_cpu(procroot, out);
    Err re = { 0 };
    if (specs_probe_ram(procroot, &out->ram_mb, &re) < 0) out->ram_mb = 0;
    probe_batteries(sysroot, out, info);
    ProbedMedium m[INV_DISKS_MAX * 2];
    int n = probe_media(sysroot, m, INV_DISKS_MAX * 2, e);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (!inv_disk_needs_wipe(m[i].model, m[i].type, NULL, m[i].bytes) || out->ndisks == INV_DISKS_MAX) {
            out->disks_skipped++;
            continue;
        }
        InvDisk *d = &out->disks[out->ndisks++];
        /* a disk without a serial is known by its name, as `probe --add` always did */
        snprintf(d->serial, sizeof d->serial, "%s", m[i].serial[0] ? m[i].serial : m[i].name);
        snprintf(d->model, sizeof d->model, "%s", m[i].model);
        snprintf(d->type, sizeof d->type, "%s", m[i].type);
        d->bytes = m[i].bytes;
    }
    probe_lshw(sysroot, out, info);
    return 0;
}

/* ---- comparing with the announcement ---------------------------------------- */

/* The words of a processor name that tell it: lower case, without the
 * brand marks and the frequency ("Intel(R) Core(TM) i5-8350U CPU @
 * 1.70GHz" → "intel core i5-8350u"). */
static void cpu_words(const char *s, char *out, size_t size)
{
    static const char *const MARKS[] = { "(r)", "(tm)", NULL };
    static const char *const NOISE[] = { "cpu", "processor", "with", "radeon", "graphics", NULL };
    char buf[SPECS_CPU_MAX * 4 + 1];
    size_t o = 0;
    char *sv = NULL;
    snprintf(buf, sizeof buf, "%s", s);
    char *at = strchr(buf, '@');
    if (at) *at = '\0';
    out[0] = '\0';
    for (char *tok = strtok_r(buf, " \t", &sv); tok; tok = strtok_r(NULL, " \t", &sv)) {
        for (char *p = tok; *p; p++) *p = (char)tolower((unsigned char)*p);
        for (int i = 0; MARKS[i]; i++) {
            char *q;
            size_t l = strlen(MARKS[i]);
            while ((q = strstr(tok, MARKS[i]))) memmove(q, q + l, strlen(q + l) + 1);
        }
        int noise = 0;
        for (int i = 0; NOISE[i]; i++) noise |= !strcmp(tok, NOISE[i]);
        if (noise) continue;
        if (!*tok || strstr(tok, "ghz")) continue;
        int n = snprintf(out + o, size - o, "%s%s", o ? " " : "", tok);
        if (n < 0 || (size_t)n >= size - o) break;
        o += (size_t)n;
    }
}

/* Every word of a among those of b. */
static int words_in(const char *a, const char *b)
{
    char wa[SPECS_CPU_MAX * 4 + 1], wb[SPECS_CPU_MAX * 4 + 8];
    snprintf(wa, sizeof wa, "%s", a);
    snprintf(wb, sizeof wb, " %s ", b);
    char *sv = NULL;
    for (char *tok = strtok_r(wa, " ", &sv); tok; tok = strtok_r(NULL, " ", &sv)) {
        char w[SPECS_CPU_MAX * 4 + 3];
        snprintf(w, sizeof w, " %s ", tok);
        if (!strstr(wb, w)) return 0;
    }
    return 1;
}

static int same_cpu(const char *a, const char *b)
{
    char wa[SPECS_CPU_MAX * 4 + 1], wb[SPECS_CPU_MAX * 4 + 1];
    cpu_words(a, wa, sizeof wa);
    cpu_words(b, wb, sizeof wb);
    if (!wa[0] || !wb[0]) return 1;
    return words_in(wa, wb) || words_in(wb, wa);
}

/* One name within the other, any case: "Latitude 7490" and "Latitude 7490
 * (0817)" are the same model. */
static int same_model(const char *a, const char *b)
{
    return strcasestr(a, b) != NULL || strcasestr(b, a) != NULL;
}

static json_t *disk_json(const InvDisk *d)
{
    return json_pack("{s:s, s:s, s:s, s:I}", "serial", d->serial, "model", d->model, "type", d->type[0] ? d->type : "other",
                     "bytes", (json_int_t)d->bytes);
}

static void add_diff(json_t *diffs, const char *field, json_t *announced, json_t *found)
{
    json_array_append_new(diffs, json_pack("{s:s, s:o, s:o}", "field", field, "announced", announced ? announced : json_null(),
                                           "found", found ? found : json_null()));
}

/* Two disk sizes the same within 10 % (GLPI rounds to MB or GB). */
static int same_size(int64_t a, int64_t b)
{
    if (a <= 0 || b <= 0) return 1;
    double r = (double)a / (double)b;
    return r > 0.9 && r < 1.1;
}

/* The differences between what was announced (a) and what was found (f),
 * as the diffs array of a device.discrepancy payload. Only what both say
 * is compared: a file without RAM announced no RAM to differ from. */
static json_t *compare(const InvDevice *a, const InvDevice *f)
{
    json_t *diffs = json_array();
    if (a->serial[0] && f->serial[0] && !inv_same_key(a->serial, f->serial))
        add_diff(diffs, "serial", json_string(a->serial), json_string(f->serial));
    if (a->model[0] && f->model[0] && !same_model(a->model, f->model))
        add_diff(diffs, "model", json_string(a->model), json_string(f->model));
    if (a->ram_mb > 0 && f->ram_mb > 0 &&
        specs_ram_installed_mb(a->ram_mb * 1024) != specs_ram_installed_mb(f->ram_mb * 1024))
        add_diff(diffs, "ram_mb", json_integer(a->ram_mb), json_integer(f->ram_mb));
    if (a->cpu[0] && f->cpu[0] && !same_cpu(a->cpu, f->cpu))
        add_diff(diffs, "cpu", json_string(a->cpu), json_string(f->cpu));
    if (a->battery_design_mwh > 0 && f->battery_design_mwh > 0 &&
        !same_size(a->battery_design_mwh, f->battery_design_mwh))
        add_diff(diffs, "battery_design_mwh", json_integer(a->battery_design_mwh), json_integer(f->battery_design_mwh));
    if (a->battery_full_mwh > 0 && f->battery_full_mwh > 0 && f->battery_full_mwh * 10 < a->battery_full_mwh * 9)
        add_diff(diffs, "battery_full_mwh", json_integer(a->battery_full_mwh), json_integer(f->battery_full_mwh));
    /* disks: by serial first, then a disk announced without a serial takes
     * a found one left over of about its size */
    int used[INV_DISKS_MAX] = { 0 }, matched[INV_DISKS_MAX] = { 0 };
    for (int i = 0; i < a->ndisks; i++)
        for (int j = 0; a->disks[i].serial[0] && j < f->ndisks; j++)
            if (!used[j] && inv_same_key(a->disks[i].serial, f->disks[j].serial)) {
                used[j] = matched[i] = 1;
                break;
            }
    for (int i = 0; i < a->ndisks; i++)
        for (int j = 0; !matched[i] && !a->disks[i].serial[0] && j < f->ndisks; j++)
            if (!used[j] && same_size(a->disks[i].bytes, f->disks[j].bytes)) used[j] = matched[i] = 1;
    for (int i = 0; i < a->ndisks; i++)
        if (!matched[i]) add_diff(diffs, "disk", disk_json(&a->disks[i]), NULL);
    /* a file that listed no disk said nothing about them */
    for (int j = 0; a->ndisks && j < f->ndisks; j++)
        if (!used[j]) add_diff(diffs, "disk", NULL, disk_json(&f->disks[j]));
    return diffs;
}

static void value_text(json_t *v, char *out, size_t size)
{
    if (json_is_string(v)) snprintf(out, size, "%s", json_string_value(v));
    else if (json_is_integer(v)) snprintf(out, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_object(v)) snprintf(out, size, "%s", json_string_value(json_object_get(v, "serial")) ?
                                                          json_string_value(json_object_get(v, "serial")) : "");
    else out[0] = '\0';
}

/* A diff of a payload into a FoundDiff, its words from the kind's own
 * describe (the history says it the same way). */
static void diff_fill(json_t *d, FoundDiff *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->field, sizeof out->field, "%s", json_string_value(json_object_get(d, "field")) ?
                                                  json_string_value(json_object_get(d, "field")) : "");
    value_text(json_object_get(d, "announced"), out->announced, sizeof out->announced);
    value_text(json_object_get(d, "found"), out->found, sizeof out->found);
    Event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.kind, sizeof ev.kind, "device.discrepancy");
    ev.payload = json_pack("{s:[O]}", "diffs", d);
    kind_describe(&ev, out->text, sizeof out->text);
    json_decref(ev.payload);
}

static const char SQL_LAST[] =
    "SELECT payload FROM events WHERE device = ?1 AND kind = 'device.discrepancy' ORDER BY hlc DESC, workshop DESC LIMIT 1";

/* The newest discrepancy payload of the device, NULL when none (or on error: e). */
static json_t *last_discrepancy(Ctx *c, const char *device_id, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_LAST, e);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, device_id, -1, SQLITE_TRANSIENT);
    json_t *j = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) j = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
    else if (rc != SQLITE_DONE) db_error_rc(c->db, rc, e);
    sqlite3_reset(st);
    return j;
}

int found_discrepancies(Ctx *c, const char *device_id, FoundDiff *out, int max, char *source, Err *e)
{
    Err le = { 0 };
    json_t *j = last_discrepancy(c, device_id, &le);
    if (le.code) { *e = le; return -1; }
    if (source) source[0] = '\0';
    if (!j) return 0;
    if (source) snprintf(source, 16, "%s", json_string_value(json_object_get(j, "source")) ?
                                           json_string_value(json_object_get(j, "source")) : "");
    json_t *diffs = json_object_get(j, "diffs");
    int n = 0;
    for (size_t i = 0; i < json_array_size(diffs) && n < max; i++) diff_fill(json_array_get(diffs, i), &out[n++]);
    json_decref(j);
    return n;
}

int found_match(Ctx *c, const InvDevice *found, Device *out, Err *e)
{
    if (!found->serial[0]) return 0;
    return device_find(c, found->serial, out, e);
}

/* ---- recording ---------------------------------------------------------------- */

static int record(Ctx *c, const Device *d, const InvDevice *f, const char *source, FoundReport *r, json_t **diffs_out,
                  Err *e)
{
    /* specs: a new event only when something is new or changed */
    DeviceSpecs now, s;
    if (specs_get(c, d->id, &now, e) < 0) return -1;
    memset(&s, 0, sizeof s);
    s.ram_mb = f->ram_mb > 0 && f->ram_mb <= SPECS_RAM_MB_MAX ? f->ram_mb : 0;
    if (f->cpu[0] && text_field_clean(f->cpu, s.cpu, sizeof s.cpu, SPECS_CPU_MAX, "cpu", NULL) < 0) s.cpu[0] = '\0';
    s.battery_design_mwh = f->battery_design_mwh <= SPECS_BATTERY_MWH_MAX ? f->battery_design_mwh : 0;
    s.battery_full_mwh = f->battery_full_mwh <= SPECS_BATTERY_MWH_MAX ? f->battery_full_mwh : 0;
    snprintf(s.source, sizeof s.source, "%s", source);
    if ((s.ram_mb && s.ram_mb != now.ram_mb) || (s.cpu[0] && strcmp(s.cpu, now.cpu) != 0) ||
        (s.battery_design_mwh && s.battery_design_mwh != now.battery_design_mwh) ||
        (s.battery_full_mwh && s.battery_full_mwh != now.battery_full_mwh)) {
        if (specs_record(c, d->id, &s, e) < 0) return -1;
        r->specs_recorded = 1;
    }
    /* disks */
    MediaList before;
    if (media_list(c, d->id, &before, e) < 0) return -1;
    for (int i = 0; i < f->ndisks; i++) {
        const InvDisk *k = &f->disks[i];
        if (!k->serial[0]) continue;
        r->disks_found++;
        char key[sizeof k->serial];
        serial_key(k->serial, key, sizeof key);
        int known = 0;
        for (size_t j = 0; j < before.n && !known; j++) known = !strcmp(before.items[j].key, key);
        MediaNew mn = { .serial = k->serial, .model = k->model, .type = k->type[0] ? k->type : "other",
                        .bytes = k->bytes > 0 ? k->bytes : -1 };
        if (!known && media_ensure(c, d->id, &mn, e) < 0) { media_list_free(&before); return -1; }
        r->disks_added += !known;
    }
    media_list_free(&before);
    /* the announcement */
    AnnounceHit hit;
    int h = announce_for_device(c, d->id, &hit, e);
    if (h < 0) return -1;
    if (f->serial[0] && !inv_same_key(f->serial, d->serial)) r->serial_differs = 1;
    if (h == 0) return 0;
    r->announced = 1;
    snprintf(r->announce_lot, sizeof r->announce_lot, "%s", hit.lot);
    json_t *diffs = compare(&hit.dev, f);
    Err le = { 0 };
    json_t *last = last_discrepancy(c, d->id, &le);
    if (le.code) { json_decref(diffs); *e = le; return -1; }
    json_t *was = json_object_get(last, "diffs");
    int same = last ? json_equal(was, diffs) : json_array_size(diffs) == 0;
    json_decref(last);
    if (!same) {
        json_t *pl = json_pack("{s:s, s:O}", "source", source, "diffs", diffs);
        if (event_append(c, "device.discrepancy", d->id, pl, NULL, e) < 0) { json_decref(diffs); return -1; }
        r->discrepancy_recorded = 1;
    }
    *diffs_out = diffs;
    return 0;
}

int found_record(Ctx *c, const char *device_id, const InvDevice *found, const char *source, FoundReport *r, Err *e)
{
    memset(r, 0, sizeof *r);
    if (strcmp(source, "probe") != 0 && strcmp(source, "agent") != 0)
        return err_set(e, ERR_INTERNAL, "found source \"%s\"", source);
    Device d;
    int g = device_get(c, device_id, &d, e);
    if (g < 0) return -1;
    if (g == 0) return err_set(e, ERR_NOTFOUND, _("No device %s."), device_id);
    snprintf(r->device_id, sizeof r->device_id, "%s", d.id);
    if (db_begin(c->db, e) < 0) return -1;
    json_t *diffs = NULL;
    if (record(c, &d, found, source, r, &diffs, e) < 0 || db_commit(c->db, e) < 0) {
        db_rollback(c->db);
        json_decref(diffs);
        FoundReport keep = { 0 };
        snprintf(keep.device_id, sizeof keep.device_id, "%s", d.id);
        *r = keep;
        return -1;
    }
    for (size_t i = 0; i < json_array_size(diffs) && r->ndiffs < FOUND_DIFFS_MAX; i++)
        diff_fill(json_array_get(diffs, i), &r->diffs[r->ndiffs++]);
    json_decref(diffs);
    return 0;
}
