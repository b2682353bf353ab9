/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the config tests share: load a text as file "t.conf", expect an
 * error at a line, look for a warning. Include after cmocka.h and config.h.
 */
#ifndef MPX_TEST_CONF_HELPERS_H
#define MPX_TEST_CONF_HELPERS_H

static inline int load(struct mpx_config *c, const char *text, struct conf_error *err)
{
	memset(c, 0, sizeof(*c));
	memset(err, 0, sizeof(*err));
	return mpx_config_add_text(c, "t.conf", text, strlen(text), err);
}

static inline void expect_error(const char *text, unsigned int line, const char *msg_part)
{
	struct mpx_config c;
	struct conf_error err;

	if (!load(&c, text, &err)) {
		print_error("accepted:\n%s\n", text);
		fail();
	}
	if (err.line != line || !strstr(err.msg, msg_part)) {
		print_error("error \"%s:%u:%u: %s\", expected line %u with \"%s\"\n",
			    err.file, err.line, err.col, err.msg, line, msg_part);
		fail();
	}
	assert_string_equal(err.file, "t.conf");
	mpx_config_free(&c);
}

static inline bool has_warning(const struct mpx_config *c, const char *part)
{
	size_t i;

	for (i = 0; i < c->nr_warnings; i++)
		if (strstr(c->warnings[i], part))
			return true;
	return false;
}

#endif
