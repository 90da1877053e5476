/* resolv.c - the content of /etc/resolv.conf after a device's ifup, by the rules of
 * the legacy ifup-post (fedora-sysv/initscripts): pure text in, text out. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include "readfile.h"
#include "resolv.h"

/* Temporary files of an earlier run killed between mkstemp() and rename(): no
 * later run would remove them (callers hold the run lock, so none is in use). */
static void remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096], prefix[300], full[4400];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	snprintf(prefix, sizeof(prefix), "%s.ifcfg-bond.", slash ? slash + 1 : path);
	if (!(d = opendir(*dir ? dir : "/")))
		return;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, prefix, strlen(prefix)) &&
		    strlen(e->d_name) == strlen(prefix) + 6) {
			snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
			unlink(full);
		}
	closedir(d);
}

int resolv_write(const char *path, const char *text, const char *like)
{
	char tmp[4200], ctx[256];
	struct stat st;
	size_t len = strlen(text);
	const char *from;
	ssize_t clen;
	int fd, err;

	remove_stale(path);
	snprintf(tmp, sizeof(tmp), "%s.ifcfg-bond.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		return -1;
	/* As the file it replaces (else like, else root's 0644): mode, owner and, on
	 * SELinux hosts, the context (net_conf_t; the legacy scripts ran restorecon). */
	from = !stat(path, &st) ? path : like && !stat(like, &st) ? like : NULL;
	clen = from ? getxattr(from, "security.selinux", ctx, sizeof(ctx)) : -1;
	if (fchmod(fd, from ? st.st_mode & 07777 : 0644) ||
	    (from && fchown(fd, st.st_uid, st.st_gid)) ||
	    (clen > 0 && fsetxattr(fd, "security.selinux", ctx, (size_t)clen, 0) &&
	     errno != ENOTSUP && errno != EOPNOTSUPP) ||
	    write(fd, text, len) != (ssize_t)len || fsync(fd)) {
		err = errno;
		close(fd);
		unlink(tmp);
		errno = err;
		return -1;
	}
	if (close(fd) || rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}

/* The first word of line (after blanks), if it is kw followed by a blank or the
 * end; then *rest is what follows it, blanks skipped. */
static int keyword(const char *line, size_t len, const char *kw, const char **rest)
{
	size_t k = strlen(kw), i = strspn(line, " \t");

	if (i + k > len || strncmp(line + i, kw, k) ||
	    (i + k < len && line[i + k] != ' ' && line[i + k] != '\t'))
		return 0;
	i += k;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	*rest = line + i;
	return 1;
}

/* 1 if word (len n) is one of the blank-separated words of list. */
static int has_word(const char *list, const char *word, size_t n)
{
	for (const char *p = list; *p;) {
		size_t w;

		p += strspn(p, " \t");
		w = strcspn(p, " \t");
		if (w == n && !strncmp(p, word, n))
			return 1;
		p += w;
	}
	return 0;
}

/* 1 if the n bytes at p contain needle. */
static int contains(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (!strncmp(p + i, needle, k))
			return 1;
	return 0;
}

/* What ifup-post checks before it writes: a search line that holds the domains,
 * and the nameservers as consecutive lines in order. */
static int already(const char *cur, const struct netcfg_dns *dns)
{
	int search_ok = !dns->search[0], run = 0, ns_ok = !dns->nns;

	for (const char *l = cur; *l;) {
		size_t len = strcspn(l, "\n");
		const char *rest;

		if (keyword(l, len, "search", &rest) &&
		    contains(rest, len - (size_t)(rest - l), dns->search))
			search_ok = 1;
		if (dns->nns && keyword(l, len, "nameserver", &rest)) {
			size_t n = strcspn(rest, " \t\n");

			if (run < dns->nns && n == strlen(dns->ns[run]) && !strncmp(rest, dns->ns[run], n))
				run++;
			else if (n == strlen(dns->ns[0]) && !strncmp(rest, dns->ns[0], n))
				run = 1;
			else
				run = 0;
			if (run == dns->nns)
				ns_ok = 1;
		} else if (run < dns->nns) {
			run = 0;
		}
		l += len + (l[len] == '\n');
	}
	return search_ok && ns_ok;
}

char *resolv_update(const char *cur, const struct netcfg_dns *dns)
{
	char *out = NULL, *body = NULL, *old_search = NULL;
	size_t olen = 0, blen = 0, slen = 0;
	FILE *o, *b, *s;

	if (already(cur, dns))
		return NULL;
	o = open_memstream(&out, &olen);
	b = open_memstream(&body, &blen);
	s = open_memstream(&old_search, &slen);
	if (!o || !b || !s) {
		if (o)
			fclose(o);
		if (b)
			fclose(b);
		if (s)
			fclose(s);
		free(out);
		free(body);
		free(old_search);
		return NULL;
	}
	for (const char *l = cur; *l;) {
		size_t len = strcspn(l, "\n");
		const char *rest;

		/* The options lines go first, as the legacy change_resolv_conf puts them. */
		if (keyword(l, len, "options", &rest) || keyword(l, len, "option", &rest))
			fprintf(o, "%.*s\n", (int)len, l);
		else if (dns->nns && keyword(l, len, "nameserver", &rest))
			;	/* replaced by the device's */
		else if (dns->search[0] && (keyword(l, len, "search", &rest) ||
					    keyword(l, len, "domain", &rest)))
			fprintf(s, " %.*s", (int)(len - (size_t)(rest - l)), rest);
		else
			fprintf(b, "%.*s\n", (int)len, l);
		l += len + (l[len] == '\n');
	}
	fclose(s);
	fclose(b);
	fputs(body ? body : "", o);
	if (dns->search[0]) {
		/* The device's domains first, then the others that were there: once each
		 * (legacy repeated a domain that was already in the line). */
		fprintf(o, "search %s", dns->search);
		for (const char *p = old_search ? old_search : ""; *p;) {
			size_t w;

			p += strspn(p, " \t");
			w = strcspn(p, " \t");
			if (w && !has_word(dns->search, p, w))
				fprintf(o, " %.*s", (int)w, p);
			p += w;
		}
		fputc('\n', o);
	}
	for (int i = 0; i < dns->nns; i++)
		fprintf(o, "nameserver %s\n", dns->ns[i]);
	fclose(o);
	free(body);
	free(old_search);
	if (out && !strcmp(out, cur)) {
		free(out);
		return NULL;
	}
	return out;
}

char *resolv_read(const char *path)
{
	char *buf;
	size_t len;
	int err = readfile(path, RESOLV_MAX, &buf, &len);

	/* A NUL would cut the text that is written back. */
	if (!err && strlen(buf) != len) {
		free(buf);
		err = EINVAL;
	}
	errno = err;
	return err ? NULL : buf;
}
