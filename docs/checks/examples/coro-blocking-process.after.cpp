// unblock --fix turns this into the "after" file.
#include <unblock/unblock.hpp>

#include <cstdlib>

unblock::task<int> run_tool() {
  int status = co_await unblock::offload([&] { return std::system("true"); });
  co_return status;
}

int main() { return unblock::run(run_tool()); }
