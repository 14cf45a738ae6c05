/*
 * form.h — forms of text, number and choice fields.
 *
 * A Form is an array of FormField (declared by the screen: kind, label,
 * width, validator) plus the editing state. Text is edited as wide
 * characters, so the cursor moves by character and the box scrolls by
 * display width (wcwidth): "Élodie" and "東芝" edit correctly.
 *
 * Keys: printable characters edit the focused field (a form takes every
 * printable key, so "q" or "/" typed in a field never quit or search);
 * Left/Right/Home/End/Backspace/Del/^U edit; Left/Right/Space cycle a choice;
 * Tab/Down and Shift-Tab/Up move between fields; Enter validates every
 * field and, when all are valid, returns FORM_SUBMIT. A field's validator
 * runs when the focus leaves it; its message is drawn under the field.
 */
#ifndef BOUCLE_TUI_FORM_H
#define BOUCLE_TUI_FORM_H
#include <curses.h>
#include <stddef.h>
#include <wchar.h>
#include "tui/keys.h"

#define FORM_TEXT_MAX 256          /* characters in a field */
#define FORM_SUBMIT   0x100        /* returned with TUI_HANDLED on Enter */

typedef enum { FIELD_TEXT, FIELD_NUMBER, FIELD_CHOICE } FieldKind;

/* Returns NULL when value is fine, else a translated message. */
typedef const char *(*FieldValidate)(const char *value, void *ctx);

typedef struct FormField {
    FieldKind kind;
    const char *label;             /* N_() */
    int width;                     /* columns of the box */
    int required;                  /* empty is an error */
    long min, max;                 /* FIELD_NUMBER range, when min < max */
    const char *const *choices;    /* FIELD_CHOICE: N_() labels, NULL-ended */
    FieldValidate validate;        /* extra check, or NULL */
    int secret;                    /* FIELD_TEXT shown as one * a character (a password) */
    /* editing state */
    wchar_t text[FORM_TEXT_MAX + 1];
    int len, cur, scroll;          /* characters; cursor; first shown */
    int choice;                    /* FIELD_CHOICE: index */
    char msg[256];                 /* validation message, "" when valid */
} FormField;

typedef struct Form {
    FormField *fields;
    int n;
    int focus;                     /* focused field */
    void *ctx;                     /* passed to validators */
    int label_width;               /* columns for labels */
} Form;

void form_init(Form *f, FormField *fields, int n, void *ctx);
/* Handles one key; returns TUI_* flags, with FORM_SUBMIT on a valid Enter. */
int form_handle(Form *f, Key k);
/* What Enter does, for a screen's "save" action (Enter or F2 in its
 * table): validates every field; returns TUI_HANDLED | FORM_SUBMIT when
 * all are valid, else TUI_HANDLED with the focus on the first invalid one. */
int form_submit(Form *f);
/* Validates every field (messages set); returns the index of the first
 * invalid field, or -1 when all are valid. */
int form_validate(Form *f);
/* Text of field i as UTF-8 into buf; returns buf. */
const char *form_text(const Form *f, int i, char *buf, size_t n);
/* Replaces the text of field i (UTF-8), cursor at the end. */
void form_set_text(Form *f, int i, const char *utf8);
/* Value of a number field (0 when empty). */
long form_number(const Form *f, int i);
/* Moves the focus to field i. */
void form_focus(Form *f, int i);
/* Draws the form at row y of w: two rows per field (box, message). */
void form_draw(Form *f, WINDOW *w, int y, int x);

#endif
