/* SHA-256: the CPU's SHA extensions (when this machine has them) and the
 * portable code give the same digests, on the FIPS 180-4 vectors and on
 * pseudo-random inputs fed in pieces that straddle block boundaries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sim/sha256.h"

static void digest(int portable, const uint8_t *data, size_t len,
		   const size_t *pieces, size_t n_pieces,
		   uint8_t out[SHA256_DIGEST_BYTES])
{
	struct sha256 s;
	if (portable)
		sha256_init_portable(&s);
	else
		sha256_init(&s);
	size_t at = 0;
	for (size_t i = 0; at < len; i++) {
		size_t n = n_pieces ? pieces[i % n_pieces] : len;
		if (n > len - at)
			n = len - at;
		sha256_update(&s, data + at, n);
		at += n;
	}
	sha256_final(&s, out);
}

static void both_ways_on_fips_vectors(void **state)
{
	(void)state;
	static const uint8_t abc_want[SHA256_DIGEST_BYTES] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	static const uint8_t two_want[SHA256_DIGEST_BYTES] = {
		0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26,
		0x93, 0x0c, 0x3e, 0x60, 0x39, 0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff,
		0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
	};
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	for (int portable = 0; portable <= 1; portable++) {
		uint8_t d[SHA256_DIGEST_BYTES];
		digest(portable, (const uint8_t *)"abc", 3, NULL, 0, d);
		assert_memory_equal(d, abc_want, sizeof d);
		digest(portable, (const uint8_t *)two, strlen(two), NULL, 0, d);
		assert_memory_equal(d, two_want, sizeof d);
	}
}

static void same_digest_both_ways(void **state)
{
	(void)state;
	static uint8_t data[20000];
	uint64_t x = 88172645463325252ull;      /* xorshift64 */
	for (size_t i = 0; i < sizeof data; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		data[i] = (uint8_t)x;
	}
	static const size_t pieces[7] = { 1, 63, 64, 65, 130, 7, 4096 };
	for (size_t len = 0; len <= sizeof data; len += len < 300 ? 1 : 4999) {
		for (size_t np = 0; np <= 7; np++) {
			uint8_t hw[SHA256_DIGEST_BYTES], sw[SHA256_DIGEST_BYTES];
			digest(0, data, len, pieces, np, hw);
			digest(1, data, len, pieces + 7 - np, np, sw);
			assert_memory_equal(hw, sw, sizeof hw);
		}
	}
}

/* The portable code alone on the one-million-'a' vector (sha256_hex, the
 * other path, is checked on it in test_store_runinfo). */
static void portable_million_a(void **state)
{
	(void)state;
	static uint8_t data[1000000];
	memset(data, 'a', sizeof data);
	static const size_t piece = 997;
	uint8_t d[SHA256_DIGEST_BYTES];
	digest(1, data, sizeof data, &piece, 1, d);
	assert_int_equal(d[0], 0xcd);
	assert_int_equal(d[1], 0xc7);
	assert_int_equal(d[31], 0xd0);   /* cdc76e5c...c7112cd0 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_ways_on_fips_vectors),
		cmocka_unit_test(same_digest_both_ways),
		cmocka_unit_test(portable_million_a),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
