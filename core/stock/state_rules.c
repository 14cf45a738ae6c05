/*
 * state_rules.c — the table of changes of state and their conditions (see
 * state_rules.h for the life of a device and why each arrow is there).
 */
#include "core/stock/state_rules.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

#define B(s) (1u << (s))

/* NEXT[from]: the states a device in `from` may go to, as a bit set. */
static const unsigned NEXT[ST__COUNT] = {
    [ST_RECEIVED]    = B(ST_IN_PROGRESS) | B(ST_PARTS) | B(ST_RECYCLED),
    [ST_IN_PROGRESS] = B(ST_READY) | B(ST_PARTS) | B(ST_RECYCLED),
    [ST_READY]       = B(ST_RESERVED) | B(ST_REUSED) | B(ST_IN_PROGRESS),
    [ST_RESERVED]    = B(ST_READY) | B(ST_REUSED) | B(ST_IN_PROGRESS),
    [ST_REUSED]      = B(ST_IN_PROGRESS),
    [ST_PARTS]       = B(ST_IN_PROGRESS) | B(ST_RECYCLED),
    [ST_RECYCLED]    = 0,
};

/* The states in which a device goes to a person: its data must not. */
#define LEAVING (B(ST_READY) | B(ST_RESERVED) | B(ST_REUSED))

int state_transition_allowed(StateId from, StateId to)
{
    if ((unsigned)from >= ST__COUNT || (unsigned)to >= ST__COUNT) return 0;
    return (NEXT[from] & B(to)) != 0;
}

/* Appends s to out (size), ", "-separated. */
static void join(char *out, size_t size, const char *s)
{
    size_t l = strlen(out);
    if (l + 1 < size) snprintf(out + l, size - l, "%s%s", l ? ", " : "", s);
}

static int refuse_table(const StateFacts *f, char *why, size_t size)
{
    if (f->state == ST_RECYCLED) {
        snprintf(why, size, "%s", _("A recycled device has left the workshop: its state no longer changes."));
        return 0;
    }
    char list[160] = "";
    for (int s = 0; s < ST__COUNT; s++)
        if (NEXT[f->state] & B(s)) join(list, sizeof list, state_label(s));
    /* the row of a chooser shows the start: what matters comes first */
    snprintf(why, size, _("Not from « %s »; from there: %s."), state_label(f->state), list);
    return 0;
}

int state_check(const StateFacts *f, StateId to, char *why, size_t size)
{
    if (size) why[0] = '\0';
    if ((unsigned)to >= ST__COUNT) return 0;
    if (to == f->state) {
        snprintf(why, size, _("The device is already « %s »."), state_label(to));
        return 0;
    }
    if (!state_transition_allowed(f->state, to)) return refuse_table(f, why, size);
    if (!(LEAVING & B(to))) return 1;
    /* no data of the donor may leave with it: named first, it matters most */
    char serials[200] = "";
    unsigned long unerased = 0;
    for (size_t i = 0; i < f->nmedia; i++) {
        if (f->media[i].erased) continue;
        unerased++;
        join(serials, sizeof serials, f->media[i].serial && *f->media[i].serial ? f->media[i].serial : "?");
    }
    if (unerased) {
        snprintf(why, size, ngettext("Disk %s is not erased: record a successful wipe of it before the device becomes « %s ».",
                                     "Disks %s are not erased: record a successful wipe of each before the device becomes « %s ».",
                                     unerased),
                 serials, state_label(to));
        return 0;
    }
    if (f->nmedia == 0 && f->storage_expected && !f->no_storage) {
        snprintf(why, size, _("No storage medium is recorded: add its disks and wipe them, or declare it without storage."));
        return 0;
    }
    if (!f->graded) {
        snprintf(why, size, _("It has not been graded: grade it first (checklist, cosmetic grade, outcome)."));
        return 0;
    }
    if (f->outcome == OUT_PARTS || f->outcome == OUT_RECYCLE) {
        snprintf(why, size, _("Its grading sends it to « %s »: grade it again if it can be reused."),
                 vocab_label(&VOCAB_OUTCOME, f->outcome));
        return 0;
    }
    return 1;
}

int state_options(const StateFacts *f, StateOption out[ST__COUNT])
{
    int n = 0;
    for (int s = 0; s < ST__COUNT; s++) {
        if (s == (int)f->state) continue;
        out[n].to = (StateId)s;
        out[n].allowed = state_check(f, (StateId)s, out[n].why, sizeof out[n].why);
        n++;
    }
    return n;
}
