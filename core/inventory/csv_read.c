/*
 * csv_read.c — the streaming CSV reader (see csv_read.h): bytes in from a
 * 64 KiB buffer, one row of raw fields, then the row checked or converted
 * to UTF-8. Structure characters (quote, separators, CR, LF) are ASCII and
 * never part of a multi-byte character in UTF-8 or Windows-1252, so the
 * rows are cut on the raw bytes and decoded afterwards.
 */
#include "core/inventory/csv_read.h"
#include "core/inventory/inventory.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdlib.h>
#include <string.h>

#define ROW_CAP_MAX ((size_t)INV_ROW_MAX + CSV_COLS_MAX + 1)   /* the bytes, a NUL per field */

static int fill(CsvReader *r)
{
    if (r->eof) return 0;
    size_t n = fread(r->buf, 1, sizeof r->buf, r->f);
    if (n == 0) {
        r->eof = 1;
        return 0;
    }
    r->pos = 0;
    r->len = n;
    return 1;
}

static inline int getb(CsvReader *r)
{
    if (r->pos < r->len) return r->buf[r->pos++];
    if (!fill(r)) return -1;
    return r->buf[r->pos++];
}

static inline int peekb(CsvReader *r)
{
    if (r->pos < r->len) return r->buf[r->pos];
    if (!fill(r)) return -1;
    return r->buf[r->pos];
}

static int read_error(CsvReader *r, Err *e)
{
    return err_set(e, ERR_IO, _("%s, line %lld: the file cannot be read further"), r->name, (long long)r->line);
}

int csv_open(CsvReader *r, FILE *f, const char *name, Err *e)
{
    memset(r, 0, sizeof *r);
    r->f = f;
    r->name = name;
    r->line = 1;
    r->sep = ';';
    fill(r);
    if (ferror(f)) return read_error(r, e);
    if (r->len >= 3 && r->buf[0] == 0xEF && r->buf[1] == 0xBB && r->buf[2] == 0xBF) {
        r->pos = 3;
        r->enc = CSV_UTF8;
        r->bom = 1;
    }
    /* the separator: the most frequent on the first non-blank line, outside quotes */
    size_t i = r->pos;
    while (i < r->len && (r->buf[i] == '\r' || r->buf[i] == '\n')) i++;
    size_t semi = 0, comma = 0, tab = 0;
    int inq = 0;
    for (; i < r->len; i++) {
        unsigned char c = r->buf[i];
        if (c == '"') inq = !inq;
        else if (!inq && (c == '\n' || c == '\r')) break;
        else if (!inq) {
            semi += c == ';';
            comma += c == ',';
            tab += c == '\t';
        }
    }
    if (tab > semi && tab >= comma) r->sep = '\t';
    else if (comma > semi && comma > tab) r->sep = ',';
    return 0;
}

void csv_close(CsvReader *r)
{
    free(r->raw);
    free(r->conv);
    free(r->off);
    free(r->fline);
    r->raw = r->conv = NULL;
    r->off = NULL;
    r->fline = NULL;
}

static int grow(CsvReader *r, Err *e)
{
    size_t cap = r->rawcap ? r->rawcap * 2 : 4096;
    if (cap > ROW_CAP_MAX) cap = ROW_CAP_MAX;
    if (cap <= r->rawcap) return err_set(e, ERR_INTERNAL, "csv: row buffer");
    char *p = realloc(r->raw, cap);
    if (!p) return err_set(e, ERR_INTERNAL, _("out of memory"));
    r->raw = p;
    r->rawcap = cap;
    return 0;
}

static inline int add(CsvReader *r, int c, Err *e)
{
    if (c == 0)
        return err_set(e, ERR_INPUT, _("%s, line %lld: a NUL byte: this is not a text file"), r->name,
                       (long long)r->line);
    if (r->rawlen + 1 >= r->rawcap && grow(r, e) < 0) return -1;
    r->raw[r->rawlen++] = (char)c;
    return 0;
}

static int new_field(CsvReader *r, Err *e)
{
    if (r->nf >= CSV_COLS_MAX)
        return err_set(e, ERR_INPUT, _("%s, line %lld: more than %d columns"), r->name, (long long)r->row_line,
                       CSV_COLS_MAX);
    if (!r->off) {
        r->off = malloc(CSV_COLS_MAX * sizeof *r->off);
        r->fline = malloc(CSV_COLS_MAX * sizeof *r->fline);
        if (!r->off || !r->fline) return err_set(e, ERR_INTERNAL, _("out of memory"));
    }
    r->off[r->nf] = (uint32_t)r->rawlen;
    r->fline[r->nf] = r->line;
    r->nf++;
    return 0;
}

static int end_field(CsvReader *r, Err *e)
{
    if (r->rawlen + 1 >= r->rawcap && grow(r, e) < 0) return -1;
    r->raw[r->rawlen++] = '\0';
    return 0;
}

static int too_long(CsvReader *r, Err *e)
{
    return err_set(e, ERR_INPUT, _("%s, line %lld: the row is longer than %d bytes"), r->name,
                   (long long)r->row_line, INV_ROW_MAX);
}

/* The line of byte k of field i (the field's line plus its line breaks). */
static int64_t line_at(const CsvReader *r, const char *s, size_t k, size_t i)
{
    int64_t l = r->fline[i];
    for (size_t j = 0; j < k; j++)
        if (s[j] == '\n' || (s[j] == '\r' && s[j + 1] != '\n')) l++;
    return l;
}

/* Windows-1252 0x80–0x9F; 0 = undefined. */
static const unsigned short CP1252[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int from_cp1252(CsvReader *r, Err *e)
{
    size_t need = r->rawlen * 3 + 1;
    if (need > r->convcap) {
        char *p = realloc(r->conv, need);
        if (!p) return err_set(e, ERR_INTERNAL, _("out of memory"));
        r->conv = p;
        r->convcap = need;
    }
    size_t o = 0;
    for (size_t i = 0; i < r->nf; i++) {
        const unsigned char *s = (const unsigned char *)r->raw + r->off[i];
        r->off[i] = (uint32_t)o;
        for (size_t k = 0; s[k]; k++) {
            unsigned cp = s[k];
            if (cp >= 0x80 && cp < 0xA0) {
                cp = CP1252[cp - 0x80];
                if (!cp)
                    return err_set(e, ERR_INPUT, _("%s, line %lld: byte 0x%02X is neither UTF-8 nor Windows-1252"),
                                   r->name, (long long)line_at(r, (const char *)s, k, i), s[k]);
            }
            if (cp < 0x80) r->conv[o++] = (char)cp;
            else if (cp < 0x800) {
                r->conv[o++] = (char)(0xC0 | (cp >> 6));
                r->conv[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                r->conv[o++] = (char)(0xE0 | (cp >> 12));
                r->conv[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                r->conv[o++] = (char)(0x80 | (cp & 0x3F));
            }
        }
        r->conv[o++] = '\0';
    }
    return 0;
}

/* The row's fields as UTF-8: checked, or converted; the encoding decided
 * at the first row that is not ASCII. */
static int decode(CsvReader *r, Err *e)
{
    if (r->enc == CSV_ASCII) {
        size_t k = 0;
        while (k < r->rawlen && (unsigned char)r->raw[k] < 0x80) k++;
        if (k == r->rawlen) return 0;
        r->enc = CSV_UTF8;
        for (size_t i = 0; i < r->nf; i++) {
            const char *s = r->raw + r->off[i];
            if (!utf8_valid(s, strlen(s))) {
                r->enc = CSV_CP1252;
                break;
            }
        }
    }
    if (r->enc == CSV_CP1252) return from_cp1252(r, e);
    for (size_t i = 0; i < r->nf; i++) {
        const char *s = r->raw + r->off[i];
        size_t n = strlen(s), k = 0;
        while (k < n) {
            size_t l = utf8_seq((const unsigned char *)s + k, n - k, NULL);
            if (!l)
                return err_set(e, ERR_INPUT, _("%s, line %lld: invalid UTF-8 text in a UTF-8 file"), r->name,
                               (long long)line_at(r, s, k, i));
            k += l;
        }
    }
    return 0;
}

int csv_next(CsvReader *r, Err *e)
{
    r->rawlen = 0;
    r->nf = 0;
    r->quoted_any = 0;
    int c = getb(r);
    if (c < 0) {
        if (ferror(r->f)) return read_error(r, e);
        return 0;
    }
    r->row_line = r->line;
    r->rows++;
    size_t bytes = 0;   /* of the row as written, without its line break */
    for (;;) {
        if (new_field(r, e) < 0) return -1;
        if (c == '"') {
            int64_t fl = r->line;
            r->quoted_any = 1;
            if (++bytes > INV_ROW_MAX) return too_long(r, e);
            for (;;) {
                c = getb(r);
                if (c < 0) {
                    if (ferror(r->f)) return read_error(r, e);
                    return err_set(e, ERR_INPUT, _("%s, line %lld: a quoted field is not closed"), r->name,
                                   (long long)fl);
                }
                if (++bytes > INV_ROW_MAX) return too_long(r, e);
                if (c == '"') {
                    if (peekb(r) != '"') break;
                    getb(r);
                    if (++bytes > INV_ROW_MAX) return too_long(r, e);
                } else if (c == '\n' || (c == '\r' && peekb(r) != '\n')) {
                    if (add(r, c, e) < 0) return -1;
                    r->line++;
                    continue;
                }
                if (add(r, c, e) < 0) return -1;
            }
            c = getb(r);
        }
        while (c >= 0 && c != r->sep && c != '\n' && c != '\r') {
            if (++bytes > INV_ROW_MAX) return too_long(r, e);
            if (add(r, c, e) < 0) return -1;
            c = getb(r);
        }
        if (end_field(r, e) < 0) return -1;
        if (c == r->sep) {
            if (++bytes > INV_ROW_MAX) return too_long(r, e);
            c = getb(r);
            continue;
        }
        if (c == '\r') {
            if (peekb(r) == '\n') getb(r);
            r->line++;
        } else if (c == '\n') {
            r->line++;
        } else if (ferror(r->f)) {
            return read_error(r, e);
        }
        break;
    }
    return decode(r, e) < 0 ? -1 : 1;
}

const char *csv_field(const CsvReader *r, size_t i)
{
    if (i >= r->nf) return "";
    return (r->enc == CSV_CP1252 ? r->conv : r->raw) + r->off[i];
}

int csv_blank(const CsvReader *r)
{
    for (size_t i = 0; i < r->nf; i++)
        if (*csv_field(r, i)) return 0;
    return 1;
}
