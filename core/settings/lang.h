/*
 * lang.h — choosing the language (French first, English second).
 *
 * French unless English is asked for: by --lang, by the configuration
 * (`lang = en`), or by LANGUAGE / LC_ALL / LC_MESSAGES / LANG (the first set
 * one that starts with "en"). Works under LANG=C: the messages locale is
 * switched to C.UTF-8, where glibc's gettext honours LANGUAGE.
 */
#ifndef BOUCLE_LANG_H
#define BOUCLE_LANG_H

/* cli_lang / conf_lang may be NULL. Returns 0, or -1 for an unknown value
 * (then French is used). */
int lang_init(const char *cli_lang, const char *conf_lang);
const char *lang_current(void);   /* "fr" or "en" */

#endif
