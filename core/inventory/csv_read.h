/*
 * csv_read.h — the streaming CSV reader under csv.c: RFC 4180 rows, one at
 * a time, decoded to UTF-8 (internal to core/inventory).
 *
 * - Quoting as RFC 4180: a field in double quotes may hold the separator,
 *   line breaks and doubled quotes (""); a quote inside an unquoted field
 *   and text after a closing quote are kept as they are (spreadsheets
 *   write both). Rows end with CRLF, LF or a lone CR.
 * - The separator is chosen on the first line (outside quotes): the most
 *   frequent of ';' (GLPI's default), tab and ','; ';' on a tie or none.
 * - Encoding: a UTF-8 BOM says UTF-8. Otherwise the file is ASCII until the
 *   first row holding a byte >= 0x80, which decides for the whole file:
 *   UTF-8 when that row is valid UTF-8, else Windows-1252. The rows before
 *   it are ASCII, the same in both, so nothing needs reading twice. After
 *   the decision, a row that is not valid in the file's encoding (invalid
 *   UTF-8; 0x81 0x8D 0x8F 0x90 0x9D, undefined in Windows-1252) or holds a
 *   NUL byte refuses the file, naming the line of the byte.
 * - Memory: one row (at most INV_ROW_MAX bytes as written, CSV_COLS_MAX
 *   fields), three times that when it is converted from Windows-1252, and
 *   a 64 KiB read buffer. A longer row refuses the file with its line.
 */
#ifndef BOUCLE_INV_CSV_READ_H
#define BOUCLE_INV_CSV_READ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "util/err.h"

#define CSV_COLS_MAX 4096    /* a GLPI view has tens of columns; more is not a table of devices */
#define CSV_BUF 65536

typedef enum { CSV_ASCII = 0, CSV_UTF8, CSV_CP1252 } CsvEnc;

typedef struct CsvReader {
    FILE *f;
    const char *name;                /* the file, as shown in messages */
    unsigned char buf[CSV_BUF];      /* read buffer */
    size_t pos, len;
    int eof;                         /* the stream has no more bytes */
    CsvEnc enc;                      /* CSV_ASCII: not decided yet */
    int bom;                         /* the file started with a UTF-8 BOM */
    char sep;
    int64_t line;                    /* the line of the next byte (1-based) */
    /* the row: raw fields, each NUL-terminated, then (CP1252) converted */
    char *raw;
    size_t rawlen, rawcap;
    char *conv;
    size_t convcap;
    uint32_t *off;                   /* start of each field in raw (then in conv) */
    int64_t *fline;                  /* the line each field starts on */
    size_t nf;
    int quoted_any;                  /* some field of the row was quoted */
    int64_t row_line;                /* the row's first line */
    int64_t rows;                    /* rows read so far */
} CsvReader;

/* Opens the reader on f (at the start: a BOM allowed) and chooses the
 * separator. 0 / -1 with e (read error). */
int csv_open(CsvReader *r, FILE *f, const char *name, Err *e);
/* Reads the next row: 1 (csv_nf / csv_field / r->row_line), 0 at the end,
 * -1 with e ("<file>, line N: reason"). */
int csv_next(CsvReader *r, Err *e);
/* Field i of the row read (UTF-8, NUL-terminated; "" beyond the last). */
const char *csv_field(const CsvReader *r, size_t i);
static inline size_t csv_nf(const CsvReader *r) { return r->nf; }
/* 1 when the row read is blank: one empty unquoted field, or only empty
 * fields. */
int csv_blank(const CsvReader *r);
void csv_close(CsvReader *r);

#endif
