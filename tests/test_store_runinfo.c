/* Run metadata: SHA-256 against the FIPS 180-4 example vectors, file
 * digests, and the metadata's JSON form. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sim/json.h"
#include "sim/runinfo.h"
#include "sim/sha256.h"

static void fips_vectors(void **state)
{
	(void)state;
	char hex[SHA256_HEX_CHARS];
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two_blocks, strlen(two_blocks), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* One million 'a', fed in uneven pieces to exercise the buffering. */
	struct sha256 s;
	uint8_t d[SHA256_DIGEST_BYTES];
	char chunk[997];
	memset(chunk, 'a', sizeof chunk);
	sha256_init(&s);
	size_t left = 1000000;
	while (left) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;
		sha256_update(&s, chunk, n);
		left -= n;
	}
	sha256_final(&s, d);
	assert_int_equal(d[0], 0xcd);
	assert_int_equal(d[1], 0xc7);
	assert_int_equal(d[31], 0xd0);   /* cdc76e5c...c7112cd0 */
}

static void file_digest_and_errors(void **state)
{
	(void)state;
	char path[] = "/tmp/pclsim-runinfo-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	char hex[SHA256_HEX_CHARS], err[256];
	assert_int_equal(sha256_file_hex(path, hex), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	struct run_info ri;
	run_info_init(&ri);
	assert_string_equal(ri.version, PCLSIM_VERSION);
	assert_int_equal(run_info_add_input(&ri, "trace", path, err, sizeof err), 0);
	assert_int_equal(ri.inputs[0].size_bytes, 3);
	assert_string_equal(run_info_input(&ri, "trace")->sha256, hex);
	assert_null(run_info_input(&ri, "config"));
	unlink(path);
	assert_int_equal(run_info_add_input(&ri, "config", path, err, sizeof err), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "config"));
	assert_int_equal(ri.n_inputs, 1);
	run_info_free(&ri);
}

static void metadata_as_json(void **state)
{
	(void)state;
	struct run_info ri;
	run_info_init(&ri);
	assert_int_equal(run_info_add_param(&ri, "spot_rate_multiplier", "2"), 0);
	assert_int_equal(run_info_add_param(&ri, "boot_median_s", "290"), 0);
	assert_int_equal(run_info_add_override(&ri, "HeadNode.InstanceType=m5.xlarge"), 0);
	assert_int_equal(run_info_set(&ri.policy, "easy"), 0);
	ri.seed = UINT64_MAX;
	ri.replication = 3;
	char *params = run_info_params_json(&ri);
	char *overrides = run_info_overrides_json(&ri);
	/* Parameters stay in the order given, not sorted. */
	assert_string_equal(params, "{\"spot_rate_multiplier\":\"2\",\"boot_median_s\":\"290\"}");
	assert_string_equal(overrides, "[\"HeadNode.InstanceType=m5.xlarge\"]");
	free(params);
	free(overrides);

	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct json w;
	json_init(&w, fp, 0);
	run_info_write_json(&w, &ri);
	assert_int_equal(json_close(&w), 0);
	fclose(fp);
	assert_non_null(strstr(text, "\"seed\":18446744073709551615,\"replication\":3,\"policy\":\"easy\""));
	assert_non_null(strstr(text, "\"label\":null"));
	free(text);
	run_info_free(&ri);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips_vectors),
		cmocka_unit_test(file_digest_and_errors),
		cmocka_unit_test(metadata_as_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
