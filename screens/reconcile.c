/* reconcile.c — a lot against its donor's inventory. Stub: being written. */
#include "screens/screens.h"
#include "screens/registry.h"
#include "tui/screen.h"
#include "util/i18n.h"

const Action scr_reconcile_actions[] = { { 0 } };

void scr_reconcile_open(const char *lot_id)
{
    screen_flash(CLR_WARN, "%s: not written yet", lot_id);
}
