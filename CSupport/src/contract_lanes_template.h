/* The contract columns of one vector's worth of options, for the kernels' tails: a batch
 * whose count is not a multiple of the lane width ends with a partial vector, which is padded
 * with a harmless contract (a call with spot = strike = 1, t = 1, no rate and no dividend)
 * and computed whole; the caller copies out only the real lanes. Included by
 * bs_kernel_template.h and iv_kernel_template.h, once per path, after vecmath_template.h. */

typedef struct VCAT(contract_lanes_, VSUF) {
    int8_t type[VW];
    double spot[VW], strike[VW], t[VW], rate[VW], div[VW];
} VCAT(contract_lanes_, VSUF);

/* Elements [first, first + m) of `c` (m < VW), padded to VW lanes. */
static inline void VFN(vpad_contracts)(VCAT(contract_lanes_, VSUF) *lanes, const spx_contracts *c,
                                       size_t first, size_t m) {
    VFN(vpad_type)(lanes->type, c->type + first, m, SPX_CALL);
    VFN(vpad)(lanes->spot, c->spot + first, m, 1.0);
    VFN(vpad)(lanes->strike, c->strike + first, m, 1.0);
    VFN(vpad)(lanes->t, c->t + first, m, 1.0);
    VFN(vpad)(lanes->rate, c->rate + first, m, 0.0);
    VFN(vpad)(lanes->div, c->div + first, m, 0.0);
}
