/*
 * proof.c — the proof of reuse built as one JSON document, its fingerprint,
 * signature and verification (see proof.h). The PDF and the CSV are drawn
 * from the document in proof_doc.c.
 *
 * Reading: one SELECT walks the devices of the lot (or of the donor's lots)
 * received in the period; for each, the claim (core/grading), its media and
 * wipes (core/wipe) and what became of it, read in the allocations and
 * disposals tables core/alloc projects. A few indexed lookups per device:
 * 10 000 devices take about a second (bench/proof.sh).
 */
#include "core/report/proof.h"
#include "core/report/carbon.h"
#include "core/grading/grading.h"
#include "core/log/chain.h"
#include "core/log/hlc.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "core/stock/lot_commit.h"
#include "core/stock/party.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include "util/date.h"
#include "util/i18n.h"
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *js(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static void hlc_date(Hlc h, char out[11])
{
    char iso[32];
    hlc_iso(h, iso);
    snprintf(out, 11, "%s", iso);
}

/* ---- what became of a device --------------------------------------------- */

/* The newest allocation that gives the device away (a reservation only
 * holds it; a cancelled one never happened), with its taker's kind. */
static const char SQL_ALLOC[] =
    "SELECT a.kind, a.status, a.returned, a.updated_hlc, coalesce(p.kind, '') FROM allocations a "
    "LEFT JOIN parties p ON p.code = a.party "
    "WHERE a.device = ?1 AND a.kind IN ('donation', 'sale', 'loan') AND a.status <> 'cancelled' "
    "ORDER BY a.created_hlc DESC LIMIT 1";
static const char SQL_DISPOSAL[] = "SELECT kind, channel, hlc FROM disposals WHERE device = ?1";

static void col(sqlite3_stmt *st, int i, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, size, "%s", t ? (const char *)t : "");
}

/* {fate: reused|parts|recycled|in_workshop, as: donation|sale|loan|null,
 * taker: a party kind|null, channel, fate_date, returned}. */
static json_t *fate_json(Ctx *c, const char *id, StateId state, Err *e)
{
    char akind[16] = "", astatus[16] = "", returned[16] = "", taker[16] = "", dkind[16] = "", channel[200] = "";
    Hlc ahlc = 0, dhlc = 0;
    int have_a = 0, have_d = 0;
    sqlite3_stmt *st = db_stmt(c->db, SQL_ALLOC, e);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        have_a = 1;
        col(st, 0, akind, sizeof akind);
        col(st, 1, astatus, sizeof astatus);
        col(st, 2, returned, sizeof returned);
        ahlc = (Hlc)sqlite3_column_int64(st, 3);
        col(st, 4, taker, sizeof taker);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { db_error_rc(c->db, rc, e); return NULL; }
    if (!(st = db_stmt(c->db, SQL_DISPOSAL, e))) return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        have_d = 1;
        col(st, 0, dkind, sizeof dkind);
        col(st, 1, channel, sizeof channel);
        dhlc = (Hlc)sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { db_error_rc(c->db, rc, e); return NULL; }

    const char *fate = "in_workshop";
    char date[11] = "";
    int use_a = 0;
    if (have_d && (!have_a || dhlc > ahlc)) {
        fate = strcmp(dkind, "parts") == 0 ? "parts" : "recycled";
        hlc_date(dhlc, date);
    } else if (have_a && (strcmp(astatus, "delivered") == 0 || (state == ST_REUSED && strcmp(astatus, "returned") != 0))) {
        fate = "reused";
        use_a = 1;
        hlc_date(ahlc, date);
    } else if (!have_a || strcmp(astatus, "returned") != 0) {
        /* a state set before allocations existed (or by hand) */
        if (state == ST_REUSED) fate = "reused";
        else if (state == ST_PARTS) fate = "parts";
        else if (state == ST_RECYCLED) fate = "recycled";
    }
    json_t *j = json_pack("{s:s}", "fate", fate);
    json_object_set_new(j, "as", str_or_null(use_a ? akind : NULL));
    /* the kind of taker, never who: a person is "person" and nothing more */
    json_object_set_new(j, "taker", str_or_null(use_a ? taker : NULL));
    json_object_set_new(j, "channel", str_or_null(strcmp(fate, "recycled") == 0 ? channel : NULL));
    json_object_set_new(j, "fate_date", str_or_null(date));
    /* a loan that came back: the device is in the workshop again */
    json_object_set_new(j, "returned", str_or_null(have_a && !strcmp(astatus, "returned") && !use_a ? returned : NULL));
    return j;
}

/* ---- erasures -------------------------------------------------------------- */

/* The day an event was recorded (a wipe typed by hand has no times of its
 * own). 0 (out "" when unknown) or -1. */
static int event_date(Ctx *c, const char *id, char out[11], Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, "SELECT hlc FROM events WHERE id = ?1", e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) hlc_date((Hlc)sqlite3_column_int64(st, 0), out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

/* Per medium, its latest successful wipe record, else its latest one. */
static json_t *erasures_json(Ctx *c, const char *id, Err *e)
{
    MediaList ml;
    if (media_list(c, id, &ml, e) < 0) return NULL;
    json_t *wipes = wipes_json(c, id, e);
    if (!wipes) { media_list_free(&ml); return NULL; }
    json_t *out = json_array();
    for (size_t i = 0; i < ml.n; i++) {
        const Medium *m = &ml.items[i];
        json_t *best = NULL, *w;
        size_t k;
        json_array_foreach(wipes, k, w) {
            if (strcmp(js(w, "serial"), m->serial) != 0) continue;
            if (!best || !strcmp(js(w, "status"), "success") || strcmp(js(best, "status"), "success") != 0) best = w;
        }
        json_t *d = json_pack("{s:s, s:s, s:s}", "medium", m->serial, "model", m->model, "type", m->type);
        if (best) {
            char date[11] = "";
            snprintf(date, sizeof date, "%s", *js(best, "ended") ? js(best, "ended") : js(best, "started"));
            if (!date[0] && event_date(c, js(best, "event"), date, e) < 0) {   /* a record typed by hand */
                json_decref(d);
                json_decref(out);
                out = NULL;
                break;
            }
            json_object_set_new(d, "category", str_or_null(js(best, "category")));
            json_object_set_new(d, "method", str_or_null(js(best, "technique")));
            json_object_set_new(d, "date", str_or_null(date));
            json_object_set_new(d, "result", json_string(*js(best, "status") ? js(best, "status") : "failed"));
            json_object_set_new(d, "record_hash", str_or_null(js(best, "record_hash")));
        } else {
            json_object_set_new(d, "result", json_string("none"));
        }
        json_array_append_new(out, d);
    }
    json_decref(wipes);
    media_list_free(&ml);
    return out;   /* NULL when a lookup failed */
}

/* ---- the document ---------------------------------------------------------- */

static const char SQL_BY_LOT[] =
    "SELECT id, serial, donor_tag, lot, category, make, model, grade, state, received_hlc FROM devices "
    "WHERE lot = ?1 AND received_hlc >= ?2 AND received_hlc < ?3 ORDER BY n";
static const char SQL_BY_DONOR[] =
    "SELECT d.id, d.serial, d.donor_tag, d.lot, d.category, d.make, d.model, d.grade, d.state, d.received_hlc "
    "FROM lots l JOIN devices d ON d.lot = l.id WHERE l.donor_code = ?1 AND l.workshop = ?4 "
    "AND d.received_hlc >= ?2 AND d.received_hlc < ?3 ORDER BY l.created_hlc, d.n";

typedef struct Sum {
    long long received, reused, donation, sale, loan, unrecorded, parts, recycled, in_workshop;
    long long reused_by_cat[CAT__COUNT];
} Sum;

static json_t *device_json(Ctx *c, sqlite3_stmt *st, const Profile *prof, Sum *s, Err *e)
{
    Device d;
    memset(&d, 0, sizeof d);
    col(st, 0, d.id, sizeof d.id);
    col(st, 1, d.serial, sizeof d.serial);
    col(st, 2, d.donor_tag, sizeof d.donor_tag);
    col(st, 3, d.lot, sizeof d.lot);
    char cat[16];
    col(st, 4, cat, sizeof cat);
    int ci = vocab_find(&VOCAB_CATEGORY, cat);
    d.category = ci >= 0 ? (CategoryId)ci : CAT_OTHER;
    col(st, 5, d.make, sizeof d.make);
    col(st, 6, d.model, sizeof d.model);
    col(st, 7, d.grade, sizeof d.grade);
    char state[16];
    col(st, 8, state, sizeof state);
    int si = vocab_find(&VOCAB_STATE, state);
    d.state = si >= 0 ? (StateId)si : ST_RECEIVED;
    d.received_hlc = (Hlc)sqlite3_column_int64(st, 9);
    Claim cl;
    if (device_claim(c, &d, &cl, e) < 0) return NULL;
    json_t *er = erasures_json(c, d.id, e);
    if (!er) return NULL;
    json_t *fate = fate_json(c, d.id, d.state, e);
    if (!fate) { json_decref(er); return NULL; }
    char received[11];
    hlc_date(d.received_hlc, received);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", d.id, "serial", d.serial,
                          "donor_tag", d.donor_tag, "lot", d.lot, "category", category_key(d.category),
                          "make", d.make, "model", d.model, "received", received);
    json_object_set_new(j, "grade", str_or_null(d.grade));
    json_object_set_new(j, "claim", json_string(claim_key(&cl)));
    json_object_set_new(j, "claim_label", json_string(claim_label(&cl)));
    json_object_set_new(j, "erasures", er);
    const char *f = js(fate, "fate"), *as = js(fate, "as");
    s->received++;
    if (!strcmp(f, "reused")) {
        s->reused++;
        s->reused_by_cat[d.category]++;
        if (!strcmp(as, "donation")) s->donation++;
        else if (!strcmp(as, "sale")) s->sale++;
        else if (!strcmp(as, "loan")) s->loan++;
        else s->unrecorded++;   /* its state set to reused by hand: no allocation says how */
        /* the factor this device's reuse is counted with, per device */
        const ProfileCarbon *pc = prof ? profile_carbon(prof, category_key(d.category)) : NULL;
        json_object_set_new(fate, "co2e_g", pc && pc->set ? json_integer((json_int_t)(pc->kg * 1000.0 + 0.5)) : json_null());
    } else if (!strcmp(f, "parts")) s->parts++;
    else if (!strcmp(f, "recycled")) s->recycled++;
    else s->in_workshop++;
    json_object_update(j, fate);
    json_decref(fate);
    return j;
}

/* "66.7": a per-mille ratio as a percent with one decimal, in C's digits
 * (the document is language-neutral; the PDF writes it the reader's way). */
static void percent_text(long long num, long long den, char out[16])
{
    long long pm = den ? (num * 1000 + den / 2) / den : 0;
    snprintf(out, 16, "%lld.%lld", pm / 10, pm % 10);
}

static json_t *summary_json(const Sum *s, const Profile *prof)
{
    char pct[16];
    percent_text(s->reused, s->received, pct);
    json_t *carbon = json_array();
    long long total_g = 0;
    for (int i = 0; i < CAT__COUNT; i++) {
        if (!s->reused_by_cat[i]) continue;
        const ProfileCarbon *pc = prof ? profile_carbon(prof, category_key(i)) : NULL;
        json_t *r = json_pack("{s:s, s:I}", "category", category_key(i), "devices", (json_int_t)s->reused_by_cat[i]);
        if (pc && pc->set) {
            long long g = (long long)(pc->kg * 1000.0 + 0.5);
            total_g += g * s->reused_by_cat[i];
            json_object_set_new(r, "factor", json_string(profile_carbon_label(pc)));
            json_object_set_new(r, "g_per_device", json_integer(g));
            json_object_set_new(r, "g", json_integer(g * s->reused_by_cat[i]));
        } else {
            json_object_set_new(r, "factor", json_null());
            json_object_set_new(r, "g_per_device", json_null());
            json_object_set_new(r, "g", json_null());
        }
        json_array_append_new(carbon, r);
    }
    char method[1024];
    carbon_method_text(prof, method, sizeof method);   /* the same words as every screen and report */
    json_t *sum = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:o, s:I, s:o}",
                     "received", (json_int_t)s->received, "reused", (json_int_t)s->reused,
                     "donation", (json_int_t)s->donation, "sale", (json_int_t)s->sale, "loan", (json_int_t)s->loan,
                     "reused_unrecorded", (json_int_t)s->unrecorded,
                     "parts", (json_int_t)s->parts, "recycled", (json_int_t)s->recycled,
                     "in_workshop", (json_int_t)s->in_workshop, "reuse_ratio_percent", pct,
                     "carbon", carbon, "co2e_avoided_g", (json_int_t)total_g,
                     "carbon_source", str_or_null(prof ? profile_carbon_source(prof) : NULL));
    json_object_set_new(sum, "carbon_method", json_string(method));
    return sum;
}

static json_t *lot_json(Ctx *c, const Lot *l, Err *e)
{
    LotCommitment m;
    if (lot_commitment_get(c, l->id, &m, e) < 0) return NULL;
    json_t *com = !m.known ? json_null() : !m.committed ? json_pack("{s:b}", "committed", 0)
                : json_pack("{s:b, s:s, s:i, s:s}", "committed", 1, "date", m.date, "share", m.share, "taker", m.taker);
    char text[700];
    lot_commitment_text(&m, text, sizeof text);
    return json_pack("{s:s, s:s, s:s, s:o, s:s}", "id", l->id, "date", l->date, "ref", l->ref,
                     "commitment", com, "commitment_text", text);
}

typedef struct LotsArg { Ctx *c; const char *code; json_t *arr; int bad; Err *e; } LotsArg;

static int add_lot(void *arg, const Lot *l)
{
    LotsArg *a = arg;
    if (strcasecmp(l->donor_code, a->code) != 0 || strcmp(l->workshop, a->c->workshop) != 0) return 0;
    json_t *j = lot_json(a->c, l, a->e);
    if (!j) { a->bad = 1; return 1; }
    json_array_insert_new(a->arr, 0, j);   /* oldest first */
    return 0;
}

json_t *proof_build(Ctx *c, const Profile *prof, const ProofQuery *q, Err *e)
{
    if (!!q->lot == !!q->donor) return err_set(e, ERR_USAGE, "%s", _("the proof is of a lot or of a donor")), NULL;
    int64_t from_ms = 0, to_ms = 0;
    if (q->from && date_to_ms(q->from, &from_ms) < 0)
        return err_set(e, ERR_INPUT, _("date: \"%s\" is not a date (YYYY-MM-DD)"), q->from), NULL;
    if (q->to && date_to_ms(q->to, &to_ms) < 0)
        return err_set(e, ERR_INPUT, _("date: \"%s\" is not a date (YYYY-MM-DD)"), q->to), NULL;
    if (q->to) to_ms += 86400000;   /* the whole last day */
    if (q->from && q->to && from_ms >= to_ms)
        return err_set(e, ERR_INPUT, _("the period ends (%s) before it starts (%s)"), q->to, q->from), NULL;

    json_t *lots = json_array(), *donor = NULL;
    Lot lot;
    Party party;
    const char *sql, *key;
    if (q->lot) {
        int r = lot_get(c, q->lot, &lot, e);
        if (r <= 0) {
            json_decref(lots);
            return r == 0 ? (err_set(e, ERR_NOTFOUND, _("no lot %s"), q->lot), NULL) : NULL;
        }
        if (strcmp(lot.workshop, c->workshop) != 0) {
            /* a proof is signed by who received the devices: the donor
             * gets it from the workshop it gave them to */
            json_decref(lots);
            return err_set(e, ERR_INPUT, _("lot %s was received by workshop %s: only that workshop can prove what "
                                           "became of its devices"), lot.id, lot.workshop), NULL;
        }
        json_t *l = lot_json(c, &lot, e);
        if (!l) { json_decref(lots); return NULL; }
        json_array_append_new(lots, l);
        int p = lot.donor_code[0] ? party_get(c, lot.donor_code, &party, NULL) : 0;
        donor = json_pack("{s:o, s:s, s:o}", "code", str_or_null(lot.donor_code), "name", lot.donor,
                          "kind", p == 1 ? json_string(party_kind_key(party.kind)) : json_null());
        sql = SQL_BY_LOT;
        key = lot.id;
    } else {
        int r = party_get(c, q->donor, &party, e);
        if (r <= 0) {
            json_decref(lots);
            return r == 0 ? (err_set(e, ERR_NOTFOUND, _("donor %s: no party has this code (boucle party list)"), q->donor), NULL) : NULL;
        }
        LotsArg a = { c, party.code, lots, 0, e };
        if (lot_list(c, add_lot, &a, e) < 0 || a.bad) { json_decref(lots); return NULL; }
        /* a person is named nowhere but on this PC: the document gives the code */
        donor = json_pack("{s:s, s:s, s:s}", "code", party.code,
                          "name", party.kind == PARTY_PERSON || !party.name[0] ? party.code : party.name,
                          "kind", party_kind_key(party.kind));
        sql = SQL_BY_DONOR;
        key = party.code;
    }

    Sum s;
    memset(&s, 0, sizeof s);
    json_t *devices = json_array();
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) {
        db_error(c->db, e);
        goto fail;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, q->from ? (sqlite3_int64)hlc_make(from_ms, 0) : 0);
    sqlite3_bind_int64(st, 3, q->to ? (sqlite3_int64)hlc_make(to_ms, 0) : INT64_MAX);
    if (sql == SQL_BY_DONOR) sqlite3_bind_text(st, 4, c->workshop, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *d = device_json(c, st, prof, &s, e);
        if (!d) { sqlite3_finalize(st); goto fail; }
        json_array_append_new(devices, d);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) { db_error_rc(c->db, rc, e); goto fail; }
    if (!s.received) {
        const char *who = q->lot ? lot.id : party.code;
        if (q->from || q->to)
            err_set(e, ERR_INPUT, _("No device from %s was received between %s and %s: there is nothing to prove."),
                    who, q->from ? q->from : "…", q->to ? q->to : "…");
        else
            err_set(e, ERR_INPUT, _("No device from %s was received: there is nothing to prove."), who);
        goto fail;
    }
    /* the lots of a donor that gave devices in the period, only */
    if (q->donor) {
        for (size_t i = json_array_size(lots); i-- > 0;) {
            const char *id = js(json_array_get(lots, i), "id");
            int used = 0;
            json_t *d;
            size_t k;
            json_array_foreach(devices, k, d) if (!strcmp(js(d, "lot"), id)) { used = 1; break; }
            if (!used) json_array_remove(lots, i);
        }
    }
    char now[32];
    time_t t = time(NULL);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:{s:o, s:o, s:o}}",
                            "type", "proof-of-reuse", "regulation", "décret 2023-266", "issued", now,
                            "lang", lang_current(), "workshop", "code", c->workshop, "name", c->workshop_name,
                            "donor", donor, "scope", "lot", str_or_null(q->lot ? lot.id : NULL),
                            "from", str_or_null(q->from), "to", str_or_null(q->to));
    json_object_set_new(doc, "lots", lots);
    json_object_set_new(doc, "summary", summary_json(&s, prof));
    json_object_set_new(doc, "devices", devices);
    return doc;
fail:
    json_decref(devices);
    json_decref(lots);
    json_decref(donor);
    return NULL;
}

/* ---- fingerprint, signature, verification ------------------------------------ */

static char *canonical(const json_t *doc)
{
    json_t *copy = json_copy((json_t *)doc);
    if (!copy) return NULL;
    json_object_del(copy, "signature");
    char *s = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    json_decref(copy);
    return s;
}

static void fpr_of(const char *s, char out[PROOF_FPR])
{
    unsigned char d[32];
    crypto_hash_sha256(d, (const unsigned char *)s, strlen(s));
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        o += (size_t)snprintf(out + o, PROOF_FPR - o, "%02x", d[i]);
        if (i % 2 == 1 && i < 15) out[o++] = ' ';
    }
    out[o] = '\0';
}

int proof_fingerprint(const json_t *doc, char out[PROOF_FPR])
{
    char *s = canonical(doc);
    out[0] = '\0';
    if (!s) return -1;
    fpr_of(s, out);
    free(s);
    return 0;
}

int proof_sign(Ctx *c, json_t *doc, Err *e)
{
    char *s = canonical(doc);
    if (!s) return err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    unsigned char sig[64], pk[32];
    int r = chain_sign(c, (const unsigned char *)s, strlen(s), sig, pk, e);
    if (r == 0) {
        char fpr[PROOF_FPR], kfpr[CHAIN_FPR], pk_hex[65], sig_hex[129];
        fpr_of(s, fpr);
        chain_fingerprint_of(pk, kfpr);
        sodium_bin2hex(pk_hex, sizeof pk_hex, pk, 32);
        sodium_bin2hex(sig_hex, sizeof sig_hex, sig, 64);
        json_object_set_new(doc, "signature", json_pack("{s:s, s:s, s:s, s:s, s:s}", "algorithm", "ed25519",
                                                        "public_key", pk_hex, "key_fingerprint", kfpr,
                                                        "fingerprint", fpr, "value", sig_hex));
    }
    free(s);
    return r;
}

int proof_json_write(const json_t *doc, const char *path, Err *e)
{
    if (json_dump_file(doc, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        return err_set(e, ERR_IO, _("Cannot write %s: %s."), path, strerror(errno ? errno : EIO));
    return 0;
}

json_t *proof_write(Ctx *c, const Profile *prof, const ProofQuery *q, const ProofFiles *f, Err *e)
{
    json_t *doc = proof_build(c, prof, q, e);
    if (!doc) return NULL;
    int64_t n = (int64_t)json_array_size(json_object_get(doc, "devices"));
    ProofTick t = { f->progress, f->parg, 0, n * ((f->csv ? 1 : 0) + (f->pdf ? 2 : 0)) };
    if (t.fn) t.fn(t.arg, 0, t.total);
    if (proof_sign(c, doc, e) < 0 || (f->json && proof_json_write(doc, f->json, e) < 0) ||
        (f->csv && proof_csv_ticked(doc, f->csv, &t, e) < 0) || (f->pdf && proof_pdf_ticked(doc, f->pdf, &t, e) < 0)) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

int proof_verify_file(const char *path, ProofCheck *out, Err *e)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) return err_set(e, ERR_IO, _("Cannot read %s: %s."), path, strerror(errno));
    json_error_t je;
    json_t *doc = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    fclose(f);
    out->verdict = PROOF_UNREADABLE;
    if (!doc) {
        snprintf(out->why, sizeof out->why, _("it is no longer valid JSON (line %d: %s)"), je.line, je.text);
        return 0;
    }
    json_t *sig = json_object_get(doc, "signature");
    snprintf(out->workshop, sizeof out->workshop, "%s", js(json_object_get(doc, "workshop"), "code"));
    unsigned char pk[32], sg[64];
    if (!json_is_object(sig) || strcmp(js(doc, "type"), "proof-of-reuse") != 0 ||
        strcmp(js(sig, "algorithm"), "ed25519") != 0 ||
        sodium_hex2bin(pk, 32, js(sig, "public_key"), strlen(js(sig, "public_key")), NULL, NULL, NULL) != 0 ||
        sodium_hex2bin(sg, 64, js(sig, "value"), strlen(js(sig, "value")), NULL, NULL, NULL) != 0 ||
        strlen(js(sig, "public_key")) != 64 || strlen(js(sig, "value")) != 128) {
        snprintf(out->why, sizeof out->why, "%s", _("it is not a signed proof of reuse (no valid signature in it)"));
        json_decref(doc);
        return 0;
    }
    char kfpr[CHAIN_FPR];
    chain_fingerprint_of(pk, kfpr);
    snprintf(out->key_fingerprint, sizeof out->key_fingerprint, "%s", kfpr);
    char *s = canonical(doc);
    if (!s) { json_decref(doc); return err_set(e, ERR_INTERNAL, "%s", _("Out of memory.")); }
    fpr_of(s, out->fingerprint);
    int ok = sodium_init() >= 0 && crypto_sign_verify_detached(sg, (const unsigned char *)s, strlen(s), pk) == 0;
    free(s);
    if (!ok) {
        out->verdict = PROOF_ALTERED;
        snprintf(out->why, sizeof out->why, "%s", _("its signature does not match its content"));
    } else if (strcmp(js(sig, "fingerprint"), out->fingerprint) != 0) {
        out->verdict = PROOF_ALTERED;
        snprintf(out->why, sizeof out->why, "%s", _("the fingerprint it states is not its own"));
    } else {
        out->verdict = PROOF_INTACT;
    }
    json_decref(doc);
    return 0;
}
