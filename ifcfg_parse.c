/* ifcfg_parse.c - reads ifcfg files as data: exactly the lines that bash and
 * NetworkManager read the same way (ifcfg-syntax.md section 2), every other line
 * refused with its reason.  The only file that knows about shell quoting. */
#define _GNU_SOURCE	/* asprintf, strndup */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ifcfg_parse.h"

/* A growing byte buffer for one value. */
struct buf {
	char *s;
	size_t n, cap;
};

static int buf_put(struct buf *b, const char *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *s;

		while (cap < b->n + n + 1)
			cap *= 2;
		s = realloc(b->s, cap);
		if (!s)
			return -1;
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
	return 0;
}

static int buf_putc(struct buf *b, char c)
{
	return buf_put(b, &c, 1);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], len, cp, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		i += len;
	}
	return 1;
}

/* bash refuses to assign these ("readonly variable"); NM reads them: they disagree. */
static int bash_readonly(const char *k, size_t n)
{
	static const char *const ro[] = { "BASHOPTS", "BASH_VERSINFO", "EUID", "PPID",
					  "SHELLOPTS", "UID" };

	for (size_t i = 0; i < sizeof(ro) / sizeof(*ro); i++)
		if (strlen(ro[i]) == n && !memcmp(ro[i], k, n))
			return 1;
	return 0;
}

/* One $'...' piece starting after "$'"; *pp is advanced past the closing quote.
 * Returns NULL or the reason for refusing it. */
static const char *ansi_c(const char **pp, const char *end, struct buf *v)
{
	const char *p = *pp;

	while (p < end && *p != '\'') {
		unsigned char c = (unsigned char)*p++;

		if (c != '\\') {
			if (buf_putc(v, (char)c))
				return "out of memory";
			continue;
		}
		if (p == end)
			break;
		c = (unsigned char)*p++;
		switch (c) {
		case 'a': c = '\a'; break;
		case 'b': c = '\b'; break;
		case 'e': case 'E': c = 033; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'v': c = '\v'; break;
		case '\\': case '\'': case '"': case '?': break;
		case 'c':
			return "\\c in $'...' is read differently by bash and NetworkManager";
		case 'u': case 'U':
			return "\\u and \\U in $'...' depend on bash's locale";
		case 'x': {
			unsigned val = 0, k = 0;

			while (k < 2 && p < end && isxdigit((unsigned char)*p)) {
				val = val * 16 + (unsigned)(isdigit((unsigned char)*p) ? *p - '0'
							    : (tolower((unsigned char)*p) - 'a' + 10));
				p++, k++;
			}
			if (!k) {
				if (buf_put(v, "\\x", 2))
					return "out of memory";
				continue;
			}
			c = (unsigned char)val;
			break;
		}
		default:
			if (c >= '0' && c <= '7') {
				unsigned val = c - '0', k = 1;

				while (k < 3 && p < end && *p >= '0' && *p <= '7')
					val = val * 8 + (unsigned)(*p++ - '0'), k++;
				c = (unsigned char)(val & 0xff);
				break;
			}
			if (buf_putc(v, '\\'))
				return "out of memory";
			break;
		}
		if (!c)
			return "NUL in $'...' (bash cuts the value there, NetworkManager refuses it)";
		if (buf_putc(v, (char)c))
			return "out of memory";
	}
	if (p == end)
		return "unterminated $'...' quote (a value must end on its line)";
	*pp = p + 1;
	return NULL;
}

/* One "..." piece starting after the opening quote.  old_nm is set when the piece
 * holds \' or \~, which old NetworkManager versions unescape (see the caller). */
static const char *double_quoted(const char **pp, const char *end, struct buf *v, int *old_nm)
{
	const char *p = *pp;

	while (p < end && *p != '"') {
		char c = *p++;

		if (c == '$')
			return "$ inside double quotes (bash expands it; NetworkManager refuses the value)";
		if (c == '`')
			return "` inside double quotes (bash runs a command; NetworkManager refuses the value)";
		if (c == '\\' && p < end) {
			char n = *p;

			if (n == '$' || n == '`' || n == '"' || n == '\\') {
				c = n;
				p++;
			} else if (n == '\'' || n == '~') {
				*old_nm = 1;
			}
		}
		if (buf_putc(v, c))
			return "out of memory";
	}
	if (p == end)
		return "unterminated double quote (a value must end on its line)";
	*pp = p + 1;
	return NULL;
}

/* What may follow a value: blanks, one ';', blanks, a # comment. */
static const char *trailer(const char *p, const char *end)
{
	int semi = 0;

	for (; p < end; p++) {
		if (is_blank(*p))
			continue;
		if (*p == ';' && !semi) {
			semi = 1;
			continue;
		}
		if (*p == '#' && (is_blank(p[-1]) || p[-1] == ';'))
			return NULL;
		if (*p == ';')
			return "';;' after the value (a bash syntax error)";
		return "a second word after the value (bash would run it as a command; quote the value)";
	}
	return NULL;
}

/* The value of one assignment: p..end is the text after '='. */
static const char *parse_value(const char *p, const char *end, struct buf *v)
{
	const char *start = p, *why;
	int old_nm = 0, pieces = 0, whole_dq = 0;

	while (p < end && !is_blank(*p) && *p != ';') {
		char c = *p;

		pieces++;
		if (c == '\'') {
			const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));

			if (!q)
				return "unterminated single quote (a value must end on its line)";
			if (buf_put(v, p + 1, (size_t)(q - p - 1)))
				return "out of memory";
			p = q + 1;
		} else if (c == '"') {
			p++;
			if ((why = double_quoted(&p, end, v, &old_nm)))
				return why;
			whole_dq = pieces == 1 && p == end;
		} else if (c == '$' && p + 1 < end && p[1] == '\'') {
			p += 2;
			if ((why = ansi_c(&p, end, v)))
				return why;
		} else if (c == '$') {
			/* A '$' ending the word is literal in both readers. */
			if (p + 1 == end || is_blank(p[1]) || p[1] == ';') {
				if (buf_putc(v, c))
					return "out of memory";
				p++;
				continue;
			}
			if (p[1] == '(')
				return "command substitution $(...) is not allowed";
			if (p[1] == '{')
				return "variable expansion ${...} is not allowed";
			if (p[1] == '"')
				return "$\"...\" is not allowed (bash translates it, NetworkManager does not)";
			return "variable expansion $NAME is not allowed (bash expands it, NetworkManager reads it literally)";
		} else if (c == '`') {
			return "backquote command substitution is not allowed";
		} else if (c == '\\') {
			if (p + 1 == end)
				return "backslash at the end of the line (bash continues the line, NetworkManager does not)";
			if (buf_putc(v, p[1]))
				return "out of memory";
			p += 2;
		} else if (strchr("|&<>()", c)) {
			return "unquoted shell metacharacter (one of | & < > ( )); quote the value";
		} else if (c == '~' && (p == start || p[-1] == ':')) {
			return "unquoted ~ (bash expands it to a home directory); quote it";
		} else if (c == '\r' || c == '\v' || c == '\f') {
			return c == '\r' ? "carriage return (a DOS line ending?): bash keeps it in the value, NetworkManager drops it"
					 : "vertical tab or form feed outside quotes";
		} else {
			if (buf_putc(v, c))
				return "out of memory";
			p++;
		}
	}
	if (whole_dq && old_nm)
		return "\\' or \\~ in a double-quoted value (old NetworkManager versions drop the backslash, bash keeps it)";
	if ((why = trailer(p, end)))
		return why;
	if (v->n && !valid_utf8((const unsigned char *)v->s, v->n))
		return "the value is not valid UTF-8";
	return NULL;
}

static void drop_key(struct ifcfg_file *f, const char *key, size_t klen)
{
	size_t j = 0;

	for (size_t i = 0; i < f->nvars; i++) {
		if (strlen(f->vars[i].key) == klen && !memcmp(f->vars[i].key, key, klen)) {
			free(f->vars[i].key);
			free(f->vars[i].value);
			continue;
		}
		f->vars[j++] = f->vars[i];
	}
	f->nvars = j;
}

static int add_var(struct ifcfg_file *f, size_t *cap, const char *key, size_t klen,
		   struct buf *v, int line)
{
	struct ifcfg_var *nv;

	if (f->nvars == *cap) {
		size_t c = *cap ? 2 * *cap : 16;

		nv = realloc(f->vars, c * sizeof(*nv));
		if (!nv)
			return -1;
		f->vars = nv;
		*cap = c;
	}
	nv = &f->vars[f->nvars];
	nv->key = strndup(key, klen);
	nv->value = v->s ? v->s : strdup("");
	if (!nv->key || !nv->value) {
		free(nv->key);
		free(nv->value);
		return -1;
	}
	v->s = NULL;
	nv->line = line;
	f->nvars++;
	return 0;
}

/* One line (without its LF).  Returns NULL when it was read, else the reason. */
static const char *parse_line(struct ifcfg_file *f, size_t *cap, const char *p, const char *end,
			      int line)
{
	const char *key, *why;
	struct buf v = { 0 };
	size_t klen;

	if (memchr(p, '\0', (size_t)(end - p)))
		return "NUL byte (bash drops it, NetworkManager stops reading the file there)";
	if (line == 1 && end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		return "byte order mark at the start of the file";
	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p == '#')
		return NULL;
	key = p;
	if (isalpha((unsigned char)*p) || *p == '_')
		while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
	klen = (size_t)(p - key);
	if (!klen || p == end || *p != '=') {
		if (end - key >= 7 && !memcmp(key, "export", 6) && is_blank(key[6]))
			return "'export' lines are not read by NetworkManager; write KEY=value";
		return "not a KEY=value assignment";
	}
	if (bash_readonly(key, klen))
		return "a read-only variable in bash (bash keeps its own value)";
	why = parse_value(p + 1, end, &v);
	if (why) {
		/* Last wins, even when the last is refused: no fall-back to an earlier line. */
		drop_key(f, key, klen);
		free(v.s);
		return why;
	}
	if (add_var(f, cap, key, klen, &v, line)) {
		free(v.s);
		return "out of memory";
	}
	return NULL;
}

static char *basename_dup(const char *path)
{
	const char *b = strrchr(path, '/');

	return strdup(b ? b + 1 : path);
}

static int set_device(struct ifcfg_file *f)
{
	const char *dev = ifcfg_get(f, "DEVICE");
	char *base;

	if (dev && *dev) {
		f->device = strdup(dev);
	} else {
		base = basename_dup(f->path ? f->path : f->label);
		if (!base)
			return -1;
		f->device = strdup(strncmp(base, "ifcfg-", 6) ? base : base + 6);
		free(base);
	}
	return f->device ? 0 : -1;
}

static int parse_into(struct ifcfg_file *f, const char *buf, size_t len, struct diags *d)
{
	const char *p = buf, *end = buf + len;
	size_t cap = 0;
	int line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *why;

		if (!nl)
			nl = end;
		line++;
		why = parse_line(f, &cap, p, nl, line);
		if (why) {
			diag_add(d, DIAG_ERROR, f->label, line, "%s", why);
			f->errors++;
		}
		p = nl + 1;
	}
	if (set_device(f)) {
		diag_add(d, DIAG_ERROR, f->label, 0, "out of memory");
		f->errors++;
	}
	return f->errors ? -1 : 0;
}

static struct ifcfg_file *new_file(const char *path, const char *label)
{
	struct ifcfg_file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->path = path ? strdup(path) : NULL;
	f->label = strdup(label ? label : path ? path : "-");
	if ((path && !f->path) || !f->label) {
		ifcfg_free(f);
		return NULL;
	}
	return f;
}

int ifcfg_parse_buf(const char *buf, size_t len, const char *label, struct ifcfg_file **out,
		    struct diags *d)
{
	struct ifcfg_file *f = new_file(NULL, label);

	*out = f;
	if (!f) {
		diag_add(d, DIAG_ERROR, label, 0, "out of memory");
		return -1;
	}
	return parse_into(f, buf, len, d);
}

int ifcfg_read(const char *path, const char *label, struct ifcfg_file **out, struct diags *d)
{
	const char *lab = label ? label : path;
	struct ifcfg_file *f;
	struct stat st;
	char *buf;
	size_t n = 0;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_add(d, DIAG_ERROR, lab, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		diag_add(d, DIAG_ERROR, lab, 0, "not a regular file");
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > IFCFG_MAX_FILE) {
		diag_add(d, DIAG_ERROR, lab, 0, "larger than %u bytes (NetworkManager's limit)",
			 IFCFG_MAX_FILE);
		close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		diag_add(d, DIAG_ERROR, lab, 0, "out of memory");
		close(fd);
		return -1;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_add(d, DIAG_ERROR, lab, 0, "cannot read: %s", strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > (size_t)st.st_size) {	/* grew while we read it */
			diag_add(d, DIAG_ERROR, lab, 0, "the file changed while it was read");
			free(buf);
			close(fd);
			return -1;
		}
	}
	close(fd);
	f = new_file(path, lab);
	if (!f) {
		diag_add(d, DIAG_ERROR, lab, 0, "out of memory");
		free(buf);
		return -1;
	}
	rc = parse_into(f, buf, n, d);
	free(buf);
	*out = f;
	return rc;
}

void ifcfg_free(struct ifcfg_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nvars; i++) {
		free(f->vars[i].key);
		free(f->vars[i].value);
	}
	free(f->vars);
	free(f->path);
	free(f->label);
	free(f->device);
	free(f);
}

const struct ifcfg_var *ifcfg_find(const struct ifcfg_file *f, const char *key)
{
	for (size_t i = f->nvars; i-- > 0;)
		if (!strcmp(f->vars[i].key, key))
			return &f->vars[i];
	return NULL;
}

const char *ifcfg_get(const struct ifcfg_file *f, const char *key)
{
	const struct ifcfg_var *v = ifcfg_find(f, key);

	return v ? v->value : NULL;
}

int ifcfg_line(const struct ifcfg_file *f, const char *key)
{
	const struct ifcfg_var *v = ifcfg_find(f, key);

	return v ? v->line : 0;
}

int ifcfg_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1", "y", "t" };
	static const char *const no[] = { "no", "false", "off", "0", "n", "f" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int ifcfg_get_bool(const struct ifcfg_file *f, const char *key, int def)
{
	const char *s = ifcfg_get(f, key);
	int v;

	if (!s || !*s)
		return def;
	return ifcfg_bool(s, &v) ? -1 : v;
}

char *ifcfg_quote(const char *value)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t n = strlen(value);
	int ansi = !valid_utf8(s, n), dq = 0;
	struct buf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			ansi = 1;
		else if (s[i] >= 0x80 || strchr(" \t'~|&;()<>\"\\$`", s[i]))
			dq = 1;
	}
	if (ansi) {
		static const char esc[] = "\b\f\n\r\t\v\\\"'";
		static const char name[] = "bfnrtv\\\"'";

		buf_put(&b, "$'", 2);
		for (size_t i = 0; i < n; i++) {
			const char *e = s[i] ? strchr(esc, s[i]) : NULL;
			char oct[5];

			if (e) {
				buf_putc(&b, '\\');
				buf_putc(&b, name[e - esc]);
			} else if (s[i] >= 0x20 && s[i] < 0x7f) {
				buf_putc(&b, (char)s[i]);
			} else {
				snprintf(oct, sizeof(oct), "\\%03o", s[i]);
				buf_put(&b, oct, 4);
			}
		}
		buf_putc(&b, '\'');
	} else if (dq) {
		buf_putc(&b, '"');
		for (size_t i = 0; i < n; i++) {
			if (strchr("\"\\$`", s[i]))
				buf_putc(&b, '\\');
			buf_putc(&b, (char)s[i]);
		}
		buf_putc(&b, '"');
	} else {
		buf_put(&b, value, n);
	}
	if (!b.s)
		b.s = calloc(1, 1);
	return b.s;
}

/* ---- directories ---- */

int ifcfg_name_ignored(const char *name)
{
	static const char *const suffixes[] = { "~", ".bak", ".old", ".orig", ".rpmnew",
						 ".rpmorig", ".rpmsave" };
	size_t n = strlen(name);

	if (strncmp(name, "ifcfg-", 6) || n == 6)
		return 1;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		size_t k = strlen(suffixes[i]);

		if (n >= k && !strcmp(name + n - k, suffixes[i]))
			return 1;
	}
	return strchr(name, ':') || strstr(name, "-range");
}

int ifcfg_natcmp(const char *a, const char *b)
{
	const char *a0 = a, *b0 = b;

	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea = a, *eb = b;
			size_t la, lb;
			int c;

			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			c = memcmp(a, b, la);
			if (c)
				return c;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++, b++;
	}
	if (*a || *b)
		return *a ? 1 : -1;
	/* Equal as numbers ("eth01" and "eth1"): keep a total order. */
	return strcmp(a0, b0);
}

static int cmp_file(const void *x, const void *y)
{
	const struct ifcfg_file *a = *(const struct ifcfg_file *const *)x;
	const struct ifcfg_file *b = *(const struct ifcfg_file *const *)y;
	int c = ifcfg_natcmp(a->device, b->device);

	return c ? c : ifcfg_natcmp(a->label, b->label);
}

int ifcfg_dir_scan(const char *dir, struct ifcfg_dir *out, struct diags *d)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	out->path = strdup(dir);
	if (!dp) {
		diag_add(d, DIAG_ERROR, dir, 0, "cannot read the directory: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(dp))) {
		struct ifcfg_file *f = NULL;
		struct stat st;
		char *path;

		if (ifcfg_name_ignored(de->d_name))
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) < 0)
			continue;
		if (stat(path, &st) || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		ifcfg_read(path, de->d_name, &f, d);
		free(path);
		if (!f)
			continue;
		if (out->n == cap) {
			size_t c = cap ? 2 * cap : 16;
			struct ifcfg_file **v = realloc(out->files, c * sizeof(*v));

			if (!v) {
				ifcfg_free(f);
				diag_add(d, DIAG_ERROR, dir, 0, "out of memory");
				break;
			}
			out->files = v;
			cap = c;
		}
		out->files[out->n++] = f;
	}
	closedir(dp);
	if (out->n)
		qsort(out->files, out->n, sizeof(*out->files), cmp_file);
	return 0;
}

void ifcfg_dir_free(struct ifcfg_dir *dir)
{
	for (size_t i = 0; i < dir->n; i++)
		ifcfg_free(dir->files[i]);
	free(dir->files);
	free(dir->path);
	memset(dir, 0, sizeof(*dir));
}

const char *ifcfg_dev_name(const char *name)
{
	return strncmp(name, "ifcfg-", 6) ? name : name + 6;
}

struct ifcfg_file *ifcfg_dir_find(const struct ifcfg_dir *dir, const char *name)
{
	const char *dev = ifcfg_dev_name(name);

	for (size_t i = 0; i < dir->n; i++)
		if (!strncmp(dir->files[i]->label, "ifcfg-", 6) &&
		    !strcmp(dir->files[i]->label + 6, dev))
			return dir->files[i];
	for (size_t i = 0; i < dir->n; i++)
		if (!strcmp(dir->files[i]->device, dev))
			return dir->files[i];
	return NULL;
}

size_t ifcfg_dir_slaves(const struct ifcfg_dir *dir, const char *master, int require_slave,
			struct ifcfg_file ***out)
{
	size_t n = 0;

	*out = calloc(dir->n ? dir->n : 1, sizeof(**out));
	if (!*out)
		return 0;
	/* dir->files is already in natural device order. */
	for (size_t i = 0; i < dir->n; i++) {
		const struct ifcfg_file *f = dir->files[i];
		const char *m = ifcfg_get(f, "MASTER");

		if (!m || strcmp(m, master))
			continue;
		if (require_slave && ifcfg_get_bool(f, "SLAVE", 0) != 1)
			continue;
		(*out)[n++] = dir->files[i];
	}
	return n;
}

int ifcfg_is_bond(const struct ifcfg_file *f)
{
	const char *o = ifcfg_get(f, "BONDING_OPTS"), *t = ifcfg_get(f, "TYPE");

	return (o && *o) || (t && !strcasecmp(t, "Bond")) ||
	       ifcfg_get_bool(f, "BONDING_MASTER", 0) == 1;
}
