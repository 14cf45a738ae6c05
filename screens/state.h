/*
 * state.h — the change of state of one device (screens/state.c), opened
 * from the device screen.
 */
#ifndef BOUCLE_SCREENS_STATE_H
#define BOUCLE_SCREENS_STATE_H

void scr_state_open(const char *device_id);

#endif
