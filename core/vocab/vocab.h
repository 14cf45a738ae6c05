/*
 * vocab.h — every closed list of words of the domain, once: device states,
 * categories, grading outcomes, cosmetic grades, storage media types, and the
 * NIST SP 800-88 words of a wipe record (category, technique, status,
 * verification and its result).
 *
 * Each list is one table of {key, label}: the key is what events, JSON,
 * the database and the command line carry (stable, English, never
 * translated); the label is what a person reads (gettext, with a context
 * so that a short word translates by its meaning: "failed" is « échoué »
 * for a wipe, « échouée » for a verification). In C code a word is its
 * enum value; strings appear only at the edges (parse on the way in, key or
 * label on the way out). The screens build their choices, the CLI its
 * usage and checks, and the certificates their words from these tables.
 *
 * Nothing here touches the database: the lowest module of core/.
 */
#ifndef BOUCLE_VOCAB_H
#define BOUCLE_VOCAB_H

typedef struct Word {
    const char *key;        /* stable key: "in_progress", "ata-secure-erase" */
    const char *msgkey;     /* gettext lookup key: context \004 msgid */
    const char *msgid;      /* English label, returned untranslated */
} Word;

typedef struct Vocab {
    const Word *words;
    int count;
} Vocab;

/* Labels are marked with NC_(context, text) (util/i18n.h): the two fields
 * msgkey, msgid of a Word. */
#include "util/i18n.h"

typedef enum {
    ST_RECEIVED, ST_IN_PROGRESS, ST_READY, ST_RESERVED,
    ST_REUSED, ST_PARTS, ST_RECYCLED, ST__COUNT
} StateId;

typedef enum {
    CAT_LAPTOP, CAT_DESKTOP, CAT_SCREEN, CAT_PHONE, CAT_TABLET,
    CAT_PRINTER, CAT_NETWORK, CAT_OTHER, CAT__COUNT
} CategoryId;

typedef enum {
    OUT_NONE = -1,          /* not graded yet */
    OUT_REUSE, OUT_REFURBISH, OUT_PARTS, OUT_RECYCLE, OUT__COUNT
} OutcomeId;

typedef enum { COS_NONE = -1, COS_A, COS_B, COS_C, COS_D, COS__COUNT } CosmeticId;

typedef enum { MT_HDD, MT_SSD, MT_NVME, MT_EMMC, MT_OTHER, MT__COUNT } MediaTypeId;

typedef enum { WC_CLEAR, WC_PURGE, WC_DESTROY, WC__COUNT } WipeCategoryId;

typedef enum {
    WT_OVERWRITE, WT_ATA_SECURE_ERASE, WT_ATA_ENHANCED_ERASE, WT_NVME_FORMAT,
    WT_NVME_SANITIZE_BLOCK, WT_NVME_SANITIZE_CRYPTO, WT_NVME_SANITIZE_OVERWRITE,
    WT_CRYPTO_ERASE, WT_SHRED, WT_DISINTEGRATE, WT_PULVERIZE, WT_OTHER, WT__COUNT
} WipeTechniqueId;

typedef enum { AK_RESERVATION, AK_DONATION, AK_SALE, AK_LOAN, AK__COUNT } AllocKindId;
typedef enum { AS_INTERESTED, AS_CONFIRMED, AS_DELIVERED, AS_RETURNED, AS_CANCELLED, AS__COUNT } AllocStatusId;
typedef enum { WS_SUCCESS, WS_FAILED, WS_ABORTED, WS__COUNT } WipeStatusId;

typedef enum { WV_NONE, WV_SAMPLE, WV_FULL, WV__COUNT } VerificationId;

typedef enum { VR_NONE, VR_PASSED, VR_FAILED, VR__COUNT } VerifResultId;

extern const Vocab VOCAB_STATE, VOCAB_CATEGORY, VOCAB_OUTCOME, VOCAB_COSMETIC,
    VOCAB_MEDIA_TYPE, VOCAB_WIPE_CATEGORY, VOCAB_TECHNIQUE, VOCAB_WIPE_STATUS,
    VOCAB_VERIFICATION, VOCAB_VERIF_RESULT, VOCAB_ALLOC_KIND, VOCAB_ALLOC_STATUS;

/* The key of word i, "" when i is out of range. */
const char *vocab_key(const Vocab *v, int i);
/* The translated label of word i, "?" when i is out of range. */
const char *vocab_label(const Vocab *v, int i);
/* The word a text names: its key (any case), or its label in English or in
 * the current language (any case). -1 when none. */
int vocab_parse(const Vocab *v, const char *s);
/* The word of a key exactly as stored (case-sensitive), -1 when none: for
 * payloads and rows, where only keys are valid. */
int vocab_find(const Vocab *v, const char *key);
/* The translated label of a stored key; the key itself when it is not a
 * word of the list (a newer boucle's word is shown, not hidden). */
const char *vocab_label_of(const Vocab *v, const char *key);
/* The English msgids of the list, NULL-terminated, for a choice field that
 * translates its choices itself (tui/form). */
const char *const *vocab_msgids(const Vocab *v);
/* "a | b | c": the keys joined for a usage message (static buffer). */
const char *vocab_keys_joined(const Vocab *v);

/* Shorthands of the lists used everywhere. */
static inline const char *state_key(int st) { return vocab_key(&VOCAB_STATE, st); }
static inline const char *state_label(int st) { return vocab_label(&VOCAB_STATE, st); }
static inline int state_parse(const char *s) { return vocab_parse(&VOCAB_STATE, s); }
static inline const char *category_key(int i) { return i >= 0 && i < CAT__COUNT ? vocab_key(&VOCAB_CATEGORY, i) : "other"; }
static inline const char *category_label(int i) { return vocab_label(&VOCAB_CATEGORY, i); }
static inline int category_parse(const char *s) { return vocab_parse(&VOCAB_CATEGORY, s); }
#define CATEGORY_COUNT CAT__COUNT

#endif
