/*
 * vocab.c — the word lists of the domain (see vocab.h). To add a word: add
 * its enum value in vocab.h and its row here, in the same position, and its
 * French in i18n/fr/vocab.po.
 */
#include "core/vocab/vocab.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LIST(name, rows) \
    static const Word name##_W[] = rows; \
    const Vocab name = { name##_W, (int)(sizeof name##_W / sizeof name##_W[0]) }
#define ROWS(...) { __VA_ARGS__ }

LIST(VOCAB_STATE, ROWS(
    { "received",    NC_("state", "received") },
    { "in_progress", NC_("state", "in progress") },
    { "ready",       NC_("state", "ready") },
    { "reserved",    NC_("state", "reserved") },
    { "reused",      NC_("state", "reused") },
    { "parts",       NC_("state", "parts") },
    { "recycled",    NC_("state", "recycled") },
));

/* What a device goes to a party as (core/alloc/alloc.h), and the steps of
 * an allocation (eReuse's flow: interested → confirmed → delivered, and
 * returned for a loan; cancelled). */
LIST(VOCAB_ALLOC_KIND, ROWS(
    { "reservation", NC_("allocation", "reservation") },
    { "donation",    NC_("allocation", "donation") },
    { "sale",        NC_("allocation", "sale") },
    { "loan",        NC_("allocation", "loan") },
));

LIST(VOCAB_ALLOC_STATUS, ROWS(
    { "interested", NC_("allocation", "interested") },
    { "confirmed",  NC_("allocation", "confirmed") },
    { "delivered",  NC_("allocation", "delivered") },
    { "returned",   NC_("allocation", "returned") },
    { "cancelled",  NC_("allocation", "cancelled") },
));

LIST(VOCAB_CATEGORY, ROWS(
    { "laptop",  NC_("category", "laptop") },
    { "desktop", NC_("category", "desktop") },
    { "screen",  NC_("category", "screen") },
    { "phone",   NC_("category", "phone") },
    { "tablet",  NC_("category", "tablet") },
    { "printer", NC_("category", "printer") },
    { "network", NC_("category", "network gear") },
    { "other",   NC_("category", "other") },
));

LIST(VOCAB_OUTCOME, ROWS(
    { "reuse",     NC_("outcome", "reuse as is") },
    { "refurbish", NC_("outcome", "refurbish (needs a part)") },
    { "parts",     NC_("outcome", "parts") },
    { "recycle",   NC_("outcome", "recycle") },
));

LIST(VOCAB_COSMETIC, ROWS(
    { "A", NC_("cosmetic", "A — very light marks") },
    { "B", NC_("cosmetic", "B — light marks") },
    { "C", NC_("cosmetic", "C — visible wear") },
    { "D", NC_("cosmetic", "D — heavy wear") },
));

LIST(VOCAB_MEDIA_TYPE, ROWS(
    { "hdd",   NC_("media", "HDD") },
    { "ssd",   NC_("media", "SSD") },
    { "nvme",  NC_("media", "NVMe") },
    { "emmc",  NC_("media", "eMMC") },
    { "other", NC_("media", "other") },
));

LIST(VOCAB_WIPE_CATEGORY, ROWS(
    { "clear",   NC_("wipe category", "clear (overwrite, reset)") },
    { "purge",   NC_("wipe category", "purge (secure erase, sanitize, crypto erase)") },
    { "destroy", NC_("wipe category", "destroy (shred, pulverize)") },
));

LIST(VOCAB_TECHNIQUE, ROWS(
    { "overwrite",               NC_("technique", "overwrite") },
    { "ata-secure-erase",        NC_("technique", "ATA secure erase") },
    { "ata-enhanced-erase",      NC_("technique", "ATA enhanced secure erase") },
    { "nvme-format",             NC_("technique", "NVMe format") },
    { "nvme-sanitize-block",     NC_("technique", "NVMe sanitize, block erase") },
    { "nvme-sanitize-crypto",    NC_("technique", "NVMe sanitize, crypto erase") },
    { "nvme-sanitize-overwrite", NC_("technique", "NVMe sanitize, overwrite") },
    { "crypto-erase",            NC_("technique", "cryptographic erase") },
    { "shred",                   NC_("technique", "shred") },
    { "disintegrate",            NC_("technique", "disintegrate") },
    { "pulverize",               NC_("technique", "pulverize") },
    { "other",                   NC_("technique", "other") },
));

LIST(VOCAB_WIPE_STATUS, ROWS(
    { "success", NC_("wipe status", "success") },
    { "failed",  NC_("wipe status", "failed") },
    { "aborted", NC_("wipe status", "aborted") },
));

LIST(VOCAB_VERIFICATION, ROWS(
    { "none",   NC_("verification", "none") },
    { "sample", NC_("verification", "sample") },
    { "full",   NC_("verification", "full") },
));

LIST(VOCAB_VERIF_RESULT, ROWS(
    { "",       NC_("verification result", "no result") },
    { "passed", NC_("verification result", "passed") },
    { "failed", NC_("verification result", "failed") },
));

const char *vocab_key(const Vocab *v, int i)
{
    return i >= 0 && i < v->count ? v->words[i].key : "";
}

const char *vocab_label(const Vocab *v, int i)
{
    if (i < 0 || i >= v->count) return "?";
    return i18n_ctx(v->words[i].msgkey, v->words[i].msgid);
}

int vocab_find(const Vocab *v, const char *key)
{
    for (int i = 0; key && i < v->count; i++)
        if (!strcmp(key, v->words[i].key)) return i;
    return -1;
}

int vocab_parse(const Vocab *v, const char *s)
{
    if (!s || !*s) return vocab_find(v, s);
    for (int i = 0; i < v->count; i++)
        if (!strcasecmp(s, v->words[i].key) || !strcasecmp(s, v->words[i].msgid)
            || !strcasecmp(s, vocab_label(v, i))) return i;
    return -1;
}

const char *vocab_label_of(const Vocab *v, const char *key)
{
    int i = vocab_find(v, key);
    return i < 0 ? (key ? key : "") : vocab_label(v, i);
}

const char *const *vocab_msgids(const Vocab *v)
{
    /* Filled on first use for each list asked for (the screens' thread only):
     * a form takes a NULL-ended array of strings, the rows hold structs. */
    enum { LISTS = 16, WORDS = 31 };
    static struct { const Vocab *v; const char *m[WORDS + 1]; } cache[LISTS];
    for (int k = 0; k < LISTS; k++) {
        if (cache[k].v == v) return cache[k].m;
        if (cache[k].v) continue;
        for (int i = 0; i < v->count && i < WORDS; i++) cache[k].m[i] = v->words[i].msgkey;
        cache[k].v = v;
        return cache[k].m;
    }
    return NULL;
}

const char *vocab_keys_joined(const Vocab *v)
{
    static char buf[512];
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < v->count && o < sizeof buf; i++) {
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " | " : "", v->words[i].key);
    }
    return buf;
}
