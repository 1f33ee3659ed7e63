#include "util.h"

int app::parse(const char *text) { return text[0] - '0'; }
