/*
 * i18n.h — every string a user sees goes through _() (gettext, domain
 * "boucle"). msgids are English; the French catalogue lives in i18n/fr/ (one .po
 * file per module, merged at build time). French is the default
 * language: see core/settings/lang.c for how the language is chosen.
 * N_() marks a string for extraction where it is translated later (tables).
 * Never build a sentence by pasting translated fragments: use one format.
 */
#ifndef BOUCLE_I18N_H
#define BOUCLE_I18N_H
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
/* Marks a singular/plural pair for extraction, translated later with ngettext. */
#define NP_(one, many) one, many
/* A string with a context (msgctxt), for short words that mean different
 * things in different places: C_("unit", "GB") is "Go" in French. */
static inline const char *i18n_ctx(const char *key, const char *msgid)
{
    const char *t = gettext(key);
    return t == key ? msgid : t;
}
#define C_(ctx, s) i18n_ctx(ctx "\004" s, s)
/* Marks a word with its context in a table, for xgettext (keyword
 * NC_:1c,2): gives the two initialisers msgkey ("ctx\004s") and msgid ("s"),
 * translated later with i18n_ctx(msgkey, msgid). */
#ifndef NC_
#define NC_(ctx, s) ctx "\004" s, s
#endif
/* Translates a msgid that may carry its context ("ctx\004text", as the word
 * tables of core/vocab store them): the translation, else the text. */
static inline const char *i18n_any(const char *s)
{
    const char *sep = s;
    while (*sep && *sep != '\004') sep++;
    if (!*sep) return gettext(s);
    const char *t = gettext(s);
    return t == s ? sep + 1 : t;
}
#endif
