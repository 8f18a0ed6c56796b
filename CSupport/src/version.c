#include "spx30dte.h"

int spx_c_api_version(void) { return SPX30DTE_C_API_VERSION; }
