/* SHA-256 as FIPS 180-4 specifies it; see sha256.h.  On x86-64 CPUs with
 * the SHA extensions the blocks go through them (the run record hashes
 * every input, and a trace of megabytes took 4% of a run in portable
 * code); elsewhere, or when asked, through the portable compression. */
#include "sim/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void compress(uint32_t h[8], const uint8_t p[64])
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint32_t e = h[4], f = h[5], g = h[6], k = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
			      ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
			      ((a & b) ^ (a & c) ^ (b & c));
		k = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

static void blocks_portable(uint32_t h[8], const uint8_t *p, size_t n)
{
	for (; n > 0; n--, p += 64)
		compress(h, p);
}

#ifdef SHA256_X86
int sha256_has_hw(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) ||
	    !(c & bit_SSSE3))
		return 0;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}

/* The rounds four at a time with the SHA extensions (Intel's SHA-NI
 * sequence): the state lives as ABEF and CDGH, each group's message words
 * come from sha256msg1/msg2 on the previous four groups. */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_hw(uint32_t h[8], const uint8_t *p, size_t n)
{
	const __m128i be = _mm_set_epi64x(0x0c0d0e0f08090a0bLL,
					  0x0405060700010203LL);
	__m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0xB1);
	__m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(h + 4)),
				       0x1B);
	__m128i s0 = _mm_alignr_epi8(t, s1, 8);          /* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xF0);               /* CDGH */
	for (; n > 0; n--, p += 64) {
		__m128i abef = s0, cdgh = s1, m[4];
		for (int g = 0; g < 16; g++) {
			__m128i *w = &m[g & 3];
			if (g < 4)
				*w = _mm_shuffle_epi8(_mm_loadu_si128(
					(const __m128i *)(p + 16 * g)), be);
			else
				*w = _mm_sha256msg2_epu32(_mm_add_epi32(
					_mm_sha256msg1_epu32(*w, m[(g + 1) & 3]),
					_mm_alignr_epi8(m[(g + 3) & 3],
							m[(g + 2) & 3], 4)),
					m[(g + 3) & 3]);
			__m128i k = _mm_add_epi32(*w, _mm_loadu_si128(
					(const __m128i *)(K + 4 * g)));
			s1 = _mm_sha256rnds2_epu32(s1, s0, k);
			s0 = _mm_sha256rnds2_epu32(s0, s1,
						   _mm_shuffle_epi32(k, 0x0E));
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);                 /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);                /* DCHG */
	_mm_storeu_si128((__m128i *)h, _mm_blend_epi16(t, s1, 0xF0));
	_mm_storeu_si128((__m128i *)(h + 4), _mm_alignr_epi8(s1, t, 8));
}
#else
int sha256_has_hw(void)
{
	return 0;
}

static void blocks_hw(uint32_t h[8], const uint8_t *p, size_t n)
{
	blocks_portable(h, p, n);
}
#endif

void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(s->h, iv, sizeof iv);
	s->n_bytes = 0;
	s->used = 0;
	s->hw = sha256_has_hw();
}

void sha256_init_portable(struct sha256 *s)
{
	sha256_init(s);
	s->hw = 0;
}

/* Whole blocks go straight from the input; only a partial one is copied. */
void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	void (*blocks)(uint32_t *, const uint8_t *, size_t) =
		s->hw ? blocks_hw : blocks_portable;
	const uint8_t *p = data;
	if (len == 0)
		return;
	s->n_bytes += len;
	if (s->used > 0) {
		size_t take = 64 - s->used < len ? 64 - s->used : len;
		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		len -= take;
		if (s->used < 64)
			return;
		blocks(s->h, s->block, 1);
		s->used = 0;
	}
	blocks(s->h, p, len / 64);
	p += len / 64 * 64;
	s->used = len % 64;
	memcpy(s->block, p, s->used);
}

void sha256_final(struct sha256 *s, uint8_t out[SHA256_DIGEST_BYTES])
{
	uint64_t bits = s->n_bytes * 8;
	uint8_t pad = 0x80;
	sha256_update(s, &pad, 1);
	pad = 0;
	while (s->used != 56)
		sha256_update(s, &pad, 1);
	uint8_t len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(s, len, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

static void to_hex(const uint8_t d[SHA256_DIGEST_BYTES], char out[SHA256_HEX_CHARS])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_BYTES; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[64] = '\0';
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_CHARS])
{
	struct sha256 s;
	uint8_t d[SHA256_DIGEST_BYTES];
	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, d);
	to_hex(d, out);
}

int sha256_file_hex(const char *path, char out[SHA256_HEX_CHARS])
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	struct sha256 s;
	uint8_t buf[65536], d[SHA256_DIGEST_BYTES];
	size_t n;
	sha256_init(&s);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sha256_update(&s, buf, n);
	int failed = ferror(fp);
	int saved = errno;
	fclose(fp);
	if (failed) {
		errno = saved ? saved : EIO;
		return -1;
	}
	sha256_final(&s, d);
	to_hex(d, out);
	return 0;
}
