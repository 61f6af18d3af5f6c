// gSOAP's xsd:dateTime <-> struct timeval serializer (keeps the microseconds), from Debian's
// /usr/share/gsoap/custom/struct_timeval.c. The generated kdsoapH.h declares these functions in
// the global namespace (outside kdsoap), so they are compiled here, once, at global scope.
#define SOAP_H_FILE kdsoapH.h
#include "struct_timeval.c"
