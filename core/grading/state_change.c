/*
 * state_change.c — the facts of a device for the state rules, and the
 * checked change of state (see state_change.h).
 */
#include "core/grading/state_change.h"
#include "core/grading/claim.h"
#include "core/wipe/media.h"
#include "util/i18n.h"
#include "util/text.h"
#include <stdio.h>
#include <string.h>

#define FACTS_MEDIA_MAX 64   /* disks of one device named in a refusal; a server has a few dozen */

typedef struct Facts {
    StateFacts f;
    MediaList ml;
    StateMedium media[FACTS_MEDIA_MAX];
} Facts;

static const char SQL_OUTCOME[] = "SELECT outcome, no_storage FROM gradings WHERE device = ?1";

/* Fills x from the database; free with facts_free. */
static int facts_load(Ctx *c, const Device *d, Facts *x, Err *e)
{
    memset(x, 0, sizeof *x);
    x->f.state = d->state;
    x->f.outcome = OUT_NONE;
    sqlite3_stmt *st = db_stmt(c->db, SQL_OUTCOME, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, d->id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        x->f.graded = 1;
        const char *o = (const char *)sqlite3_column_text(st, 0);
        int oc = o ? vocab_find(&VOCAB_OUTCOME, o) : -1;
        x->f.outcome = oc >= 0 ? (OutcomeId)oc : OUT_NONE;
        x->f.no_storage = sqlite3_column_int(st, 1);   /* said by a grading before media.none existed */
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    if (media_list(c, d->id, &x->ml, e) < 0) return -1;
    x->f.nmedia = x->ml.n < FACTS_MEDIA_MAX ? x->ml.n : FACTS_MEDIA_MAX;
    for (size_t i = 0; i < x->f.nmedia; i++) {
        x->media[i].serial = x->ml.items[i].serial;
        x->media[i].erased = x->ml.items[i].erased;
    }
    x->f.media = x->media;
    x->f.storage_expected = claim_storage_expected(category_key(d->category));
    int none = media_none_declared(c, d->id, e);
    if (none < 0) { media_list_free(&x->ml); return -1; }
    x->f.no_storage |= none;
    return 0;
}

static void facts_free(Facts *x) { media_list_free(&x->ml); }

int device_state_options(Ctx *c, const Device *d, StateOption out[ST__COUNT], Err *e)
{
    Facts x;
    if (facts_load(c, d, &x, e) < 0) return -1;
    int n = state_options(&x.f, out);
    facts_free(&x);
    return n;
}

int device_change_state(Ctx *c, const char *key, const char *state, const char *note, Err *e)
{
    int to = state_parse(state);
    if (to < 0) return err_set(e, ERR_USAGE, _("Unknown state \"%s\" (%s)."), state, vocab_keys_joined(&VOCAB_STATE));
    Device d;
    int f = device_find(c, key, &d, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), key);
    char clean[1024] = "";
    if (note && text_field_clean(note, clean, sizeof clean, 500, _("note"), e) < 0) return -1;
    Facts x;
    char why[STATE_WHY_MAX];
    if (facts_load(c, &d, &x, e) < 0) return -1;
    int ok = state_check(&x.f, (StateId)to, why, sizeof why);
    facts_free(&x);
    if (!ok) return err_set(e, ERR_INPUT, "%s", why);
    return device_set_state(c, d.id, state_key(to), clean, e);
}
