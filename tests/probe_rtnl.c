/* probe_rtnl.c - guest-side probe: every rtnl.c call against the real kernel, with readback. */
#define _GNU_SOURCE	/* strerrorname_np */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include "rtnl.h"

/*
 * Usage: probe_rtnl COMMAND... (each COMMAND one argument, words split on blanks)
 *
 *   create BOND [opt=value...]      knl_bond_create with every given option
 *   change BOND opt=value...        knl_bond_change (primary/active_slave by name,
 *                                   "arp_ip_target=" clears the list)
 *   check BOND opt=value...         kstate_read and knl_get_link both report exactly
 *                                   these values
 *   slave DEV queue_id=N prio=N ... knl_slave_change
 *   up DEV | down DEV | master DEV BOND | nomaster DEV
 *   mtu DEV N | mac DEV xx:xx:xx:xx:xx:xx | del DEV
 *   addr add|del DEV A.B.C.D/P | route add|del DEV GW
 *   get DEV                         knl_get_link alone (refusals testable: ENODEV)
 *   show DEV | state | writes
 *   !ERRNAME COMMAND                the command must fail with that errno (EACCES ...)
 *                                   and the kernel's extack text must be non-empty
 *   ?ERRNAME COMMAND                same, the text may be empty
 *
 * Output: one line per fact, "ok: ..." per successful command; exit 0 when every
 * command did what it should, 1 on a usage error, 2 on a failed command.
 */

#define MAXW 64
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000	/* <linux/if.h>, which clashes with <net/if.h> */
#endif

static struct knl *k;

static int ifindex_of(const char *name)
{
	struct klink l;
	struct kerr e;

	if (knl_get_link(k, name, &l, &e) < 0) {
		fprintf(stderr, "probe_rtnl: %s: %s\n", name, strerror(e.err));
		return -1;
	}
	return l.ifindex;
}

static const char *errname(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "E?";
}

static void print_mac(const char *key, const uint8_t *m, int n)
{
	int i;

	printf(" %s=", key);
	for (i = 0; i < n; i++)
		printf("%s%02x", i ? ":" : "", m[i]);
}

/* Formats one option of o the way "check" and "show" take it. */
static const char *fmt_opt(const struct bond_opts *o, const struct bond_opt *r, char *buf,
			   size_t len)
{
	char a[INET6_ADDRSTRLEN];
	size_t used = 0;
	unsigned i;

	buf[0] = '\0';
	switch (r->type) {
	case BOT_ENUM:
	case BOT_UINT:
		snprintf(buf, len, "%u", o->num[r->id]);
		break;
	case BOT_IFNAME:
		snprintf(buf, len, "%s", r->id == BOPT_PRIMARY ? o->primary : o->active_slave);
		break;
	case BOT_IP4LIST:
		for (i = 0; i < o->n_arp_ip_target && used < len; i++) {
			inet_ntop(AF_INET, &o->arp_ip_target[i], a, sizeof(a));
			used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "", a);
		}
		break;
	case BOT_IP6LIST:
		for (i = 0; i < o->n_ns_ip6_target && used < len; i++) {
			inet_ntop(AF_INET6, &o->ns_ip6_target[i], a, sizeof(a));
			used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "", a);
		}
		break;
	case BOT_MAC:
		snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", o->ad_actor_system[0],
			 o->ad_actor_system[1], o->ad_actor_system[2], o->ad_actor_system[3],
			 o->ad_actor_system[4], o->ad_actor_system[5]);
		break;
	default:
		break;
	}
	return buf;
}

static const char *link_name(const struct kstate *ks, int ifindex)
{
	const struct klink *l = kstate_link_by_index(ks, ifindex);

	return l ? l->name : "?";
}

static void print_link(const struct klink *l, const struct kstate *ks)
{
	char buf[1024];
	size_t i;

	printf("link %s ifindex=%d kind=%s slave_kind=%s up=%d lower_up=%d mtu=%u", l->name,
	       l->ifindex, l->kind[0] ? l->kind : "-", l->slave_kind[0] ? l->slave_kind : "-",
	       !!(l->flags & IFF_UP), !!(l->flags & IFF_LOWER_UP), l->mtu);
	print_mac("mac", l->addr, l->addr_len);
	printf(" master=%s carrier_changes=%u\n",
	       l->master ? (ks ? link_name(ks, l->master) : "?") : "-", l->carrier_changes);
	if (l->has_bond) {
		printf("bond %s", l->name);
		for (i = 0; i < BOPT_COUNT; i++) {
			const struct bond_opt *r = &bond_opt_table[i];

			if (BOND_HAS(&l->bond, r->id))
				printf(" %s=%s", r->name, fmt_opt(&l->bond, r, buf, sizeof(buf)));
		}
		printf("\n");
	}
	if (l->has_slave) {
		printf("slave %s state=%u mii_status=%u link_failure_count=%u", l->name,
		       l->slave.state, l->slave.mii_status, l->slave.link_failure_count);
		print_mac("perm_hwaddr", l->slave.perm_hwaddr, 6);
		for (i = 0; i < BSOPT_COUNT; i++) {
			const struct bond_slave_opt *r = &bond_slave_opt_table[i];

			if (l->slave.has & (1u << r->id))
				printf(" %s=%lld", r->name, (long long)l->slave.opt[r->id]);
		}
		printf("\n");
	}
}

/* Parses opt=value words into o; primary/active_slave names become ifindexes. */
static int parse_opts(char **w, int n, struct bond_opts *o, uint64_t *mask)
{
	int i;

	memset(o, 0, sizeof(*o));
	*mask = 0;
	for (i = 0; i < n; i++) {
		char *eq = strchr(w[i], '='), err[256];
		const struct bond_opt *r;

		if (!eq) {
			fprintf(stderr, "probe_rtnl: %s: expected opt=value\n", w[i]);
			return -1;
		}
		*eq = '\0';
		r = bond_opt_by_name(w[i]);
		if (!r) {
			fprintf(stderr, "probe_rtnl: %s: unknown option\n", w[i]);
			return -1;
		}
		*mask |= 1ull << r->id;
		/* An empty value is "none": an empty target list or no primary. */
		if (!eq[1]) {
			o->has |= 1ull << r->id;
			continue;
		}
		if (bond_opt_parse_value(r, eq + 1, o, err, sizeof(err)) < 0) {
			fprintf(stderr, "probe_rtnl: %s=%s: %s\n", w[i], eq + 1, err);
			return -1;
		}
	}
	return 0;
}

static int resolve_ifnames(struct bond_opts *o)
{
	size_t i;

	for (i = 0; i < BOPT_COUNT; i++) {
		const struct bond_opt *r = &bond_opt_table[i];
		const char *name = r->id == BOPT_PRIMARY ? o->primary : o->active_slave;
		int idx = 0;

		if (r->nla_type != BNLA_IFINDEX || !BOND_HAS(o, r->id))
			continue;
		if (name[0] && (idx = ifindex_of(name)) < 0)
			return -1;
		o->num[r->id] = (uint32_t)idx;
	}
	return 0;
}

static int compare_opts(const char *what, const struct bond_opts *want,
			const struct bond_opts *got)
{
	char a[1024], b[1024];
	size_t i;
	int bad = 0;

	for (i = 0; i < BOPT_COUNT; i++) {
		const struct bond_opt *r = &bond_opt_table[i];

		if (!BOND_HAS(want, r->id))
			continue;
		fmt_opt(want, r, a, sizeof(a));
		if (!BOND_HAS(got, r->id)) {
			printf("MISMATCH %s: %s: not reported (want %s)\n", what, r->name, a);
			bad = 1;
		} else if (strcmp(a, fmt_opt(got, r, b, sizeof(b)))) {
			printf("MISMATCH %s: %s=%s (want %s)\n", what, r->name, b, a);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

static int cmd_check(char **w, int n)
{
	struct bond_opts want;
	struct kstate ks;
	struct klink *one;
	const struct klink *l;
	struct kerr e;
	uint64_t mask;
	int ret = 2;

	if (n < 2 || parse_opts(w + 2, n - 2, &want, &mask) < 0)
		return -1;
	one = malloc(sizeof(*one));
	if (!one)
		return -1;
	if (kstate_read(k, &ks, &e) < 0) {
		printf("FAIL kstate_read: %s: %s\n", errname(e.err), e.msg);
		goto out_free_one;
	}
	l = kstate_link(&ks, w[1]);
	if (!l || !l->has_bond) {
		printf("FAIL %s: no bond in kstate_read\n", w[1]);
		goto out_free_state;
	}
	if (knl_get_link(k, w[1], one, &e) < 0) {
		printf("FAIL knl_get_link %s: %s: %s\n", w[1], errname(e.err), e.msg);
		goto out_free_state;
	}
	if (compare_opts("kstate_read", &want, &l->bond) == 0 &&
	    compare_opts("knl_get_link", &want, &one->bond) == 0 &&
	    memcmp(&l->bond, &one->bond, sizeof(one->bond)) == 0)
		ret = 0;
	else if (memcmp(&l->bond, &one->bond, sizeof(one->bond)))
		printf("MISMATCH kstate_read and knl_get_link disagree\n");
out_free_state:
	kstate_free(&ks);
out_free_one:
	free(one);
	return ret;
}

static int cmd_show(const char *name)
{
	struct kstate ks;
	const struct klink *l;
	struct kerr e;
	size_t i;
	char a[INET_ADDRSTRLEN];

	if (kstate_read(k, &ks, &e) < 0) {
		printf("FAIL kstate_read: %s: %s\n", errname(e.err), e.msg);
		return -1;
	}
	for (i = 0; i < ks.nlinks; i++) {
		l = &ks.links[i];
		if (!name || !strcmp(l->name, name))
			print_link(l, &ks);
	}
	for (i = 0; i < ks.naddrs; i++) {
		l = kstate_link_by_index(&ks, ks.addrs[i].ifindex);
		if (name && (!l || strcmp(l->name, name)))
			continue;
		inet_ntop(AF_INET, &ks.addrs[i].addr, a, sizeof(a));
		printf("addr %s %s/%u\n", l ? l->name : "?", a, ks.addrs[i].prefix);
	}
	for (i = 0; i < ks.nroutes; i++) {
		l = kstate_link_by_index(&ks, ks.routes[i].ifindex);
		if (name && (!l || strcmp(l->name, name)))
			continue;
		inet_ntop(AF_INET, &ks.routes[i].gw, a, sizeof(a));
		printf("route default via %s dev %s metric %u\n", a, l ? l->name : "?",
		       ks.routes[i].metric);
	}
	kstate_free(&ks);
	return 0;
}

static int cmd_slave(char **w, int n, struct kerr *e)
{
	int64_t opt[BSOPT_COUNT] = { 0 };
	unsigned mask = 0;
	int i, idx;
	size_t j;

	if (n < 2 || (idx = ifindex_of(w[1])) < 0)
		return -1;
	for (i = 2; i < n; i++) {
		char *eq = strchr(w[i], '=');

		if (eq)
			*eq = '\0';
		for (j = 0; j < BSOPT_COUNT; j++)
			if (eq && !strcmp(bond_slave_opt_table[j].name, w[i]))
				break;
		if (j == BSOPT_COUNT) {
			fprintf(stderr, "probe_rtnl: %s: unknown slave option\n", w[i]);
			return -1;
		}
		opt[bond_slave_opt_table[j].id] = strtoll(eq + 1, NULL, 0);
		mask |= 1u << bond_slave_opt_table[j].id;
	}
	return knl_slave_change(k, idx, mask, opt, e) < 0 ? 1 : 0;
}

/* Runs one command: 0 done, 1 the kernel (or libnl) refused it (e set), 2 a check
 * failed (already printed), -1 usage. */
static int run(char **w, int n, struct kerr *e)
{
	struct bond_opts o;
	struct in_addr a;
	uint64_t mask;
	int idx = 0, m, r;
	unsigned mac[6], pfx;
	uint8_t mac8[6];
	char ip[32];

	memset(e, 0, sizeof(*e));
	if (n < 1)
		return -1;
	if (!strcmp(w[0], "state") || !strcmp(w[0], "show"))
		return cmd_show(n > 1 ? w[1] : NULL) < 0 ? -1 : 0;
	if (!strcmp(w[0], "writes")) {
		printf("writes %u\n", knl_writes(k));
		return 0;
	}
	if (!strcmp(w[0], "get") && n == 2) {
		struct klink *l = malloc(sizeof(*l));

		if (!l)
			return -1;
		r = knl_get_link(k, w[1], l, e);
		if (r == 0)
			print_link(l, NULL);
		free(l);
		return r < 0 ? 1 : 0;
	}
	if (!strcmp(w[0], "check"))
		return cmd_check(w, n);
	if (!strcmp(w[0], "slave"))
		return cmd_slave(w, n, e);
	if (n < 2)
		return -1;
	if (!strcmp(w[0], "create")) {
		if (parse_opts(w + 2, n - 2, &o, &mask) < 0 || resolve_ifnames(&o) < 0)
			return -1;
		return knl_bond_create(k, w[1], &o, mask, e) < 0 ? 1 : 0;
	}
	if ((!strcmp(w[0], "addr") || !strcmp(w[0], "route")) && n == 4) {
		if ((idx = ifindex_of(w[2])) < 0)
			return -1;
		if (!strcmp(w[0], "route")) {
			if (inet_pton(AF_INET, w[3], &a) != 1)
				return -1;
			return knl_route_default(k, !strcmp(w[1], "add"), idx, a, 0,
						 (struct in_addr){ 0 }, e) < 0 ? 1 : 0;
		}
		if (sscanf(w[3], "%31[0-9.]/%u", ip, &pfx) != 2 || inet_pton(AF_INET, ip, &a) != 1)
			return -1;
		return knl_addr(k, !strcmp(w[1], "add"), idx, a, (uint8_t)pfx, (struct in_addr){ 0 },
				0, NULL, e) < 0 ? 1 : 0;
	}
	if ((idx = ifindex_of(w[1])) < 0)
		return -1;
	if (!strcmp(w[0], "change")) {
		if (parse_opts(w + 2, n - 2, &o, &mask) < 0 || resolve_ifnames(&o) < 0)
			return -1;
		r = knl_bond_change(k, idx, &o, mask, e);
	} else if (!strcmp(w[0], "up") || !strcmp(w[0], "down")) {
		r = knl_link_set_up(k, idx, w[0][0] == 'u', e);
	} else if (!strcmp(w[0], "master") && n == 3) {
		if ((m = ifindex_of(w[2])) < 0)
			return -1;
		r = knl_link_set_master(k, idx, m, e);
	} else if (!strcmp(w[0], "nomaster")) {
		r = knl_link_set_master(k, idx, 0, e);
	} else if (!strcmp(w[0], "mtu") && n == 3) {
		r = knl_link_set_mtu(k, idx, (uint32_t)strtoul(w[2], NULL, 0), e);
	} else if (!strcmp(w[0], "mac") && n == 3) {
		if (sscanf(w[2], "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1], &mac[2], &mac[3],
			   &mac[4], &mac[5]) != 6)
			return -1;
		for (m = 0; m < 6; m++)
			mac8[m] = (uint8_t)mac[m];
		r = knl_link_set_mac(k, idx, mac8, e);
	} else if (!strcmp(w[0], "del")) {
		r = knl_link_delete(k, idx, e);
	} else {
		return -1;
	}
	return r < 0 ? 1 : 0;
}

static int split(char *s, char **w)
{
	int n = 0;
	char *save, *t;

	for (t = strtok_r(s, " \t", &save); t && n < MAXW; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	return n;
}

int main(int argc, char **argv)
{
	struct kerr e;
	int i, status = 0;

	if (knl_open(&k, &e) < 0) {
		fprintf(stderr, "probe_rtnl: knl_open: %s: %s\n", strerror(e.err), e.msg);
		return 2;
	}
	for (i = 1; i < argc && status == 0; i++) {
		char *copy = strdup(argv[i]), *w[MAXW], *cmd;
		const char *want = NULL;
		int n, r, need_text = 0;

		if (!copy) {
			status = 2;
			break;
		}
		cmd = copy;
		if (cmd[0] == '!' || cmd[0] == '?') {
			need_text = cmd[0] == '!';
			want = cmd + 1;
			cmd = strchr(cmd, ' ');
			if (!cmd) {
				free(copy);
				status = 1;
				break;
			}
			*cmd++ = '\0';
		}
		n = split(cmd, w);
		r = run(w, n, &e);
		if (r == 2) {
			status = 2;
		} else if (r < 0) {
			fprintf(stderr, "probe_rtnl: %s: usage or read failure\n", argv[i]);
			status = 1;
		} else if (want && r == 0) {
			printf("FAIL %s: accepted, expected %s\n", argv[i], want);
			status = 2;
		} else if (want && (strcmp(errname(e.err), want) || (need_text && !e.msg[0]))) {
			printf("FAIL %s: got %s \"%s\", expected %s%s\n", argv[i], errname(e.err),
			       e.msg, want, need_text ? " with text" : "");
			status = 2;
		} else if (want) {
			printf("ok: %s: refused %s (%d) \"%s\"\n", argv[i], errname(e.err), e.err,
			       e.msg);
		} else if (r) {
			printf("FAIL %s: %s (%d) \"%s\"\n", argv[i], errname(e.err), e.err, e.msg);
			status = 2;
		} else {
			printf("ok: %s\n", argv[i]);
		}
		free(copy);
	}
	knl_close(k);
	return status;
}
