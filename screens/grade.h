/* grade.h — the grading screen (screens/grade.c). */
#ifndef BOUCLE_SCREENS_GRADE_H
#define BOUCLE_SCREENS_GRADE_H
/* Opens the grading of a device (asset id, serial or tag); 0, or -1 with a
 * flash message. */
int scr_grade_open(const char *id);
struct Screen;
/* Where the grading guide should open for grading screen s: its
 * category's tests ("laptop"…) while they are answered, else the cosmetic
 * grades ("cosmetic"); NULL when s is not the grading screen. */
const char *grade_guide_anchor(const struct Screen *s);
#endif
