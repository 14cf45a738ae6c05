/*
 * disks.h — the table of this machine's disks (core/wipe/probe.c) that two
 * screens choose from: the storage media screen's probe (F3) and the nwipe
 * screen. Columns: disk, type, model, serial, capacity; the model gives
 * way first on a narrow terminal.
 */
#ifndef BOUCLE_SCREENS_DISKS_H
#define BOUCLE_SCREENS_DISKS_H
#include "core/wipe/probe.h"
#include <curses.h>

/* What a row shows before its columns ("[x]", "[=]"), and whether it is
 * dimmed; NULL for a table without marks. */
typedef const char *(*DiskMark)(void *arg, int i, int *dim);

/* Draws the header on row y - 1 and the disks on rows y .. y + height - 1,
 * scrolled so that row cur (highlighted) is in sight. */
void scr_disks_draw(WINDOW *w, int y, int height, const ProbedMedium *disks, int n, int cur,
                DiskMark mark, void *arg);

#endif
