// The CVSS 3.1 Roundup of Appendix A, exposed so that it can be tested on the specification's
// own examples.
#pragma once

namespace embargo::scoring {

// Roundup(x) in tenths: rounds x to five decimals first, so that float noise such as
// 4.000000000000001 does not round 4.0 up to 4.1.
int cvss31_roundup_tenths(double x);

}  // namespace embargo::scoring
