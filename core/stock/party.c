/* party.c — parties and this PC's private store of their names and
 * contacts (see party.h, doc/privacy.md).
 *
 * The private store: party_keys(code, key) holds one random 32-byte key per
 * party that has private data; party_private(code, nonce, box) the JSON
 * {name, contact} sealed with it (crypto_secretbox: XSalsa20-Poly1305, a
 * fresh random nonce at every write). Neither table is a projection: they
 * are never rebuilt nor synced, and `party forget` deletes both rows, the
 * key being what makes any old copy of a box unreadable. */
#include "core/stock/party.h"
#include "core/stock/device.h"
#include "core/log/event.h"
#include "util/i18n.h"
#include "util/text.h"
#include <sodium.h>
#include <stdio.h>
#include <ctype.h>
#include <string.h>

static const Word PARTY_KINDS[] = {
    { "association", NC_("party", "association") },
    { "business",    NC_("party", "business") },
    { "public",      NC_("party", "public body") },
    { "person",      NC_("party", "person") },
};
const Vocab VOCAB_PARTY_KIND = { PARTY_KINDS, PARTY__COUNT };

#define PARTY_COLS "code, workshop, kind, name, forgotten, created_hlc"
static const char SQL_GET[] = "SELECT " PARTY_COLS " FROM parties WHERE code = ?1";
/* ?1 '' or a workshop, ?2 '' or a kind; by code's length then code, so
 * that P10000 comes after P9999 */
static const char SQL_LIST[] =
    "SELECT " PARTY_COLS " FROM parties WHERE (?1 = '' OR workshop = ?1) AND (?2 = '' OR kind = ?2) "
    "ORDER BY workshop, length(code), code";
static const char SQL_KEY[] = "SELECT key FROM party_keys WHERE code = ?1";
static const char SQL_KEY_PUT[] = "INSERT INTO party_keys(code, key) VALUES (?1, ?2)";
static const char SQL_BOX[] = "SELECT nonce, box FROM party_private WHERE code = ?1";
static const char SQL_BOX_PUT[] =
    "INSERT INTO party_private(code, nonce, box) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(code) DO UPDATE SET nonce = excluded.nonce, box = excluded.box";

/* ---- the private store ---------------------------------------------------- */

/* Deleted or rewritten private rows are overwritten with zeros in the
 * file (and in the WAL pages written meanwhile), for the whole of the
 * caller's transaction. Returns the previous setting, for secure_restore. */
static int secure_on(Ctx *c)
{
    sqlite3 *h = db_handle(c->db);
    sqlite3_stmt *st;
    int was = 0;
    if (sqlite3_prepare_v2(h, "PRAGMA secure_delete", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) was = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_exec(h, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
    return was;
}

static void secure_restore(Ctx *c, int was)
{
    if (was != 1) sqlite3_exec(db_handle(c->db), was == 2 ? "PRAGMA secure_delete = FAST" : "PRAGMA secure_delete = OFF",
                               NULL, NULL, NULL);
}

/* The key of code into key: 1 found, 0 none, -1 error. */
static int key_get(Ctx *c, const char *code, unsigned char key[crypto_secretbox_KEYBYTES], Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_KEY, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), r = 0;
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == crypto_secretbox_KEYBYTES) {
        memcpy(key, sqlite3_column_blob(st, 0), crypto_secretbox_KEYBYTES);
        r = 1;
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        r = db_error_rc(c->db, rc, e);
    }
    sqlite3_reset(st);
    return r;
}

/* The name and contact sealed for code (each "" when absent): 1 read, 0
 * nothing here (no key, no box, or a box the key does not open), -1
 * error. */
static int private_read(Ctx *c, const char *code, char *name, size_t nsize, char *contact, size_t csize, Err *e)
{
    unsigned char key[crypto_secretbox_KEYBYTES];
    name[0] = contact[0] = '\0';
    if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not start."));
    int r = key_get(c, code, key, e);
    if (r <= 0) return r;
    sqlite3_stmt *st = db_stmt(c->db, SQL_BOX, e);
    if (!st) { sodium_memzero(key, sizeof key); return -1; }
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    r = 0;
    if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == crypto_secretbox_NONCEBYTES
        && sqlite3_column_bytes(st, 1) >= (int)crypto_secretbox_MACBYTES) {
        size_t blen = (size_t)sqlite3_column_bytes(st, 1), plen = blen - crypto_secretbox_MACBYTES;
        unsigned char *plain = sodium_malloc(plen + 1);
        if (plain && crypto_secretbox_open_easy(plain, sqlite3_column_blob(st, 1), blen,
                                                sqlite3_column_blob(st, 0), key) == 0) {
            plain[plen] = '\0';
            json_t *j = json_loadb((const char *)plain, plen, 0, NULL);
            json_t *n = json_object_get(j, "name"), *k = json_object_get(j, "contact");
            if (json_is_string(n)) snprintf(name, nsize, "%s", json_string_value(n));
            if (json_is_string(k)) snprintf(contact, csize, "%s", json_string_value(k));
            json_decref(j);   /* jansson's copies are freed, not wiped: they are short-lived */
            r = 1;
        }
        if (plain) sodium_free(plain);   /* wiped */
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        r = db_error_rc(c->db, rc, e);
    }
    sqlite3_reset(st);
    sodium_memzero(key, sizeof key);
    return r;
}

/* Seals {name, contact} for code with its key (made at the first write),
 * a new nonce each time. In the caller's transaction, with secure_on(). */
static int private_write(Ctx *c, const char *code, const char *name, const char *contact, Err *e)
{
    unsigned char key[crypto_secretbox_KEYBYTES], nonce[crypto_secretbox_NONCEBYTES];
    if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not start."));
    int r = key_get(c, code, key, e);
    if (r < 0) return -1;
    if (r == 0) {
        crypto_secretbox_keygen(key);
        sqlite3_stmt *st = db_stmt(c->db, SQL_KEY_PUT, e);
        if (!st) { sodium_memzero(key, sizeof key); return -1; }
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 2, key, sizeof key, SQLITE_STATIC);
        r = db_step_done(c->db, st, e);
        sqlite3_clear_bindings(st);
        if (r < 0) { sodium_memzero(key, sizeof key); return -1; }
    }
    json_t *j = json_pack("{s:s, s:s}", "name", name, "contact", contact);
    char *plain = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!plain) { sodium_memzero(key, sizeof key); return err_set(e, ERR_INTERNAL, "%s", _("out of memory")); }
    size_t plen = strlen(plain);
    unsigned char *box = malloc(plen + crypto_secretbox_MACBYTES);
    if (box) {
        randombytes_buf(nonce, sizeof nonce);
        crypto_secretbox_easy(box, (const unsigned char *)plain, plen, nonce, key);
    }
    sodium_memzero(plain, plen);
    free(plain);
    sodium_memzero(key, sizeof key);
    if (!box) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    sqlite3_stmt *st = db_stmt(c->db, SQL_BOX_PUT, e);
    r = -1;
    if (st) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 2, nonce, sizeof nonce, SQLITE_STATIC);
        sqlite3_bind_blob(st, 3, box, (int)(plen + crypto_secretbox_MACBYTES), SQLITE_STATIC);
        r = db_step_done(c->db, st, e);
        sqlite3_clear_bindings(st);
    }
    free(box);
    return r;
}

/* ---- parties --------------------------------------------------------------- */

static int clean(const char *in, char *out, size_t size, const char *label, Err *e)
{
    return text_field_clean(in ? in : "", out, size, PARTY_NAME_MAX, label, e);
}

int party_add(Ctx *c, PartyKind kind, const char *name_in, const char *contact_in,
              char out_code[PARTY_CODE_MAX], Err *e)
{
    char name[PARTY_NAME_MAX * 4 + 1], contact[PARTY_NAME_MAX * 4 + 1];
    if (kind < 0 || kind >= PARTY__COUNT) return err_set(e, ERR_USAGE, _("party: unknown kind"));
    if (clean(name_in, name, sizeof name, _("name"), e) < 0) return -1;
    if (clean(contact_in, contact, sizeof contact, _("contact"), e) < 0) return -1;
    if (!name[0] && kind != PARTY_PERSON) return err_set(e, ERR_USAGE, _("name: empty"));
    int secure = secure_on(c);
    if (db_begin(c->db, e) < 0) { secure_restore(c, secure); return -1; }
    char code[PARTY_CODE_MAX];
    snprintf(code, sizeof code, "%s-P%04lld", c->workshop,
             (long long)((db_meta_get_int(c->db, "seq.party", 0) + 1) % 100000000LL));
    json_t *p = json_pack("{s:s, s:s}", "code", code, "kind", party_kind_key(kind));
    if (kind != PARTY_PERSON) json_object_set_new(p, "name", json_string(name));
    const char *private_name = kind == PARTY_PERSON ? name : "";
    if (event_append(c, "party.create", NULL, p, NULL, e) < 0
        || ((private_name[0] || contact[0]) && private_write(c, code, private_name, contact, e) < 0)) {
        db_rollback(c->db);
        secure_restore(c, secure);
        return -1;
    }
    int r = db_commit(c->db, e);
    secure_restore(c, secure);
    sodium_memzero(name, sizeof name);
    sodium_memzero(contact, sizeof contact);
    if (r < 0) return -1;
    snprintf(out_code, PARTY_CODE_MAX, "%s", code);
    return 0;
}

int party_code_like(const char *s)
{
    const char *dash = strchr(s, '-');
    if (!dash || dash == s || dash - s > WORKSHOP_CODE_MAX || dash[1] != 'P' || !dash[2]) return 0;
    for (const char *p = s; p < dash; p++)
        if (!isalnum((unsigned char)*p)) return 0;
    for (const char *p = dash + 2; *p; p++)
        if (!isdigit((unsigned char)*p)) return 0;
    return 1;
}

/* The current row of a PARTY_COLS statement, with this PC's private data. */
static int row_to_party(Ctx *c, sqlite3_stmt *st, Party *out, Err *e)
{
    memset(out, 0, sizeof *out);
#define COL(i, f) snprintf(out->f, sizeof out->f, "%s", sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "")
    COL(0, code); COL(1, workshop); COL(3, name);
#undef COL
    int k = party_kind_parse((const char *)sqlite3_column_text(st, 2));
    out->kind = k < 0 ? PARTY_BUSINESS : (PartyKind)k;
    out->forgotten = sqlite3_column_int(st, 4);
    out->created_hlc = (Hlc)sqlite3_column_int64(st, 5);
    if (out->forgotten) return 0;
    char name[sizeof out->name];
    if (private_read(c, out->code, name, sizeof name, out->contact, sizeof out->contact, e) < 0) return -1;
    if (out->kind == PARTY_PERSON) snprintf(out->name, sizeof out->name, "%s", name);
    sodium_memzero(name, sizeof name);
    return 0;
}

int party_get(Ctx *c, const char *code, Party *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_GET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), r;
    if (rc == SQLITE_ROW) r = row_to_party(c, st, out, e) < 0 ? -1 : 1;
    else r = rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
    sqlite3_reset(st);
    return r;
}

/* Each blank-separated word of search is in one of the party's texts, in
 * any case (ASCII letters; accented ones as typed). */
static int party_matches(const Party *p, const char *search)
{
    char word[256];
    const char *s = search;
    for (;;) {
        while (*s == ' ') s++;
        if (!*s) return 1;
        size_t n = strcspn(s, " ");
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), s);
        s += n;
        if (!strcasestr(p->code, word) && !strcasestr(p->name, word) && !strcasestr(p->contact, word)
            && !strcasestr(party_kind_label(p->kind), word))
            return 0;
    }
}

int party_list(Ctx *c, const PartyQuery *q, PartyCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_LIST, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, q->all ? "" : c->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, q->kind >= 0 && q->kind < PARTY__COUNT ? party_kind_key(q->kind) : "", -1, SQLITE_STATIC);
    int rc, r = 0;
    Party p;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (row_to_party(c, st, &p, e) < 0) { r = -1; break; }
        if (q->search && q->search[0] && !party_matches(&p, q->search)) continue;
        if (cb(arg, &p)) break;
    }
    sodium_memzero(&p, sizeof p);
    if (!r && rc != SQLITE_ROW && rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
    sqlite3_reset(st);
    return r;
}

/* The party code names, for a change by this workshop: 0, or -1 with e
 * (unknown, another workshop's, forgotten). */
static int own_party(Ctx *c, const char *code, Party *p, Err *e)
{
    int r = party_get(c, code, p, e);
    if (r < 0) return -1;
    if (r == 0) return err_set(e, ERR_NOTFOUND, _("no party %s (boucle party list)"), code);
    if (strcmp(p->workshop, c->workshop) != 0)
        return err_set(e, ERR_INPUT, _("party %s belongs to workshop %s: only that workshop can change it"),
                       p->code, p->workshop);
    if (p->forgotten) return err_set(e, ERR_INPUT, _("party %s: this person was forgotten"), p->code);
    return 0;
}

int party_edit(Ctx *c, const char *code, int kind, const char *name_in, const char *contact_in, Err *e)
{
    Party p;
    char name[sizeof p.name], contact[sizeof p.contact];
    if (own_party(c, code, &p, e) < 0) return -1;
    if (kind >= PARTY__COUNT) return err_set(e, ERR_USAGE, _("party: unknown kind"));
    if (kind < 0) kind = (int)p.kind;
    if (kind != (int)p.kind && (kind == PARTY_PERSON || p.kind == PARTY_PERSON))
        return err_set(e, ERR_INPUT, p.kind == PARTY_PERSON
                       ? _("party %s: a person stays a person (their name is never in the log)")
                       : _("party %s: its name is in the log already, it cannot become a person; add the person as a new party"),
                       p.code);
    if (clean(name_in ? name_in : p.name, name, sizeof name, _("name"), e) < 0) return -1;
    if (clean(contact_in ? contact_in : p.contact, contact, sizeof contact, _("contact"), e) < 0) return -1;
    if (!name[0] && kind != PARTY_PERSON) return err_set(e, ERR_USAGE, _("name: empty"));
    int secure = secure_on(c);
    if (db_begin(c->db, e) < 0) { secure_restore(c, secure); return -1; }
    int r = 0;
    if (kind != PARTY_PERSON && (kind != (int)p.kind || strcmp(name, p.name) != 0)) {
        json_t *j = json_pack("{s:s, s:s, s:s}", "code", p.code, "kind", party_kind_key(kind), "name", name);
        r = event_append(c, "party.update", NULL, j, NULL, e);
    }
    int private_changed = strcmp(contact, p.contact) != 0 || (kind == PARTY_PERSON && strcmp(name, p.name) != 0);
    if (r == 0 && private_changed)
        r = private_write(c, p.code, kind == PARTY_PERSON ? name : "", contact, e);
    if (r < 0) db_rollback(c->db);
    else r = db_commit(c->db, e);
    secure_restore(c, secure);
    sodium_memzero(&p, sizeof p);
    sodium_memzero(name, sizeof name);
    sodium_memzero(contact, sizeof contact);
    return r < 0 ? -1 : 0;
}

int party_forget(Ctx *c, const char *code, Err *e)
{
    Party p;
    int r = party_get(c, code, &p, e);
    if (r < 0) return -1;
    if (r == 0) return err_set(e, ERR_NOTFOUND, _("no party %s (boucle party list)"), code);
    if (p.forgotten) return err_set(e, ERR_INPUT, _("party %s: this person was forgotten already"), p.code);
    if (p.kind != PARTY_PERSON)
        return err_set(e, ERR_INPUT, _("party %s is not a person: only a person is forgotten (boucle party edit changes the others)"),
                       p.code);
    if (own_party(c, code, &p, e) < 0) return -1;
    char canon[PARTY_CODE_MAX];
    snprintf(canon, sizeof canon, "%s", p.code);
    int secure = secure_on(c);
    if (db_begin(c->db, e) < 0) { secure_restore(c, secure); return -1; }
    /* the event's apply deletes the key and the box (core/log/apply_party.c) */
    if (event_append(c, "party.forget", NULL, json_pack("{s:s}", "code", canon), NULL, e) < 0) {
        db_rollback(c->db);
        secure_restore(c, secure);
        return -1;
    }
    r = db_commit(c->db, e);
    secure_restore(c, secure);
    sodium_memzero(&p, sizeof p);
    if (r < 0) return -1;
    /* The WAL still holds the pages as they were before: copied into the
     * file (where the rows are zeros now) and cut to nothing. */
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_handle(c->db), NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    if (rc == SQLITE_BUSY || (rc == SQLITE_OK && log > 0)) {
        err_set(e, ERR_DB, _("%s is forgotten, but another boucle uses the database: its journal (WAL) is emptied when every boucle is closed"),
                canon);
        return 1;
    }
    if (rc != SQLITE_OK) return db_error_rc(c->db, rc, e);
    return 0;
}

json_t *party_to_json(const Party *p)
{
    char when[32];
    hlc_iso(p->created_hlc, when);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "code", p->code, "workshop", p->workshop,
                     "kind", party_kind_key(p->kind), "name", p->name, "contact", p->contact,
                     "forgotten", p->forgotten, "created", when);
}
