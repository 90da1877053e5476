/* rtnl.c - the one rtnetlink socket: state dumps, and each change with the kernel's own words. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/if_addr.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/socket.h>
#include <netlink/handlers.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include "ethtool_opts.h"
#include "rtnl.h"

/* Attribute numbers are fixed ABI; the build host's <linux/if_link.h> may predate
 * the newest IFLA_BOND_* names, so the bond and slave maxima are ours. */
#define KNL_BOND_ATTR_MAX	63	/* room above IFLA_BOND_LACP_STRICT (34) */
#define KNL_SLAVE_ATTR_MAX	31	/* room above IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE */
#define KNL_SLAVE_STATE		1
#define KNL_SLAVE_MII_STATUS	2
#define KNL_SLAVE_LINK_FAILURE	3
#define KNL_SLAVE_PERM_HWADDR	4
#define KNL_SLAVE_AD_AGGREGATOR	6	/* u16 */
#define KNL_SLAVE_AD_ACTOR	7	/* u8, AD_STATE_* */
#define KNL_SLAVE_AD_PARTNER	8	/* u16 */
#define KNL_BOND_AD_INFO	23	/* nest of IFLA_BOND_AD_INFO_* */
#define KNL_AD_INFO_AGGREGATOR	1
#define KNL_AD_INFO_NUM_PORTS	2
#define KNL_AD_INFO_PARTNER_MAC	5
#define KNL_AD_INFO_MAX		5
#define KNL_IFLA_PERM_ADDRESS	54	/* Linux 5.5 */
#define KNL_IFLA_MAX		54	/* IFLA_PERM_ADDRESS, the highest we read */
#define KNL_INFO_MAX		5	/* IFLA_INFO_SLAVE_DATA */
#define KNL_ERRATTR_MSG		1	/* NLMSGERR_ATTR_MSG */
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED		0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS		0x200
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif

#define KNL_SOCKBUF		(1 << 20)
#define KNL_DUMP_TRIES		5

struct knl {
	struct nl_sock *sk;
	struct nl_cb *cb;
	unsigned writes, requests;
	struct nl_sock *mon;	/* listens to the link and IPv4 groups (knl_track) */
	struct nl_sock *gen;	/* generic netlink, for ethtool (opened when first needed) */
	int ethtool_family;	/* its id, 0 until resolved */
	struct kstate *live;	/* kept current from mon's notifications */
	int stale;		/* notifications were lost: live needs a new dump */
};

static void notified(struct knl *k, struct nlmsghdr *nlh);

/* One request in flight: its sequence number, how it ended, and who parses replies. */
struct knl_req {
	struct knl *k;
	uint32_t seq;
	int done;
	int err;		/* positive errno from NLMSG_ERROR */
	int cb_err;		/* positive errno raised while parsing a reply */
	int intr;		/* a dump reply carried NLM_F_DUMP_INTR */
	char msg[sizeof(((struct kerr *)0)->msg)];
	int (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
};

static int kerr_set(struct kerr *e, int err, const char *msg)
{
	if (e) {
		e->err = err;
		snprintf(e->msg, sizeof(e->msg), "%s", msg ? msg : "");
	}
	return -1;
}

static int kerr_ok(struct kerr *e)
{
	if (e) {
		e->err = 0;
		e->msg[0] = '\0';
	}
	return 0;
}

/* libnl's own codes for local failures (the kernel's errno never passes through here). */
static int kerr_nl(struct kerr *e, int nlerr)
{
	int err = EIO;

	if (nlerr == -NLE_NOMEM)
		err = ENOMEM;
	else if (nlerr == -NLE_MSGSIZE)
		err = EMSGSIZE;
	return kerr_set(e, err, nl_geterror(nlerr));
}

static int on_seq(struct nl_msg *msg, void *arg)
{
	struct knl_req *r = arg;

	/* Replies to an earlier request that gave up (e.g. parse failure) are dropped. */
	return nlmsg_hdr(msg)->nlmsg_seq == r->seq ? NL_OK : NL_SKIP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct knl_req *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		r->intr = 1;
	if (!r->parse || r->cb_err)
		return NL_OK;
	err = r->parse(nlh, r->arg);
	if (err > 0)
		r->cb_err = err;
	return NL_OK;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct knl_req *r = arg;

	r->done = 1;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *ne, void *arg)
{
	struct knl_req *r = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)ne - NLMSG_HDRLEN);
	struct nlattr *tb[KNL_ERRATTR_MSG + 1];
	size_t off = sizeof(*ne), total;

	/* libnl maps errnos lossily (ENOTEMPTY becomes NLE_FAILURE): keep the real one.
	 * A reply that is no negative errno (0 is an ACK, not here) is a protocol error. */
	r->err = ne->error < 0 && ne->error > -4096 ? -ne->error : EPROTO;
	r->done = 1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	/* The TLVs follow the echoed request, or only its header when the kernel capped it. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(ne->msg.nlmsg_len) - sizeof(struct nlmsghdr);
	total = nlh->nlmsg_len - NLMSG_HDRLEN;
	if (total <= off)
		return NL_STOP;
	if (nla_parse(tb, KNL_ERRATTR_MSG, (struct nlattr *)((char *)ne + off),
		      (int)(total - off), NULL) < 0)
		return NL_STOP;
	if (tb[KNL_ERRATTR_MSG])
		nla_strlcpy(r->msg, tb[KNL_ERRATTR_MSG], sizeof(r->msg));
	return NL_STOP;
}

/* Sends msg (which it frees), feeds each reply to parse and waits for the ACK or the
 * end of the dump.  Returns 0, 1 when a dump was interrupted (retry), or -1 with e. */
static int knl_run_on(struct knl *k, struct nl_sock *sk, struct nl_msg *msg, int write,
		      int (*parse)(struct nlmsghdr *, void *), void *arg, struct kerr *e)
{
	struct knl_req r = { .k = k, .parse = parse, .arg = arg };
	int ret;

	nl_cb_set(k->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq, &r);
	nl_cb_set(k->cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_cb_set(k->cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, &r);
	nl_cb_set(k->cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &r);
	nl_cb_err(k->cb, NL_CB_CUSTOM, on_error, &r);

	ret = nl_send_auto(sk, msg);
	r.seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (ret < 0)
		return kerr_nl(e, ret);
	if (write)
		k->writes++;
	k->requests++;
	while (!r.done) {
		ret = nl_recvmsgs(sk, k->cb);
		if (r.done)
			break;
		if (ret < 0 && ret != -NLE_DUMP_INTR)
			return kerr_nl(e, ret);
	}
	if (r.err)
		return kerr_set(e, r.err, r.msg);
	if (r.cb_err)
		return kerr_set(e, r.cb_err, "cannot parse the kernel's reply");
	if (r.intr)
		return 1;
	return kerr_ok(e);
}

static int knl_run(struct knl *k, struct nl_msg *msg, int write,
		   int (*parse)(struct nlmsghdr *, void *), void *arg, struct kerr *e)
{
	return knl_run_on(k, k->sk, msg, write, parse, arg, e);
}

int knl_open(struct knl **out, struct kerr *e)
{
	struct knl *k;
	int one = 1, ret;

	*out = NULL;
	k = calloc(1, sizeof(*k));
	if (!k)
		return kerr_set(e, ENOMEM, NULL);
	k->sk = nl_socket_alloc();
	if (!k->sk) {
		ret = -NLE_NOMEM;
		goto out_free_knl;
	}
	k->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!k->cb) {
		ret = -NLE_NOMEM;
		goto out_free_sock;
	}
	ret = nl_connect(k->sk, NETLINK_ROUTE);
	if (ret < 0)
		goto out_put_cb;
	/* ACKs are requested per message: dumps end with NLMSG_DONE, not an ACK. */
	nl_socket_disable_auto_ack(k->sk);
	nl_socket_enable_msg_peek(k->sk);
	ret = nl_socket_set_buffer_size(k->sk, KNL_SOCKBUF, KNL_SOCKBUF);
	if (ret < 0)
		goto out_put_cb;
	/* Kernels before 4.12 lack extended ACK; the errno alone still arrives. */
	setsockopt(nl_socket_get_fd(k->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	*out = k;
	return kerr_ok(e);

out_put_cb:
	nl_cb_put(k->cb);
out_free_sock:
	nl_socket_free(k->sk);
out_free_knl:
	free(k);
	return kerr_nl(e, ret);
}

void knl_close(struct knl *k)
{
	if (!k)
		return;
	nl_cb_put(k->cb);
	nl_socket_free(k->sk);
	if (k->mon)
		nl_socket_free(k->mon);
	if (k->gen)
		nl_socket_free(k->gen);
	free(k);
}

unsigned knl_writes(const struct knl *k)
{
	return k ? k->writes : 0;
}

/* ---- reading ---- */

static int cmp_in4(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct in_addr));
}

static int cmp_in6(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct in6_addr));
}

/* Target nests: children are slot-numbered address payloads; the list is kept sorted
 * by network-order bytes (for IPv4 the same as numeric order). */
static void parse_targets(const struct nlattr *nest, enum bond_nla_type t, struct bond_opts *o)
{
	size_t sz = t == BNLA_IP4_NEST ? sizeof(struct in_addr) : sizeof(struct in6_addr);
	uint8_t *base = t == BNLA_IP4_NEST ? (uint8_t *)o->arp_ip_target
					   : (uint8_t *)o->ns_ip6_target;
	unsigned *n = t == BNLA_IP4_NEST ? &o->n_arp_ip_target : &o->n_ns_ip6_target;
	struct nlattr *a;
	int rem;

	*n = 0;
	if (nest) {
		nla_for_each_nested(a, nest, rem) {
			if (*n >= BOND_MAX_TARGETS || (size_t)nla_len(a) < sz)
				continue;
			memcpy(base + *n * sz, nla_data(a), sz);
			(*n)++;
		}
	}
	qsort(base, *n, sz, t == BNLA_IP4_NEST ? cmp_in4 : cmp_in6);
}

static void parse_bond(const struct nlattr *data, struct bond_opts *o)
{
	struct nlattr *tb[KNL_BOND_ATTR_MAX + 1];
	size_t i;

	memset(o, 0, sizeof(*o));
	if (nla_parse_nested(tb, KNL_BOND_ATTR_MAX, (struct nlattr *)data, NULL) < 0)
		return;
	for (i = 0; i < BOPT_COUNT; i++) {
		const struct bond_opt *r = &bond_opt_table[i];
		const struct nlattr *a;
		int len;

		if (r->nla <= 0 || r->nla > KNL_BOND_ATTR_MAX)
			continue;
		a = tb[r->nla];
		len = a ? nla_len(a) : 0;
		switch (r->nla_type) {
		case BNLA_U8:
			if (len < 1)
				continue;
			o->num[r->id] = nla_get_u8((struct nlattr *)a);
			break;
		case BNLA_U16:
			if (len < 2)
				continue;
			o->num[r->id] = nla_get_u16((struct nlattr *)a);
			break;
		case BNLA_U32:
			if (len < 4)
				continue;
			o->num[r->id] = nla_get_u32((struct nlattr *)a);
			break;
		case BNLA_IFINDEX:
			/* Reported only while set: absence means none.  Named after the dump. */
			o->num[r->id] = len >= 4 ? nla_get_u32((struct nlattr *)a) : 0;
			break;
		case BNLA_BINARY:
			if (r->type != BOT_MAC || len != (int)sizeof(o->ad_actor_system))
				continue;
			memcpy(o->ad_actor_system, nla_data(a), sizeof(o->ad_actor_system));
			break;
		case BNLA_IP4_NEST:
		case BNLA_IP6_NEST:
			/* Reported only when non-empty: absence means an empty list. */
			parse_targets(a, r->nla_type, o);
			break;
		default:
			continue;
		}
		o->has |= 1ull << r->id;
	}
}

/* IFLA_BOND_AD_INFO: the active aggregator of an 802.3ad bond (absent while it has
 * none, and in every other mode). */
static void parse_ad_info(const struct nlattr *data, struct klink *l)
{
	struct nlattr *tb[KNL_BOND_ATTR_MAX + 1], *ai[KNL_AD_INFO_MAX + 1];

	if (nla_parse_nested(tb, KNL_BOND_ATTR_MAX, (struct nlattr *)data, NULL) < 0 ||
	    !tb[KNL_BOND_AD_INFO] ||
	    nla_parse_nested(ai, KNL_AD_INFO_MAX, tb[KNL_BOND_AD_INFO], NULL) < 0)
		return;
	if (ai[KNL_AD_INFO_AGGREGATOR] && nla_len(ai[KNL_AD_INFO_AGGREGATOR]) >= 2) {
		l->has_ad_info = 1;
		l->ad_aggregator = nla_get_u16(ai[KNL_AD_INFO_AGGREGATOR]);
	}
	if (ai[KNL_AD_INFO_NUM_PORTS] && nla_len(ai[KNL_AD_INFO_NUM_PORTS]) >= 2)
		l->ad_num_ports = nla_get_u16(ai[KNL_AD_INFO_NUM_PORTS]);
	if (ai[KNL_AD_INFO_PARTNER_MAC] && nla_len(ai[KNL_AD_INFO_PARTNER_MAC]) >= 6)
		memcpy(l->ad_partner_mac, nla_data(ai[KNL_AD_INFO_PARTNER_MAC]), 6);
}

static void parse_slave(const struct nlattr *data, struct kslave *s)
{
	struct nlattr *tb[KNL_SLAVE_ATTR_MAX + 1];
	size_t i;

	memset(s, 0, sizeof(*s));
	if (nla_parse_nested(tb, KNL_SLAVE_ATTR_MAX, (struct nlattr *)data, NULL) < 0)
		return;
	if (tb[KNL_SLAVE_STATE] && nla_len(tb[KNL_SLAVE_STATE]) >= 1)
		s->state = nla_get_u8(tb[KNL_SLAVE_STATE]);
	if (tb[KNL_SLAVE_MII_STATUS] && nla_len(tb[KNL_SLAVE_MII_STATUS]) >= 1)
		s->mii_status = nla_get_u8(tb[KNL_SLAVE_MII_STATUS]);
	if (tb[KNL_SLAVE_LINK_FAILURE] && nla_len(tb[KNL_SLAVE_LINK_FAILURE]) >= 4)
		s->link_failure_count = nla_get_u32(tb[KNL_SLAVE_LINK_FAILURE]);
	if (tb[KNL_SLAVE_PERM_HWADDR] && nla_len(tb[KNL_SLAVE_PERM_HWADDR]) >= 6)
		memcpy(s->perm_hwaddr, nla_data(tb[KNL_SLAVE_PERM_HWADDR]), 6);
	/* Sent for every port of an 802.3ad bond. */
	if (tb[KNL_SLAVE_AD_AGGREGATOR] && nla_len(tb[KNL_SLAVE_AD_AGGREGATOR]) >= 2) {
		s->has_ad = 1;
		s->ad_aggregator_id = nla_get_u16(tb[KNL_SLAVE_AD_AGGREGATOR]);
	}
	if (tb[KNL_SLAVE_AD_ACTOR] && nla_len(tb[KNL_SLAVE_AD_ACTOR]) >= 1)
		s->ad_actor_state = nla_get_u8(tb[KNL_SLAVE_AD_ACTOR]);
	if (tb[KNL_SLAVE_AD_PARTNER] && nla_len(tb[KNL_SLAVE_AD_PARTNER]) >= 2)
		s->ad_partner_state = nla_get_u16(tb[KNL_SLAVE_AD_PARTNER]);
	for (i = 0; i < BSOPT_COUNT; i++) {
		const struct bond_slave_opt *r = &bond_slave_opt_table[i];
		struct nlattr *a;

		if (r->nla <= 0 || r->nla > KNL_SLAVE_ATTR_MAX || !(a = tb[r->nla]))
			continue;
		switch (r->nla_type) {
		case BNLA_U8:
			if (nla_len(a) < 1)
				continue;
			s->opt[r->id] = nla_get_u8(a);
			break;
		case BNLA_U16:
			if (nla_len(a) < 2)
				continue;
			s->opt[r->id] = nla_get_u16(a);
			break;
		case BNLA_U32:
			if (nla_len(a) < 4)
				continue;
			/* prio is an s32 in the kernel: a negative minimum marks signed rows. */
			s->opt[r->id] = r->min < 0 ? (int64_t)(int32_t)nla_get_u32(a)
						   : (int64_t)nla_get_u32(a);
			break;
		default:
			continue;
		}
		s->has |= 1u << r->id;
	}
}

static void parse_qos(const struct nlattr *nest, struct vlan_qos_map *v, uint8_t *n, size_t max)
{
	struct nlattr *a;
	int rem;

	*n = 0;
	if (!nest)
		return;
	nla_for_each_nested(a, (struct nlattr *)nest, rem) {
		const struct ifla_vlan_qos_mapping *m;

		if (nla_type(a) != IFLA_VLAN_QOS_MAPPING || nla_len(a) < (int)sizeof(*m) || *n >= max)
			continue;
		m = nla_data(a);
		v[*n].from = m->from;
		v[(*n)++].to = m->to;
	}
}

static void parse_vlan(const struct nlattr *data, struct klink *l)
{
	struct nlattr *tb[IFLA_VLAN_INGRESS_QOS + 1];

	if (nla_parse_nested(tb, IFLA_VLAN_INGRESS_QOS, (struct nlattr *)data, NULL) < 0)
		return;
	parse_qos(tb[IFLA_VLAN_INGRESS_QOS], l->vlan_qos.in, &l->vlan_qos.n_in, 8);
	parse_qos(tb[IFLA_VLAN_EGRESS_QOS], l->vlan_qos.eg, &l->vlan_qos.n_eg, VLAN_QOS_MAX);
	if (!tb[IFLA_VLAN_ID] || nla_len(tb[IFLA_VLAN_ID]) < 2)
		return;
	l->vlan_id = nla_get_u16(tb[IFLA_VLAN_ID]);
	if (tb[IFLA_VLAN_FLAGS] && nla_len(tb[IFLA_VLAN_FLAGS]) >= (int)sizeof(struct ifla_vlan_flags))
		l->vlan_flags = ((const struct ifla_vlan_flags *)nla_data(tb[IFLA_VLAN_FLAGS]))->flags;
	l->has_vlan = 1;
}

/* IFLA_BR_* or IFLA_BRPORT_* by the table: every row the kernel reports. */
static void parse_br(const struct nlattr *data, enum br_table t, struct br_vals *out)
{
	size_t n;
	const struct br_opt *rows = br_table(t, &n);
	int max = 0;
	struct nlattr **tb;

	for (size_t i = 0; i < n; i++)
		max = rows[i].nla > max ? rows[i].nla : max;
	memset(out, 0, sizeof(*out));
	tb = calloc((size_t)max + 1, sizeof(*tb));
	if (!tb || nla_parse_nested(tb, max, (struct nlattr *)data, NULL) < 0) {
		free(tb);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct nlattr *a = tb[rows[i].nla];
		const uint8_t *p;

		if (!a || nla_len(a) < rows[i].width)
			continue;
		p = nla_data(a);
		switch (rows[i].width) {
		case 1:
			out->v[i] = p[0];
			break;
		case 2: {
			uint16_t v;

			memcpy(&v, p, 2);
			/* vlan_protocol is the one big-endian attribute. */
			out->v[i] = rows[i].type == BRT_PROTO ? ntohs(v) : v;
			break;
		}
		case 4: {
			uint32_t v;

			memcpy(&v, p, 4);
			out->v[i] = v;
			break;
		}
		case 8: {
			uint64_t v;

			memcpy(&v, p, 8);
			out->v[i] = v;
			break;
		}
		case 6:
			out->v[i] = 0;
			for (int j = 0; j < 6; j++)
				out->v[i] = out->v[i] << 8 | p[j];
			break;
		default:
			continue;
		}
		out->has |= 1u << i;
	}
	free(tb);
}

/* The device's IPv4 settings the planner needs (IFLA_AF_SPEC, AF_INET's
 * IFLA_INET_CONF: one u32 per IPV4_DEVCONF_*, from 1). */
static void parse_inet_conf(struct nlattr *spec, struct klink *l)
{
	struct nlattr *af, *c;
	int rem;

	if (!spec)
		return;
	nla_for_each_nested(af, spec, rem) {
		struct nlattr *tb[IFLA_INET_CONF + 1];

		if (nla_type(af) != AF_INET || nla_parse_nested(tb, IFLA_INET_CONF, af, NULL) < 0 ||
		    !(c = tb[IFLA_INET_CONF]) ||
		    nla_len(c) < (int)(IPV4_DEVCONF_PROMOTE_SECONDARIES * sizeof(uint32_t)))
			continue;
		l->promote_secondaries =
			((const uint32_t *)nla_data(c))[IPV4_DEVCONF_PROMOTE_SECONDARIES - 1] != 0;
	}
}

static int parse_link(struct nlmsghdr *nlh, struct klink *l)
{
	struct ifinfomsg *ifi;
	struct nlattr *tb[KNL_IFLA_MAX + 1], *li[KNL_INFO_MAX + 1];

	if ((nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) ||
	    nlmsg_datalen(nlh) < (int)sizeof(*ifi))
		return -1;
	if (nlmsg_parse(nlh, sizeof(*ifi), tb, KNL_IFLA_MAX, NULL) < 0)
		return -1;
	ifi = nlmsg_data(nlh);
	/* A bridge's own news of its ports (AF_BRIDGE: port state, VLANs; a DELLINK
	 * when a port leaves) has no IFLA_LINKINFO: the link as we know it stands. */
	if (ifi->ifi_family == AF_BRIDGE)
		return -1;
	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	if (tb[IFLA_IFNAME])
		nla_strlcpy(l->name, tb[IFLA_IFNAME], sizeof(l->name));
	/* The kernel names every link; one without a name could not be addressed by the
	 * plan's steps, so a reply that lacks it is not believed (a removal needs only
	 * the ifindex). */
	if (!l->name[0] && nlh->nlmsg_type == RTM_NEWLINK)
		return -1;
	/* Nor one without an ifindex: 0 is "no master" in every other link's IFLA_MASTER. */
	if (l->ifindex <= 0)
		return -1;
	if (tb[IFLA_MTU] && nla_len(tb[IFLA_MTU]) >= 4)
		l->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_MASTER] && nla_len(tb[IFLA_MASTER]) >= 4)
		l->master = (int)nla_get_u32(tb[IFLA_MASTER]);
	/* With IFLA_LINK_NETNSID the lower device (a veth's peer) is another
	 * namespace's ifindex: here it would name an unrelated device. */
	if (tb[IFLA_LINK] && nla_len(tb[IFLA_LINK]) >= 4 && !tb[IFLA_LINK_NETNSID])
		l->link = (int)nla_get_u32(tb[IFLA_LINK]);
	if (tb[IFLA_CARRIER_CHANGES] && nla_len(tb[IFLA_CARRIER_CHANGES]) >= 4)
		l->carrier_changes = nla_get_u32(tb[IFLA_CARRIER_CHANGES]);
	if (tb[IFLA_ADDRESS]) {
		int n = nla_len(tb[IFLA_ADDRESS]);

		l->addr_len = n < (int)sizeof(l->addr) ? n : (int)sizeof(l->addr);
		memcpy(l->addr, nla_data(tb[IFLA_ADDRESS]), (size_t)l->addr_len);
	}
	/* Sent only when the driver has one (a NIC's burnt-in address; not a dummy's). */
	if (tb[KNL_IFLA_PERM_ADDRESS] && nla_len(tb[KNL_IFLA_PERM_ADDRESS]) == 6) {
		memcpy(l->perm_addr, nla_data(tb[KNL_IFLA_PERM_ADDRESS]), 6);
		l->has_perm_addr = 1;
	}
	parse_inet_conf(tb[IFLA_AF_SPEC], l);
	if (!tb[IFLA_LINKINFO] || nla_parse_nested(li, KNL_INFO_MAX, tb[IFLA_LINKINFO], NULL) < 0)
		return 0;
	if (li[IFLA_INFO_KIND])
		nla_strlcpy(l->kind, li[IFLA_INFO_KIND], sizeof(l->kind));
	if (li[IFLA_INFO_SLAVE_KIND])
		nla_strlcpy(l->slave_kind, li[IFLA_INFO_SLAVE_KIND], sizeof(l->slave_kind));
	if (!strcmp(l->kind, "bond") && li[IFLA_INFO_DATA]) {
		parse_bond(li[IFLA_INFO_DATA], &l->bond);
		parse_ad_info(li[IFLA_INFO_DATA], l);
		l->has_bond = 1;
	}
	if (!strcmp(l->kind, "vlan") && li[IFLA_INFO_DATA])
		parse_vlan(li[IFLA_INFO_DATA], l);
	if (!strcmp(l->kind, "bridge") && li[IFLA_INFO_DATA]) {
		parse_br(li[IFLA_INFO_DATA], BR_BRIDGE, &l->bridge);
		l->has_bridge = 1;
	}
	if (!strcmp(l->slave_kind, "bridge") && li[IFLA_INFO_SLAVE_DATA]) {
		parse_br(li[IFLA_INFO_SLAVE_DATA], BR_PORT, &l->brport);
		l->has_brport = 1;
	}
	if (!strcmp(l->slave_kind, "bond") && li[IFLA_INFO_SLAVE_DATA]) {
		parse_slave(li[IFLA_INFO_SLAVE_DATA], &l->slave);
		l->has_slave = 1;
	}
	return 0;
}

/* Grows *v (of *n elements of size sz) by one zeroed element; NULL when out of memory. */
static void *grow(void **v, size_t *n, size_t sz)
{
	void *p = realloc(*v, (*n + 1) * sz);

	if (!p)
		return NULL;
	*v = p;
	p = (char *)p + *n * sz;
	memset(p, 0, sz);
	(*n)++;
	return p;
}

static int on_link(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *ks = arg;
	struct klink tmp, *l;

	/* A dump answers with RTM_NEWLINK only. */
	if (nlh->nlmsg_type != RTM_NEWLINK || parse_link(nlh, &tmp) < 0)
		return 0;
	l = grow((void **)&ks->links, &ks->nlinks, sizeof(*l));
	if (!l)
		return ENOMEM;
	*l = tmp;
	return 0;
}

/* An IPv4 address message (new or deleted); 1 if it is one. */
static int parse_addr(struct nlmsghdr *nlh, struct kaddr *ka)
{
	struct ifaddrmsg *ifa;
	struct nlattr *tb[IFA_BROADCAST + 1], *a;	/* IFA_LABEL (3) below it */

	if ((nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR) ||
	    nlmsg_datalen(nlh) < (int)sizeof(*ifa))
		return 0;
	ifa = nlmsg_data(nlh);
	if (ifa->ifa_family != AF_INET || nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_BROADCAST, NULL) < 0)
		return 0;
	/* IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on p2p links. */
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || nla_len(a) < 4)
		return 0;
	memset(ka, 0, sizeof(*ka));
	ka->ifindex = (int)ifa->ifa_index;
	memcpy(&ka->addr, nla_data(a), 4);
	ka->prefix = ifa->ifa_prefixlen;
	ka->scope = ifa->ifa_scope;
	ka->flags = ifa->ifa_flags;
	if (tb[IFA_BROADCAST] && nla_len(tb[IFA_BROADCAST]) >= 4)
		memcpy(&ka->brd, nla_data(tb[IFA_BROADCAST]), 4);
	if (tb[IFA_LABEL])
		nla_strlcpy(ka->label, tb[IFA_LABEL], sizeof(ka->label));
	return 1;
}

static int parse_addr6(struct nlmsghdr *nlh, struct kaddr6 *ka)
{
	struct ifaddrmsg *ifa;
	struct nlattr *tb[IFA_PROTO + 1], *a;

	if ((nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR) ||
	    nlmsg_datalen(nlh) < (int)sizeof(*ifa))
		return 0;
	ifa = nlmsg_data(nlh);
	if (ifa->ifa_family != AF_INET6 || nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_PROTO, NULL) < 0)
		return 0;
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || nla_len(a) < 16)
		return 0;
	memset(ka, 0, sizeof(*ka));
	ka->ifindex = (int)ifa->ifa_index;
	memcpy(&ka->addr, nla_data(a), 16);
	ka->prefix = ifa->ifa_prefixlen;
	ka->scope = ifa->ifa_scope;
	/* IFA_FLAGS has the 32-bit flags (MANAGETEMPADDR and above). */
	ka->flags = tb[IFA_FLAGS] && nla_len(tb[IFA_FLAGS]) >= 4 ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	if (tb[IFA_PROTO] && nla_len(tb[IFA_PROTO]) >= 1)
		ka->proto = nla_get_u8(tb[IFA_PROTO]);
	return 1;
}

struct addrs6_arg {
	struct kaddr6 **v;
	size_t *n;
	int ifindex;		/* 0: all */
};

static int on_addr6(struct nlmsghdr *nlh, void *arg)
{
	struct addrs6_arg *a = arg;
	struct kaddr6 tmp, *ka;

	if (nlh->nlmsg_type != RTM_NEWADDR || !parse_addr6(nlh, &tmp) ||
	    (a->ifindex && tmp.ifindex != a->ifindex))
		return 0;
	if (!(ka = grow((void **)a->v, a->n, sizeof(*ka))))
		return ENOMEM;
	*ka = tmp;
	return 0;
}

/* A reply's attribute of at least its type's size, else the default: the kernel
 * never sends a short one, but a reader must not read past one (fuzzed replies). */
static uint32_t attr_u32(const struct nlattr *a, uint32_t def)
{
	return a && nla_len(a) >= 4 ? nla_get_u32((struct nlattr *)a) : def;
}

static int attr_u8(const struct nlattr *a, int def)
{
	return a && nla_len(a) >= 1 ? nla_get_u8((struct nlattr *)a) : def;
}

/* A string attribute, NULL unless it ends within the attribute. */
static const char *attr_str(const struct nlattr *a)
{
	return a && nla_len(a) > 0 && memchr(nla_data(a), '\0', (size_t)nla_len(a)) ?
	       nla_data(a) : NULL;
}

static int parse_fib(struct nlmsghdr *nlh, struct kfib *f);

/* An IPv6 route: in the fib when a route file could give it, and in routes6 when
 * it is a default route of the main table. */
static int on_route6(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *ks = arg;
	struct rtmsg *rtm;
	struct nlattr *tb[RTA_TABLE + 1];
	struct kroute6 *r;
	uint32_t table;

	struct kfib f, *kf;

	if (nlh->nlmsg_type != RTM_NEWROUTE || nlmsg_datalen(nlh) < (int)sizeof(*rtm))
		return 0;
	if (parse_fib(nlh, &f)) {
		if (!(kf = grow((void **)&ks->fib, &ks->nfib, sizeof(*kf))))
			return ENOMEM;
		*kf = f;
	}
	rtm = nlmsg_data(nlh);
	if (rtm->rtm_family != AF_INET6 || rtm->rtm_dst_len != 0 || rtm->rtm_type != RTN_UNICAST ||
	    nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_TABLE, NULL) < 0)
		return 0;
	table = tb[RTA_TABLE] && nla_len(tb[RTA_TABLE]) >= 4 ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	if (table != RT_TABLE_MAIN || !attr_u32(tb[RTA_OIF], 0))
		return 0;
	if (!(r = grow((void **)&ks->routes6, &ks->nroutes6, sizeof(*r))))
		return ENOMEM;
	memset(r, 0, sizeof(*r));
	r->ifindex = (int)attr_u32(tb[RTA_OIF], 0);
	if (tb[RTA_GATEWAY] && nla_len(tb[RTA_GATEWAY]) >= 16)
		memcpy(&r->gw, nla_data(tb[RTA_GATEWAY]), 16);
	if (tb[RTA_PRIORITY] && nla_len(tb[RTA_PRIORITY]) >= 4)
		r->metric = nla_get_u32(tb[RTA_PRIORITY]);
	r->proto = rtm->rtm_protocol;
	return 0;
}

static int on_addr(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *ks = arg;
	struct kaddr tmp, *ka;

	if (nlh->nlmsg_type != RTM_NEWADDR || !parse_addr(nlh, &tmp))
		return 0;
	ka = grow((void **)&ks->addrs, &ks->naddrs, sizeof(*ka));
	if (!ka)
		return ENOMEM;
	*ka = tmp;
	return 0;
}

/* An IPv4 default route of the main table (new or deleted); 1 if it is one. */
static int parse_route(struct nlmsghdr *nlh, struct kroute *kr)
{
	struct rtmsg *rtm;
	struct nlattr *tb[RTA_TABLE + 1];
	uint32_t table;

	if ((nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE) ||
	    nlmsg_datalen(nlh) < (int)sizeof(*rtm))
		return 0;
	rtm = nlmsg_data(nlh);
	if (rtm->rtm_family != AF_INET || rtm->rtm_dst_len != 0 || rtm->rtm_type != RTN_UNICAST)
		return 0;
	if (nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_TABLE, NULL) < 0)
		return 0;
	/* rtm_table is 8 bits; RTA_TABLE carries the real id. */
	table = tb[RTA_TABLE] && nla_len(tb[RTA_TABLE]) >= 4 ? nla_get_u32(tb[RTA_TABLE])
							     : rtm->rtm_table;
	if (table != RT_TABLE_MAIN)
		return 0;
	memset(kr, 0, sizeof(*kr));
	if (tb[RTA_GATEWAY] && nla_len(tb[RTA_GATEWAY]) >= 4)
		memcpy(&kr->gw, nla_data(tb[RTA_GATEWAY]), 4);
	if (tb[RTA_OIF] && nla_len(tb[RTA_OIF]) >= 4)
		kr->ifindex = (int)nla_get_u32(tb[RTA_OIF]);
	if (tb[RTA_PRIORITY] && nla_len(tb[RTA_PRIORITY]) >= 4)
		kr->metric = nla_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_PREFSRC] && nla_len(tb[RTA_PREFSRC]) >= 4)
		memcpy(&kr->src, nla_data(tb[RTA_PREFSRC]), 4);
	return 1;
}

/* An IPv4 or IPv6 route of any table but local, of a type a route file gives; 1 if
 * it is one.  The kernel's own routes (proto kernel) are kept too: a file may name
 * one. */
static int parse_fib(struct nlmsghdr *nlh, struct kfib *f)
{
	struct rtmsg *rtm;
	struct nlattr *tb[RTA_TABLE + 1], *mx[RTAX_MAX + 1];
	struct netcfg_route *r = &f->r;
	int alen;

	if ((nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE) ||
	    nlmsg_datalen(nlh) < (int)sizeof(*rtm))
		return 0;
	rtm = nlmsg_data(nlh);
	if ((rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) ||
	    (rtm->rtm_flags & RTM_F_CLONED) || rtm->rtm_dst_len > (rtm->rtm_family == AF_INET ? 32 : 128))
		return 0;
	alen = rtm->rtm_family == AF_INET ? 4 : 16;
	if (rtm->rtm_type != RTN_UNICAST && rtm->rtm_type != RTN_BLACKHOLE &&
	    rtm->rtm_type != RTN_UNREACHABLE && rtm->rtm_type != RTN_PROHIBIT &&
	    rtm->rtm_type != RTN_THROW)
		return 0;
	if (nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_TABLE, NULL) < 0)
		return 0;
	memset(f, 0, sizeof(*f));
	r->family = rtm->rtm_family;
	r->table = tb[RTA_TABLE] && nla_len(tb[RTA_TABLE]) >= 4 ? nla_get_u32(tb[RTA_TABLE])
								: rtm->rtm_table;
	if (r->table == RT_TABLE_LOCAL)
		return 0;
	r->dst_len = rtm->rtm_dst_len;
	r->tos = rtm->rtm_tos;
	r->type = rtm->rtm_type;
	r->proto = rtm->rtm_protocol;
	r->scope = rtm->rtm_scope;
	r->has_scope = 1;
	r->onlink = !!(rtm->rtm_flags & RTNH_F_ONLINK);
	if (tb[RTA_DST] && nla_len(tb[RTA_DST]) >= alen)
		memcpy(&r->dst, nla_data(tb[RTA_DST]), (size_t)alen);
	if (alen == 16 && rtm->rtm_src_len && tb[RTA_SRC] && nla_len(tb[RTA_SRC]) >= 16) {
		memcpy(&r->from, nla_data(tb[RTA_SRC]), 16);
		r->from_len = rtm->rtm_src_len;
	}
	if (tb[RTA_GATEWAY] && nla_len(tb[RTA_GATEWAY]) >= alen) {
		memcpy(&r->gw, nla_data(tb[RTA_GATEWAY]), (size_t)alen);
		r->has_gw = 1;
	}
	if (tb[RTA_PREFSRC] && nla_len(tb[RTA_PREFSRC]) >= alen) {
		memcpy(&r->src, nla_data(tb[RTA_PREFSRC]), (size_t)alen);
		r->has_src = 1;
	}
	/* IPv6 puts a blackhole, unreachable, prohibit or throw route on lo: like
	 * IPv4's, it is of no device. */
	if (tb[RTA_OIF] && nla_len(tb[RTA_OIF]) >= 4 && rtm->rtm_type == RTN_UNICAST)
		f->ifindex = (int)nla_get_u32(tb[RTA_OIF]);
	if (tb[RTA_PRIORITY] && nla_len(tb[RTA_PRIORITY]) >= 4)
		r->metric = nla_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_METRICS] && nla_parse_nested(mx, RTAX_MAX, tb[RTA_METRICS], NULL) == 0) {
		if (mx[RTAX_MTU] && nla_len(mx[RTAX_MTU]) >= 4)
			r->mtu = nla_get_u32(mx[RTAX_MTU]);
		if (mx[RTAX_LOCK] && nla_len(mx[RTAX_LOCK]) >= 4)
			r->mtu_lock = !!(nla_get_u32(mx[RTAX_LOCK]) & (1u << RTAX_MTU));
	}
	return 1;
}

static int on_route(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *ks = arg;
	struct kroute tmp, *kr;
	struct kfib f, *kf;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	if (parse_fib(nlh, &f)) {
		if (!(kf = grow((void **)&ks->fib, &ks->nfib, sizeof(*kf))))
			return ENOMEM;
		*kf = f;
	}
	if (!parse_route(nlh, &tmp))
		return 0;
	kr = grow((void **)&ks->routes, &ks->nroutes, sizeof(*kr));
	if (!kr)
		return ENOMEM;
	*kr = tmp;
	return 0;
}

/* An IPv4 or IPv6 routing rule; 1 if it is one. */
static int parse_rule(struct nlmsghdr *nlh, struct netcfg_rule *r)
{
	struct fib_rule_hdr *h;
	struct nlattr *tb[FRA_PROTOCOL + 1];
	int alen;

	if ((nlh->nlmsg_type != RTM_NEWRULE && nlh->nlmsg_type != RTM_DELRULE) ||
	    nlmsg_datalen(nlh) < (int)sizeof(*h))
		return 0;
	h = nlmsg_data(nlh);
	alen = h->family == AF_INET ? 4 : 16;
	if ((h->family != AF_INET && h->family != AF_INET6) || h->src_len > alen * 8 ||
	    h->dst_len > alen * 8 || nlmsg_parse(nlh, sizeof(*h), tb, FRA_PROTOCOL, NULL) < 0)
		return 0;
	memset(r, 0, sizeof(*r));
	r->family = h->family;
	r->src_len = h->src_len;
	r->dst_len = h->dst_len;
	r->tos = h->tos;
	r->action = h->action;
	r->invert = !!(h->flags & FIB_RULE_INVERT);
	r->table = tb[FRA_TABLE] && nla_len(tb[FRA_TABLE]) >= 4 ? nla_get_u32(tb[FRA_TABLE]) : h->table;
	r->has_priority = 1;
	if (tb[FRA_PRIORITY] && nla_len(tb[FRA_PRIORITY]) >= 4)
		r->priority = nla_get_u32(tb[FRA_PRIORITY]);
	if (h->src_len && tb[FRA_SRC] && nla_len(tb[FRA_SRC]) >= alen) {
		memcpy(&r->src, nla_data(tb[FRA_SRC]), (size_t)alen);
		r->has_src = 1;
	}
	if (h->dst_len && tb[FRA_DST] && nla_len(tb[FRA_DST]) >= alen) {
		memcpy(&r->dst, nla_data(tb[FRA_DST]), (size_t)alen);
		r->has_dst = 1;
	}
	if (tb[FRA_FWMARK] && nla_len(tb[FRA_FWMARK]) >= 4) {
		r->fwmark = nla_get_u32(tb[FRA_FWMARK]);
		r->fwmask = tb[FRA_FWMASK] && nla_len(tb[FRA_FWMASK]) >= 4 ?
			    nla_get_u32(tb[FRA_FWMASK]) : 0xffffffffu;
		r->has_fwmark = r->fwmark || r->fwmask != 0xffffffffu;
	}
	if (tb[FRA_IIFNAME])
		nla_strlcpy(r->iif, tb[FRA_IIFNAME], sizeof(r->iif));
	if (tb[FRA_OIFNAME])
		nla_strlcpy(r->oif, tb[FRA_OIFNAME], sizeof(r->oif));
	if (tb[FRA_PROTOCOL] && nla_len(tb[FRA_PROTOCOL]) >= 1)
		r->proto = nla_get_u8(tb[FRA_PROTOCOL]);
	return 1;
}

static int on_rule(struct nlmsghdr *nlh, void *arg)
{
	struct kstate *ks = arg;
	struct netcfg_rule r, *v;

	if (nlh->nlmsg_type != RTM_NEWRULE || !parse_rule(nlh, &r))
		return 0;
	if (!(v = grow((void **)&ks->rules, &ks->nrules, sizeof(*v))))
		return ENOMEM;
	*v = r;
	return 0;
}

/* One dump request: a bare family header of hdrlen bytes. */
static int knl_dump(struct knl *k, int type, const void *hdr, size_t hdrlen,
		    int (*parse)(struct nlmsghdr *, void *), void *arg, struct kerr *e)
{
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_REQUEST | NLM_F_DUMP);

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (nlmsg_append(msg, (void *)hdr, hdrlen, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 0, parse, arg, e);
}

/* The name field an ifindex-valued option (primary, active_slave) is kept in. */
static char *ifname_slot(struct bond_opts *o, enum bond_opt_id id)
{
	return id == BOPT_PRIMARY ? o->primary : o->active_slave;
}

static void bond_names(struct bond_opts *o, const struct kstate *ks)
{
	size_t i;

	for (i = 0; i < BOPT_COUNT; i++) {
		const struct bond_opt *r = &bond_opt_table[i];
		const struct klink *l;
		char *slot;

		if (r->nla_type != BNLA_IFINDEX || !BOND_HAS(o, r->id))
			continue;
		slot = ifname_slot(o, r->id);
		l = o->num[r->id] ? kstate_link_by_index(ks, (int)o->num[r->id]) : NULL;
		snprintf(slot, IFNAMSIZ, "%s", l ? l->name : "");
	}
}

/* ---- keeping the state current ---- */

/* Removes element i of an array of n elements of size sz (order is not kept). */
static void drop(void *v, size_t *n, size_t sz, size_t i)
{
	if (i + 1 < *n)
		memcpy((char *)v + i * sz, (char *)v + (*n - 1) * sz, sz);
	(*n)--;
}

/* IPv4 routes through a device leave with it, without a notification of their own
 * (fib_disable_ip()): what the kernel does, done to the state. */
static void drop_routes(struct kstate *ks, int ifindex)
{
	for (size_t i = ks->nroutes; i-- > 0;)
		if (ks->routes[i].ifindex == ifindex)
			drop(ks->routes, &ks->nroutes, sizeof(*ks->routes), i);
	for (size_t i = ks->nfib; i-- > 0;)
		if (ks->fib[i].ifindex == ifindex)
			drop(ks->fib, &ks->nfib, sizeof(*ks->fib), i);
}

void kstate_addr_gone(struct kstate *ks, int ifindex, struct in_addr a)
{
	int last = 1;

	for (size_t i = 0; i < ks->naddrs && last; i++)
		last = ks->addrs[i].ifindex != ifindex;
	if (last) {
		drop_routes(ks, ifindex);
		return;
	}
	for (size_t i = ks->nroutes; i-- > 0;)
		if (ks->routes[i].src.s_addr == a.s_addr)
			drop(ks->routes, &ks->nroutes, sizeof(*ks->routes), i);
	for (size_t i = ks->nfib; i-- > 0;)
		if (ks->fib[i].r.has_src && ks->fib[i].r.src.v4.s_addr == a.s_addr)
			drop(ks->fib, &ks->nfib, sizeof(*ks->fib), i);
}

static void link_notified(struct knl *k, struct nlmsghdr *nlh)
{
	struct kstate *ks = k->live;
	struct klink tmp, *l = NULL;

	if (parse_link(nlh, &tmp) < 0)
		return;
	for (size_t i = 0; i < ks->nlinks; i++)
		if (ks->links[i].ifindex == tmp.ifindex) {
			if (nlh->nlmsg_type == RTM_DELLINK) {
				drop(ks->links, &ks->nlinks, sizeof(*ks->links), i);
				drop_routes(ks, tmp.ifindex);
				for (size_t j = ks->naddrs; j-- > 0;)
					if (ks->addrs[j].ifindex == tmp.ifindex)
						drop(ks->addrs, &ks->naddrs, sizeof(*ks->addrs), j);
				return;
			}
			l = &ks->links[i];
			break;
		}
	if (nlh->nlmsg_type == RTM_DELLINK)
		return;
	if (!l && !(l = grow((void **)&ks->links, &ks->nlinks, sizeof(*l)))) {
		k->stale = 1;
		return;
	}
	*l = tmp;
	if (!(l->flags & IFF_UP))
		drop_routes(ks, l->ifindex);
	if (l->has_bond)
		bond_names(&l->bond, ks);
}

static int same_addr(const void *x, const void *y)
{
	const struct kaddr *a = x, *b = y;

	return a->ifindex == b->ifindex && a->addr.s_addr == b->addr.s_addr && a->prefix == b->prefix;
}

static int same_route(const void *x, const void *y)
{
	const struct kroute *a = x, *b = y;

	return a->ifindex == b->ifindex && a->gw.s_addr == b->gw.s_addr && a->metric == b->metric;
}

/* The kernel's identity of an IPv4 route, and its device. */
static int same_fib(const void *x, const void *y)
{
	const struct kfib *a = x, *b = y;

	return a->ifindex == b->ifindex && route_same_key(&a->r, &b->r);
}

/* A rule is the same rule when all it selects, its action and priority are. */
static int same_rule(const void *x, const void *y)
{
	const struct netcfg_rule *a = x, *b = y;

	return rule_same(a, b) && a->priority == b->priority;
}

/* x leaves the array of *n elements of size sz, and comes back when add. */
static void replace(void **v, size_t *n, size_t sz, const void *x,
		    int (*same)(const void *, const void *), int add, struct knl *k)
{
	void *p;

	for (size_t i = *n; i-- > 0;)
		if (same((char *)*v + i * sz, x))
			drop(*v, n, sz, i);
	if (!add)
		return;
	if ((p = grow(v, n, sz)))
		memcpy(p, x, sz);
	else
		k->stale = 1;
}

static void notified(struct knl *k, struct nlmsghdr *nlh)
{
	struct kstate *ks = k->live;
	struct kaddr a;
	struct kroute r;
	struct kfib f;
	struct netcfg_rule ru;

	if (!ks)
		return;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		link_notified(k, nlh);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (parse_addr(nlh, &a)) {
			replace((void **)&ks->addrs, &ks->naddrs, sizeof(a), &a, same_addr,
				nlh->nlmsg_type == RTM_NEWADDR, k);
			if (nlh->nlmsg_type == RTM_DELADDR)
				kstate_addr_gone(ks, a.ifindex, a.addr);
		}
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (parse_route(nlh, &r))
			replace((void **)&ks->routes, &ks->nroutes, sizeof(r), &r, same_route,
				nlh->nlmsg_type == RTM_NEWROUTE, k);
		if (parse_fib(nlh, &f))
			replace((void **)&ks->fib, &ks->nfib, sizeof(f), &f, same_fib,
				nlh->nlmsg_type == RTM_NEWROUTE, k);
		break;
	case RTM_NEWRULE:
	case RTM_DELRULE:
		if (parse_rule(nlh, &ru))
			replace((void **)&ks->rules, &ks->nrules, sizeof(ru), &ru, same_rule,
				nlh->nlmsg_type == RTM_NEWRULE, k);
		break;
	default:
		break;
	}
}

static int on_notify(struct nl_msg *msg, void *arg)
{
	notified(arg, nlmsg_hdr(msg));
	return NL_OK;
}

/* What mon holds: every notification queued so far.  The kernel queues those of a
 * change on the listeners before it acknowledges the change, so after a reply all
 * of its effects are in. */
static void knl_sync(struct knl *k)
{
	int ret;

	if (!k->mon)
		return;
	while ((ret = nl_recvmsgs_default(k->mon)) >= 0)
		;
	/* ENOBUFS (libnl's NOMEM): the socket overflowed and dropped some. */
	if (ret != -NLE_AGAIN)
		k->stale = 1;
}

/* The kernel does not send a requester the notifications of its own changes (it
 * would, with NLM_F_ECHO, for links only since Linux 6.1): a second socket listens. */
int knl_track(struct knl *k, struct kstate *ks, struct kerr *e)
{
	int ret;

	k->mon = nl_socket_alloc();
	if (!k->mon)
		return kerr_set(e, ENOMEM, NULL);
	nl_socket_disable_seq_check(k->mon);
	nl_socket_modify_cb(k->mon, NL_CB_VALID, NL_CB_CUSTOM, on_notify, k);
	if ((ret = nl_connect(k->mon, NETLINK_ROUTE)) < 0 ||
	    (ret = nl_socket_set_buffer_size(k->mon, 4 * KNL_SOCKBUF, KNL_SOCKBUF)) < 0 ||
	    (ret = nl_socket_add_memberships(k->mon, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
					     RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV4_RULE,
					     RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV6_RULE, 0)) < 0 ||
	    (ret = nl_socket_set_nonblocking(k->mon)) < 0) {
		nl_socket_free(k->mon);
		k->mon = NULL;
		return kerr_nl(e, ret);
	}
	nl_socket_enable_msg_peek(k->mon);
	k->live = ks;
	return kerr_ok(e);
}

const struct kstate *knl_tracked(const struct knl *k)
{
	return k ? k->live : NULL;
}

int knl_refresh(struct knl *k, struct kerr *e)
{
	struct kstate *ks = k->live;

	knl_sync(k);
	if (!ks || !k->stale)
		return kerr_ok(e);
	/* A new dump; what mon holds by then is older than it. */
	k->live = NULL;
	kstate_free(ks);
	if (kstate_read(k, ks, e))
		return -1;
	while (k->mon && nl_recvmsgs_default(k->mon) >= 0)
		;
	k->live = ks;
	k->stale = 0;
	return 0;
}

unsigned knl_requests(const struct knl *k)
{
	return k ? k->requests : 0;
}

static int kstate_read_once(struct knl *k, struct kstate *ks, struct kerr *e)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct ifaddrmsg ifa = { .ifa_family = AF_INET };
	struct rtmsg rtm = { .rtm_family = AF_INET };
	struct fib_rule_hdr frh = { .family = AF_INET }, frh6 = { .family = AF_INET6 };
	struct ifaddrmsg ifa6 = { .ifa_family = AF_INET6 };
	struct rtmsg rtm6 = { .rtm_family = AF_INET6 };
	struct addrs6_arg a6 = { &ks->addrs6, &ks->naddrs6, 0 };
	int ret;
	size_t i;

	ret = knl_dump(k, RTM_GETLINK, &ifi, sizeof(ifi), on_link, ks, e);
	if (ret)
		return ret;
	ret = knl_dump(k, RTM_GETADDR, &ifa, sizeof(ifa), on_addr, ks, e);
	if (ret)
		return ret;
	ret = knl_dump(k, RTM_GETROUTE, &rtm, sizeof(rtm), on_route, ks, e);
	if (ret)
		return ret;
	ret = knl_dump(k, RTM_GETRULE, &frh, sizeof(frh), on_rule, ks, e);
	if (ret)
		return ret;
	/* No IPv6 in this kernel (or disabled): nothing of it to read. */
	ret = knl_dump(k, RTM_GETADDR, &ifa6, sizeof(ifa6), on_addr6, &a6, e);
	if (ret == 0)
		ret = knl_dump(k, RTM_GETROUTE, &rtm6, sizeof(rtm6), on_route6, ks, e);
	if (ret == 0)
		ret = knl_dump(k, RTM_GETRULE, &frh6, sizeof(frh6), on_rule, ks, e);
	if (ret == 1)
		return ret;
	if (ret && e->err != EAFNOSUPPORT && e->err != EOPNOTSUPP)
		return ret;
	/* Slaves may come after their bond in the dump: name them once all are known. */
	for (i = 0; i < ks->nlinks; i++)
		if (ks->links[i].has_bond)
			bond_names(&ks->links[i].bond, ks);
	return 0;
}

int kstate_read(struct knl *k, struct kstate *ks, struct kerr *e)
{
	int tries, ret = 1;

	memset(ks, 0, sizeof(*ks));
	/* A dump that raced with a change (NLM_F_DUMP_INTR) is inconsistent: start over. */
	for (tries = 0; tries < KNL_DUMP_TRIES && ret == 1; tries++) {
		kstate_free(ks);
		ret = kstate_read_once(k, ks, e);
	}
	if (ret == 0)
		return 0;
	kstate_free(ks);
	if (ret == 1)
		return kerr_set(e, EAGAIN, "netlink dump kept being interrupted");
	return -1;
}

/* The parsers on bytes, as the fuzz harness drives them: each message read as a dump
 * reply (links, addresses, routes; an error as a request's answer), then each again
 * as a notification on the state that built. */
/* A route message's family, as the dump it came from would have asked for it. */
static int feed_family(const struct nlmsghdr *nlh)
{
	return nlmsg_datalen(nlh) >= (int)sizeof(struct rtmsg) ?
	       ((const struct rtmsg *)nlmsg_data(nlh))->rtm_family : AF_UNSPEC;
}

int knl_feed(struct kstate *ks, const void *buf, size_t len, struct kerr *e)
{
	struct knl k = { .live = ks };
	struct addrs6_arg a6 = { &ks->addrs6, &ks->naddrs6, 0 };
	struct knl_req r = { .k = &k };
	struct nlmsghdr *first, *nlh;
	int rem, pass, ret = 0;

	memset(ks, 0, sizeof(*ks));
	kerr_ok(e);
	if (len > INT_MAX)
		return kerr_set(e, EMSGSIZE, NULL);
	/* The socket's buffer is aligned; the fuzzer's bytes need not be. */
	first = malloc(len ? len : 1);
	if (!first)
		return kerr_set(e, ENOMEM, NULL);
	memcpy(first, buf, len);
	for (pass = 0; pass < 2 && !ret; pass++) {
		rem = (int)len;
		for (nlh = first; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
			if (pass) {
				notified(&k, nlh);
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR &&
			    nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
				on_error(NULL, nlmsg_data(nlh), &r);
				kerr_set(e, r.err, r.msg);
			} else if ((ret = on_link(nlh, ks)) || (ret = on_addr(nlh, ks)) ||
				   (ret = on_addr6(nlh, &a6)) ||
				   (ret = feed_family(nlh) == AF_INET6 ? on_route6(nlh, ks) : on_route(nlh, ks)) ||
				   (ret = on_rule(nlh, ks))) {
				break;
			}
		}
		for (size_t i = 0; !pass && i < ks->nlinks; i++)
			if (ks->links[i].has_bond)
				bond_names(&ks->links[i].bond, ks);
	}
	free(first);
	return ret ? kerr_set(e, ret, NULL) : 0;
}

void kstate_free(struct kstate *ks)
{
	if (!ks)
		return;
	free(ks->links);
	free(ks->addrs);
	free(ks->routes);
	free(ks->fib);
	free(ks->rules);
	free(ks->addrs6);
	free(ks->routes6);
	memset(ks, 0, sizeof(*ks));
}

const uint8_t *klink_hwaddr(const struct klink *l)
{
	static const uint8_t zero[6];

	if (l->has_perm_addr)
		return l->perm_addr;
	/* A bond slave's address is the bond's; the bond keeps the slave's own. */
	if (l->has_slave && memcmp(l->slave.perm_hwaddr, zero, 6))
		return l->slave.perm_hwaddr;
	return l->addr_len == 6 ? l->addr : NULL;
}

const struct klink *kstate_link(const struct kstate *ks, const char *name)
{
	size_t i;

	for (i = 0; i < ks->nlinks; i++)
		if (!strcmp(ks->links[i].name, name))
			return &ks->links[i];
	return NULL;
}

const struct klink *kstate_link_by_index(const struct kstate *ks, int ifindex)
{
	size_t i;

	for (i = 0; i < ks->nlinks; i++)
		if (ks->links[i].ifindex == ifindex)
			return &ks->links[i];
	return NULL;
}

struct getlink {
	struct klink *out;
	int found;
};

static int on_getlink(struct nlmsghdr *nlh, void *arg)
{
	struct getlink *g = arg;

	if (!g->found && parse_link(nlh, g->out) == 0)
		g->found = 1;
	return 0;
}

/* RTM_GETLINK for one link, by name (name != NULL) or by ifindex. */
static int getlink_one(struct knl *k, const char *name, int ifindex, struct klink *out,
		       struct kerr *e)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct getlink g = { .out = out };
	struct nl_msg *msg;
	int ret;

	msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    (name && nla_put_string(msg, IFLA_IFNAME, name) < 0)) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	ret = knl_run(k, msg, 0, on_getlink, &g, e);
	if (ret < 0)
		return -1;
	if (!g.found)
		return kerr_set(e, ENODEV, NULL);
	return 0;
}

int knl_get_link(struct knl *k, const char *name, struct klink *out, struct kerr *e)
{
	struct klink *other;
	size_t i;

	/* The tracked state is as current as a request would be. */
	knl_sync(k);
	if (k->live && !k->stale) {
		const struct klink *l = kstate_link(k->live, name);

		if (!l)
			return kerr_set(e, ENODEV, NULL);
		*out = *l;
		return kerr_ok(e);
	}
	if (getlink_one(k, name, 0, out, e) < 0)
		return -1;
	if (!out->has_bond)
		return 0;
	other = malloc(sizeof(*other));
	if (!other)
		return kerr_set(e, ENOMEM, NULL);
	for (i = 0; i < BOPT_COUNT; i++) {
		const struct bond_opt *r = &bond_opt_table[i];
		struct bond_opts *o = &out->bond;
		char *slot;

		if (r->nla_type != BNLA_IFINDEX || !BOND_HAS(o, r->id))
			continue;
		slot = ifname_slot(o, r->id);
		slot[0] = '\0';
		if (o->num[r->id] && getlink_one(k, NULL, (int)o->num[r->id], other, NULL) == 0)
			snprintf(slot, IFNAMSIZ, "%s", other->name);
	}
	free(other);
	return kerr_ok(e);
}

/* ---- writing ---- */

static struct nl_msg *link_msg(int type, int flags, int ifindex, unsigned ifi_flags,
			       unsigned change)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC,
		.ifi_index = ifindex,
		.ifi_flags = ifi_flags,
		.ifi_change = change,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_REQUEST | NLM_F_ACK | flags);

	if (msg && nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int put_targets(struct nl_msg *msg, int nla, enum bond_nla_type t,
		       const struct bond_opts *o)
{
	size_t sz = t == BNLA_IP4_NEST ? sizeof(struct in_addr) : sizeof(struct in6_addr);
	const uint8_t *base = t == BNLA_IP4_NEST ? (const uint8_t *)o->arp_ip_target
						 : (const uint8_t *)o->ns_ip6_target;
	unsigned n = t == BNLA_IP4_NEST ? o->n_arp_ip_target : o->n_ns_ip6_target;
	struct nlattr *nest;
	unsigned i;

	if (n > BOND_MAX_TARGETS)
		n = BOND_MAX_TARGETS;
	nest = nla_nest_start(msg, nla);
	if (!nest)
		return -1;
	for (i = 0; i < n; i++)
		if (nla_put(msg, (int)i, (int)sz, base + i * sz) < 0)
			return -1;
	/* The kernel replaces the whole list; an empty nest is how it is cleared, and
	 * plain nla_nest_end() would drop it. */
	return nla_nest_end_keep_empty(msg, nest) < 0 ? -1 : 0;
}

static int put_bond_data(struct nl_msg *msg, const struct bond_opts *o, uint64_t mask)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < BOPT_COUNT && ret >= 0; i++) {
		const struct bond_opt *r = &bond_opt_table[i];
		uint32_t v = o->num[r->id];

		if (r->nla <= 0 || !((mask >> r->id) & 1))
			continue;
		switch (r->nla_type) {
		case BNLA_U8:
			ret = nla_put_u8(msg, r->nla, (uint8_t)v);
			break;
		case BNLA_U16:
			ret = nla_put_u16(msg, r->nla, (uint16_t)v);
			break;
		case BNLA_U32:
		case BNLA_IFINDEX:
			ret = nla_put_u32(msg, r->nla, v);
			break;
		case BNLA_BINARY:
			if (r->type == BOT_MAC)
				ret = nla_put(msg, r->nla, sizeof(o->ad_actor_system),
					      o->ad_actor_system);
			break;
		case BNLA_IP4_NEST:
		case BNLA_IP6_NEST:
			ret = put_targets(msg, r->nla, r->nla_type, o);
			break;
		default:
			break;
		}
	}
	return ret < 0 ? -1 : 0;
}

/* IFLA_LINKINFO{INFO_KIND "bond", INFO_DATA{...}}: the kind is mandatory, without it
 * the kernel refuses INFO_DATA with EOPNOTSUPP. */
static int put_bond_linkinfo(struct nl_msg *msg, const struct bond_opts *o, uint64_t mask)
{
	struct nlattr *li, *data;

	li = nla_nest_start(msg, IFLA_LINKINFO);
	if (!li || nla_put_string(msg, IFLA_INFO_KIND, "bond") < 0)
		return -1;
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	if (!data || put_bond_data(msg, o, mask) < 0)
		return -1;
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	return 0;
}

int knl_bond_create(struct knl *k, const char *name, const struct bond_opts *o, uint64_t mask,
		    struct kerr *e)
{
	/* EXCL: without it an existing device of that name is silently "changed". */
	struct nl_msg *msg = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0, 0, 0);

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (nla_put_string(msg, IFLA_IFNAME, name) < 0 || put_bond_linkinfo(msg, o, mask) < 0)
		goto out_free_msg;
	return knl_run(k, msg, 1, NULL, NULL, e);

out_free_msg:
	nlmsg_free(msg);
	return kerr_set(e, EMSGSIZE, NULL);
}

static int put_qos(struct nl_msg *msg, int type, const struct vlan_qos_map *v, unsigned n)
{
	struct nlattr *nest;

	if (!n)
		return 0;
	if (!(nest = nla_nest_start(msg, type)))
		return -1;
	for (unsigned i = 0; i < n; i++) {
		struct ifla_vlan_qos_mapping m = { .from = v[i].from, .to = v[i].to };

		if (nla_put(msg, IFLA_VLAN_QOS_MAPPING, sizeof(m), &m) < 0)
			return -1;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* IFLA_LINKINFO{INFO_KIND "vlan", INFO_DATA{[ID], [FLAGS], [INGRESS_QOS], [EGRESS_QOS]}}. */
static int put_vlan_linkinfo(struct nl_msg *msg, int with_id, uint16_t id, uint32_t flags,
			     uint32_t mask, const struct vlan_qos *q)
{
	struct ifla_vlan_flags fl = { .flags = flags & mask, .mask = mask };
	struct nlattr *li, *data;

	li = nla_nest_start(msg, IFLA_LINKINFO);
	if (!li || nla_put_string(msg, IFLA_INFO_KIND, "vlan") < 0)
		return -1;
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	if (!data || (with_id && nla_put_u16(msg, IFLA_VLAN_ID, id) < 0) ||
	    (mask && nla_put(msg, IFLA_VLAN_FLAGS, sizeof(fl), &fl) < 0) ||
	    (q && (put_qos(msg, IFLA_VLAN_INGRESS_QOS, q->in, q->n_in) < 0 ||
		   put_qos(msg, IFLA_VLAN_EGRESS_QOS, q->eg, q->n_eg) < 0)))
		return -1;
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	return 0;
}

int knl_vlan_create(struct knl *k, const char *name, int link, uint16_t id, uint32_t flags,
		    uint32_t mask, const struct vlan_qos *q, struct kerr *e)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0, 0, 0);

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
	    nla_put_u32(msg, IFLA_LINK, (uint32_t)link) < 0 ||
	    put_vlan_linkinfo(msg, 1, id, flags, mask, q) < 0)
		goto out_free_msg;
	return knl_run(k, msg, 1, NULL, NULL, e);

out_free_msg:
	nlmsg_free(msg);
	return kerr_set(e, EMSGSIZE, NULL);
}

int knl_vlan_change(struct knl *k, int ifindex, uint32_t flags, uint32_t mask,
		    const struct vlan_qos *q, struct kerr *e)
{
	/* RTM_NEWLINK, not RTM_SETLINK: SETLINK ignores IFLA_LINKINFO. */
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex, 0, 0);

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (put_vlan_linkinfo(msg, 0, 0, flags, mask, q) < 0) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

int knl_bond_change(struct knl *k, int ifindex, const struct bond_opts *o, uint64_t mask,
		    struct kerr *e)
{
	/* RTM_NEWLINK, not RTM_SETLINK: SETLINK ignores IFLA_LINKINFO and still says yes. */
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex, 0, 0);

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (put_bond_linkinfo(msg, o, mask) < 0) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

/* IFLA_LINKINFO{INFO_KIND or INFO_SLAVE_KIND "bridge", INFO_DATA or INFO_SLAVE_DATA{
 * the rows of mask}}. */
static int put_br_linkinfo(struct nl_msg *msg, enum br_table t, const struct br_vals *v,
			   uint32_t mask)
{
	size_t n;
	const struct br_opt *rows = br_table(t, &n);
	struct nlattr *li, *data;

	li = nla_nest_start(msg, IFLA_LINKINFO);
	if (!li || nla_put_string(msg, t == BR_BRIDGE ? IFLA_INFO_KIND : IFLA_INFO_SLAVE_KIND,
				  "bridge") < 0)
		return -1;
	data = nla_nest_start(msg, t == BR_BRIDGE ? IFLA_INFO_DATA : IFLA_INFO_SLAVE_DATA);
	if (!data)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = v->v[i];
		uint8_t mac[6];
		int ret;

		if (!((mask >> i) & 1))
			continue;
		switch (rows[i].width) {
		case 1:
			ret = nla_put_u8(msg, rows[i].nla, (uint8_t)x);
			break;
		case 2:
			ret = nla_put_u16(msg, rows[i].nla, rows[i].type == BRT_PROTO ?
					  htons((uint16_t)x) : (uint16_t)x);
			break;
		case 4:
			ret = nla_put_u32(msg, rows[i].nla, (uint32_t)x);
			break;
		case 8:
			ret = nla_put_u64(msg, rows[i].nla, x);
			break;
		default:
			for (int j = 5; j >= 0; j--, x >>= 8)
				mac[j] = (uint8_t)x;
			ret = nla_put(msg, rows[i].nla, 6, mac);
		}
		if (ret < 0)
			return -1;
	}
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	return 0;
}

int knl_bridge_create(struct knl *k, const char *name, const struct br_vals *v, uint32_t mask,
		      struct kerr *e)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0, 0, 0);

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
	    put_br_linkinfo(msg, BR_BRIDGE, v, mask) < 0) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

/* RTM_NEWLINK, not RTM_SETLINK: SETLINK ignores IFLA_LINKINFO. */
static int br_change(struct knl *k, int ifindex, enum br_table t, const struct br_vals *v,
		     uint32_t mask, struct kerr *e)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex, 0, 0);

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (put_br_linkinfo(msg, t, v, mask) < 0) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

int knl_bridge_change(struct knl *k, int ifindex, const struct br_vals *v, uint32_t mask,
		      struct kerr *e)
{
	return br_change(k, ifindex, BR_BRIDGE, v, mask, e);
}

int knl_brport_change(struct knl *k, int ifindex, const struct br_vals *v, uint32_t mask,
		      struct kerr *e)
{
	return br_change(k, ifindex, BR_PORT, v, mask, e);
}

int knl_slave_change(struct knl *k, int ifindex, unsigned mask, const int64_t *opt,
		     struct kerr *e)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, 0, ifindex, 0, 0);
	struct nlattr *li, *data;
	size_t i;
	int ret = 0;

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	li = nla_nest_start(msg, IFLA_LINKINFO);
	if (!li || nla_put_string(msg, IFLA_INFO_SLAVE_KIND, "bond") < 0)
		goto out_free_msg;
	data = nla_nest_start(msg, IFLA_INFO_SLAVE_DATA);
	if (!data)
		goto out_free_msg;
	for (i = 0; i < BSOPT_COUNT && ret >= 0; i++) {
		const struct bond_slave_opt *r = &bond_slave_opt_table[i];

		if (r->nla <= 0 || !((mask >> r->id) & 1))
			continue;
		switch (r->nla_type) {
		case BNLA_U8:
			ret = nla_put_u8(msg, r->nla, (uint8_t)opt[r->id]);
			break;
		case BNLA_U16:
			ret = nla_put_u16(msg, r->nla, (uint16_t)opt[r->id]);
			break;
		case BNLA_U32:
			ret = nla_put_u32(msg, r->nla, (uint32_t)opt[r->id]);
			break;
		default:
			break;
		}
	}
	if (ret < 0)
		goto out_free_msg;
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	return knl_run(k, msg, 1, NULL, NULL, e);

out_free_msg:
	nlmsg_free(msg);
	return kerr_set(e, EMSGSIZE, NULL);
}

/* Sends a link message with at most one u32 or binary attribute. */
static int link_simple(struct knl *k, int type, int ifindex, unsigned flags, unsigned change,
		       int attr, const void *data, int len, struct kerr *e)
{
	struct nl_msg *msg = link_msg(type, 0, ifindex, flags, change);

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (attr && nla_put(msg, attr, len, data) < 0) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

int knl_link_set_up(struct knl *k, int ifindex, int up, struct kerr *e)
{
	return link_simple(k, RTM_NEWLINK, ifindex, up ? IFF_UP : 0, IFF_UP, 0, NULL, 0, e);
}

int knl_link_set_master(struct knl *k, int ifindex, int master, struct kerr *e)
{
	uint32_t m = (uint32_t)master;

	return link_simple(k, RTM_NEWLINK, ifindex, 0, 0, IFLA_MASTER, &m, sizeof(m), e);
}

int knl_link_set_mtu(struct knl *k, int ifindex, uint32_t mtu, struct kerr *e)
{
	return link_simple(k, RTM_NEWLINK, ifindex, 0, 0, IFLA_MTU, &mtu, sizeof(mtu), e);
}

int knl_link_set_arp(struct knl *k, int ifindex, int on, struct kerr *e)
{
	return link_simple(k, RTM_NEWLINK, ifindex, on ? 0 : IFF_NOARP, IFF_NOARP, 0, NULL, 0, e);
}

int knl_link_set_mac(struct knl *k, int ifindex, const uint8_t mac[6], struct kerr *e)
{
	return link_simple(k, RTM_NEWLINK, ifindex, 0, 0, IFLA_ADDRESS, mac, 6, e);
}

int knl_link_delete(struct knl *k, int ifindex, struct kerr *e)
{
	return link_simple(k, RTM_DELLINK, ifindex, 0, 0, 0, NULL, 0, e);
}

int knl_addr(struct knl *k, int add, int ifindex, struct in_addr addr, uint8_t prefix,
	     struct in_addr brd, uint8_t scope, const char *label, struct kerr *e)
{
	struct ifaddrmsg ifa = {
		.ifa_family = AF_INET,
		.ifa_prefixlen = prefix,
		.ifa_scope = scope,
		.ifa_index = (uint32_t)ifindex,
	};
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(add ? RTM_NEWADDR : RTM_DELADDR,
				 NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0));
	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	/* IPv4 keys an address on IFA_LOCAL; IFA_ADDRESS equal to it means "not p2p". */
	if (nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, IFA_LOCAL, sizeof(addr), &addr) < 0 ||
	    nla_put(msg, IFA_ADDRESS, sizeof(addr), &addr) < 0 ||
	    (add && brd.s_addr && nla_put(msg, IFA_BROADCAST, sizeof(brd), &brd) < 0) ||
	    (add && label && *label && nla_put_string(msg, IFA_LABEL, label) < 0)) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

int knl_rule(struct knl *k, int add, const struct netcfg_rule *r, struct kerr *e)
{
	size_t alen = r->family == AF_INET6 ? 16 : 4;
	struct fib_rule_hdr h = {
		.family = r->family == AF_INET6 ? AF_INET6 : AF_INET,
		.dst_len = r->has_dst ? r->dst_len : 0,
		.src_len = r->has_src ? r->src_len : 0,
		.tos = r->tos,
		.table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC,
		.action = r->action,
		.flags = r->invert ? FIB_RULE_INVERT : 0,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(add ? RTM_NEWRULE : RTM_DELRULE,
						NLM_F_REQUEST | NLM_F_ACK |
						(add ? NLM_F_CREATE | NLM_F_EXCL : 0));
	int bad = 0;

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	bad |= nlmsg_append(msg, &h, sizeof(h), NLMSG_ALIGNTO) < 0;
	if (r->has_priority)
		bad |= nla_put_u32(msg, FRA_PRIORITY, r->priority) < 0;
	if (r->action == FR_ACT_TO_TBL)
		bad |= nla_put_u32(msg, FRA_TABLE, r->table) < 0;
	if (r->has_src)
		bad |= nla_put(msg, FRA_SRC, (int)alen, &r->src) < 0;
	if (r->has_dst)
		bad |= nla_put(msg, FRA_DST, (int)alen, &r->dst) < 0;
	if (r->has_fwmark) {
		bad |= nla_put_u32(msg, FRA_FWMARK, r->fwmark) < 0;
		bad |= nla_put_u32(msg, FRA_FWMASK, r->fwmask) < 0;
	}
	if (r->iif[0])
		bad |= nla_put_string(msg, FRA_IIFNAME, r->iif) < 0;
	if (r->oif[0])
		bad |= nla_put_string(msg, FRA_OIFNAME, r->oif) < 0;
	if (add)
		bad |= nla_put_u8(msg, FRA_PROTOCOL, r->proto) < 0;
	if (bad) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

int knl_route(struct knl *k, int cmd, int ifindex, const struct netcfg_route *r, struct kerr *e)
{
	int alen = r->family == AF_INET6 ? 16 : 4;
	struct rtmsg rtm = {
		.rtm_family = r->family == AF_INET6 ? AF_INET6 : AF_INET,
		.rtm_dst_len = r->dst_len,
		.rtm_src_len = r->family == AF_INET6 ? r->from_len : 0,
		.rtm_tos = r->tos,
		.rtm_table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_UNSPEC,
		.rtm_type = r->type,
		/* A delete matches by key, any protocol (0) and any scope (NOWHERE). */
		.rtm_protocol = cmd == 'd' ? 0 : r->proto,
		.rtm_scope = cmd == 'd' ? RT_SCOPE_NOWHERE : r->scope,
		.rtm_flags = r->onlink ? RTNH_F_ONLINK : 0,
	};
	int flags = NLM_F_REQUEST | NLM_F_ACK;
	struct nl_msg *msg;
	struct nlattr *mx;
	int bad = 0;

	if (cmd == 'r' && r->family == AF_INET6) {
		/* IPv6's NLM_F_REPLACE takes the first route of the same metric, which
		 * may be another's (a router advertisement's): ours goes, then comes
		 * back as the file has it. */
		if (knl_route(k, 'd', ifindex, r, e) && e->err != ESRCH)
			return -1;
		cmd = 'a';
	}
	/* IPv6 without NLM_F_EXCL: it would refuse any route of the same prefix
	 * and metric, even through another gateway; an identical one is EEXIST. */
	if (cmd == 'a')
		flags |= NLM_F_CREATE | (r->family == AF_INET6 ? 0 : NLM_F_EXCL);
	else if (cmd == 'r')
		flags |= NLM_F_CREATE | NLM_F_REPLACE;
	msg = nlmsg_alloc_simple(cmd == 'd' ? RTM_DELROUTE : RTM_NEWROUTE, flags);
	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	bad |= nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0;
	bad |= nla_put_u32(msg, RTA_TABLE, r->table) < 0;
	if (r->dst_len)
		bad |= nla_put(msg, RTA_DST, alen, &r->dst) < 0;
	if (r->family == AF_INET6 && r->from_len)
		bad |= nla_put(msg, RTA_SRC, 16, &r->from) < 0;
	if (r->has_gw)
		bad |= nla_put(msg, RTA_GATEWAY, alen, &r->gw) < 0;
	if (r->type == RTN_UNICAST)
		bad |= nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex) < 0;
	if (r->metric)
		bad |= nla_put_u32(msg, RTA_PRIORITY, r->metric) < 0;
	if (r->has_src && cmd != 'd')
		bad |= nla_put(msg, RTA_PREFSRC, alen, &r->src) < 0;
	if (r->mtu && cmd != 'd') {
		if (!(mx = nla_nest_start(msg, RTA_METRICS))) {
			bad = 1;
		} else {
			bad |= nla_put_u32(msg, RTAX_MTU, r->mtu) < 0;
			if (r->mtu_lock)
				bad |= nla_put_u32(msg, RTAX_LOCK, 1u << RTAX_MTU) < 0;
			nla_nest_end(msg, mx);
		}
	}
	if (bad) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

int knl_route_default(struct knl *k, int add, int ifindex, struct in_addr gw, uint32_t metric,
		      struct in_addr src, struct kerr *e)
{
	struct netcfg_route r = {
		.family = AF_INET, .gw.v4 = gw, .has_gw = 1, .metric = metric, .src.v4 = src,
		.has_src = src.s_addr != 0,
		.type = RTN_UNICAST, .table = RT_TABLE_MAIN, .scope = RT_SCOPE_UNIVERSE,
		/* The legacy scripts' protocol (ip route's default), as before. */
		.proto = RTPROT_BOOT,
	};

	return knl_route(k, add ? 'a' : 'd', ifindex, &r, e);
}

/* ---- ethtool: the kernel's ethtool netlink interface (generic netlink) ---- */

/* The generic netlink socket and the ethtool family, when first needed (only a
 * file with ETHTOOL_OPTS costs it). */
static int ethtool_family(struct knl *k, struct kerr *e)
{
	int one = 1, ret;

	if (k->ethtool_family)
		return 0;
	if (!k->gen) {
		if (!(k->gen = nl_socket_alloc()))
			return kerr_set(e, ENOMEM, NULL);
		if ((ret = genl_connect(k->gen)) < 0) {
			nl_socket_free(k->gen);
			k->gen = NULL;
			return kerr_nl(e, ret);
		}
		nl_socket_disable_auto_ack(k->gen);
		setsockopt(nl_socket_get_fd(k->gen), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	}
	ret = genl_ctrl_resolve(k->gen, ETHTOOL_GENL_NAME);
	if (ret < 0)
		return kerr_set(e, EOPNOTSUPP, "this kernel has no ethtool netlink interface (Linux 5.6 or later)");
	k->ethtool_family = ret;
	return 0;
}

/* A request of cmd for ifindex, its header nest (attribute hdr) in place. */
static struct nl_msg *ethtool_msg(struct knl *k, uint8_t cmd, int hdr, int ifindex, uint32_t flags)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *n;

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, k->ethtool_family, 0,
			 NLM_F_REQUEST | NLM_F_ACK, cmd, ETHTOOL_GENL_VERSION) ||
	    !(n = nla_nest_start(msg, hdr)) || nla_put_u32(msg, ETHTOOL_A_HEADER_DEV_INDEX, (uint32_t)ifindex) ||
	    (flags && nla_put_u32(msg, ETHTOOL_A_HEADER_FLAGS, flags))) {
		nlmsg_free(msg);
		return NULL;
	}
	nla_nest_end(msg, n);
	return msg;
}

/* Each bit of a verbose bitset (names): set(name, arg, on). */
static void bitset_names(struct nlattr *bs, void (*set)(const char *, void *, int), void *arg)
{
	struct nlattr *tb[ETHTOOL_A_BITSET_MAX + 1], *bit;
	int nomask, rem;

	if (nla_parse_nested(tb, ETHTOOL_A_BITSET_MAX, bs, NULL) < 0 || !tb[ETHTOOL_A_BITSET_BITS])
		return;
	nomask = tb[ETHTOOL_A_BITSET_NOMASK] != NULL;
	nla_for_each_nested(bit, tb[ETHTOOL_A_BITSET_BITS], rem) {
		struct nlattr *b[ETHTOOL_A_BITSET_BIT_MAX + 1];
		const char *name;

		if (nla_type(bit) != ETHTOOL_A_BITSET_BITS_BIT ||
		    nla_parse_nested(b, ETHTOOL_A_BITSET_BIT_MAX, bit, NULL) < 0 ||
		    !(name = attr_str(b[ETHTOOL_A_BITSET_BIT_NAME])))
			continue;
		set(name, arg, nomask || b[ETHTOOL_A_BITSET_BIT_VALUE] != NULL);
	}
}

struct feat_arg {
	struct keth *out;
	int which;		/* 0 hw, 1 wanted, 2 active (the name only) */
};

static void feat_set(const char *name, void *arg, int on)
{
	struct feat_arg *a = arg;
	struct keth *x = a->out;
	size_t i;

	for (i = 0; i < x->nfeat && strcmp(x->feat[i].name, name); i++)
		;
	if (i == sizeof(x->feat) / sizeof(*x->feat))
		return;
	if (i == x->nfeat) {
		snprintf(x->feat[i].name, sizeof(x->feat[i].name), "%s", name);
		x->feat[i].hw = x->feat[i].wanted = x->feat[i].active = 0;
		x->nfeat++;
	}
	if (a->which == 1)
		x->feat[i].wanted = (uint8_t)on;
	else if (a->which == 0)
		x->feat[i].hw = (uint8_t)on;
	else
		x->feat[i].active = (uint8_t)on;
}

/* Every feature the kernel names for the device: the changeable ones (hw) and the
 * wanted ones; a feature neither lists is off and fixed. */
static int on_features(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[ETHTOOL_A_FEATURES_MAX + 1];
	struct feat_arg hw = { arg, 0 }, wanted = { arg, 1 };

	if (genlmsg_parse(nlh, 0, tb, ETHTOOL_A_FEATURES_MAX, NULL) < 0)
		return EPROTO;
	/* ACTIVE names every feature that is on, fixed ones too: listed first, so
	 * that the device's whole set is known. */
	if (tb[ETHTOOL_A_FEATURES_ACTIVE])
		bitset_names(tb[ETHTOOL_A_FEATURES_ACTIVE], feat_set, &(struct feat_arg){ arg, 2 });
	if (tb[ETHTOOL_A_FEATURES_HW])
		bitset_names(tb[ETHTOOL_A_FEATURES_HW], feat_set, &hw);
	if (tb[ETHTOOL_A_FEATURES_WANTED])
		bitset_names(tb[ETHTOOL_A_FEATURES_WANTED], feat_set, &wanted);
	return 0;
}

/* -G's and -L's numbers: attribute base + i for the value, max_base + i for the
 * driver's maximum. */
struct counts_arg {
	int base, max_base, maxattr;
	uint32_t *v, *max;
	unsigned *present;
};

static int on_counts(struct nlmsghdr *nlh, void *arg)
{
	struct counts_arg *a = arg;
	struct nlattr *tb[32];

	if (a->maxattr >= 32 || genlmsg_parse(nlh, 0, tb, a->maxattr, NULL) < 0)
		return EPROTO;
	for (int i = 0; i < 4; i++) {
		a->v[i] = attr_u32(tb[a->base + i], a->v[i]);
		if (tb[a->max_base + i]) {
			a->max[i] = attr_u32(tb[a->max_base + i], 0);
			if (a->present && a->max[i])
				*a->present |= 1u << i;
		}
	}
	return 0;
}

static int on_linkmodes(struct nlmsghdr *nlh, void *arg)
{
	struct keth *x = arg;
	struct nlattr *tb[ETHTOOL_A_LINKMODES_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, ETHTOOL_A_LINKMODES_MAX, NULL) < 0)
		return EPROTO;
	x->speed = attr_u32(tb[ETHTOOL_A_LINKMODES_SPEED], 0);
	x->duplex = attr_u8(tb[ETHTOOL_A_LINKMODES_DUPLEX], -1);
	x->autoneg = attr_u8(tb[ETHTOOL_A_LINKMODES_AUTONEG], -1);
	return 0;
}

/* Compact bitsets (requested for wake-on-LAN): the first word of value and mask. */
static int on_wol(struct nlmsghdr *nlh, void *arg)
{
	struct keth *x = arg;
	struct nlattr *tb[ETHTOOL_A_WOL_MAX + 1], *bs[ETHTOOL_A_BITSET_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, ETHTOOL_A_WOL_MAX, NULL) < 0)
		return EPROTO;
	if (!tb[ETHTOOL_A_WOL_MODES] ||
	    nla_parse_nested(bs, ETHTOOL_A_BITSET_MAX, tb[ETHTOOL_A_WOL_MODES], NULL) < 0)
		return 0;
	if (bs[ETHTOOL_A_BITSET_VALUE] && nla_len(bs[ETHTOOL_A_BITSET_VALUE]) >= 4)
		memcpy(&x->wol, nla_data(bs[ETHTOOL_A_BITSET_VALUE]), 4);
	if (bs[ETHTOOL_A_BITSET_MASK] && nla_len(bs[ETHTOOL_A_BITSET_MASK]) >= 4)
		memcpy(&x->wol_supported, nla_data(bs[ETHTOOL_A_BITSET_MASK]), 4);
	x->has_wol = 1;
	return 0;
}

void knl_feed_ethtool(const void *buf, size_t len, struct keth *out)
{
	struct counts_arg rings = { ETHTOOL_A_RINGS_RX, ETHTOOL_A_RINGS_RX_MAX, ETHTOOL_A_RINGS_TX,
				    out->ring, out->ring_max, NULL };
	struct counts_arg ch = { ETHTOOL_A_CHANNELS_RX_COUNT, ETHTOOL_A_CHANNELS_RX_MAX,
				 ETHTOOL_A_CHANNELS_COMBINED_COUNT, out->ch, out->ch_max, &out->ch_present };
	struct nlmsghdr *first, *nlh;
	int rem;

	memset(out, 0, sizeof(*out));
	out->duplex = out->autoneg = -1;
	if (len > INT_MAX || !(first = malloc(len ? len : 1)))
		return;
	memcpy(first, buf, len);
	rem = (int)len;
	/* Each message as each reply it could be. */
	for (nlh = first; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		on_features(nlh, out);
		on_counts(nlh, &rings);
		on_counts(nlh, &ch);
		on_linkmodes(nlh, out);
		on_wol(nlh, out);
	}
	free(first);
}

int knl_ethtool_read(struct knl *k, int ifindex, unsigned groups, struct keth *out, struct kerr *e)
{
	memset(out, 0, sizeof(*out));
	out->ifindex = ifindex;
	out->duplex = out->autoneg = -1;
	if (ethtool_family(k, e))
		return -1;
	for (int g = 0; g < ETH_NGROUPS; g++) {
		struct counts_arg rings = { ETHTOOL_A_RINGS_RX, ETHTOOL_A_RINGS_RX_MAX, ETHTOOL_A_RINGS_TX,
					    out->ring, out->ring_max, NULL };
		struct counts_arg ch = { ETHTOOL_A_CHANNELS_RX_COUNT, ETHTOOL_A_CHANNELS_RX_MAX,
					 ETHTOOL_A_CHANNELS_COMBINED_COUNT, out->ch, out->ch_max,
					 &out->ch_present };
		struct nl_msg *msg;
		struct kerr ge = { 0 };
		int rc;

		if (!((groups >> g) & 1))
			continue;
		switch (g) {
		case ETH_FEATURES:
			msg = ethtool_msg(k, ETHTOOL_MSG_FEATURES_GET, ETHTOOL_A_FEATURES_HEADER, ifindex, 0);
			rc = msg ? knl_run_on(k, k->gen, msg, 0, on_features, out, &ge) : -2;
			break;
		case ETH_RINGS:
			msg = ethtool_msg(k, ETHTOOL_MSG_RINGS_GET, ETHTOOL_A_RINGS_HEADER, ifindex, 0);
			rc = msg ? knl_run_on(k, k->gen, msg, 0, on_counts, &rings, &ge) : -2;
			break;
		case ETH_CHANNELS:
			msg = ethtool_msg(k, ETHTOOL_MSG_CHANNELS_GET, ETHTOOL_A_CHANNELS_HEADER, ifindex, 0);
			rc = msg ? knl_run_on(k, k->gen, msg, 0, on_counts, &ch, &ge) : -2;
			break;
		default:
			msg = ethtool_msg(k, ETHTOOL_MSG_LINKMODES_GET, ETHTOOL_A_LINKMODES_HEADER, ifindex, 0);
			rc = msg ? knl_run_on(k, k->gen, msg, 0, on_linkmodes, out, &ge) : -2;
			if (rc == 0) {
				msg = ethtool_msg(k, ETHTOOL_MSG_WOL_GET, ETHTOOL_A_WOL_HEADER, ifindex,
						  ETHTOOL_FLAG_COMPACT_BITSETS);
				/* A driver without wake-on-LAN answers EOPNOTSUPP: has_wol 0. */
				if (msg)
					knl_run_on(k, k->gen, msg, 0, on_wol, out, &(struct kerr){ 0 });
			}
			break;
		}
		if (rc == -2)
			return kerr_set(e, ENOMEM, NULL);
		if (rc == 0)
			out->have |= 1u << g;
		else
			out->err[g] = ge.err;
	}
	return kerr_ok(e);
}

/* A verbose bitset of the features of w: each named, on or off. */
static int put_features(struct nl_msg *msg, const struct netcfg_ethtool *w)
{
	struct nlattr *bs = nla_nest_start(msg, ETHTOOL_A_FEATURES_WANTED), *bits;

	if (!bs || !(bits = nla_nest_start(msg, ETHTOOL_A_BITSET_BITS)))
		return -1;
	for (size_t i = 0; i < w->nfeat; i++) {
		struct nlattr *bit = nla_nest_start(msg, ETHTOOL_A_BITSET_BITS_BIT);

		if (!bit || nla_put_string(msg, ETHTOOL_A_BITSET_BIT_NAME, w->feat[i].name) ||
		    (w->feat[i].on && nla_put_flag(msg, ETHTOOL_A_BITSET_BIT_VALUE)))
			return -1;
		nla_nest_end(msg, bit);
	}
	nla_nest_end(msg, bits);
	nla_nest_end(msg, bs);
	return 0;
}

int knl_ethtool_set(struct knl *k, int ifindex, int group, const struct netcfg_ethtool *w,
		    struct kerr *e)
{
	struct nl_msg *msg = NULL;
	int bad = 0;

	if (ethtool_family(k, e))
		return -1;
	/* OMIT_REPLY: the ACK is all we wait for. */
	switch (group) {
	case ETH_FEATURES:
		msg = ethtool_msg(k, ETHTOOL_MSG_FEATURES_SET, ETHTOOL_A_FEATURES_HEADER, ifindex,
				  ETHTOOL_FLAG_OMIT_REPLY);
		bad = !msg || put_features(msg, w);
		break;
	case ETH_RINGS:
	case ETH_CHANNELS: {
		int rings = group == ETH_RINGS;
		unsigned has = rings ? w->ring_has : w->ch_has;
		int base = rings ? ETHTOOL_A_RINGS_RX : ETHTOOL_A_CHANNELS_RX_COUNT;

		msg = ethtool_msg(k, rings ? ETHTOOL_MSG_RINGS_SET : ETHTOOL_MSG_CHANNELS_SET,
				  rings ? ETHTOOL_A_RINGS_HEADER : ETHTOOL_A_CHANNELS_HEADER, ifindex, 0);
		bad = !msg;
		for (int i = 0; !bad && i < 4; i++)
			if ((has >> i) & 1)
				bad = nla_put_u32(msg, base + i, rings ? w->ring[i] : w->ch[i]) < 0;
		break;
	}
	default:
		if (w->has_wol) {
			struct nlattr *bs;

			msg = ethtool_msg(k, ETHTOOL_MSG_WOL_SET, ETHTOOL_A_WOL_HEADER, ifindex, 0);
			bad = !msg || !(bs = nla_nest_start(msg, ETHTOOL_A_WOL_MODES)) ||
			      nla_put_flag(msg, ETHTOOL_A_BITSET_NOMASK) ||
			      nla_put_u32(msg, ETHTOOL_A_BITSET_SIZE, 32) ||
			      nla_put(msg, ETHTOOL_A_BITSET_VALUE, 4, &w->wol);
			if (bad) {
				nlmsg_free(msg);
				return kerr_set(e, ENOMEM, NULL);
			}
			nla_nest_end(msg, bs);
			if (knl_run_on(k, k->gen, msg, 1, NULL, NULL, e))
				return -1;
			msg = NULL;
		}
		if (!w->has_speed && w->duplex < 0 && w->autoneg < 0)
			return kerr_ok(e);
		msg = ethtool_msg(k, ETHTOOL_MSG_LINKMODES_SET, ETHTOOL_A_LINKMODES_HEADER, ifindex, 0);
		bad = !msg || (w->has_speed && nla_put_u32(msg, ETHTOOL_A_LINKMODES_SPEED, w->speed)) ||
		      (w->duplex >= 0 && nla_put_u8(msg, ETHTOOL_A_LINKMODES_DUPLEX, (uint8_t)w->duplex)) ||
		      (w->autoneg >= 0 && nla_put_u8(msg, ETHTOOL_A_LINKMODES_AUTONEG, (uint8_t)w->autoneg));
		break;
	}
	if (bad) {
		nlmsg_free(msg);
		return kerr_set(e, ENOMEM, NULL);
	}
	return knl_run_on(k, k->gen, msg, 1, NULL, NULL, e);
}

/* ---- IPv6 ---- */

int knl_addrs6(struct knl *k, int ifindex, struct kaddr6 **out, size_t *n, struct kerr *e)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET6, .ifa_index = (uint32_t)ifindex };
	struct addrs6_arg a = { out, n, ifindex };
	int ret;

	*out = NULL;
	*n = 0;
	for (int tries = 0; tries < KNL_DUMP_TRIES; tries++) {
		free(*out);
		*out = NULL;
		*n = 0;
		if ((ret = knl_dump(k, RTM_GETADDR, &ifa, sizeof(ifa), on_addr6, &a, e)) != 1)
			return ret;
	}
	return kerr_set(e, EAGAIN, "netlink dump kept being interrupted");
}

int knl_addr6(struct knl *k, int add, int ifindex, const struct in6_addr *a, uint8_t prefix,
	      struct kerr *e)
{
	struct ifaddrmsg ifa = {
		.ifa_family = AF_INET6, .ifa_prefixlen = prefix, .ifa_index = (uint32_t)ifindex,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(add ? RTM_NEWADDR : RTM_DELADDR,
						NLM_F_REQUEST | NLM_F_ACK |
						(add ? NLM_F_CREATE | NLM_F_EXCL : 0));

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	/* IFA_PROTO marks it ours (Linux 5.18; older kernels ignore it). */
	if (nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, IFA_LOCAL, 16, a) < 0 ||
	    (add && nla_put_u8(msg, IFA_PROTO, ROUTE_PROTO_OURS) < 0)) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}

int knl_route6_default(struct knl *k, int add, int ifindex, const struct in6_addr *gw,
		       uint32_t metric, struct kerr *e)
{
	static const struct in6_addr any;
	struct rtmsg rtm = {
		.rtm_family = AF_INET6, .rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = add ? ROUTE_PROTO_OURS : 0,
		.rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST,
	};
	/* No NLM_F_EXCL: IPv6 then refuses any route to ::/0 at the same metric,
	 * such as the one a router advertisement gave (proto ra, metric 1024);
	 * without it ours goes in beside that one, and an identical route is still
	 * EEXIST (the plan adds only what is absent). */
	struct nl_msg *msg = nlmsg_alloc_simple(add ? RTM_NEWROUTE : RTM_DELROUTE,
						NLM_F_REQUEST | NLM_F_ACK |
						(add ? NLM_F_CREATE : 0));

	if (!msg)
		return kerr_set(e, ENOMEM, NULL);
	if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex) < 0 ||
	    (memcmp(gw, &any, 16) && nla_put(msg, RTA_GATEWAY, 16, gw) < 0) ||
	    (metric && nla_put_u32(msg, RTA_PRIORITY, metric) < 0)) {
		nlmsg_free(msg);
		return kerr_set(e, EMSGSIZE, NULL);
	}
	return knl_run(k, msg, 1, NULL, NULL, e);
}
