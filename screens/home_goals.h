/*
 * home_goals.h — the team goals' lines on the home screen (home_goals.c):
 * nothing unless the workshop switched its goals on (core/goals/goals.h).
 */
#ifndef BOUCLE_HOME_GOALS_H
#define BOUCLE_HOME_GOALS_H
#include <curses.h>
#include "core/goals/goals.h"

typedef struct HomeGoals {
    GoalsView v;
    int ok;             /* v was read (else nothing is drawn) */
} HomeGoals;

/* Reads the week's figures (constant time in the stock). */
void home_goals_load(HomeGoals *g);
/* How many rows the goals take: 0 when off, else 1 to 3. */
int home_goals_rows(const HomeGoals *g);
/* Draws them from row y, column x, in at most cols cells. */
void home_goals_draw(const HomeGoals *g, WINDOW *w, int y, int x, int cols);

#endif
