/* check_status.c - bondctl status against fabricated kernel states: in sync exactly
 * when the planner would change nothing, each health finding with its severity,
 * and the JSON members against the schema bondctl(8) documents. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "status.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

/* bond0 with opts and two slaves eth0, eth1; no address. */
static void files(const char *opts)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "DEVICE=bond0\nBONDING_OPTS=\"%s\"\nBOOTPROTO=none\nONBOOT=yes\nNOZEROCONF=yes\n", opts);
	put("ifcfg-bond0", buf);
	put("ifcfg-eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n");
	put("ifcfg-eth1", "DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\n");
}

static void setup(void)
{
	strcpy(dir, "/tmp/check_status.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

struct world {
	struct kstate ks;
	struct klink links[6];
	struct kaddr addrs[2];
	struct kaddr6 addrs6[2];
	struct st_port_facts pf[4];
	struct st_facts facts;
	struct ifcfg_dir D;
	struct netgraph g;
	struct status st;
};

static struct klink *link_(struct world *w, const char *name, const char *kind)
{
	struct klink *l = &w->links[w->ks.nlinks];

	memset(l, 0, sizeof(*l));
	l->ifindex = (int)w->ks.nlinks + 2;
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	l->flags = IFF_UP | IFF_LOWER_UP;
	l->mtu = 1500;
	l->addr_len = 6;
	memcpy(l->addr, (uint8_t[6]){ 2, 0, 0, 0, 0, (uint8_t)l->ifindex }, 6);
	w->ks.links = w->links;
	w->ks.nlinks++;
	return l;
}

/* bond0 as the kernel holds opts, up with carrier, eth0 and eth1 its ports (MII up,
 * in aggregator 1 with a partner for 802.3ad), the bond's MAC eth0's. */
static struct klink *bond_world(struct world *w, const char *opts)
{
	struct klink *b = link_(w, "bond0", "bond");
	struct diags d = { 0 };

	ck_assert_int_eq(bond_opts_parse(opts, "t", 1, &b->bond, &d), 0);
	bond_opts_fill_defaults(&b->bond);
	diags_free(&d);
	b->has_bond = 1;
	for (int i = 0; i < 2; i++) {
		struct klink *s = link_(w, i ? "eth1" : "eth0", "veth");

		s->master = b->ifindex;
		s->has_slave = 1;
		memcpy(s->slave.perm_hwaddr, s->addr, 6);
		memcpy(s->addr, w->links[0].addr, 6);
		s->slave.has_ad = b->bond.num[BOPT_MODE] == 4;
		s->slave.ad_aggregator_id = 1;
		s->slave.ad_actor_state = s->slave.ad_partner_state = 0x3f;
		snprintf(w->pf[i].name, sizeof(w->pf[i].name), "%s", s->name);
		w->pf[i].speed = 10000;
		w->pf[i].duplex = 1;
		w->pf[i].has_partner_mac = b->bond.num[BOPT_MODE] == 4;
		memcpy(w->pf[i].partner_mac, (uint8_t[6]){ 2, 9, 9, 9, 9, 9 }, 6);
	}
	memcpy(b->addr, w->links[1].slave.perm_hwaddr, 6);
	memcpy(w->links[1].addr, b->addr, 6);
	memcpy(w->links[2].addr, b->addr, 6);
	if (b->bond.num[BOPT_MODE] == 4) {
		b->has_ad_info = 1;
		b->ad_aggregator = 1;
		b->ad_num_ports = 2;
		memcpy(b->ad_partner_mac, (uint8_t[6]){ 2, 9, 9, 9, 9, 9 }, 6);
	} else if (b->bond.num[BOPT_MODE] == 1) {
		strcpy(b->bond.active_slave, "eth0");
		w->links[2].slave.state = 1;
	}
	w->facts.ports = w->pf;
	w->facts.nports = 2;
	return b;
}

static void build(struct world *w, char *const *names, size_t n)
{
	struct diags d = { 0 };
	struct plan_env env = { .module_loaded = 1 };

	ck_assert_int_eq(ifcfg_dir_scan(dir, &w->D, &d), 0);
	ck_assert_int_eq(netgraph_load(&w->D, &w->g, &d), 0);
	status_build(&w->st, &w->g, &d, &w->ks, &env, &w->facts, names, n);
	diags_free(&d);
	if (getenv("SHOW"))
		status_print(&w->st, stderr);
}

static void done(struct world *w)
{
	status_free(&w->st);
	netgraph_free(&w->g);
	ifcfg_dir_free(&w->D);
}

/* The item of code on device dev, or NULL. */
static const struct st_item *item(const struct world *w, const char *code, const char *dev)
{
	for (size_t i = 0; i < w->st.n; i++)
		for (size_t j = 0; j < w->st.v[i].n; j++)
			if (!strcmp(w->st.v[i].v[j].code, code) && (!dev || !strcmp(w->st.v[i].v[j].dev, dev)))
				return &w->st.v[i].v[j];
	return NULL;
}

static char *printed(const struct status *st, void (*print)(const struct status *, FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	print(st, fp);
	fclose(fp);
	return buf;
}

START_TEST(test_in_sync_and_healthy)
{
	struct world w = { 0 };
	char *t;

	files("mode=802.3ad miimon=100");
	bond_world(&w, "mode=802.3ad miimon=100");
	build(&w, NULL, 0);
	ck_assert_uint_eq(w.st.n, 1);
	ck_assert_int_eq(w.st.v[0].checked, 1);
	ck_assert_int_eq(w.st.v[0].in_sync, 1);
	ck_assert_uint_eq(w.st.v[0].n, 0);
	ck_assert_uint_eq(w.st.v[0].nports, 2);
	ck_assert_int_eq(w.st.sev, ST_OK);
	t = printed(&w.st, status_print);
	ck_assert_ptr_nonnull(strstr(t, "bond0           bond   up         in sync      OK\n"
					"  mode 802.3ad, MII up\n"
					"  active aggregator 1 (2 ports), partner 02:09:09:09:09:09\n"));
	ck_assert_ptr_nonnull(strstr(t, "OK: 1 device, 0 critical, 0 warnings\n"));
	/* Every line fits 80 columns. */
	for (char *l = t, *e; *l; l = e + 1) {
		e = strchr(l, '\n');
		ck_assert_int_le(e - l, 80);
	}
	free(t);
	t = printed(&w.st, status_print_nagios);
	ck_assert_str_eq(t, "BONDCTL OK - 1 device in sync and healthy | critical=0 warnings=0 drifted=0\n");
	free(t);
	done(&w);
}
END_TEST

START_TEST(test_drift)
{
	struct world w = { 0 };
	struct klink *b;
	const struct st_item *it;
	char *t;

	files("mode=802.3ad miimon=100");
	b = bond_world(&w, "mode=802.3ad miimon=200");
	/* An address no file states, and an IPv6 one the files leave to others. */
	w.addrs[0].ifindex = b->ifindex;
	inet_pton(AF_INET, "198.51.100.5", &w.addrs[0].addr);
	w.addrs[0].prefix = 24;
	w.ks.addrs = w.addrs;
	w.ks.naddrs = 1;
	w.addrs6[0].ifindex = b->ifindex;
	inet_pton(AF_INET6, "2001:db8::5", &w.addrs6[0].addr);
	w.addrs6[0].prefix = 64;
	w.ks.addrs6 = w.addrs6;
	w.ks.naddrs6 = 1;
	build(&w, NULL, 0);
	ck_assert_int_eq(w.st.sev, ST_WARNING);
	ck_assert_int_eq(w.st.v[0].in_sync, 0);
	ck_assert_ptr_nonnull(it = item(&w, "drift", "bond0"));
	ck_assert_str_eq(it->text, "miimon");
	ck_assert_str_eq(it->kernel, "200");
	ck_assert_str_eq(it->file, "ifcfg-bond0");
	ck_assert_int_eq(it->line, 2);
	ck_assert_int_eq(it->unstated, 0);
	it = &w.st.v[0].v[1];
	ck_assert_str_eq(it->code, "drift");
	ck_assert_str_eq(it->text, "address 198.51.100.5/24");
	ck_assert_int_eq(it->unstated, 1);
	ck_assert_uint_eq(w.st.v[0].nother6, 1);
	ck_assert_uint_eq(w.st.ndrift, 2);
	t = printed(&w.st, status_print_brief);
	ck_assert_str_eq(t, "bond0: warning: on bond0, miimon differs from ifcfg-bond0:2 (kernel 200); "
			    "on bond0, address 198.51.100.5/24 is not from a file\n");
	free(t);
	done(&w);
}
END_TEST

START_TEST(test_lacp_findings)
{
	struct world w = { 0 };
	struct klink *b;

	files("mode=802.3ad miimon=100 min_links=2");
	b = bond_world(&w, "mode=802.3ad miimon=100 min_links=2");
	w.links[2].slave.ad_aggregator_id = 2;		/* eth1 elsewhere */
	w.pf[1].speed = 1000;
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "port-not-aggregated", "eth1"));
	ck_assert_ptr_nonnull(item(&w, "speed-mismatch", "bond0"));
	ck_assert_ptr_nonnull(item(&w, "below-min-links", "bond0"));
	ck_assert_int_eq(item(&w, "below-min-links", "bond0")->line, 2);
	ck_assert_int_eq(w.st.sev, ST_CRITICAL);
	done(&w);

	memset(&w, 0, sizeof(w));
	b = bond_world(&w, "mode=802.3ad miimon=100 min_links=2");
	w.pf[1].has_partner_mac = 1;
	memset(w.pf[1].partner_mac, 0, 6);
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "port-no-lacp-partner", "eth1"));
	ck_assert_ptr_null(item(&w, "port-no-lacp-partner", "eth0"));
	done(&w);

	/* No partner at all: said once for the bond; traffic passes, a warning. */
	memset(&w, 0, sizeof(w));
	files("mode=802.3ad miimon=100");
	b = bond_world(&w, "mode=802.3ad miimon=100");
	memset(b->ad_partner_mac, 0, 6);
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "no-lacp-partner", "bond0"));
	ck_assert_ptr_null(item(&w, "port-no-lacp-partner", NULL));
	ck_assert_int_eq(w.st.sev, ST_WARNING);
	done(&w);
}
END_TEST

START_TEST(test_active_backup_findings)
{
	struct world w = { 0 };
	struct klink *b;

	files("mode=active-backup miimon=100 primary=eth0");
	b = bond_world(&w, "mode=active-backup miimon=100 primary=eth0");
	strcpy(b->bond.active_slave, "eth1");
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "primary-not-active", "eth0"));
	ck_assert_int_eq(w.st.sev, ST_WARNING);
	done(&w);

	/* primary_reselect=failure keeps the active one: nothing to say. */
	memset(&w, 0, sizeof(w));
	files("mode=active-backup miimon=100 primary=eth0 primary_reselect=failure");
	b = bond_world(&w, "mode=active-backup miimon=100 primary=eth0 primary_reselect=failure");
	strcpy(b->bond.active_slave, "eth1");
	build(&w, NULL, 0);
	ck_assert_ptr_null(item(&w, "primary-not-active", NULL));
	ck_assert_int_eq(w.st.sev, ST_OK);
	done(&w);

	/* A port down, and one whose failures rose since the last status. */
	memset(&w, 0, sizeof(w));
	files("mode=active-backup miimon=100");
	b = bond_world(&w, "mode=active-backup miimon=100");
	w.links[2].slave.mii_status = 2;
	w.links[1].slave.link_failure_count = 3;
	w.pf[0].has_prev = 1;
	w.pf[0].prev_failures = 1;
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "port-down", "eth1"));
	ck_assert_str_eq(item(&w, "link-failures", "eth0")->text, "eth0's link failed 2 times since the last status");
	ck_assert_int_eq(w.st.sev, ST_WARNING);
	done(&w);

	/* No working port: critical; with ARP monitoring, its targets are silent. */
	memset(&w, 0, sizeof(w));
	files("mode=active-backup arp_interval=1000 arp_ip_target=192.0.2.9");
	b = bond_world(&w, "mode=active-backup arp_interval=1000 arp_ip_target=192.0.2.9");
	b->flags &= ~IFF_LOWER_UP;
	b->bond.active_slave[0] = '\0';
	w.links[1].slave.mii_status = w.links[2].slave.mii_status = 2;
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "arp-targets-silent", "bond0"));
	ck_assert_ptr_null(item(&w, "no-active-port", NULL));
	ck_assert_int_eq(w.st.sev, ST_CRITICAL);
	done(&w);

	memset(&w, 0, sizeof(w));
	files("mode=active-backup miimon=100");
	b = bond_world(&w, "mode=active-backup miimon=100");
	b->bond.active_slave[0] = '\0';
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "no-active-port", "bond0"));
	ck_assert_int_eq(w.st.sev, ST_CRITICAL);
	done(&w);
}
END_TEST

START_TEST(test_absent_down_and_names)
{
	struct world w = { 0 };
	char *names[] = { "eth1" };
	struct klink *b;

	files("mode=active-backup miimon=100");
	put("ifcfg-bond1", "DEVICE=bond1\nBONDING_OPTS=\"mode=1 miimon=100\"\nONBOOT=yes\n");
	put("ifcfg-bond2", "DEVICE=bond2\nBONDING_OPTS=\"mode=1 miimon=100\"\nONBOOT=no\n");
	put("ifcfg-eth5", "DEVICE=eth5\nONBOOT=yes\nIPADDR=192.0.2.1\nPREFIX=24\nMTU=9000\nBROKEN LINE\n");
	b = bond_world(&w, "mode=active-backup miimon=100");
	b->flags &= ~IFF_UP;
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "down", "bond0"));
	ck_assert_str_eq(item(&w, "down", "bond0")->todo, "ifup bond0");
	ck_assert_ptr_nonnull(item(&w, "absent", "bond1"));
	ck_assert_ptr_null(item(&w, "absent", "bond2"));	/* ONBOOT=no */
	ck_assert_ptr_nonnull(item(&w, "file-error", "eth5"));
	ck_assert_int_eq(item(&w, "file-error", "eth5")->line, 6);
	ck_assert_int_eq(w.st.sev, ST_CRITICAL);
	done(&w);

	/* A slave's name shows its bond, and only it. */
	memset(&w, 0, sizeof(w));
	bond_world(&w, "mode=active-backup miimon=100");
	build(&w, names, 1);
	ck_assert_uint_eq(w.st.n, 1);
	ck_assert_str_eq(w.st.v[0].name, "bond0");
	done(&w);
}
END_TEST

START_TEST(test_more_findings)
{
	struct world w = { 0 };
	struct klink *b, *e;

	/* A configured port the kernel lacks; a plain device without carrier; a
	 * pending try, on the host. */
	files("mode=active-backup miimon=100");
	put("ifcfg-eth2", "DEVICE=eth2\nMASTER=bond0\nSLAVE=yes\n");
	put("ifcfg-eth5", "DEVICE=eth5\nBOOTPROTO=none\nNOZEROCONF=yes\n");
	b = bond_world(&w, "mode=active-backup miimon=100");
	e = link_(&w, "eth5", "veth");
	e->flags &= ~IFF_LOWER_UP;
	w.facts.try_pending = 1;
	strcpy(w.facts.try_command, "ifup-bond -a --reload --try 60");
	w.facts.try_left = 42;
	build(&w, NULL, 0);
	ck_assert_ptr_nonnull(item(&w, "port-absent", "eth2"));
	ck_assert_str_eq(item(&w, "port-absent", "eth2")->file, "ifcfg-eth2");
	ck_assert_uint_eq(w.st.v[1].nports, 3);
	ck_assert_ptr_nonnull(item(&w, "no-carrier", "eth5"));
	ck_assert_str_eq(item(&w, "try-pending", "")->text,
			 "a network try (ifup-bond -a --reload --try 60) is put back in 42 s unless confirmed");
	ck_assert_str_eq(w.st.v[0].name, "");
	ck_assert_int_eq(w.st.sev, ST_WARNING);
	(void)b;
	done(&w);
}
END_TEST

/* The members bondctl(8) documents for each JSON object (".\" schema: NAME" and the
 * ".It Va MEMBER" lines after it), as one list "NAME.MEMBER ...". */
static char *schema_of_page(void)
{
	FILE *fp = fopen("../man/bondctl.8", "r");
	char line[256], obj[32] = "", *out = NULL;
	size_t len = 0;
	FILE *o = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp)) {
		char m[64];

		if (sscanf(line, ".\\\" schema: %31s", obj) == 1)
			continue;
		if (!strncmp(line, ".El", 3))
			obj[0] = '\0';
		else if (obj[0] && sscanf(line, ".It Va %63s", m) == 1)
			fprintf(o, " %s.%s ", obj, m);
	}
	fclose(fp);
	fclose(o);
	return out;
}

START_TEST(test_json_schema_is_the_page)
{
	struct world w = { 0 };
	char *page = schema_of_page(), *json;
	struct klink *b;
	const char *at;
	size_t seen = 0;

	files("mode=active-backup miimon=100 primary=eth0");
	b = bond_world(&w, "mode=active-backup miimon=200 primary=eth0");
	strcpy(b->bond.active_slave, "eth1");
	build(&w, NULL, 0);
	json = printed(&w.st, status_print_json);
	ck_assert_ptr_nonnull(strstr(json, "{\"schema\": 1, "));
	/* Each member printed is documented: a key is a string followed by ": ". */
	for (at = json; (at = strstr(at, "\": ")); at += 3) {
		const char *s = at;
		char key[64], probe[72];
		int found = 0;

		while (s > json && s[-1] != '"')
			s--;
		snprintf(key, sizeof(key), "%.*s", (int)(at - s), s);
		snprintf(probe, sizeof(probe), ".%s ", key);
		found = strstr(page, probe) != NULL;
		ck_assert_msg(found, "JSON member %s is not in bondctl(8)", key);
		seen++;
	}
	/* ... and each documented member is printed (this status has every object). */
	for (const char *p = page; (p = strchr(p, '.')); p++) {
		char key[64], probe[70];

		sscanf(p + 1, "%63s", key);
		snprintf(probe, sizeof(probe), "\"%s\": ", key);
		ck_assert_msg(strstr(json, probe) != NULL, "bondctl(8) documents %s, which is not printed", key);
	}
	ck_assert_uint_gt(seen, 30);
	free(json);
	free(page);
	done(&w);
}
END_TEST

START_TEST(test_prometheus_families)
{
	struct world w = { 0 };
	char *t, *p;

	files("mode=802.3ad miimon=100");
	bond_world(&w, "mode=802.3ad miimon=100");
	build(&w, NULL, 0);
	t = printed(&w.st, status_print_prometheus);
	ck_assert_ptr_nonnull(strstr(t, "# TYPE ifcfg_bond_status gauge\nifcfg_bond_status 0\n"));
	ck_assert_ptr_nonnull(strstr(t, "ifcfg_bond_device_in_sync{device=\"bond0\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(t, "ifcfg_bond_bond_ports_up{device=\"bond0\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(t, "# TYPE ifcfg_bond_port_link_failures_total counter\n"));
	ck_assert_ptr_nonnull(strstr(t, "ifcfg_bond_port_lacp_partner{device=\"bond0\",port=\"eth1\"} 1\n"));
	/* Each sample after its family's TYPE line. */
	for (p = t; (p = strstr(p, "\nifcfg_bond_")); p++) {
		char name[64], type[80];

		sscanf(p + 1, "%63[a-z_]", name);
		snprintf(type, sizeof(type), "# TYPE %s ", name);
		ck_assert_ptr_nonnull(strstr(t, type));
		ck_assert(strstr(t, type) < p);
	}
	free(t);
	done(&w);
}
END_TEST

Suite *status_suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_in_sync_and_healthy);
	tcase_add_test(tc, test_drift);
	tcase_add_test(tc, test_lacp_findings);
	tcase_add_test(tc, test_active_backup_findings);
	tcase_add_test(tc, test_absent_down_and_names);
	tcase_add_test(tc, test_more_findings);
	tcase_add_test(tc, test_json_schema_is_the_page);
	tcase_add_test(tc, test_prometheus_families);
	suite_add_tcase(s, tc);
	return s;
}
