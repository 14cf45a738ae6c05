/*
 * help.h — the help screen, generated from the action tables of the screen
 * it covers and the global table (help_build()), so it always tells the
 * truth about the keys.
 */
#ifndef BOUCLE_TUI_HELP_H
#define BOUCLE_TUI_HELP_H

struct Screen;

/* Pushes the help screen for screen s. */
void help_open(struct Screen *s);

/* The way from every help screen to the guides (screens/guide.c, a layer
 * above): when set, the help screen offers g « Guides », which closes it
 * and calls fn with the screen the help covered (the grading screen opens
 * its category's guide). NULL removes it. */
void help_set_guides(int (*fn)(struct Screen *covered));

#endif
