/* media.h — the storage media screen of a device (screens/media.c). */
#ifndef BOUCLE_SCREENS_MEDIA_H
#define BOUCLE_SCREENS_MEDIA_H
#include "tui/screen.h"

/* Opens the storage media of a device (asset id). */
void scr_media_open(const char *device);

#endif
