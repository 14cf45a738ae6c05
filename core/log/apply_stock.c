/*
 * apply_stock.c — projections and descriptions of the kinds that make the
 * stock: workshop.init, operator.add, org.create, lot.create, lot.commit,
 * device.receive, device.update, device.state, device.specs (see kind.h).
 */
#include "core/log/apply.h"
#include "core/log/hlc.h"
#include "util/text.h"
#include "util/i18n.h"
#include "util/units.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers shared by the apply_*.c files ---------------------------- */

void apply_id_prefix(const char *id, char out[WORKSHOP_CODE_MAX + 1])
{
    const char *dash = strchr(id, '-');
    size_t n = dash ? (size_t)(dash - id) : 0;
    if (n > WORKSHOP_CODE_MAX) n = 0;
    memcpy(out, id, n);
    out[n] = '\0';
}

const char *apply_str(const Event *ev, const char *key)
{
    json_t *v = json_object_get(ev->payload, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *apply_str0(const Event *ev, const char *key)
{
    const char *s = apply_str(ev, key);
    return s ? s : "";
}

void apply_cat(char *out, size_t size, const char *fmt, ...)
{
    size_t o = strlen(out);
    if (o + 1 >= size) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + o, size - o, fmt, ap);
    va_end(ap);
}

void apply_item(char *out, size_t size, const char *fmt, ...)
{
    char item[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(item, sizeof item, fmt, ap);
    va_end(ap);
    apply_cat(out, size, "%s%s", out[0] ? ", " : "", item);
}

static void set_field(char *dst, size_t size, const Event *ev, const char *key)
{
    const char *v = apply_str(ev, key);
    if (v) snprintf(dst, size, "%s", v);
}

/* "GRE1-000123" → 123 when the code is ours, else -1. skip_l skips the 'L'
 * of lot ids. */
static long long own_number(const Ctx *c, const char *id, int skip_l)
{
    size_t n = strlen(c->workshop);
    if (!n || strncmp(id, c->workshop, n) != 0 || id[n] != '-') return -1;
    const char *p = id + n + 1;
    if (skip_l) {
        if (*p != 'L') return -1;
        p++;
    }
    char *end;
    long long v = strtoll(p, &end, 10);
    return (*end || end == p) ? -1 : v;
}

/* Keeps a per-workshop counter at least as high as a number seen, so ids are
 * never reused, also after a rebuild or a restore from the hub. */
static int bump_counter(Ctx *c, const char *key, long long v, Err *e)
{
    if (v < 0) return 0;
    if (db_meta_get_int(c->db, key, 0) >= v) return 0;
    return db_meta_set_int(c->db, key, v, e);
}

/* ---- applies ------------------------------------------------------------ */

static const char SQL_WORKSHOP[] =
    "INSERT INTO workshops(code, name, created_hlc) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(code) DO UPDATE SET name = excluded.name, created_hlc = excluded.created_hlc "
    "WHERE excluded.created_hlc > workshops.created_hlc";

int apply_workshop_init(Ctx *c, const Event *ev, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_WORKSHOP, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, apply_str0(ev, "name"), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

static const char SQL_OPERATOR[] =
    "INSERT INTO operators(workshop, name, created_hlc) VALUES (?3, ?1, ?2) "
    "ON CONFLICT(workshop, name) DO UPDATE SET name = excluded.name, created_hlc = excluded.created_hlc "
    "WHERE excluded.created_hlc < operators.created_hlc";
static const char SQL_ORG[] =
    "INSERT INTO orgs(name, created_hlc) VALUES (?1, ?2) "
    "ON CONFLICT(name) DO UPDATE SET name = excluded.name, created_hlc = excluded.created_hlc "
    "WHERE excluded.created_hlc < orgs.created_hlc";

/* A name met twice (in another case, the same workshop or two for the
 * donors) keeps the spelling of the earliest event: the same on every
 * replica whatever the order of arrival. */
static int apply_named(Ctx *c, const Event *ev, const char *sql, Err *e)
{
    const char *name = apply_str(ev, "name");
    if (!name || !*name) return 0;   /* nothing to record */
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)ev->hlc);
    if (sqlite3_bind_parameter_count(st) >= 3) sqlite3_bind_text(st, 3, ev->workshop, -1, SQLITE_STATIC);
    return db_step_done(c->db, st, e);
}
int apply_operator_add(Ctx *c, const Event *ev, Err *e) { return apply_named(c, ev, SQL_OPERATOR, e); }
int apply_org_create(Ctx *c, const Event *ev, Err *e) { return apply_named(c, ev, SQL_ORG, e); }

static const char SQL_LOT[] =
    "INSERT INTO lots(id, workshop, donor, ref, expected, date, created_hlc, donor_code) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(id) DO NOTHING";

/* A party (core/stock/party.h): its creator's, named by its code. A
 * person's name never comes in an event; one that did is not stored. A
 * party.update that arrived first (apply_party.c) keeps its newer kind and
 * name, a party.forget its forgetting: the creation then dates the row. */
static const char SQL_PARTY[] =
    "INSERT INTO parties(code, workshop, kind, name, created_hlc, updated_hlc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
    "ON CONFLICT(code) DO UPDATE SET "
    "kind = CASE WHEN excluded.updated_hlc > parties.updated_hlc THEN excluded.kind ELSE parties.kind END, "
    "name = CASE WHEN excluded.updated_hlc > parties.updated_hlc AND NOT parties.forgotten "
    "THEN excluded.name ELSE parties.name END, "
    "updated_hlc = max(parties.updated_hlc, excluded.updated_hlc), "
    "created_hlc = min(parties.created_hlc, excluded.created_hlc)";

int apply_party_create(Ctx *c, const Event *ev, Err *e)
{
    const char *code = apply_str(ev, "code"), *kind = apply_str(ev, "kind");
    if (!code || !kind) return err_set(e, ERR_INPUT, _("event %s: a party needs a code and a kind"), ev->id);
    char creator[WORKSHOP_CODE_MAX + 1];
    apply_id_prefix(code, creator);
    if (strcmp(creator, ev->workshop) != 0) return project_refuse(c, ev, REF_NOT_CREATOR, creator, e);
    if (apply_party_row(c, ev, SQL_PARTY, code, kind, e) < 0) return -1;
    size_t n = strlen(c->workshop);
    long long v = -1;
    if (n && strncmp(code, c->workshop, n) == 0 && code[n] == '-' && code[n + 1] == 'P') {
        char *end;
        v = strtoll(code + n + 2, &end, 10);
        if (*end || end == code + n + 2) v = -1;
    }
    return bump_counter(c, "seq.party", v, e);
}

int apply_lot_create(Ctx *c, const Event *ev, Err *e)
{
    const char *id = apply_str(ev, "lot"), *donor = apply_str(ev, "donor");
    json_t *exp = json_object_get(ev->payload, "expected");
    if (!id || !donor) return err_set(e, ERR_INPUT, _("event %s: a lot needs an id and a donor"), ev->id);
    /* a lot is its creator's, named by its code: another's lot id is refused */
    char creator[WORKSHOP_CODE_MAX + 1];
    apply_id_prefix(id, creator);
    if (strcmp(creator, ev->workshop) != 0) return project_refuse(c, ev, REF_NOT_CREATOR, creator, e);
    sqlite3_stmt *st = db_stmt(c->db, SQL_LOT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, donor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, apply_str0(ev, "ref"), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, json_is_integer(exp) ? json_integer_value(exp) : -1);
    sqlite3_bind_text(st, 6, apply_str0(ev, "date"), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)ev->hlc);
    sqlite3_bind_text(st, 8, apply_str0(ev, "donor_code"), -1, SQLITE_STATIC);
    if (db_step_done(c->db, st, e) < 0) return -1;
    return bump_counter(c, "seq.lot", own_number(c, id, 1), e);
}

/* A lot's commitment to reuse (core/stock/lot_commit.h): the lot's
 * workshop's only, the newest event of a lot holding the row whatever order
 * events arrive in. */
static const char SQL_COMMIT[] =
    "INSERT INTO lot_commitments(lot, committed, date, share, taker, event_id, hlc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(lot) DO UPDATE SET committed = excluded.committed, date = excluded.date, "
    "share = excluded.share, taker = excluded.taker, event_id = excluded.event_id, hlc = excluded.hlc "
    "WHERE excluded.hlc > lot_commitments.hlc "
    "OR (excluded.hlc = lot_commitments.hlc AND excluded.event_id > lot_commitments.event_id)";

int apply_lot_commit(Ctx *c, const Event *ev, Err *e)
{
    const char *lot = apply_str(ev, "lot");
    json_t *com = json_object_get(ev->payload, "committed"), *share = json_object_get(ev->payload, "share");
    if (!lot || !json_is_integer(com))
        return err_set(e, ERR_INPUT, _("event %s: a commitment needs a lot and whether it was made"), ev->id);
    char creator[WORKSHOP_CODE_MAX + 1];
    apply_id_prefix(lot, creator);
    if (strcmp(creator, ev->workshop) != 0) return project_refuse(c, ev, REF_LOT_NOT_OWNED, lot, e);
    sqlite3_stmt *st = db_stmt(c->db, SQL_COMMIT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, lot, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, json_integer_value(com) ? 1 : 0);
    sqlite3_bind_text(st, 3, apply_str0(ev, "date"), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, json_is_integer(share) ? json_integer_value(share) : -1);
    sqlite3_bind_text(st, 5, apply_str0(ev, "taker"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, ev->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

/* An announced device (core/inventory/announce.h): the newest event of a
 * (lot, key) holds the row, whatever order events arrive in. */
static const char SQL_ANNOUNCE[] =
    "INSERT INTO announced(lot, akey, serial, serial_key, donor_tag, tag_key, category, make, model, "
    "workshop, event_id, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
    "ON CONFLICT(lot, akey) DO UPDATE SET serial = excluded.serial, serial_key = excluded.serial_key, "
    "donor_tag = excluded.donor_tag, tag_key = excluded.tag_key, category = excluded.category, "
    "make = excluded.make, model = excluded.model, workshop = excluded.workshop, "
    "event_id = excluded.event_id, hlc = excluded.hlc "
    "WHERE excluded.hlc > announced.hlc OR (excluded.hlc = announced.hlc AND excluded.event_id > announced.event_id)";

int apply_lot_announce(Ctx *c, const Event *ev, Err *e)
{
    const char *lot = apply_str(ev, "lot"), *serial = apply_str0(ev, "serial"), *tag = apply_str0(ev, "tag");
    if (!lot) return err_set(e, ERR_INPUT, _("event %s: an announcement needs a lot"), ev->id);
    char creator[WORKSHOP_CODE_MAX + 1];
    apply_id_prefix(lot, creator);
    if (strcmp(creator, ev->workshop) != 0) return project_refuse(c, ev, REF_NOT_CREATOR, creator, e);
    char skey[SERIAL_MAX * 4 + 1], tkey[TAG_MAX * 4 + 1], akey[TAG_MAX * 4 + 8];
    serial_key(serial, skey, sizeof skey);
    serial_key(tag, tkey, sizeof tkey);
    if (skey[0]) snprintf(akey, sizeof akey, "%s", skey);
    else if (tkey[0]) snprintf(akey, sizeof akey, "tag:%s", tkey);
    else return err_set(e, ERR_INPUT, _("event %s: an announcement needs a serial number or a tag"), ev->id);
    sqlite3_stmt *st = db_stmt(c->db, SQL_ANNOUNCE, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, lot, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, akey, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, serial, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, skey, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, tag, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, tkey, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, apply_str0(ev, "category"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, apply_str0(ev, "make"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, apply_str0(ev, "model"), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, ev->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, ev->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)ev->hlc);
    return db_step_done(c->db, st, e);
}

int apply_device_receive(Ctx *c, const Event *ev, Err *e)
{
    return bump_counter(c, "seq.device", own_number(c, ev->device, 0), e);
}

/* ---- folds -------------------------------------------------------------- */

static void fold_category(DeviceState *d, const Event *ev)
{
    int cat = vocab_find(&VOCAB_CATEGORY, apply_str(ev, "category"));
    if (cat >= 0) d->category = (CategoryId)cat;
}

void fold_device_receive(DeviceState *d, const Event *ev)
{
    set_field(d->lot, sizeof d->lot, ev, "lot");
    set_field(d->serial, sizeof d->serial, ev, "serial");
    set_field(d->donor_tag, sizeof d->donor_tag, ev, "donor_tag");
    fold_category(d, ev);
    set_field(d->make, sizeof d->make, ev, "make");
    set_field(d->model, sizeof d->model, ev, "model");
    if (!d->received_hlc) d->received_hlc = ev->hlc;
}

/* A correction: only the fields present in the payload change. */
void fold_device_update(DeviceState *d, const Event *ev)
{
    set_field(d->serial, sizeof d->serial, ev, "serial");
    set_field(d->donor_tag, sizeof d->donor_tag, ev, "donor_tag");
    fold_category(d, ev);
    set_field(d->make, sizeof d->make, ev, "make");
    set_field(d->model, sizeof d->model, ev, "model");
    set_field(d->lot, sizeof d->lot, ev, "lot");
}

void fold_device_state(DeviceState *d, const Event *ev)
{
    int s = vocab_find(&VOCAB_STATE, apply_str(ev, "state"));
    if (s >= 0) d->state = (StateId)s;
}

/* ---- descriptions ------------------------------------------------------- */

void describe_workshop_init(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, _("workshop %s, %s"), ev->workshop, apply_str0(ev, "name"));
}

void describe_workshop_key(const Event *ev, char *out, size_t size)
{
    const char *k = apply_str0(ev, "key");
    snprintf(out, size, _("new signing key %.8s…, replaces %s (%s)"), k, *apply_str0(ev, "replaces") ?
             apply_str0(ev, "replaces") : "-", apply_str0(ev, "reason"));
}

void describe_named(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, "%s", apply_str0(ev, "name"));
}

void describe_lot_create(const Event *ev, char *out, size_t size)
{
    json_t *exp = json_object_get(ev->payload, "expected");
    apply_item(out, size, _("lot %s from %s"), apply_str0(ev, "lot"), apply_str0(ev, "donor"));
    if (*apply_str0(ev, "ref")) apply_item(out, size, _("delivery note %s"), apply_str0(ev, "ref"));
    if (json_is_integer(exp) && json_integer_value(exp) >= 0) {
        long long n = json_integer_value(exp);
        apply_item(out, size, ngettext("%lld device announced", "%lld devices announced", (unsigned long)n), n);
    }
}

/* "serial S, donor tag T, lot L, category, make model": the fields present,
 * those that tell devices apart first (a history column shows the start;
 * the rest is on the device's detail already). A receipt and a correction
 * are written alike. */
void describe_device(const Event *ev, char *out, size_t size)
{
    if (*apply_str0(ev, "serial")) apply_item(out, size, _("serial %s"), apply_str0(ev, "serial"));
    if (*apply_str0(ev, "donor_tag")) apply_item(out, size, _("donor tag %s"), apply_str0(ev, "donor_tag"));
    if (*apply_str0(ev, "lot")) apply_item(out, size, _("lot %s"), apply_str0(ev, "lot"));
    int cat = vocab_find(&VOCAB_CATEGORY, apply_str(ev, "category"));
    if (cat >= 0) apply_item(out, size, "%s", category_label(cat));
    const char *make = apply_str0(ev, "make"), *model = apply_str0(ev, "model");
    if (*make || *model) apply_item(out, size, "%s%s%s", make, *make && *model ? " " : "", model);
}

void describe_device_state(const Event *ev, char *out, size_t size)
{
    int s = vocab_find(&VOCAB_STATE, apply_str(ev, "state"));
    snprintf(out, size, "%s", s >= 0 ? state_label(s) : apply_str0(ev, "state"));
    if (*apply_str0(ev, "note")) apply_cat(out, size, " — %s", apply_str0(ev, "note"));
}

void describe_device_specs(const Event *ev, char *out, size_t size)
{
    json_t *ram = json_object_get(ev->payload, "ram_mb"), *sto = json_object_get(ev->payload, "storage_gb");
    char buf[32];
    if (json_is_integer(ram)) {
        units_ram_mb((int64_t)json_integer_value(ram), buf, sizeof buf);
        apply_item(out, size, _("RAM %s"), buf);
    }
    if (*apply_str0(ev, "cpu")) apply_item(out, size, "%s", apply_str0(ev, "cpu"));
    if (json_is_integer(sto)) {
        units_storage_gb((int64_t)json_integer_value(sto), buf, sizeof buf);
        apply_item(out, size, _("storage %s"), buf);
    }
    json_t *bd = json_object_get(ev->payload, "battery_design_mwh"), *bf = json_object_get(ev->payload, "battery_full_mwh");
    char wf[48], wd[48];
    units_number((double)json_integer_value(bf) / 1000.0, wf, sizeof wf);
    units_number((double)json_integer_value(bd) / 1000.0, wd, sizeof wd);
    if (json_is_integer(bd) && json_is_integer(bf) && json_integer_value(bd) > 0)
        apply_item(out, size, _("battery %s of %s Wh (%lld %%)"), wf, wd,
                   (long long)(json_integer_value(bf) * 100 / json_integer_value(bd)));
    else if (json_is_integer(bd))
        apply_item(out, size, _("battery designed for %s Wh"), wd);
    else if (json_is_integer(bf))
        apply_item(out, size, _("battery %s Wh"), wf);
    const char *src = apply_str0(ev, "source");
    if (!strcmp(src, "announce")) apply_cat(out, size, " %s", _("(as announced by the donor)"));
    else if (!strcmp(src, "probe")) apply_cat(out, size, " %s", _("(read on the device)"));
    else if (!strcmp(src, "agent")) apply_cat(out, size, " %s", _("(from an agent inventory)"));
}

/* {source, diffs: [{field, announced, found}]} (core/inventory/found.h) */
void describe_device_discrepancy(const Event *ev, char *out, size_t size)
{
    json_t *diffs = json_object_get(ev->payload, "diffs");
    if (!json_array_size(diffs)) apply_item(out, size, "%s", _("as announced now"));
    for (size_t i = 0; i < json_array_size(diffs); i++) {
        json_t *d = json_array_get(diffs, i), *a = json_object_get(d, "announced"), *f = json_object_get(d, "found");
        const char *field = json_string_value(json_object_get(d, "field"));
        char as[320], fs[320];
        for (int k = 0; k < 2; k++) {
            json_t *v = k ? f : a;
            char *o = k ? fs : as;
            if (field && !strcmp(field, "ram_mb") && json_is_integer(v)) units_ram_mb((int64_t)json_integer_value(v), o, 320);
            else if (field && !strncmp(field, "battery", 7) && json_is_integer(v))
            {
                char wh[48];
                units_number((double)json_integer_value(v) / 1000.0, wh, sizeof wh);
                snprintf(o, 320, _("%s Wh"), wh);
            }
            else if (json_is_object(v)) {   /* a disk: "WD-123 (WDC WD5000, 500 GB)" */
                json_t *b = json_object_get(v, "bytes");
                char gb[32] = "";
                if (json_is_integer(b) && json_integer_value(b) > 0)
                    units_storage_gb((json_integer_value(b) + 500000000) / 1000000000, gb, sizeof gb);
                const char *model = json_string_value(json_object_get(v, "model"));
                snprintf(o, 320, "%s", json_string_value(json_object_get(v, "serial")) ? json_string_value(json_object_get(v, "serial")) : "?");
                if ((model && *model) || gb[0])
                    apply_cat(o, 320, " (%s%s%s)", model ? model : "", model && *model && gb[0] ? ", " : "", gb);
            } else if (json_is_string(v)) snprintf(o, 320, "%s", json_string_value(v));
            else if (json_is_integer(v)) snprintf(o, 320, "%lld", (long long)json_integer_value(v));
            else o[0] = '\0';
        }
        const char *what = !field ? "?" : !strcmp(field, "ram_mb") ? _("RAM") : !strcmp(field, "cpu") ? _("processor")
                         : !strcmp(field, "serial") ? _("serial") : !strcmp(field, "model") ? _("model")
                         : !strcmp(field, "battery_full_mwh") ? _("battery")
                         : !strcmp(field, "battery_design_mwh") ? _("battery design") : field;
        char item[720];   /* items are "; "-separated: a disk's words hold commas */
        if (field && !strcmp(field, "disk") && !fs[0]) snprintf(item, sizeof item, _("disk %s announced, not found"), as);
        else if (field && !strcmp(field, "disk")) snprintf(item, sizeof item, _("disk %s found, not announced"), fs);
        /* TRANSLATORS: « RAM : annoncé 8 Go, trouvé 4 Go » */
        else snprintf(item, sizeof item, _("%s: announced %s, found %s"), what, as[0] ? as : "—", fs[0] ? fs : "—");
        /* TRANSLATORS: between two differences (French: " ; ") */
        apply_cat(out, size, "%s%s", out[0] ? _("; ") : "", item);
    }
    const char *src = apply_str0(ev, "source");
    if (!strcmp(src, "probe")) apply_cat(out, size, " %s", _("(read on the device)"));
    else if (!strcmp(src, "agent")) apply_cat(out, size, " %s", _("(from an agent inventory)"));
}

void describe_lot_announce(const Event *ev, char *out, size_t size)
{
    const char *serial = apply_str0(ev, "serial"), *tag = apply_str0(ev, "tag");
    snprintf(out, size, _("lot %s"), apply_str0(ev, "lot"));
    if (*serial) apply_item(out, size, _("serial %s"), serial);
    if (*tag) apply_item(out, size, _("tag %s"), tag);
    const char *make = apply_str0(ev, "make"), *model = apply_str0(ev, "model");
    if (*make || *model) apply_item(out, size, "%s%s%s", make, *make && *model ? " " : "", model);
}

void describe_lot_commit(const Event *ev, char *out, size_t size)
{
    json_t *com = json_object_get(ev->payload, "committed"), *share = json_object_get(ev->payload, "share");
    if (!json_is_integer(com) || !json_integer_value(com)) {
        snprintf(out, size, _("lot %s: no commitment to reuse beforehand"), apply_str0(ev, "lot"));
        return;
    }
    snprintf(out, size, _("lot %s: commitment to reuse made on %s, for %lld %% of the devices, by %s"), apply_str0(ev, "lot"),
             apply_str0(ev, "date"), json_is_integer(share) ? (long long)json_integer_value(share) : -1LL,
             apply_str0(ev, "taker"));
}

void describe_device_offer(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, _("offered to workshop %s"), apply_str0(ev, "to"));
    if (*apply_str0(ev, "note")) apply_cat(out, size, " — %s", apply_str0(ev, "note"));
}

void describe_device_accept(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, _("taken over by workshop %s"), ev->workshop);
}

void describe_device_cancel(const Event *ev, char *out, size_t size)
{
    snprintf(out, size, _("offer withdrawn or declined by workshop %s"), ev->workshop);
    if (*apply_str0(ev, "note")) apply_cat(out, size, " — %s", apply_str0(ev, "note"));
}
