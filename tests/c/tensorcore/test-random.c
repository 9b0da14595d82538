/*
 * Random tests: the generator is PyTorch's mt19937 (seed 0 draws 2357136044 first, the
 * values torch.rand and torch.randn print after torch.manual_seed(0)), its state survives
 * a get/set round trip in PyTorch's byte layout, the batched normal path equals its
 * definition block by block, and NumPy's legacy stream starts as NumPy's.
 */
#include "tc-test.h"
#include "tensorcore/random.h"

int main(void) {
    tc_error err = {0};
    tc_generator *g = tc_generator_new();
    CHECK(tc_generator_initial_seed(g) == TC_DEFAULT_SEED);
    tc_generator_manual_seed(g, 0);
    CHECK(tc_generator_random(g) == 2357136044u);
    tc_generator_manual_seed(g, 0);
    tc_tensor *r = tc_rand_gen((int64_t[]){3}, 1, TC_DTYPE_F32, tc_device_cpu(), g, &err);
    CHECK_OK(&err);
    const float *rv = tc_data_ptr(r);
    CHECK(rv[0] == 0.49625658988952637f && rv[1] == 0.7682217955589294f && rv[2] == 0.08847743272781372f);
    /* small randn: the double Box-Muller pair, the second value cached across calls */
    tc_generator_manual_seed(g, 0);
    tc_tensor *n1 = tc_randn_gen((int64_t[]){1}, 1, TC_DTYPE_F32, tc_device_cpu(), g, &err);
    uint8_t state[TC_RNG_STATE_SIZE];
    tc_generator_get_state(g, state);
    tc_tensor *n2 = tc_randn_gen((int64_t[]){1}, 1, TC_DTYPE_F32, tc_device_cpu(), g, &err);
    CHECK(((float *)tc_data_ptr(n1))[0] == 1.5409960746765137f);
    CHECK(((float *)tc_data_ptr(n2))[0] == -0.293428897857666f);
    CHECK(tc_generator_set_state(g, state, sizeof state, &err) == 0);
    tc_tensor *n3 = tc_randn_gen((int64_t[]){1}, 1, TC_DTYPE_F32, tc_device_cpu(), g, &err);
    CHECK(((float *)tc_data_ptr(n3))[0] == -0.293428897857666f);
    CHECK(tc_generator_set_state(g, state, 10, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10");
    /* large randn (16+ elements): first and ragged-tail values as torch prints them */
    tc_generator_manual_seed(g, 0);
    tc_tensor *big = tc_randn_gen((int64_t[]){21}, 1, TC_DTYPE_F32, tc_device_cpu(), g, &err);
    const float *bv = tc_data_ptr(big);
    CHECK(bv[0] == -1.1258398294448853f && bv[5] == -1.5550950765609741f && bv[20] == 0.6180566549301147f);
    /* randperm's small path */
    tc_generator_manual_seed(g, 1);
    tc_tensor *p = tc_randperm(10, TC_DTYPE_I64, tc_device_cpu(), g, &err);
    CHECK_OK(&err);
    int64_t seen = 0;
    for (int i = 0; i < 10; i++) seen |= INT64_C(1) << ((int64_t *)tc_data_ptr(p))[i];
    CHECK(seen == 0x3ff);
    /* NumPy: np.random.seed(0); np.random.rand() is 0.5488135039273248 */
    tc_np_rng np;
    tc_np_rng_seed(&np, 0);
    CHECK(tc_np_double(&np) == 0.5488135039273248);
    tc_tensor *all[] = {r, n1, n2, n3, big, p};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    /* geometric_, log_normal_, cauchy_: one double sample per element, PyTorch's values */
    tc_tensor *d3 = tc_empty((int64_t[]){3}, 1, TC_DTYPE_F64, tc_device_cpu(), &err);
    const double *dv = tc_data_ptr(d3);
    tc_generator_manual_seed(g, 0);
    CHECK(tc_geometric_(d3, 0.1, g, &err) == 0 && dv[0] == 1.0 && dv[1] == 4.0 && dv[2] == 8.0);
    tc_generator_manual_seed(g, 0);
    CHECK(tc_log_normal_(d3, 0.5, 0.25, g, &err) == 0 && dv[0] == 2.4235878553037287 &&
          dv[1] == 1.5321052554493706 && dv[2] == 0.9562868625441218);
    tc_generator_manual_seed(g, 0);
    CHECK(tc_cauchy_(d3, 1.0, 3.0, g, &err) == 0 && dv[0] == 32.79318798004689 &&
          dv[1] == 3.2943017788177 && dv[2] == 0.6151019737504778);
    CHECK_OK(&err);
    CHECK(tc_geometric_(d3, 1.0, g, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "geometric_ expects p to be in (0, 1), but got p=1");
    CHECK(tc_log_normal_(d3, 1.0, 0.0, g, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "log_normal_ expects std > 0.0, but found std=0");
    tc_tensor *i3 = tc_empty((int64_t[]){3}, 1, TC_DTYPE_I64, tc_device_cpu(), &err);
    CHECK(tc_cauchy_(i3, 0.0, 1.0, g, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Cauchy distribution is a continuous probability distribution. "
                                    "dtype must be a floating point but you specified long int");
    CHECK(tc_geometric_(i3, 0.5, g, &err) == 0 && ((const int64_t *)tc_data_ptr(i3))[0] >= 1);
    tc_tensor_unref(d3);
    tc_tensor_unref(i3);
    tc_generator_unref(g);
    return tt_finish("test-random");
}
