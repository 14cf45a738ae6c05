/*
 * opendata.c — the open data of a workshop or of its region (opendata.h).
 *
 * Each device in scope becomes one 64-bit key (week of receipt, workshop,
 * category, grade, state; a field of all ones is « * »), the keys are
 * sorted and counted into cells, and the cells below OPENDATA_K are merged
 * into coarser ones level by level (group_small). At each level every cell
 * still waiting has exactly the same fields set to « * », and every cell
 * kept at an earlier level has the field of this level still precise: a
 * merged cell never meets a kept one, and the rows stay a partition.
 *
 * The titles, descriptions and dictionaries are written through gettext in
 * French (the schema and dictionnaire.md) and in English (dictionary.md),
 * whatever the language of the screen; it is put back after.
 */
#include "core/report/opendata.h"
#include "core/log/hlc.h"
#include "core/settings/lang.h"
#include "core/vocab/vocab.h"
#include "util/i18n.h"
#include "util/path.h"
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *const opendata_file_names[OPENDATA_NFILES] = {
    "supply.csv", "supply.schema.json", "dictionnaire.md", "dictionary.md",
};

/* ---- keys ---- */

#define ALL8 0xFFu
#define ALL16 0xFFFFu
#define ALL24 0xFFFFFFu
#define GRADE_NONE 4          /* not graded: "none" */

enum { F_WEEK, F_WS, F_CAT, F_GRADE, F_STATE };

static uint64_t key_make(unsigned week, unsigned ws, unsigned cat, unsigned grade, unsigned state)
{
    return (uint64_t)week << 40 | (uint64_t)ws << 24 | (uint64_t)cat << 16 | (uint64_t)grade << 8 | state;
}
static unsigned key_week(uint64_t k) { return (unsigned)(k >> 40) & ALL24; }
static unsigned key_ws(uint64_t k) { return (unsigned)(k >> 24) & ALL16; }
static unsigned key_cat(uint64_t k) { return (unsigned)(k >> 16) & ALL8; }
static unsigned key_grade(uint64_t k) { return (unsigned)(k >> 8) & ALL8; }
static unsigned key_state(uint64_t k) { return (unsigned)k & ALL8; }

/* The order in which fields become « * » (opendata.h). */
static const uint64_t LEVEL_MASK[] = {
    (uint64_t)ALL8 << 8,          /* grade */
    (uint64_t)ALL8 << 16,         /* category */
    (uint64_t)ALL24 << 40,        /* week */
    (uint64_t)ALL16 << 24,        /* workshop */
    (uint64_t)ALL8,               /* state */
};
#define NLEVELS (int)(sizeof LEVEL_MASK / sizeof LEVEL_MASK[0])

typedef struct Cell { uint64_t key; int64_t n; double kg; } Cell;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}
static int cmp_cell(const void *a, const void *b)
{
    return cmp_u64(&((const Cell *)a)->key, &((const Cell *)b)->key);
}

/* Sorts cells by key and adds up those of the same key. Returns the new count. */
static size_t cells_merge(Cell *c, size_t n)
{
    if (!n) return 0;
    qsort(c, n, sizeof *c, cmp_cell);
    size_t w = 0;
    for (size_t i = 1; i < n; i++) {
        if (c[i].key == c[w].key) { c[w].n += c[i].n; c[w].kg += c[i].kg; }
        else c[++w] = c[i];
    }
    return w + 1;
}

/* Moves the cells below k up the levels; on return cells[0..*n) are the
 * rows to publish, sorted, and the devices left out are returned. */
static int64_t group_small(Cell *cells, size_t *n, int k)
{
    size_t kept = 0, nsmall = 0;
    /* the kept cells stay in cells, the small ones wait in tmp */
    Cell *tmp = malloc((*n ? *n : 1) * sizeof *tmp);
    if (!tmp) return -1;
    for (size_t i = 0; i < *n; i++) {
        if (cells[i].n >= k) cells[kept++] = cells[i];
        else tmp[nsmall++] = cells[i];
    }
    for (int lv = 0; lv < NLEVELS && nsmall; lv++) {
        uint64_t all = 0;
        for (int j = 0; j <= lv; j++) all |= LEVEL_MASK[j];
        for (size_t i = 0; i < nsmall; i++) tmp[i].key |= all;
        nsmall = cells_merge(tmp, nsmall);
        size_t still = 0;
        for (size_t i = 0; i < nsmall; i++) {
            if (tmp[i].n >= k) cells[kept++] = tmp[i];
            else tmp[still++] = tmp[i];
        }
        nsmall = still;
    }
    int64_t left = 0;
    for (size_t i = 0; i < nsmall; i++) left += tmp[i].n;
    free(tmp);
    qsort(cells, kept, sizeof *cells, cmp_cell);
    *n = kept;
    return left;
}

/* "2026-W07" of a time in ms (ISO 8601 week, UTC) as year * 64 + week. */
static unsigned iso_week(int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) return 0;
    char g[8], v[4];
    strftime(g, sizeof g, "%G", &tm);
    strftime(v, sizeof v, "%V", &tm);
    return (unsigned)atoi(g) * 64u + (unsigned)atoi(v);
}

/* ---- files ---- */

typedef struct Out {
    int err;                  /* the errno of the last failure */
    char tmp[OPENDATA_NFILES][4200];
    char fin[OPENDATA_NFILES][4200];
    int linked[OPENDATA_NFILES];
} Out;

static void out_discard(Out *o)
{
    for (int i = 0; i < OPENDATA_NFILES; i++) {
        if (o->tmp[i][0]) unlink(o->tmp[i]);
        if (o->linked[i]) unlink(o->fin[i]);
        o->tmp[i][0] = 0;
        o->linked[i] = 0;
    }
}

static FILE *out_open(Out *o, int i, const char *dir, Err *e)
{
    snprintf(o->fin[i], sizeof o->fin[i], "%s/%s", dir, opendata_file_names[i]);
    snprintf(o->tmp[i], sizeof o->tmp[i], "%s/.%s.XXXXXX", dir, opendata_file_names[i]);
    int fd = mkstemp(o->tmp[i]);
    if (fd < 0) {
        o->err = errno;
        o->tmp[i][0] = 0;
        err_set(e, ERR_IO, _("Cannot write in the folder %s: %s"), dir, strerror(errno));
        return NULL;
    }
    fchmod(fd, 0644);
    FILE *f = fdopen(fd, "wb");
    if (!f) { o->err = errno; close(fd); err_set(e, ERR_IO, _("Cannot write in the folder %s: %s"), dir, strerror(errno)); }
    return f;
}

static int out_close(Out *o, FILE *f, const char *dir, Err *e)
{
    int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
    int saved = errno;
    if (fclose(f) != 0 && !bad) { bad = 1; saved = errno; }
    if (bad) o->err = saved ? saved : EIO;
    if (bad) return err_set(e, ERR_IO, _("Cannot write in the folder %s: %s"), dir, strerror(saved ? saved : EIO));
    return 0;
}

/* Puts every file in place, never over an existing one. */
static int out_commit(Out *o, Err *e)
{
    for (int i = 0; i < OPENDATA_NFILES; i++) {
        if (link(o->tmp[i], o->fin[i]) == 0) { o->linked[i] = 1; continue; }
        int err = errno;
        if (err == EEXIST) goto exists;
        if (err == EPERM || err == EOPNOTSUPP || err == ENOSYS || err == EXDEV) {
            /* a file system without hard links (a FAT USB stick) */
            struct stat st;
            if (lstat(o->fin[i], &st) == 0) goto exists;
            if (rename(o->tmp[i], o->fin[i]) == 0) { o->tmp[i][0] = 0; o->linked[i] = 1; continue; }
            err = errno;
        }
        err_set(e, ERR_IO, _("Cannot write %s: %s"), o->fin[i], strerror(err));
        out_discard(o);
        return -1;
exists:
        err_set(e, ERR_EXISTS, _("%s already exists: nothing was written (choose an empty folder, or move the earlier export away)"), o->fin[i]);
        out_discard(o);
        return -1;
    }
    for (int i = 0; i < OPENDATA_NFILES; i++)
        if (o->tmp[i][0]) { unlink(o->tmp[i]); o->tmp[i][0] = 0; }
    return 0;
}

/* ---- texts ---- */

static void kg_text(double kg, char *out, size_t size)
{
    long long t = llround(kg * 10.0);
    if (t < 0) t = 0;
    snprintf(out, size, "%lld.%lld", t / 10, t % 10);
}

void opendata_kg_text(double kg, char *out, size_t size)
{
    kg_text(kg, out, size);
    char *dot = strchr(out, '.');
    if (dot && strcmp(lang_current(), "fr") == 0) *dot = ',';
}

static void week_text(unsigned w, char *out, size_t size)
{
    if (w == ALL24) snprintf(out, size, "*");
    else snprintf(out, size, "%04u-W%02u", w / 64, w % 64);
}

typedef struct Field {
    const char *name, *title, *desc, *type;
} Field;

static const Field FIELDS[] = {
    { "week", N_("Week of receipt"),
      N_("ISO 8601 week (YYYY-Www, Monday to Sunday, UTC) in which the workshop received the devices; « * »: the whole period (small counts grouped)."),
      "string" },
    { "workshop", N_("Workshop"),
      N_("Code of the workshop that holds the devices (2 to 8 capital letters or digits); « * »: every workshop of the region (small counts grouped)."),
      "string" },
    { "category", N_("Category"),
      N_("Kind of device (laptop, desktop, screen, phone, tablet, printer, network, other); « * »: every category (small counts grouped)."),
      "string" },
    { "grade", N_("Cosmetic grade"),
      N_("Cosmetic grade given by the workshop: A very light marks (invisible at a metre), B light marks, C visible wear, D heavy wear, none not graded yet; « * »: every grade (small counts grouped)."),
      "string" },
    { "state", N_("State"),
      N_("Where the devices stand now: received, in_progress, ready, reserved, reused, parts, recycled; « * »: every state (small counts grouped)."),
      "string" },
    { "devices", N_("Devices"),
      N_("Number of devices in the row; never less than 5 (smaller counts are grouped)."),
      "integer" },
    { "carbon_avoided_kg", N_("Carbon avoided (kg CO2e)"),
      N_("Manufacturing and distribution footprint of new devices of the same category avoided by the reused devices of the row, in kilograms of CO2 equivalent (ADEME factors); 0 for the other states."),
      "number" },
};
#define NFIELDS (int)(sizeof FIELDS / sizeof FIELDS[0])

static json_t *enum_of(const Vocab *v, const char *extra)
{
    json_t *a = json_array();
    for (int i = 0; i < v->count; i++) json_array_append_new(a, json_string(vocab_key(v, i)));
    if (extra) json_array_append_new(a, json_string(extra));
    json_array_append_new(a, json_string("*"));
    return a;
}

/* The Table Schema, in the current language (French). */
static json_t *schema_build(int k)
{
    json_t *s = json_object(), *fields = json_array();
    json_object_set_new(s, "$schema", json_string("https://frictionlessdata.io/schemas/table-schema.json"));
    json_object_set_new(s, "name", json_string("boucle-offre-reemploi"));
    json_object_set_new(s, "title", json_string(_("Supply of reused IT equipment, by week, workshop, category, grade and state")));
    json_object_set_new(s, "description", json_string(
        _("Devices received by reconditioning workshops, counted by week of receipt, workshop, category, cosmetic grade and current state, with the carbon avoided by those reused. No person, serial number or donor appears; counts below 5 are grouped into coarser rows (« * »).")));
    json_object_set_new(s, "version", json_string("1.0.0"));
    json_object_set_new(s, "countryCode", json_string("FR"));
    for (int i = 0; i < NFIELDS; i++) {
        json_t *f = json_object(), *c = json_object();
        json_object_set_new(f, "name", json_string(FIELDS[i].name));
        json_object_set_new(f, "title", json_string(_(FIELDS[i].title)));
        json_object_set_new(f, "description", json_string(_(FIELDS[i].desc)));
        json_object_set_new(f, "type", json_string(FIELDS[i].type));
        json_object_set_new(c, "required", json_true());
        switch (i) {
        case 0: json_object_set_new(c, "pattern", json_string("[0-9]{4}-W[0-5][0-9]|\\*")); break;
        case 1: json_object_set_new(c, "pattern", json_string("[A-Z0-9]{2,8}|\\*")); break;
        case 2: json_object_set_new(c, "enum", enum_of(&VOCAB_CATEGORY, NULL)); break;
        case 3: json_object_set_new(c, "enum", enum_of(&VOCAB_COSMETIC, "none")); break;
        case 4: json_object_set_new(c, "enum", enum_of(&VOCAB_STATE, NULL)); break;
        case 5: json_object_set_new(c, "minimum", json_integer(k)); break;
        case 6: json_object_set_new(c, "minimum", json_integer(0)); break;
        }
        json_object_set_new(f, "constraints", c);
        json_array_append_new(fields, f);
    }
    json_object_set_new(s, "fields", fields);
    json_t *mv = json_array();
    json_array_append_new(mv, json_string(""));
    json_object_set_new(s, "missingValues", mv);
    json_t *pk = json_array();
    for (int i = 0; i < 5; i++) json_array_append_new(pk, json_string(FIELDS[i].name));
    json_object_set_new(s, "primaryKey", pk);
    return s;
}

/* A Markdown table cell: '|' and line ends would break it. */
static void md_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", f);
        else if (*s == '\n' || *s == '\r') fputc(' ', f);
        else fputc(*s, f);
    }
}

typedef struct DictInfo {
    const Profile *prof;
    int region, k;
    const char *scope;        /* the workshops, "GRE1, LYO1" */
    const char *first, *last; /* weeks */
    const char *date;         /* the day of the export */
    const OpendataSummary *sum;
    char other_titles[NFIELDS][256];   /* the titles in the other language */
} DictInfo;

static void dict_write(FILE *f, const DictInfo *d)
{
    fprintf(f, "# %s\n\n", _("Supply of reused IT equipment — data dictionary"));
    fprintf(f, _("Exported by boucle on %s. Scope: %s (%s). Weeks of receipt: %s to %s. Devices: %lld in %lld rows."),
            d->date, d->region ? _("the region") : _("one workshop"), d->scope[0] ? d->scope : "-",
            d->first, d->last, (long long)d->sum->published, (long long)d->sum->rows);
    fputs("\n\n", f);
    fprintf(f, "## %s\n\n", _("Files"));
    fprintf(f, "- `supply.csv`: %s\n", _("the data, UTF-8, comma-separated, one header line with the field names"));
    fprintf(f, "- `supply.schema.json`: %s\n", _("its Table Schema (Frictionless Data, as on schema.data.gouv.fr), against which it validates"));
    fprintf(f, "- `dictionnaire.md`, `dictionary.md`: %s\n\n", _("this dictionary, in French and in English"));
    fprintf(f, "## %s\n\n", _("Fields"));
    fprintf(f, "| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n",
            _("Name"), _("Title"), strcmp(lang_current(), "en") == 0 ? _("Title in French") : _("Title in English"),
            _("Type"), _("Description"));
    for (int i = 0; i < NFIELDS; i++) {
        fprintf(f, "| `%s` | ", FIELDS[i].name);
        md_cell(f, _(FIELDS[i].title));
        fputs(" | ", f);
        md_cell(f, d->other_titles[i]);
        fprintf(f, " | %s | ", FIELDS[i].type);
        md_cell(f, _(FIELDS[i].desc));
        fputs(" |\n", f);
    }
    fprintf(f, "\n%s\n\n", _("The primary key is (week, workshop, category, grade, state): each combination appears once."));

    fprintf(f, "## %s\n\n", _("Values"));
    fprintf(f, "| %s | %s | %s |\n|---|---|---|\n", _("Field"), _("Value"), _("Meaning"));
    for (int i = 0; i < VOCAB_CATEGORY.count; i++)
        fprintf(f, "| `category` | `%s` | %s |\n", vocab_key(&VOCAB_CATEGORY, i), vocab_label(&VOCAB_CATEGORY, i));
    for (int i = 0; i < VOCAB_COSMETIC.count; i++)
        fprintf(f, "| `grade` | `%s` | %s |\n", vocab_key(&VOCAB_COSMETIC, i), vocab_label(&VOCAB_COSMETIC, i));
    fprintf(f, "| `grade` | `none` | %s |\n", _("not graded yet"));
    for (int i = 0; i < VOCAB_STATE.count; i++)
        fprintf(f, "| `state` | `%s` | %s |\n", vocab_key(&VOCAB_STATE, i), vocab_label(&VOCAB_STATE, i));
    fprintf(f, "| %s | `*` | %s |\n\n", _("any"), _("all values of the field together (small counts grouped, below)"));

    fprintf(f, "## %s\n\n", _("Small counts"));
    fprintf(f, _("So that no donor, taker or person can be singled out, no row counts fewer than %d devices. "
                 "A combination with 1 to %d devices is merged with the others of its kind into a coarser row, "
                 "in this order until the row reaches %d: the grade becomes « * », then the category, then the week "
                 "(« * »: the whole period), then the workshop (« * »: the region), then the state. "
                 "Each device is counted in exactly one row and no subtotal is published, so no row can be "
                 "deduced from others. If fewer than %d devices remain after the last step, they are left out "
                 "(this export: %lld)."),
            d->k, d->k - 1, d->k, d->k, (long long)d->sum->left_out);
    fputs("\n\n", f);

    fprintf(f, "## %s\n\n", _("Carbon avoided"));
    fputs(_("For each device in the state « reused »: the manufacturing and distribution footprint of a new device "
            "of its category, which its reuse avoided. Devices in other states count 0. One decimal, in kg CO2e."), f);
    fputs("\n\n", f);
    const char *src = d->prof ? profile_carbon_source(d->prof) : "";
    if (src[0]) fprintf(f, "%s %s\n\n", _("Source:"), src);
    if (d->prof) {
        fprintf(f, _("Grading profile: %s %s."), d->prof->name, d->prof->version);
        fputs("\n\n", f);
        fprintf(f, "| %s | %s | %s |\n|---|---|---|\n", _("Category"), _("kg CO2e per device"), _("Footprint of"));
        for (int i = 0; i < CATEGORY_COUNT; i++) {
            const ProfileCarbon *pc = profile_carbon(d->prof, category_key(i));
            if (!pc) continue;
            char kg[32];
            kg_text(pc->kg, kg, sizeof kg);
            fprintf(f, "| `%s` | %s | ", category_key(i), kg);
            md_cell(f, profile_carbon_label(pc));
            fputs(" |\n", f);
        }
        fputc('\n', f);
    } else {
        fprintf(f, "%s\n\n", _("No carbon factor was known: the column is 0."));
    }
    fprintf(f, "## %s\n\n", _("What is not in these files"));
    fprintf(f, "%s\n", _("No person (operator, taker), no serial number, no asset id, no donor or taker name, no address: only the workshop's code, the words above and counts."));
}

/* ---- the export ---- */

static const char SQL_COUNT[] = "SELECT count(*) FROM devices WHERE ?1 = 1 OR workshop = ?2";
static const char SQL_WS[] = "SELECT DISTINCT workshop FROM devices WHERE ?1 = 1 OR workshop = ?2 ORDER BY workshop";
static const char SQL_ROWS[] =
    "SELECT received_hlc, updated_hlc, workshop, category, grade, state FROM devices WHERE ?1 = 1 OR workshop = ?2";

static int ws_find(char (*ws)[WORKSHOP_CODE_MAX + 1], int n, const char *code)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, r = strcmp(ws[mid], code);
        if (!r) return mid;
        if (r < 0) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

static int prepare_dir(const char *dir, Err *e)
{
    if (!dir || !dir[0]) return err_set(e, ERR_USAGE, "%s", _("Name a folder to write the open data into."));
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return err_set(e, ERR_INPUT, _("%s is not a folder."), dir);
    } else if (path_mkdirs(dir, 0755) < 0) {
        return err_set(e, ERR_IO, _("Cannot create the folder %s: %s"), dir, strerror(errno));
    }
    for (int i = 0; i < OPENDATA_NFILES; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", dir, opendata_file_names[i]);
        if (lstat(p, &st) == 0)
            return err_set(e, ERR_EXISTS, _("%s already exists: nothing was written (choose an empty folder, or move the earlier export away)"), p);
    }
    if (access(dir, W_OK | X_OK) != 0)
        return err_set(e, ERR_IO, _("Cannot write in the folder %s: %s"), dir, strerror(errno));
    return 0;
}

int opendata_export(Ctx *c, const Profile *prof, const char *dir, int region,
                    OpendataProgress progress, void *arg, OpendataSummary *out, Err *e)
{
    memset(out, 0, sizeof *out);
    if (prepare_dir(dir, e) < 0) return -1;
    int rc = -1;
    uint64_t *keys = NULL;
    double factor[CATEGORY_COUNT];
    for (int i = 0; i < CATEGORY_COUNT; i++) {
        const ProfileCarbon *pc = prof ? profile_carbon(prof, category_key(i)) : NULL;
        factor[i] = pc ? pc->kg : 0;
    }
    char (*ws)[WORKSHOP_CODE_MAX + 1] = NULL;
    int nws = 0;
    Cell *cells = NULL;
    Out o;
    memset(&o, 0, sizeof o);
    FILE *f = NULL;
    char ui[4];
    snprintf(ui, sizeof ui, "%s", lang_current());
    int lang_switched = 0;

    /* scope */
    sqlite3_stmt *st = db_stmt(c->db, SQL_COUNT, e);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, region);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int64_t total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (!(st = db_stmt(c->db, SQL_WS, e))) return -1;
    sqlite3_bind_int(st, 1, region);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *w = (const char *)sqlite3_column_text(st, 0);
        if (!w || nws >= (int)ALL16 - 1) continue;
        if (nws == cap) {
            cap = cap ? cap * 2 : 16;
            void *p = realloc(ws, (size_t)cap * sizeof *ws);
            if (!p) { sqlite3_reset(st); err_set(e, ERR_INTERNAL, "%s", _("Out of memory.")); goto done; }
            ws = p;
        }
        snprintf(ws[nws++], sizeof ws[0], "%s", w);
    }
    sqlite3_reset(st);

    /* one key per device */
    keys = malloc((size_t)(total > 0 ? total : 1) * sizeof *keys);
    if (!keys) { err_set(e, ERR_INTERNAL, "%s", _("Out of memory.")); goto done; }
    if (!(st = db_stmt(c->db, SQL_ROWS, e))) goto done;
    sqlite3_bind_int(st, 1, region);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int64_t nk = 0, seen = 0;
    int step;
    if (progress) progress(arg, 0, total);
    while ((step = sqlite3_step(st)) == SQLITE_ROW && seen < total) {
        seen++;
        if (progress && seen % 4096 == 0) progress(arg, seen, total);
        int64_t hlc = sqlite3_column_int64(st, 0);
        if (!hlc) hlc = sqlite3_column_int64(st, 1);
        int w = ws_find(ws, nws, (const char *)sqlite3_column_text(st, 2));
        int cat = vocab_find(&VOCAB_CATEGORY, (const char *)sqlite3_column_text(st, 3));
        const char *g = (const char *)sqlite3_column_text(st, 4);
        int grade = g && g[0] ? vocab_find(&VOCAB_COSMETIC, g) : GRADE_NONE;
        int state = vocab_find(&VOCAB_STATE, (const char *)sqlite3_column_text(st, 5));
        unsigned week = hlc > 0 ? iso_week(hlc_ms((Hlc)hlc)) : 0;
        if (w < 0 || state < 0 || !week) { out->left_out++; continue; }   /* a newer version's word */
        if (cat < 0) cat = CAT_OTHER;
        if (grade < 0) grade = GRADE_NONE;
        keys[nk++] = key_make(week, (unsigned)w, (unsigned)cat, (unsigned)grade, (unsigned)state);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) { db_error_rc(c->db, step, e); goto done; }
    if (progress) progress(arg, total, total);
    out->devices = seen;
    out->workshops = nws;

    /* cells */
    qsort(keys, (size_t)nk, sizeof *keys, cmp_u64);
    cells = malloc((size_t)(nk > 0 ? nk : 1) * sizeof *cells);
    if (!cells) { err_set(e, ERR_INTERNAL, "%s", _("Out of memory.")); goto done; }
    size_t nc = 0;
    for (int64_t i = 0; i < nk; i++) {
        if (nc && cells[nc - 1].key == keys[i]) cells[nc - 1].n++;
        else cells[nc++] = (Cell){ keys[i], 1, 0 };
    }
    for (size_t i = 0; i < nc; i++)
        if (key_state(cells[i].key) == ST_REUSED) cells[i].kg = (double)cells[i].n * factor[key_cat(cells[i].key)];
    int64_t left = group_small(cells, &nc, OPENDATA_K);
    if (left < 0) { err_set(e, ERR_INTERNAL, "%s", _("Out of memory.")); goto done; }
    out->left_out += left;
    out->published = out->devices - out->left_out;
    out->rows = (int64_t)nc;

    /* the CSV */
    if (!(f = out_open(&o, 0, dir, e))) goto done;
    fputs("week,workshop,category,grade,state,devices,carbon_avoided_kg\r\n", f);
    unsigned wmin = ALL24, wmax = 0;
    for (size_t i = 0; i < nc; i++) {
        uint64_t k = cells[i].key;
        char wk[16], kg[32];
        week_text(key_week(k), wk, sizeof wk);
        kg_text(cells[i].kg, kg, sizeof kg);
        if (key_week(k) != ALL24) {
            if (key_week(k) < wmin) wmin = key_week(k);
            if (key_week(k) > wmax) wmax = key_week(k);
        }
        int any = key_week(k) == ALL24 || key_ws(k) == ALL16 || key_cat(k) == ALL8 || key_grade(k) == ALL8 || key_state(k) == ALL8;
        out->grouped_rows += any;
        out->kg += cells[i].kg;
        fprintf(f, "%s,%s,%s,%s,%s,%lld,%s\r\n", wk,
                key_ws(k) == ALL16 ? "*" : ws[key_ws(k)],
                key_cat(k) == ALL8 ? "*" : category_key((int)key_cat(k)),
                key_grade(k) == ALL8 ? "*" : key_grade(k) == GRADE_NONE ? "none" : vocab_key(&VOCAB_COSMETIC, (int)key_grade(k)),
                key_state(k) == ALL8 ? "*" : state_key((int)key_state(k)),
                (long long)cells[i].n, kg);
    }
    int r = out_close(&o, f, dir, e);
    f = NULL;
    if (r < 0) goto done;

    /* the schema and the dictionaries: French, then English */
    DictInfo d = { .prof = prof, .region = region, .k = OPENDATA_K, .sum = out };
    char scope[4096] = "", first[16], last[16], date[16];
    for (int i = 0; i < nws; i++) {
        size_t l = strlen(scope);
        if (l + WORKSHOP_CODE_MAX + 3 >= sizeof scope) break;
        snprintf(scope + l, sizeof scope - l, "%s%s", i ? ", " : "", ws[i]);
    }
    week_text(wmin, first, sizeof first);
    week_text(wmax, last, sizeof last);
    if (wmin == ALL24) { snprintf(first, sizeof first, "-"); snprintf(last, sizeof last, "-"); }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    d.scope = scope; d.first = first; d.last = last; d.date = date;

    lang_switched = 1;
    lang_init("en", NULL);
    for (int i = 0; i < NFIELDS; i++) snprintf(d.other_titles[i], sizeof d.other_titles[i], "%s", _(FIELDS[i].title));
    lang_init("fr", NULL);
    json_t *schema = schema_build(OPENDATA_K);
    if (!(f = out_open(&o, 1, dir, e))) { json_decref(schema); goto done; }
    int jr = json_dumpf(schema, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(schema);
    fputc('\n', f);
    r = out_close(&o, f, dir, e);
    f = NULL;
    if (r < 0) goto done;
    if (jr < 0) { o.err = EIO; err_set(e, ERR_IO, _("Cannot write in the folder %s: %s"), dir, strerror(EIO)); goto done; }

    if (!(f = out_open(&o, 2, dir, e))) goto done;
    dict_write(f, &d);
    r = out_close(&o, f, dir, e);
    f = NULL;
    if (r < 0) goto done;

    char fr_titles[NFIELDS][256];
    for (int i = 0; i < NFIELDS; i++) snprintf(fr_titles[i], sizeof fr_titles[i], "%s", _(FIELDS[i].title));
    lang_init("en", NULL);
    memcpy(d.other_titles, fr_titles, sizeof fr_titles);
    if (!(f = out_open(&o, 3, dir, e))) goto done;
    dict_write(f, &d);
    r = out_close(&o, f, dir, e);
    f = NULL;
    if (r < 0) goto done;
    lang_init(ui, NULL);
    lang_switched = 0;

    if (out_commit(&o, e) < 0) goto done;
    for (int i = 0; i < OPENDATA_NFILES; i++) snprintf(out->files[i], sizeof out->files[i], "%s", o.fin[i]);
    rc = 0;
done:
    if (lang_switched) {
        /* a file of the dictionaries failed: say it in the screen's language */
        lang_init(ui, NULL);
        if (rc < 0) err_set(e, ERR_IO, _("Cannot write in the folder %s: %s"), dir, strerror(o.err ? o.err : EIO));
    }
    if (f) fclose(f);
    if (rc < 0) out_discard(&o);
    free(cells);
    free(keys);
    free(ws);
    return rc;
}
