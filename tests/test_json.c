/* The JSON writer: layout, escaping, number formats and misuse detection. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "sim/json.h"

struct buf {
	char *text;
	size_t len;
	FILE *fp;
};

static void buf_open(struct buf *b)
{
	b->text = NULL;
	b->len = 0;
	b->fp = open_memstream(&b->text, &b->len);
	assert_non_null(b->fp);
}

static void buf_close(struct buf *b)
{
	fclose(b->fp);
}

static void compact_document(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	struct json w;
	json_init(&w, b.fp, 0);
	json_object_begin(&w);
	json_kv_int(&w, "b", -3);
	json_kv_str(&w, "a", "x");
	json_key(&w, "list");
	json_array_begin(&w);
	json_int(&w, 1);
	json_bool(&w, 1);
	json_null(&w);
	json_object_begin(&w);
	json_object_end(&w);
	json_array_end(&w);
	json_key(&w, "empty");
	json_array_begin(&w);
	json_array_end(&w);
	json_object_end(&w);
	assert_int_equal(json_close(&w), 0);
	buf_close(&b);
	/* Keys stay in the order written, not sorted. */
	assert_string_equal(b.text,
		"{\"b\":-3,\"a\":\"x\",\"list\":[1,true,null,{}],\"empty\":[]}\n");
	free(b.text);
}

static void indented_document(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	struct json w;
	json_init(&w, b.fp, 2);
	json_object_begin(&w);
	json_kv_int(&w, "n", 1);
	json_key(&w, "v");
	json_array_begin(&w);
	json_int(&w, 2);
	json_int(&w, 3);
	json_array_end(&w);
	json_object_end(&w);
	assert_int_equal(json_close(&w), 0);
	buf_close(&b);
	assert_string_equal(b.text,
		"{\n  \"n\": 1,\n  \"v\": [\n    2,\n    3\n  ]\n}\n");
	free(b.text);
}

static void escaping(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	/* quote, backslash, control chars, valid UTF-8 kept, invalid replaced */
	json_write_string(b.fp, "q\"b\\n\n\t\x01\xc3\xa9\xff|\xed\xa0\x80|\xc0\xaf");
	buf_close(&b);
	assert_string_equal(b.text,
		"\"q\\\"b\\\\n\\n\\t\\u0001\xc3\xa9\\ufffd|\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\"");
	free(b.text);
}

static void numbers(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	struct json w;
	json_init(&w, b.fp, 0);
	json_array_begin(&w);
	json_num(&w, 0.1);
	json_num(&w, -0.0);
	json_num(&w, 1e20);
	json_num(&w, NAN);
	json_num(&w, INFINITY);
	json_fixed(&w, 2.0 / 3.0, 3);
	json_fixed(&w, -0.0001, 3);
	json_cents(&w, 123456);
	json_cents(&w, -5);
	json_cents(&w, 0);
	json_uint(&w, UINT64_MAX);
	json_int(&w, INT64_MIN);
	json_array_end(&w);
	assert_int_equal(json_close(&w), 0);
	buf_close(&b);
	assert_string_equal(b.text,
		"[0.1,0,1e+20,null,null,0.667,0.000,1234.56,-0.05,0.00,"
		"18446744073709551615,-9223372036854775808]\n");
	free(b.text);
}

static void misuse_is_reported(void **state)
{
	(void)state;
	struct buf b;
	struct json w;

	buf_open(&b);            /* value without a key inside an object */
	json_init(&w, b.fp, 0);
	json_object_begin(&w);
	json_int(&w, 1);
	json_object_end(&w);
	assert_int_equal(json_close(&w), -1);
	buf_close(&b);
	free(b.text);

	buf_open(&b);            /* unbalanced */
	json_init(&w, b.fp, 0);
	json_array_begin(&w);
	assert_int_equal(json_close(&w), -1);
	buf_close(&b);
	free(b.text);

	buf_open(&b);            /* mismatched close */
	json_init(&w, b.fp, 0);
	json_array_begin(&w);
	json_object_end(&w);
	assert_int_equal(json_close(&w), -1);
	buf_close(&b);
	free(b.text);

	buf_open(&b);            /* key outside an object */
	json_init(&w, b.fp, 0);
	json_array_begin(&w);
	json_key(&w, "k");
	json_array_end(&w);
	assert_int_equal(json_close(&w), -1);
	buf_close(&b);
	free(b.text);

	buf_open(&b);            /* two top-level values */
	json_init(&w, b.fp, 0);
	json_int(&w, 1);
	json_int(&w, 2);
	assert_int_equal(json_close(&w), -1);
	buf_close(&b);
	free(b.text);

	buf_open(&b);            /* empty document */
	json_init(&w, b.fp, 0);
	assert_int_equal(json_close(&w), -1);
	buf_close(&b);
	free(b.text);
}

static void too_deep_is_reported(void **state)
{
	(void)state;
	struct buf b;
	buf_open(&b);
	struct json w;
	json_init(&w, b.fp, 0);
	for (int i = 0; i < JSON_MAX_DEPTH + 2; i++)
		json_array_begin(&w);
	assert_int_equal(json_close(&w), -1);
	buf_close(&b);
	free(b.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compact_document),
		cmocka_unit_test(indented_document),
		cmocka_unit_test(escaping),
		cmocka_unit_test(numbers),
		cmocka_unit_test(misuse_is_reported),
		cmocka_unit_test(too_deep_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
