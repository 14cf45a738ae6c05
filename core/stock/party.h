/*
 * party.h — parties: the donors and takers of devices (partner
 * associations, businesses, public bodies, people), each known by a short
 * code "<WORKSHOP>-P<NNNN>" allocated like lot ids.
 *
 * Invariants
 * - A party is created by one event, party.create {code, kind, name}; for a
 *   person the event and the parties row never hold a name: the hub and the
 *   other workshops know a person only by the code.
 * - A person's name and contact, when the workshop keeps them, live in
 *   party_private on this PC only, sealed with a key of their own
 *   (party_keys, libsodium's crypto_secretbox); party_forget() destroys
 *   both (doc/privacy.md). The contact of any party (often a person's
 *   name, mail or phone at a donor) is kept the same way: never in an
 *   event, never synced.
 * - The name of an association, business or public body is public: in its
 *   events (party.create, party.update) and on the hub.
 * - Codes are unique in the region (the workshop's code is their prefix);
 *   only the workshop of that prefix creates, changes or forgets a party
 *   (an event of another is kept without effect, listed in `refused`).
 * - The private store is written with PRAGMA secure_delete on, so that no
 *   old copy of a key or a box lingers in the free space of the file.
 */
#ifndef BOUCLE_PARTY_H
#define BOUCLE_PARTY_H
#include "core/log/project.h"
#include "core/vocab/vocab.h"

#define PARTY_CODE_MAX 24
#define PARTY_NAME_MAX 100           /* characters */

typedef enum { PARTY_ASSOCIATION, PARTY_BUSINESS, PARTY_PUBLIC, PARTY_PERSON, PARTY__COUNT } PartyKind;

extern const Vocab VOCAB_PARTY_KIND;
static inline const char *party_kind_key(int k) { return vocab_key(&VOCAB_PARTY_KIND, k); }
static inline const char *party_kind_label(int k) { return vocab_label(&VOCAB_PARTY_KIND, k); }
static inline int party_kind_parse(const char *s) { return vocab_parse(&VOCAB_PARTY_KIND, s); }

typedef struct Party {
    char code[PARTY_CODE_MAX];
    char workshop[WORKSHOP_CODE_MAX + 1];
    PartyKind kind;
    char name[PARTY_NAME_MAX * 4 + 1];     /* "" for a person unless read from this PC's private store */
    char contact[PARTY_NAME_MAX * 4 + 1];  /* from this PC's private store (any kind); "" when none */
    int forgotten;                         /* a person whose name was destroyed */
    Hlc created_hlc;
} Party;

/* Creates a party. name: required except for a person (for whom it is
 * optional and stays on this PC); contact: optional, on this PC only.
 * Runs in the caller's transaction when one is open. out_code gets its
 * code. */
int party_add(Ctx *c, PartyKind kind, const char *name, const char *contact,
              char out_code[PARTY_CODE_MAX], Err *e);
/* 1 when s has the form of a party code ("GRE1-P0012"), found or not. */
int party_code_like(const char *s);
/* 1 found (by code, any case), 0 not, -1 error. A person's name and
 * contact are filled from the private store when this PC holds them. */
int party_get(Ctx *c, const char *code, Party *out, Err *e);

/* What party_list() lists. */
typedef struct PartyQuery {
    int all;              /* 1: every workshop's parties known here; 0: this workshop's */
    int kind;             /* a PartyKind, or -1 for every kind */
    const char *search;   /* NULL or "": all; else each word (any case) in the
                           * code, the name, the contact or the kind's label */
} PartyQuery;
typedef int (*PartyCb)(void *arg, const Party *p);
/* The parties q asks for, by workshop then code; cb returns non-zero to
 * stop. 0, or -1 with e. */
int party_list(Ctx *c, const PartyQuery *q, PartyCb cb, void *arg, Err *e);
/* Changes a party of this workshop; NULL (or kind -1) keeps a field. An
 * association, business or public body: its kind and name by a
 * party.update event (its name cannot be emptied; it cannot become a
 * person, whose name would then be in the log), its contact on this PC.
 * A person: name and contact on this PC only, no event. Refused (nothing
 * changed): unknown, another workshop's, forgotten, bad text. 0 or -1. */
int party_edit(Ctx *c, const char *code, int kind, const char *name, const char *contact, Err *e);
/* Forgets a person of this workshop: deletes their key and sealed name
 * and contact (PRAGMA secure_delete on), emits party.forget {code}, then
 * empties the WAL into the file (wal_checkpoint(TRUNCATE)), so that
 * neither the file nor its WAL holds them. 0 done; 1 forgotten, but
 * another process (another boucle window) keeps the WAL from being
 * emptied now: e says so (it empties when they close); -1 refused
 * (unknown, another workshop's, not a person, forgotten already). */
int party_forget(Ctx *c, const char *code, Err *e);
/* {code, workshop, kind, name, contact, forgotten, created} */
json_t *party_to_json(const Party *p);

#endif
