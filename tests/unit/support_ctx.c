/* support_ctx.c — see support.h. */
#include "tests/unit/support.h"
#include "core/stock/operator.h"
#include "core/stock/workshop.h"
#include "db/schema.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static void cleanup(void)
{
    char cmd[300];
    if (!dir[0]) return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
}

const char *support_tmpdir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/boucle-unit.XXXXXX");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            exit(1);
        }
        atexit(cleanup);
    }
    return dir;
}

int support_ctx(Ctx *c, const char *name, const char *code)
{
    char path[512];
    Err e = { 0 };
    snprintf(path, sizeof path, "%s/%s", support_tmpdir(), name);
    if (ctx_open(c, path, 0, &e) < 0) {
        printf("# support_ctx: %s\n", e.msg);
        return -1;
    }
    if (code && !ctx_has_workshop(c)) {
        if (workshop_init(c, code, "Test workshop", &e) < 0 || operator_add(c, "Test", &e) < 0
            || operator_choose(c, "Test", &e) < 0) {
            printf("# support_ctx: %s\n", e.msg);
            return -1;
        }
    }
    return 0;
}

const char *support_query(Ctx *c, const char *sql)
{
    static char buf[4096];
    sqlite3_stmt *st;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(buf, sizeof buf, "ERROR %s", sqlite3_errmsg(db_handle(c->db)));
        return buf;
    }
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, sizeof buf, "%s", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

char *support_dump_projections(Ctx *c)
{
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (int i = 0; i < schema_projection_count(); i++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", schema_projection(i));
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) continue;
        len += snprintf(out + len, cap - len, "[%s]\n", schema_projection(i));
        while (sqlite3_step(st) == SQLITE_ROW && len + 4096 < cap) {
            for (int k = 0; k < sqlite3_column_count(st); k++) {
                const unsigned char *v = sqlite3_column_text(st, k);
                len += snprintf(out + len, cap - len, "%s|", v ? (const char *)v : "NULL");
            }
            out[len++] = '\n';
            out[len] = '\0';
        }
        sqlite3_finalize(st);
    }
    return out;
}

char *support_pdf_text(const char *path)
{
    static char out[1 << 18];
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    return pclose(p) == 0 ? out : NULL;
}
