#include <unistd.h>
void helper() { usleep(5); }
void middle() { helper(); }
void run() { middle(); }
