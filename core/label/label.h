/*
 * label.h — what a device label holds and where each thing goes on it.
 *
 * A label is built in three steps, all without a database:
 *   1. LabelData: plain facts (asset id, category, model, grade, RAM,
 *      storage, wipe status, claim, workshop, optional serial), already in
 *      the user's language;
 *   2. LabelTemplate: the stock (size in mm, printer dpi) and a box per
 *      element, built in (62x29, 50x25, 57x32) or read from a file
 *      (format in doc/labels.md);
 *   3. label_build() lays the facts out on the template, in printer dots,
 *      and checks legibility: it refuses (ERR_INPUT, clear message) a label
 *      whose QR module would be smaller than LABEL_MIN_MODULE_DOTS, whose
 *      QR payload needs a version above LABEL_QR_MAX_VERSION, or whose text
 *      does not fit at LABEL_MIN_TEXT_PT. A Label that was built is legible.
 * The renderers (core/label/label_render.h) draw a built Label; they never
 * re-layout, so every output shows the same pixels.
 *
 * Invariants of a built Label: qr[] holds qr_width² modules (1 = dark),
 * the symbol plus its 4-module quiet zone lies inside the QR box, every
 * text fits its box at font_px ≥ the minimum, all in whole printer dots.
 */
#ifndef BOUCLE_LABEL_H
#define BOUCLE_LABEL_H
#include <stddef.h>
#include "util/err.h"

/* Version 3 (29×29 modules) at ECC M holds 42 bytes or 61 upper-case
 * characters; with the 4-module quiet zone that is 37 modules, 5 dots each
 * (0.63 mm) in a 24 mm box at 203 dpi: legible on a 25 mm label. */
#define LABEL_QR_MAX_VERSION 3
#define LABEL_QR_QUIET 4          /* modules of white around the symbol (ISO 18004) */
#define LABEL_BAR_QUIET 10        /* Code 128 quiet zone, modules, each side */
/* A module of one dot prints as a smear on a thermal head (dot gain): two
 * dots is the smallest that scanners read reliably. */
#define LABEL_MIN_MODULE_DOTS 2
/* 5 pt is the smallest type that stays readable on a thermal label. */
#define LABEL_MIN_TEXT_PT 5.0
#define LABEL_PAYLOAD_MAX 128
#define LABEL_TEXT_MAX 256
#define LABEL_FONT "DejaVu Sans"

/* The facts on a label; NULL or "" fields are left off. Strings are UTF-8,
 * already translated (category label, wipe status, claim). */
typedef struct LabelData {
    const char *asset_id;    /* required, e.g. "GRE1-000123" */
    const char *category;    /* "Portable" */
    const char *make;        /* "Lenovo" */
    const char *model;       /* "ThinkPad T480" */
    const char *grade;       /* cosmetic grade "A".."D" */
    const char *ram;         /* "8 GB" */
    const char *storage;     /* "256 GB SSD", "256 GB SSD + 1 TB HDD" */
    const char *storage_short; /* "1.3 TB": printed instead when the specs line does not fit (optional) */
    const char *wipe;        /* "effacé (purge)" */
    const char *claim;       /* "reconditionné" / "d'occasion" */
    const char *workshop;    /* workshop name */
    const char *serial;      /* manufacturer serial, for the Code 128 */
} LabelData;

typedef struct LabelOptions {
    const char *url_prefix;  /* QR payload = url_prefix + asset id; NULL/"" = id alone */
    int code128;             /* 1: add the serial as Code 128 (template needs a barcode box) */
} LabelOptions;

/* Elements a template may place. */
typedef enum {
    LE_QR, LE_ID, LE_MODEL, LE_SPECS, LE_STATUS, LE_WORKSHOP, LE_BARCODE, LE__COUNT
} LabelElem;
const char *label_elem_key(LabelElem el);   /* "qr", "id", "model", … */

typedef struct LabelBox {
    int on;                  /* the template places this element */
    double x, y, w, h;       /* mm from the top-left corner; QR: w == h */
} LabelBox;

typedef struct LabelTemplate {
    char name[64];
    double width_mm, height_mm;
    int dpi;                 /* printer resolution, dots per inch */
    LabelBox box[LE__COUNT];
} LabelTemplate;

/* Built-in templates: i = 0.. until NULL. */
const char *label_template_builtin_name(int i);
/* 1 found (out filled), 0 not a built-in name. Accepts "62x29" and "62×29". */
int label_template_builtin(const char *name, LabelTemplate *out);
/* Parses a template file's text (origin names it in messages). 0 / -1. */
int label_template_parse(const char *text, const char *origin, LabelTemplate *out, Err *e);
int label_template_load(const char *path, LabelTemplate *out, Err *e);
/* A built-in name, else a file path. NULL or "" = the default (62x29). */
int label_template_find(const char *name_or_path, LabelTemplate *out, Err *e);

/* One line of text placed on the label (dots). */
typedef struct LabelText {
    LabelElem elem;
    int bold;
    double x, y, w, h;       /* the box */
    double font_px;          /* chosen em size, ≥ the minimum */
    double baseline;         /* y of the (first) baseline */
    double baseline2;        /* y of the second line's baseline */
    char text[LABEL_TEXT_MAX];   /* the whole text */
    int split;               /* 0: one line; else the second line starts at text[split] */
} LabelText;

typedef struct Label {
    LabelTemplate t;
    int width_dots, height_dots;
    char asset_id[64];
    char payload[LABEL_PAYLOAD_MAX];
    /* QR */
    int qr_version;
    int qr_width;            /* modules per side, without quiet zone */
    unsigned char *qr;       /* qr_width * qr_width, 1 = dark */
    int qr_x, qr_y;          /* dots, top-left of the quiet zone */
    int qr_module;           /* dots per module */
    /* Code 128 (bar_count == 0: none) */
    unsigned char bars[256]; /* element widths in modules, bar first */
    int bar_count;
    int bar_x, bar_y, bar_h, bar_module; /* dots; bar_x is the first bar */
    /* text */
    LabelText text[LE__COUNT];
    int ntext;
} Label;

/* Lays out d on t. 0, or -1 with e (ERR_INPUT when illegible or the data
 * do not fit; the message says what and what to do). Free with label_free. */
int label_build(const LabelData *d, const LabelTemplate *t, const LabelOptions *o,
                Label *out, Err *e);
void label_free(Label *l);

/* The QR payload for an asset id (url_prefix may be NULL). 0 / -1 when
 * longer than LABEL_PAYLOAD_MAX. */
int label_payload(const char *asset_id, const char *url_prefix, char *out, size_t size, Err *e);

#endif
