/*
 * guide.h — the guides shown from F1 (and by `boucle guide`): plain text
 * files a region can edit, one per subject and language.
 *
 * Where they are looked for, first found wins, file by file (a region may
 * replace one guide and keep the others):
 *   1. $XDG_CONFIG_HOME/boucle/guides/LANG   (else ~/.config/…): this PC
 *   2. /etc/boucle/guides/LANG               the region's copy
 *   3. $BOUCLE_DATADIR/guides/LANG, else DATADIR/guides/LANG (installed)
 *   4. data/guides/LANG beside the running binary (a build tree)
 * A guide missing in LANG is taken in French, then in English.
 *
 * The format (doc/guides.md): UTF-8 text, one file NAME.txt, whose name
 * may start with digits and a dash that order the list ("10-grading.txt"
 * is the guide "grading").
 *   - the first line that is neither blank nor a comment is the title;
 *   - "#" at the start of a line: a comment;
 *   - "== Heading" (3 "=" for a sub-heading); a trailing "{id}" names it,
 *     so that a screen can open the guide at that heading;
 *   - "- item", indented by 2 spaces per level of nesting (4 levels);
 *     lines under an item indented past its dash continue it;
 *   - "| text": a line shown as is (examples, tables), never re-wrapped;
 *   - other lines join into a paragraph, which a blank line ends.
 * Nothing in a file is an error but its size (GUIDE_FILE_MAX, GUIDE_BLOCKS_MAX) and having no
 * title: bytes that are not UTF-8 and control characters are shown as
 * U+FFFD, tabs as spaces, deeper nesting as the deepest level.
 */
#ifndef BOUCLE_CORE_GUIDE_H
#define BOUCLE_CORE_GUIDE_H
#include <stddef.h>
#include "util/err.h"

#define GUIDE_FILE_MAX (1024 * 1024)  /* a guide is read by a person: 1 MB is ~300 pages */
#define GUIDE_BLOCKS_MAX 50000        /* blocks of one guide: more is refused (no guide a person reads has that many) */
#define GUIDE_NEST_MAX 4              /* item levels; deeper ones are shown at this one */
#define GUIDE_NAME_MAX 64
#define GUIDE_TITLE_MAX 256
#define GUIDE_ANCHOR_MAX 32
#define GUIDE_LINES_MAX 200000        /* laid-out lines: bounds a 1 MB guide at width 1 */

typedef enum { GB_PARA, GB_HEAD, GB_ITEM, GB_VERB } GuideBlockKind;

typedef struct GuideBlock {
    GuideBlockKind kind;
    int level;                        /* HEAD 1–2, ITEM 1–GUIDE_NEST_MAX, else 0 */
    char *text;                       /* clean UTF-8, one line (VERB: as written) */
    char anchor[GUIDE_ANCHOR_MAX];    /* HEAD: its {id}, else "" */
} GuideBlock;

typedef struct Guide {
    char title[GUIDE_TITLE_MAX];
    GuideBlock *blocks;
    int n;
} Guide;

/* Parses text[0..len) (any bytes). `source` names it in messages.
 * 0, or -1 with e ("<source>: reason") and nothing allocated. */
int guide_parse(const char *text, size_t len, const char *source, Guide *out, Err *e);
void guide_free(Guide *g);

/* One line of a guide laid out in `width` terminal cells. */
typedef enum { GL_BLANK, GL_TEXT, GL_HEAD, GL_VERB } GuideLineKind;
typedef struct GuideLine {
    GuideLineKind kind;
    int block;                        /* the block it comes from */
    char *text;                       /* at most `width` cells */
} GuideLine;
typedef struct GuideLayout {
    GuideLine *lines;
    int n;
    int width;
} GuideLayout;

/* Word-wraps g into `width` cells (at least 8; less is taken as 8): a blank
 * line between blocks, items indented by level with "- ", verbatim lines
 * cut into pieces of `width` cells. 0, or -1 when out of memory. */
int guide_layout(const Guide *g, int width, GuideLayout *out);
void guide_layout_free(GuideLayout *l);
/* The first line of the heading named anchor, or -1. */
int guide_anchor_line(const Guide *g, const GuideLayout *l, const char *anchor);
/* The first line from `from` (wrapping around once) whose text holds
 * `needle` (ASCII letters compared without case), or -1. */
int guide_search(const GuideLayout *l, const char *needle, int from);

/* A guide found on disk. */
typedef struct GuideEntry {
    char name[GUIDE_NAME_MAX];        /* "grading" */
    char file[GUIDE_NAME_MAX + 8];    /* "10-grading.txt": the list's order */
    char title[GUIDE_TITLE_MAX];
    char path[4096];
} GuideEntry;

/* The folders searched for lang ("fr", "en"), in order (see above); only
 * those that exist. Returns the count (at most max). */
int guide_dirs(const char *lang, char (*dirs)[4096], int max);
/* Every guide of lang (with the French, then English, ones it lacks),
 * sorted by file name; *out malloc'd. Returns the count, or -1 with e when
 * none is found anywhere. */
int guide_list(const char *lang, GuideEntry **out, Err *e);
/* Finds and parses the guide `name` in lang. 0, or -1 with e. */
int guide_load(const char *name, const char *lang, Guide *out, Err *e);
/* Reads and parses one file. 0, or -1 with e. */
int guide_load_file(const char *path, Guide *out, Err *e);

#endif
