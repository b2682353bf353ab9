// SPDX-License-Identifier: GPL-2.0-only
/* reservation_key values and the prkeys file (prkeys.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "prkeys.h"

/* Larger than any real host's file: one line per LUN. */
#define MAX_PRKEYS_SIZE (16 << 20)
#define MAX_WWID 255

static const char header[] =
	"# Persistent reservation keys of LUNs, one per line: \"<key> <WWID>\".\n"
	"# Kept by mpxd (reservation_key file); 0X instead of 0x: registered with APTPL.\n";

/* Up to 16 hex digits, "0x" optional; 0, or -EINVAL. */
static int parse_hex(const char *s, size_t len, uint64_t *ret)
{
	uint64_t v = 0;
	size_t i;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
	}
	if (!len || len > 16)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		char c = s[i];
		unsigned int d = c >= '0' && c <= '9' ? (unsigned int)(c - '0') :
				 c >= 'a' && c <= 'f' ? (unsigned int)(c - 'a' + 10) :
				 c >= 'A' && c <= 'F' ? (unsigned int)(c - 'A' + 10) :
							16;

		if (d == 16)
			return -EINVAL;
		v = v << 4 | d;
	}
	*ret = v;
	return 0;
}

int mpx_prkey_parse(const char *s, struct mpx_prkey *ret, const char **reason)
{
	struct mpx_prkey k = { 0 };
	const char *colon = strchr(s, ':');
	size_t len = colon ? (size_t)(colon - s) : strlen(s);

	if (!strcmp(s, "file")) {
		k.from_file = true;
		*ret = k;
		return 0;
	}
	if (colon && strcmp(colon + 1, "aptpl")) {
		*reason = "the only suffix is \":aptpl\"";
		return -EINVAL;
	}
	k.aptpl = colon != NULL;
	if (parse_hex(s, len, &k.key)) {
		*reason = "expected \"file\", or a key of 1 to 16 hex digits (0x optional), "
			  "optionally with \":aptpl\"";
		return -EINVAL;
	}
	*ret = k;
	return 0;
}

/* The whole file in a NUL-terminated buffer; -ENOENT if it does not exist. */
static int read_all(const char *file, char **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	_cleanup_free_ char *buf = NULL;
	struct stat st;
	size_t got = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (st.st_size > MAX_PRKEYS_SIZE)
		return -EFBIG;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*ret = buf;
	buf = NULL;
	*ret_len = got;
	return 0;
}

/*
 * Whether line (len bytes, no newline) is wwid's: "<key> <wwid>", the
 * WWID last and whole. Comment lines are no one's.
 */
static bool line_is(const char *line, size_t len, const char *wwid)
{
	size_t wl = strlen(wwid);

	if (!len || line[0] == '#' || len < wl + 2)
		return false;
	return line[len - wl - 1] == ' ' && !memcmp(line + len - wl, wwid, wl);
}

int mpx_prkeys_get(const char *file, const char *wwid, uint64_t *ret_key, bool *ret_aptpl)
{
	_cleanup_free_ char *buf = NULL;
	const char *line, *nl, *sp;
	size_t len, ll;
	int r;

	if (!*wwid || strlen(wwid) > MAX_WWID || strpbrk(wwid, " \t\n"))
		return -EINVAL;
	r = read_all(file, &buf, &len);
	if (r)
		return r;
	for (line = buf; line < buf + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (!nl)
			nl = buf + len;
		ll = (size_t)(nl - line);
		if (!line_is(line, ll, wwid))
			continue;
		sp = memchr(line, ' ', ll);
		if (parse_hex(line, (size_t)(sp - line), ret_key) || sp - line < 2)
			return -EINVAL;
		*ret_aptpl = line[1] == 'X';
		return 0;
	}
	return -ENOENT;
}

static int write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The directory of file, created if missing (one level, as for /etc/mpx). */
static int make_dir(const char *file)
{
	_cleanup_free_ char *dir = strdup(file);
	char *slash;

	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* The new contents: every other line as it was, then wwid's (unless removed). */
static int compose(const char *old, size_t len, const char *wwid, uint64_t key, bool aptpl,
		   FILE *out)
{
	const char *line, *nl;
	size_t ll;

	if (!len)
		fputs(header, out);
	for (line = old; line < old + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(old + len - line));
		if (!nl)
			nl = old + len;
		ll = (size_t)(nl - line);
		if (line_is(line, ll, wwid))
			continue;
		fwrite(line, 1, ll, out);
		fputc('\n', out);
	}
	if (key)
		fprintf(out, "0%c%016" PRIx64 " %s\n", aptpl ? 'X' : 'x', key, wwid);
	return ferror(out) ? -EIO : 0;
}

int mpx_prkeys_set(const char *file, const char *wwid, uint64_t key, bool aptpl)
{
	_cleanup_free_ char *old = NULL, *text = NULL, *tmp = NULL;
	_cleanup_close_ int fd = -1;
	size_t len = 0, tlen = 0;
	FILE *out;
	int r;

	if (!*wwid || strlen(wwid) > MAX_WWID || strpbrk(wwid, " \t\n"))
		return -EINVAL;
	r = read_all(file, &old, &len);
	if (r && r != -ENOENT)
		return r;
	out = open_memstream(&text, &tlen);
	if (!out)
		return -ENOMEM;
	r = compose(old ? old : "", len, wwid, key, aptpl, out);
	if (fclose(out) && !r)
		r = -ENOMEM;
	if (r)
		return r;
	r = make_dir(file);
	if (r)
		return r;
	if (asprintf(&tmp, "%s.XXXXXX", file) < 0) {
		tmp = NULL;
		return -ENOMEM;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = write_all(fd, text, tlen);
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (!r && rename(tmp, file) < 0)
		r = -errno;
	if (r)
		unlink(tmp);
	return r;
}
