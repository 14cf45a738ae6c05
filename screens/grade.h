/* grade.h — the grading screen (screens/grade.c). */
#ifndef BOUCLE_SCREENS_GRADE_H
#define BOUCLE_SCREENS_GRADE_H
/* Opens the grading of a device (asset id, serial or tag); 0, or -1 with a
 * flash message. */
int scr_grade_open(const char *id);
#endif
