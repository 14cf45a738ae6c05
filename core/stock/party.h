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
 *   (party_keys); party_forget() destroys both (doc/privacy.md).
 * - Codes are unique in the region (the workshop's code is their prefix).
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
    char contact[PARTY_NAME_MAX * 4 + 1];  /* a person's, from the private store; "" otherwise */
    int forgotten;                         /* a person whose name was destroyed */
    Hlc created_hlc;
} Party;

/* Creates a party. name: required except for a person (for whom it and
 * contact are optional and stay on this PC). out_code gets its code. */
int party_add(Ctx *c, PartyKind kind, const char *name, const char *contact,
              char out_code[PARTY_CODE_MAX], Err *e);
/* 1 when s has the form of a party code ("GRE1-P0012"), found or not. */
int party_code_like(const char *s);
/* 1 found (by code, any case), 0 not, -1 error. A person's name and
 * contact are filled from the private store when this PC holds them. */
int party_get(Ctx *c, const char *code, Party *out, Err *e);

#endif
