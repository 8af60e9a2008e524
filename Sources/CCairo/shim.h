// cairo's image and PDF surfaces and its text API, for the quote PDF (Rendering target).
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
