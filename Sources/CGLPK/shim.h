/* The only C in MarginOracle: GLPK 5.0's header plus one guarded solve.
 *
 * GLPK reports usage errors by printing and calling abort(). The Swift wrapper
 * (Sources/Oracle/LP/GLPKBackend.swift) validates every input so that cannot
 * happen; this guard is the second line of defence around the solver call only.
 * A C function must own the setjmp because Swift frames cannot be jumped over.
 * After a caught error GLPK's whole per-thread environment has been freed, so
 * the problem object is gone and must not be deleted by the caller. */
#ifndef MARGIN_ORACLE_CGLPK_SHIM_H
#define MARGIN_ORACLE_CGLPK_SHIM_H

#include <glpk.h>
#include <setjmp.h>
#include <string.h>

typedef struct {
    jmp_buf jb;
    char msg[1024];
    size_t len;
} cglpk_guard;

static int cglpk_capture(void *info, const char *s) {
    cglpk_guard *g = (cglpk_guard *)info;
    size_t n = strlen(s);
    if (g->len + n >= sizeof(g->msg)) n = sizeof(g->msg) - 1 - g->len;
    memcpy(g->msg + g->len, s, n);
    g->len += n;
    g->msg[g->len] = 0;
    return 1; /* suppress GLPK's own printing */
}

static void cglpk_on_error(void *info) {
    longjmp(((cglpk_guard *)info)->jb, 1);
}

/* Optionally scales the problem (scale != 0), then runs glp_simplex (exact == 0) or
 * glp_exact (exact != 0), all under the guard. Returns GLPK's return
 * code, or -1 if GLPK raised an error (message in g->msg; P is then freed). */
static inline int cglpk_solve_guarded(glp_prob *P, const glp_smcp *parm, int exact, int scale, cglpk_guard *g) {
    g->len = 0;
    g->msg[0] = 0;
    glp_term_hook(cglpk_capture, g);
    glp_error_hook(cglpk_on_error, g);
    if (setjmp(g->jb) != 0) {
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
        glp_free_env();
        return -1;
    }
    if (scale) glp_scale_prob(P, GLP_SF_AUTO);
    int rc = exact ? glp_exact(P, parm) : glp_simplex(P, parm);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    return rc;
}

#endif
