/* party.c — parties (see party.h). */
#include "core/stock/party.h"
#include "core/stock/device.h"
#include "core/log/event.h"
#include "util/i18n.h"
#include "util/text.h"
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

static const char SQL_GET[] =
    "SELECT code, workshop, kind, name, forgotten, created_hlc FROM parties WHERE code = ?1";

int party_add(Ctx *c, PartyKind kind, const char *name_in, const char *contact_in,
              char out_code[PARTY_CODE_MAX], Err *e)
{
    char name[PARTY_NAME_MAX * 4 + 1];
    (void)contact_in;   /* the private store: see party.h */
    if (kind < 0 || kind >= PARTY__COUNT) return err_set(e, ERR_USAGE, _("party: unknown kind"));
    if (text_field_clean(name_in ? name_in : "", name, sizeof name, PARTY_NAME_MAX, _("name"), e) < 0) return -1;
    if (!name[0] && kind != PARTY_PERSON) return err_set(e, ERR_USAGE, _("name: empty"));
    if (db_begin(c->db, e) < 0) return -1;
    char code[PARTY_CODE_MAX];
    snprintf(code, sizeof code, "%s-P%04lld", c->workshop,
             (long long)((db_meta_get_int(c->db, "seq.party", 0) + 1) % 100000000LL));
    json_t *p = json_pack("{s:s, s:s}", "code", code, "kind", party_kind_key(kind));
    if (kind != PARTY_PERSON) json_object_set_new(p, "name", json_string(name));
    if (event_append(c, "party.create", NULL, p, NULL, e) < 0) {
        db_rollback(c->db);
        return -1;
    }
    if (db_commit(c->db, e) < 0) return -1;
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

int party_get(Ctx *c, const char *code, Party *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_GET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
#define COL(i, f) snprintf(out->f, sizeof out->f, "%s", sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "")
        COL(0, code); COL(1, workshop); COL(3, name);
#undef COL
        int k = party_kind_parse((const char *)sqlite3_column_text(st, 2));
        out->kind = k < 0 ? PARTY_BUSINESS : (PartyKind)k;
        out->forgotten = sqlite3_column_int(st, 4);
        out->created_hlc = (Hlc)sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return 1;
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}
