"""Constants shared by the math package."""

import math

LOG_2 = math.log(2.0)
LOG_PI = math.log(math.pi)
HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
SQRT_2 = math.sqrt(2.0)
INF = math.inf
NAN = math.nan
