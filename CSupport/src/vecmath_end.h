/* Ends one instantiation of vecmath_template.h (and the kernel template included after it):
 * releases the per-path macros so that the next path can define its own. */
#undef VW
#undef VFUSED
#undef VSUF
#undef VD
#undef VL
#undef VB
#undef VFN
