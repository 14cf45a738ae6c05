/*
 * wipe_screens.h — the screens of issue 3 beyond grading: importing nwipe
 * logs, linking the wipes that matched no device, running nwipe on a disk,
 * and writing a certificate of sanitization. Opened from the home menu, the
 * device detail and the lot list.
 */
#ifndef BOUCLE_WIPE_SCREENS_H
#define BOUCLE_WIPE_SCREENS_H

/* Import nwipe logs; device: asset id every drive goes to, or NULL to
 * match drives to devices by serial. */
void scr_wipe_import_open(const char *device);
/* The wipes that matched no device, linked by hand (scan or asset id). */
void scr_wipe_unassigned_open(void);
/* Run nwipe on a disk of this machine for the device (asset id). */
void scr_wipe_run_open(const char *device);
/* Write the certificate (PDF and JSON) of a device or of a lot. */
void scr_cert_open(const char *id);

#endif
