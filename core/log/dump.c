/*
 * dump.c — the projection tables in a canonical text form (dump_write) and
 * their comparison with a rebuild (dump_check). See dump.h.
 *
 * Both read the tables' columns from PRAGMA table_info, so they follow the
 * schema without a list of their own; the only list here is that of the
 * local columns, which must name every column whose value depends on this
 * database rather than on the events it holds.
 *
 * dump_check compares the stored tables with a rebuild without copying
 * either: it takes the write lock (BEGIN IMMEDIATE), opens a second,
 * read-only connection to the same file whose read transaction sees the
 * last commit (the stored tables; nobody can commit while the lock is
 * held), replays every event in the first connection's transaction
 * (event_rebuild_unsaved), reads both sides in key order through the
 * tables' own indexes and merges them, then rolls the replay back.
 *
 * Bounded memory, time in the size of the tables: no copy (it was temp
 * tables, held in memory under temp_store = MEMORY), no savepoint around
 * the replay (its sub-journal, in memory too, holds the former content of
 * every page changed, and SQLite walks it at the end of each statement),
 * and no sort but within rows of equal key (the key's index gives the
 * order). The replay's pages go to the WAL (cache spill), which the
 * rollback forgets. Under a rollback journal instead of WAL the second
 * connection still reads the stored state, but the replay stays in the
 * page cache (it cannot spill while a reader holds its lock).
 */
#include "core/log/dump.h"
#include "core/log/event.h"
#include "core/log/project.h"
#include "db/schema.h"
#include "util/i18n.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_COLS_MAX 64
#define DUMP_NAME_MAX 64

/* Columns whose value is local to one database. devices.n is the seq of
 * the device's first event here: replicas number events in arrival order.
 * Every other projection column comes from the events (ids, hlc, payloads,
 * workshop codes, counts of events or devices), checked column by column
 * when this list was written (schema version 7). */
static const char *const LOCAL_COLUMNS[][2] = {
    { "devices", "n" },
};

int dump_column_is_local(const char *table, const char *column)
{
    for (size_t i = 0; i < sizeof LOCAL_COLUMNS / sizeof LOCAL_COLUMNS[0]; i++)
        if (!strcmp(LOCAL_COLUMNS[i][0], table) && !strcmp(LOCAL_COLUMNS[i][1], column)) return 1;
    return 0;
}

/* A growing text buffer; on allocation failure it keeps what it had and
 * sets oom. */
typedef struct Buf {
    char *s;
    size_t len, cap;
    int oom;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) { b->oom = 1; return; }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_str(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

/* Appends column i of the current row in the dump's form. */
static void buf_value(Buf *b, sqlite3_stmt *st, int i)
{
    char tmp[64];
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: buf_str(b, "NULL"); return;
    case SQLITE_INTEGER:
        snprintf(tmp, sizeof tmp, "%lld", (long long)sqlite3_column_int64(st, i));
        buf_str(b, tmp);
        return;
    case SQLITE_FLOAT: {
        snprintf(tmp, sizeof tmp, "%.17g", sqlite3_column_double(st, i));
        buf_str(b, tmp);
        if (!strpbrk(tmp, ".eni")) buf_str(b, ".0");  /* 2.0 is not the integer 2 */
        return;
    }
    case SQLITE_BLOB: {
        const unsigned char *p = sqlite3_column_blob(st, i);
        int n = sqlite3_column_bytes(st, i);
        buf_str(b, "x'");
        for (int k = 0; k < n; k++) {
            snprintf(tmp, sizeof tmp, "%02x", p[k]);
            buf_str(b, tmp);
        }
        buf_str(b, "'");
        return;
    }
    default: {
        const unsigned char *p = sqlite3_column_text(st, i);
        int n = sqlite3_column_bytes(st, i);
        buf_str(b, "\"");
        for (int k = 0; k < n; k++) {
            unsigned char ch = p[k];
            if (ch == '\\') buf_str(b, "\\\\");
            else if (ch == '"') buf_str(b, "\\\"");
            else if (ch == '\n') buf_str(b, "\\n");
            else if (ch == '\r') buf_str(b, "\\r");
            else if (ch == '\t') buf_str(b, "\\t");
            else if (ch < 0x20 || ch == 0x7f) {
                snprintf(tmp, sizeof tmp, "\\x%02x", ch);
                buf_str(b, tmp);
            } else buf_add(b, (const char *)&ch, 1);
        }
        buf_str(b, "\"");
    }
    }
}

/* Copies s into out (size n), cut on a UTF-8 boundary with "…" when longer. */
static void copy_cut(char *out, size_t n, const char *s)
{
    size_t len = strlen(s);
    if (len < n) {
        memcpy(out, s, len + 1);
        return;
    }
    size_t keep = n - 4;  /* room for "…" (3 bytes) and the NUL */
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80) keep--;
    memcpy(out, s, keep);
    memcpy(out + keep, "\xE2\x80\xA6", 4);
}

/* The columns of a table, in declaration order. */
typedef struct Cols {
    int n;
    char name[DUMP_COLS_MAX][DUMP_NAME_MAX];
    int pk[DUMP_COLS_MAX];    /* position in the primary key (1…), 0 when not in it */
    int nkey;
    int key[DUMP_COLS_MAX];   /* indexes into name[]: the columns that identify a row */
} Cols;

static int table_cols(Ctx *c, const char *table, Cols *cols, Err *e)
{
    char sql[160];
    sqlite3_stmt *st;
    memset(cols, 0, sizeof *cols);
    snprintf(sql, sizeof sql, "PRAGMA main.table_info(\"%s\")", table);
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && cols->n < DUMP_COLS_MAX) {
        snprintf(cols->name[cols->n], DUMP_NAME_MAX, "%s", (const char *)sqlite3_column_text(st, 1));
        cols->pk[cols->n] = sqlite3_column_int(st, 5);
        cols->n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    if (cols->n == 0) return err_set(e, ERR_INTERNAL, _("projection table %s is missing"), table);
    return 0;
}

static int col_index(const Cols *cols, const char *name)
{
    for (int i = 0; i < cols->n; i++)
        if (!strcmp(cols->name[i], name)) return i;
    return -1;
}

/* The key: the primary key, unless one of its columns is local (devices.n),
 * then the first unique index without local columns, else every column. */
static int table_key(Ctx *c, const char *table, Cols *cols, Err *e)
{
    cols->nkey = 0;
    int local = 0;
    for (int p = 1; p <= cols->n; p++)
        for (int i = 0; i < cols->n; i++)
            if (cols->pk[i] == p) {
                if (dump_column_is_local(table, cols->name[i])) local = 1;
                cols->key[cols->nkey++] = i;
            }
    if (cols->nkey && !local) return 0;
    cols->nkey = 0;
    char sql[200];
    sqlite3_stmt *st, *info;
    snprintf(sql, sizeof sql, "PRAGMA main.index_list(\"%s\")", table);
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) return db_error(c->db, e);
    while (cols->nkey == 0 && sqlite3_step(st) == SQLITE_ROW) {
        if (!sqlite3_column_int(st, 2) || sqlite3_column_int(st, 4)) continue;  /* not unique, or partial */
        snprintf(sql, sizeof sql, "PRAGMA main.index_info(\"%s\")", (const char *)sqlite3_column_text(st, 1));
        if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &info, NULL) != SQLITE_OK) {
            sqlite3_finalize(st);
            return db_error(c->db, e);
        }
        int ok = 1;
        while (sqlite3_step(info) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(info, 2);
            int i = name ? col_index(cols, name) : -1;
            if (i < 0 || dump_column_is_local(table, name)) ok = 0;
            else if (cols->nkey < DUMP_COLS_MAX) cols->key[cols->nkey++] = i;
        }
        sqlite3_finalize(info);
        if (!ok) cols->nkey = 0;
    }
    sqlite3_finalize(st);
    if (cols->nkey == 0)
        for (int i = 0; i < cols->n; i++) cols->key[cols->nkey++] = i;
    return 0;
}

/* "SELECT cols FROM schema.from ORDER BY …": the key columns first (when
 * key), then every selected column, text compared bytewise. */
static char *select_sql(const char *table, const char *from, const Cols *cols, int with_local, int key)
{
    Buf b = { 0 };
    buf_str(&b, "SELECT ");
    int first = 1;
    for (int i = 0; i < cols->n; i++) {
        if (!with_local && dump_column_is_local(table, cols->name[i])) continue;
        if (!first) buf_str(&b, ", ");
        buf_str(&b, "\"");
        buf_str(&b, cols->name[i]);
        buf_str(&b, "\"");
        first = 0;
    }
    buf_str(&b, " FROM ");
    buf_str(&b, from);
    buf_str(&b, " ORDER BY ");
    first = 1;
    for (int k = 0; key && k < cols->nkey; k++) {
        if (!first) buf_str(&b, ", ");
        buf_str(&b, "\"");
        buf_str(&b, cols->name[cols->key[k]]);
        buf_str(&b, "\" COLLATE BINARY");
        first = 0;
    }
    for (int i = 0; i < cols->n; i++) {
        if (!with_local && dump_column_is_local(table, cols->name[i])) continue;
        if (!first) buf_str(&b, ", ");
        buf_str(&b, "\"");
        buf_str(&b, cols->name[i]);
        buf_str(&b, "\" COLLATE BINARY");
        first = 0;
    }
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

int dump_write(Ctx *c, FILE *f, Err *e)
{
    int r = 0;
    Cols *cols = malloc(sizeof *cols);
    Buf line = { 0 };
    if (!cols) return err_set(e, ERR_INTERNAL, _("out of memory"));
    for (int t = 0; r == 0 && t < schema_projection_count(); t++) {
        const char *table = schema_projection(t);
        if (table_cols(c, table, cols, e) < 0) { r = -1; break; }
        char *sql = select_sql(table, table, cols, 0, 0);
        sqlite3_stmt *st;
        if (!sql) { r = err_set(e, ERR_INTERNAL, _("out of memory")); break; }
        if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) {
            free(sql);
            r = db_error(c->db, e);
            break;
        }
        free(sql);
        line.len = 0;
        buf_str(&line, "[");
        buf_str(&line, table);
        buf_str(&line, "]");
        for (int i = 0; i < cols->n; i++) {
            if (dump_column_is_local(table, cols->name[i])) continue;
            buf_str(&line, "\t");
            buf_str(&line, cols->name[i]);
        }
        buf_str(&line, "\n");
        if (!line.oom) fputs(line.s, f);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            line.len = 0;
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                if (i) buf_str(&line, "\t");
                buf_value(&line, st, i);
            }
            buf_str(&line, "\n");
            if (line.oom) break;
            fputs(line.s, f);
        }
        if (line.oom) r = err_set(e, ERR_INTERNAL, _("out of memory"));
        else if (rc != SQLITE_DONE) r = db_error_rc(c->db, rc, e);
        sqlite3_finalize(st);
    }
    free(line.s);
    free(cols);
    if (r == 0 && (fflush(f) != 0 || ferror(f))) r = err_set(e, ERR_IO, _("cannot write the dump: %s"), strerror(errno));
    return r;
}

/* SQLite's order of two values under BINARY collation: NULL, numbers, text,
 * blobs; text and blobs bytewise. */
static int value_cmp(sqlite3_stmt *a, int i, sqlite3_stmt *b, int j)
{
    static const int CLASS[] = { 0, 1, 1, 2, 3, 0 };  /* by SQLITE_INTEGER… SQLITE_NULL (1…5) */
    int ta = sqlite3_column_type(a, i), tb = sqlite3_column_type(b, j);
    int ca = CLASS[ta], cb = CLASS[tb];
    if (ca != cb) return ca < cb ? -1 : 1;
    if (ca == 0) return 0;
    if (ca == 1) {
        if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
            sqlite3_int64 x = sqlite3_column_int64(a, i), y = sqlite3_column_int64(b, j);
            return x < y ? -1 : x > y;
        }
        double x = sqlite3_column_double(a, i), y = sqlite3_column_double(b, j);
        return x < y ? -1 : x > y;
    }
    const void *pa = ca == 2 ? (const void *)sqlite3_column_text(a, i) : sqlite3_column_blob(a, i);
    int na = sqlite3_column_bytes(a, i);
    const void *pb = cb == 2 ? (const void *)sqlite3_column_text(b, j) : sqlite3_column_blob(b, j);
    int nb = sqlite3_column_bytes(b, j);
    int m = na < nb ? na : nb;
    int r = m ? memcmp(pa, pb, (size_t)m) : 0;
    if (r) return r < 0 ? -1 : 1;
    return na < nb ? -1 : na > nb;
}

/* Key of the current row: the select lists the key columns first. */
static int key_cmp(sqlite3_stmt *a, sqlite3_stmt *b, int nkey)
{
    for (int k = 0; k < nkey; k++) {
        int r = value_cmp(a, k, b, k);
        if (r) return r;
    }
    return 0;
}

static void key_text(Buf *b, const Cols *cols, sqlite3_stmt *st)
{
    b->len = 0;
    buf_str(b, "");
    for (int k = 0; k < cols->nkey; k++) {
        if (k) buf_str(b, ", ");
        buf_str(b, cols->name[cols->key[k]]);
        buf_str(b, "=");
        buf_value(b, st, k);
    }
}

/* The whole row "col=value col=value …" (after the key columns). */
static void row_text(Buf *b, const Cols *cols, sqlite3_stmt *st)
{
    b->len = 0;
    buf_str(b, "");
    for (int i = 0; i < cols->n; i++) {
        if (i) buf_str(b, " ");
        buf_str(b, cols->name[i]);
        buf_str(b, "=");
        buf_value(b, st, cols->nkey + i);
    }
}

typedef struct Diffs {
    DumpDiff *out;
    int max, n;
    Buf a, b, k;
} Diffs;

static void diff_add(Diffs *d, DumpDiffKind kind, const char *table, const char *column,
                     const char *key, const char *stored, const char *rebuilt)
{
    if (d->n < d->max) {
        DumpDiff *x = &d->out[d->n];
        memset(x, 0, sizeof *x);
        x->kind = kind;
        copy_cut(x->table, sizeof x->table, table);
        copy_cut(x->column, sizeof x->column, column);
        copy_cut(x->key, sizeof x->key, key);
        copy_cut(x->stored, sizeof x->stored, stored);
        copy_cut(x->rebuilt, sizeof x->rebuilt, rebuilt);
    }
    d->n++;
}

static int compare_table(Ctx *c, sqlite3 *rd, const char *table, Diffs *d, Err *e)
{
    Cols *cols = malloc(sizeof *cols);
    if (!cols) return err_set(e, ERR_INTERNAL, _("out of memory"));
    int r = -1;
    char from[128];
    sqlite3_stmt *st_s = NULL, *st_r = NULL;
    char *sql_s = NULL, *sql_r = NULL;
    if (table_cols(c, table, cols, e) < 0 || table_key(c, table, cols, e) < 0) goto out;
    snprintf(from, sizeof from, "main.\"%s\"", table);
    sql_s = select_sql(table, from, cols, 1, 1);
    snprintf(from, sizeof from, "main.\"%s\"", table);
    sql_r = select_sql(table, from, cols, 1, 1);
    if (!sql_s || !sql_r) { r = err_set(e, ERR_INTERNAL, _("out of memory")); goto out; }
    /* The key columns are selected first, then every column. */
    for (int pass = 0; pass < 2; pass++) {
        char **sql = pass ? &sql_r : &sql_s;
        Buf b = { 0 };
        buf_str(&b, "SELECT ");
        for (int k = 0; k < cols->nkey; k++) {
            buf_str(&b, "\"");
            buf_str(&b, cols->name[cols->key[k]]);
            buf_str(&b, "\", ");
        }
        buf_str(&b, *sql + 7);
        free(*sql);
        *sql = b.s;
        if (b.oom) { free(b.s); *sql = NULL; r = err_set(e, ERR_INTERNAL, _("out of memory")); goto out; }
    }
    if (sqlite3_prepare_v2(rd, sql_s, -1, &st_s, NULL) != SQLITE_OK) {
        r = err_set(e, ERR_DB, "%s", sqlite3_errmsg(rd));
        goto out;
    }
    if (sqlite3_prepare_v2(db_handle(c->db), sql_r, -1, &st_r, NULL) != SQLITE_OK) {
        r = db_error(c->db, e);
        goto out;
    }
    int rs = sqlite3_step(st_s), rr = sqlite3_step(st_r);
    while (rs == SQLITE_ROW || rr == SQLITE_ROW) {
        int cmp = rs != SQLITE_ROW ? 1 : rr != SQLITE_ROW ? -1 : key_cmp(st_s, st_r, cols->nkey);
        if (cmp < 0) {
            key_text(&d->k, cols, st_s);
            row_text(&d->a, cols, st_s);
            diff_add(d, DUMP_DIFF_ONLY_STORED, table, "", d->k.s, d->a.s, "");
            rs = sqlite3_step(st_s);
        } else if (cmp > 0) {
            key_text(&d->k, cols, st_r);
            row_text(&d->b, cols, st_r);
            diff_add(d, DUMP_DIFF_ONLY_REBUILT, table, "", d->k.s, "", d->b.s);
            rr = sqlite3_step(st_r);
        } else {
            for (int i = 0; i < cols->n; i++) {
                d->a.len = d->b.len = 0;
                buf_str(&d->a, "");
                buf_str(&d->b, "");
                buf_value(&d->a, st_s, cols->nkey + i);
                buf_value(&d->b, st_r, cols->nkey + i);
                if (d->a.oom || d->b.oom) break;
                if (strcmp(d->a.s, d->b.s) != 0) {
                    key_text(&d->k, cols, st_s);
                    diff_add(d, DUMP_DIFF_VALUE, table, cols->name[i], d->k.s, d->a.s, d->b.s);
                }
            }
            rs = sqlite3_step(st_s);
            rr = sqlite3_step(st_r);
        }
        if (d->a.oom || d->b.oom || d->k.oom) { r = err_set(e, ERR_INTERNAL, _("out of memory")); goto out; }
    }
    if (rs != SQLITE_DONE) {
        r = err_set(e, ERR_DB, "%s", sqlite3_errmsg(rd));
        goto out;
    }
    if (rr != SQLITE_DONE) {
        r = db_error_rc(c->db, rr, e);
        goto out;
    }
    r = 0;
out:
    sqlite3_finalize(st_s);
    sqlite3_finalize(st_r);
    free(sql_s);
    free(sql_r);
    free(cols);
    return r;
}

/* The second connection: read-only, on the same file, its read
 * transaction opened (and its snapshot taken) now. */
static sqlite3 *stored_open(Ctx *c, Err *e)
{
    sqlite3 *rd = NULL;
    const char *path = db_path(c->db);
    if (sqlite3_open_v2(path, &rd, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        err_set(e, ERR_DB, _("cannot open the database: %s"), path);
        sqlite3_close(rd);
        return NULL;
    }
    sqlite3_busy_timeout(rd, 5000);
    /* the same page cache as the first connection (db_set_cache_kib) */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(c->db), "PRAGMA main.cache_size", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)sqlite3_column_int64(st, 0));
            sqlite3_exec(rd, sql, NULL, NULL, NULL);
        }
        sqlite3_finalize(st);
    }
    if (sqlite3_exec(rd, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK) {
        err_set(e, ERR_DB, "%s", sqlite3_errmsg(rd));
        sqlite3_close(rd);
        return NULL;
    }
    return rd;
}

int dump_check(Ctx *c, DumpDiff *out, int max, Err *e)
{
    if (db_in_transaction(c->db))
        return err_set(e, ERR_INTERNAL, _("the rebuild check cannot run inside a transaction"));
    /* Temporaries in files for the replay (project_temp_files), then the
     * write lock: the stored state the reader sees is then the one the
     * replay starts from. */
    int files = project_temp_files(c, 1, e);
    if (files < 0) return -1;
    if (db_begin(c->db, e) < 0) {
        Err ignore = { 0 };
        if (files) project_temp_files(c, 0, &ignore);
        return -1;
    }
    int r = 0;
    sqlite3 *rd = stored_open(c, e);
    if (!rd) r = -1;
    if (r == 0) r = event_rebuild_unsaved(c, e);
    Diffs d = { .out = out, .max = max };
    for (int t = 0; r == 0 && t < schema_projection_count(); t++)
        r = compare_table(c, rd, schema_projection(t), &d, e);
    free(d.a.s);
    free(d.b.s);
    free(d.k.s);
    sqlite3_close(rd);   /* its read transaction ends with it */
    /* The replay goes. */
    db_rollback(c->db);
    Err ignore = { 0 };
    if (files && project_temp_files(c, 0, r < 0 ? &ignore : e) < 0) r = -1;
    return r < 0 ? -1 : d.n;
}
