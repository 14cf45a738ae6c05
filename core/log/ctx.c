/* ctx.c — see ctx.h. */
#include "core/log/ctx.h"
#include "core/log/chain.h"
#include "core/log/event.h"
#include "core/log/project.h"
#include <ctype.h>
#include "util/i18n.h"
#include "util/path.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ctx_open(Ctx *c, const char *path, int db_flags, Err *e)
{
    memset(c, 0, sizeof *c);
    c->db = db_open(path, db_flags, e);
    if (!c->db) return -1;
    if (db_meta_get(c->db, "workshop.code", c->workshop, sizeof c->workshop) < 0) c->workshop[0] = '\0';
    if (db_meta_get(c->db, "workshop.name", c->workshop_name, sizeof c->workshop_name) < 0) c->workshop_name[0] = '\0';
    if (project_open(c, e) < 0) {
        ctx_close(c);
        return -1;
    }
    /* the head of the chain is signed in each transaction that adds to it;
     * c must stay where it is while the database is open */
    db_set_precommit(c->db, chain_precommit, c);
    /* what opens for writing may still be read-only (a read-only file
     * system: db_open): nothing is upgraded nor replayed then */
    int writable = !(db_flags & DB_READONLY) && !sqlite3_db_readonly(db_handle(c->db), "main");
    if (writable && chain_upgrade(c, e) < 0) {
        ctx_close(c);
        return -1;
    }
    /* A migration that changed what the projections hold asks for them to
     * be replayed once; a read-only open shows them as they are. */
    if (writable && db_meta_get_int(c->db, "rebuild.needed", 0)) {
        if (event_rebuild(c, e) < 0 || db_exec(c->db, "DELETE FROM meta WHERE key = 'rebuild.needed'", e) < 0) {
            ctx_close(c);
            return -1;
        }
    }
    return 0;
}

void ctx_close(Ctx *c)
{
    chain_key_forget(c);
    free(c->deferred);
    c->deferred = NULL;
    free(c->tallies);
    c->tallies = NULL;
    c->n_tallies = c->cap_tallies = 0;
    c->n_deferred = c->cap_deferred = 0;
    db_close(c->db);
    c->db = NULL;
}

int ctx_has_workshop(const Ctx *c) { return c->workshop[0] != '\0'; }

int ctx_default_db_path(char *out, size_t size, Err *e)
{
    const char *env = getenv("BOUCLE_DB");
    if (env && *env) {
        snprintf(out, size, "%s", env);
        return 0;
    }
    char dir[4096];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg) snprintf(dir, sizeof dir, "%s/boucle", xdg);
    else if (home && *home) snprintf(dir, sizeof dir, "%s/.local/share/boucle", home);
    else return err_set(e, ERR_USAGE, _("no database given: use --db PATH or set BOUCLE_DB"));
    if (path_mkdirs(dir, 0700) < 0)
        return err_set(e, ERR_IO, _("cannot create the folder %s: %s"), dir, strerror(errno));
    snprintf(out, size, "%s/boucle.db", dir);
    return 0;
}

int workshop_code_valid(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n < 2 || n > WORKSHOP_CODE_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isupper((unsigned char)code[i]) || isdigit((unsigned char)code[i]))) return 0;
    return 1;
}
