/* lot_import.c — the donor's inventory files into a lot. Stub: being written. */
#include "screens/screens.h"
#include "screens/registry.h"
#include "tui/screen.h"
#include "util/i18n.h"

const Action scr_lot_import_actions[] = { { 0 } };

void scr_lot_import_open(const char *lot_id)
{
    screen_flash(CLR_WARN, "%s: not written yet", lot_id);
}
