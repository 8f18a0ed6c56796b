// The C API from C++: the header's extern "C" guards let a C++ program link libspx30dte_c
// directly. Prices a small call strip held in std::vector and checks the prices fall with the
// strike and the implied volatilities come back. Exits 1 on a wrong answer.
//
// Build (from Examples/c): make price_chain_cpp, or
//   c++ -std=c++17 -O2 price_chain.cpp -I../../CSupport/include -L../../.build/release
//       -Wl,-rpath,$PWD/../../.build/release -lspx30dte_c -o price_chain_cpp
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "spx30dte.h"

int main() {
    const std::size_t n = 41;
    std::vector<std::int8_t> type(n, SPX_CALL);
    std::vector<double> spot(n, 5000), strike(n), t(n, 7 / 365.0), rate(n, 0.045), div(n, 0.013), sigma(n);
    for (std::size_t i = 0; i < n; i++) {
        strike[i] = 4800 + 10.0 * i;
        sigma[i] = 0.14 + 0.0005 * std::fabs(strike[i] - 5000.0) / 10;  // a smile
    }
    std::vector<double> price(n);
    const spx_bs_inputs in = {{n, type.data(), spot.data(), strike.data(), t.data(), rate.data(), div.data()},
                              sigma.data()};
    int failures = spx_bs_price(&in, price.data(), SPX_SIMD_AUTO) != 0;

    std::vector<double> implied(n);
    std::vector<std::uint8_t> status(n);
    const spx_iv_inputs quotes = {in.contracts, price.data()};
    failures += spx_implied_volatility(&quotes, implied.data(), status.data()) != 0;
    for (std::size_t i = 0; i < n; i++) {
        if (i > 0 && !(price[i] < price[i - 1])) failures++;
        if (status[i] != SPX_IV_OK || std::fabs(implied[i] / sigma[i] - 1) > 1e-11) failures++;
    }
    std::printf("C++: %zu calls on path %s, %.4f .. %.4f, %d failures\n", n,
                spx_simd_name(spx_simd_resolve(SPX_SIMD_AUTO)), price.front(), price.back(), failures);
    return failures == 0 ? 0 : 1;
}
