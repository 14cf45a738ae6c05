/*
 * device.c — devices (see device.h).
 *
 * Search: the devices_fts index (FTS5, external content) holds the words of
 * asset id, serial, donor tag, make and model; what the user types becomes a
 * query of word prefixes, all required ("dell lat" finds "Dell Latitude").
 * The devices_codes index (FTS5 trigrams) holds serial, donor tag and the
 * asset id's number: a text of 3 characters or more without blanks is also
 * looked for anywhere inside them ("XZB" finds 5CG7301XZB, "412" finds
 * GRE1-000412; a text cutting the workshop code, "E1-0004", is not found). A search shows the union
 * of both, newest first; each is keyset-paged on its own and the two pages
 * merged, so neither ever sorts its matches.
 * Every query of the list is keyset-paged on n (never OFFSET), so a page
 * costs the same at the top or the bottom of a million rows.
 */
#include "core/stock/device.h"
#include "core/log/event.h"
#include "core/stock/lot.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


int asset_id_normalize(const char *s, char out[DEVICE_ID_MAX])
{
    const char *dash = strrchr(s, '-');
    if (!dash) return 0;
    size_t clen = (size_t)(dash - s);
    if (clen < 2 || clen > WORKSHOP_CODE_MAX) return 0;
    char code[WORKSHOP_CODE_MAX + 1];
    for (size_t i = 0; i < clen; i++) {
        if (!isalnum((unsigned char)s[i])) return 0;
        code[i] = (char)toupper((unsigned char)s[i]);
    }
    code[clen] = '\0';
    const char *d = dash + 1;
    size_t dl = strlen(d);
    if (dl < 1 || dl > 12) return 0;
    for (size_t i = 0; i < dl; i++)
        if (!isdigit((unsigned char)d[i])) return 0;
    long long n = strtoll(d, NULL, 10);
    if (n <= 0 || n > 999999999999LL) return 0;
    snprintf(out, DEVICE_ID_MAX, "%s-%06lld", code, n % 1000000000000LL);
    return 1;
}

static const char SQL_BY_ID[] = "SELECT " DEVICE_COLUMNS " FROM devices WHERE id = ?1";
/* The "<> ''" terms repeat the partial indexes' condition: without them
 * SQLite cannot prove that ?1 is not empty and scans the whole table. */
static const char SQL_BY_SERIAL[] =
    "SELECT " DEVICE_COLUMNS " FROM devices WHERE serial_key = ?1 AND serial_key <> '' ORDER BY n LIMIT 1";
static const char SQL_BY_TAG[] =
    "SELECT " DEVICE_COLUMNS " FROM devices WHERE tag_key = ?1 AND tag_key <> '' ORDER BY n LIMIT 1";

/* Column i as text into dst (size bytes), cut as snprintf would. */
static void col_copy(sqlite3_stmt *st, int i, char *dst, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    size_t len = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
    if (len >= size) len = size - 1;
    if (len) memcpy(dst, t, len);
    dst[len] = '\0';
}

static void row_to_device(sqlite3_stmt *st, Device *d, int64_t *n)
{
    memset(d, 0, sizeof *d);
    if (n) *n = sqlite3_column_int64(st, 0);
#define COL(i, f) col_copy(st, i, d->f, sizeof d->f)
    COL(1, id); COL(2, workshop); COL(3, lot); COL(4, serial); COL(5, donor_tag);
    COL(7, make); COL(8, model); COL(10, grade);
#undef COL
    int cat = vocab_find(&VOCAB_CATEGORY, (const char *)sqlite3_column_text(st, 6));
    d->category = cat < 0 ? CAT_OTHER : (CategoryId)cat;
    int stt = vocab_find(&VOCAB_STATE, (const char *)sqlite3_column_text(st, 9));
    d->state = stt < 0 ? ST_RECEIVED : (StateId)stt;
    d->outcome = (OutcomeId)vocab_find(&VOCAB_OUTCOME, (const char *)sqlite3_column_text(st, 11));
    d->received_hlc = (Hlc)sqlite3_column_int64(st, 12);
    d->updated_hlc = (Hlc)sqlite3_column_int64(st, 13);
}

static const char SQL_EVENT_COUNT[] = "SELECT count(*) FROM events WHERE device = ?1";

/* The number of events of a device (the detail screen shows it). */
static void count_events(Ctx *c, Device *d)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_EVENT_COUNT, NULL);
    if (!st) return;
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) d->events = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
}

static int find_one(Ctx *c, const char *sql, const char *key, Device *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), r = 0;
    if (rc == SQLITE_ROW) {
        row_to_device(st, out, NULL);
        r = 1;
    } else if (rc != SQLITE_DONE) {
        r = db_error_rc(c->db, rc, e);
    }
    sqlite3_reset(st);
    if (r == 1) count_events(c, out);
    return r;
}

int device_get(Ctx *c, const char *id, Device *out, Err *e)
{
    return find_one(c, SQL_BY_ID, id, out, e);
}

int device_find(Ctx *c, const char *key, Device *out, Err *e)
{
    char id[DEVICE_ID_MAX], k[SERIAL_MAX * 4 + 1];
    if (!key || !*key) return 0;
    if (asset_id_normalize(key, id)) {
        int r = find_one(c, SQL_BY_ID, id, out, e);
        if (r) return r;
    }
    serial_key(key, k, sizeof k);
    if (!*k) return 0;
    int r = find_one(c, SQL_BY_SERIAL, k, out, e);
    if (r) return r;
    return find_one(c, SQL_BY_TAG, k, out, e);
}

int device_label_as_serial(Ctx *c, const char *text, char id[DEVICE_ID_MAX], Err *e)
{
    char norm[DEVICE_ID_MAX];
    Device d;
    id[0] = '\0';
    if (!text || !asset_id_normalize(text, norm)) return 0;
    int r = find_one(c, SQL_BY_ID, norm, &d, e);
    if (r < 0) return -1;
    if (r == 1) {
        snprintf(id, DEVICE_ID_MAX, "%s", d.id);
        return 1;
    }
    size_t code = (size_t)(strrchr(norm, '-') - norm);
    return c->workshop[0] && strlen(c->workshop) == code && strncasecmp(norm, c->workshop, code) == 0;
}

static const char SQL_NEXT_FREE[] = "SELECT 1 FROM devices WHERE id = ?1";

int device_add(Ctx *c, const DeviceNew *in, int allow_duplicate,
               char out_id[DEVICE_ID_MAX], char dup_id[DEVICE_ID_MAX], Err *e)
{
    char serial[SERIAL_MAX * 4 + 1], tag[TAG_MAX * 4 + 1], make[256], model[256];
    char lot[LOT_ID_MAX];
    if (dup_id) dup_id[0] = '\0';
    if (text_field_clean(in->serial, serial, sizeof serial, SERIAL_MAX, _("serial number"), e) < 0) return -1;
    if (!serial[0]) return err_set(e, ERR_INPUT, _("serial number: empty"));
    if (text_field_clean(in->donor_tag, tag, sizeof tag, TAG_MAX, _("donor asset tag"), e) < 0) return -1;
    if (text_field_clean(in->make, make, sizeof make, 60, _("make"), e) < 0) return -1;
    if (text_field_clean(in->model, model, sizeof model, 60, _("model"), e) < 0) return -1;
    int cat = (in->category && *in->category) ? category_parse(in->category) : category_parse("other");
    if (cat < 0) return err_set(e, ERR_INPUT, _("unknown category \"%s\" (laptop, desktop, screen, phone, tablet, printer, network, other)"), in->category);
    if (!in->lot || !*in->lot) return err_set(e, ERR_USAGE, _("a lot is required"));

    /* Everything below in one write transaction: one lock round per scan. */
    if (db_begin(c->db, e) < 0) return -1;
    int r = lot_exists(c, in->lot, lot, e);
    if (r < 0) goto fail;
    if (r == 0) {
        err_set(e, ERR_NOTFOUND, _("no lot %s"), in->lot);
        goto fail;
    }
    /* Our own label scanned where the maker's serial was expected: a
     * device would get its own asset id as serial (and the lot one device
     * too many). */
    char label[DEVICE_ID_MAX];
    r = device_label_as_serial(c, serial, label, e);
    if (r < 0) goto fail;
    if (r == 1) {
        if (label[0]) err_set(e, ERR_INPUT, _("serial number: %s is the asset id of device %s, not a serial number"),
                              serial, label);
        else err_set(e, ERR_INPUT, _("serial number: %s is an asset id of workshop %s, not a serial number"),
                     serial, c->workshop);
        goto fail;
    }
    Device known;
    char skey[sizeof serial];
    serial_key(serial, skey, sizeof skey);
    r = find_one(c, SQL_BY_SERIAL, skey, &known, e);
    if (r < 0) goto fail;
    if (r == 1 && !allow_duplicate) {
        if (dup_id) snprintf(dup_id, DEVICE_ID_MAX, "%s", known.id);
        err_set(e, ERR_EXISTS, _("serial number %s is already known: device %s"), serial, known.id);
        goto fail;
    }
    /* The next number, in the write transaction: no gap, no duplicate. The
     * loop only turns when a device with that id came from the hub. */
    int64_t next = db_meta_get_int(c->db, "seq.device", 0);
    char id[DEVICE_ID_MAX];
    for (;;) {
        next++;
        snprintf(id, sizeof id, "%s-%06lld", c->workshop, (long long)(next % 1000000000000LL));
        sqlite3_stmt *st = db_stmt(c->db, SQL_NEXT_FREE, e);
        if (!st) goto fail;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) { db_error_rc(c->db, rc, e); goto fail; }
    }
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "lot", lot, "serial", serial,
                          "donor_tag", tag, "category", category_key(cat), "make", make, "model", model);
    if (in->announce && *in->announce) json_object_set_new(p, "announce", json_string(in->announce));
    if (event_append(c, "device.receive", id, p, NULL, e) < 0) goto fail;
    if (db_commit(c->db, e) < 0) return -1;
    snprintf(out_id, DEVICE_ID_MAX, "%s", id);
    return 0;
fail:
    db_rollback(c->db);
    return -1;
}

int device_set_state(Ctx *c, const char *id, const char *state, const char *note, Err *e)
{
    Device d;
    int st = state_parse(state);
    if (st < 0) return err_set(e, ERR_INPUT, _("unknown state \"%s\""), state);
    int r = device_find(c, id, &d, e);
    if (r < 0) return -1;
    if (r == 0) return err_set(e, ERR_NOTFOUND, _("no device %s"), id);
    json_t *p = json_pack("{s:s}", "state", state_key(st));
    if (note && *note) json_object_set_new(p, "note", json_string(note));
    return event_append(c, "device.state", d.id, p, NULL, e);
}

/* ---- list and search ---------------------------------------------------- */

/* What the user typed, as a query for the search index.
 *
 * The input is cut into words the way the index's tokenizer cuts text
 * (runs of letters and digits; "GRE1-0004" is "gre1" and "0004"), and every
 * word must start some word of the device. The index has prefix indexes for
 * 1 to 4 characters, and only those stream rows newest-first: a longer
 * prefix ("latit") would make FTS5 gather every matching row first (24 ms on
 * a million devices). So a longer word of letters only (a make or model
 * word, shared by many devices) is looked up by its first 4 characters, and
 * the rest is checked on each candidate row by the SQL function word_prefix()
 * (db/db.c). A word with digits (serial, id number) is nearly unique: its
 * long prefix matches few rows and the plain prefix query is the fast one.
 * A word that starts the workshop code, typed with others ("GRE1-0004"), is
 * checked on rows too (workshop_word). word_prefix() cuts words with the
 * index's own tokenizer, so the rows found are those of the plain query of
 * every word (tests/unit/test_core.c compares them). */
#define SEARCH_WORDS_MAX 8
#define SEARCH_INDEXED_PREFIX 4

typedef struct SearchQuery {
    char match[512];                           /* FTS5 MATCH expression */
    char longw[SEARCH_WORDS_MAX][128];         /* words checked by word_prefix() */
    int nlong;
} SearchQuery;

/* Whether word (len bytes) starts the workshop code: every asset id of the
 * workshop has such a word, so in a query of several words it filters
 * nothing, and intersecting its million rows newest first cost most of an
 * asset id keystroke ("GRE1-00": 1.05 ms of CPU against 0.09 for "00"
 * alone, 100 000 devices). It is then checked on each candidate row. */
static int workshop_word(const unsigned char *word, size_t len, const char *workshop)
{
    return workshop && len <= strlen(workshop) && strncasecmp((const char *)word, workshop, len) == 0;
}

/* Returns the number of words (0: nothing searchable, only punctuation). */
static int search_query(const char *text, const char *workshop, SearchQuery *sq)
{
    size_t o = 0;
    int words = 0, others = 0;
    const unsigned char *p = (const unsigned char *)text;
    sq->nlong = 0;
    sq->match[0] = '\0';
    /* first pass: is there a word that is not the workshop code's start? */
    int seen = 0;
    for (const unsigned char *w = p; *w && seen < SEARCH_WORDS_MAX; seen++) {
        while (*w && !(isalnum(*w) || *w >= 0x80)) w++;
        if (!*w) break;
        const unsigned char *start = w;
        while (*w && (isalnum(*w) || *w >= 0x80)) w++;
        if (!workshop_word(start, (size_t)(w - start), workshop)) others++;
    }
    while (*p && words < SEARCH_WORDS_MAX) {
        while (*p && !(isalnum(*p) || *p >= 0x80)) p++;
        if (!*p) break;
        const unsigned char *start = p;
        int letters = 1;
        while (*p && (isalnum(*p) || *p >= 0x80)) {
            if (!isalpha(*p)) letters = 0;   /* digits, or non-ASCII (see below) */
            p++;
        }
        size_t len = (size_t)(p - start), use = len;
        if (others && workshop_word(start, len, workshop) && sq->nlong < SEARCH_WORDS_MAX) {
            memcpy(sq->longw[sq->nlong], start, len);
            sq->longw[sq->nlong][len] = '\0';
            sq->nlong++;
            words++;
            continue;
        }
        /* Non-ASCII words keep the plain prefix query: the tokenizer folds
         * diacritics, word_prefix() does not. */
        if (letters && len > SEARCH_INDEXED_PREFIX && len < sizeof sq->longw[0]) {
            use = SEARCH_INDEXED_PREFIX;
            memcpy(sq->longw[sq->nlong], start, len);
            sq->longw[sq->nlong][len] = '\0';
            sq->nlong++;
        }
        if (o + use + 8 >= sizeof sq->match) break;
        if (words) sq->match[o++] = ' ';
        sq->match[o++] = '"';
        memcpy(sq->match + o, start, use);
        o += use;
        sq->match[o++] = '"';
        sq->match[o++] = '*';
        sq->match[o] = '\0';
        words++;
    }
    return words;
}

/* The codes index (devices_codes, trigrams) takes the text whole, as one
 * run of characters to find inside serial, donor tag or asset id number:
 * only a text of SEARCH_INFIX_MIN characters or more without blanks (a
 * shorter one has no trigram; words apart are the word index's job).
 *
 * From 4 characters the index is asked for the text without its first
 * character, and each candidate row checked for the whole text (exact,
 * ASCII case folded): the first trigram of what people type is most often
 * a maker's prefix (CN0, 5CG, C02…) found in a tenth of the rows, and
 * intersecting it cost 0.7 ms of the 0.9 a keystroke took on a million
 * devices (0.2 without it). Fills match (the MATCH expression) and exact
 * (the text, upper case); returns 1, or 0 when the text does not qualify. */
#define SEARCH_INFIX_MIN 3

static int infix_query(const char *text, char *match, char *exact, size_t size)
{
    const char *p = text;
    while (*p == ' ' || *p == '\t') p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    if (n + 3 >= size || memchr(p, ' ', n) || memchr(p, '\t', n)) return 0;
    size_t chars = utf8_count(p, n);
    if (chars < SEARCH_INFIX_MIN) return 0;
    for (size_t i = 0; i < n; i++) exact[i] = (char)toupper((unsigned char)p[i]);
    exact[n] = '\0';
    const char *from = p;
    if (chars > SEARCH_INFIX_MIN)     /* past the first character */
        do from++; while (((unsigned char)*from & 0xc0) == 0x80);
    size_t o = 0;
    match[o++] = '"';
    for (const char *q = from; q < p + n; q++) {
        if (o + 3 >= size) return 0;
        if (*q == '"') match[o++] = '"';
        match[o++] = *q;
    }
    match[o++] = '"';
    match[o] = '\0';
    return 1;
}

enum { BY_LIST, BY_WORDS, BY_CODES };

/* One keyset page from one source: the whole list, the word index (sq) or
 * the codes index (match, each row checked for exact). Rows in the order fetched: n descending for
 * dir >= 0, ascending otherwise. Returns the count or -1. */
static int page_from(Ctx *c, const DeviceQuery *q, int by, const SearchQuery *sq, const char *match,
                     const char *exact, int64_t anchor, int dir, int limit, DeviceRow *rows, Err *e)
{
    char sql[2048];
    const char *cmp = dir >= 0 ? "<" : ">", *order = dir >= 0 ? "DESC" : "ASC";
    int len = snprintf(sql, sizeof sql, "SELECT d.n, d.id, d.workshop, d.lot, d.serial, d.donor_tag, d.category, "
                       "d.make, d.model, d.state, d.grade, d.outcome, d.received_hlc, d.updated_hlc FROM ");
    if (by == BY_WORDS)
        len += snprintf(sql + len, sizeof sql - len, "devices_fts f JOIN devices d ON d.n = f.rowid "
                        "WHERE devices_fts MATCH ?1 AND f.rowid %s ?2", cmp);
    else if (by == BY_CODES)
        len += snprintf(sql + len, sizeof sql - len, "devices_codes f JOIN devices d ON d.n = f.rowid "
                        "WHERE devices_codes MATCH ?1 AND f.rowid %s ?2 AND (instr(upper(d.serial), ?7) "
                        "OR instr(upper(d.donor_tag), ?7) OR instr(substr(d.id, length(rtrim(d.id, "
                        "'0123456789')) + 1), ?7))", cmp);
    else
        len += snprintf(sql + len, sizeof sql - len, "devices d WHERE d.n %s ?2", cmp);
    if (q->state && *q->state) len += snprintf(sql + len, sizeof sql - len, " AND d.state = ?3");
    if (q->category && *q->category) len += snprintf(sql + len, sizeof sql - len, " AND d.category = ?4");
    if (q->lot && *q->lot) len += snprintf(sql + len, sizeof sql - len, " AND d.lot = ?5 COLLATE NOCASE");
    if (q->owner && *q->owner)
        len += snprintf(sql + len, sizeof sql - len, q->also && *q->also ? " AND (d.workshop = ?20 OR d.id = ?21)"
                                                                           : " AND d.workshop = ?20");
    if (q->not_owner && *q->not_owner) len += snprintf(sql + len, sizeof sql - len, " AND d.workshop <> ?22");
    if (q->grade && *q->grade) len += snprintf(sql + len, sizeof sql - len, " AND d.grade = ?23");
    for (int i = 0; by == BY_WORDS && i < sq->nlong; i++)
        len += snprintf(sql + len, sizeof sql - len, " AND word_prefix(d.id || ' ' || d.serial || ' ' || "
                        "d.donor_tag || ' ' || d.make || ' ' || d.model, ?%d)", 7 + i);
    snprintf(sql + len, sizeof sql - len, " ORDER BY %s %s LIMIT ?6", by != BY_LIST ? "f.rowid" : "d.n", order);

    /* prepared once per shape: parsing and planning this join cost a fifth
     * of a keystroke's CPU */
    sqlite3_stmt *st = db_stmt_text(c->db, sql, e);
    if (!st) return -1;
    if (by == BY_WORDS) {
        sqlite3_bind_text(st, 1, sq->match, -1, SQLITE_STATIC);
        for (int i = 0; i < sq->nlong; i++) sqlite3_bind_text(st, 7 + i, sq->longw[i], -1, SQLITE_STATIC);
    } else if (by == BY_CODES) {
        sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, exact, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(st, 2, anchor);
    if (q->state && *q->state) sqlite3_bind_text(st, 3, q->state, -1, SQLITE_STATIC);
    if (q->category && *q->category) sqlite3_bind_text(st, 4, q->category, -1, SQLITE_STATIC);
    if (q->lot && *q->lot) sqlite3_bind_text(st, 5, q->lot, -1, SQLITE_STATIC);
    if (q->owner && *q->owner) sqlite3_bind_text(st, 20, q->owner, -1, SQLITE_STATIC);
    if (q->owner && *q->owner && q->also && *q->also) sqlite3_bind_text(st, 21, q->also, -1, SQLITE_STATIC);
    if (q->not_owner && *q->not_owner) sqlite3_bind_text(st, 22, q->not_owner, -1, SQLITE_STATIC);
    if (q->grade && *q->grade) sqlite3_bind_text(st, 23, q->grade, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, limit);
    int n = 0, rc = SQLITE_DONE;
    while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_to_device(st, &rows[n].d, &rows[n].n);
        n++;
    }
    if (n < limit && rc != SQLITE_DONE) {
        db_error_rc(c->db, rc, e);
        sqlite3_reset(st);
        return -1;
    }
    sqlite3_reset(st);   /* ends its read transaction */
    return n;
}

/* Merges two pages fetched in the same order (see page_from) into out:
 * the first `limit` rows of their union, each row once. */
static int page_merge(const DeviceRow *a, int na, const DeviceRow *b, int nb, int dir, int limit, DeviceRow *out)
{
    int i = 0, j = 0, n = 0;
    while (n < limit && (i < na || j < nb)) {
        int take_a = j == nb || (i < na && (dir >= 0 ? a[i].n >= b[j].n : a[i].n <= b[j].n));
        const DeviceRow *r = take_a ? &a[i++] : &b[j++];
        if (take_a && j < nb && b[j].n == r->n) j++;   /* in both: once */
        out[n++] = *r;
    }
    return n;
}

int device_page(Ctx *c, const DeviceQuery *q, int64_t anchor, int dir,
                int limit, DeviceRow *rows, Err *e)
{
    SearchQuery sq;
    char match[600], exact[600];
    int searching = q->search && *q->search;
    int words = searching && search_query(q->search, c->workshop, &sq);
    int codes = searching && infix_query(q->search, match, exact, sizeof match);
    if (searching && !words && !codes) return 0;
    /* What was scanned a moment ago must be found: index it first. */
    if (searching && device_index_flush(c, e) < 0) return -1;
    int n;
    if (!codes) {
        n = page_from(c, q, words ? BY_WORDS : BY_LIST, &sq, NULL, NULL, anchor, dir, limit, rows, e);
    } else {
        /* words by prefix, codes by any part: the union, newest first */
        DeviceRow *tmp = malloc(sizeof *tmp * (size_t)limit * 2);
        if (!tmp) return err_set(e, ERR_INTERNAL, _("out of memory"));
        int na = words ? page_from(c, q, BY_WORDS, &sq, NULL, NULL, anchor, dir, limit, tmp, e) : 0;
        int nb = na < 0 ? -1 : page_from(c, q, BY_CODES, &sq, match, exact, anchor, dir, limit, tmp + limit, e);
        n = nb < 0 ? -1 : page_merge(tmp, na, tmp + limit, nb, dir, limit, rows);
        free(tmp);
    }
    if (n > 0 && dir < 0) {   /* fetched oldest-first: give them newest-first */
        for (int i = 0; i < n / 2; i++) {
            DeviceRow t = rows[i];
            rows[i] = rows[n - 1 - i];
            rows[n - 1 - i] = t;
        }
    }
    return n;
}

/* this workshop's devices: the region's are counted by workshop beside them */
static const char SQL_COUNTS[] = "SELECT key, n FROM tallies WHERE scope = 'state/' || ?1";

int device_counts(Ctx *c, int64_t counts[ST__COUNT], Err *e)
{
    for (int i = 0; i < ST__COUNT; i++) counts[i] = 0;
    sqlite3_stmt *st = db_stmt(c->db, SQL_COUNTS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int s = state_parse((const char *)sqlite3_column_text(st, 0));
        if (s >= 0) counts[s] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

/* this workshop's events of the day: scope "YYYY-MM-DD/WORKSHOP" */
static const char SQL_DAY[] = "SELECT key, n FROM tallies WHERE scope = ?1 || '/' || ?2 ORDER BY key";

int device_day_activity(Ctx *c, const char *day, KindCountCb cb, void *arg, Err *e)
{
    char today[32];
    if (!day) {
        hlc_iso(hlc_make(hlc_wall_ms(), 0), today);
        today[10] = '\0';
        day = today;
    }
    sqlite3_stmt *st = db_stmt(c->db, SQL_DAY, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(arg, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1))) break;
    sqlite3_reset(st);
    return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? 0 : db_error_rc(c->db, rc, e);
}


