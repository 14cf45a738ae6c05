/*
 * label_screens.h — the screens of issue 4: printing labels and reading
 * codes from an image file or a webcam. Opened from the home menu, the
 * device detail (print its label) and the lot list (print a lot).
 */
#ifndef BOUCLE_LABEL_SCREENS_H
#define BOUCLE_LABEL_SCREENS_H

enum { PRINT_DEVICE, PRINT_LOT, PRINT_READY };
/* what: PRINT_DEVICE (arg = asset id), PRINT_LOT (arg = lot id) or
 * PRINT_READY (arg NULL: every device made ready today). */
void scr_print_open(int what, const char *arg);
/* printer_settings.c: add a label printer, or change the one named. */
void scr_printer_settings_open(const char *name);
/* Reads the codes of an image file, or of the webcam, and lists the
 * devices they name; Enter opens one. */
void scr_scan_image_open(void);

#endif
