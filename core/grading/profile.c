/*
 * profile.c — grading profiles (see profile.h and doc/grading-profile.md).
 *
 * The parser reads the file line by line into a Profile being built and
 * frees it all at the first error, so a caller never sees half a profile.
 * Categories and tests are small dynamic arrays grown by doubling.
 */
#include "core/grading/profile.h"
#include "core/stock/device.h"
#include "core/settings/lang.h"
#include "util/path.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A profile file is a few kilobytes; this bounds what a mistaken path (a
 * disk image, a log) can make us read. */
#define PROFILE_FILE_MAX (1024 * 1024)
#define PROFILE_LINE_MAX 1024

typedef struct Parse {
    Profile *p;
    const char *source;
    int line;
    int in_profile;               /* in [profile] */
    int in_caps, in_carbon;       /* in [price_caps], [carbon] */
    ProfileCategory *cat;         /* the category section being read, or NULL */
    Err *e;
} Parse;

static int fail(Parse *P, int line, const char *reason)
{
    profile_free(P->p);
    return err_set(P->e, ERR_INPUT, _("%s, line %d: %s"), P->source, line, reason);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (!n || n >= PROFILE_ID_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
            return 0;
    return 1;
}

/* Splits "a | b | c" into exactly 3 trimmed fields (in place). */
static int split3(char *v, char **f)
{
    for (int i = 0; i < 3; i++) {
        char *bar = i < 2 ? strchr(v, '|') : NULL;
        if (i < 2 && !bar) return -1;
        if (bar) *bar = '\0';
        f[i] = trim(v);
        v = bar ? bar + 1 : v + strlen(v);
    }
    return strchr(f[2], '|') ? -1 : 0;
}

static int set_labels(Parse *P, char *en, char *fr, char *den, char *dfr)
{
    if (!*en || !*fr) return fail(P, P->line, _("a label is empty: give the English and the French label"));
    if (strlen(en) >= PROFILE_LABEL_MAX || strlen(fr) >= PROFILE_LABEL_MAX)
        return fail(P, P->line, _("a label is too long (at most 127 bytes)"));
    snprintf(den, PROFILE_LABEL_MAX, "%s", en);
    snprintf(dfr, PROFILE_LABEL_MAX, "%s", fr);
    return 0;
}

static int on_section(Parse *P, char *name)
{
    P->in_profile = P->in_caps = P->in_carbon = 0;
    P->cat = NULL;
    if (!strcmp(name, "profile")) { P->in_profile = 1; return 0; }
    if (!strcmp(name, "price_caps")) { P->in_caps = 1; return 0; }
    if (!strcmp(name, "carbon")) { P->in_carbon = 1; return 0; }
    int known = 0;
    for (int i = 0; i < CATEGORY_COUNT; i++)
        if (!strcmp(category_key(i), name)) known = 1;
    if (!known)
        return fail(P, P->line, _("unknown section: expected [profile], [price_caps], [carbon] or a category "
                                  "(laptop, desktop, screen, phone, tablet, printer, network, other)"));
    for (int i = 0; i < P->p->ncats; i++)
        if (!strcmp(P->p->cats[i].key, name)) return fail(P, P->line, _("this category appears twice"));
    ProfileCategory *c = realloc(P->p->cats, (size_t)(P->p->ncats + 1) * sizeof *c);
    if (!c) return fail(P, P->line, _("out of memory"));
    P->p->cats = c;
    P->cat = &c[P->p->ncats++];
    memset(P->cat, 0, sizeof *P->cat);
    snprintf(P->cat->key, sizeof P->cat->key, "%s", name);
    return 0;
}

static int on_test(Parse *P, char *id, char *value)
{
    ProfileCategory *c = P->cat;
    char *f[3];
    if (!valid_id(id)) return fail(P, P->line, _("a test id uses a-z, 0-9, _ and - (at most 31)"));
    for (int i = 0; i < c->ntests; i++)
        if (!strcmp(c->tests[i].id, id)) return fail(P, P->line, _("this test is defined twice in its category"));
    if (split3(value, f) < 0) return fail(P, P->line, _("expected \"kind | English label | French label\""));
    ProfileTest t;
    memset(&t, 0, sizeof t);
    snprintf(t.id, sizeof t.id, "%s", id);
    t.line = P->line;
    if (!strcmp(f[0], "pass") || !strcmp(f[0], "passfail")) {
        t.kind = TEST_PASSFAIL;
    } else if (!strncmp(f[0], "percent", 7) && (f[0][7] == '\0' || f[0][7] == ' ')) {
        char *end;
        const char *n = f[0] + 7;
        long v = *n ? strtol(n, &end, 10) : 0;
        if (*n && (*trim(end) || v < 0 || v > 100))
            return fail(P, P->line, _("the minimum of a percentage must be a whole number from 0 to 100"));
        t.kind = TEST_PERCENT;
        t.min = (int)v;
    } else if (!strcmp(f[0], "choice")) {
        t.kind = TEST_CHOICE;
    } else {
        return fail(P, P->line, _("unknown test kind: expected pass, percent N or choice"));
    }
    if (set_labels(P, f[1], f[2], t.en, t.fr) < 0) return -1;
    if (c->ntests >= 64) return fail(P, P->line, _("too many tests in this category (at most 64)"));
    ProfileTest *nt = realloc(c->tests, (size_t)(c->ntests + 1) * sizeof *nt);
    if (!nt) return fail(P, P->line, _("out of memory"));
    c->tests = nt;
    c->tests[c->ntests++] = t;
    return 0;
}

/* What a person may type to skip any test (profile_answer_parse). */
static const char *const SKIP_WORDS[] = { "skip", "s", "-", "na", "n/a", NULL };
static int word_in(const char *v, const char *const *list);

static int on_option(Parse *P, char *key, char *value)
{
    char *dot = strchr(key, '.');
    *dot = '\0';
    const char *tid = key, *oid = dot + 1;
    ProfileTest *t = NULL;
    for (int i = 0; i < P->cat->ntests; i++)
        if (!strcmp(P->cat->tests[i].id, tid)) t = &P->cat->tests[i];
    if (!t || t->kind != TEST_CHOICE)
        return fail(P, P->line, _("an option must follow its choice test (\"test.option\" after \"test = choice | …\")"));
    if (!valid_id(oid)) return fail(P, P->line, _("an option id uses a-z, 0-9, _ and - (at most 31)"));
    /* typed, a skip word skips the test instead of choosing the option, and
     * a recorded "pass" passes any test (profile_answer_passed) */
    if (word_in(oid, SKIP_WORDS) || !strcmp(oid, "pass"))
        return fail(P, P->line, _("an option id cannot be pass, skip, s, - or na: these are answers to any test"));
    for (int i = 0; i < t->nchoices; i++)
        if (!strcmp(t->choices[i].id, oid)) return fail(P, P->line, _("this option is defined twice"));
    char *f[3];
    if (split3(value, f) < 0 || (strcmp(f[0], "pass") && strcmp(f[0], "fail")))
        return fail(P, P->line, _("expected \"pass | English label | French label\" or \"fail | …\""));
    ProfileChoice ch;
    memset(&ch, 0, sizeof ch);
    snprintf(ch.id, sizeof ch.id, "%s", oid);
    ch.pass = !strcmp(f[0], "pass");
    if (set_labels(P, f[1], f[2], ch.en, ch.fr) < 0) return -1;
    if (t->nchoices >= 16) return fail(P, P->line, _("too many options (at most 16)"));
    ProfileChoice *nc = realloc(t->choices, (size_t)(t->nchoices + 1) * sizeof *nc);
    if (!nc) return fail(P, P->line, _("out of memory"));
    t->choices = nc;
    t->choices[t->nchoices++] = ch;
    return 0;
}

/* "180", "180.5", "182.6": a non-negative decimal number with at most
 * `decimals` digits after the point (or comma), as hundredths or tenths.
 * Not strtod: the locale's decimal separator must not matter. */
static int parse_decimal(const char *s, int decimals, long long max, long long *out)
{
    long long v = 0;
    int seen = 0, after = -1;
    for (; *s; s++) {
        if ((*s == '.' || *s == ',') && after < 0 && seen) { after = 0; continue; }
        if (!isdigit((unsigned char)*s)) return -1;
        if (after >= 0 && ++after > decimals) return -1;
        v = v * 10 + (*s - '0');
        seen = 1;
        if (v > max) return -1;
    }
    if (!seen || after == 0) return -1;
    for (int i = after < 0 ? 0 : after; i < decimals; i++) v *= 10;
    *out = v;
    return 0;
}

/* Splits "EN | FR" into two trimmed labels. */
static int on_pair(Parse *P, char *value, char *en, char *fr)
{
    char *bar = strchr(value, '|');
    if (!bar || strchr(bar + 1, '|')) return fail(P, P->line, _("expected \"English | Français\""));
    *bar = '\0';
    return set_labels(P, trim(value), trim(bar + 1), en, fr);
}

static int category_index(const char *key)
{
    for (int i = 0; i < CATEGORY_COUNT; i++)
        if (!strcmp(category_key(i), key)) return i;
    return -1;
}

static int on_cap(Parse *P, char *key, char *value)
{
    Profile *p = P->p;
    if (!strcmp(key, "rule")) return on_pair(P, value, p->cap_rule_en, p->cap_rule_fr);
    int i = category_index(key);
    long long cents;
    if (i < 0 && strcmp(key, "printer_mfp"))
        return fail(P, P->line, _("[price_caps] takes \"rule\", a category or printer_mfp"));
    if (parse_decimal(value, 2, 100000000LL, &cents) < 0)
        return fail(P, P->line, _("a price cap is an amount in euros, such as 180 or 29.90"));
    if (i < 0) p->cap_mfp_cents = cents;
    else p->cap_cents[i] = cents;
    return 0;
}

static int on_carbon(Parse *P, char *key, char *value)
{
    Profile *p = P->p;
    if (!strcmp(key, "source")) return on_pair(P, value, p->carbon_source_en, p->carbon_source_fr);
    int i = category_index(key);
    if (i < 0) return fail(P, P->line, _("[carbon] takes \"source\" or a category"));
    char *f[3];
    long long tenths;
    if (split3(value, f) < 0 || parse_decimal(f[0], 1, 100000000LL, &tenths) < 0)
        return fail(P, P->line, _("a carbon factor is \"kg | English | Français\", such as 182.6 | Laptop | Ordinateur portable"));
    if (set_labels(P, f[1], f[2], p->carbon[i].en, p->carbon[i].fr) < 0) return -1;
    p->carbon[i].kg = (double)tenths / 10.0;
    p->carbon[i].set = 1;
    return 0;
}

static int on_line(Parse *P, char *s)
{
    s = trim(s);
    if (!*s || *s == '#' || *s == ';') return 0;
    if (*s == '[') {
        size_t n = strlen(s);
        if (s[n - 1] != ']') return fail(P, P->line, _("a section line must end with \"]\""));
        s[n - 1] = '\0';
        return on_section(P, trim(s + 1));
    }
    char *eq = strchr(s, '=');
    if (!eq) return fail(P, P->line, _("expected \"key = value\" or \"[section]\""));
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    if (P->in_profile) {
        if (!strcmp(key, "name") && *value && strlen(value) < sizeof P->p->name)
            snprintf(P->p->name, sizeof P->p->name, "%s", value);
        else if (!strcmp(key, "version") && *value && strlen(value) < sizeof P->p->version)
            snprintf(P->p->version, sizeof P->p->version, "%s", value);
        else
            return fail(P, P->line, _("[profile] takes \"name\" and \"version\", not empty, at most 31 bytes"));
        return 0;
    }
    if (P->in_caps) return on_cap(P, key, value);
    if (P->in_carbon) return on_carbon(P, key, value);
    if (!P->cat) return fail(P, P->line, _("this line is outside any section"));
    return strchr(key, '.') ? on_option(P, key, value) : on_test(P, key, value);
}

/* What only the whole file can tell. */
static int check_whole(Parse *P)
{
    Profile *p = P->p;
    int other = 0;
    if (!p->name[0] || !p->version[0])
        return fail(P, P->line, _("the [profile] section with a name and a version is missing"));
    for (int i = 0; i < p->ncats; i++) {
        ProfileCategory *c = &p->cats[i];
        if (!strcmp(c->key, "other")) other = 1;
        if (!c->ntests) return fail(P, P->line, _("a category has no test"));
        for (int j = 0; j < c->ntests; j++) {
            ProfileTest *t = &c->tests[j];
            int passing = 0;
            for (int k = 0; k < t->nchoices; k++) passing += t->choices[k].pass;
            if (t->kind == TEST_CHOICE && (t->nchoices < 2 || !passing))
                return fail(P, t->line, _("a choice test needs at least two options, one of which passes"));
        }
    }
    if (!other) return fail(P, P->line, _("the [other] category is missing: it grades every category the profile does not list"));
    return 0;
}

int profile_parse(const char *text, size_t len, const char *source, Profile *out, Err *e)
{
    Parse P = { .p = out, .source = source ? source : "profile", .e = e };
    char buf[PROFILE_LINE_MAX + 1];
    memset(out, 0, sizeof *out);
    for (int i = 0; i < CATEGORY_COUNT; i++) out->cap_cents[i] = -1;
    out->cap_mfp_cents = -1;
    snprintf(out->source, sizeof out->source, "%s", P.source);
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t l = nl ? (size_t)(nl - (text + i)) : len - i;
        P.line++;
        if (l > PROFILE_LINE_MAX) return fail(&P, P.line, _("the line is too long (at most 1024 bytes)"));
        if (!utf8_clean(text + i, l) && !(l && text[i + l - 1] == '\r' && utf8_clean(text + i, l - 1)))
            return fail(&P, P.line, _("the line is not valid UTF-8 text"));
        memcpy(buf, text + i, l);
        buf[l] = '\0';
        if (P.line == 1 && l >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) memmove(buf, buf + 3, l - 2);  /* BOM */
        if (on_line(&P, buf) < 0) return -1;
        i += l + 1;
    }
    if (P.line == 0) P.line = 1;
    return check_whole(&P);
}

int profile_load(const char *path, Profile *out, Err *e)
{
    memset(out, 0, sizeof *out);
    Err pe = { 0 };
    FILE *f = path_fopen_file(path, &pe);
    if (!f && pe.code) {
        if (e) *e = pe;
        return -1;
    }
    if (!f) return err_set(e, ERR_IO, _("Cannot open the grading profile %s: %s."), path, strerror(errno));
    char *buf = malloc(PROFILE_FILE_MAX + 1);
    if (!buf) { fclose(f); return err_set(e, ERR_INTERNAL, "%s", _("out of memory")); }
    size_t n = fread(buf, 1, PROFILE_FILE_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) { free(buf); return err_set(e, ERR_IO, _("Cannot read the grading profile %s."), path); }
    if (n > PROFILE_FILE_MAX) {
        free(buf);
        return err_set(e, ERR_INPUT, _("The grading profile %s is too large (more than 1 MB)."), path);
    }
    int rc = profile_parse(buf, n, path, out, e);
    free(buf);
    return rc;
}

int profile_load_default(const char *path, Profile *out, Err *e)
{
    char p[PATH_MAX];
    if (path && *path) return profile_load(path, out, e);
    const char *env = getenv("BOUCLE_DATADIR");
    if (env && *env) {
        snprintf(p, sizeof p, "%s/profiles/default.ini", env);
        return profile_load(p, out, e);
    }
    snprintf(p, sizeof p, "%s/profiles/default.ini", DATADIR);
    if (access(p, R_OK) == 0) return profile_load(p, out, e);
    /* A build tree: <top>/build/boucle → <top>/data */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 3; up++) {
            char *sl = strrchr(exe, '/');
            if (!sl) break;
            *sl = '\0';
            snprintf(p, sizeof p, "%s/data/profiles/default.ini", exe);
            if (access(p, R_OK) == 0) return profile_load(p, out, e);
        }
    }
    memset(out, 0, sizeof *out);
    return err_set(e, ERR_IO, _("No grading profile found: install boucle, set BOUCLE_DATADIR or give --profile FILE."));
}

void profile_free(Profile *p)
{
    if (!p) return;
    for (int i = 0; i < p->ncats; i++) {
        for (int j = 0; j < p->cats[i].ntests; j++) free(p->cats[i].tests[j].choices);
        free(p->cats[i].tests);
    }
    free(p->cats);
    p->cats = NULL;
    p->ncats = 0;
}

const ProfileCategory *profile_category(const Profile *p, const char *category)
{
    const ProfileCategory *other = NULL;
    for (int i = 0; i < p->ncats; i++) {
        if (category && !strcmp(p->cats[i].key, category)) return &p->cats[i];
        if (!strcmp(p->cats[i].key, "other")) other = &p->cats[i];
    }
    return other;
}

const ProfileTest *profile_test(const ProfileCategory *c, const char *id)
{
    for (int i = 0; c && i < c->ntests; i++)
        if (!strcasecmp(c->tests[i].id, id)) return &c->tests[i];
    return NULL;
}

const char *profile_test_label(const ProfileTest *t)
{
    return strcmp(lang_current(), "en") ? t->fr : t->en;
}

long long profile_price_cap_cents(const Profile *p, const char *category, int multifunction)
{
    int i = category_index(category ? category : "");
    if (i < 0) return -1;
    if (multifunction && !strcmp(category, "printer") && p->cap_mfp_cents >= 0) return p->cap_mfp_cents;
    return p->cap_cents[i];
}

const char *profile_price_cap_rule(const Profile *p)
{
    return strcmp(lang_current(), "en") ? p->cap_rule_fr : p->cap_rule_en;
}

const ProfileCarbon *profile_carbon(const Profile *p, const char *category)
{
    int i = category_index(category ? category : "");
    return i >= 0 && p->carbon[i].set ? &p->carbon[i] : NULL;
}

const char *profile_carbon_label(const ProfileCarbon *c)
{
    return strcmp(lang_current(), "en") ? c->fr : c->en;
}

const char *profile_carbon_source(const Profile *p)
{
    return strcmp(lang_current(), "en") ? p->carbon_source_fr : p->carbon_source_en;
}

const char *profile_choice_label(const ProfileChoice *ch)
{
    return strcmp(lang_current(), "en") ? ch->fr : ch->en;
}

const char *test_kind_key(TestKind k)
{
    return k == TEST_PERCENT ? "percent" : k == TEST_CHOICE ? "choice" : "passfail";
}

static int word_in(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (!strcasecmp(v, *list)) return 1;
    return 0;
}

int profile_answer_parse(const ProfileTest *t, const char *value, char *out, size_t size, Err *e)
{
    static const char *const PASS[] = { "pass", "ok", "yes", "oui", "p", "y", "o", "1", "true", NULL };
    static const char *const FAIL[] = { "fail", "ko", "no", "non", "f", "n", "0", "false", NULL };
    char v[64];
    snprintf(v, sizeof v, "%s", value ? value : "");
    char *s = trim(v);
    if (word_in(s, SKIP_WORDS)) { snprintf(out, size, "skip"); return 0; }
    switch (t->kind) {
    case TEST_PASSFAIL:
        if (word_in(s, PASS)) { snprintf(out, size, "pass"); return 0; }
        if (word_in(s, FAIL)) { snprintf(out, size, "fail"); return 0; }
        return err_set(e, ERR_USAGE, _("%s: \"%s\" is not an answer: use pass, fail or skip."), profile_test_label(t), s);
    case TEST_PERCENT: {
        char *end;
        errno = 0;
        long n = strtol(s, &end, 10);
        if (*end == '%') end++;
        if (end == s || *end || errno || n < 0 || n > 100)
            return err_set(e, ERR_USAGE, _("%s: \"%s\" is not a percentage from 0 to 100."), profile_test_label(t), s);
        snprintf(out, size, "%ld", n);
        return 0;
    }
    case TEST_CHOICE:
        for (int i = 0; i < t->nchoices; i++)
            if (!strcasecmp(s, t->choices[i].id)) { snprintf(out, size, "%s", t->choices[i].id); return 0; }
        return err_set(e, ERR_USAGE, _("%s: \"%s\" is not one of its options."), profile_test_label(t), s);
    }
    return err_set(e, ERR_INTERNAL, "%s", _("unknown test kind"));
}

int profile_test_measures_battery(const ProfileTest *t)
{
    return t->kind == TEST_PERCENT && !strcmp(t->id, "battery");
}

const char *profile_test_passing_choice(const ProfileTest *t)
{
    for (int i = 0; t->kind == TEST_CHOICE && i < t->nchoices; i++)
        if (t->choices[i].pass) return t->choices[i].id;
    return NULL;
}

int profile_answer_passed(const ProfileTest *t, const char *answer)
{
    if (!answer) return 0;
    /* "pass" on a measure or a choice: what all-pass recorded before it
     * recorded the value or the option (profile.h). */
    if (!strcmp(answer, "pass")) return 1;
    switch (t->kind) {
    case TEST_PASSFAIL: return !strcmp(answer, "pass");
    case TEST_PERCENT: {
        char *end;
        long n = strtol(answer, &end, 10);
        return end != answer && !*end && n >= t->min && n <= 100;
    }
    case TEST_CHOICE:
        for (int i = 0; i < t->nchoices; i++)
            if (!strcmp(answer, t->choices[i].id)) return t->choices[i].pass;
        return 0;
    }
    return 0;
}
