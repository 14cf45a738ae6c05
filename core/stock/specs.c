/*
 * specs.c — device specs: RAM, CPU, storage size (see specs.h).
 *
 * Invariant: a device.specs payload holds only valid fields when written
 * here; fields from elsewhere (sync) that are not valid are ignored when
 * folding, never trusted, so a bad event from a newer or broken boucle
 * cannot put garbage on a label.
 */
#include "core/stock/specs.h"
#include "core/stock/device.h"
#include "util/i18n.h"
#include "util/units.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int ram_ok(int64_t v) { return v > 0 && v <= SPECS_RAM_MB_MAX; }
static int storage_ok(int64_t v) { return v > 0 && v <= SPECS_STORAGE_GB_MAX; }
static int battery_ok(int64_t v) { return v > 0 && v <= SPECS_BATTERY_MWH_MAX; }
static const char *const SOURCES[] = { "announce", "probe", "agent", NULL };
static int source_ok(const char *v)
{
    for (int i = 0; v && SOURCES[i]; i++)
        if (strcmp(v, SOURCES[i]) == 0) return 1;
    return 0;
}

void specs_fold(DeviceSpecs *s, const Event *ev)
{
    json_t *v = json_object_get(ev->payload, "ram_mb");
    if (json_is_integer(v) && ram_ok(json_integer_value(v))) s->ram_mb = json_integer_value(v);
    v = json_object_get(ev->payload, "storage_gb");
    if (json_is_integer(v) && storage_ok(json_integer_value(v))) s->storage_gb = json_integer_value(v);
    v = json_object_get(ev->payload, "battery_design_mwh");
    if (json_is_integer(v) && battery_ok(json_integer_value(v))) s->battery_design_mwh = json_integer_value(v);
    v = json_object_get(ev->payload, "battery_full_mwh");
    if (json_is_integer(v) && battery_ok(json_integer_value(v))) s->battery_full_mwh = json_integer_value(v);
    v = json_object_get(ev->payload, "source");
    snprintf(s->source, sizeof s->source, "%s", json_is_string(v) && source_ok(json_string_value(v)) ? json_string_value(v) : "");
    v = json_object_get(ev->payload, "cpu");
    char cpu[sizeof s->cpu];
    if (json_is_string(v) && text_field_clean(json_string_value(v), cpu, sizeof cpu, SPECS_CPU_MAX, "cpu", NULL) == 0)
        snprintf(s->cpu, sizeof s->cpu, "%s", cpu);
}

int specs_record(Ctx *c, const char *device_id, const DeviceSpecs *s, Err *e)
{
    json_t *pl = json_object();
    if (s->ram_mb) {
        if (!ram_ok(s->ram_mb)) {
            json_decref(pl);
            return err_set(e, ERR_INPUT, _("RAM of %lld MB is not plausible"), (long long)s->ram_mb);
        }
        json_object_set_new(pl, "ram_mb", json_integer(s->ram_mb));
    }
    if (s->storage_gb) {
        if (!storage_ok(s->storage_gb)) {
            json_decref(pl);
            return err_set(e, ERR_INPUT, _("storage of %lld GB is not plausible"), (long long)s->storage_gb);
        }
        json_object_set_new(pl, "storage_gb", json_integer(s->storage_gb));
    }
    if (s->cpu[0]) {
        char cpu[sizeof s->cpu];
        if (text_field_clean(s->cpu, cpu, sizeof cpu, SPECS_CPU_MAX, _("processor"), e) < 0) {
            json_decref(pl);
            return -1;
        }
        if (cpu[0]) json_object_set_new(pl, "cpu", json_string(cpu));
    }
    for (int i = 0; i < 2; i++) {
        int64_t v = i ? s->battery_full_mwh : s->battery_design_mwh;
        if (!v) continue;
        if (!battery_ok(v)) {
            json_decref(pl);
            return err_set(e, ERR_INPUT, _("battery capacity of %lld mWh is not plausible"), (long long)v);
        }
        json_object_set_new(pl, i ? "battery_full_mwh" : "battery_design_mwh", json_integer(v));
    }
    if (json_object_size(pl) == 0) {
        json_decref(pl);
        return err_set(e, ERR_USAGE, "%s", _("nothing to record: give the RAM, the processor or the storage"));
    }
    if (s->source[0]) {
        if (!source_ok(s->source)) {
            json_decref(pl);
            return err_set(e, ERR_INTERNAL, "specs source \"%s\"", s->source);
        }
        json_object_set_new(pl, "source", json_string(s->source));
    }
    return event_append(c, "device.specs", device_id, pl, NULL, e);
}

static const char SQL_SPECS[] =
    "SELECT " EVENT_COLUMNS " FROM events WHERE device = ?1 AND kind = 'device.specs' ORDER BY hlc, workshop";

int specs_get(Ctx *c, const char *device_id, DeviceSpecs *out, Err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(c->db, SQL_SPECS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, device_id, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Event ev;
        event_from_row(st, &ev);
        specs_fold(out, &ev);
        event_free(&ev);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

/* "8 GiB" → 8 and the factor from its unit to G: units K M G T (binary or
 * decimal steps), then nothing, "B", "iB" or "o" (French octets), any case;
 * "1,5" as typed in French. No unit: G. -1 when not a size. */
static int parse_size(const char *text, double *num, double *mult, int binary)
{
    char buf[64];
    const char *p = text;
    while (isspace((unsigned char)*p)) p++;
    if (!isdigit((unsigned char)*p) || strlen(p) >= sizeof buf) return -1;
    snprintf(buf, sizeof buf, "%s", p);
    size_t n = strlen(buf);
    while (n && isspace((unsigned char)buf[n - 1])) buf[--n] = '\0';
    for (char *q = buf; *q && (isdigit((unsigned char)*q) || *q == ',' || *q == '.'); q++)
        if (*q == ',') *q = '.';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (errno || end != buf + strspn(buf, "0123456789.") || !(v > 0) || v > 1e12) return -1;
    while (isspace((unsigned char)*end)) end++;
    double k = binary ? 1024.0 : 1000.0, m = 1;
    switch (toupper((unsigned char)*end)) {
    case '\0': break;
    case 'K': m = 1 / (k * k); end++; break;
    case 'M': m = 1 / k; end++; break;
    case 'G': end++; break;
    case 'T': m = k; end++; break;
    default: return -1;
    }
    if (*end && strcasecmp(end, "B") != 0 && strcasecmp(end, "iB") != 0 && strcasecmp(end, "o") != 0) return -1;
    *num = v;
    *mult = m;
    return 0;
}

int specs_parse_ram(const char *text, int64_t *mb, Err *e)
{
    double v, m;
    if (!text || parse_size(text, &v, &m, 1) < 0)
        return err_set(e, ERR_USAGE, _("“%s” is not a RAM size (e.g. 8G, 512M, 1.5G)"), text ? text : "");
    double r = ceil(v * m * 1024.0 - 1e-9);
    if (!ram_ok((int64_t)r)) return err_set(e, ERR_USAGE, _("RAM of %s is not plausible"), text);
    *mb = (int64_t)r;
    return 0;
}

int specs_parse_storage(const char *text, int64_t *gb, Err *e)
{
    double v, m;
    if (!text || parse_size(text, &v, &m, 0) < 0)
        return err_set(e, ERR_USAGE, _("“%s” is not a storage size (e.g. 256G, 1T, 500G)"), text ? text : "");
    double r = ceil(v * m - 1e-9);
    if (!storage_ok((int64_t)r)) return err_set(e, ERR_USAGE, _("storage of %s is not plausible"), text);
    *gb = (int64_t)r;
    return 0;
}

/* Sizes RAM is installed in, MiB. MemTotal is under the installed size by
 * the kernel's own reservations (≈2–4 %) and, with integrated graphics, by
 * the memory the firmware gives the GPU (up to 1 GiB on 8 GiB machines), so
 * MemTotal is rounded up to the next of these: 3.7 GiB → 4, 6.8 GiB → 8,
 * 11.6 GiB → 12. Above the table: the next multiple of 16 GiB. */
static const int64_t SOLD_MB[] = {
    256, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 20480, 24576,
    32768, 40960, 49152, 65536, 98304, 131072,
};

int64_t specs_ram_installed_mb(int64_t memtotal_kb)
{
    int64_t mb = (memtotal_kb + 1023) / 1024;
    for (size_t i = 0; i < sizeof SOLD_MB / sizeof SOLD_MB[0]; i++)
        if (mb <= SOLD_MB[i]) return SOLD_MB[i];
    return (mb + 16383) / 16384 * 16384;
}

int specs_probe_ram(const char *procroot, int64_t *mb, Err *e)
{
    char path[512], line[256];
    snprintf(path, sizeof path, "%s/meminfo", procroot && *procroot ? procroot : "/proc");
    FILE *f = fopen(path, "r");
    if (!f) return err_set(e, ERR_IO, _("Cannot open %s: %s."), path, strerror(errno));
    long long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemTotal: %lld kB", &kb) == 1) break;
    fclose(f);
    if (kb <= 0) return err_set(e, ERR_INPUT, _("%s has no MemTotal line"), path);
    *mb = specs_ram_installed_mb(kb);
    return 0;
}
