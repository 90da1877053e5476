/* try.h - `network try`: a change put back unless confirmed in time (try.c). */
#ifndef TRY_H
#define TRY_H

#include <stddef.h>

struct tool;

/* Before the first write of a run with --try: refuses when a try is pending, keeps
 * the state the run can change under /run/ifcfg-bond/try and arms the waiter.
 * argv: the command, for the record.  -1 to go on, or an exit code. */
int try_begin(struct tool *t, char *const *argv);
/* After the run (rc its exit code): a failed run is put back at once; else the
 * deadline is set seconds from now.  Returns the exit code. */
int try_end(const char *prog, const char *id, long seconds, int rc);
/* --revert-at ID: the waiter; puts the try back at its deadline unless confirmed. */
int try_wait(const char *prog, const char *id);
/* Puts the pending try (ID's, or any when NULL) back now.  Returns the exit code. */
int try_revert(const char *prog, const char *id, const char *why);
/* A try is pending (bondctl status): 1 with its command and its deadline (seconds
 * since the epoch), 0 when none is. */
int try_pending(char *command, size_t len, long *deadline);
/* --confirm: the pending try is kept.  Returns the exit code. */
int try_confirm(const char *prog);

#endif
