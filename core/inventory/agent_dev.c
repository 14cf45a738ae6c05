/*
 * agent_dev.c — one device from an agent's sections (see agent_dev.h).
 *
 * What the agents write (FusionInventory 2.6, OCS Unix agent 2.10, the GLPI
 * agent's JSON, glpi-project/inventory_format):
 * - BIOS: SSN (the system serial), SMANUFACTURER, SMODEL, MMANUFACTURER,
 *   MMODEL, MSN (the board's serial), ASSETTAG; OCS puts the chassis type in
 *   BIOS/TYPE, FusionInventory and GLPI in HARDWARE/CHASSIS_TYPE;
 * - HARDWARE/MEMORY: MB (MiB as the kernel counts it); MEMORIES/CAPACITY: MB
 *   per module, summed when HARDWARE/MEMORY is missing;
 * - CPUS/NAME (FusionInventory, GLPI), CPUS/TYPE (OCS);
 * - STORAGES/DISKSIZE: decimal MB (10^6 bytes), OCS with decimals
 *   ("274877.906944"); SERIALNUMBER (XML) or SERIAL (JSON);
 * - BATTERIES: CAPACITY and REAL_CAPACITY in mWh (FusionInventory, GLPI);
 *   OCS writes dmidecode's DESIGNCAPACITY ("48840 mWh", or "4400 mAh" with
 *   DESIGNVOLTAGE "11100 mV").
 * The serial is SSN when usable, else MSN (a home-built PC says "To be
 * filled by O.E.M." in SSN and has only its board's serial).
 */
#include "core/inventory/agent_dev.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void agent_text(char *out, size_t size, const char *s, size_t max_chars)
{
    if (!size) return;
    size_t o = 0, chars = 0, n = s ? strlen(s) : 0;
    int space = 1;   /* the last written was a blank (or nothing yet) */
    for (size_t i = 0; i < n && chars < max_chars;) {
        unsigned cp;
        size_t l = utf8_seq((const unsigned char *)s + i, n - i, &cp);
        if (!l) { i++; continue; }   /* invalid byte: dropped */
        /* invisible format characters (bidirectional marks, zero widths,
         * BOM) are dropped: "AB<U+202E>12" is the serial AB12 */
        int invisible = (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ||
                        (cp >= 0x200b && cp <= 0x200f);
        int blank = cp < 0x20 || cp == ' ' || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
                    cp == 0xa0;
        if (invisible) {
            /* nothing */
        } else if (blank) {
            if (!space && o + 1 < size) { out[o++] = ' '; chars++; space = 1; }
        } else {
            if (o + l >= size) break;
            memmove(out + o, s + i, l);   /* out may be s */
            o += l;
            chars++;
            space = 0;
        }
        i += l;
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = '\0';
}

void agent_begin(AgentDev *a)
{
    memset(a, 0, sizeof *a);
}

AgentSection agent_section(const char *name)
{
    static const struct { const char *n; AgentSection s; } S[] = {
        { "BIOS", AS_BIOS }, { "HARDWARE", AS_HARDWARE }, { "CPUS", AS_CPUS }, { "MEMORIES", AS_MEMORIES },
        { "STORAGES", AS_STORAGES }, { "BATTERIES", AS_BATTERIES },
    };
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++)
        if (strcasecmp(name, S[i].n) == 0) return S[i].s;
    return AS_NONE;
}

/* The leading number of s ("48840 mWh", " 8192", "274877.906944") times
 * mult, the decimals kept to 6 places; -1 when s starts with no digit or
 * the value is out of range. */
static int64_t number(const char *s, int64_t mult)
{
    while (*s == ' ' || *s == '\t') s++;
    if (!isdigit((unsigned char)*s)) return -1;
    int64_t v = 0;
    for (; isdigit((unsigned char)*s); s++) {
        if (v > (INT64_MAX / 10 - 9) / mult) return -1;
        v = v * 10 + (*s - '0');
    }
    v *= mult;
    if (*s == '.' || *s == ',') {
        s++;
        int64_t m = mult;
        for (; isdigit((unsigned char)*s) && m >= 10; s++) {
            m /= 10;
            v += (*s - '0') * m;
        }
    }
    return v;
}

static void keep(char *dst, const char *value)
{
    agent_text(dst, AGENT_VAL, value, AGENT_VAL);
}

void agent_item_begin(AgentDev *a, const char *section)
{
    a->sec = agent_section(section);
    a->model[0] = a->name[0] = a->serial[0] = a->type[0] = a->iface[0] = a->desc[0] = a->manuf[0] = '\0';
    a->size_bytes = a->cap = a->real_cap = a->cap_mah = a->voltage = 0;
}

void agent_value(AgentDev *a, const char *section, const char *field, const char *v)
{
    AgentSection s = agent_section(section);
    int64_t n;
#define F(x) (strcasecmp(field, x) == 0)
    switch (s) {
    case AS_BIOS:
        if (F("SSN")) keep(a->ssn, v);
        else if (F("MSN")) keep(a->msn, v);
        else if (F("ASSETTAG")) keep(a->asset, v);
        else if (F("SMANUFACTURER")) keep(a->smanuf, v);
        else if (F("MMANUFACTURER")) keep(a->mmanuf, v);
        else if (F("SMODEL")) keep(a->smodel, v);
        else if (F("MMODEL")) keep(a->mmodel, v);
        else if (F("TYPE")) keep(a->chassis_bios, v);
        break;
    case AS_HARDWARE:
        if (F("CHASSIS_TYPE")) keep(a->chassis_hw, v);
        else if (F("MEMORY") && (n = number(v, 1)) > 0) a->mem_hw = n;
        break;
    case AS_CPUS:
        if (!a->d.cpu[0] && (F("NAME") || F("TYPE")))
            agent_text(a->d.cpu, sizeof a->d.cpu, v, SPECS_CPU_MAX);
        break;
    case AS_MEMORIES:
        if (F("CAPACITY") && (n = number(v, 1)) > 0 && a->mem_sum < (INT64_C(1) << 40)) a->mem_sum += n;
        break;
    case AS_STORAGES:
        if (F("MODEL")) keep(a->model, v);
        else if (F("NAME")) keep(a->name, v);
        else if (F("SERIALNUMBER") || (F("SERIAL") && !a->serial[0])) keep(a->serial, v);
        else if (F("TYPE")) keep(a->type, v);
        else if (F("INTERFACE")) keep(a->iface, v);
        else if (F("DESCRIPTION")) keep(a->desc, v);
        else if (F("MANUFACTURER")) keep(a->manuf, v);
        else if (F("DISKSIZE") && (n = number(v, 1000000)) > 0) a->size_bytes = n;
        break;
    case AS_BATTERIES:
        if (F("CAPACITY") || F("DESIGNCAPACITY")) {
            if ((n = number(v, 1)) > 0) {
                if (strcasestr(v, "mah")) a->cap_mah = n;
                else a->cap = n;
            }
        } else if (F("REAL_CAPACITY") && (n = number(v, 1)) > 0) a->real_cap = n;
        else if ((F("VOLTAGE") || F("DESIGNVOLTAGE")) && (n = number(v, 1)) > 0) a->voltage = n;
        break;
    default: break;
    }
#undef F
}

/* Kernel devices that are not drives: RAM disks, loops, optical, floppy. */
static int pseudo_disk(const char *name)
{
    static const char *const P[] = { "zram", "loop", "ram", "sr", "fd", "md", "dm-", "nbd" };
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        size_t l = strlen(P[i]);
        if (strncmp(name, P[i], l) == 0 && (name[l] == '\0' || isdigit((unsigned char)name[l]))) return 1;
    }
    return 0;
}

void agent_item_end(AgentDev *a)
{
    if (a->sec == AS_STORAGES) {
        InvDevice *d = &a->d;
        /* what names the drive: the model, else the kernel's name ("vda");
         * the card-reader words may be in the model, the description or
         * the manufacturer ("Generic- SD/MMC", "Multi-Card") */
        char words[AGENT_VAL * 3 + 3];
        snprintf(words, sizeof words, "%s %s %s", a->model, a->desc, a->manuf);
        if (pseudo_disk(a->name) || !inv_disk_needs_wipe(words, a->type, a->iface, a->size_bytes)) {
            d->disks_skipped++;
        } else if (d->ndisks >= INV_DISKS_MAX) {
            d->disks_skipped++;
        } else {
            InvDisk *k = &d->disks[d->ndisks++];
            inv_serial_clean(a->serial, k->serial, sizeof k->serial);
            if (!k->serial[0] && a->serial[0]) a->bad_disk_serials++;
            const char *m = a->model[0] ? a->model : a->name;
            agent_text(k->model, sizeof k->model, m, 255);
            snprintf(k->type, sizeof k->type, "%s", inv_media_type(a->type, a->iface, words));
            k->bytes = a->size_bytes;
        }
    } else if (a->sec == AS_BATTERIES && !a->d.battery_design_mwh) {
        int64_t design = a->cap;
        if (!design && a->cap_mah && a->voltage && a->cap_mah < INT64_C(1) << 31 && a->voltage < INT64_C(1) << 31)
            design = a->cap_mah * a->voltage / 1000;
        a->d.battery_design_mwh = design;
        a->d.battery_full_mwh = design ? a->real_cap : 0;
    }
    a->sec = AS_NONE;
}

/* A make or a model a BIOS writes when it was not filled in. */
static int named(const char *s)
{
    static const char *const P[] = { "system product name", "system manufacturer", "system version",
                                     "type1productconfigid", "product name", "manufacturer" };
    if (!inv_serial_ok(s)) return 0;
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++)
        if (strcasecmp(s, P[i]) == 0) return 0;
    return 1;
}

int agent_end(AgentDev *a, const char *where, const InvSink *sink, Err *e)
{
    InvDevice *d = &a->d;
    snprintf(d->where, sizeof d->where, "%s", where);
    inv_serial_clean(a->ssn, d->serial, sizeof d->serial);
    if (!d->serial[0]) {
        if (a->ssn[0] && sink->note) sink->note(sink->arg, where, _("the system serial number is a placeholder"));
        inv_serial_clean(a->msn, d->serial, sizeof d->serial);
        if (d->serial[0] && sink->note)
            sink->note(sink->arg, where, _("no system serial number: the motherboard's serial number is used"));
    }
    if (a->bad_disk_serials && sink->note)
        sink->note(sink->arg, where, _("a disk's serial number is a placeholder: left empty"));
    inv_serial_clean(a->asset, d->tag, sizeof d->tag);
    snprintf(d->make, sizeof d->make, "%s", named(a->smanuf) ? a->smanuf : named(a->mmanuf) ? a->mmanuf : "");
    snprintf(d->model, sizeof d->model, "%s", named(a->smodel) ? a->smodel : named(a->mmodel) ? a->mmodel : "");
    agent_text(d->chassis, sizeof d->chassis, a->chassis_hw[0] ? a->chassis_hw : a->chassis_bios, sizeof d->chassis);
    snprintf(d->category, sizeof d->category, "%s", inv_category(d->chassis, d->model));
    d->ram_mb = a->mem_hw ? a->mem_hw : a->mem_sum;
    d->line = 0;
    if (!d->serial[0] && !d->tag[0]) {
        if (sink->note) sink->note(sink->arg, where, _("no serial number and no asset tag: the device is skipped"));
        return 0;
    }
    return sink->device ? sink->device(sink->arg, d, e) : 0;
}
