/* check_resolv.c - resolv.conf by the legacy ifup-post's rules, and the keys that
 * feed it. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <stdlib.h>
#include <string.h>
#include "netcfg.h"
#include "resolv.h"

static struct netcfg_dns dns(const char *ns1, const char *ns2, const char *search)
{
	struct netcfg_dns x = { .apply = 1 };

	if (ns1)
		strcpy(x.ns[x.nns++], ns1);
	if (ns2)
		strcpy(x.ns[x.nns++], ns2);
	if (search)
		strcpy(x.search, search);
	return x;
}

/* From nothing: the search line, then the nameservers. */
START_TEST(test_fresh)
{
	struct netcfg_dns x = dns("192.0.2.53", "2001:db8::53", "example.com");
	char *t = resolv_update("", &x);

	ck_assert_str_eq(t, "search example.com\nnameserver 192.0.2.53\nnameserver 2001:db8::53\n");
	/* What it wrote satisfies it: a second ifup writes nothing. */
	ck_assert_ptr_null(resolv_update(t, &x));
	free(t);
}
END_TEST

/* Options first, comments and the rest kept in place, the old nameservers replaced,
 * the old search domains after the device's, once each. */
START_TEST(test_kept_and_replaced)
{
	struct netcfg_dns x = dns("192.0.2.53", NULL, "example.com");
	const char *cur = "# written by hand\nnameserver 10.0.0.1\nsearch corp.example example.com\n"
			  "sortlist 130.155.160.0/255.255.240.0\noptions rotate timeout:1\n"
			  "domain old.example\n";
	char *t = resolv_update(cur, &x);

	/* The search line holds example.com: only the nameservers are wrong. */
	ck_assert_str_eq(t, "options rotate timeout:1\n# written by hand\n"
			    "sortlist 130.155.160.0/255.255.240.0\n"
			    "search example.com corp.example old.example\nnameserver 192.0.2.53\n");
	ck_assert_ptr_null(resolv_update(t, &x));
	free(t);
}
END_TEST

/* Only DOMAIN: the nameservers stay; only DNS: the search lines stay. */
START_TEST(test_one_side)
{
	struct netcfg_dns d = dns(NULL, NULL, "example.com"), n = dns("192.0.2.53", NULL, NULL);
	const char *cur = "search corp.example\nnameserver 10.0.0.1\n";
	char *t = resolv_update(cur, &d);

	ck_assert_str_eq(t, "nameserver 10.0.0.1\nsearch example.com corp.example\n");
	free(t);
	t = resolv_update(cur, &n);
	ck_assert_str_eq(t, "search corp.example\nnameserver 192.0.2.53\n");
	free(t);
}
END_TEST

/* The legacy test: the device's nameservers as consecutive lines, in order, are
 * enough, whatever else is there; out of order or apart, they are rewritten. */
START_TEST(test_already)
{
	struct netcfg_dns x = dns("192.0.2.1", "192.0.2.2", NULL);
	char *t;

	ck_assert_ptr_null(resolv_update("nameserver 10.0.0.9\nnameserver 192.0.2.1\nnameserver 192.0.2.2\n", &x));
	t = resolv_update("nameserver 192.0.2.2\nnameserver 192.0.2.1\n", &x);
	ck_assert_str_eq(t, "nameserver 192.0.2.1\nnameserver 192.0.2.2\n");
	free(t);
	t = resolv_update("nameserver 192.0.2.1\n# x\nnameserver 192.0.2.2\n", &x);
	ck_assert_str_eq(t, "# x\nnameserver 192.0.2.1\nnameserver 192.0.2.2\n");
	free(t);
	/* 192.0.2.10 is not 192.0.2.1 (the legacy regexp took it for one). */
	t = resolv_update("nameserver 192.0.2.10\nnameserver 192.0.2.2\n", &x);
	ck_assert_ptr_nonnull(t);
	free(t);
}
END_TEST

/* The keys: duplicates dropped and gaps closed (legacy update_DNS_entries), DOMAIN
 * then SEARCH, bad values refused at their line, PEERDNS=no leaves the file. */
START_TEST(test_keys)
{
	static const char text[] = "DEVICE=eth0\nDNS1=192.0.2.1\nDNS2=192.0.2.1\nDNS3=2001:db8::1\n"
				   "DOMAIN='a.example b.example'\nSEARCH=c.example\nPEERDNS=no\n";
	struct ifcfg_file *f;
	struct netcfg_dev dev;
	struct diags d = { 0 };

	ck_assert_int_eq(ifcfg_parse_buf(text, sizeof(text) - 1, "ifcfg-eth0", &f, &d), 0);
	ck_assert_int_eq(netcfg_dev_load(f, &dev, &d), 0);
	ck_assert_int_eq(dev.dns.nns, 2);
	ck_assert_str_eq(dev.dns.ns[0], "192.0.2.1");
	ck_assert_str_eq(dev.dns.ns[1], "2001:db8::1");
	ck_assert_str_eq(dev.dns.search, "a.example b.example c.example");
	ck_assert_int_eq(dev.dns.line, 2);
	ck_assert_int_eq(dev.dns.apply, 0);
	ifcfg_free(f);
	diags_free(&d);

	static const char bad[] = "DEVICE=eth0\nDNS2=dns.example\nDOMAIN='a.example;b'\n";
	ck_assert_int_eq(ifcfg_parse_buf(bad, sizeof(bad) - 1, "ifcfg-eth0", &f, &d), 0);
	ck_assert_int_eq(netcfg_dev_load(f, &dev, &d), -1);
	ck_assert_uint_eq(d.errors, 2);
	ck_assert_str_eq(d.v[0].msg, "DNS2: 'dns.example' is not an IP address");
	ck_assert_int_eq(d.v[1].line, 3);
	ifcfg_free(f);
	diags_free(&d);
}
END_TEST

/* Reading: only a regular file, read whole (a FIFO would hang the run; a save made
 * from a partial read would be put back by ifdown).  Writing: the mode and owner of
 * the file replaced, else of the one it is like; a killed run's temporary files go. */
START_TEST(test_read_write)
{
	char d[] = "/tmp/check_resolv.XXXXXX", p[256], q[256], stale[300];
	struct stat st;
	char *t;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(d));
	snprintf(p, sizeof(p), "%s/fifo", d);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	ck_assert_ptr_null(resolv_read(p));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(resolv_read(d));
	unlink(p);
	snprintf(p, sizeof(p), "%s/nul", d);
	fp = fopen(p, "w");
	fwrite("a\0b\n", 1, 4, fp);
	fclose(fp);
	ck_assert_ptr_null(resolv_read(p));
	unlink(p);

	snprintf(p, sizeof(p), "%s/resolv.conf", d);
	snprintf(q, sizeof(q), "%s/resolv.conf.save", d);
	snprintf(stale, sizeof(stale), "%s/resolv.conf.ifcfg-bond.AbC123", d);
	fp = fopen(stale, "w");
	fclose(fp);
	ck_assert_int_eq(resolv_write(p, "nameserver 192.0.2.1\n", NULL), 0);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	ck_assert_int_eq(access(stale, F_OK), -1);
	ck_assert_int_eq(chmod(p, 0640), 0);
	ck_assert_int_eq(chown(p, 0, 4), 0);
	ck_assert_int_eq(resolv_write(p, "nameserver 192.0.2.2\n", NULL), 0);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(st.st_gid, 4);
	/* The first save is like the file it saves. */
	ck_assert_int_eq(resolv_write(q, "x\n", p), 0);
	ck_assert_int_eq(stat(q, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(st.st_gid, 4);
	t = resolv_read(p);
	ck_assert_str_eq(t, "nameserver 192.0.2.2\n");
	free(t);
	unlink(p);
	unlink(q);
	ck_assert_int_eq(rmdir(d), 0);
}
END_TEST

/* On an SELinux host the new file keeps the context of the one it replaces
 * (net_conf_t; the legacy scripts ran restorecon).  The attribute is set by hand
 * here, on tmpfs, which keeps security.* attributes without an SELinux policy. */
START_TEST(test_selinux_context)
{
	static const char ctx[] = "system_u:object_r:net_conf_t:s0";
	char d[] = "/dev/shm/check_resolv.XXXXXX", p[256], got[64] = "";
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(d));
	snprintf(p, sizeof(p), "%s/resolv.conf", d);
	fp = fopen(p, "w");
	fclose(fp);
	ck_assert_msg(setxattr(p, "security.selinux", ctx, sizeof(ctx), 0) == 0,
		      "tmpfs refuses security.selinux: %s", strerror(errno));
	ck_assert_int_eq(resolv_write(p, "nameserver 192.0.2.1\n", NULL), 0);
	ck_assert_int_eq(getxattr(p, "security.selinux", got, sizeof(got)), (ssize_t)sizeof(ctx));
	ck_assert_str_eq(got, ctx);
	unlink(p);
	ck_assert_int_eq(rmdir(d), 0);
}
END_TEST

Suite *resolv_suite(void)
{
	Suite *s = suite_create("resolv");
	TCase *tc = tcase_create("resolv.conf");

	tcase_add_test(tc, test_fresh);
	tcase_add_test(tc, test_kept_and_replaced);
	tcase_add_test(tc, test_one_side);
	tcase_add_test(tc, test_already);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_read_write);
	tcase_add_test(tc, test_selinux_context);
	suite_add_tcase(s, tc);
	return s;
}
