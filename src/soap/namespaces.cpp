// The one global XML namespace table that gSOAP's library needs (the .nsmap is included here and
// nowhere else). Compiled into every executable that links the generated code.
#include "KontaktdataBinding.nsmap"
#include "kdsoapH.h"
