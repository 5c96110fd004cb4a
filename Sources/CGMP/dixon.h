/* Dixon's p-adic lifting for square integer systems A x = b (Dixon 1982, "Exact solution of
 * linear equations using p-adic expansions"; the method of IML and LinBox).
 *
 * Bareiss costs O(k^3) operations on numbers that grow to the size of det(A) (thousands of
 * bits at k = 100). Dixon inverts A once modulo a word-size prime p, then lifts the solution
 * one p-adic digit at a time: each step is one k x k product with small numbers, and the
 * residual stays as small as A's entries. After m steps, with p^m > 2 N D (N, D Hadamard
 * bounds on Cramer's numerators and on det A), rational reconstruction recovers x. The result
 * is checked exactly (A y == den * b) before it is returned, so a wrong bound or an unlucky
 * prime can cost time, never correctness: the caller falls back to Bareiss on failure.
 *
 * The lifting loop does no GMP call and no division instruction in its inner loops:
 * - A's entries are split into signed 63-bit digits, so a residual update is TA int64 x int64
 *   -> int128 multiply-adds per entry (TA = 2 for entries of up to 126 bits);
 * - each residual is a fixed array of base-2^63 digits (two's complement, signed top digit),
 *   sized from the bound |residual| <= max(|b|, 2 k max|A|) that the lifting keeps;
 * - the exact division by p is Hensel's (multiply by p^-1 mod 2^63 from the low digit, as GMP's
 *   divexact_1), the reductions mod p are Barrett's;
 * - the p-adic digits are stored and summed at the end by a product tree (sum_s x_s p^s in
 *   O(M(n) log m) per unknown instead of m additions of a growing number).
 *
 * Same input and output conventions as cgmp_bareiss (shim.h): the augmented k x (k+1) matrix
 * as 64-bit word arrays, the answer as y[0..k-1] and a denominator at index k. */
#ifndef MARGIN_ORACLE_CGMP_DIXON_H
#define MARGIN_ORACLE_CGMP_DIXON_H

#include <gmp.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "shim.h"

/* Primes just below 2^31: residues fit in 31 bits, products of two in 62. */
static const uint64_t cgmp_dixon_primes[] = {2147483647u, 2147483629u, 2147483587u, 2147483579u};

#define CGMP_MASK63 ((uint64_t)0x7fffffffffffffffULL)

/* Barrett reduction modulo p < 2^31: m = floor(2^64 / p); a mod p for any a < 2^64. */
typedef struct { uint64_t p; uint64_t m; } cgmp_modulus;

static inline cgmp_modulus cgmp_modulus_make(uint64_t p) {
    cgmp_modulus M = {p, (uint64_t)(((unsigned __int128)1 << 64) / p)};
    return M;
}

static inline uint64_t cgmp_reduce(uint64_t a, cgmp_modulus M) {
    uint64_t q = (uint64_t)(((unsigned __int128)a * M.m) >> 64); /* floor(a/p) or one less */
    uint64_t r = a - q * M.p;
    return r >= M.p ? r - M.p : r;
}

/* Inverse of a k x k matrix modulo p by Gauss-Jordan; returns 0 when singular mod p. */
static inline int cgmp_inverse_mod(size_t k, const uint64_t *a, cgmp_modulus M, uint64_t *inv) {
    size_t w = 2 * k, r, c, j;
    uint64_t p = M.p;
    uint64_t *m = (uint64_t *)malloc(sizeof(uint64_t) * k * w);
    for (r = 0; r < k; r++) {
        for (c = 0; c < k; c++) m[r * w + c] = a[r * k + c];
        for (c = 0; c < k; c++) m[r * w + k + c] = (r == c) ? 1 : 0;
    }
    for (c = 0; c < k; c++) {
        size_t piv = k;
        for (r = c; r < k; r++) if (m[r * w + c] != 0) { piv = r; break; }
        if (piv == k) { free(m); return 0; }
        if (piv != c) for (j = 0; j < w; j++) { uint64_t t = m[piv * w + j]; m[piv * w + j] = m[c * w + j]; m[c * w + j] = t; }
        /* inverse of the pivot by Fermat: pivot^(p-2) */
        uint64_t base = m[c * w + c], e = p - 2, invp = 1;
        while (e) { if (e & 1) invp = cgmp_reduce(invp * base, M); base = cgmp_reduce(base * base, M); e >>= 1; }
        uint64_t *pivot = m + c * w;
        for (j = c; j < w; j++) pivot[j] = cgmp_reduce(pivot[j] * invp, M);
        for (r = 0; r < k; r++) {
            if (r == c) continue;
            uint64_t *row = m + r * w;
            uint64_t f = row[c];
            if (f == 0) continue;
            uint64_t nf = p - f;
            for (j = c; j < w; j++) row[j] = cgmp_reduce(row[j] + nf * pivot[j], M);
        }
    }
    for (r = 0; r < k; r++) for (c = 0; c < k; c++) inv[r * k + c] = m[r * w + k + c];
    free(m);
    return 1;
}

/* log2 of sqrt(sum of squares) of the given integers (an overestimate by a tiny relative amount). */
static inline double cgmp_log2_norm(mpz_t *const *entries, size_t count) {
    long emax = 0; int any = 0;
    size_t i;
    for (i = 0; i < count; i++) {
        if (mpz_sgn(*entries[i]) == 0) continue;
        long e; mpz_get_d_2exp(&e, *entries[i]);
        if (!any || e > emax) emax = e;
        any = 1;
    }
    if (!any) return 0;
    double s = 0;
    for (i = 0; i < count; i++) {
        if (mpz_sgn(*entries[i]) == 0) continue;
        long e; double d = mpz_get_d_2exp(&e, *entries[i]);
        double scaled = ldexp(fabs(d), (int)(e - emax));
        s += scaled * scaled;
    }
    return 0.5 * log2(s) + (double)emax + 1e-9 * (double)count;
}

/* Wang's rational reconstruction: n / q == v (mod M), |n| <= 2^nbits, 0 < q <= 2^dbits.
 * Returns 0 when no such fraction exists. */
static inline int cgmp_reconstruct(const mpz_t v, const mpz_t M, double nbits, double dbits, mpz_t n, mpz_t q) {
    mpz_t r0, r1, t0, t1, quo, tmp, nb;
    mpz_inits(r0, r1, t0, t1, quo, tmp, nb, NULL);
    mpz_set(r0, M);
    mpz_mod(r1, v, M);
    mpz_set_ui(t0, 0);
    mpz_set_ui(t1, 1);
    mpz_set_ui(nb, 1);
    mpz_mul_2exp(nb, nb, (mp_bitcnt_t)ceil(nbits));
    while (mpz_cmp(r1, nb) > 0) {
        mpz_tdiv_qr(quo, tmp, r0, r1);
        mpz_swap(r0, r1);
        mpz_swap(r1, tmp);           /* r1 = r0_old mod r1_old */
        mpz_submul(t0, quo, t1);     /* t0 = t0 - quo t1 */
        mpz_swap(t0, t1);
    }
    int ok = mpz_sgn(t1) != 0 && mpz_sizeinbase(t1, 2) <= (size_t)ceil(dbits) + 1;
    if (ok) {
        mpz_gcd(tmp, r1, t1);
        ok = mpz_cmp_ui(tmp, 1) == 0;
    }
    if (ok) {
        if (mpz_sgn(t1) < 0) { mpz_neg(t1, t1); mpz_neg(r1, r1); }
        mpz_set(n, r1);
        mpz_set(q, t1);
    }
    mpz_clears(r0, r1, t0, t1, quo, tmp, nb, NULL);
    return ok;
}

/* Signed 63-bit digit t of z: sign(z) * ((|z| >> 63 t) mod 2^63). */
static inline int64_t cgmp_digit63(const mpz_t z, size_t t) {
    size_t bit = 63 * t, limb = bit / 64, shift = bit % 64, n = mpz_size(z);
    if (limb >= n) return 0;
    uint64_t lo = (uint64_t)mpz_getlimbn(z, (mp_size_t)limb) >> shift;
    if (shift > 1 && limb + 1 < n) lo |= (uint64_t)mpz_getlimbn(z, (mp_size_t)(limb + 1)) << (64 - shift);
    lo &= CGMP_MASK63;
    return mpz_sgn(z) < 0 ? -(int64_t)lo : (int64_t)lo;
}

/* Normalizes d[0..T) (value sum d_t 2^(63 t), any int64 digits whose carries fit) to digits in
 * [0, 2^63) below a signed top digit; returns 0 if the top digit leaves (-2^62, 2^62). */
static inline int cgmp_normalize63(int64_t *d, size_t T, const __int128 *subtract, size_t S) {
    __int128 carry = 0;
    for (size_t t = 0; t < T; t++) {
        __int128 v = (__int128)d[t] + carry - (t < S ? subtract[t] : 0);
        if (t + 1 < T) {
            d[t] = (int64_t)((uint64_t)v & CGMP_MASK63);
            carry = v >> 63; /* floor division by 2^63 */
        } else {
            if (v >= ((__int128)1 << 62) || v <= -((__int128)1 << 62)) return 0;
            d[t] = (int64_t)v;
        }
    }
    return 1;
}

/* Divides d[0..T) (normalized, divisible by p) by p in place by Hensel's method; `pinv` is
 * p^-1 mod 2^64. Returns 0 if the division is not exact (a bug guard). */
static inline int cgmp_divexact63(int64_t *d, size_t T, uint64_t p, uint64_t pinv) {
    int64_t borrow = 0; /* in [0, 2^32) */
    for (size_t t = 0; t + 1 < T; t++) {
        int64_t cur = d[t] - borrow; /* in (-2^32, 2^63) */
        uint64_t q = ((uint64_t)cur * pinv) & CGMP_MASK63;
        __int128 diff = (__int128)q * (__int128)p - (__int128)cur; /* a multiple of 2^63 */
        borrow = (int64_t)(diff >> 63);
        d[t] = (int64_t)q;
    }
    int64_t top = d[T - 1] - borrow;
    if (top % (int64_t)p != 0) return 0;
    d[T - 1] = top / (int64_t)p;
    return 1;
}

/* d mod p in [0, p) for normalized digits (c63 = 2^63 mod p, c32 = 2^32 mod p). */
static inline uint64_t cgmp_residue63(const int64_t *d, size_t T, cgmp_modulus M, uint64_t c63, uint64_t c32) {
    int64_t top = d[T - 1] % (int64_t)M.p;
    uint64_t v = (uint64_t)(top < 0 ? top + (int64_t)M.p : top);
    for (size_t t = T - 1; t-- > 0;) {
        uint64_t q = (uint64_t)d[t];
        v = cgmp_reduce(v * c63 + (q >> 32) * c32 + (q & 0xffffffffULL), M);
    }
    return v;
}

/* out = sum_{s < m} digits[s * stride] p^s by a product tree; pw[j] = p^(2^j); scratch has m
 * initialized mpz_t. */
static inline void cgmp_digits_value(const uint32_t *digits, size_t stride, size_t m, uint64_t p,
                                     const mpz_t *pw, mpz_t *scratch, mpz_t out) {
    if (m == 0) { mpz_set_ui(out, 0); return; }
    size_t n = (m + 1) / 2, i;
    /* Level 0 in machine words: pairs d0 + d1 p < 2^62. */
    for (i = 0; i < n; i++) {
        uint64_t lo = digits[(2 * i) * stride];
        uint64_t hi = 2 * i + 1 < m ? digits[(2 * i + 1) * stride] : 0;
        mpz_set_ui(scratch[i], (unsigned long)(lo + hi * p));
    }
    size_t level = 1;
    while (n > 1) {
        size_t half = n / 2;
        for (i = 0; i < half; i++) {
            mpz_mul(scratch[2 * i + 1], scratch[2 * i + 1], pw[level]);
            mpz_add(scratch[i], scratch[2 * i], scratch[2 * i + 1]);
        }
        if (n % 2 == 1) { mpz_swap(scratch[half], scratch[n - 1]); n = half + 1; } else n = half;
        level++;
    }
    mpz_swap(out, scratch[0]);
}

/* Solves A x = b by Dixon lifting (see the file comment). Returns NULL when every prime tried
 * divides det A or the exact check fails; the caller then uses Bareiss, which also decides
 * singularity. */
static inline cgmp_solution *cgmp_dixon(size_t k, const uint64_t *words, const size_t *offsets,
                                        const size_t *counts, const int *negative) {
    size_t w = k + 1, r, c, t, i;
    mpz_t *entry = (mpz_t *)malloc(sizeof(mpz_t) * k * w);
    size_t bitsA = 1, bitsB = 1;
    for (r = 0; r < k; r++) for (c = 0; c < w; c++) {
        size_t e = r * w + c;
        cgmp_init_entry(entry[e], words, offsets, counts, negative, e);
        size_t bits = mpz_sizeinbase(entry[e], 2);
        if (c < k) { if (bits > bitsA) bitsA = bits; } else if (bits > bitsB) bitsB = bits;
    }
    /* A as signed 63-bit digits, laid out [row][digit][column]. */
    size_t TA = (bitsA + 62) / 63;
    int64_t *ad = (int64_t *)malloc(sizeof(int64_t) * k * TA * k);
    for (r = 0; r < k; r++) for (t = 0; t < TA; t++) for (c = 0; c < k; c++)
        ad[(r * TA + t) * k + c] = cgmp_digit63(entry[r * w + c], t);
    /* Residual digits: |residual| <= max(|b|, 2 k max|A|), and before the division by p it
     * grows by at most k max|A| p; two digits of margin. */
    size_t logk = 1;
    while (((size_t)1 << logk) < k) logk++;
    size_t bitsR = (bitsB > bitsA + logk + 1 ? bitsB : bitsA + logk + 1) + 33;
    size_t TR = bitsR / 63 + 2;
    int64_t *res = (int64_t *)malloc(sizeof(int64_t) * k * TR);
    __int128 *acc = (__int128 *)malloc(sizeof(__int128) * TA);

    /* Bounds: |det A| <= prod ||col||, |det A_j| <= ||b|| prod ||col|| (Hadamard). */
    mpz_t **column = (mpz_t **)malloc(sizeof(mpz_t *) * k);
    double logD = 0;
    for (c = 0; c < k; c++) {
        for (r = 0; r < k; r++) column[r] = &entry[r * w + c];
        logD += cgmp_log2_norm((mpz_t *const *)column, k);
    }
    for (r = 0; r < k; r++) column[r] = &entry[r * w + k];
    double logB = cgmp_log2_norm((mpz_t *const *)column, k);
    free(column);
    double logN = logD + logB;

    cgmp_solution *s = NULL;
    uint64_t *amod = (uint64_t *)malloc(sizeof(uint64_t) * k * k);
    uint64_t *inv = (uint64_t *)malloc(sizeof(uint64_t) * k * k);
    uint64_t *rm = (uint64_t *)malloc(sizeof(uint64_t) * k);
    int64_t *x = (int64_t *)malloc(sizeof(int64_t) * k);
    mpz_t *X = (mpz_t *)malloc(sizeof(mpz_t) * k);
    for (r = 0; r < k; r++) mpz_init(X[r]);
    mpz_t P, tmp, num, den, v, delta;
    mpz_inits(P, tmp, num, den, v, delta, NULL);

    for (size_t attempt = 0; attempt < sizeof(cgmp_dixon_primes) / sizeof(cgmp_dixon_primes[0]) && s == NULL; attempt++) {
        uint64_t p = cgmp_dixon_primes[attempt];
        cgmp_modulus M = cgmp_modulus_make(p);
        uint64_t pinv = p; /* Newton: p^-1 mod 2^64 (5 steps double 3 correct bits to 96) */
        for (i = 0; i < 5; i++) pinv *= 2 - p * pinv;
        uint64_t c32 = ((uint64_t)1 << 32) % p, c63 = ((uint64_t)1 << 63) % p;
        for (r = 0; r < k; r++) for (c = 0; c < k; c++) amod[r * k + c] = mpz_fdiv_ui(entry[r * w + c], p);
        if (!cgmp_inverse_mod(k, amod, M, inv)) continue;
        size_t steps = (size_t)ceil((logN + logD + 34.0) / log2((double)p));
        uint32_t *digits = (uint32_t *)malloc(sizeof(uint32_t) * (steps ? steps : 1) * k);
        int ok = 1;
        for (r = 0; r < k; r++) {
            int64_t *d = res + r * TR;
            for (t = 0; t < TR; t++) d[t] = cgmp_digit63(entry[r * w + k], t);
            if (!cgmp_normalize63(d, TR, NULL, 0)) ok = 0;
            rm[r] = cgmp_residue63(d, TR, M, c63, c32);
        }
        for (size_t step = 0; step < steps && ok; step++) {
            /* x = A^-1 res mod p */
            for (r = 0; r < k; r++) {
                unsigned __int128 sum = 0;
                const uint64_t *row = inv + r * k;
                for (c = 0; c < k; c++) sum += (unsigned __int128)(row[c] * rm[c]);
                x[r] = (int64_t)(uint64_t)(sum % p);
                digits[step * k + r] = (uint32_t)x[r];
            }
            /* res = (res - A x) / p */
            for (r = 0; r < k && ok; r++) {
                for (t = 0; t < TA; t++) {
                    const int64_t *row = ad + (r * TA + t) * k;
                    __int128 a = 0;
                    for (c = 0; c < k; c++) a += (__int128)row[c] * x[c];
                    /* digit t sits at bit 63 t of the residual: same base */
                    acc[t] = a;
                }
                int64_t *d = res + r * TR;
                if (!cgmp_normalize63(d, TR, acc, TA) || !cgmp_divexact63(d, TR, p, pinv)) { ok = 0; break; }
                rm[r] = cgmp_residue63(d, TR, M, c63, c32);
            }
        }
        if (!ok) { free(digits); continue; }
        /* X_r = sum_s digits[s][r] p^s, P = p^steps */
        size_t levels = 1;
        while (((size_t)1 << levels) < steps + 1) levels++;
        mpz_t *pw = (mpz_t *)malloc(sizeof(mpz_t) * (levels + 1));
        mpz_init_set_ui(pw[0], (unsigned long)p);
        for (i = 1; i <= levels; i++) { mpz_init(pw[i]); mpz_mul(pw[i], pw[i - 1], pw[i - 1]); }
        size_t scratchCount = (steps + 1) / 2 + 1;
        mpz_t *scratch = (mpz_t *)malloc(sizeof(mpz_t) * scratchCount);
        for (i = 0; i < scratchCount; i++) mpz_init(scratch[i]);
        for (r = 0; r < k; r++) cgmp_digits_value(digits + r, k, steps, p, (const mpz_t *)pw, scratch, X[r]);
        for (i = 0; i < scratchCount; i++) mpz_clear(scratch[i]);
        for (i = 0; i <= levels; i++) mpz_clear(pw[i]);
        free(scratch); free(pw); free(digits);
        mpz_ui_pow_ui(P, (unsigned long)p, (unsigned long)steps);

        /* Rational reconstruction over a growing common denominator delta. */
        double nbits = logN + 1, dbits = logD + 1;
        mpz_set_ui(delta, 1);
        mpz_t *y = (mpz_t *)malloc(sizeof(mpz_t) * k);
        for (r = 0; r < k; r++) mpz_init(y[r]);
        mpz_t half; mpz_init(half); mpz_fdiv_q_2exp(half, P, 1);
        for (r = 0; r < k && ok; r++) {
            mpz_mul(v, X[r], delta);
            mpz_mod(v, v, P);
            if (mpz_cmp(v, half) > 0) mpz_sub(v, v, P);
            if (mpz_sizeinbase(v, 2) <= (size_t)nbits) { mpz_set(y[r], v); continue; }
            if (!cgmp_reconstruct(v, P, nbits, dbits, num, den)) { ok = 0; break; }
            /* delta x_r = num / den: scale the earlier numerators by den. */
            for (i = 0; i < r; i++) mpz_mul(y[i], y[i], den);
            mpz_mul(delta, delta, den);
            mpz_set(y[r], num);
        }
        mpz_clear(half);
        /* Exact check: A y == delta b. */
        for (r = 0; r < k && ok; r++) {
            mpz_mul(tmp, delta, entry[r * w + k]);
            for (c = 0; c < k; c++) mpz_submul(tmp, entry[r * w + c], y[c]);
            if (mpz_sgn(tmp) != 0) ok = 0;
        }
        if (ok) {
            s = cgmp_solution_new(k);
            for (r = 0; r < k; r++) mpz_swap(s->values[r], y[r]);
            mpz_set(s->values[k], delta);
        }
        for (r = 0; r < k; r++) mpz_clear(y[r]);
        free(y);
    }
    mpz_clears(P, tmp, num, den, v, delta, NULL);
    for (r = 0; r < k; r++) mpz_clear(X[r]);
    for (i = 0; i < k * w; i++) mpz_clear(entry[i]);
    free(X); free(entry); free(ad); free(res); free(acc); free(amod); free(inv); free(rm); free(x);
    return s;
}

#endif
