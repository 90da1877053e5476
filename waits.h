/* waits.h - the steps that wait: ARPCHECK's probe window, ARPUPDATE's carrier,
 * IPv6 duplicate address detection, LINKDELAY's carrier and a DHCP lease.  Each
 * is a state machine that its caller polls, never a sleep of its own, so that a
 * run over several devices (the service) awaits all of theirs at once: one window
 * for the whole directory instead of one after another. */
#ifndef WAITS_H
#define WAITS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "arp.h"
#include "plan.h"
#include "rtnl.h"

/* How long a new IPv6 address may stay tentative (the kernel's detection takes a
 * second with the default dad_transmits). */
#define DAD_WAIT_S 5
/* How long an ARP exchange or a DHCP client waits for the device's carrier: a
 * bond's comes within a miimon interval or two of its slaves'; without one,
 * nothing would be heard. */
#define ARP_CARRIER_MS 1000
/* How long a device with a carrier may drop every ARP frame before the check or
 * the announcement is given up: an 802.3ad bond has its carrier once a port is
 * selected, but transmits only when the partner's LACPDUs have taken the port
 * through the mux's 2 s wait-while timer to distributing.  A dropped frame is
 * sent again ARP_RESEND_MS later. */
#define ARP_SEND_MS 5000
#define ARP_SEND_TEXT "5 s"
#define ARP_RESEND_MS 100
/* The probes of one window, evenly spaced, the last a quarter of the window before
 * its end: a neighbour whose own link came up with ours (a switch port, a veth's
 * other end) may drop the first answer while the kernel has not yet activated its
 * queues; a later probe still finds it. */
#define ARP_PROBES 4

struct pwait {
	const struct plan *p;
	size_t i, n;			/* its steps: i .. i+n-1 (an ARP exchange's several) */
	const char *prog;
	int phase;
	long long t0, end, again, next;	/* ms of CLOCK_MONOTONIC; next: look again then */
	long long sends_end;		/* ARP: until when a dropped frame is sent again */
	int sent;			/* ARPCHECK: the probes are out (the window runs) */
	size_t k;			/* ARPUPDATE: the addresses announced */
	int fd;				/* the ARP socket, to poll as well; or -1 */
	pid_t child;			/* the DHCP client it awaits, or 0 */
	int ifindex;
	uint8_t mac[6];
	struct arp_probe *v;		/* ARPCHECK: the addresses, and who holds them */
	struct kerr *err;		/* per step: its refusal (err 0: none) */
	char *said;			/* its warnings, a line each (without the
					 * program's name), or NULL */
};

/* Starts the wait of steps i .. i+n-1 of p: 0, then polled until it is over; -1
 * with e when none of them can be made (the device is gone). */
int pwait_start(struct pwait *w, struct knl *k, const struct plan *p, size_t i, size_t n,
		const char *prog, struct kerr *e);
/* Advances it: 1 while it waits (w->next and w->fd say when to look again), 0 once
 * it is over (and after): w->err has each step's outcome, w->said what the legacy
 * scripts only warned about (no carrier, still tentative), which is no refusal. */
int pwait_poll(struct pwait *w, struct knl *k);
/* Sleeps until one of the n waits is due (its time, or its socket readable); not
 * at all when one is over. */
void pwait_sleep(struct pwait *const *v, size_t n);
void pwait_free(struct pwait *w);

/* exec.c's: the ifindex of name now, checked against the one the plan read
 * (pinned, 0 for none); -1 with e. */
int plan_ifindex(struct knl *k, const char *name, int pinned, struct kerr *e);

#endif
