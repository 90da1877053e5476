/* check_plan.c - the planner against fabricated kernel states: order, provenance,
 * idempotence, live changes and the -n text. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include "plan.h"
#include "snapshot.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

static char dir[64];

static void write_file(const char *name, const char *text)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void unlink_file(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(unlink(path), 0);
}

static const char *tutorial_bond =
	"DEVICE=\"bond0\"\nIPADDR=192.168.122.207\nNETMASK=255.255.255.0\n"
	"GATEWAY=192.168.122.1\nBOOTPROTO=\"none\"\nNM_CONTROLLED=\"no\"\nONBOOT=\"yes\"\n"
	"USRCTL=no\n##BONDING_OPTS=\"mode=active-backup\" YES\nBONDING_OPTS=\"mode=1\"\n";

static void write_tutorial(const char *opts)
{
	char buf[1024];

	snprintf(buf, sizeof(buf),
		 "DEVICE=\"bond0\"\nIPADDR=192.168.122.207\nNETMASK=255.255.255.0\n"
		 "GATEWAY=192.168.122.1\nBOOTPROTO=\"none\"\nNM_CONTROLLED=\"no\"\n"
		 "ONBOOT=\"yes\"\nUSRCTL=no\n##BONDING_OPTS=\"mode=active-backup\" YES\n"
		 "BONDING_OPTS=\"%s\"\n", opts);
	write_file("ifcfg-bond0", opts ? buf : tutorial_bond);
	for (int i = 0; i < 2; i++) {
		snprintf(buf, sizeof(buf),
			 "DEVICE=\"eth%d\"\nTYPE=\"Ethernet\"\nBOOTPROTO=\"none\"\nONBOOT=\"yes\"\n"
			 "MASTER=bond0\nSLAVE=yes\nNM_CONTROLLED=\"no\"\n", i);
		snprintf(buf + 512, 32, "ifcfg-eth%d", i);
		write_file(buf + 512, buf);
	}
}

static void setup(void)
{
	strcpy(dir, "/tmp/check_plan.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* A kernel state with links; the caller fills what it needs. */
struct fake {
	struct kstate ks;
	struct klink links[8];
	struct kaddr addrs[4];
	struct kroute routes[2];
	struct kfib fib[8];
	struct kaddr6 addrs6[8];
	struct kroute6 routes6[4];
};

static struct klink *add_link(struct fake *f, const char *name, const char *kind, unsigned flags)
{
	struct klink *l = &f->links[f->ks.nlinks];

	memset(l, 0, sizeof(*l));
	l->ifindex = (int)f->ks.nlinks + 2;
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	l->flags = flags;
	l->mtu = 1500;
	l->addr_len = 6;
	memcpy(l->addr, (uint8_t[6]){ 2, 0, 0, 0, 0, (uint8_t)l->ifindex }, 6);
	f->ks.links = f->links;
	f->ks.nlinks++;
	return l;
}

/* As the kernel does it: the first slave gives the bond its MAC, every slave takes
 * the bond's and keeps its own as perm_hwaddr. */
static void enslave(struct klink *s, struct klink *b)
{
	s->master = b->ifindex;
	s->flags |= IFF_UP | IFF_LOWER_UP;
	s->has_slave = 1;
	memcpy(s->slave.perm_hwaddr, s->addr, 6);
	if (b->addr[0] == 0)	/* bonds start with a zero MAC here */
		memcpy(b->addr, s->addr, 6);
	memcpy(s->addr, b->addr, 6);
}

/* The bond as the kernel reports it once configured from BONDING_OPTS text. */
static struct klink *add_bond(struct fake *f, const char *opts, unsigned flags)
{
	struct klink *b = add_link(f, "bond0", "bond", flags);
	struct diags d = { 0 };

	memset(b->addr, 0, sizeof(b->addr));

	ck_assert_int_eq(bond_opts_parse(opts, "t", 1, &b->bond, &d), 0);
	bond_opts_fill_defaults(&b->bond);
	diags_free(&d);
	b->has_bond = 1;
	return b;
}

static void add_addr(struct fake *f, const struct klink *l, const char *ip, uint8_t prefix)
{
	struct kaddr *a = &f->addrs[f->ks.naddrs++];

	a->ifindex = l->ifindex;
	inet_pton(AF_INET, ip, &a->addr);
	a->prefix = prefix;
	f->ks.addrs = f->addrs;
}

static void add_default_route(struct fake *f, const struct klink *l, const char *gw)
{
	struct kroute *r = &f->routes[f->ks.nroutes++];

	r->ifindex = l->ifindex;
	inet_pton(AF_INET, gw, &r->gw);
	f->ks.routes = f->routes;
}

static void add_fib(struct fake *f, const struct klink *l, const char *line, int proto);

/* The zeroconf route ours on l, as plan_l3_after_up() adds it. */
static void add_zeroconf(struct fake *f, const struct klink *l)
{
	char line[64];

	snprintf(line, sizeof(line), "169.254.0.0/16 scope link metric %d", 1000 + l->ifindex);
	add_fib(f, l, line, ROUTE_PROTO_OURS);
}

static void add_addr_route(struct fake *f, const struct klink *b)
{
	add_addr(f, b, "192.168.122.207", 24);
	add_default_route(f, b, "192.168.122.1");
	add_zeroconf(f, b);
}

/* Every plan this suite makes, with every finding, against tests/golden/plans.txt:
 * "@@ KEY" lines, each followed by the -n text and the findings.  A change to any
 * plan is a diff of that file.  GOLDEN_UPDATE=1 appends instead (remove the file
 * first); check tests fork, so the key is the test function and a call count. */
#define GOLDEN "golden/plans.txt"

static char *golden_section(const char *key)
{
	FILE *fp = fopen(GOLDEN, "r");
	char *line = NULL, *buf = NULL, hdr[160];
	size_t cap = 0, len = 0;
	int in = 0;
	FILE *out;

	ck_assert_msg(fp != NULL, "%s is missing (GOLDEN_UPDATE=1 writes it)", GOLDEN);
	out = open_memstream(&buf, &len);
	snprintf(hdr, sizeof(hdr), "@@ %s\n", key);
	while (getline(&line, &cap, fp) > 0) {
		if (!strncmp(line, "@@ ", 3)) {
			if (in)
				break;
			in = !strcmp(line, hdr);
			continue;
		}
		if (in)
			fputs(line, out);
	}
	fclose(out);
	free(line);
	fclose(fp);
	if (!in) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void golden(const char *fn, const char *text)
{
	static int calls;
	char key[128], *want;

	snprintf(key, sizeof(key), "%s#%d", fn, ++calls);
	if (getenv("GOLDEN_UPDATE")) {
		FILE *fp = fopen(GOLDEN, "a");

		ck_assert_ptr_nonnull(fp);
		fprintf(fp, "@@ %s\n%s", key, text);
		fclose(fp);
		return;
	}
	want = golden_section(key);
	ck_assert_msg(want != NULL, "%s: no section %s", GOLDEN, key);
	ck_assert_msg(!strcmp(want, text), "%s: %s differs:\n--- golden\n%s--- now\n%s",
		      GOLDEN, key, want, text);
	free(want);
}

/* Plans ifup (or ifdown) of name as the helpers do and returns the -n text, with the
 * findings when the planner refused; caller frees.  The text and every finding are
 * also checked against the golden file. */
#define plan_text(f, name, down, module_loaded, rc) \
	plan_text_at(__func__, f, name, down, module_loaded, rc)

/* Warnings in plan_text()'s result even when the plan is made (a test sets it). */
static int show_warnings;
/* The cost of each refusal in plan_text()'s result (a test sets it): for each step
 * the kernel might refuse, the steps not applied then (plan_needs, transitively). */
static int show_costs;

static void print_costs(const struct plan *p, FILE *fp)
{
	char *lost = calloc(p->n + 1, 1);

	ck_assert_ptr_nonnull(lost);
	for (size_t i = 0; i < p->n; i++) {
		size_t need[PLAN_MAX_NEEDS];

		memset(lost, 0, p->n);
		lost[i] = 1;
		fprintf(fp, "refused %zu:", i + 1);
		for (size_t j = i + 1; j < p->n; j++) {
			size_t n = plan_needs(p, j, need);

			for (size_t k = 0; k < n && !lost[j]; k++) {
				ck_assert_uint_lt(need[k], j);	/* only earlier steps */
				lost[j] = lost[need[k]];
			}
			if (lost[j])
				fprintf(fp, " %zu", j + 1);
		}
		fputc('\n', fp);
	}
	free(lost);
}

static char *plan_text_at(const char *fn, const struct fake *f, const char *name, int down,
			  int module_loaded, int *rc)
{
	struct ifcfg_dir D = { 0 };
	struct diags d = { 0 };
	struct netgraph g = { 0 };
	const struct netnode *node;
	struct plan p = { 0 };
	struct plan_env env = { .module_loaded = module_loaded };
	char *buf = NULL, *all = NULL;
	size_t len = 0, alen = 0;
	FILE *fp;

	ck_assert_int_eq(ifcfg_dir_scan(dir, &D, &d), 0);
	ck_assert_int_eq(netgraph_load(&D, &g, &d), 0);
	plan_resolve_hwaddr(&g, &f->ks);
	node = netgraph_find(&g, name);
	ck_assert_ptr_nonnull(node);
	/* As the helpers do: the device, its controller and the controller's ports must
	 * have loaded. */
	*rc = node->ok ? 0 : -1;
	diags_append(&d, &node->load);
	if (node->controller >= 0 || node->dev.kind->port_key) {
		const struct netnode *ctrl = node->controller >= 0 ? &g.v[node->controller] : node;
		const struct netnode **ports = NULL, **own = NULL;
		size_t n = netgraph_ports(&g, ctrl, &ports);
		size_t nown = ctrl != node ? netgraph_ports(&g, node, &own) : 0;

		/* A controller that is a port itself (a bond in a bridge): its own ports. */
		for (size_t i = 0; i < nown; i++) {
			diags_append(&d, &own[i]->load);
			*rc |= own[i]->ok ? 0 : -1;
		}
		free(own);
		if (ctrl != node)
			diags_append(&d, &node->rel);

		if (ctrl != node)
			diags_append(&d, &ctrl->load);
		*rc |= ctrl->ok ? 0 : -1;
		for (size_t i = 0; i < n; i++) {
			if (ports[i] != node) {
				diags_append(&d, &ports[i]->load);
				diags_append(&d, &ports[i]->rel);
			}
			*rc |= ports[i]->ok ? 0 : -1;
		}
		diags_append(&d, &ctrl->rel);
		free(ports);
	} else {
		diags_append(&d, &node->rel);
	}
	if (*rc == 0)
		*rc = down ? plan_down(&g, node, &f->ks, NULL, &p, &d)
			   : plan_up(&g, node, &f->ks, &env, &p, &d);
	fp = open_memstream(&buf, &len);
	plan_print(&p, fp);
	if (*rc || show_warnings)
		diags_print(&d, fp, NULL, DIAG_STYLE_LINT);
	if (show_costs)
		print_costs(&p, fp);
	fclose(fp);
	fp = open_memstream(&all, &alen);
	fprintf(fp, "%s %s -> %d\n", down ? "ifdown" : "ifup", name, *rc);
	plan_print(&p, fp);
	diags_print(&d, fp, NULL, DIAG_STYLE_LINT);
	fclose(fp);
	golden(fn, all);
	free(all);
	plan_free(&p);
	netgraph_free(&g);
	ifcfg_dir_free(&D);
	diags_free(&d);
	return buf;
}

/* Asserts that the lines appear in text in this order. */
static void assert_in_order(const char *text, const char *const *lines)
{
	const char *at = text;

	for (; *lines; lines++) {
		const char *hit = strstr(at, *lines);

		if (!hit)
			ck_abort_msg("missing or out of order: \"%s\" in:\n%s", *lines, text);
		at = hit + strlen(*lines);
	}
}

/* bond0 up with eth0 and eth1 enslaved, its address and default route in place. */
static struct klink *live_bond(struct fake *f, const char *opts)
{
	struct klink *b = add_bond(f, opts, IFF_UP);

	enslave(add_link(f, "eth0", "dummy", 0), b);
	enslave(add_link(f, "eth1", "dummy", 0), b);
	add_addr_route(f, b);
	return b;
}

START_TEST(test_tutorial_fresh)
{
	struct fake f = { 0 };
	int rc;
	char *t;
	static const char *const want[] = {
		"modprobe bonding max_bonds=0\t# ifcfg-bond0:10: max_bonds=0",
		"ip link add bond0 type bond mode active-backup ",
		"\t# ifcfg-bond0:10\n",
		"ip link set dev eth0 master bond0\t# ifcfg-eth0:5\n",
		"ip link set dev eth1 master bond0\t# ifcfg-eth1:5\n",
		"ip link set dev bond0 up\t# ifcfg-bond0\n",
		/* Once it is up: ARPCHECK probes the link for the address first. */
		"arping -q -D -c 2 -w 0.5 -I bond0 192.168.122.207\t# ifcfg-bond0:2: ARPCHECK",
		"ip addr add 192.168.122.207/24 brd 192.168.122.255 dev bond0\t# ifcfg-bond0:2\n",
		"arping -q -A -c 1 -I bond0 192.168.122.207\n",
		"ip route add default via 192.168.122.1 dev bond0\t# ifcfg-bond0:4\n",
		"ip route add 169.254.0.0/16 dev bond0 metric 1000+ifindex proto static scope link\t# ifcfg-bond0: the zeroconf route",
		NULL
	};

	write_tutorial(NULL);
	add_link(&f, "eth1", "dummy", 0);	/* natural order, not dump order */
	add_link(&f, "eth0", "dummy", IFF_UP);
	t = plan_text(&f, "bond0", 0, 0, &rc);
	ck_assert_int_eq(rc, 0);
	assert_in_order(t, want);
	/* eth0 is up: down first, because the kernel enslaves only down devices. */
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev eth0 down\t# ifcfg-eth0:5: the kernel "
					"enslaves only a device that is down\n"
					"ip link set dev eth0 master bond0"));
	ck_assert_ptr_null(strstr(t, "eth1 down"));
	/* Options needing a slave or a non-zero MAC are not in the create message. */
	ck_assert_ptr_null(strstr(t, " primary "));
	ck_assert_ptr_null(strstr(t, "ad_actor_system"));
	free(t);
}
END_TEST

START_TEST(test_idempotent)
{
	struct fake f = { 0 };
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100 updelay=250");
	live_bond(&f, "mode=1 miimon=100 updelay=200");
	/* updelay=250 is held as 200 (rounded down to a multiple of miimon). */
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "");
	free(t);
}
END_TEST

START_TEST(test_live_change)
{
	struct fake f = { 0 };
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=200 updelay=400");
	live_bond(&f, "mode=1 miimon=100 updelay=200");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	/* The kernel rescales updelay with miimon: one write is enough, nothing flaps. */
	ck_assert_str_eq(t, "echo 200 > /sys/class/net/bond0/bonding/miimon\t# ifcfg-bond0:10\n");
	free(t);
}
END_TEST

START_TEST(test_mode_change)
{
	struct fake f = { 0 };
	int rc;
	char *t;
	static const char *const want[] = {
		/* eth0 last: the bond wears its MAC (a duplicate-address warning otherwise) */
		"ip link set dev eth1 nomaster\t# ifcfg-bond0:10: mode and fail_over_mac change only",
		"ip link set dev eth0 nomaster",
		"ip link set dev bond0 down\t# ifcfg-bond0:10: the kernel changes this only while",
		"echo 802.3ad > /sys/class/net/bond0/bonding/mode",
		"echo fast > /sys/class/net/bond0/bonding/lacp_rate",
		"echo 100 > /sys/class/net/bond0/bonding/miimon",
		"echo layer3+4 > /sys/class/net/bond0/bonding/xmit_hash_policy",
		"ip link set dev eth0 master bond0",
		"ip link set dev eth1 master bond0",
		"ip link set dev bond0 up",
		NULL
	};

	write_tutorial("mode=802.3ad miimon=100 lacp_rate=fast xmit_hash_policy=layer3+4");
	live_bond(&f, "mode=1");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	assert_in_order(t, want);
	/* Released slaves are down: no extra "down" before enslaving them again. */
	ck_assert_ptr_null(strstr(t, "eth0 down"));
	/* The kernel flushed the default route when the bond went down: added again. */
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev bond0 up\t# ifcfg-bond0\n"
					"ip route add default via 192.168.122.1 dev bond0"));
	free(t);
}
END_TEST

START_TEST(test_mode_change_keeps_macaddr)
{
	struct fake f = { 0 };
	struct klink *b;
	int rc;
	char *t;
	static const char *const want[] = {
		"ip link set dev eth0 nomaster",
		"echo balance-alb > /sys/class/net/bond0/bonding/mode",
		/* an emptied bond gets a random MAC from the kernel: set it again */
		"ip link set dev bond0 address 02:00:00:00:00:99\t# ifcfg-bond0:11: again",
		"ip link set dev eth0 master bond0",
		NULL
	};

	write_tutorial("mode=balance-alb miimon=100");
	write_file("ifcfg-bond0", "DEVICE=bond0\nIPADDR=192.168.122.207\nPREFIX=24\n"
		   "GATEWAY=192.168.122.1\nONBOOT=yes\nBOOTPROTO=none\nNM_CONTROLLED=no\n"
		   "USERCTL=no\n\nBONDING_OPTS=\"mode=balance-alb miimon=100\"\n"
		   "MACADDR=02:00:00:00:00:99\n");
	b = add_bond(&f, "mode=1 miimon=100", IFF_UP);
	memcpy(b->addr, (uint8_t[6]){ 2, 0, 0, 0, 0, 0x99 }, 6);
	enslave(add_link(&f, "eth0", "dummy", 0), b);
	enslave(add_link(&f, "eth1", "dummy", 0), b);
	add_addr_route(&f, b);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	assert_in_order(t, want);
	free(t);
	/* A live change that keeps the slaves keeps the MAC: nothing about it. */
	write_file("ifcfg-bond0", "DEVICE=bond0\nIPADDR=192.168.122.207\nPREFIX=24\n"
		   "GATEWAY=192.168.122.1\nBONDING_OPTS=\"mode=1 miimon=200\"\n"
		   "MACADDR=02:00:00:00:00:99\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_str_eq(t, "echo 200 > /sys/class/net/bond0/bonding/miimon\t# ifcfg-bond0:5\n");
	free(t);
	/* fail_over_mac=active: the kernel gives the bond its active slave's MAC, so
	 * MACADDR is a warning (the graph's), never a step. */
	memset(&f, 0, sizeof(f));
	write_file("ifcfg-bond0", "DEVICE=bond0\nIPADDR=192.168.122.207\nPREFIX=24\n"
		   "GATEWAY=192.168.122.1\nBONDING_OPTS=\"mode=1 miimon=100 fail_over_mac=active\"\n"
		   "MACADDR=02:00:00:00:00:99\n");
	b = add_bond(&f, "mode=1 miimon=100 fail_over_mac=active", IFF_UP);
	enslave(add_link(&f, "eth0", "dummy", 0), b);
	enslave(add_link(&f, "eth1", "dummy", 0), b);
	add_addr_route(&f, b);
	show_warnings = 1;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	show_warnings = 0;
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(!strstr(t, "address 02:00:00:00:00:99"), "%s", t);
	ck_assert_msg(strstr(t, "ifcfg-bond0:6: warning: MACADDR: not applied: with fail_over_mac=active"), "%s", t);
	free(t);
}
END_TEST

START_TEST(test_slave_down_by_hand)
{
	struct fake f = { 0 };
	struct klink *e1;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	live_bond(&f, "mode=1 miimon=100");
	e1 = &f.links[2];
	ck_assert_str_eq(e1->name, "eth1");
	e1->flags &= ~(unsigned)(IFF_UP | IFF_LOWER_UP);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "ip link set dev eth1 up\t# ifcfg-eth1:5: enslaved but down\n");
	free(t);
	t = plan_text(&f, "eth1", 0, 1, &rc);
	ck_assert_str_eq(t, "ip link set dev eth1 up\t# ifcfg-eth1:5: enslaved but down\n");
	free(t);
	/* Its MTU changed by hand: its bond's again. */
	e1->flags |= IFF_UP | IFF_LOWER_UP;
	e1->mtu = 1400;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_str_eq(t, "ip link set dev eth1 mtu 1500\t# ifcfg-eth1:5: a slave has its bond's MTU\n");
	free(t);
	/* ... unless the bond's own changes, which sets every slave's. */
	write_tutorial("mode=1 miimon=100\"\nMTU=\"9000");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_msg(!strstr(t, "dev eth1 mtu") && strstr(t, "dev bond0 mtu 9000"), "%s", t);
	free(t);
}
END_TEST

START_TEST(test_arp_to_mii)
{
	struct fake f = { 0 };
	int rc;
	char *t;
	static const char *const want[] = {
		"echo 100 > /sys/class/net/bond0/bonding/miimon",
		"echo -192.168.122.1 > /sys/class/net/bond0/bonding/arp_ip_target",
		NULL
	};

	write_tutorial("mode=1 miimon=100");
	live_bond(&f, "mode=1 arp_interval=1000 arp_ip_target=192.168.122.1");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	/* miimon first: it stops ARP monitoring, so removing the last target does not
	 * warn "Removing last arp target with arp_interval on", and no arp_interval write. */
	assert_in_order(t, want);
	ck_assert_ptr_null(strstr(t, "arp_interval"));
	free(t);
}
END_TEST

START_TEST(test_targets_added_one_by_one)
{
	struct fake f = { 0 };
	int rc;
	char *t;

	write_tutorial("mode=1 arp_interval=1000 arp_ip_target=192.168.122.1,192.168.122.2");
	live_bond(&f, "mode=1 arp_interval=1000 arp_ip_target=192.168.122.1");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "echo +192.168.122.2 > /sys/class/net/bond0/bonding/arp_ip_target"
			    "\t# ifcfg-bond0:10\n");
	free(t);
}
END_TEST

START_TEST(test_slave_address_removed)
{
	struct fake f = { 0 };
	struct klink *e0;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	add_link(&f, "eth1", "dummy", 0);
	e0 = add_link(&f, "eth0", "dummy", IFF_UP);
	add_addr(&f, e0, "10.0.0.1", 24);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev eth0 down\t# ifcfg-eth0:5: the kernel enslaves"));
	ck_assert_ptr_nonnull(strstr(t, "\nip addr del 10.0.0.1/24 dev eth0\t# ifcfg-eth0:5: a bond "
					"slave has no address of its own\nip link set dev eth0 master bond0"));
	free(t);
}
END_TEST

static int running_yes(const char *dev, int v6) { return !v6; }
static int running_no(const char *dev, int v6) { return 0; }

/* BOOTPROTO=dhcp: the client's address and route are not ours to remove; the
 * client is started unless it runs, stopped first on ifdown. */
START_TEST(test_dhcp_addresses_left_alone)
{
	struct fake f = { 0 };
	struct klink *e5;
	struct plan p = { 0 };
	struct diags d = { 0 };
	struct ifcfg_dir D = { 0 };
	struct netgraph g = { 0 };
	struct plan_env env = { .module_loaded = 1, .dhcp_client = "/sbin/dhclient",
				.dhcp_running = running_yes };
	const struct netnode *node;

	write_file("ifcfg-eth5", "DEVICE=eth5\nBOOTPROTO=dhcp\nDHCPRELEASE=yes\n");
	e5 = add_link(&f, "eth5", "dummy", IFF_UP);
	add_addr(&f, e5, "10.9.0.7", 16);
	add_default_route(&f, e5, "10.9.0.1");
	add_zeroconf(&f, e5);
	ck_assert_int_eq(ifcfg_dir_scan(dir, &D, &d), 0);
	ck_assert_int_eq(netgraph_load(&D, &g, &d), 0);
	node = netgraph_find(&g, "eth5");
	ck_assert_int_eq(node->ok, 1);
	ck_assert_int_eq(plan_up(&g, node, &f.ks, &env, &p, &d), 0);
	ck_assert_uint_eq(p.n, 0);
	/* ifdown takes them all the same, the client released first. */
	ck_assert_int_eq(plan_down(&g, node, &f.ks, &env, &p, &d), 0);
	ck_assert_uint_eq(p.n, 4);
	ck_assert_int_eq(p.v[0].kind, STEP_DHCP_STOP);
	ck_assert_int_eq(p.v[1].kind, STEP_ROUTE_DEL);
	ck_assert_int_eq(p.v[2].kind, STEP_ADDR_DEL);
	ck_assert_int_eq(p.v[3].kind, STEP_DOWN);
	plan_free(&p);
	/* No client running: one is started, once the device has its settings. */
	env.dhcp_running = running_no;
	ck_assert_int_eq(plan_up(&g, node, &f.ks, &env, &p, &d), 0);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_int_eq(p.v[0].kind, STEP_DHCP_START);
	ck_assert_int_eq(p.v[0].line, 2);
	plan_free(&p);
	/* None on this host: an error at the BOOTPROTO line, nothing planned to run. */
	env.dhcp_client = NULL;
	ck_assert_int_eq(plan_up(&g, node, &f.ks, &env, &p, &d), -1);
	ck_assert_str_eq(d.v[d.n - 1].msg, "BOOTPROTO=dhcp: no DHCP client on this host (dhclient: isc-dhcp-client, or dhcpcd)");
	ck_assert_int_eq(d.v[d.n - 1].line, 2);
	plan_free(&p);
	netgraph_free(&g);
	ifcfg_dir_free(&D);
	diags_free(&d);
}
END_TEST

/* A bridge with DHCP whose port is a VLAN that does not exist yet: the VLAN comes
 * up and joins in the bridge's plan, before its client starts. */
START_TEST(test_bridge_dhcp_ports_first)
{
	struct fake f = { 0 };
	struct plan p = { 0 };
	struct diags d = { 0 };
	struct ifcfg_dir D = { 0 };
	struct netgraph g = { 0 };
	struct plan_env env = { .module_loaded = 1, .dhcp_client = "/sbin/dhclient",
				.dhcp_running = running_no };
	size_t create = 0, join = 0, dhcp = 0;

	write_file("ifcfg-br9", "DEVICE=br9\nTYPE=Bridge\nBOOTPROTO=dhcp\nNOZEROCONF=yes\n");
	write_file("ifcfg-eth1", "DEVICE=eth1\nNOZEROCONF=yes\n");
	write_file("ifcfg-eth1.7", "DEVICE=eth1.7\nVLAN=yes\nBRIDGE=br9\nONBOOT=yes\n");
	add_link(&f, "eth1", "dummy", IFF_UP | IFF_LOWER_UP);
	ck_assert_int_eq(ifcfg_dir_scan(dir, &D, &d), 0);
	ck_assert_int_eq(netgraph_load(&D, &g, &d), 0);
	ck_assert_int_eq(plan_up(&g, netgraph_find(&g, "br9"), &f.ks, &env, &p, &d), 0);
	for (size_t i = 0; i < p.n; i++) {
		if (p.v[i].kind == STEP_VLAN_CREATE && !strcmp(p.v[i].dev, "eth1.7"))
			create = i + 1;
		if (p.v[i].kind == STEP_ENSLAVE && !strcmp(p.v[i].dev, "eth1.7"))
			join = i + 1;
		if (p.v[i].kind == STEP_DHCP_START && !strcmp(p.v[i].dev, "br9"))
			dhcp = i + 1;
	}
	ck_assert_msg(create && join && dhcp && create < join && join < dhcp, "%zu %zu %zu", create, join, dhcp);
	plan_free(&p);
	/* Without DHCP the VLAN joins on its own ifup, as before. */
	write_file("ifcfg-br9", "DEVICE=br9\nTYPE=Bridge\nNOZEROCONF=yes\n");
	netgraph_free(&g);
	ifcfg_dir_free(&D);
	ck_assert_int_eq(ifcfg_dir_scan(dir, &D, &d), 0);
	ck_assert_int_eq(netgraph_load(&D, &g, &d), 0);
	ck_assert_int_eq(plan_up(&g, netgraph_find(&g, "br9"), &f.ks, &env, &p, &d), 0);
	for (size_t i = 0; i < p.n; i++)
		ck_assert_str_ne(p.v[i].dev, "eth1.7");
	plan_free(&p);
	netgraph_free(&g);
	ifcfg_dir_free(&D);
	diags_free(&d);
}
END_TEST

START_TEST(test_ifdown_active_slave)
{
	struct fake f = { 0 };
	struct klink *b, *e0;
	int rc;
	char *t;

	write_tutorial(NULL);
	b = add_bond(&f, "mode=1", IFF_UP);
	e0 = add_link(&f, "eth0", "dummy", 0);
	enslave(e0, b);
	enslave(add_link(&f, "eth1", "dummy", 0), b);
	strcpy(b->bond.active_slave, "eth0");
	t = plan_text(&f, "eth0", 1, 1, &rc);
	ck_assert_int_eq(rc, 0);
	/* The bond keeps the MAC it wears (eth0's own): a bare release, so that no
	 * peer has to learn a new one. */
	ck_assert_str_eq(t, "echo eth1 > /sys/class/net/bond0/bonding/active_slave\t# ifcfg-eth0:5: "
			    "move the traffic to a healthy slave before the release\n"
			    "ip link set dev eth0 nomaster\t# ifcfg-eth0:5\n");
	free(t);
	/* A backup slave is released without touching the active role or the MAC. */
	strcpy(b->bond.active_slave, "eth1");
	t = plan_text(&f, "eth0", 1, 1, &rc);
	ck_assert_str_eq(t, "ip link set dev eth0 nomaster\t# ifcfg-eth0:5\n");
	free(t);
	t = plan_text(&f, "eth1", 1, 1, &rc);
	ck_assert_str_eq(t, "echo eth0 > /sys/class/net/bond0/bonding/active_slave\t# ifcfg-eth1:5: "
			    "move the traffic to a healthy slave before the release\n"
			    "ip link set dev eth1 nomaster\t# ifcfg-eth1:5\n");
	free(t);
}
END_TEST

START_TEST(test_ifup_slave_keeps_active)
{
	struct fake f = { 0 };
	struct klink *b;
	int rc;
	char *t;

	write_tutorial(NULL);
	b = add_bond(&f, "mode=1", IFF_UP);
	add_link(&f, "eth0", "dummy", 0);
	enslave(add_link(&f, "eth1", "dummy", 0), b);
	add_addr_route(&f, b);
	strcpy(b->bond.active_slave, "eth1");
	t = plan_text(&f, "eth0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "ip link set dev eth0 master bond0\t# ifcfg-eth0:5\n");
	free(t);
}
END_TEST

START_TEST(test_ifdown_bond)
{
	struct fake f = { 0 };
	struct klink *b;
	int rc;
	char *t;

	write_tutorial(NULL);
	b = add_bond(&f, "mode=1", IFF_UP);
	enslave(add_link(&f, "eth0", "dummy", 0), b);
	add_addr_route(&f, b);
	t = plan_text(&f, "bond0", 1, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ip route del default via 192.168.122.1 dev bond0"));
	ck_assert_ptr_nonnull(strstr(t, "ip addr del 192.168.122.207/24 dev bond0"));
	ck_assert_ptr_nonnull(strstr(t, "ip link del dev bond0\t# ifcfg-bond0: releases every slave"));
	free(t);
}
END_TEST

START_TEST(test_config_error_plans_nothing)
{
	struct fake f = { 0 };
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100 lacp_rate=fastt");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ifcfg-bond0:10: error: BONDING_OPTS: lacp_rate=fastt: "
					"invalid value (expected slow, fast, 0, 1)"));
	ck_assert_ptr_null(strstr(t, "ip "));
	free(t);
}
END_TEST

START_TEST(test_not_a_bond)
{
	struct fake f = { 0 };
	int rc;
	char *t;

	write_tutorial(NULL);
	add_link(&f, "bond0", "dummy", 0);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "bond0 exists and is not a bond (kind 'dummy')"));
	free(t);
}
END_TEST

/* A plain NIC: link settings, addresses, route; a live one converges; ifdown. */
START_TEST(test_plain_device)
{
	struct fake f = { 0 };
	struct klink *e5;
	int rc;
	char *t;

	write_file("ifcfg-eth5", "DEVICE=eth5\nIPADDR=10.1.0.5\nPREFIX=24\nIPADDR1=10.1.1.5\n"
		   "NETMASK1=255.255.0.0\nGATEWAY=10.1.0.1\nMTU=9000\n"
		   "MACADDR=02:00:00:00:05:05\n");
	e5 = add_link(&f, "eth5", "dummy", 0);
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "ip link set dev eth5 mtu 9000\t# ifcfg-eth5:7\n"
			    "ip link set dev eth5 address 02:00:00:00:05:05\t# ifcfg-eth5:8\n"
			    "ip link set dev eth5 up\t# ifcfg-eth5\n"
			    /* Both probed in one window, added, then announced. */
			    "arping -q -D -c 2 -w 0.5 -I eth5 10.1.0.5\t# ifcfg-eth5:2: ARPCHECK: before adding it, as the legacy ifup-eth\n"
			    "arping -q -D -c 2 -w 0.5 -I eth5 10.1.1.5\t# ifcfg-eth5:4: ARPCHECK: before adding it, as the legacy ifup-eth\n"
			    "ip addr add 10.1.0.5/24 brd 10.1.0.255 dev eth5\t# ifcfg-eth5:2\n"
			    "ip addr add 10.1.1.5/16 brd 10.1.255.255 dev eth5\t# ifcfg-eth5:4\n"
			    "arping -q -A -c 1 -I eth5 10.1.0.5\narping -q -U -c 1 -I eth5 10.1.0.5\t# ifcfg-eth5:2: ARPUPDATE: the neighbours learn the new address\n"
			    "arping -q -A -c 1 -I eth5 10.1.1.5\narping -q -U -c 1 -I eth5 10.1.1.5\t# ifcfg-eth5:4: ARPUPDATE: the neighbours learn the new address\n"
			    "ip route add default via 10.1.0.1 dev eth5\t# ifcfg-eth5:6\n"
			    "ip route add 169.254.0.0/16 dev eth5 metric 1002 proto static scope link\t# ifcfg-eth5: the zeroconf route, as the legacy ifup-eth adds it\n");
	free(t);
	/* Up, with one address of its own and another's default route. */
	e5->flags |= IFF_UP;
	e5->mtu = 9000;
	memcpy(e5->addr, (uint8_t[6]){ 2, 0, 0, 0, 5, 5 }, 6);
	add_addr(&f, e5, "10.1.0.5", 24);
	add_addr(&f, e5, "10.9.9.9", 8);
	add_zeroconf(&f, e5);
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_str_eq(t, "ip addr del 10.9.9.9/8 dev eth5\t# ifcfg-eth5: not in the configuration\n"
			    "arping -q -D -c 2 -w 0.5 -I eth5 10.1.1.5\t# ifcfg-eth5:4: ARPCHECK: before adding it, as the legacy ifup-eth\n"
			    "ip addr add 10.1.1.5/16 brd 10.1.255.255 dev eth5\t# ifcfg-eth5:4\n"
			    "arping -q -A -c 1 -I eth5 10.1.1.5\narping -q -U -c 1 -I eth5 10.1.1.5\t# ifcfg-eth5:4: ARPUPDATE: the neighbours learn the new address\n"
			    "ip route add default via 10.1.0.1 dev eth5\t# ifcfg-eth5:6\n");
	free(t);
	add_default_route(&f, e5, "10.1.0.1");
	t = plan_text(&f, "eth5", 1, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ip route del default via 10.1.0.1 dev eth5"));
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev eth5 down"));
	free(t);
	/* A device the kernel lacks, and a MASTER without SLAVE=yes. */
	write_file("ifcfg-eth6", "DEVICE=eth6\nMASTER=bond0\n");
	t = plan_text(&f, "eth6", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "eth6: no such device"));
	free(t);
}
END_TEST

/* VLAN flags: in the create message when not the kernel's default, changed live;
 * a new id means a new VLAN. */
START_TEST(test_vlan_flags_and_id)
{
	struct fake f = { 0 };
	struct klink *v;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	write_file("ifcfg-vlan10", "DEVICE=vlan10\nVLAN=yes\nPHYSDEV=bond0\nREORDER_HDR=no\nGVRP=yes\n");
	live_bond(&f, "mode=1 miimon=100");
	t = plan_text(&f, "vlan10", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "ip link add link bond0 name vlan10 type vlan id 10 reorder_hdr off gvrp on"
			    "\t# ifcfg-vlan10:2\nip link set dev vlan10 up\t# ifcfg-vlan10\n"
			    "ip route add 169.254.0.0/16 dev vlan10 metric 1000+ifindex proto static scope link\t# ifcfg-vlan10: the zeroconf route, as the legacy ifup-eth adds it\n");
	free(t);
	v = add_link(&f, "vlan10", "vlan", IFF_UP);
	v->has_vlan = 1;
	v->vlan_id = 10;
	v->link = f.links[0].ifindex;
	v->vlan_flags = 0x2;
	add_zeroconf(&f, v);
	t = plan_text(&f, "vlan10", 0, 1, &rc);
	ck_assert_str_eq(t, "");
	free(t);
	v->vlan_flags = 0x1;
	t = plan_text(&f, "vlan10", 0, 1, &rc);
	ck_assert_str_eq(t, "ip link set dev vlan10 type vlan reorder_hdr off gvrp on\t# ifcfg-vlan10:4\n");
	free(t);
	v->vlan_id = 11;
	t = plan_text(&f, "vlan10", 0, 1, &rc);
	ck_assert_str_eq(t, "ip link del dev vlan10\t# ifcfg-vlan10:2: the kernel cannot change a VLAN's id or lower device\n"
			    "ip link add link bond0 name vlan10 type vlan id 10 reorder_hdr off gvrp on\t# ifcfg-vlan10:2\n"
			    "ip link set dev vlan10 up\t# ifcfg-vlan10\n"
			    /* A new device, a new ifindex: known when the route is added. */
			    "ip route add 169.254.0.0/16 dev vlan10 metric 1000+ifindex proto static scope link\t# ifcfg-vlan10: the zeroconf route, as the legacy ifup-eth adds it\n");
	free(t);
}
END_TEST

/* VLANs on a bond: created after it, refused without it, deleted by ifdown. */
START_TEST(test_vlan_on_bond)
{
	struct fake f = { 0 };
	struct klink *v;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	write_file("ifcfg-bond0.100", "DEVICE=bond0.100\nVLAN=yes\nIPADDR=192.0.2.5\nPREFIX=24\n");
	write_file("ifcfg-vlan7", "DEVICE=vlan7\nTYPE=Vlan\nPHYSDEV=bond0\nVLAN_ID=7\nMTU=1400\n");
	write_file("ifcfg-bad.1", "DEVICE=bad\nVLAN=yes\n");
	/* A configured lower device comes up first; one without a file must exist. */
	t = plan_text(&f, "bond0.100", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(!strncmp(t, "ip link add bond0 type bond", 27), "%s", t);
	ck_assert_ptr_nonnull(strstr(t, "first: the lower device of the device brought up\n"));
	ck_assert_ptr_nonnull(strstr(t, "ip route add default via 192.168.122.1 dev bond0\t# ifcfg-bond0:4\n"
					"ip route add 169.254.0.0/16 dev bond0 metric 1000+ifindex proto static scope link\t# ifcfg-bond0: the zeroconf route, as the legacy ifup-eth adds it\n"
					"ip link add link bond0 name bond0.100 type vlan id 100"));
	free(t);
	write_file("ifcfg-eth9.5", "DEVICE=eth9.5\nVLAN=yes\n");
	t = plan_text(&f, "eth9.5", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "its lower device eth9 does not exist"));
	free(t);
	live_bond(&f, "mode=1 miimon=100");
	t = plan_text(&f, "bond0.100", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "ip link add link bond0 name bond0.100 type vlan id 100\t# ifcfg-bond0.100:2\n"
			    "ip link set dev bond0.100 up\t# ifcfg-bond0.100\n"
			    "arping -q -D -c 2 -w 0.5 -I bond0.100 192.0.2.5\t# ifcfg-bond0.100:3: ARPCHECK: before adding it, as the legacy ifup-eth\n"
			    "ip addr add 192.0.2.5/24 brd 192.0.2.255 dev bond0.100\t# ifcfg-bond0.100:3\n"
			    "arping -q -A -c 1 -I bond0.100 192.0.2.5\n"
			    "arping -q -U -c 1 -I bond0.100 192.0.2.5\t# ifcfg-bond0.100:3: ARPUPDATE: the neighbours learn the new address\n"
			    "ip route add 169.254.0.0/16 dev bond0.100 metric 1000+ifindex proto static scope link\t# ifcfg-bond0.100: the zeroconf route, as the legacy ifup-eth adds it\n");
	free(t);
	t = plan_text(&f, "vlan7", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ip link add link bond0 name vlan7 type vlan id 7\t# ifcfg-vlan7:2\n"
					"ip link set dev vlan7 mtu 1400"));
	free(t);
	t = plan_text(&f, "bad.1", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	free(t);
	v = add_link(&f, "bond0.100", "vlan", IFF_UP);
	add_addr(&f, v, "192.0.2.5", 24);
	add_zeroconf(&f, v);
	t = plan_text(&f, "bond0.100", 0, 1, &rc);
	ck_assert_str_eq(t, "");
	free(t);
	t = plan_text(&f, "bond0.100", 1, 1, &rc);
	ck_assert_str_eq(t, "ip link del dev bond0.100\t# ifcfg-bond0.100:2\n");
	free(t);
	/* A device of that name that is not a VLAN. */
	snprintf(v->kind, sizeof(v->kind), "dummy");
	t = plan_text(&f, "bond0.100", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "bond0.100 exists and is not a VLAN (kind 'dummy')"));
	free(t);
}
END_TEST


/* The graph in commands: ifdown takes down what is stacked on the device first; a
 * change that takes a bond down restores what is stacked on it; a device claimed by
 * two files is refused. */
START_TEST(test_stack_rules)
{
	struct fake f = { 0 };
	struct klink *b, *v;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	write_file("ifcfg-bond0.100", "DEVICE=bond0.100\nVLAN=yes\nIPADDR=192.0.2.5\nPREFIX=24\n"
		   "GATEWAY=192.0.2.1\nDEFROUTE=yes\n");
	b = live_bond(&f, "mode=1 miimon=100");
	f.ks.nroutes = 0;	/* the default route is the VLAN's here */
	v = add_link(&f, "bond0.100", "vlan", IFF_UP);
	v->has_vlan = 1;
	v->vlan_id = 100;
	v->link = b->ifindex;
	v->vlan_flags = 0x1;
	add_addr(&f, v, "192.0.2.5", 24);
	add_default_route(&f, v, "192.0.2.1");
	t = plan_text(&f, "bond0", 1, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(!strncmp(t, "ip link del dev bond0.100\t# ifcfg-bond0.100:2: first: it is stacked on the device taken down\n", 92), "%s", t);
	free(t);
	/* A mode change takes bond0 down: the kernel drops the VLAN's route. */
	write_tutorial("mode=balance-xor miimon=100");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev bond0 down"));
	ck_assert_msg(strstr(t, "ip link set dev bond0.100 up\t# ifcfg-bond0.100: again: the kernel took it down with its lower device\n"
				"ip route add default via 192.0.2.1 dev bond0.100\t# ifcfg-bond0.100:5: again: the kernel took it down with its lower device\n"),
		      "%s", t);
	free(t);
	/* A copy claiming eth0 for bond1 beside ifcfg-eth0: the file named for eth0
	 * wins, eth0 stays bond0's, the copy is said. */
	write_tutorial("mode=1 miimon=100");
	write_file("ifcfg-bond1", "DEVICE=bond1\nBONDING_OPTS=\"mode=1 miimon=100\"\n");
	write_file("ifcfg-eth0-b", "DEVICE=eth0\nMASTER=bond1\nSLAVE=yes\n");
	show_warnings = 1;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	show_warnings = 0;
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(strstr(t, "eth0 nomaster"));
	ck_assert_ptr_nonnull(strstr(t, "ifcfg-eth0-b:1: warning: not read: DEVICE=eth0 is configured by ifcfg-eth0"));
	free(t);
	/* Two files for eth0, neither named for it: which is meant is not known, and
	 * neither bond comes up with it. */
	unlink_file("ifcfg-eth0");
	write_file("ifcfg-eth0-a", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n");
	t = plan_text(&f, "bond1", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ifcfg-eth0-b:1: error: device eth0 is also configured by ifcfg-eth0-a"));
	ck_assert_ptr_null(strstr(t, "ip "));
	free(t);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ifcfg-eth0-a:1: error: device eth0 is also configured by ifcfg-eth0-b"));
	free(t);
}
END_TEST

/* A slave whose SLAVE= is no boolean does not vanish: its bond is refused. */
START_TEST(test_bad_slave_boolean)
{
	struct fake f = { 0 };
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	write_file("ifcfg-eth1", "DEVICE=eth1\nMASTER=bond0\nSLAVE=maybe\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ifcfg-eth1:3: error: SLAVE: 'maybe' is not a boolean (yes/no)"));
	ck_assert_ptr_null(strstr(t, "ip "));
	free(t);
}
END_TEST

/* Issue 10: what the kernel's state shows it would refuse, or what is not ours to
 * take, is refused before the first step: a device stacked on the bond, one the
 * kernel has as a bridge, a port of a controller no file configures. */
START_TEST(test_join_refused)
{
	struct fake f = { 0 };
	struct klink *b, *v, *x;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	b = live_bond(&f, "mode=1 miimon=100");
	v = add_link(&f, "v100", "vlan", IFF_UP);
	v->link = b->ifindex;
	add_addr(&f, v, "192.0.2.9", 24);
	write_file("ifcfg-v100", "DEVICE=v100\nMASTER=bond0\nSLAVE=yes\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(t, "ifcfg-v100:2: error: MASTER=bond0: v100 sits on bond0 in the kernel, so it cannot be its port"), "%s", t);
	ck_assert_ptr_null(strstr(t, "ip "));
	free(t);
	/* Through a macvlan on the VLAN: still below. */
	x = add_link(&f, "mv0", "macvlan", IFF_UP);
	x->link = v->ifindex;
	unlink_file("ifcfg-v100");
	write_file("ifcfg-mv0", "DEVICE=mv0\nMASTER=bond0\nSLAVE=yes\n");
	t = plan_text(&f, "mv0", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(t, "mv0 sits on bond0 in the kernel"), "%s", t);
	free(t);
	/* A veth's IFLA_LINK is its peer, not a lower device: no loop there. */
	x->link = 0;
	snprintf(x->kind, sizeof(x->kind), "veth");
	t = plan_text(&f, "mv0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev mv0 master bond0"));
	free(t);
	/* A bridge in the kernel, whatever its file says. */
	snprintf(x->kind, sizeof(x->kind), "bridge");
	t = plan_text(&f, "mv0", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(t, "ifcfg-mv0:2: error: MASTER=bond0: mv0 is a bridge in the kernel: a bridge cannot be a bond slave"), "%s", t);
	free(t);
	/* A port of a bond no file configures is left to it; of one a file
	 * configures, it moves (with a word). */
	snprintf(x->kind, sizeof(x->kind), "dummy");
	x->master = v->ifindex;
	t = plan_text(&f, "mv0", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(t, "mv0 is a port of v100, which no ifcfg file configures: not taken from it (ip link set dev mv0 nomaster releases it)"), "%s", t);
	free(t);
	v->link = 0;
	snprintf(v->kind, sizeof(v->kind), "bond");
	write_file("ifcfg-v100", "DEVICE=v100\nBONDING_OPTS=\"mode=1\"\n");
	t = plan_text(&f, "mv0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev mv0 master bond0"));
	free(t);
}
END_TEST

/* A route the kernel has through l, as a route file line would make it. */
static void add_fib_family(struct fake *f, const struct klink *l, int family, const char *line,
			   int proto)
{
	struct kfib *k = &f->fib[f->ks.nfib++];
	struct diags d = { 0 };

	ck_assert_int_eq(route_parse_line(line, l->name, family, "x", 1, &k->r, &d), 0);
	k->r.proto = (uint8_t)proto;
	k->r.has_scope = 1;
	k->r.line = 0;
	k->ifindex = l->ifindex;
	f->ks.fib = f->fib;
}

static void add_fib(struct fake *f, const struct klink *l, const char *line, int proto)
{
	add_fib_family(f, l, AF_INET, line, proto);
}

static void add_addr6(struct fake *f, const struct klink *l, const char *ip, uint8_t prefix,
		      uint8_t proto, uint32_t flags)
{
	struct kaddr6 *a = &f->addrs6[f->ks.naddrs6++];

	a->ifindex = l->ifindex;
	ck_assert_int_eq(inet_pton(AF_INET6, ip, &a->addr), 1);
	a->prefix = prefix;
	a->proto = proto;
	a->flags = flags;
	f->ks.addrs6 = f->addrs6;
}

static void add_route6(struct fake *f, const struct klink *l, const char *gw, uint8_t proto)
{
	struct kroute6 *r = &f->routes6[f->ks.nroutes6++];

	r->ifindex = l->ifindex;
	ck_assert_int_eq(inet_pton(AF_INET6, gw, &r->gw), 1);
	r->metric = 1024;
	r->proto = proto;
	f->ks.routes6 = f->routes6;
}

/* IPv6 ownership: only ours (proto 4) that the file no longer has is deleted; the
 * kernel's link-local and autoconfigured addresses, one added by hand, and a
 * router advertisement's default route stay; what the file has and the kernel
 * lacks is added, then waited for. */
START_TEST(test_ipv6_ownership)
{
	struct fake f = { 0 };
	struct klink *e5;
	int rc;
	char *t;

	write_file("ifcfg-eth5", "DEVICE=eth5\nNOZEROCONF=yes\nIPV6ADDR=2001:db8::10\n"
		   "IPV6ADDR_SECONDARIES=\"2001:db8::11/64 2001:db8::12/64\"\nIPV6_DEFAULTGW=2001:db8::1\n");
	e5 = add_link(&f, "eth5", "dummy", IFF_UP);
	add_addr6(&f, e5, "fe80::1", 64, 3, IFA_F_PERMANENT);		/* the kernel's link-local */
	add_addr6(&f, e5, "2001:db8::aa", 64, 2, 0);			/* SLAAC */
	add_addr6(&f, e5, "2001:db8::bb", 64, 0, IFA_F_PERMANENT);	/* by hand */
	add_addr6(&f, e5, "2001:db8::10", 64, 4, IFA_F_PERMANENT);	/* ours, stated */
	add_addr6(&f, e5, "2001:db8::99", 64, 4, IFA_F_PERMANENT);	/* ours, dropped */
	add_addr6(&f, e5, "2001:db8::11", 64, 4, IFA_F_PERMANENT | IFA_F_DADFAILED); /* tried again */
	add_addr6(&f, e5, "2001:db8::12", 48, 0, IFA_F_PERMANENT);	/* unmarked, other prefix */
	add_route6(&f, e5, "fe80::fe", 9);				/* from an RA */
	add_route6(&f, e5, "2001:db8::2", 4);				/* ours, old gateway */
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t,
		"ip -6 route del default via 2001:db8::2 dev eth5 metric 1024\t# ifcfg-eth5:5: ours, and not in the configuration\n"
		"ip -6 addr del 2001:db8::99/64 dev eth5\t# ifcfg-eth5: ours, and not in the configuration\n"
		"ip -6 addr del 2001:db8::11/64 dev eth5\t# ifcfg-eth5:4: its duplicate address detection failed: it is tried again\n"
		"ip -6 addr add 2001:db8::11/64 dev eth5 proto 4\t# ifcfg-eth5:4\n"
		"ip -6 addr del 2001:db8::12/48 dev eth5\t# ifcfg-eth5:4: the file gives it another prefix length\n"
		"ip -6 addr add 2001:db8::12/64 dev eth5 proto 4\t# ifcfg-eth5:4\n"
		"ip -6 route add default via 2001:db8::1 dev eth5 proto static\t# ifcfg-eth5:5\n"
		"wait up to 5 s for the duplicate address detection of 2001:db8::11 on eth5\t# ifcfg-eth5:4: duplicate address detection: the address is usable once it ends\n"
		"wait up to 5 s for the duplicate address detection of 2001:db8::12 on eth5\t# ifcfg-eth5:4: duplicate address detection: the address is usable once it ends\n");
	free(t);
	/* ifdown: ours only (the kernel flushes the rest as the link goes down). */
	t = plan_text(&f, "eth5", 1, 1, &rc);
	ck_assert_ptr_nonnull(strstr(t, "ip -6 addr del 2001:db8::10/64 dev eth5"));
	ck_assert_ptr_nonnull(strstr(t, "ip -6 addr del 2001:db8::99/64 dev eth5"));
	ck_assert_ptr_null(strstr(t, "2001:db8::aa"));
	ck_assert_ptr_null(strstr(t, "2001:db8::bb"));
	ck_assert_ptr_null(strstr(t, "fe80::"));
	free(t);
}
END_TEST

/* The zeroconf route: ours at 1000 + ifindex, taken over from the legacy scripts
 * (proto boot), deleted once NOZEROCONF says so; ARPCHECK and ARPUPDATE steps
 * only where the file and the device allow them. */
START_TEST(test_zeroconf_and_arp)
{
	struct fake f = { 0 };
	struct klink *e5;
	int rc;
	char *t;

	e5 = add_link(&f, "eth5", "dummy", IFF_UP);
	add_fib(&f, e5, "169.254.0.0/16 scope link metric 1002", 3);	/* RTPROT_BOOT */
	write_file("ifcfg-eth5", "DEVICE=eth5\n");
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_str_eq(t, "ip route replace 169.254.0.0/16 dev eth5 metric 1002 proto static scope link\t# ifcfg-eth5: the kernel's differs\n");
	free(t);
	f.fib[0].r.proto = ROUTE_PROTO_OURS;
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_str_eq(t, "");
	free(t);
	/* Set: ours goes; another's would stay (not ours to delete). */
	write_file("ifcfg-eth5", "DEVICE=eth5\nNOZEROCONF=yes\nIPADDR=10.1.0.5\nPREFIX=24\nARPCHECK=no\n");
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_str_eq(t, "ip addr add 10.1.0.5/24 brd 10.1.0.255 dev eth5\t# ifcfg-eth5:3\n"
			    "arping -q -A -c 1 -I eth5 10.1.0.5\n"
			    "arping -q -U -c 1 -I eth5 10.1.0.5\t# ifcfg-eth5:3: ARPUPDATE: the neighbours learn the new address\n"
			    "ip route del 169.254.0.0/16 dev eth5 metric 1002 proto static scope link\t# ifcfg-eth5: the zeroconf route: NOZEROCONF is set\n");
	free(t);
	f.fib[0].r.proto = 3;
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_ptr_null(strstr(t, "169.254"));
	free(t);
	/* Legacy's test is "set to anything": a value that is no boolean is said. */
	write_file("ifcfg-eth5", "DEVICE=eth5\nNOZEROCONF=please\n");
	show_warnings = 1;
	t = plan_text(&f, "eth5", 0, 1, &rc);
	show_warnings = 0;
	ck_assert_str_eq(t, "ifcfg-eth5:2: warning: NOZEROCONF: 'please' is not a boolean: taken as set (no 169.254.0.0/16 route), as the legacy scripts take any value\n");
	free(t);
	/* ARP=no: nothing to probe or announce with. */
	write_file("ifcfg-eth5", "DEVICE=eth5\nNOZEROCONF=yes\nIPADDR=10.1.0.5\nPREFIX=24\nARP=no\n");
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_str_eq(t, "ip link set dev eth5 arp off\t# ifcfg-eth5:5\n"
			    "ip addr add 10.1.0.5/24 brd 10.1.0.255 dev eth5\t# ifcfg-eth5:3\n");
	free(t);
	/* The window: ARPING_WAIT in seconds, NetworkManager's ACD_TIMEOUT in ms
	 * first (0: no check); per address, ARPCHECKn and ARPUPDATEn. */
	write_file("ifcfg-eth5", "DEVICE=eth5\nNOZEROCONF=yes\nIPADDR0=10.1.0.5\nPREFIX0=24\n"
		   "IPADDR1=10.1.1.5\nPREFIX1=24\nARPUPDATE0=no\nARPCHECK1=no\nARPING_WAIT=2\n");
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_str_eq(t, "arping -q -D -c 2 -w 2 -I eth5 10.1.0.5\t# ifcfg-eth5:3: ARPCHECK: before adding it, as the legacy ifup-eth\n"
			    "ip addr add 10.1.0.5/24 brd 10.1.0.255 dev eth5\t# ifcfg-eth5:3\n"
			    "ip addr add 10.1.1.5/24 brd 10.1.1.255 dev eth5\t# ifcfg-eth5:5\n"
			    "arping -q -A -c 1 -I eth5 10.1.1.5\n"
			    "arping -q -U -c 1 -I eth5 10.1.1.5\t# ifcfg-eth5:5: ARPUPDATE: the neighbours learn the new address\n");
	free(t);
	write_file("ifcfg-eth5", "DEVICE=eth5\nNOZEROCONF=yes\nIPADDR=10.1.0.5\nPREFIX=24\n"
		   "ARPING_WAIT=2\nACD_TIMEOUT=0\nARPUPDATE=no\n");
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_str_eq(t, "ip addr add 10.1.0.5/24 brd 10.1.0.255 dev eth5\t# ifcfg-eth5:3\n");
	free(t);
	/* An alias takes its device's ARPCHECK unless its file says. */
	write_file("ifcfg-eth5", "DEVICE=eth5\nNOZEROCONF=yes\nARPCHECK=no\nARPUPDATE=no\n");
	write_file("ifcfg-eth5:1", "IPADDR=10.1.2.5\nPREFIX=24\nARPUPDATE=yes\n");
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_str_eq(t, "ip addr add 10.1.2.5/24 brd 10.1.2.255 dev eth5 label eth5:1\t# ifcfg-eth5:1:1\n"
			    "arping -q -A -c 1 -I eth5 10.1.2.5\n"
			    "arping -q -U -c 1 -I eth5 10.1.2.5\t# ifcfg-eth5:1:1: ARPUPDATE: the neighbours learn the new address\n");
	free(t);
	/* A bond's ARP monitor needs its addresses as it comes up: they go first, and
	 * are not probed (said when the file asks for the check). */
	write_tutorial("mode=1 arp_interval=100 arp_ip_target=192.168.122.1");
	memset(&f, 0, sizeof(f));
	show_warnings = 1;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	show_warnings = 0;
	ck_assert_int_eq(rc, 0);
	assert_in_order(t, (const char *const[]){
		"ip addr add 192.168.122.207/24 brd 192.168.122.255 dev bond0\t# ifcfg-bond0:2\n",
		"ip link set dev bond0 up\t# ifcfg-bond0\n",
		"arping -q -A -c 1 -I bond0 192.168.122.207\n", NULL });
	ck_assert_ptr_null(strstr(t, "arping -q -D"));
	ck_assert_ptr_null(strstr(t, "ARPCHECK"));
	free(t);
	write_file("ifcfg-bond0", "DEVICE=bond0\nIPADDR=192.168.122.207\nPREFIX=24\nARPCHECK=yes\n"
		   "BONDING_OPTS=\"mode=1 arp_interval=100 arp_ip_target=192.168.122.1\"\n");
	show_warnings = 1;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	show_warnings = 0;
	ck_assert_msg(strstr(t, "ifcfg-bond0:4: warning: ARPCHECK: not made for 192.168.122.207: the bond's ARP monitor needs its addresses as it comes up\n"), "%s", t);
	free(t);
	/* A bad value, before anything is planned. */
	write_file("ifcfg-eth5", "DEVICE=eth5\nIPADDR=10.1.0.5\nPREFIX=24\nARPCHECK=maybe\nARPING_WAIT=0\n");
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ifcfg-eth5:4: error: ARPCHECK: 'maybe' is not a boolean (yes/no)"));
	ck_assert_ptr_nonnull(strstr(t, "ifcfg-eth5:5: error: ARPING_WAIT: '0' is not a time in seconds (1-60)"));
	free(t);
}
END_TEST

/* A bond's route file: added once it is up, nothing when the kernel has it, ours
 * deleted when no file has it, a route of another protocol never. */
START_TEST(test_route_file)
{
	struct fake f = { 0 };
	struct klink *b;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	write_file("route-bond0", "10.9.0.0/24 via 192.168.122.254\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	/* After the bond is up and has its address: the kernel checks the gateway. */
	ck_assert_msg(strstr(t, "ip addr add 192.168.122.207/24 brd 192.168.122.255 dev bond0\t# ifcfg-bond0:2\n"
				"arping -q -A -c 1 -I bond0 192.168.122.207\n"
				"arping -q -U -c 1 -I bond0 192.168.122.207\t# ifcfg-bond0:2: ARPUPDATE: the neighbours learn the new address\n"
				"ip route add default via 192.168.122.1 dev bond0\t# ifcfg-bond0:4\n"
				"ip route add 10.9.0.0/24 via 192.168.122.254 dev bond0 proto static\t# route-bond0:1\n"), "%s", t);
	free(t);

	memset(&f, 0, sizeof(f));
	b = live_bond(&f, "mode=1 miimon=100");
	add_fib(&f, b, "10.9.0.0/24 via 192.168.122.254", 4);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "");
	free(t);
	add_fib(&f, b, "10.8.0.0/16 via 192.168.122.254", 4);
	add_fib(&f, b, "10.7.0.0/16 via 192.168.122.254", 3);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_str_eq(t, "ip route del 10.8.0.0/16 via 192.168.122.254 dev bond0 proto static scope global\t# ifcfg-bond0: in no route file any longer\n");
	free(t);
	/* The file's route through another gateway: replaced. */
	write_file("route-bond0", "10.9.0.0/24 via 192.168.122.253\n10.8.0.0/16 via 192.168.122.254\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_str_eq(t, "ip route replace 10.9.0.0/24 via 192.168.122.253 dev bond0 proto static\t# route-bond0:1: the kernel's differs\n");
	free(t);
	/* A bad line costs that line, and keeps ours that no line states (10.8.0.0/16
	 * may be what it meant). */
	write_file("route-bond0", "10.9.0.0/24 via 192.168.122.254\n10.8.0.0/16 vai 192.168.122.254\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "");
	free(t);
	unlink_file("route-bond0");
}
END_TEST

/* Renumbering: deleting a device's last address takes every IPv4 route through it
 * (the kernel says nothing), so the plan puts back the configured ones; a primary
 * address takes its subnet's secondaries unless promote_secondaries. */
START_TEST(test_renumber)
{
	struct fake f = { 0 };
	struct klink *b;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	write_file("route-bond0", "10.9.0.0/24 via 192.168.122.254\n");
	b = live_bond(&f, "mode=1 miimon=100");
	add_fib(&f, b, "10.9.0.0/24 via 192.168.122.254", 4);
	add_fib(&f, b, "default via 192.168.122.1", 3);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "");
	free(t);
	write_file("ifcfg-bond0", "DEVICE=bond0\nIPADDR=192.168.122.208\nPREFIX=24\n"
		   "GATEWAY=192.168.122.1\nBONDING_OPTS=\"mode=1 miimon=100\"\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "ip addr del 192.168.122.207/24 dev bond0\t# ifcfg-bond0: not in the configuration\n"
			    "arping -q -D -c 2 -w 0.5 -I bond0 192.168.122.208\t# ifcfg-bond0:2: ARPCHECK: before adding it, as the legacy ifup-eth\n"
			    "ip addr add 192.168.122.208/24 brd 192.168.122.255 dev bond0\t# ifcfg-bond0:2\n"
			    "arping -q -A -c 1 -I bond0 192.168.122.208\n"
			    "arping -q -U -c 1 -I bond0 192.168.122.208\t# ifcfg-bond0:2: ARPUPDATE: the neighbours learn the new address\n"
			    "ip route add default via 192.168.122.1 dev bond0\t# ifcfg-bond0:4: again: the kernel drops the routes of a deleted address (the last one: all of them)\n"
			    "ip route add 10.9.0.0/24 via 192.168.122.254 dev bond0 proto static\t# route-bond0:1: again: the kernel drops the routes of a deleted address (the last one: all of them)\n"
			    "ip route add 169.254.0.0/16 dev bond0 metric 1002 proto static scope link\t# ifcfg-bond0: again: the kernel drops the routes of a deleted address (the last one: all of them)\n");
	free(t);

	/* Another address stays: only the routes that use the deleted one as their
	 * source go; here none. */
	write_file("ifcfg-bond0", "DEVICE=bond0\nIPADDR=192.168.122.208\nPREFIX=24\nIPADDR1=10.1.0.1\n"
		   "PREFIX1=24\nGATEWAY=192.168.122.1\nBONDING_OPTS=\"mode=1 miimon=100\"\nARPCHECK=no\n"
		   "ARPUPDATE=no\n");
	add_addr(&f, b, "10.1.0.1", 24);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_str_eq(t, "ip addr del 192.168.122.207/24 dev bond0\t# ifcfg-bond0: not in the configuration\n"
			    "ip addr add 192.168.122.208/24 brd 192.168.122.255 dev bond0\t# ifcfg-bond0:2\n");
	free(t);

	/* A secondary the file keeps goes with its primary: added again. */
	write_file("ifcfg-bond0", "DEVICE=bond0\nIPADDR=192.168.122.208\nPREFIX=24\nIPADDR1=192.168.122.9\n"
		   "PREFIX1=24\nGATEWAY=192.168.122.1\nBONDING_OPTS=\"mode=1 miimon=100\"\nARPCHECK=no\n"
		   "ARPUPDATE=no\nNOZEROCONF=yes\n");
	write_file("route-bond0", "");
	f.ks.naddrs = 0;
	f.ks.nfib = 0;
	add_addr(&f, b, "192.168.122.207", 24);
	add_addr(&f, b, "192.168.122.9", 24);
	f.addrs[1].flags = IFA_F_SECONDARY;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_str_eq(t, "ip addr del 192.168.122.207/24 dev bond0\t# ifcfg-bond0: not in the configuration\n"
			    "arping -q -D -c 2 -w 0.5 -I bond0 192.168.122.9\t# ifcfg-bond0:4: ARPCHECK: before adding it, as the legacy ifup-eth\n"
			    "ip addr add 192.168.122.208/24 brd 192.168.122.255 dev bond0\t# ifcfg-bond0:2\n"
			    "ip addr add 192.168.122.9/24 brd 192.168.122.255 dev bond0\t# ifcfg-bond0:4: again: the kernel deletes a primary address's secondaries with it\n"
			    "arping -q -A -c 1 -I bond0 192.168.122.9\n"
			    "arping -q -U -c 1 -I bond0 192.168.122.9\t# ifcfg-bond0:4: ARPUPDATE: the neighbours learn the new address\n"
			    "ip route add default via 192.168.122.1 dev bond0\t# ifcfg-bond0:6: again: the kernel drops the routes of a deleted address (the last one: all of them)\n");
	free(t);
	/* With promote_secondaries the kernel makes it the primary: it stays. */
	b->promote_secondaries = 1;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_str_eq(t, "ip addr del 192.168.122.207/24 dev bond0\t# ifcfg-bond0: not in the configuration\n"
			    "ip addr add 192.168.122.208/24 brd 192.168.122.255 dev bond0\t# ifcfg-bond0:2\n");
	free(t);
	unlink_file("route-bond0");
}
END_TEST

/* The step graph: what each refusal costs in a whole stack (a bond made, a VLAN on
 * it, a route file, DNS), for every position a refusal can take. */
START_TEST(test_step_graph)
{
	struct fake f = { 0 };
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	write_file("route-bond0", "10.9.0.0/24 via 192.168.122.254\n");
	write_file("ifcfg-bond0.100", "DEVICE=bond0.100\nVLAN=yes\nIPADDR=192.0.2.5\nPREFIX=24\nNOZEROCONF=yes\n");
	add_link(&f, "eth0", "dummy", 0);
	add_link(&f, "eth1", "dummy", 0);
	show_costs = 1;
	t = plan_text(&f, "bond0.100", 0, 0, &rc);
	show_costs = 0;
	ck_assert_int_eq(rc, 0);
	/* The steps, numbered: */
	assert_in_order(t, (const char *const[]){
		"modprobe bonding max_bonds=0",				/* 1 */
		"ip link add bond0 type bond",				/* 2 */
		"ip link set dev eth0 master bond0",			/* 3 */
		"ip link set dev eth1 master bond0",			/* 4 */
		"ip link set dev bond0 up",				/* 5 */
		"arping -q -D -c 2 -w 0.5 -I bond0 192.168.122.207",	/* 6 */
		"ip addr add 192.168.122.207/24",			/* 7 */
		"arping -q -A -c 1 -I bond0 192.168.122.207",		/* 8 */
		"ip route add default via 192.168.122.1 dev bond0",	/* 9 */
		"ip route add 10.9.0.0/24 via 192.168.122.254",		/* 10 */
		"ip route add 169.254.0.0/16 dev bond0",		/* 11 */
		"ip link add link bond0 name bond0.100 type vlan id 100", /* 12 */
		"ip link set dev bond0.100 up",				/* 13 */
		"arping -q -D -c 2 -w 0.5 -I bond0.100 192.0.2.5",	/* 14 */
		"ip addr add 192.0.2.5/24",				/* 15 */
		"arping -q -A -c 1 -I bond0.100 192.0.2.5",		/* 16 */
		"refused 1:", NULL });
	/* No module, no bond: nothing of the stack. */
	ck_assert_ptr_nonnull(strstr(t, "refused 1: 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"));
	ck_assert_ptr_nonnull(strstr(t, "refused 2: 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"));
	/* A slave the kernel refuses costs nothing else. */
	ck_assert_ptr_nonnull(strstr(t, "refused 3:\n"));
	/* Not up: no probe (so no address), no route; the VLAN still. */
	ck_assert_ptr_nonnull(strstr(t, "refused 5: 6 7 8 9 10 11\n"));
	/* Another host has the address: not added, nor announced, nor the routes
	 * through its subnet's gateways; the zeroconf route and the VLAN stay. */
	ck_assert_ptr_nonnull(strstr(t, "refused 6: 7 8 9 10\n"));
	ck_assert_ptr_nonnull(strstr(t, "refused 7: 8 9 10\n"));
	/* A route costs nothing else (the next line of the file is applied). */
	ck_assert_ptr_nonnull(strstr(t, "refused 9:\n"));
	ck_assert_ptr_nonnull(strstr(t, "refused 10:\n"));
	/* The VLAN: its own steps only. */
	ck_assert_ptr_nonnull(strstr(t, "refused 12: 13 14 15 16\n"));
	free(t);
	unlink_file("route-bond0");
	unlink_file("ifcfg-bond0.100");
}
END_TEST

/* A gateway on the link only through a route of the files: that route first, then
 * what goes through the gateway, IPv4 and IPv6, and the steps say they need it. */
START_TEST(test_gateway_through_route)
{
	struct fake f = { 0 };
	int rc;
	char *t;

	write_file("ifcfg-eth5", "DEVICE=eth5\nIPADDR=10.1.0.5\nPREFIX=24\nGATEWAY=10.3.0.1\nNOZEROCONF=yes\n"
		   "ARPCHECK=no\nARPUPDATE=no\nIPV6INIT=yes\nIPV6ADDR=2001:db8:1::10/64\n"
		   "IPV6_DEFAULTGW=2001:db8:9::1\n");
	write_file("route-eth5", "10.9.0.0/24 via 10.3.0.1\n10.3.0.1 dev eth5\n");
	write_file("route6-eth5", "2001:db8:9::1 dev eth5\n");
	add_link(&f, "eth5", "dummy", 0);
	show_costs = 1;
	t = plan_text(&f, "eth5", 0, 1, &rc);
	show_costs = 0;
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(t, "ip link set dev eth5 up\t# ifcfg-eth5\n"
				"ip addr add 10.1.0.5/24 brd 10.1.0.255 dev eth5\t# ifcfg-eth5:2\n"
				"ip route add 10.3.0.1/32 dev eth5 proto static\t# route-eth5:2\n"
				"ip route add 10.9.0.0/24 via 10.3.0.1 dev eth5 proto static\t# route-eth5:1\n"
				"ip route add default via 10.3.0.1 dev eth5\t# ifcfg-eth5:4\n"
				"ip -6 addr add 2001:db8:1::10/64 dev eth5 proto 4\t# ifcfg-eth5:9\n"
				"wait up to 5 s for the duplicate address detection of 2001:db8:1::10 on eth5\t# ifcfg-eth5:9: duplicate address detection: the address is usable once it ends\n"
				"ip -6 route add 2001:db8:9::1/128 dev eth5 metric 1024 proto static\t# route6-eth5:1\n"
				"ip -6 route add default via 2001:db8:9::1 dev eth5 proto static\t# ifcfg-eth5:10\n"), "%s", t);
	/* The host routes carry what goes through their gateway; the address, which
	 * is not its subnet, nothing. */
	ck_assert_ptr_nonnull(strstr(t, "refused 1: 3 4 5 8 9\n"));
	ck_assert_ptr_nonnull(strstr(t, "refused 2:\n"));
	ck_assert_ptr_nonnull(strstr(t, "refused 3: 4 5\n"));
	ck_assert_ptr_nonnull(strstr(t, "refused 6: 7\n"));
	ck_assert_ptr_nonnull(strstr(t, "refused 8: 9\n"));
	free(t);
	unlink_file("route-eth5");
	unlink_file("route6-eth5");
}
END_TEST

/* The state before a try, written as ifcfg files (snapshot.c) and planned against
 * that same state: nothing to do, device by device.  Then against a changed state:
 * the plan puts back what changed. */
START_TEST(test_snapshot_round_trip)
{
	struct fake f = { 0 };
	struct klink *b, *v, *br, *e5;
	struct kerr e = { 0 };
	int idx[8], rc;
	char *t;

	b = live_bond(&f, "mode=active-backup miimon=100 primary=eth1 arp_ip_target=10.0.0.1,10.0.0.2");
	b->mtu = 9000;
	f.links[1].mtu = f.links[2].mtu = 9000;	/* the kernel gives them their bond's */
	add_fib(&f, b, "10.9.0.0/24 via 192.168.122.254", 4);
	add_fib(&f, b, "default via 192.168.122.1", 3);
	v = add_link(&f, "bond0.100", "vlan", IFF_UP);
	v->has_vlan = 1;
	v->vlan_id = 100;
	v->link = b->ifindex;
	v->vlan_flags = 0x1;
	br = add_link(&f, "br0", "bridge", IFF_UP);
	br->has_bridge = 1;
	br->bridge.has = 1u << BRO_STP_STATE | 1u << BRO_FORWARD_DELAY;
	br->bridge.v[BRO_FORWARD_DELAY] = 1500;
	v->master = br->ifindex;
	add_addr(&f, br, "198.18.0.1", 24);
	e5 = add_link(&f, "eth5", "dummy", 0);
	add_addr6(&f, e5, "2001:db8:1::10", 64, 4, IFA_F_PERMANENT);
	for (size_t i = 0; i < f.ks.nlinks; i++)
		idx[i] = f.ks.links[i].ifindex;
	ck_assert_int_eq(snapshot_write(dir, &f.ks, idx, f.ks.nlinks, &(struct snapshot_env){ NULL }, &e), 0);
	/* (A device that is down is ONBOOT=no: a reload leaves it, try takes it down.) */
	for (size_t i = 0; i < f.ks.nlinks; i++) {
		if (!(f.ks.links[i].flags & IFF_UP))
			continue;
		t = plan_text(&f, f.ks.links[i].name, 0, 1, &rc);
		ck_assert_msg(rc == 0 && !strcmp(t, ""), "%s: %d\n%s", f.ks.links[i].name, rc, t);
		free(t);
	}
	/* What a try changes, put back: the MTU, an address, the route file's route. */
	b->mtu = 1500;
	f.addrs[0].prefix = 16;
	f.fib[0].r.gw.v4.s_addr = htonl(0xc0a87afd);	/* 192.168.122.253 */
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	assert_in_order(t, (const char *const[]){
		"ip link set dev bond0 mtu 9000",
		"ip addr del 192.168.122.207/16 dev bond0",
		"ip addr add 192.168.122.207/24",
		"ip route add default via 192.168.122.1 dev bond0",
		"ip route add 10.9.0.0/24 via 192.168.122.254 dev bond0 proto static", NULL });
	free(t);
}
END_TEST

/* route6-DEV and rule6-DEV: after the IPv6 addresses and their detection; beside
 * a router advertisement's route of the same prefix and metric; ours out of the
 * file deleted, the kernel's and IPV6_DEFAULTGW's not. */
START_TEST(test_route6_file)
{
	struct fake f = { 0 };
	struct klink *e5;
	int rc;
	char *t;

	write_file("ifcfg-eth5", "DEVICE=eth5\nNOZEROCONF=yes\nIPV6ADDR=2001:db8:1::10/64\nIPV6_DEFAULTGW=2001:db8:1::1\n");
	write_file("route6-eth5", "2001:db8:2::/64 via 2001:db8:1::fe\n2001:db8:3::/64 via 2001:db8:1::fd metric 5\n");
	write_file("rule6-eth5", "from 2001:db8:1::/64 lookup 100\n");
	add_link(&f, "eth5", "dummy", 0);
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(t, "wait up to 5 s for the duplicate address detection of 2001:db8:1::10 on eth5\t# ifcfg-eth5:3: duplicate address detection: the address is usable once it ends\n"
				"ip -6 route add 2001:db8:2::/64 via 2001:db8:1::fe dev eth5 metric 1024 proto static\t# route6-eth5:1\n"
				"ip -6 route add 2001:db8:3::/64 via 2001:db8:1::fd dev eth5 metric 5 proto static\t# route6-eth5:2\n"
				"ip -6 rule add from 2001:db8:1::/64 lookup 100 proto static\t# rule6-eth5:1\n"), "%s", t);
	free(t);

	memset(&f, 0, sizeof(f));
	e5 = add_link(&f, "eth5", "dummy", IFF_UP);
	add_addr6(&f, e5, "2001:db8:1::10", 64, 4, IFA_F_PERMANENT);
	add_route6(&f, e5, "2001:db8:1::1", 4);
	add_fib_family(&f, e5, AF_INET6, "default via 2001:db8:1::1", 4);	/* IPV6_DEFAULTGW's */
	add_fib_family(&f, e5, AF_INET6, "2001:db8:2::/64 via fe80::9", 9);	/* an RA's */
	add_fib_family(&f, e5, AF_INET6, "2001:db8:2::/64 via 2001:db8:1::fe", 4);
	add_fib_family(&f, e5, AF_INET6, "2001:db8:3::/64 via 2001:db8:1::fd metric 5", 4);
	add_fib_family(&f, e5, AF_INET6, "2001:db8:4::/64 via 2001:db8:1::fd", 4);	/* dropped */
	add_fib_family(&f, e5, AF_INET6, "2001:db8:1::/64 dev eth5 metric 256", 2);	/* the kernel's */
	f.ks.rules = calloc(1, sizeof(*f.ks.rules));
	ck_assert_int_eq(rule_parse_line("from 2001:db8:1::/64 lookup 100", AF_INET6, "x", 1, &f.ks.rules[0], &(struct diags){ 0 }), 0);
	f.ks.rules[0].has_priority = 1;
	f.ks.rules[0].priority = 32765;
	f.ks.nrules = 1;
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "ip -6 route del 2001:db8:4::/64 via 2001:db8:1::fd dev eth5 metric 1024 proto static\t# ifcfg-eth5: in no route file any longer\n");
	free(t);
	/* The rule out of its file: ours, deleted. */
	write_file("rule6-eth5", "");
	t = plan_text(&f, "eth5", 0, 1, &rc);
	ck_assert_ptr_nonnull(strstr(t, "ip -6 rule del priority 32765 from 2001:db8:1::/64 lookup 100 proto static\t# ifcfg-eth5: in no rule file any longer\n"));
	free(t);
	free(f.ks.rules);
	unlink_file("route6-eth5");
	unlink_file("rule6-eth5");
	unlink_file("ifcfg-eth5");
}
END_TEST

/* HWADDR: the interlock against another NIC under the name, and the NIC found by its
 * MAC when the file has no DEVICE. */
START_TEST(test_hwaddr)
{
	struct fake f = { 0 };
	struct klink *b, *e5;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	/* Fresh: eth0 is 02:00:00:00:00:02, eth1 02:00:00:00:00:03. */
	add_link(&f, "eth0", "dummy", 0);
	add_link(&f, "eth1", "dummy", 0);
	write_file("ifcfg-eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\nHWADDR=02:00:00:00:00:02\n");
	write_file("ifcfg-eth1", "DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nHWADDR=02:00:00:00:00:99\n");
	show_warnings = 1;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev eth0 master bond0"));
	ck_assert_ptr_null(strstr(t, "dev eth1"));
	ck_assert_msg(strstr(t, "ifcfg-eth1:4: warning: HWADDR: eth1 is the NIC 02:00:00:00:00:03, not 02:00:00:00:00:99: another NIC than the one this file configures; not enslaved"), "%s", t);
	free(t);
	/* The wrong NIC itself: refused, nothing planned, nor for its ifdown. */
	t = plan_text(&f, "eth1", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(t, "ifcfg-eth1:4: error: HWADDR: eth1 is the NIC 02:00:00:00:00:03, not 02:00:00:00:00:99: another NIC than the one this file configures; not brought up"), "%s", t);
	ck_assert_ptr_null(strstr(t, "ip "));
	free(t);
	t = plan_text(&f, "eth1", 1, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(t, "; not taken down"), "%s", t);
	free(t);

	/* Enslaved, both wear the bond's MAC (eth0's, 02:00:00:00:00:03): eth1's own
	 * is the one the bond saved. */
	memset(&f, 0, sizeof(f));
	b = live_bond(&f, "mode=1 miimon=100");
	write_file("ifcfg-eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\nHWADDR=02:00:00:00:00:03\n");
	write_file("ifcfg-eth1", "DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nHWADDR=02:00:00:00:00:04\n");
	ck_assert_int_eq(memcmp(f.links[2].addr, b->addr, 6), 0);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(!strstr(t, "HWADDR") && !strstr(t, "ip "), "%s", t);
	free(t);

	/* No DEVICE: the file is for the NIC with that MAC, its permanent address
	 * (IFLA_PERM_ADDRESS) rather than the one it wears. */
	e5 = add_link(&f, "eth5", "", 0);
	e5->has_perm_addr = 1;
	memcpy(e5->perm_addr, (uint8_t[6]){ 0x52, 0x54, 0, 0xab, 0xcd, 0xef }, 6);
	write_file("ifcfg-slot3", "HWADDR=52:54:00:AB:CD:EF\nMASTER=bond0\nSLAVE=yes\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(t, "ip link set dev eth5 master bond0\t# ifcfg-slot3:2"), "%s", t);
	free(t);
	/* With DEVICE, the name holds and the MAC must match it. */
	write_file("ifcfg-slot3", "DEVICE=slot3\nHWADDR=52:54:00:AB:CD:EF\nMASTER=bond0\nSLAVE=yes\n");
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(strstr(t, "eth5"));
	ck_assert_msg(strstr(t, "ifcfg-slot3:3: warning: slot3: no such device; not enslaved"), "%s", t);
	free(t);
	show_warnings = 0;
}
END_TEST

/* ---- bridges ---- */

/* A bridge as the kernel reports it: every row at the kernel's default. */
static struct klink *add_bridge(struct fake *f, const char *name, unsigned flags)
{
	struct klink *b = add_link(f, name, "bridge", flags);
	size_t n;
	const struct br_opt *rows = br_table(BR_BRIDGE, &n);

	b->has_bridge = 1;
	for (size_t i = 0; i < n; i++) {
		b->bridge.v[i] = rows[i].def;
		b->bridge.has |= 1u << i;
	}
	return b;
}

static void br_attach(struct klink *p, const struct klink *b)
{
	size_t n;
	const struct br_opt *rows = br_table(BR_PORT, &n);

	p->master = b->ifindex;
	p->flags |= IFF_UP;
	snprintf(p->slave_kind, sizeof(p->slave_kind), "bridge");
	p->has_brport = 1;
	for (size_t i = 0; i < n; i++) {
		/* path_cost has no fixed default: a veth's. */
		p->brport.v[i] = rows[i].def < rows[i].min ? 2 : rows[i].def;
		p->brport.has |= 1u << i;
	}
}

static void set_row(struct br_vals *v, enum br_table t, const char *name, uint64_t x)
{
	int id = br_opt_find(t, name);

	ck_assert_int_ge(id, 0);
	v->v[id] = x;
}

static void write_bridge(void)
{
	write_file("ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\nSTP=on\nDELAY=2\nPRIO=4096\n"
		   "BRIDGING_OPTS=\"hello_time=100 multicast_snooping=0\"\n"
		   "IPADDR=10.0.0.1\nPREFIX=24\n");
	write_file("ifcfg-eth2", "DEVICE=eth2\nBRIDGE=br0\nBRIDGING_OPTS=\"priority=10 path_cost=5\"\n");
}

/* A new bridge takes its options in the create message; its ports join it with no
 * address of their own, then take their options. */
START_TEST(test_bridge_fresh)
{
	struct fake f = { 0 };
	struct klink *e;
	int rc;
	char *t, *tb;

	write_bridge();
	e = add_link(&f, "eth2", "veth", IFF_UP);
	add_addr(&f, e, "192.0.2.9", 24);
	t = plan_text(&f, "br0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t,
		"ip link add br0 type bridge forward_delay 200 hello_time 100 stp_state 1 priority 4096 mcast_snooping 0\t# ifcfg-br0:2\n"
		"ip addr del 192.0.2.9/24 dev eth2\t# ifcfg-eth2:2: a bridge port has no address of its own\n"
		"ip link set dev eth2 master br0\t# ifcfg-eth2:2\n"
		"ip link set dev eth2 type bridge_slave priority 10\t# ifcfg-eth2:3\n"
		"ip link set dev eth2 type bridge_slave cost 5\t# ifcfg-eth2:3\n"
		"ip link set dev br0 up\t# ifcfg-br0\n"
		"arping -q -D -c 2 -w 0.5 -I br0 10.0.0.1\t# ifcfg-br0:7: ARPCHECK: before adding it, as the legacy ifup-eth\n"
		"ip addr add 10.0.0.1/24 brd 10.0.0.255 dev br0\t# ifcfg-br0:7\n"
		"arping -q -A -c 1 -I br0 10.0.0.1\n"
		"arping -q -U -c 1 -I br0 10.0.0.1\t# ifcfg-br0:7: ARPUPDATE: the neighbours learn the new address\n"
		"ip route add 169.254.0.0/16 dev br0 metric 1000+ifindex proto static scope link\t# ifcfg-br0: the zeroconf route, as the legacy ifup-eth adds it\n");
	/* ifup of the port brings the bridge with it, in the same order: the port
	 * joins before the bridge's probe, which an empty bridge sends to nobody. */
	tb = t;
	t = plan_text(&f, "eth2", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, tb);
	free(tb);
	free(t);
}
END_TEST

/* What the files say, the kernel holds: nothing to send, down nor up. */
START_TEST(test_bridge_idempotent)
{
	struct fake f = { 0 };
	struct klink *b, *e;
	int rc;
	char *t;

	write_bridge();
	b = add_bridge(&f, "br0", IFF_UP);
	set_row(&b->bridge, BR_BRIDGE, "stp_state", 1);
	set_row(&b->bridge, BR_BRIDGE, "forward_delay", 200);
	set_row(&b->bridge, BR_BRIDGE, "priority", 4096);
	set_row(&b->bridge, BR_BRIDGE, "hello_time", 100);
	set_row(&b->bridge, BR_BRIDGE, "multicast_snooping", 0);
	add_addr(&f, b, "10.0.0.1", 24);
	add_zeroconf(&f, b);
	e = add_link(&f, "eth2", "veth", 0);
	br_attach(e, b);
	set_row(&e->brport, BR_PORT, "priority", 10);
	set_row(&e->brport, BR_PORT, "path_cost", 5);
	t = plan_text(&f, "br0", 0, 1, &rc);
	ck_assert_str_eq(t, "");
	free(t);
	t = plan_text(&f, "eth2", 0, 1, &rc);
	ck_assert_str_eq(t, "");
	free(t);
	/* Live changes: STP off goes before the delay it allows; a removed option
	 * returns to the kernel's default; a port option changes in place. */
	write_file("ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\nSTP=off\nDELAY=0\nIPADDR=10.0.0.1\nPREFIX=24\n");
	write_file("ifcfg-eth2", "DEVICE=eth2\nBRIDGE=br0\nBRIDGING_OPTS=\"priority=10 path_cost=7 hairpin_mode=1\"\n");
	t = plan_text(&f, "br0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t,
		"ip link set dev br0 type bridge stp_state 0\t# ifcfg-br0:3: before the forward delay: with STP on the kernel takes only 2 to 30 seconds\n"
		"ip link set dev br0 type bridge forward_delay 0\t# ifcfg-br0:4\n"
		"ip link set dev br0 type bridge hello_time 200\t# ifcfg-br0:2: not in the file: back to the kernel's default\n"
		"ip link set dev br0 type bridge priority 32768\t# ifcfg-br0:2: not in the file: back to the kernel's default\n"
		"ip link set dev br0 type bridge mcast_snooping 1\t# ifcfg-br0:2: not in the file: back to the kernel's default\n"
		"ip link set dev eth2 type bridge_slave cost 7\t# ifcfg-eth2:3\n"
		"ip link set dev eth2 type bridge_slave hairpin on\t# ifcfg-eth2:3\n");
	free(t);
}
END_TEST

/* A port in another bridge moves; ifdown of a port releases only it; ifdown of the
 * bridge deletes it. */
START_TEST(test_bridge_move_and_down)
{
	struct fake f = { 0 };
	struct klink *b, *b1, *e;
	int rc;
	char *t;

	write_file("ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\nDELAY=0\n");
	write_file("ifcfg-eth2", "DEVICE=eth2\nBRIDGE=br0\n");
	b = add_bridge(&f, "br0", IFF_UP);
	set_row(&b->bridge, BR_BRIDGE, "forward_delay", 0);
	b1 = add_bridge(&f, "br1", IFF_UP);
	e = add_link(&f, "eth2", "veth", 0);
	br_attach(e, b1);
	/* br1 is not ours: its port stays where it is. */
	t = plan_text(&f, "eth2", 0, 1, &rc);
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(t, "ifcfg-eth2:2: error: BRIDGE=br0: eth2 is a port of br1, which no ifcfg file configures: not taken from it"), "%s", t);
	ck_assert_ptr_null(strstr(t, "\t# "));	/* no step */
	free(t);
	/* br1 is configured: the files say eth2 is br0's now. */
	write_file("ifcfg-br1", "DEVICE=br1\nTYPE=Bridge\n");
	t = plan_text(&f, "eth2", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "ip link set dev eth2 master br0\t# ifcfg-eth2:2\n");
	free(t);
	br_attach(e, b);
	t = plan_text(&f, "eth2", 1, 1, &rc);
	ck_assert_str_eq(t, "ip link set dev eth2 nomaster\t# ifcfg-eth2:2\n"
			    "ip link set dev eth2 down\t# ifcfg-eth2\n");
	free(t);
	t = plan_text(&f, "br0", 1, 1, &rc);
	ck_assert_str_eq(t, "ip link del dev br0\t# ifcfg-br0:2: its ports leave it and stay up\n");
	free(t);
}
END_TEST

/* A bond that is a bridge port: no address of its own, joins the bridge, and keeps
 * its slaves and its place through a mode change. */
START_TEST(test_bond_in_bridge)
{
	struct fake f = { 0 };
	struct klink *b, *br;
	int rc;
	char *t;

	write_tutorial("mode=1 miimon=100");
	write_file("ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=4 miimon=100\"\nBRIDGE=br0\n");
	write_file("ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\nDELAY=0\nIPADDR=10.0.0.1\nPREFIX=24\n");
	br = add_bridge(&f, "br0", IFF_UP);
	set_row(&br->bridge, BR_BRIDGE, "forward_delay", 0);
	add_addr(&f, br, "10.0.0.1", 24);
	add_zeroconf(&f, br);
	b = add_bond(&f, "mode=1 miimon=100", IFF_UP);
	enslave(add_link(&f, "eth0", "dummy", 0), b);
	enslave(add_link(&f, "eth1", "dummy", 0), b);
	br_attach(b, br);
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(t, "echo 802.3ad > /sys/class/net/bond0/bonding/mode"), "%s", t);
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev eth1 master bond0"));
	ck_assert_ptr_null(strstr(t, "master br0"));
	ck_assert_ptr_nonnull(strstr(t, "ip link set dev bond0 up\t# ifcfg-bond0:3\n"));
	/* 802.3ad: its ports join before it comes up, to negotiate LACP once. */
	ck_assert_msg(strstr(t, "ip link set dev eth1 master bond0") < strstr(t, "ip link set dev bond0 up"), "%s", t);
	free(t);
	/* ifup of the bridge with the bond as it should be: nothing. */
	b->bond.num[BOPT_MODE] = BOND_MODE_8023AD;
	t = plan_text(&f, "br0", 0, 1, &rc);
	ck_assert_str_eq(t, "");
	free(t);
	/* Any other mode: up before its slaves join, so that the carrier they give
	 * it is an urgent linkwatch event, which the bridge hears of at once. */
	write_file("ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100\"\nBRIDGE=br0\n");
	b->bond.num[BOPT_MODE] = BOND_MODE_RR;
	t = plan_text(&f, "bond0", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(t, "ip link set dev bond0 up\t# ifcfg-bond0:3\n") &&
		      strstr(t, "ip link set dev bond0 up") < strstr(t, "ip link set dev eth0 master bond0"), "%s", t);
	free(t);
}
END_TEST

/* Wrong graphs and values: refused at their line, nothing planned. */
START_TEST(test_bridge_errors)
{
	static const struct { const char *file, *text, *name, *want; } cases[] = {
		{ "ifcfg-eth5", "DEVICE=eth5\nMASTER=bond0\nSLAVE=yes\nBRIDGE=br0\n", "eth5",
		  "ifcfg-eth5:4: error: BRIDGE=br0: eth5 is a slave of bond0 (MASTER at line 2)" },
		{ "ifcfg-eth5", "DEVICE=eth5\nBRIDGE=br9\n", "eth5",
		  "ifcfg-eth5:2: error: BRIDGE=br9: no ifcfg file configures br9" },
		{ "ifcfg-eth5", "DEVICE=eth5\nBRIDGE=bond0\n", "eth5",
		  "ifcfg-eth5:2: error: BRIDGE=bond0: bond0 is not a bridge (ifcfg-bond0 configures a bond)" },
		{ "ifcfg-br1", "DEVICE=br1\nTYPE=Bridge\nSTP=on\nDELAY=0\n", "br1",
		  "ifcfg-br1:4: error: DELAY: a forward delay of 0.00 s: with STP on the kernel takes 2 to 30 seconds" },
		{ "ifcfg-br1", "DEVICE=br1\nTYPE=Bridge\nBRIDGING_OPTS=\"hello_time=20\"\n", "br1",
		  "ifcfg-br1:3: error: BRIDGING_OPTS: hello_time: '20' is not 100 to 1000 (hundredths of a second" },
		{ "ifcfg-br1", "DEVICE=br1\nTYPE=Bridge\nBRIDGING_OPTS=\"hello_tme=200\"\n", "br1",
		  "BRIDGING_OPTS: unknown bridge option 'hello_tme' (did you mean hello_time?)" },
		{ "ifcfg-br1", "DEVICE=br1\nTYPE=Bridge\nDELAY=3\nBRIDGING_OPTS=\"forward_delay=200\"\n", "br1",
		  "ifcfg-br1:4: error: BRIDGING_OPTS: forward_delay is 2.00 s, but DELAY at line 3 says 3.00 s" },
		{ "ifcfg-br1", "DEVICE=br1\nTYPE=Bridge\nBRIDGE=br0\n", "br1",
		  "ifcfg-br1:3: error: BRIDGE: a bridge cannot be a port of another bridge" },
		{ "ifcfg-lo", "DEVICE=lo\nMASTER=bond0\nSLAVE=yes\n", "lo",
		  "ifcfg-lo:2: error: MASTER: the loopback device cannot be a bond slave" },
		{ "ifcfg-eth5", "DEVICE=eth5\nBRIDGE=br0\nBRIDGING_OPTS=\"group_fwd_mask=2\"\n", "eth5",
		  "group_fwd_mask: '2' sets bit 1 (MAC pause)" },
		{ "ifcfg-br0.5", "DEVICE=br0.5\nVLAN=yes\nBRIDGE=br0\n", "br0.5",
		  "ifcfg-br0.5:3: error: BRIDGE=br0: br0.5 sits on br0, so it cannot be its port: the kernel refuses a device that would be its own upper device" },
		{ "ifcfg-br0.5", "DEVICE=br0.5\nVLAN=yes\nBRIDGE=br0\n", "br0",
		  "ifcfg-br0.5:3: error: BRIDGE=br0: br0.5 sits on br0" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct fake f = { 0 };
		char path[160];
		int rc;
		char *t;

		write_tutorial("mode=1 miimon=100");
		write_file("ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\n");
		write_file(cases[i].file, cases[i].text);
		t = plan_text(&f, cases[i].name, 0, 1, &rc);
		ck_assert_msg(rc != 0, "case %zu planned:\n%s", i, t);
		ck_assert_msg(strstr(t, cases[i].want), "case %zu:\n%s", i, t);
		ck_assert_ptr_null(strstr(t, "ip "));
		free(t);
		snprintf(path, sizeof(path), "%s/%s", dir, cases[i].file);
		unlink(path);
	}
}
END_TEST

/* Issue 10: each step carries the ifindex its devices had when read, so that the
 * executor refuses a device renamed meanwhile; a device the plan creates is not
 * pinned, nor anything after the plan deletes and remakes a name. */
START_TEST(test_pinned_ifindex)
{
	struct fake f = { 0 };
	struct ifcfg_dir D = { 0 };
	struct diags d = { 0 };
	struct netgraph g = { 0 };
	struct plan p = { 0 };
	struct plan_env env = { .module_loaded = 1 };
	const struct klink *e0, *e1;
	int enslaved = 0;

	write_tutorial(NULL);
	e1 = add_link(&f, "eth1", "dummy", 0);
	e0 = add_link(&f, "eth0", "dummy", IFF_UP);
	ck_assert_int_eq(ifcfg_dir_scan(dir, &D, &d), 0);
	ck_assert_int_eq(netgraph_load(&D, &g, &d), 0);
	ck_assert_int_eq(plan_up(&g, netgraph_find(&g, "bond0"), &f.ks, &env, &p, &d), 0);
	for (size_t i = 0; i < p.n; i++) {
		const struct step *s = &p.v[i];

		if (!strcmp(s->dev, "bond0"))
			ck_assert_int_eq(s->ifindex, 0);	/* created by the plan */
		if (!strcmp(s->dev, "eth0"))
			ck_assert_int_eq(s->ifindex, e0->ifindex);
		if (!strcmp(s->dev, "eth1"))
			ck_assert_int_eq(s->ifindex, e1->ifindex);
		if (s->kind == STEP_ENSLAVE) {
			ck_assert_int_eq(s->master_ifindex, 0);
			enslaved++;
		}
	}
	ck_assert_int_eq(enslaved, 2);
	plan_free(&p);
	netgraph_free(&g);
	ifcfg_dir_free(&D);
	diags_free(&d);
}
END_TEST

/* The loopback device: the kernel gives lo 127.0.0.1/8 (no broadcast) and ::1 as it
 * comes up; they are the kernel's, never removed for a file that does not state them,
 * and the file's own 127.0.0.1/8 is the kernel's one (as legacy ifup-eth found it). */
START_TEST(test_loopback)
{
	struct fake f = { 0 };
	struct klink *lo;
	int rc;
	char *t;

	write_file("ifcfg-lo", "DEVICE=lo\nONBOOT=yes\n");
	lo = add_link(&f, "lo", "", IFF_UP | IFF_LOOPBACK | IFF_LOWER_UP);
	add_addr(&f, lo, "127.0.0.1", 8);
	add_addr6(&f, lo, "::1", 128, 2, 0);
	t = plan_text(&f, "lo", 0, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(t, "");
	free(t);
	/* An address of the file's beside it; one added by hand goes. */
	write_file("ifcfg-lo", "DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\n"
		   "BROADCAST=127.255.255.255\nIPADDR1=10.9.0.1\nPREFIX1=32\nONBOOT=yes\n");
	add_addr(&f, lo, "192.0.2.9", 32);
	t = plan_text(&f, "lo", 0, 1, &rc);
	ck_assert_str_eq(t, "ip addr del 192.0.2.9/32 dev lo\t# ifcfg-lo: not in the configuration\n"
			    "ip addr add 10.9.0.1/32 dev lo scope host\t# ifcfg-lo:5\n");
	free(t);
	/* Down without addresses (as the kernel leaves it after ifdown): up gives it
	 * 127.0.0.1/8, so only the other address is added. */
	lo->flags = IFF_LOOPBACK;
	f.ks.naddrs = 0;
	f.ks.naddrs6 = 0;
	t = plan_text(&f, "lo", 0, 1, &rc);
	ck_assert_str_eq(t, "ip link set dev lo up\t# ifcfg-lo\n"
			    "ip addr add 10.9.0.1/32 dev lo scope host\t# ifcfg-lo:5\n");
	free(t);
	/* ifdown lo takes it, as the legacy ifdown flushed lo. */
	lo->flags = IFF_UP | IFF_LOOPBACK;
	add_addr(&f, lo, "127.0.0.1", 8);
	t = plan_text(&f, "lo", 1, 1, &rc);
	ck_assert_str_eq(t, "ip addr del 127.0.0.1/8 dev lo\t# ifcfg-lo: down: the legacy ifdown flushed lo\n"
			    "ip link set dev lo down\t# ifcfg-lo\n");
	free(t);
}
END_TEST

/* -n prints shell lines: a file name or a DHCLIENTARGS word is quoted, never code. */
START_TEST(test_shell_words)
{
	struct netcfg_dhcp x = { .send_hostname = 0 };
	struct step h = { .kind = STEP_HOOK, .hook = "/sbin/ifup-pre-local",
			  .hook_args = { "ifcfg-a$(touch x)", "boot" } };
	struct step c = { .kind = STEP_DHCP_START, .hook = "/sbin/dhclient", .dhcp = &x };
	char *t;

	strcpy(h.dev, "eth0");
	t = plan_step_text(&h);
	ck_assert_str_eq(t, "/sbin/ifup-pre-local 'ifcfg-a$(touch x)' boot");
	free(t);
	h.hook_args[0] = "it's";
	t = plan_step_text(&h);
	ck_assert_str_eq(t, "/sbin/ifup-pre-local 'it'\\''s' boot");
	free(t);
	strcpy(c.dev, "eth0");
	strcpy(x.args, "-v `reboot`");
	t = plan_step_text(&c);
	ck_assert_msg(!strncmp(t, "/sbin/dhclient -v '`reboot`' -1 -q ", 35), "%s", t);
	free(t);
}
END_TEST

Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("ifup-ifdown");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_tutorial_fresh);
	tcase_add_test(tc, test_idempotent);
	tcase_add_test(tc, test_live_change);
	tcase_add_test(tc, test_mode_change);
	tcase_add_test(tc, test_mode_change_keeps_macaddr);
	tcase_add_test(tc, test_slave_down_by_hand);
	tcase_add_test(tc, test_arp_to_mii);
	tcase_add_test(tc, test_targets_added_one_by_one);
	tcase_add_test(tc, test_slave_address_removed);
	tcase_add_test(tc, test_dhcp_addresses_left_alone);
	tcase_add_test(tc, test_bridge_dhcp_ports_first);
	tcase_add_test(tc, test_ifdown_active_slave);
	tcase_add_test(tc, test_ifup_slave_keeps_active);
	tcase_add_test(tc, test_ifdown_bond);
	tcase_add_test(tc, test_config_error_plans_nothing);
	tcase_add_test(tc, test_not_a_bond);
	tcase_add_test(tc, test_plain_device);
	tcase_add_test(tc, test_zeroconf_and_arp);
	tcase_add_test(tc, test_ipv6_ownership);
	tcase_add_test(tc, test_vlan_on_bond);
	tcase_add_test(tc, test_vlan_flags_and_id);
	tcase_add_test(tc, test_stack_rules);
	tcase_add_test(tc, test_bad_slave_boolean);
	tcase_add_test(tc, test_join_refused);
	tcase_add_test(tc, test_hwaddr);
	tcase_add_test(tc, test_route_file);
	tcase_add_test(tc, test_renumber);
	tcase_add_test(tc, test_step_graph);
	tcase_add_test(tc, test_snapshot_round_trip);
	tcase_add_test(tc, test_gateway_through_route);
	tcase_add_test(tc, test_route6_file);
	tcase_add_test(tc, test_bridge_fresh);
	tcase_add_test(tc, test_bridge_idempotent);
	tcase_add_test(tc, test_bridge_move_and_down);
	tcase_add_test(tc, test_bond_in_bridge);
	tcase_add_test(tc, test_bridge_errors);
	tcase_add_test(tc, test_pinned_ifindex);
	tcase_add_test(tc, test_loopback);
	tcase_add_test(tc, test_shell_words);
	suite_add_tcase(s, tc);
	return s;
}
