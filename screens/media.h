/* media.h — the storage media screen of a device (screens/media.c). */
#ifndef BOUCLE_SCREENS_MEDIA_H
#define BOUCLE_SCREENS_MEDIA_H
#include "tui/screen.h"

/* The device detail's request for this screen: far above the detail's own
 * requests (REQ_SCREEN, REQ_SCREEN + 1, …) so that they never meet. */
#define REQ_MEDIA_OPEN (REQ_SCREEN + 90)

/* Opens the storage media of a device (asset id). */
void media_open(const char *device);
/* Action handler for the device detail: opens the media of the device that
 * screen s shows. s->state must start with that Device (as the detail's
 * state does), so the detail needs one action row and no code of its own. */
int media_detail_run(Screen *s, int req);

#endif
