/* check_rtnl.c - the netlink reply parsers on crafted bytes (knl_feed): what the
 * fuzz harness found, kept as tests. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include "ethtool_opts.h"
#include "rtnl.h"

/* Messages appended to one buffer, as a dump reply would carry them. */
struct feed {
	char buf[4096];
	size_t len;
};

static void add(struct feed *f, struct nl_msg *msg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	size_t n = NLMSG_ALIGN(h->nlmsg_len);

	ck_assert_uint_le(f->len + n, sizeof(f->buf));
	memcpy(f->buf + f->len, h, n);
	f->len += n;
	nlmsg_free(msg);
}

static struct nl_msg *link_msg(int type, int ifindex, const char *name, int master)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_MULTI);

	ck_assert_ptr_nonnull(msg);
	ck_assert_int_eq(nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO), 0);
	if (name)
		nla_put_string(msg, IFLA_IFNAME, name);
	if (master)
		nla_put_u32(msg, IFLA_MASTER, (uint32_t)master);
	return msg;
}

static struct nl_msg *bond_msg(int ifindex, const char *name)
{
	struct nl_msg *msg = link_msg(RTM_NEWLINK, ifindex, name, 0);
	struct nlattr *li = nla_nest_start(msg, IFLA_LINKINFO), *data;

	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put_u8(msg, IFLA_BOND_MODE, 1);
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	return msg;
}

/* A plain dump: links by name and by ifindex, the bond's data. */
START_TEST(test_feed_dump)
{
	struct feed f = { .len = 0 };
	struct kstate ks;
	struct kerr e;
	const struct klink *b;

	add(&f, bond_msg(2, "bond0"));
	add(&f, link_msg(RTM_NEWLINK, 3, "eth0", 2));
	ck_assert_int_eq(knl_feed(&ks, f.buf, f.len, &e), 0);
	ck_assert_uint_eq(ks.nlinks, 2);
	b = kstate_link(&ks, "bond0");
	ck_assert_ptr_nonnull(b);
	ck_assert(b->has_bond);
	ck_assert_uint_eq(b->bond.num[BOPT_MODE], 1);
	ck_assert_str_eq(kstate_link_by_index(&ks, 3)->name, "eth0");
	kstate_free(&ks);
}
END_TEST

/* fuzz_netlink: an RTM_DELLINK inside a dump was taken for a link, and one without
 * IFLA_IFNAME became a slave named "" that ifdown planned to release. */
START_TEST(test_feed_dellink_in_dump)
{
	struct feed f = { .len = 0 };
	struct kstate ks;
	struct kerr e;

	add(&f, bond_msg(2, "bond0"));
	add(&f, link_msg(RTM_DELLINK, 4, NULL, 2));
	add(&f, link_msg(RTM_NEWLINK, 5, NULL, 2));
	ck_assert_int_eq(knl_feed(&ks, f.buf, f.len, &e), 0);
	ck_assert_uint_eq(ks.nlinks, 1);
	ck_assert_str_eq(ks.links[0].name, "bond0");
	kstate_free(&ks);
}
END_TEST

/* fuzz_netlink: a bond reported with ifindex 0 made every link without a master
 * (IFLA_MASTER 0) one of its slaves. */
START_TEST(test_feed_ifindex_zero)
{
	struct feed f = { .len = 0 };
	struct kstate ks;
	struct kerr e;

	add(&f, bond_msg(0, "bond0"));
	add(&f, link_msg(RTM_NEWLINK, -7, "eth9", 0));
	add(&f, link_msg(RTM_NEWLINK, 1, "lo", 0));
	ck_assert_int_eq(knl_feed(&ks, f.buf, f.len, &e), 0);
	ck_assert_uint_eq(ks.nlinks, 1);
	ck_assert_str_eq(ks.links[0].name, "lo");
	kstate_free(&ks);
}
END_TEST

/* A veth whose peer is in another namespace reports the peer's ifindex there as
 * IFLA_LINK, with IFLA_LINK_NETNSID: here it would name an unrelated device (and
 * make it look stacked on a bond of this namespace). */
START_TEST(test_feed_link_netnsid)
{
	struct feed f = { .len = 0 };
	struct nl_msg *m;
	struct kstate ks;
	struct kerr e;

	add(&f, bond_msg(2, "bond0"));
	m = link_msg(RTM_NEWLINK, 3, "vlan9", 0);
	nla_put_u32(m, IFLA_LINK, 2);
	add(&f, m);
	m = link_msg(RTM_NEWLINK, 4, "veth0", 0);
	nla_put_u32(m, IFLA_LINK, 2);
	nla_put_s32(m, IFLA_LINK_NETNSID, 0);
	add(&f, m);
	ck_assert_int_eq(knl_feed(&ks, f.buf, f.len, &e), 0);
	ck_assert_int_eq(kstate_link(&ks, "vlan9")->link, 2);
	ck_assert_int_eq(kstate_link(&ks, "veth0")->link, 0);
	kstate_free(&ks);
}
END_TEST

/* IFLA_PERM_ADDRESS (54) is the NIC's own MAC; without it, the address it wears. */
START_TEST(test_feed_perm_address)
{
	static const uint8_t perm[6] = { 0x52, 0x54, 0, 1, 2, 3 }, cur[6] = { 2, 0, 0, 0, 0, 9 };
	struct feed f = { .len = 0 };
	struct nl_msg *m;
	struct kstate ks;
	struct kerr e;

	m = link_msg(RTM_NEWLINK, 3, "eth0", 0);
	nla_put(m, IFLA_ADDRESS, 6, cur);
	nla_put(m, 54, 6, perm);
	add(&f, m);
	m = link_msg(RTM_NEWLINK, 4, "dummy0", 0);
	nla_put(m, IFLA_ADDRESS, 6, cur);
	add(&f, m);
	ck_assert_int_eq(knl_feed(&ks, f.buf, f.len, &e), 0);
	ck_assert_int_eq(memcmp(klink_hwaddr(kstate_link(&ks, "eth0")), perm, 6), 0);
	ck_assert_int_eq(memcmp(klink_hwaddr(kstate_link(&ks, "dummy0")), cur, 6), 0);
	kstate_free(&ks);
}
END_TEST

/* A refusal's errno and the kernel's text; a positive or INT_MIN "errno" is a
 * protocol error, never negated into nonsense. */
START_TEST(test_feed_error)
{
	static const int errs[][2] = { { -16, 16 }, { 5, EPROTO }, { -2147483647 - 1, EPROTO } };

	for (size_t i = 0; i < sizeof(errs) / sizeof(*errs); i++) {
		struct feed f = { .len = 0 };
		struct nlmsgerr ne = { .error = errs[i][0] };
		struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_ERROR, 0x100 | 0x200);
		struct kstate ks;
		struct kerr e;

		ne.msg.nlmsg_len = sizeof(ne.msg);
		nlmsg_append(msg, &ne, sizeof(ne), NLMSG_ALIGNTO);
		nla_put_string(msg, 1, "Device or resource busy");
		add(&f, msg);
		ck_assert_int_eq(knl_feed(&ks, f.buf, f.len, &e), 0);
		ck_assert_int_eq(e.err, errs[i][1]);
		ck_assert_str_eq(e.msg, "Device or resource busy");
		kstate_free(&ks);
	}
}
END_TEST

/* Truncated and garbage bytes: nothing read, nothing crashes. */
START_TEST(test_feed_garbage)
{
	struct feed f = { .len = 0 };
	struct kstate ks;
	struct kerr e;

	add(&f, bond_msg(2, "bond0"));
	for (size_t cut = 0; cut < f.len; cut++) {
		ck_assert_int_eq(knl_feed(&ks, f.buf, cut, &e), 0);
		ck_assert_uint_le(ks.nlinks, 1);
		kstate_free(&ks);
	}
	memset(f.buf, 0xff, sizeof(f.buf));
	ck_assert_int_eq(knl_feed(&ks, f.buf, sizeof(f.buf), &e), 0);
	ck_assert_uint_eq(ks.nlinks, 0);
	kstate_free(&ks);
}
END_TEST

/* Short attributes at the very end of a reply are not read past (the buffer ends
 * there, so ASan sees the read): an IPv6 default route with an empty RTA_OIF, and
 * ethtool replies whose u32 is empty and whose bit name has no NUL. */
START_TEST(test_feed_short_attributes)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_table = RT_TABLE_MAIN,
			     .rtm_type = RTN_UNICAST, .rtm_protocol = RTPROT_RA };
	struct genlmsghdr gh = { .cmd = 1 };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_NEWROUTE, NLM_F_MULTI);
	struct nlattr *a, *b, *c;
	struct kstate ks;
	struct keth x;
	struct kerr e;
	char *buf;
	size_t n;

	ck_assert_int_eq(nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO), 0);
	nla_put(msg, RTA_OIF, 0, NULL);
	n = nlmsg_hdr(msg)->nlmsg_len;
	ck_assert_ptr_nonnull(buf = malloc(n));
	memcpy(buf, nlmsg_hdr(msg), n);
	nlmsg_free(msg);
	ck_assert_int_eq(knl_feed(&ks, buf, n, &e), 0);
	ck_assert_uint_eq(ks.nroutes6, 0);
	kstate_free(&ks);
	free(buf);

	msg = nlmsg_alloc_simple(0x20, 0);
	ck_assert_int_eq(nlmsg_append(msg, &gh, sizeof(gh), NLMSG_ALIGNTO), 0);
	nla_put(msg, ETHTOOL_A_LINKMODES_SPEED, 0, NULL);
	a = nla_nest_start(msg, ETHTOOL_A_FEATURES_HW);
	b = nla_nest_start(msg, ETHTOOL_A_BITSET_BITS);
	c = nla_nest_start(msg, ETHTOOL_A_BITSET_BITS_BIT);
	nla_put(msg, ETHTOOL_A_BITSET_BIT_NAME, 4, "abcd");
	nla_nest_end(msg, c);
	nla_nest_end(msg, b);
	nla_nest_end(msg, a);
	n = nlmsg_hdr(msg)->nlmsg_len;
	ck_assert_ptr_nonnull(buf = malloc(n));
	memcpy(buf, nlmsg_hdr(msg), n);
	nlmsg_free(msg);
	knl_feed_ethtool(buf, n, &x);
	ck_assert_uint_eq(x.nfeat, 0);
	ck_assert_uint_eq(x.speed, 0);
	free(buf);
}
END_TEST

Suite *rtnl_suite(void)
{
	Suite *s = suite_create("rtnl");
	TCase *tc = tcase_create("parsers");

	tcase_add_test(tc, test_feed_dump);
	tcase_add_test(tc, test_feed_dellink_in_dump);
	tcase_add_test(tc, test_feed_ifindex_zero);
	tcase_add_test(tc, test_feed_link_netnsid);
	tcase_add_test(tc, test_feed_perm_address);
	tcase_add_test(tc, test_feed_error);
	tcase_add_test(tc, test_feed_garbage);
	tcase_add_test(tc, test_feed_short_attributes);
	suite_add_tcase(s, tc);
	return s;
}
