/* waits.c - the steps that wait, each a state machine polled by its caller (see
 * waits.h).  The phases of one wait, in order: the device's carrier (ARP, DHCP),
 * the link-local address (DHCPv6), then the probe window, the client's exit, or
 * the address's detection. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/wait.h>
#include <linux/if_addr.h>
#include "dhcp.h"
#include "waits.h"

enum { W_CARRIER, W_LINKLOCAL, W_PROBE, W_ANNOUNCE, W_CHILD, W_KILL, W_POLL, W_OVER };

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* What the wait has to say, kept until its steps are recorded (pwait_said): a run
 * over several devices says each device's in the devices' order, whichever wait
 * ends first. */
static void said(struct pwait *w, const char *fmt, ...)
{
	va_list ap;
	char line[512], *v;
	size_t have = w->said ? strlen(w->said) : 0, n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line);
	if ((v = realloc(w->said, have + n + 2))) {
		memcpy(v + have, line, n);
		strcpy(v + have + n, "\n");
		w->said = v;
	}
}

static const struct step *first(const struct pwait *w)
{
	return &w->p->v[w->i];
}

/* Over, every step with e (a whole exchange that could not be made). */
static int all_refused(struct pwait *w, const struct kerr *e)
{
	for (size_t j = 0; j < w->n; j++)
		w->err[j] = *e;
	return 0;
}

static int again_in(struct pwait *w, long long now, long long ms)
{
	w->next = now + ms;
	return 1;
}

/* A DHCP client's wait is over with e: a refusal when the file makes it fatal, a
 * warning otherwise (the device stays up without a lease). */
static int dhcp_failed(struct pwait *w, const struct kerr *e)
{
	const struct step *s = first(w);
	int fatal = s->slave_opt ? s->stated : s->dhcp->fatal;

	if (fatal)
		return all_refused(w, e);
	said(w, "warning: %s (%s: going on)", e->msg,
		s->slave_opt ? "IPV6_FAILURE_FATAL is not yes" : "IPV4_FAILURE_FATAL=no");
	return 0;
}

static int dhcp_spawned(struct pwait *w, long long now)
{
	const struct step *s = first(w);
	struct kerr e = { 0 };

	if (dhcp_spawn(s->hook, s->dev, s->dhcp, s->slave_opt != 0, &w->child, &e))
		return dhcp_failed(w, &e);
	w->phase = W_CHILD;
	w->end = now + (long long)dhcp_timeout() * 1000;
	return again_in(w, now, 20);
}

static void close_fd(struct pwait *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}

/* ARPUPDATE's announcements, each address's once the device sends it.  The legacy
 * scripts ignore arping's failure: a warning. */
static int poll_announce(struct pwait *w, long long now)
{
	const struct step *s = first(w);
	char a[INET_ADDRSTRLEN];

	for (; w->k < w->n; w->k++) {
		struct in_addr addr = w->p->v[w->i + w->k].addr;
		struct kerr e = { 0 };
		int rc = arp_announce(w->fd, w->ifindex, w->mac, addr, &e);

		if (rc > 0 && now < w->sends_end)
			return again_in(w, now, ARP_RESEND_MS);
		if (rc)
			said(w, "warning: %s: ARPUPDATE of %s: %s: %s%s", s->dev,
			     inet_ntop(AF_INET, &addr, a, sizeof(a)), e.msg, strerror(e.err),
			     rc > 0 ? " (every try for " ARP_SEND_TEXT ")" : "");
	}
	close_fd(w);
	return 0;
}

/* The window is over: each address another host answered for is refused. */
static int probe_done(struct pwait *w)
{
	char a[INET_ADDRSTRLEN];

	close_fd(w);
	for (size_t j = 0; j < w->n; j++) {
		const uint8_t *m = w->v[j].holder;

		if (!w->v[j].taken)
			continue;
		w->err[j].err = EADDRINUSE;
		snprintf(w->err[j].msg, sizeof(w->err[j].msg),
			 "%s is in use on %s's link: %02x:%02x:%02x:%02x:%02x:%02x answers for it (ARPCHECK); not added",
			 inet_ntop(AF_INET, &w->v[j].addr, a, sizeof(a)), first(w)->dev, m[0], m[1], m[2], m[3],
			 m[4], m[5]);
	}
	return 0;
}

/* Sends the probes: 0 when they went out or were dropped (w->again then says when
 * to send them again), -1 with e. */
static int probe_send(struct pwait *w, long long now, struct kerr *e)
{
	int rc = arp_probe_send(w->fd, w->ifindex, w->mac, w->v, w->n, e);

	if (rc < 0)
		return -1;
	w->again = rc ? now + ARP_RESEND_MS : 0;
	return 0;
}

/* When the window's next probe goes out: at its start and each ARP_PROBES-th of it
 * after (counted from the start, so that a late wake-up does not push the last one
 * out); 0, none left (a window too short to space them has one). */
static long long next_probe(const struct pwait *w, long long now)
{
	long long wait = first(w)->wait_ms, gap = wait / ARP_PROBES, start = w->end - wait, k;

	if (!gap)
		return 0;
	k = (now - start) / gap + 1;
	return k < ARP_PROBES ? start + k * gap : 0;
}

static int poll_probe(struct pwait *w, long long now)
{
	const struct step *s = first(w);
	char a[INET_ADDRSTRLEN];
	struct kerr e = { 0 };

	if (arp_probe_read(w->fd, w->ifindex, w->mac, w->v, w->n, &e))
		goto failed;
	if (!w->sent) {
		/* The window begins when the probes are out: nobody could have
		 * answered a dropped one. */
		if (probe_send(w, now, &e))
			goto failed;
		if (w->again) {
			if (now < w->sends_end)
				return again_in(w, now, ARP_RESEND_MS);
			close_fd(w);
			said(w, "warning: %s: the device dropped every ARP probe for " ARP_SEND_TEXT " (%s): ARPCHECK of %s%s not made",
			     s->dev, strerror(e.err), inet_ntop(AF_INET, &s->addr, a, sizeof(a)),
			     w->n > 1 ? " and the others" : "");
			return 0;
		}
		w->sent = 1;
		w->end = now + s->wait_ms;
		w->again = next_probe(w, now);
	}
	/* To the end of the window, so that every address has its answer: one
	 * conflict is reported, but an admin fixing it wants to know of all. */
	if (now >= w->end)
		return probe_done(w);
	if (w->again && now >= w->again) {
		if (probe_send(w, now, &e))
			goto failed;
		if (!w->again)	/* out (else w->again retries it) */
			w->again = next_probe(w, now);
	}
	return again_in(w, now, (w->again && w->again < w->end ? w->again : w->end) - now);
failed:
	close_fd(w);
	return all_refused(w, &e);
}

/* The carrier is there (or never came): what the wait is for begins. */
static int carrier_done(struct pwait *w, int carrier, long long now)
{
	const struct step *s = first(w);
	char a[INET_ADDRSTRLEN];
	struct kerr e = { 0 };

	if (s->kind == STEP_DHCP_START) {
		/* dhclient -6 binds to the link-local address, which must have
		 * finished its detection first. */
		if (!s->slave_opt)
			return dhcp_spawned(w, now);
		w->phase = W_LINKLOCAL;
		w->end = now + DAD_WAIT_S * 1000;
		return again_in(w, now, 0);
	}
	if (!carrier) {
		/* Nobody would hear it: the address goes on unchecked (or
		 * unannounced).  Said when the file asked for the check by name. */
		int stated = 0;

		for (size_t j = 0; j < w->n; j++)
			stated |= w->p->v[w->i + j].stated;
		if (s->kind == STEP_ARPCHECK && stated)
			said(w, "warning: %s: no carrier after %d ms: ARPCHECK of %s%s not made", s->dev, ARP_CARRIER_MS, inet_ntop(AF_INET, &s->addr, a, sizeof(a)),
				w->n > 1 ? " and the others" : "");
		return 0;
	}
	if ((w->fd = arp_open(w->ifindex, &e)) < 0) {
		if (s->kind == STEP_ARPCHECK)
			return all_refused(w, &e);
		said(w, "warning: %s: ARPUPDATE of %s%s: %s: %s", s->dev, inet_ntop(AF_INET, &s->addr, a, sizeof(a)),
		     w->n > 1 ? " and the others" : "", e.msg, strerror(e.err));
		return 0;
	}
	w->sends_end = now + ARP_SEND_MS;
	if (s->kind == STEP_ARP_ANNOUNCE) {
		w->phase = W_ANNOUNCE;
		return poll_announce(w, now);
	}
	w->phase = W_PROBE;
	return poll_probe(w, now);
}

/* The address's detection over: done; dadfailed: refused with the kernel's
 * verdict; still tentative at the bound (no carrier, so no probe went out): a
 * warning. */
static int poll_dad(struct pwait *w, struct knl *k, long long now)
{
	const struct step *s = first(w);
	char a[INET6_ADDRSTRLEN];
	struct kerr e = { 0 };
	struct kaddr6 *v;
	size_t n;
	uint32_t flags = 0;
	int found = 0;

	if (knl_addrs6(k, w->ifindex, &v, &n, &e))
		return all_refused(w, &e);
	for (size_t i = 0; i < n; i++)
		if (!memcmp(&v[i].addr, &s->addr6, 16)) {
			found = 1;
			flags = v[i].flags;
		}
	free(v);
	inet_ntop(AF_INET6, &s->addr6, a, sizeof(a));
	if (!found) {
		e.err = ENOENT;
		snprintf(e.msg, sizeof(e.msg), "%s is gone from %s", a, s->dev);
		return all_refused(w, &e);
	}
	if (flags & IFA_F_DADFAILED) {
		e.err = EADDRINUSE;
		snprintf(e.msg, sizeof(e.msg),
			 "%s: duplicate address detection failed (dadfailed): another host on %s's link has it",
			 a, s->dev);
		return all_refused(w, &e);
	}
	if (!(flags & IFA_F_TENTATIVE))
		return 0;
	if (now >= w->end) {
		said(w, "warning: %s: %s still tentative after %d s (no carrier?): going on", s->dev, a,
		     DAD_WAIT_S);
		return 0;
	}
	return again_in(w, now, 100);
}

/* DHCPv6: the link-local address usable (or the bound reached: dhclient says). */
static int poll_linklocal(struct pwait *w, struct knl *k, long long now)
{
	struct kerr e = { 0 };
	struct kaddr6 *v;
	size_t n;
	int ready = 0;

	if (knl_addrs6(k, w->ifindex, &v, &n, &e))
		return dhcp_failed(w, &e);
	for (size_t i = 0; i < n; i++)
		ready |= IN6_IS_ADDR_LINKLOCAL(&v[i].addr) && !(v[i].flags & IFA_F_TENTATIVE);
	free(v);
	if (ready || now >= w->end)
		return dhcp_spawned(w, now);
	return again_in(w, now, 100);
}

/* The client's exit; at the bound it is stopped (TERM, then KILL 2 s later): a
 * client that does not give up must not hold the run lock for ever. */
static int poll_child(struct pwait *w, long long now)
{
	const struct step *s = first(w);
	struct kerr e = { 0 };
	int status = 0;
	pid_t r = waitpid(w->child, &status, WNOHANG);

	if (r < 0 && errno != EINTR) {
		e.err = errno;
		snprintf(e.msg, sizeof(e.msg), "waiting for %s", s->hook);
		w->child = 0;
		return dhcp_failed(w, &e);
	}
	if (r == w->child || now >= w->end) {
		unsigned killed = 0;

		if (r != w->child && w->phase == W_CHILD) {
			kill(w->child, SIGTERM);
			w->phase = W_KILL;
			w->end = now + 2000;
			return again_in(w, now, 20);
		}
		if (r != w->child) {
			kill(w->child, SIGKILL);
			waitpid(w->child, &status, 0);
		}
		if (w->phase == W_KILL)
			killed = dhcp_timeout();
		w->child = 0;
		if (dhcp_outcome(s->hook, s->dev, s->slave_opt != 0, status, killed, &e))
			return dhcp_failed(w, &e);
		return 0;
	}
	return again_in(w, now, 20);
}

/* 1 if dev is a bridge without a port: it has a carrier (without STP, or with
 * no forward delay, the kernel gives an empty bridge one), and a probe sent on it
 * is heard by nobody.  A bridge is made before its ports join it (start order). */
static int empty_bridge(const char *dev)
{
	char path[64];
	DIR *d;
	struct dirent *de;
	int empty = 1;

	snprintf(path, sizeof(path), "/sys/class/net/%s/brif", dev);
	if (!(d = opendir(path)))
		return 0;
	while (empty && (de = readdir(d)))
		empty = de->d_name[0] == '.';
	closedir(d);
	return empty;
}

/* The carrier as the kernel has it now (netif_carrier_ok): the tracked state hears
 * of a change only when linkwatch sends it.  flags: the tracked state's, when the
 * file cannot be read. */
static int carrier_now(const char *dev, unsigned flags)
{
	char path[64], c = 0;
	int fd;

	if (empty_bridge(dev))
		return 0;
	snprintf(path, sizeof(path), "/sys/class/net/%s/carrier", dev);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return (flags & IFF_LOWER_UP) != 0;
	if (read(fd, &c, 1) != 1)
		c = 0;	/* EINVAL: the device is down */
	close(fd);
	return c == '1';
}

static int poll_carrier(struct pwait *w, struct knl *k, long long now)
{
	const struct step *s = first(w);
	struct klink l;
	struct kerr e = { 0 };

	if (knl_get_link(k, s->dev, &l, &e)) {
		if (s->kind == STEP_WAIT_CARRIER)
			return 0;	/* said by what needs the device */
		return s->kind == STEP_DHCP_START ? dhcp_failed(w, &e) : all_refused(w, &e);
	}
	w->ifindex = l.ifindex;
	memcpy(w->mac, l.addr, 6);
	if (carrier_now(s->dev, l.flags))
		return s->kind == STEP_WAIT_CARRIER ? 0 : carrier_done(w, 1, now);
	if (now >= w->end) {
		/* LINKDELAY: a warning, not a failure: the legacy scripts slept and
		 * went on. */
		if (s->kind == STEP_WAIT_CARRIER) {
			said(w, "warning: %s: no carrier after %u s (LINKDELAY): going on without it", s->dev,
			     s->mtu);
			return 0;
		}
		return carrier_done(w, 0, now);
	}
	return again_in(w, now, s->kind == STEP_WAIT_CARRIER ? 100 : 20);
}

int pwait_start(struct pwait *w, struct knl *k, const struct plan *p, size_t i, size_t n,
		const char *prog, struct kerr *e)
{
	const struct step *s = &p->v[i];
	int idx;

	memset(w, 0, sizeof(*w));
	w->p = p;
	w->i = i;
	w->n = n;
	w->prog = prog;
	w->fd = -1;
	w->t0 = w->next = now_ms();
	if (!(w->err = calloc(n, sizeof(*w->err))) || !(w->v = calloc(n, sizeof(*w->v)))) {
		pwait_free(w);
		e->err = ENOMEM;
		snprintf(e->msg, sizeof(e->msg), "waiting");
		return -1;
	}
	for (size_t j = 0; j < n; j++)
		w->v[j].addr = p->v[i + j].addr;
	if ((idx = plan_ifindex(k, s->dev, s->ifindex, e)) < 0) {
		if (s->kind == STEP_DHCP_START) {
			/* As an unknown device was always: the client's failure. */
			dhcp_failed(w, e);
			w->phase = W_OVER;
			return 0;
		}
		pwait_free(w);
		return -1;
	}
	w->ifindex = idx;
	switch (s->kind) {
	case STEP_WAIT_DAD:
		w->phase = W_POLL;
		w->end = w->t0 + DAD_WAIT_S * 1000;
		break;
	case STEP_WAIT_CARRIER:
		w->phase = W_CARRIER;
		w->end = w->t0 + (long long)s->mtu * 1000;
		break;
	default:
		w->phase = W_CARRIER;
		w->end = w->t0 + ARP_CARRIER_MS;
		break;
	}
	return 0;
}

static int poll_phase(struct pwait *w, struct knl *k, long long now)
{
	switch (w->phase) {
	case W_CARRIER:
		return poll_carrier(w, k, now);
	case W_LINKLOCAL:
		return poll_linklocal(w, k, now);
	case W_PROBE:
		return poll_probe(w, now);
	case W_ANNOUNCE:
		return poll_announce(w, now);
	case W_CHILD:
	case W_KILL:
		return poll_child(w, now);
	case W_POLL:
		return poll_dad(w, k, now);
	default:
		return 0;
	}
}

int pwait_poll(struct pwait *w, struct knl *k)
{
	long long now = now_ms();

	if (w->phase == W_OVER)
		return 0;
	if (now < w->next && !(w->fd >= 0 && w->phase == W_PROBE))
		return 1;
	if (poll_phase(w, k, now))
		return 1;
	w->phase = W_OVER;
	w->next = now;
	return 0;
}

void pwait_sleep(struct pwait *const *v, size_t n)
{
	struct pollfd fds[256];
	long long now = now_ms(), first = -1;
	nfds_t nfd = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i]->phase == W_OVER)
			return;
		if (first < 0 || v[i]->next < first)
			first = v[i]->next;
		/* A probe's socket only: no other is read, so would stay readable. */
		if (v[i]->fd >= 0 && v[i]->phase == W_PROBE && nfd < sizeof(fds) / sizeof(*fds))
			fds[nfd++] = (struct pollfd){ v[i]->fd, POLLIN, 0 };
	}
	if (first > now || nfd)
		poll(fds, nfd, first > now ? (int)(first - now) : 0);
}

void pwait_free(struct pwait *w)
{
	close_fd(w);
	free(w->v);
	free(w->err);
	free(w->said);
	w->said = NULL;
	w->v = NULL;
	w->err = NULL;
}
