/*
 * guide.h — the guides' screens (screens/guide.c): the list, reached from
 * every help screen, and the viewer of one guide.
 */
#ifndef BOUCLE_SCREENS_GUIDE_H
#define BOUCLE_SCREENS_GUIDE_H

/* Pushes the list of the guides. 0, or -1. */
int guide_screen_list(void);
/* Pushes the viewer of the guide `name` ("grading"), at the heading named
 * anchor when given and found ("laptop"). 0, or -1 after a message on the
 * message line (no such guide). */
int guide_screen_open(const char *name, const char *anchor);

#endif
